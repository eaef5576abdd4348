//! Quoted strings and heredocs: Terraform's templates. Escapes are
//! resolved; `${…}` and `%{…}` are kept as written.

use super::{err, P, R};
use crate::core::json::{ErrorKind, JsonError, Kind, Value};
use crate::core::source::Pos;

impl P {
    /// A quoted template: its text with escapes resolved and each `${…}` /
    /// `%{…}` kept as written; and whether it held one.
    pub(super) fn string(&mut self) -> R<(String, bool)> {
        let start = self.pos();
        self.bump();
        let mut out = String::new();
        let mut computed = false;
        loop {
            let unterminated = || {
                err(
                    ErrorKind::UnterminatedString,
                    start,
                    "this string is never closed on its line".into(),
                    "End it with `\"` before the line ends (a `\\\"` inside it does not end it).",
                )
            };
            match self.peek() {
                None | Some('\n') => return Err(unterminated()),
                Some('"') => {
                    self.bump();
                    return Ok((out, computed));
                }
                Some('\\') => {
                    self.bump();
                    let esc = self.pos();
                    let c = self.bump().ok_or_else(unterminated)?;
                    match c {
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        '"' | '\\' => out.push(c),
                        'u' | 'U' => {
                            let n = if c == 'u' { 4 } else { 8 };
                            let from = self.i;
                            for _ in 0..n {
                                if self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                                    self.bump();
                                }
                            }
                            let ch = u32::from_str_radix(&self.text(from), 16)
                                .ok()
                                .and_then(char::from_u32);
                            match ch {
                                Some(ch) if self.i - from == n => out.push(ch),
                                _ => return Err(bad_escape(esc)),
                            }
                        }
                        _ => return Err(bad_escape(esc)),
                    }
                }
                Some(c @ ('$' | '%')) if self.at(1) == Some(c) && self.at(2) == Some('{') => {
                    // `$${` and `%%{` are a literal `${` and `%{`.
                    self.bump();
                    self.bump();
                    self.bump();
                    out.push(c);
                    out.push('{');
                }
                Some('$' | '%') if self.at(1) == Some('{') => {
                    let from = self.i;
                    self.bump();
                    self.deeper()?;
                    self.balanced()?;
                    self.depth -= 1;
                    out.push_str(&self.text(from));
                    computed = true;
                }
                Some(c) => {
                    self.bump();
                    out.push(c);
                }
            }
        }
    }

    /// `<<EOF` or `<<-EOF` … `EOF`: the lines between, a template.
    pub(super) fn heredoc(&mut self) -> R<Value> {
        let start = self.pos();
        self.bump();
        self.bump();
        let strip = self.peek() == Some('-');
        if strip {
            self.bump();
        }
        let id = self.ident();
        self.skip(false)?;
        if id.is_empty() || self.bump() != Some('\n') {
            return Err(self.unexpected("a heredoc's name and the end of the line"));
        }
        let pos = self.pos();
        let mut lines = Vec::new();
        loop {
            let from = self.i;
            if self.peek().is_none() {
                return Err(err(
                    ErrorKind::Unclosed,
                    start,
                    format!("the heredoc `<<{id}` has no closing `{id}` line"),
                    "End it with a line holding only its name.",
                ));
            }
            self.line_comment();
            let line = self.text(from).trim_end_matches('\r').to_string();
            self.bump();
            if line.trim() == id {
                break;
            }
            lines.push(line);
        }
        let indent = if strip {
            lines
                .iter()
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.len() - l.trim_start().len())
                .min()
                .unwrap_or(0)
        } else {
            0
        };
        let body: Vec<&str> = lines
            .iter()
            .map(|l| l.get(indent..).unwrap_or(""))
            .collect();
        let text = body.join("\n") + "\n";
        Ok(Value::new(
            Kind::String(text.replace("$${", "${").replace("%%{", "%{")),
            pos,
        ))
    }
}

fn bad_escape(pos: Pos) -> JsonError {
    err(
        ErrorKind::BadEscape,
        pos,
        "this `\\` does not start an escape Terraform knows".into(),
        "Terraform strings know `\\n`, `\\r`, `\\t`, `\\\"`, `\\\\`, `\\uNNNN` and `\\UNNNNNNNN`; write a backslash as `\\\\`.",
    )
}
