use crate::core::finding::{Category, Severity};
use crate::core::rule::{Domain, RuleMeta};
use crate::core::source::{LineIndex, Pos};

pub static RULE: RuleMeta = RuleMeta {
    code: "IN001",
    name: "yaml-syntax",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Input,
    summary: "The text is not valid YAML (or JSON).",
    what: "Reports the first YAML syntax error with its line and column, the line itself, and — where the \
           cause is a known copy-and-paste accident — the corrected lines. A `//` or `/* … */` comment in \
           a JSON document is reported where it is, not a line or more later where the parser gives up.",
    why: "kubectl refuses a file that does not parse, with a terse message such as `mapping values are not \
          allowed in this context` and no hint about which key was damaged. Nothing after the error is read.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==    server: https://127.0.0.1:6443\n  name: kind-kind\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==\n    server: https://127.0.0.1:6443\n  name: kind-kind\n",
    fix_summary: "Fix the syntax at the line shown; YAML indents with spaces and every key needs `: `.",
};

/// A specific hint for errors whose cause can be recognised.
pub fn hint(text: &str, pos: Option<Pos>, message: &str) -> Option<String> {
    hint_at(text, pos, message).map(|h| h.text)
}

/// A hint, and the line the cause is on when that is not where the parser
/// stopped (a missing colon or a wrapped value trips the parser a line later).
#[derive(Debug, PartialEq, Eq)]
pub struct Hint {
    pub text: String,
    pub line: Option<u32>,
}

fn at(text: String, line: Option<u32>) -> Option<Hint> {
    Some(Hint { text, line })
}

pub fn hint_at(text: &str, pos: Option<Pos>, message: &str) -> Option<Hint> {
    let lines = LineIndex::new(text);
    let line_no = pos?.line;
    let line = lines.line(line_no)?;
    if line.trim_start_matches(' ').starts_with('\t')
        || (line.starts_with(' ') && line.contains('\t') && message.contains("tab"))
    {
        return at("YAML does not allow tabs for indentation: replace the tab characters at the start of this line with spaces.".into(), None);
    }
    if let Some(h) = wrapped_base64(&lines, line_no) {
        return Some(h);
    }
    if message.contains("mapping values are not allowed") {
        if let Some(fixed) = split_joined_keys(line) {
            return at(
                format!("Two `key: value` lines were joined into one (a copy-and-paste accident). Split them:\n{fixed}"),
                None,
            );
        }
        if let Some(h) = missing_colon(&lines, line_no) {
            return Some(h);
        }
        return at("A value contains `: ` but is not quoted, or the line is indented wrongly. Quote the value or fix its indentation.".into(), None);
    }
    let structural = [
        "expected ':'",
        "expected struct",
        "expected a map",
        "did not find expected key",
    ];
    if structural.iter().any(|m| message.contains(m)) {
        if let Some(h) = missing_colon(&lines, line_no) {
            return Some(h);
        }
    }
    if message.contains("could not find expected ':'") {
        return at("A key is missing its colon: write `key: value`. If the previous line holds a long value (base64), it may have been wrapped onto this line — join it back.".into(), None);
    }
    None
}

/// A base64 value wrapped onto lines of its own: the parser trips on the
/// wrapped line or the line after it. Walks back over base64-looking lines to
/// the `…-data:` key they belong to.
fn wrapped_base64(lines: &LineIndex, line_no: u32) -> Option<Hint> {
    for start in [line_no, line_no.saturating_sub(1)] {
        let mut first = start;
        while first > 1 && lines.line(first).is_some_and(|l| looks_base64(l.trim())) {
            first -= 1;
        }
        if first == start {
            continue;
        }
        let key_line = lines.line(first)?;
        let Some((key, value)) = key_line
            .trim_start()
            .trim_start_matches("- ")
            .split_once(':')
        else {
            continue;
        };
        if !key.ends_with("-data") && !looks_base64(value.trim()) {
            continue;
        }
        let (wrapped, them) = if start == first + 1 {
            (
                format!("line {start} holds the rest of it on a line of its own"),
                "it",
            )
        } else {
            (
                format!(
                    "lines {}–{start} hold the rest of it on lines of their own",
                    first + 1
                ),
                "them",
            )
        };
        // Point at the key: its line is redacted when shown, a bare
        // continuation of a `client-key-data` line could not be.
        return at(
            format!(
                "The base64 value of `{}` (line {first}) was wrapped: {wrapped}, which YAML cannot read. Join {them} onto the end of line {first} as one unbroken string (joined with spaces, kubectl would reject the base64 too).",
                key.trim()
            ),
            Some(first),
        );
    }
    None
}

/// `server https://x` — a key and its value without the colon between them,
/// on the error line or the line before.
fn missing_colon(lines: &LineIndex, line_no: u32) -> Option<Hint> {
    for n in [line_no, line_no.saturating_sub(1)] {
        let Some(line) = lines.line(n) else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        if body.starts_with('-')
            || body.starts_with('#')
            || body.contains(": ")
            || body.ends_with(':')
        {
            continue;
        }
        let Some((key, value)) = body.split_once(' ') else {
            continue;
        };
        let key_like = !key.is_empty()
            && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !key_like || value.trim().is_empty() {
            continue;
        }
        let pad = &line[..indent];
        // An env entry's `value` may be a secret whatever its name says (the
        // name is on another line): never quote it.
        let value = if crate::core::redact::is_secret_key(key) || key == "value" {
            "…"
        } else {
            value.trim()
        };
        return at(
            format!("Line {n}: `{key}` is missing its colon. Write it as:\n{pad}{key}: {value}"),
            Some(n),
        );
    }
    None
}

/// A line that is nothing but a long base64 string.
pub fn looks_base64(s: &str) -> bool {
    s.len() >= 16
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=')
}

/// `    a: x    b: y` → `    a: x\n    b: y` when the second key is a known-looking key.
fn split_joined_keys(line: &str) -> Option<String> {
    let indent = line.len() - line.trim_start().len();
    let body = &line[indent..];
    let first_colon = body.find(": ")?;
    let value = &body[first_colon + 2..];
    // Find whitespace followed by `word:` inside the value.
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            let rest = value[i..].trim_start();
            if let Some(c) = rest
                .find(": ")
                .or_else(|| rest.strip_suffix(':').map(|r| r.len()))
            {
                let key = &rest[..c];
                if !key.is_empty()
                    && key
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
                {
                    let pad = " ".repeat(indent);
                    return Some(format!(
                        "{pad}{}{}\n{pad}{rest}",
                        &body[..first_colon + 2],
                        value[..i].trim_end()
                    ));
                }
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_two_joined_keys() {
        let got =
            split_joined_keys("    certificate-authority-data: LS0t=      server: https://x:443")
                .unwrap();
        assert_eq!(
            got,
            "    certificate-authority-data: LS0t=\n    server: https://x:443"
        );
    }

    /// The help of the finding for a broken kubeconfig.
    fn help_for(text: &str) -> (Option<u32>, String) {
        let err = crate::core::kubeconfig::parse(text).unwrap_err();
        let f = crate::core::input::yaml_error(text, &err);
        (f.line(), f.help)
    }

    #[test]
    fn tab_indentation_gets_its_own_hint() {
        let (line, help) = help_for(
            "apiVersion: v1\nclusters:\n- name: dev\n  cluster:\n\tserver: https://10.0.0.1:6443\n",
        );
        assert_eq!(line, Some(5));
        assert!(help.contains("tabs"), "{help}");
    }

    #[test]
    fn a_base64_value_wrapped_onto_its_own_lines_is_recognised() {
        let text = "apiVersion: v1\nclusters:\n- name: dev\n  cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM2\nakNDQWRLZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwK\n    server: https://10.0.0.1:6443\ncontexts: []\n";
        let (_, help) = help_for(text);
        assert!(
            help.contains(
                "`certificate-authority-data` (line 5) was wrapped: line 6 holds the rest"
            ),
            "{help}"
        );
    }

    #[test]
    fn a_missing_colon_is_shown_fixed() {
        let text = "apiVersion: v1\nkind: Config\ncurrent-context dev\nclusters: []\n";
        let (_, help) = help_for(text);
        assert!(
            help.contains("Line 3: `current-context` is missing its colon"),
            "{help}"
        );
        assert!(help.contains("current-context: dev"), "{help}");
        let text = "apiVersion: v1\nclusters:\n- name: dev\n  cluster:\n    server https://10.0.0.1:6443\n    insecure-skip-tls-verify: true\n";
        let (_, help) = help_for(text);
        assert!(help.contains("    server: https://10.0.0.1:6443"), "{help}");
    }

    #[test]
    fn the_finding_moves_to_the_line_at_fault() {
        let text = "apiVersion: v1\nkind: Config\ncurrent-context dev\nclusters: []\n";
        assert_eq!(help_for(text).0, Some(3));
    }

    #[test]
    fn two_concatenated_kubeconfigs_are_recognised() {
        let one = "apiVersion: v1\nkind: Config\nclusters: []\n";
        let text = format!("{one}{one}");
        let (line, help) = help_for(&text);
        assert_eq!(line, Some(4));
        assert!(help.contains("joined with `cat`"), "{help}");
    }

    #[test]
    fn a_wrapped_private_key_is_not_shown() {
        let text = "apiVersion: v1\nusers:\n- name: a\n  user:\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlF\nb3dJQkFBS0NBUUVBc2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\n    token: x\n";
        let err = crate::core::kubeconfig::parse(text).unwrap_err();
        let f = crate::core::input::yaml_error(text, &err);
        assert_eq!(f.line(), Some(5));
        assert!(!f.message.contains("c2VjcmV0"), "{}", f.message);
        assert!(!f.message.contains("LS0tLS1CRUdJTiBSU0E"), "{}", f.message);
    }

    #[test]
    fn no_hint_for_an_ordinary_line() {
        assert_eq!(split_joined_keys("    server: https://x:443"), None);
    }
}
