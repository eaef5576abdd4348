//! A trust policy pasted with the Terraform around it:
//!
//! ```hcl
//! resource "aws_iam_role" "irsa" {
//!   assume_role_policy = <<EOF
//!   { "Version": "2012-10-17", ... }
//!   EOF
//! }
//! ```
//!
//! The heredoc's body is the policy. [`json_body`] returns the text with
//! everything outside that body blanked to spaces (line breaks kept), so the
//! JSON reader sees only the policy while every line:col it reports is still
//! the one in the pasted file.

/// The heredoc opened at the end of `line` (`<<EOF`, `<<-EOF`, `<<'EOF'`):
/// its delimiter, and whether it is quoted (the shell then expands nothing).
fn opener(line: &str) -> Option<(&str, bool)> {
    let (_, rest) = line.trim_end().rsplit_once("<<")?;
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let (ident, quoted) = match rest
        .strip_prefix('\'')
        .and_then(|r| r.strip_suffix('\''))
        .or_else(|| rest.strip_prefix('"').and_then(|r| r.strip_suffix('"')))
    {
        Some(inner) => (inner, true),
        None => (rest, false),
    };
    let mut chars = ident.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() || first == '_')
        .then_some(())
        .filter(|_| chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .map(|_| (ident, quoted))
}

/// The byte range of a heredoc body that holds a JSON policy, preferring the
/// one assigned to `assume_role_policy` when the paste has several.
fn body(text: &str) -> Option<(usize, usize, bool)> {
    let mut found: Vec<(bool, usize, usize, bool)> = Vec::new();
    let mut lines = text.split_inclusive('\n').scan(0usize, |at, l| {
        let start = *at;
        *at += l.len();
        Some((start, l))
    });
    while let Some((_, line)) = lines.next() {
        let Some((ident, quoted)) = opener(line) else {
            continue;
        };
        let trust = line.contains("assume_role_policy");
        let mut start = None;
        for (at, l) in lines.by_ref() {
            let start = *start.get_or_insert(at);
            if l.trim() == ident {
                found.push((trust, start, at, !quoted));
                break;
            }
        }
    }
    found
        .iter()
        .filter(|(_, s, e, _)| {
            let b = text.get(*s..*e).unwrap_or("");
            b.trim_start().starts_with('{') && b.contains("Statement")
        })
        .max_by_key(|(trust, s, _, _)| (*trust, std::cmp::Reverse(*s)))
        .map(|&(_, s, e, expands)| (s, e, expands))
}

/// `text` with everything but the JSON body of its heredoc turned into
/// spaces, and whether the shell or Terraform expands `$…` in that body (the
/// delimiter is not quoted); `None` when it holds no such heredoc.
pub fn json_body(text: &str) -> Option<(String, bool)> {
    let (start, end, expands) = body(text)?;
    Some((
        text.char_indices()
            .map(|(i, c)| {
                if (start..end).contains(&i) || c == '\n' || c == '\r' {
                    c
                } else {
                    ' '
                }
            })
            .collect(),
        expands,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TF: &str = "resource \"aws_iam_role\" \"irsa\" {\n  name = \"irsa\"\n  assume_role_policy = <<-EOF\n    {\"Version\": \"2012-10-17\", \"Statement\": []}\n  EOF\n}\n";

    #[test]
    fn keeps_the_body_in_place_and_blanks_the_rest() {
        let (got, expands) = json_body(TF).unwrap();
        assert!(expands);
        assert_eq!(got.lines().count(), TF.lines().count());
        assert_eq!(got.chars().count(), TF.chars().count());
        assert_eq!(
            got.lines().nth(3),
            Some("    {\"Version\": \"2012-10-17\", \"Statement\": []}")
        );
        assert!(got
            .lines()
            .enumerate()
            .all(|(i, l)| i == 3 || l.trim().is_empty()));
    }

    #[test]
    fn prefers_the_assume_role_policy_heredoc() {
        let text = format!(
            "resource \"aws_iam_policy\" \"p\" {{\n  policy = <<EOF\n{{\"Statement\": [{{\"Effect\": \"Allow\"}}]}}\nEOF\n}}\n{TF}"
        );
        let (got, _) = json_body(&text).unwrap();
        assert!(got.contains("\"Statement\": []"));
        assert!(!got.contains("\"Effect\""));
    }

    #[test]
    fn a_quoted_delimiter_expands_nothing() {
        let text = "cat >trust.json <<'EOF'\n{\"Statement\": []}\nEOF\n";
        let (got, expands) = json_body(text).unwrap();
        assert!(!expands);
        assert_eq!(got.lines().nth(1), Some("{\"Statement\": []}"));
    }

    #[test]
    fn none_without_a_json_heredoc() {
        assert_eq!(json_body("{\"Version\": \"2012-10-17\"}"), None);
        assert_eq!(json_body("x = <<EOF\nhello\nEOF\n"), None);
        // An unterminated heredoc, and `<<` with no delimiter: no panic, no body.
        assert_eq!(json_body("x = <<EOF\n{\"Statement\": []}\n"), None);
        assert_eq!(json_body("a << \n{}"), None);
    }
}
