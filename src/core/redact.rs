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
                .is_some_and(|t| t.len() >= 16 && t.contains('.'))
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
        // A token runs to the next blank or quote: a damaged one (a stray `!`,
        // a cut in the middle) is still a credential.
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '`' | ']' | '}'))
            .unwrap_or(tail.len());
        if tail.starts_with("k8s-aws-v1.") {
            out.push_str("k8s-aws-v1.");
        }
        out.push_str(MARK);
        rest = &tail[end..];
    }
}

/// Redacts the values of secret keys anywhere on a line — `{"token": "…"}`,
/// `user: {token: …}` — and an env entry's `value` next to a secret `name`.
fn redact_pairs(line: &str) -> String {
    let lower = line.to_ascii_lowercase();
    if !(lower.contains("value") || SECRET_KEYS.iter().any(|k| lower.contains(k))) {
        return line.to_string();
    }
    let b = line.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    // Where the next delimiter and the next unescaped quote of each kind are,
    // from every offset: each pair's value is then found in constant time, so
    // a line of ten thousand `key: ` stays linear.
    let n = b.len();
    let mut next_delim = vec![n; n + 1];
    let mut next_dq = vec![n; n + 1];
    let mut next_sq = vec![n; n + 1];
    for i in (0..n).rev() {
        next_delim[i] = if matches!(b[i], b',' | b'}' | b']') {
            i
        } else {
            next_delim[i + 1]
        };
        let escaped = i > 0 && b[i - 1] == b'\\';
        next_dq[i] = if b[i] == b'"' && !escaped {
            i
        } else {
            next_dq[i + 1]
        };
        next_sq[i] = if b[i] == b'\'' { i } else { next_sq[i + 1] };
    }
    // (key, value start, value end) of every `key: value` pair on the line.
    let mut pairs = Vec::new();
    for c in (0..n).filter(|&i| b[i] == b':') {
        let mut k_end = c;
        while k_end > 0 && b[k_end - 1] == b' ' {
            k_end -= 1;
        }
        let quoted = k_end > 0 && matches!(b[k_end - 1], b'"' | b'\'');
        let k_end = if quoted { k_end - 1 } else { k_end };
        let mut k_start = k_end;
        while k_start > 0 && word(b[k_start - 1]) {
            k_start -= 1;
        }
        if k_start == k_end || k_end - k_start > 64 {
            continue;
        }
        let v = c + 1 + b[c + 1..].iter().take_while(|&&x| x == b' ').count();
        let (vs, ve) = match b.get(v) {
            Some(b'"') => (v + 1, next_dq[v + 1]),
            Some(b'\'') => (v + 1, next_sq[v + 1]),
            _ => (v, next_delim[v]),
        };
        pairs.push((&line[k_start..k_end], vs, ve));
    }
    let secret_env = pairs
        .iter()
        .any(|(k, vs, ve)| k.eq_ignore_ascii_case("name") && is_secret_name(line[*vs..*ve].trim()));
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for (k, vs, ve) in pairs {
        let k = k.to_ascii_lowercase();
        let secret = SECRET_KEYS.contains(&k.as_str()) || (k == "value" && secret_env);
        if !secret || vs < last {
            continue;
        }
        let value = line[vs..ve].trim();
        if value.is_empty() || value == MARK || value == "|" {
            continue;
        }
        out.push_str(&line[last..vs]);
        out.push_str(MARK);
        last = ve;
    }
    out.push_str(&line[last..]);
    out
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
        let line = redacted.unwrap_or_else(|| redact_inline(line));
        out.push_str(&redact_pairs(&line));
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
    fn redacts_secret_pairs_inside_json_and_flow_lines() {
        let cases = [
            (
                r#"  "users": [{"name": "a", "user": {"token": "s3cr3t-1"}}],"#,
                r#"  "users": [{"name": "a", "user": {"token": "REDACTED"}}],"#,
            ),
            (
                "- {name: a, user: {password: s3cr3t, username: bob}}",
                "- {name: a, user: {password: REDACTED, username: bob}}",
            ),
            (
                r#"env: [{"name": "AWS_SESSION_TOKEN", "value": "s3cr3t"}, {"name": "AWS_PROFILE", "value": "prod"}]"#,
                r#"env: [{"name": "AWS_SESSION_TOKEN", "value": "REDACTED"}, {"name": "AWS_PROFILE", "value": "REDACTED"}]"#,
            ),
            ("server: https://x:443", "server: https://x:443"),
        ];
        for (line, want) in cases {
            assert_eq!(redact_text(line), want);
        }
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
