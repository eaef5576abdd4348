//! A `//` or `/* */` comment in a JSON-shaped document.
//!
//! kubectl reads JSON kubeconfigs with its YAML parser, where `// note` is
//! plain text: the parser takes it for a key and stops a line or two later
//! with `did not find expected ',' or '}'`, pointing past the comment. People
//! paste JSON with comments (editors and JSONC files allow them), so a syntax
//! error that follows such a comment is reported at the comment itself.

/// The kind of comment found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Line,
    Block,
}

impl Marker {
    pub fn as_str(self) -> &'static str {
        match self {
            Marker::Line => "//",
            Marker::Block => "/* … */",
        }
    }
}

/// The byte offset of the first comment in `text` that starts at or before `upto`,
/// when `text` is a JSON document (its first character, after a byte order
/// mark and any leading comments, is `{` or `[`). A comment may start only
/// where a JSON token may end or begin: at the start, after `{ [ , : } ]` or a
/// closing quote, with any spaces between. So markers inside strings
/// (`"https://…"`), in unquoted URLs (`http://` — the `//` follows a `:`
/// straight away) and after an unquoted word (`[-c, echo //x]`, which YAML
/// reads as the text `echo //x`) are not comments.
pub fn first_comment(text: &str, upto: usize) -> Option<(usize, Marker)> {
    let b = text.as_bytes();
    let start = bom_len(b);
    if !json_shaped(&b[start..]) {
        return None;
    }
    let end = upto.saturating_add(1).min(b.len());
    let mut i = start;
    // Where a token may start: the only places a comment or a quoted string
    // can. Spaces and line breaks leave it as it was.
    let mut token_start = true;
    while i < end {
        match b[i] {
            q @ (b'"' | b'\'') if token_start => {
                i = skip_string(b, i, q);
                // After a closing quote, a comment may follow.
                continue;
            }
            // `http://`: a `:` straight before `//` makes a URL, not a comment.
            b'/' if token_start && (i == 0 || b[i - 1] != b':') => match b.get(i + 1) {
                Some(b'/') => return Some((i, Marker::Line)),
                Some(b'*') => return Some((i, Marker::Block)),
                _ => token_start = false,
            },
            b'{' | b'[' | b',' | b':' | b'}' | b']' => token_start = true,
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => token_start = false,
        }
        i += 1;
    }
    None
}

/// The length of a leading byte order mark (U+FEFF), which editors on
/// Windows write and the parsers skip.
fn bom_len(b: &[u8]) -> usize {
    if b.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    }
}

/// True when the first character after whitespace and comments is `{` or `[`.
fn json_shaped(b: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' => match b.get(i + 1) {
                Some(b'/') => i = skip_comment(b, i, Marker::Line),
                Some(b'*') => i = skip_comment(b, i, Marker::Block),
                _ => return false,
            },
            c => return c == b'{' || c == b'[',
        }
    }
    false
}

/// The offset just past the string that opens at `at`. A JSON string escapes
/// with `\`; a YAML single-quoted one doubles the quote (`''`).
fn skip_string(b: &[u8], at: usize, quote: u8) -> usize {
    let mut i = at + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            c if c == quote => {
                if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// The offset just past the comment that starts at `at`.
fn skip_comment(b: &[u8], at: usize, marker: Marker) -> usize {
    let rest = b.get(at + 2..).unwrap_or_default();
    let len = match marker {
        Marker::Line => rest.iter().position(|&c| c == b'\n'),
        Marker::Block => rest.windows(2).position(|w| w == b"*/").map(|p| p + 2),
    };
    at + 2 + len.unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<(usize, Marker)> {
        first_comment(text, text.len())
    }

    #[test]
    fn finds_a_comment_on_its_own_line_and_after_a_value() {
        let text = "{\n  \"kind\": \"Config\",\n  // prod\n  \"users\": []\n}\n";
        assert_eq!(at(text), Some((text.find("//").unwrap(), Marker::Line)));
        let text = "{\"server\": \"https://x\", /* note */ \"name\": \"a\"}";
        assert_eq!(at(text), Some((text.find("/*").unwrap(), Marker::Block)));
        let text = "// kubeconfig for CI\n{\"kind\": \"Config\"}";
        assert_eq!(at(text), Some((0, Marker::Line)));
    }

    #[test]
    fn urls_and_strings_are_not_comments() {
        assert_eq!(
            at("{\"server\": \"https://x//y\", \"a\": \"\\\"//\"}"),
            None
        );
        assert_eq!(at("{server: http://x, 'a': 'it''s // fine'}"), None);
        // Not JSON at all: YAML with a URL.
        assert_eq!(at("server: https://x // y\n"), None);
        assert_eq!(at("// only a comment\nkind: Config\n"), None);
    }

    #[test]
    fn only_comments_before_the_error_count() {
        let text = "{\"a\": 1 x, // later\n}";
        assert_eq!(first_comment(text, text.find('x').unwrap()), None);
        let text = "{\"a\": 1,\n  // here\n}";
        let c = text.find("//").unwrap();
        assert_eq!(first_comment(text, c), Some((c, Marker::Line)));
    }

    /// After an unquoted word, `//` is part of the word's text (YAML reads
    /// `[-c, echo //x]` as the string `echo //x`): not a comment, however
    /// many spaces or line breaks come between.
    #[test]
    fn a_marker_after_an_unquoted_word_is_not_a_comment() {
        assert_eq!(at("{\"args\": [-c, echo //x]}"), None);
        assert_eq!(at("{\"args\": [-c, echo\n  //x]}"), None);
        assert_eq!(at("{\"args\": [-c, echo /* x */]}"), None);
    }

    /// After a closing quote or a structural character, with or without
    /// spaces, it is one.
    #[test]
    fn a_marker_after_a_quote_or_a_bracket_is_a_comment() {
        let text = "{\"a\": \"x\" // c\n}";
        assert_eq!(at(text), Some((text.find("//").unwrap(), Marker::Line)));
        let text = "{\"a\": \"x\"// c\n}";
        assert_eq!(at(text), Some((text.find("//").unwrap(), Marker::Line)));
        let text = "{\"a\": [] // c\n}";
        assert_eq!(at(text), Some((text.find("//").unwrap(), Marker::Line)));
        let text = "{\"a\":\n  // c\n  1}";
        assert_eq!(at(text), Some((text.find("//").unwrap(), Marker::Line)));
    }

    /// A byte order mark before the document: still JSON, and the offset
    /// is into the text as given.
    #[test]
    fn a_byte_order_mark_is_skipped() {
        let text = "\u{feff}{\"a\": 1, // c\n}";
        assert_eq!(at(text), Some((text.find("//").unwrap(), Marker::Line)));
        let text = "\u{feff}// c\n{}";
        assert_eq!(at(text), Some((3, Marker::Line)));
    }
}
