//! The reader. One pass over the characters, tracking line and column as it
//! goes (no per-value line lookups, so minified input stays linear), with
//! recursion bounded by [`MAX_DEPTH`].

use super::{Kind, Member, Value};
use crate::core::source::Pos;
use std::fmt;

mod scalar;

/// Deeper nesting is rejected. An IAM policy needs five levels
/// (`Statement[0].Condition.StringEquals.key[0]`); 64 leaves room for any
/// honest JSON and keeps the recursion far from the stack's limit.
pub const MAX_DEPTH: usize = 64;

/// At most this many recovered errors are reported; after that the input is
/// probably not JSON at all.
const MAX_ERRORS: usize = 20;

/// What went wrong, so callers can count or fix by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    TrailingComma,
    SingleQuote,
    SmartQuote,
    Comment,
    UnquotedKey,
    UnquotedValue,
    MissingComma,
    PythonLiteral,
    EqualsForColon,
    BadEscape,
    ControlChar,
    BadNumber,
    TrailingText,
    Empty,
    Unclosed,
    UnexpectedChar,
    MissingColon,
    UnterminatedString,
    UnterminatedComment,
    TooDeep,
}

impl ErrorKind {
    /// Mistakes whose intent is clear enough to read past.
    pub fn recoverable(self) -> bool {
        use ErrorKind::*;
        matches!(
            self,
            TrailingComma
                | SingleQuote
                | SmartQuote
                | Comment
                | UnquotedKey
                | UnquotedValue
                | MissingComma
                | PythonLiteral
                | EqualsForColon
                | BadEscape
                | ControlChar
                | BadNumber
                | TrailingText
        )
    }
}

/// A JSON syntax error: where, what, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub kind: ErrorKind,
    pub pos: Pos,
    /// What is wrong, as a sentence fragment (`trailing comma before }`).
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.message, self.pos)
    }
}

/// Parses strict JSON: the first mistake is an error.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut p = Parser::new(text, false);
    p.document()
}

/// Parses JSON, reading past the recoverable mistakes (see
/// [`ErrorKind::recoverable`]). Returns the value when the text could be read
/// to the end, and every error met, in order.
pub fn parse_lenient(text: &str) -> (Option<Value>, Vec<JsonError>) {
    let mut p = Parser::new(text, true);
    match p.document() {
        Ok(v) => (Some(v), p.errors),
        Err(e) => {
            p.errors.push(e);
            (None, p.errors)
        }
    }
}

struct Parser {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    lenient: bool,
    errors: Vec<JsonError>,
    /// Where the last complete value ended (just after its last character).
    prev_end: Pos,
}

type R<T> = Result<T, JsonError>;

fn quote_for(c: char) -> String {
    match c {
        '\n' => "a line break".into(),
        '\t' => "a tab".into(),
        c if c.is_control() => format!("U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

/// A string as it should be written, shortened for a hint.
fn shown(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    let more = if short.len() < s.len() { "…" } else { "" };
    format!("\"{}{more}\"", short.replace('"', "\\\""))
}

fn is_smart_quote(c: char) -> bool {
    matches!(
        c,
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2018}' | '\u{2019}' | '\u{00AB}' | '\u{00BB}'
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/' | '*' | '$' | '@' | '+')
}

impl Parser {
    fn new(text: &str, lenient: bool) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Parser {
            chars: text.chars().collect(),
            i: 0,
            line: 1,
            col: 1,
            lenient,
            errors: Vec::new(),
            prev_end: Pos::new(1, 1),
        }
    }

    fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.i + n).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// Records a mistake. In lenient mode a recoverable one is kept and parsing
    /// continues; otherwise it becomes the result.
    fn fail(&mut self, kind: ErrorKind, pos: Pos, message: String, hint: String) -> R<()> {
        let e = JsonError {
            kind,
            pos,
            message,
            hint,
        };
        if self.lenient && kind.recoverable() && self.errors.len() < MAX_ERRORS {
            self.errors.push(e);
            Ok(())
        } else {
            Err(e)
        }
    }

    fn document(&mut self) -> R<Value> {
        self.skip_ws()?;
        if self.peek().is_none() {
            return Err(JsonError {
                kind: ErrorKind::Empty,
                pos: self.pos(),
                message: "there is no JSON value in the input".into(),
                hint: "Paste the whole policy document, from its opening `{` to its closing `}`."
                    .into(),
            });
        }
        let v = self.value(0)?;
        let end = self.prev_end;
        self.skip_ws()?;
        if let Some(c) = self.peek() {
            let at = self.pos();
            self.fail(
                ErrorKind::TrailingText,
                at,
                format!("unexpected {} after the end of the JSON document", quote_for(c)),
                format!(
                    "The document ends with the value that closes at line {}, column {}. Delete what follows it — often a stray `}}` or a second pasted copy.",
                    end.line,
                    end.column.saturating_sub(1).max(1)
                ),
            )?;
        }
        Ok(v)
    }

    /// Skips whitespace and (reporting each) comments.
    fn skip_ws(&mut self) -> R<()> {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('/') if matches!(self.peek_at(1), Some('/') | Some('*')) => {
                    let at = self.pos();
                    let block = self.peek_at(1) == Some('*');
                    self.bump();
                    self.bump();
                    if block {
                        loop {
                            match self.bump() {
                                Some('*') if self.peek() == Some('/') => {
                                    self.bump();
                                    break;
                                }
                                Some(_) => {}
                                None => {
                                    return Err(JsonError {
                                        kind: ErrorKind::UnterminatedComment,
                                        pos: at,
                                        message: "a `/*` comment is never closed".into(),
                                        hint: "JSON has no comments: delete the comment.".into(),
                                    })
                                }
                            }
                        }
                    } else {
                        self.skip_line();
                    }
                    let marker = if block { "/* … */" } else { "//" };
                    self.fail(
                        ErrorKind::Comment,
                        at,
                        format!("comment (`{marker}`) in JSON"),
                        "JSON has no comments, and IAM rejects a policy that contains one. Delete the comment; keep notes in a `Sid` or next to the file.".into(),
                    )?;
                }
                Some('#') => {
                    let at = self.pos();
                    self.skip_line();
                    self.fail(
                        ErrorKind::Comment,
                        at,
                        "comment (`#`) in JSON".into(),
                        "JSON has no comments, and IAM rejects a policy that contains one. Delete the line.".into(),
                    )?;
                }
                _ => return Ok(()),
            }
        }
    }

    fn skip_line(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            self.bump();
        }
    }

    fn value(&mut self, depth: usize) -> R<Value> {
        if depth >= MAX_DEPTH {
            return Err(JsonError {
                kind: ErrorKind::TooDeep,
                pos: self.pos(),
                message: format!("the document is nested more than {MAX_DEPTH} levels deep"),
                hint: "An IAM policy needs five levels at most; this is not a policy, or brackets are unbalanced.".into(),
            });
        }
        let start = self.pos();
        let c = match self.peek() {
            Some(c) => c,
            None => {
                return Err(JsonError {
                    kind: ErrorKind::Unclosed,
                    pos: start,
                    message: "the document ends where a value was expected".into(),
                    hint: "The text is cut off: paste the whole policy.".into(),
                })
            }
        };
        let v = match c {
            '{' => self.object(depth)?,
            '[' => self.array(depth)?,
            '"' => {
                let s = self.string('"')?;
                Value::new(Kind::String(s), start)
            }
            '\'' => {
                let s = self.string('\'')?;
                self.fail(
                    ErrorKind::SingleQuote,
                    start,
                    "string in single quotes".into(),
                    format!("JSON strings use double quotes: write {}.", shown(&s)),
                )?;
                Value::new(Kind::String(s), start)
            }
            c if is_smart_quote(c) => {
                let s = self.string(c)?;
                self.smart_quote(start, c, &s)?;
                Value::new(Kind::String(s), start)
            }
            '-' | '0'..='9' => self.number()?,
            c if c.is_alphabetic() => self.word()?,
            c => {
                let hint = match c {
                    ',' => "A value is missing before this comma (or there is one comma too many).",
                    '}' | ']' => "A value is missing here: after `:` or `,` JSON needs a value.",
                    _ => "Expected a value here: a \"string\", a number, true, false, null, an object `{` or an array `[`.",
                };
                return Err(JsonError {
                    kind: ErrorKind::UnexpectedChar,
                    pos: start,
                    message: format!("unexpected {} where a value was expected", quote_for(c)),
                    hint: hint.into(),
                });
            }
        };
        self.prev_end = self.pos();
        Ok(v)
    }

    fn smart_quote(&mut self, at: Pos, c: char, s: &str) -> R<()> {
        self.fail(
            ErrorKind::SmartQuote,
            at,
            format!("typographic quote `{c}` instead of `\"`"),
            format!("A word processor, chat app or web page turned the straight quotes into curly ones: write {}, and replace every “ ” ‘ ’ with a plain \".", shown(s)),
        )
    }

    /// An unquoted word where a value belongs: a JSON literal, a Python or
    /// YAML-ish spelling of one, or a string someone forgot to quote.
    fn key(&mut self) -> R<(String, Pos)> {
        let at = self.pos();
        match self.peek() {
            Some('"') => Ok((self.string('"')?, at)),
            Some('\'') => {
                let s = self.string('\'')?;
                self.fail(
                    ErrorKind::SingleQuote,
                    at,
                    "key in single quotes".into(),
                    format!("JSON keys use double quotes: write {}.", shown(&s)),
                )?;
                Ok((s, at))
            }
            Some(c) if is_smart_quote(c) => {
                let s = self.string(c)?;
                self.smart_quote(at, c, &s)?;
                Ok((s, at))
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let mut w = String::new();
                while let Some(c) = self.peek() {
                    if !is_word_char(c) || c == ':' {
                        break;
                    }
                    w.push(c);
                    self.bump();
                }
                self.fail(
                    ErrorKind::UnquotedKey,
                    at,
                    format!("key `{w}` is not in double quotes"),
                    format!("JSON keys are strings: write \"{w}\": …"),
                )?;
                Ok((w, at))
            }
            Some(c) => Err(JsonError {
                kind: ErrorKind::UnexpectedChar,
                pos: at,
                message: format!("unexpected {} where a key was expected", quote_for(c)),
                hint: "Each member of an object is \"key\": value, separated by commas.".into(),
            }),
            None => Err(unterminated_at(at, "an object")),
        }
    }

    fn object(&mut self, depth: usize) -> R<Value> {
        let start = self.pos();
        self.bump();
        let mut members = Vec::new();
        let mut comma: Option<Pos> = None;
        loop {
            if self.before_item(start, OBJECT, comma, members.is_empty())? {
                return Ok(Value::new(Kind::Object(members), start));
            }
            let (key, key_pos) = self.key()?;
            self.skip_ws()?;
            match self.peek() {
                Some(':') => {
                    self.bump();
                }
                Some('=') => {
                    let at = self.pos();
                    self.fail(
                        ErrorKind::EqualsForColon,
                        at,
                        format!("`=` after key \"{key}\""),
                        "JSON separates a key from its value with `:` (this looks like HCL or Terraform syntax).".into(),
                    )?;
                    self.bump();
                }
                Some(c) => {
                    return Err(JsonError {
                        kind: ErrorKind::MissingColon,
                        pos: self.pos(),
                        message: format!(
                            "expected `:` after key \"{key}\", found {}",
                            quote_for(c)
                        ),
                        hint: format!("Write \"{key}\": value."),
                    })
                }
                None => return Err(unclosed(start, "object", '}')),
            }
            self.skip_ws()?;
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                key_pos,
                value,
            });
            comma = self.after_item()?;
        }
    }

    fn array(&mut self, depth: usize) -> R<Value> {
        let start = self.pos();
        self.bump();
        let mut items = Vec::new();
        let mut comma: Option<Pos> = None;
        loop {
            if self.before_item(start, ARRAY, comma, items.is_empty())? {
                return Ok(Value::new(Kind::Array(items), start));
            }
            items.push(self.value(depth + 1)?);
            comma = self.after_item()?;
        }
    }

    /// What object and array loops do before each member or element: close
    /// at the closing bracket (complaining of a trailing `comma`), fail at the
    /// end of input or at the other kind's bracket, and complain of a missing
    /// comma between two items (`empty`: none read yet). `Ok(true)`: closed.
    fn before_item(
        &mut self,
        start: Pos,
        c: Container,
        comma: Option<Pos>,
        empty: bool,
    ) -> R<bool> {
        self.skip_ws()?;
        match self.peek() {
            Some(ch) if ch == c.close => {
                if let Some(at) = comma {
                    self.trailing_comma(at, c.close)?;
                }
                self.bump();
                return Ok(true);
            }
            None => return Err(unclosed(start, c.name, c.close)),
            Some(ch) if ch == c.other => {
                return Err(mismatched(self.pos(), start, c.name, c.close, c.other))
            }
            _ => {}
        }
        if comma.is_none() && !empty {
            let at = self.prev_end;
            self.fail(
                ErrorKind::MissingComma,
                at,
                format!("missing comma between two {}s of {}", c.item, c.a_name),
                format!("Add a `,` at line {}, column {}: every {} but the last is followed by a comma.", at.line, at.column, c.item),
            )?;
        }
        Ok(false)
    }

    /// After a member or element: the position of the comma after it, if any.
    fn after_item(&mut self) -> R<Option<Pos>> {
        self.skip_ws()?;
        if self.peek() != Some(',') {
            return Ok(None);
        }
        let at = self.pos();
        self.bump();
        Ok(Some(at))
    }

    fn trailing_comma(&mut self, at: Pos, close: char) -> R<()> {
        let what = if close == '}' {
            "the last member of an object"
        } else {
            "the last element of an array"
        };
        self.fail(
            ErrorKind::TrailingComma,
            at,
            format!("trailing comma before `{close}`"),
            format!("JSON does not allow a comma after {what}: delete this comma."),
        )
    }
}

fn unterminated(start: Pos) -> JsonError {
    JsonError {
        kind: ErrorKind::UnterminatedString,
        pos: start,
        message: "a string is not closed before the end of its line".into(),
        hint: "Add the closing \". JSON strings cannot span lines; write a line break inside a string as \\n.".into(),
    }
}

fn unterminated_at(at: Pos, what: &str) -> JsonError {
    JsonError {
        kind: ErrorKind::Unclosed,
        pos: at,
        message: format!("the document ends inside {what}"),
        hint: "The text is cut off: paste the whole policy.".into(),
    }
}

/// An object or an array, as the loops reading them and their errors name it.
#[derive(Clone, Copy)]
struct Container {
    name: &'static str,
    a_name: &'static str,
    item: &'static str,
    close: char,
    other: char,
}

const OBJECT: Container = Container {
    name: "object",
    a_name: "an object",
    item: "member",
    close: '}',
    other: ']',
};

const ARRAY: Container = Container {
    name: "array",
    a_name: "an array",
    item: "element",
    close: ']',
    other: '}',
};

fn unclosed(start: Pos, what: &str, close: char) -> JsonError {
    JsonError {
        kind: ErrorKind::Unclosed,
        pos: start,
        message: format!(
            "the {what} opened at line {}, column {} is never closed",
            start.line, start.column
        ),
        hint: format!("Add the missing `{close}` — or the text was cut off when it was copied."),
    }
}

fn mismatched(at: Pos, start: Pos, what: &str, want: char, got: char) -> JsonError {
    JsonError {
        kind: ErrorKind::UnexpectedChar,
        pos: at,
        message: format!(
            "`{got}` closes the {what} opened at line {}, column {}, which needs `{want}`",
            start.line, start.column
        ),
        hint: format!(
            "Brackets are unbalanced: use `{want}` here, or look for a missing `{{`/`[` above."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(text: &str) -> JsonError {
        parse(text).unwrap_err()
    }

    #[test]
    fn parses_a_policy() {
        let v = parse("{\"Version\": \"2012-10-17\", \"n\": -1.5e3, \"b\": [true, false, null]}")
            .unwrap();
        assert_eq!(v.get("Version").unwrap().as_str(), Some("2012-10-17"));
        assert_eq!(v.get("n").unwrap().kind, Kind::Number("-1.5e3".into()));
    }

    #[test]
    fn decodes_escapes_and_counts_columns_in_characters() {
        let v = parse("{\"é\": \"a\\\"b\\u00e9\\ud83d\\ude00\", \"x\": 1}").unwrap();
        assert_eq!(v.get("é").unwrap().as_str(), Some("a\"bé😀"));
        assert_eq!(v.member("x").unwrap().key_pos, Pos::new(1, 33));
    }

    #[test]
    fn each_common_mistake_has_its_kind_position_and_hint() {
        let cases: &[(&str, ErrorKind, Pos)] = &[
            ("{\"a\": 1,\n}", ErrorKind::TrailingComma, Pos::new(1, 8)),
            ("[1, 2,]", ErrorKind::TrailingComma, Pos::new(1, 6)),
            ("{'a': 1}", ErrorKind::SingleQuote, Pos::new(1, 2)),
            ("{\"a\": 'b'}", ErrorKind::SingleQuote, Pos::new(1, 7)),
            (
                "{\n  // note\n  \"a\": 1}",
                ErrorKind::Comment,
                Pos::new(2, 3),
            ),
            ("{/* x */\"a\": 1}", ErrorKind::Comment, Pos::new(1, 2)),
            ("# x\n{}", ErrorKind::Comment, Pos::new(1, 1)),
            (
                "{Effect: \"Allow\"}",
                ErrorKind::UnquotedKey,
                Pos::new(1, 2),
            ),
            (
                "{\"Effect\": Allow}",
                ErrorKind::UnquotedValue,
                Pos::new(1, 12),
            ),
            (
                "{\"a\": 1\n \"b\": 2}",
                ErrorKind::MissingComma,
                Pos::new(1, 8),
            ),
            ("[\"a\" \"b\"]", ErrorKind::MissingComma, Pos::new(1, 5)),
            ("{“Effect”: “Allow”}", ErrorKind::SmartQuote, Pos::new(1, 2)),
            ("{\"a\": True}", ErrorKind::PythonLiteral, Pos::new(1, 7)),
            ("{\"a\" = 1}", ErrorKind::EqualsForColon, Pos::new(1, 6)),
            ("{\"a\": \"b\\c\"}", ErrorKind::BadEscape, Pos::new(1, 9)),
            ("{\"a\": 012}", ErrorKind::BadNumber, Pos::new(1, 7)),
            ("{}}", ErrorKind::TrailingText, Pos::new(1, 3)),
            ("  ", ErrorKind::Empty, Pos::new(1, 3)),
            ("{\"a\": [1, 2}", ErrorKind::UnexpectedChar, Pos::new(1, 12)),
            (
                "{\"a\": \"b\n}",
                ErrorKind::UnterminatedString,
                Pos::new(1, 7),
            ),
            ("{\"a\": 1", ErrorKind::Unclosed, Pos::new(1, 1)),
            ("{\"a\" 1}", ErrorKind::MissingColon, Pos::new(1, 6)),
            ("{\"a\": ,}", ErrorKind::UnexpectedChar, Pos::new(1, 7)),
        ];
        for (text, kind, pos) in cases {
            let e = first_error(text);
            assert_eq!((e.kind, e.pos), (*kind, *pos), "input {text:?}: {e}");
            assert!(!e.hint.is_empty());
        }
    }

    #[test]
    fn lenient_mode_reads_past_recoverable_mistakes() {
        let text = "{\n  'Version': \"2012-10-17\", // c\n  Statement: [\n    {\"Effect\": “Allow”,}\n  ]\n  \"x\": True,\n}";
        let (v, errs) = parse_lenient(text);
        let v = v.expect("recovered");
        let kinds: Vec<ErrorKind> = errs.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            vec![
                ErrorKind::SingleQuote,
                ErrorKind::Comment,
                ErrorKind::UnquotedKey,
                ErrorKind::SmartQuote,
                ErrorKind::TrailingComma,
                ErrorKind::MissingComma,
                ErrorKind::PythonLiteral,
                ErrorKind::TrailingComma,
            ]
        );
        let st = v.get("Statement").unwrap().as_array().unwrap();
        assert_eq!(st[0].get("Effect").unwrap().as_str(), Some("Allow"));
        assert_eq!(v.get("x").unwrap().kind, Kind::Bool(true));
    }

    #[test]
    fn lenient_mode_stops_at_fatal_errors() {
        let (v, errs) = parse_lenient("{\"a\": 1,, }");
        assert!(v.is_none());
        assert_eq!(errs.last().unwrap().kind, ErrorKind::UnexpectedChar);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(first_error(&deep).kind, ErrorKind::TooDeep);
        let deep_obj = "{\"a\":".repeat(10_000);
        assert_eq!(
            parse_lenient(&deep_obj).1.last().unwrap().kind,
            ErrorKind::TooDeep
        );
        let ok = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn never_panics_on_truncations_of_a_policy() {
        let text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::1:oidc-provider/x\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"x:sub\":\"é\\u00e9\"}}}]}";
        let chars: Vec<char> = text.chars().collect();
        for n in 0..chars.len() {
            let cut: String = chars[..n].iter().collect();
            let _ = parse(&cut);
            let _ = parse_lenient(&cut);
        }
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        assert!(parse("\u{feff}{}").is_ok());
    }
}
