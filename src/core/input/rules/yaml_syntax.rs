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
           cause is a known copy-and-paste accident — the corrected lines.",
    why: "kubectl refuses a file that does not parse, with a terse message such as `mapping values are not \
          allowed in this context` and no hint about which key was damaged. Nothing after the error is read.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==    server: https://127.0.0.1:6443\n  name: kind-kind\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==\n    server: https://127.0.0.1:6443\n  name: kind-kind\n",
    fix_summary: "Fix the syntax at the line shown; YAML indents with spaces and every key needs `: `.",
};

/// A specific hint for errors whose cause can be recognised.
pub fn hint(text: &str, pos: Option<Pos>, message: &str) -> Option<String> {
    let lines = LineIndex::new(text);
    let line_no = pos?.line;
    let line = lines.line(line_no)?;
    if line.trim_start_matches(' ').starts_with('\t')
        || (line.starts_with(' ') && line.contains('\t') && message.contains("tab"))
    {
        return Some("YAML does not allow tabs for indentation: replace the tab characters at the start of this line with spaces.".into());
    }
    if message.contains("mapping values are not allowed") {
        if let Some(fixed) = split_joined_keys(line) {
            return Some(format!(
                "Two `key: value` lines were joined into one (a copy-and-paste accident). Split them:\n{fixed}"
            ));
        }
        return Some("A value contains `: ` but is not quoted, or the line is indented wrongly. Quote the value or fix its indentation.".into());
    }
    if message.contains("could not find expected ':'") {
        return Some("A key is missing its colon: write `key: value`. If the previous line holds a long value (base64), it may have been wrapped onto this line — join it back.".into());
    }
    let prev = line_no
        .checked_sub(1)
        .and_then(|l| lines.line(l))
        .unwrap_or("");
    if looks_base64(line.trim()) && prev.contains("-data:") {
        return Some("This looks like a base64 value wrapped onto a second line. Join it onto the line of its key: base64 in a kubeconfig must be one unbroken string.".into());
    }
    None
}

fn looks_base64(s: &str) -> bool {
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

    #[test]
    fn no_hint_for_an_ordinary_line() {
        assert_eq!(split_joined_keys("    server: https://x:443"), None);
    }
}
