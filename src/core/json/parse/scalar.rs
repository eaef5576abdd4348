//! The scalars of the reader: bare words (`true`, `null`, and the unquoted
//! words people write by mistake), numbers and strings with their escapes.

use super::{is_smart_quote, is_word_char, quote_for, unterminated, ErrorKind, Parser, R};
use crate::core::json::{Kind, Value};
use crate::core::source::Pos;

impl Parser {
    pub(super) fn word(&mut self) -> R<Value> {
        let start = self.pos();
        let mut w = String::new();
        while let Some(c) = self.peek() {
            if !is_word_char(c) {
                break;
            }
            w.push(c);
            self.bump();
        }
        let kind = match w.as_str() {
            "true" => return Ok(Value::new(Kind::Bool(true), start)),
            "false" => return Ok(Value::new(Kind::Bool(false), start)),
            "null" => return Ok(Value::new(Kind::Null, start)),
            "True" | "TRUE" => Some(Kind::Bool(true)),
            "False" | "FALSE" => Some(Kind::Bool(false)),
            "None" | "NULL" | "Null" | "nil" => Some(Kind::Null),
            _ => None,
        };
        match kind {
            Some(k) => {
                let lower = match &k {
                    Kind::Bool(true) => "true",
                    Kind::Bool(false) => "false",
                    _ => "null",
                };
                self.fail(
                    ErrorKind::PythonLiteral,
                    start,
                    format!("`{w}` is not a JSON literal"),
                    format!("JSON's literals are lowercase: write `{lower}` (output of Python's print()? use json.dumps instead)."),
                )?;
                Ok(Value::new(k, start))
            }
            None => {
                self.fail(
                    ErrorKind::UnquotedValue,
                    start,
                    format!("value `{w}` is not in double quotes"),
                    format!("Quote it: \"{w}\"."),
                )?;
                Ok(Value::new(Kind::String(w), start))
            }
        }
    }

    pub(super) fn number(&mut self) -> R<Value> {
        let start = self.pos();
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E') {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        if !valid_number(&s) {
            self.fail(
                ErrorKind::BadNumber,
                start,
                format!("`{s}` is not a valid JSON number"),
                "JSON numbers have no leading zeros, `+` sign or trailing dot. Values such as account IDs and dates belong in double quotes: \"012345678901\".".into(),
            )?;
        }
        Ok(Value::new(Kind::Number(s), start))
    }

    /// Reads a string whose opening delimiter is at the cursor. `close` is
    /// the delimiter that ends it (any typographic quote ends a string opened
    /// with one).
    pub(super) fn string(&mut self, open: char) -> R<String> {
        let start = self.pos();
        self.bump();
        let mut out = String::new();
        loop {
            let at = self.pos();
            let c = match self.peek() {
                Some(c) => c,
                None => return Err(unterminated(start)),
            };
            let closes = if is_smart_quote(open) {
                is_smart_quote(c) || c == '"'
            } else {
                c == open
            };
            if closes {
                self.bump();
                return Ok(out);
            }
            match c {
                '\n' | '\r' => return Err(unterminated(start)),
                '\\' => {
                    self.bump();
                    let e = self.bump().ok_or_else(|| unterminated(start))?;
                    match e {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => out.push(self.unicode_escape(at)?),
                        '\'' if open == '\'' => out.push('\''),
                        other => {
                            self.fail(
                                ErrorKind::BadEscape,
                                at,
                                format!("invalid escape `\\{other}` in a string"),
                                "A backslash starts an escape in JSON (\\n, \\\", \\\\, \\uXXXX). Write a literal backslash as \\\\.".into(),
                            )?;
                            out.push(other);
                        }
                    }
                }
                c if (c as u32) < 0x20 => {
                    self.fail(
                        ErrorKind::ControlChar,
                        at,
                        format!("{} inside a string", quote_for(c)),
                        "Control characters must be escaped in JSON strings: write a tab as \\t, or remove it (it was probably pasted by accident).".into(),
                    )?;
                    out.push(c);
                    self.bump();
                }
                c => {
                    out.push(c);
                    self.bump();
                }
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = self.peek()?.to_digit(16)?;
            self.bump();
            n = n * 16 + d;
        }
        Some(n)
    }

    fn unicode_escape(&mut self, at: Pos) -> R<char> {
        let bad = |p: &mut Parser| {
            p.fail(
                ErrorKind::BadEscape,
                at,
                "invalid `\\u` escape in a string".into(),
                "A `\\u` escape needs exactly four hexadecimal digits, e.g. \\u00e9.".into(),
            )
        };
        let Some(hi) = self.hex4() else {
            bad(self)?;
            return Ok('\u{FFFD}');
        };
        if (0xD800..0xDC00).contains(&hi)
            && self.peek() == Some('\\')
            && self.peek_at(1) == Some('u')
        {
            self.bump();
            self.bump();
            if let Some(lo) = self.hex4() {
                if (0xDC00..0xE000).contains(&lo) {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
                }
            }
            return Ok('\u{FFFD}');
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }
}

fn valid_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let from = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == from {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e') | Some(b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+') | Some(b'-')) {
            i += 1;
        }
        let from = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == from {
            return false;
        }
    }
    i == b.len()
}
