//! Redaction of credentials in text that eksplain shows or exports: source
//! excerpts, copied reports, downloaded JSON. Line structure is kept, so line
//! numbers still match the input.

/// Keys whose values are credentials.
const SECRET_KEYS: &[&str] = &[
    "token",
    "password",
    "client-key-data",
    "id-token",
    "refresh-token",
    "access-token",
    "client-secret",
    "secret",
    "aws_secret_access_key",
    "aws_session_token",
    "sessiontoken",
    "secretaccesskey",
];

/// Env var names whose `value` on the next line is a credential.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    n.contains("SECRET")
        || n.contains("TOKEN")
        || n.contains("PASSWORD")
        || n.ends_with("_KEY") && !n.ends_with("_ID_KEY")
}

pub const MARK: &str = "REDACTED";

fn redact_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let k8s = rest.find("k8s-aws-v1.");
        let jwt = rest.find("eyJ").filter(|&i| {
            rest[i..]
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
                .next()
                .is_some_and(|t| t.matches('.').count() >= 2)
        });
        let next = match (k8s, jwt) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let Some(i) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| {
                !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' || c == '=')
            })
            .unwrap_or(tail.len());
        if tail.starts_with("k8s-aws-v1.") {
            out.push_str("k8s-aws-v1.");
        }
        out.push_str(MARK);
        rest = &tail[end..];
    }
}

/// Redacts credentials in YAML/JSON-like text, line by line.
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_secret_name = false;
    let mut in_key_block = false;
    for raw in text.split_inclusive('\n') {
        let (line, nl) = match raw.strip_suffix('\n') {
            Some(l) => (l, "\n"),
            None => (raw, ""),
        };
        if line.contains("-----BEGIN") && line.contains("PRIVATE KEY") {
            in_key_block = true;
        }
        if in_key_block {
            if line.contains("-----END") {
                in_key_block = false;
            }
            let indent = line.len() - line.trim_start().len();
            out.push_str(&line[..indent]);
            out.push_str(if line.contains("-----") {
                line.trim_start()
            } else {
                MARK
            });
            out.push_str(nl);
            continue;
        }
        let mut redacted = None;
        let t = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(c) = t.find(':') {
            let key = t[..c]
                .trim()
                .trim_matches(|ch| ch == '"' || ch == '\'')
                .to_ascii_lowercase();
            let value = t[c + 1..].trim().trim_end_matches(',');
            let is_secret =
                SECRET_KEYS.contains(&key.as_str()) || (key == "value" && prev_secret_name);
            if is_secret && !value.is_empty() && value != "|" && value != "\"\"" {
                let vstart = line.len() - t.len() + c + 1;
                let lead = &line[vstart..];
                let ws = lead.len() - lead.trim_start().len();
                let quoted = value.starts_with('"');
                let comma = if t.trim_end().ends_with(',') { "," } else { "" };
                redacted = Some(format!(
                    "{}{}{}",
                    &line[..vstart + ws],
                    if quoted {
                        format!("\"{MARK}\"")
                    } else {
                        MARK.to_string()
                    },
                    comma
                ));
            }
            prev_secret_name = key == "name"
                && is_secret_name(value.trim_matches(|ch| ch == '"' || ch == '\'' || ch == ','));
        } else {
            prev_secret_name = false;
        }
        out.push_str(&redacted.unwrap_or_else(|| redact_inline(line)));
        out.push_str(nl);
    }
    out
}

/// Redacts one line (for excerpts shown next to a finding).
pub fn redact_line(line: &str) -> String {
    redact_text(line)
}

/// Redacts `line` knowing the line before it, which may name the secret
/// (`- name: AWS_SECRET_ACCESS_KEY` above `value: …`).
pub fn redact_line_after(prev: &str, line: &str) -> String {
    let both = redact_text(&format!("{prev}\n{line}"));
    both.rsplit('\n').next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_known_keys_env_values_tokens_and_keys() {
        let text = "users:\n- name: a\n  user:\n    token: eyJhbGciOi.eyJzdWIi.sig\n    password: \"hunter2\"\n    exec:\n      env:\n      - name: AWS_SECRET_ACCESS_KEY\n        value: wJalrXUtnFEMI/K7MDENG\n      - name: AWS_PROFILE\n        value: prod\n      args: [\"--token\", \"k8s-aws-v1.aHR0cHM6Ly9zdHM\"]\n    client-key-data: LS0tLS1CRUdJTiBSU0E=\n";
        let r = redact_text(text);
        for secret in [
            "eyJhbGciOi",
            "hunter2",
            "wJalrXUtnFEMI",
            "aHR0cHM6Ly9zdHM",
            "LS0tLS1CRUdJTiBSU0E",
        ] {
            assert!(!r.contains(secret), "{secret} leaked:\n{r}");
        }
        assert!(r.contains("value: prod"));
        assert!(r.contains("password: \"REDACTED\""));
        assert_eq!(r.lines().count(), text.lines().count());
    }

    #[test]
    fn a_line_is_redacted_with_the_name_above_it() {
        let r = redact_line_after(
            "      - name: AWS_SECRET_ACCESS_KEY",
            "        value: wJalrXUtnFEMI: x",
        );
        assert_eq!(r, "        value: REDACTED");
        assert_eq!(redact_line_after("", "a: b"), "a: b");
    }

    #[test]
    fn redacts_pem_private_keys_but_not_certificates() {
        let text = "-----BEGIN CERTIFICATE-----\nMIIBxx\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n";
        let r = redact_text(text);
        assert!(r.contains("MIIBxx"));
        assert!(!r.contains("MIIEvQ"));
    }
}
