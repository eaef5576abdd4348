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

use crate::core::source::Pos;

/// Who fills in a heredoc body's placeholders before IAM sees the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expander {
    /// An unquoted shell heredoc (`cat >trust.json <<EOF`): `$name`,
    /// `${name}` and `$(command)`.
    Shell,
    /// A Terraform heredoc (`assume_role_policy = <<EOF`): only `${…}`;
    /// a bare `$name` reaches IAM as written.
    Terraform,
    /// A CloudFormation template: `Fn::Sub`'s `${…}` and the other intrinsic
    /// functions, written as `${…}` by `policy::cfn`.
    CloudFormation,
}

impl Expander {
    /// Who fills in the placeholders, as a message names it.
    pub fn name(self) -> &'static str {
        match self {
            Expander::Shell => "the shell",
            Expander::Terraform => "Terraform",
            Expander::CloudFormation => "CloudFormation",
        }
    }
}

/// The heredoc `line` opens (`<<EOF`, `<< EOF`, `<<-EOF`, `<<'EOF'`,
/// `<<"EOF"`, and in the shell a redirect after it: `cat <<EOF > trust.json`):
/// its delimiter, and who expands its body (`None` for a quoted delimiter:
/// the shell then expands nothing).
fn opener(line: &str) -> Option<(&str, Option<Expander>)> {
    let (before, rest) = line.trim_end().rsplit_once("<<")?;
    if before.ends_with('<') || rest.starts_with('<') {
        return None; // `<<<`: a here-string, not a heredoc.
    }
    // HCL assigns a heredoc to an attribute; the shell never writes `= <<`.
    let terraform = before.trim_end().ends_with('=');
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let (ident, quoted, after) = match rest.chars().next() {
        Some(q @ ('\'' | '"')) => {
            let (ident, after) = rest.get(1..)?.split_once(q)?;
            (ident, true, after)
        }
        _ => {
            let end = rest.find(|c: char| !word(c)).unwrap_or(rest.len());
            (rest.get(..end)?, false, rest.get(end..)?)
        }
    };
    // What may follow the delimiter on the line: a redirect, a pipe, the
    // end of a command (shell only).
    let after = after.trim_start();
    if !after.is_empty() && (terraform || !after.starts_with(['>', '|', ';', '&', ')'])) {
        return None;
    }
    let expander = if terraform {
        Some(Expander::Terraform)
    } else {
        (!quoted).then_some(Expander::Shell)
    };
    let mut chars = ident.chars();
    let first = chars.next()?;
    ((first.is_ascii_alphabetic() || first == '_') && chars.all(word)).then_some((ident, expander))
}

/// The byte range of a heredoc body that holds a JSON policy, preferring the
/// one assigned to `assume_role_policy` when the paste has several.
fn body(text: &str) -> Option<(usize, usize, Option<Expander>)> {
    let mut found: Vec<(bool, usize, usize, Option<Expander>)> = Vec::new();
    let mut lines = text.split_inclusive('\n').scan(0usize, |at, l| {
        let start = *at;
        *at += l.len();
        Some((start, l))
    });
    while let Some((_, line)) = lines.next() {
        let Some((ident, expander)) = opener(line) else {
            continue;
        };
        let trust = line.contains("assume_role_policy");
        let mut start = None;
        for (at, l) in lines.by_ref() {
            let start = *start.get_or_insert(at);
            if l.trim() == ident {
                found.push((trust, start, at, expander));
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

/// A heredoc whose body looks like a policy but that no line closes: where
/// its `<<` is (1-based line and column) and its delimiter. The shell warns and reads to the
/// end of the file; Terraform rejects the file.
pub fn unclosed(text: &str) -> Option<(u32, u32, String)> {
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some((ident, _)) = opener(line) else {
            continue;
        };
        let rest = lines.get(i + 1..).unwrap_or(&[]);
        if rest.iter().any(|l| l.trim() == ident) {
            continue;
        }
        let body = rest.join("\n");
        if body.trim_start().starts_with('{') && body.contains("Statement") {
            let column = line
                .rfind("<<")
                .and_then(|at| line.get(..at))
                .map_or(0, |s| s.chars().count());
            let n = |x: usize| u32::try_from(x + 1).unwrap_or(u32::MAX);
            return Some((n(i), n(column), ident.to_string()));
        }
    }
    None
}

/// `text` with everything but the JSON body of its heredoc turned into
/// spaces, and who expands placeholders in that body; `None` when it holds
/// no such heredoc.
pub fn json_body(text: &str) -> Option<(String, Option<Expander>)> {
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

/// `body` with Terraform's template directives (`%{ if … }`, `%{ for … }`,
/// `%{ endfor }`) blanked to spaces, so the JSON around them can be read;
/// and each directive with where it is. `%%{` is a literal `%{`.
pub fn blank_directives(body: String) -> (String, Vec<(Pos, String)>) {
    // One pass: directives are found left to right, so each position is
    // counted on from the previous one, and the text is copied range by range.
    let mut at = (0, Pos::new(1, 1));
    let mut found = Vec::new();
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(i) = body
        .get(from..)
        .and_then(|r| r.find("%{"))
        .map(|i| i + from)
    {
        let escaped = i > 0 && body.as_bytes().get(i - 1) == Some(&b'%');
        let end = body.get(i..).and_then(|r| r.find('}')).map(|e| i + e + 1);
        match end {
            Some(end) if !escaped => {
                for c in body.get(at.0..i).unwrap_or("").chars() {
                    at.1 = match c {
                        '\n' => Pos::new(at.1.line + 1, 1),
                        _ => Pos::new(at.1.line, at.1.column + 1),
                    };
                }
                at.0 = i;
                found.push((at.1, body.get(i..end).unwrap_or("").to_string()));
                ranges.push(i..end);
                from = end;
            }
            _ => from = i + 2,
        }
    }
    if ranges.is_empty() {
        return (body, found);
    }
    let mut blanked = String::with_capacity(body.len());
    let mut kept = 0;
    for r in &ranges {
        blanked.push_str(body.get(kept..r.start).unwrap_or(""));
        let directive = body.get(r.clone()).unwrap_or("");
        blanked.extend(directive.chars().map(|c| if c == '\n' { c } else { ' ' }));
        kept = r.end;
    }
    blanked.push_str(body.get(kept..).unwrap_or(""));
    (blanked, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TF: &str = "resource \"aws_iam_role\" \"irsa\" {\n  name = \"irsa\"\n  assume_role_policy = <<-EOF\n    {\"Version\": \"2012-10-17\", \"Statement\": []}\n  EOF\n}\n";

    #[test]
    fn keeps_the_body_in_place_and_blanks_the_rest() {
        let (got, expands) = json_body(TF).unwrap();
        assert_eq!(expands, Some(Expander::Terraform));
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
        assert_eq!(expands, None);
        let (_, expands) = json_body(&text.replace("'EOF'", "EOF")).unwrap();
        assert_eq!(expands, Some(Expander::Shell));
        assert_eq!(got.lines().nth(1), Some("{\"Statement\": []}"));
    }

    /// The forms people paste: a space after `<<`, quotes, `<<-`, and the
    /// redirect after the delimiter.
    #[test]
    fn reads_every_common_shell_opener() {
        for (line, want) in [
            (
                "cat > trust.json << EOF",
                Some(("EOF", Some(Expander::Shell))),
            ),
            (
                "cat <<EOF > trust.json",
                Some(("EOF", Some(Expander::Shell))),
            ),
            ("cat <<'EOF' >trust.json", Some(("EOF", None))),
            ("cat << \"EOF\" | tee trust.json", Some(("EOF", None))),
            (
                "cat <<-END_POLICY",
                Some(("END_POLICY", Some(Expander::Shell))),
            ),
            (
                "  policy = <<-EOT",
                Some(("EOT", Some(Expander::Terraform))),
            ),
            ("grep x <<< \"$y\"", None),
            ("a << ", None),
            ("x = <<EOF trailing", None),
            ("echo $((1 << 2))", None),
        ] {
            assert_eq!(opener(line), want, "{line}");
        }
        let body = "{\"Statement\": []}";
        for text in [
            format!("cat > trust.json << EOF\n{body}\nEOF\n"),
            format!("cat <<EOF > trust.json\n{body}\nEOF\n"),
        ] {
            let (got, _) = json_body(&text).unwrap();
            assert_eq!(got.lines().nth(1), Some(body), "{text}");
        }
        // What the user reads: the rules judge the policy, not a YAML error at 2:11.
        use super::super::testing::findings;
        for text in [
            include_str!(
                "../../../tests/fixtures/trust-policy/shell-heredoc-space-before-delimiter.sh"
            ),
            include_str!(
                "../../../tests/fixtures/trust-policy/shell-heredoc-redirect-after-delimiter.sh"
            ),
        ] {
            let f = findings(text);
            assert!(f.contains(&("TP023", Some(2), "error")), "{f:?}");
            assert!(f.iter().all(|(code, _, _)| *code != "TP001"), "{f:?}");
        }
    }

    #[test]
    fn none_without_a_json_heredoc() {
        assert_eq!(json_body("{\"Version\": \"2012-10-17\"}"), None);
        assert_eq!(json_body("x = <<EOF\nhello\nEOF\n"), None);
        // An unterminated heredoc, and `<<` with no delimiter: no panic, no body.
        assert_eq!(json_body("x = <<EOF\n{\"Statement\": []}\n"), None);
        assert_eq!(
            unclosed("r {\nx = <<EOF\n{\"Statement\": []}\n}\n"),
            Some((2, 5, "EOF".to_string()))
        );
        assert_eq!(unclosed(TF), None);
        assert_eq!(json_body("a << \n{}"), None);
    }
}
