//! A quoted value that is never closed. libyaml reads on to the end of the
//! file (or to the next `---`) and reports the error there, lines away from
//! the mistake; kubectl does the same (`yaml: line 8: found unexpected end of
//! stream` for a quote opened on line 4). The opening quote is in libyaml's
//! context (`while scanning a quoted scalar at line L column C`): find it.

use crate::core::source::{LineIndex, Pos};

/// Where the unclosed quote opens and which quote it is, from serde_yaml's
/// whole message `raw` (problem, location and context).
pub fn find(text: &str, lines: &LineIndex, raw: &str) -> Option<(Pos, char)> {
    let (problem, context) = raw.split_once(", while scanning a quoted scalar")?;
    if !(problem.starts_with("found unexpected end of stream")
        || problem.starts_with("found unexpected document indicator"))
    {
        return None;
    }
    // libyaml leaves the mark out when it is the very first character.
    let (line, column) = match context.strip_prefix(" at line ") {
        Some(rest) => {
            let (line, rest) = rest.split_once(" column ")?;
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (line.parse().ok()?, rest.get(..digits)?.parse().ok()?)
        }
        None => (1, 1),
    };
    let at = libyaml_offset(text, line, column)?;
    let quote = text
        .get(at..)?
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))?;
    Some((lines.pos(at), quote))
}

/// A quoted value left open on its line that a later quote closed, lines
/// away — `username: "admin` whose `"` pairs with the next line's `"ctx"` —
/// and the error that follows from it on the closing line or the next. Gives
/// where the value opens, its quote, and where it closes.
pub fn find_closed_late(text: &str, lines: &LineIndex, error: Pos) -> Option<(Pos, char, Pos)> {
    let mut offset = 0;
    let mut found = None;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n + 1 >= error.line as usize {
            break;
        }
        let body = line.trim_end();
        // A value that starts with a quote: after `key: ` or `- `.
        let start = body
            .find(": \"")
            .or_else(|| body.find(": '"))
            .map(|i| i + 2)
            .or_else(|| {
                let t = body.trim_start();
                (t.starts_with("- \"") || t.starts_with("- '")).then(|| body.len() - t.len() + 2)
            });
        if let Some(open) = start.map(|i| offset + i) {
            let quote = text[open..].chars().next()?;
            if let Some(close) = closing(text, open, quote) {
                let (o, c) = (lines.pos(open), lines.pos(close));
                if c.line > o.line && (c.line == error.line || c.line + 1 == error.line) {
                    found = Some((o, quote, c));
                }
            }
        }
        offset += line.len();
    }
    found
}

/// The byte offset of the quote that closes the one at `open`.
fn closing(text: &str, open: usize, quote: char) -> Option<usize> {
    let mut chars = text.get(open + 1..)?.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            c if c == quote => return Some(open + 1 + i),
            _ => {}
        }
    }
    None
}

/// The help for a quote closed lines later than it should be.
pub fn help_closed_late(open: Pos, quote: char, close: Pos) -> String {
    format!(
        "The value quoted with `{quote}` at line {}, column {} is not closed on its line: YAML reads on over the line breaks to the next `{quote}`, at line {}, column {}, and the error follows from there. Add the closing `{quote}` where the value ends.",
        open.line, open.column, close.line, close.column
    )
}

/// The byte offset of libyaml's 1-based line and column: libyaml counts
/// columns in characters and breaks lines at LF, CR, CRLF, U+0085, U+2028 and
/// U+2029 (the editor, and [`LineIndex`], only at LF).
fn libyaml_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let (mut l, mut c) = (1, 1);
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if (l, c) == (line, column) {
            return Some(i);
        }
        match ch {
            '\r' => {
                chars.next_if(|&(_, n)| n == '\n');
                (l, c) = (l + 1, 1);
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => (l, c) = (l + 1, 1),
            '\u{feff}' if i == 0 => {}
            _ => c += 1,
        }
    }
    None
}

/// The help: where the value opens, and where the parser gave up.
pub fn help(open: Pos, quote: char, stopped: Option<Pos>) -> String {
    let until = match stopped {
        Some(p) if p.line != open.line => format!(" (line {})", p.line),
        _ => String::new(),
    };
    format!(
        "The value quoted with `{quote}` at line {}, column {} is never closed: YAML reads everything after it as part of that value and gives up where the file or document ends{until}. Add the closing `{quote}` where the value ends (inside it, write a `{quote}` as {}).",
        open.line,
        open.column,
        if quote == '"' { "`\\\"`" } else { "`''`" }
    )
}

#[cfg(test)]
mod tests {
    use crate::core::{analyze, Options};

    /// The one finding: code, line:col, message and help.
    fn only(text: &str) -> (String, String, String, String) {
        let r = analyze(text, &Options::default());
        let f = &r.findings[0];
        let at = f.location.pos.map(|p| p.to_string()).unwrap_or_default();
        let help = f.help.clone();
        (f.code().to_string(), at, f.message.clone(), help)
    }

    /// The review's case: the quote after `username:` pairs with the first
    /// quote of `- name: "ctx"` three lines on, and libyaml fails there.
    #[test]
    fn a_quote_closed_lines_later_is_reported_where_it_opens() {
        let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: \"https://10.0.0.1:6443\"\nusers:\n- name: u\n  user:\n    username: \"admin\n    password: hunter2\ncontexts:\n- name: \"ctx\"\n  context: {cluster: c, user: u}\ncurrent-context: ctx\n";
        let (code, at, message, help) = only(text);
        assert_eq!(
            (code.as_str(), at.as_str()),
            ("IN001", "10:15"),
            "{message}"
        );
        assert_eq!(help, "The value quoted with `\"` at line 10, column 15 is not closed on its line: YAML reads on over the line breaks to the next `\"`, at line 13, column 9, and the error follows from there. Add the closing `\"` where the value ends.");
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: \"prod\n  cluster:\n    server: https://x\nusers: []\n";
        let (code, at, message, help) = only(text);
        assert_eq!((code.as_str(), at.as_str()), ("IN001", "4:9"));
        assert_eq!(
            message,
            "YAML syntax error: found unexpected end of stream — line 4: `- name: \"prod`"
        );
        assert_eq!(help, "The value quoted with `\"` at line 4, column 9 is never closed: YAML reads everything after it as part of that value and gives up where the file or document ends (line 8). Add the closing `\"` where the value ends (inside it, write a `\"` as `\\\"`).");
    }

    #[test]
    fn single_quotes_lone_crs_and_document_markers_are_followed_too() {
        // libyaml counts a lone CR as a line break; the position does not.
        let text = "apiVersion: v1\rkind: Config\ncurrent-context: 'prod\n---\nkind: Config\n";
        let (code, at, _, help) = only(text);
        assert_eq!((code.as_str(), at.as_str()), ("IN001", "2:18"));
        assert!(
            help.starts_with("The value quoted with `'` at line 2, column 18 is never closed"),
            "{help}"
        );
        assert!(
            help.ends_with("(inside it, write a `'` as `''`)."),
            "{help}"
        );
    }

    #[test]
    fn a_bad_escape_inside_a_closed_quote_is_not_an_unclosed_quote() {
        let text = "apiVersion: v1\nkind: Config\ncurrent-context: \"a\\qb\"\n";
        let (_, _, _, help) = only(text);
        assert!(!help.contains("never closed"), "{help}");
    }
}
