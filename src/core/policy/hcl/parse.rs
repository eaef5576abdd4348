//! A reader for the part of HCL (Terraform's configuration language) a trust
//! policy is written in: bodies of attributes and blocks, and expressions
//! whose literal parts — objects, tuples, strings, numbers, booleans, null —
//! become a [`Value`] with the line:col of the input. Everything Terraform
//! computes (references, function calls, operators, `for` expressions)
//! becomes the string `${…}` holding the expression as written, which is how
//! a template placeholder looks to the policy rules.
//!
//! Panic-free: indexing goes through `get`, and nesting deeper than
//! [`MAX_DEPTH`] is an error.

use crate::core::json::{ErrorKind, JsonError, Kind, Member, Value, MAX_DEPTH};
use crate::core::source::Pos;

mod template;

/// An attribute (`name = expr`) or a block (`type "label" { … }`).
#[derive(Debug)]
pub enum Item {
    Attr {
        name: String,
        expr: Expr,
    },
    Block {
        kind: String,
        labels: Vec<String>,
        pos: Pos,
        body: Vec<Item>,
    },
}

/// An expression: its value as policy JSON, and for a function call its name
/// and arguments (`jsonencode({…})` holds the policy in its argument).
#[derive(Debug)]
pub struct Expr {
    pub value: Value,
    pub call: Option<(String, Vec<Value>)>,
}

type R<T> = Result<T, JsonError>;

struct P {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    depth: usize,
}

/// Reads a Terraform file: its top-level items, or the first syntax error.
pub fn body(text: &str) -> R<Vec<Item>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = P {
        chars: text.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
        depth: 0,
    };
    p.items(None)
}

fn err(kind: ErrorKind, pos: Pos, message: String, hint: &str) -> JsonError {
    JsonError {
        kind,
        pos,
        message: format!("Terraform (HCL) syntax error: {message}"),
        hint: hint.to_string(),
    }
}

fn ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

impl P {
    fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }
    fn at(&self, n: usize) -> Option<char> {
        self.chars.get(self.i + n).copied()
    }
    fn looking_at(&self, s: &str) -> bool {
        s.chars().enumerate().all(|(n, c)| self.at(n) == Some(c))
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
    fn text(&self, from: usize) -> String {
        self.chars.get(from..self.i).unwrap_or(&[]).iter().collect()
    }
    fn unexpected(&self, wanted: &str) -> JsonError {
        match self.peek() {
            None => err(
                ErrorKind::Unclosed,
                self.pos(),
                format!("the text ends where {wanted} should follow"),
                "A `{`, `[`, `(` or `\"` is left open: close it, or paste the whole file.",
            ),
            Some(c) => err(
                ErrorKind::UnexpectedChar,
                self.pos(),
                format!("`{c}` where {wanted} should be"),
                "Check the line against `terraform validate`: an attribute is `name = value`, a block `type \"label\" { … }`.",
            ),
        }
    }
    fn deeper(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(
                ErrorKind::TooDeep,
                self.pos(),
                format!("nesting deeper than {MAX_DEPTH} levels"),
                "No policy nests this deep: paste the policy's own file.",
            ));
        }
        Ok(())
    }

    /// Skips spaces, comments and (when `lines`) line breaks.
    fn skip(&mut self, lines: bool) -> R<()> {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r' | '\u{feff}') => {
                    self.bump();
                }
                Some('\n') if lines => {
                    self.bump();
                }
                Some('#') => self.line_comment(),
                Some('/') if self.at(1) == Some('/') => self.line_comment(),
                Some('/') if self.at(1) == Some('*') => {
                    let start = self.pos();
                    self.bump();
                    self.bump();
                    while !self.looking_at("*/") {
                        if self.bump().is_none() {
                            return Err(err(
                                ErrorKind::UnterminatedComment,
                                start,
                                "the `/*` comment is never closed".into(),
                                "End the comment with `*/`.",
                            ));
                        }
                    }
                    self.bump();
                    self.bump();
                }
                _ => return Ok(()),
            }
        }
    }
    fn line_comment(&mut self) {
        while self.peek().is_some_and(|c| c != '\n') {
            self.bump();
        }
    }
    fn ident(&mut self) -> String {
        let from = self.i;
        while self.peek().is_some_and(ident_char) {
            self.bump();
        }
        self.text(from)
    }

    /// A body: items up to the end of the text, or to `}` in a block.
    /// `block` is where the enclosing block starts, if any.
    fn items(&mut self, block: Option<(Pos, &str)>) -> R<Vec<Item>> {
        let mut out = Vec::new();
        loop {
            self.skip(true)?;
            match (self.peek(), block) {
                (None, None) | (Some('}'), Some(_)) => return Ok(out),
                (None, Some((at, kind))) => {
                    return Err(err(
                        ErrorKind::Unclosed,
                        at,
                        format!("the `{kind}` block opened here is never closed"),
                        "Add the missing `}` (or paste the whole file).",
                    ))
                }
                (Some(c), _) if ident_start(c) => {}
                _ => return Err(self.unexpected("an attribute or a block")),
            }
            let pos = self.pos();
            let name = self.ident();
            self.skip(false)?;
            if self.peek() == Some('=') && self.at(1) != Some('=') {
                self.bump();
                self.skip(false)?;
                let expr = self.expr(false)?;
                out.push(Item::Attr { name, expr });
                continue;
            }
            let mut labels = Vec::new();
            loop {
                match self.peek() {
                    Some('"') => labels.push(self.string()?.0),
                    Some(c) if ident_start(c) => labels.push(self.ident()),
                    Some('{') => break,
                    _ => return Err(self.unexpected("`=` or `{`")),
                }
                self.skip(false)?;
            }
            self.bump();
            self.deeper()?;
            let body = self.items(Some((pos, &name)))?;
            self.depth -= 1;
            self.bump();
            out.push(Item::Block {
                kind: name,
                labels,
                pos,
                body,
            });
        }
    }

    /// An expression; `lines` when line breaks may separate its parts
    /// (inside brackets and parentheses).
    fn expr(&mut self, lines: bool) -> R<Expr> {
        self.deeper()?;
        let from = self.i;
        let pos = self.pos();
        let first = self.operand()?;
        let mut compound = false;
        loop {
            let (i, line, col) = (self.i, self.line, self.col);
            self.skip(lines)?;
            let op = [
                "==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">",
            ]
            .into_iter()
            .find(|op| self.looking_at(op));
            if let Some(op) = op {
                op.chars().for_each(|_| {
                    self.bump();
                });
                self.skip(true)?;
                self.operand()?;
                compound = true;
            } else if self.peek() == Some('?') {
                self.bump();
                self.skip(true)?;
                self.expr(true)?;
                self.skip(true)?;
                if self.bump() != Some(':') {
                    return Err(self.unexpected("the `:` of a conditional"));
                }
                self.skip(true)?;
                self.expr(lines)?;
                compound = true;
            } else {
                (self.i, self.line, self.col) = (i, line, col);
                break;
            }
        }
        self.depth -= 1;
        if compound {
            return Ok(Expr {
                value: placeholder(self.text(from).trim(), pos),
                call: None,
            });
        }
        Ok(first)
    }

    /// One operand, with what follows it (`.attr`, `[index]`, a call's arguments).
    fn operand(&mut self) -> R<Expr> {
        let pos = self.pos();
        let from = self.i;
        let plain = |kind| Expr {
            value: Value::new(kind, pos),
            call: None,
        };
        // `computed`: a reference or a call, Terraform's to work out.
        let (e, computed) = match self.peek() {
            Some('"') => (plain(Kind::String(self.string()?.0)), false),
            Some('<') if self.at(1) == Some('<') => {
                let v = self.heredoc()?;
                (
                    Expr {
                        value: v,
                        call: None,
                    },
                    false,
                )
            }
            Some('{') if !self.starts_for(1) => {
                let v = self.object()?;
                (
                    Expr {
                        value: v,
                        call: None,
                    },
                    false,
                )
            }
            Some('[') if !self.starts_for(1) => {
                let v = self.tuple()?;
                (
                    Expr {
                        value: v,
                        call: None,
                    },
                    false,
                )
            }
            Some('{' | '[' | '(') => {
                self.balanced()?;
                (plain(Kind::Null), true)
            }
            Some('!' | '-') if self.at(1).is_some_and(|c| !c.is_ascii_digit()) => {
                self.bump();
                self.skip(false)?;
                self.deeper()?;
                self.operand()?;
                self.depth -= 1;
                (plain(Kind::Null), true)
            }
            Some(c) if c.is_ascii_digit() || c == '-' => {
                self.bump();
                while let Some(c) = self.peek() {
                    let exponent_sign = matches!(c, '+' | '-')
                        && matches!(self.chars.get(self.i.wrapping_sub(1)), Some('e' | 'E'));
                    if !(c.is_ascii_alphanumeric() || c == '.' || exponent_sign) {
                        break;
                    }
                    self.bump();
                }
                (plain(Kind::Number(self.text(from))), false)
            }
            Some(c) if ident_start(c) => {
                let name = self.ident();
                match name.as_str() {
                    "true" | "false" => (plain(Kind::Bool(name == "true")), false),
                    "null" => (plain(Kind::Null), false),
                    _ if self.peek() == Some('(') => {
                        self.deeper()?;
                        let args = self.call_args()?;
                        self.depth -= 1;
                        let mut e = plain(Kind::Null);
                        e.call = Some((name, args));
                        (e, true)
                    }
                    _ => (plain(Kind::Null), true),
                }
            }
            _ => return Err(self.unexpected("a value")),
        };
        // Traversals: `.name`, `.0`, `.*`, `[expr]`, `[*]`.
        let mut traversed = false;
        loop {
            match self.peek() {
                Some('.') if self.at(1).is_some_and(|c| ident_char(c) || c == '*') => {
                    self.bump();
                    if self.bump() != Some('*') {
                        self.ident();
                    }
                }
                Some('[') => self.balanced()?,
                _ => break,
            }
            traversed = true;
        }
        if computed || traversed {
            return Ok(Expr {
                value: placeholder(&self.text(from), pos),
                call: e.call.filter(|_| !traversed),
            });
        }
        Ok(e)
    }

    /// True when the bracket `n` characters ahead opens a `for` expression.
    fn starts_for(&self, n: usize) -> bool {
        let mut j = self.i + n;
        while self.chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        let word: String = self.chars.get(j..).unwrap_or(&[]).iter().take(4).collect();
        word.starts_with("for") && !word.chars().nth(3).is_some_and(ident_char)
    }

    /// The arguments of a call; the cursor is on `(`.
    fn call_args(&mut self) -> R<Vec<Value>> {
        self.bump();
        let mut args = Vec::new();
        loop {
            self.skip(true)?;
            if self.peek() == Some(')') {
                self.bump();
                return Ok(args);
            }
            args.push(self.expr(true)?.value);
            self.skip(true)?;
            if self.looking_at("...") {
                (0..3).for_each(|_| {
                    self.bump();
                });
                self.skip(true)?;
            }
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(')') => {}
                _ => return Err(self.unexpected("`,` or `)` between a function's arguments")),
            }
        }
    }

    /// Skips a bracketed expression as written, strings and nesting included.
    fn balanced(&mut self) -> R<()> {
        let start = self.pos();
        let mut stack = Vec::new();
        loop {
            match self.peek() {
                Some(c @ ('(' | '[' | '{')) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(self.unexpected("fewer nested brackets"));
                    }
                    stack.push(match c {
                        '(' => ')',
                        '[' => ']',
                        _ => '}',
                    });
                    self.bump();
                }
                Some(c @ (')' | ']' | '}')) => {
                    if stack.pop() != Some(c) {
                        return Err(self.unexpected("the matching closing bracket"));
                    }
                    self.bump();
                    if stack.is_empty() {
                        return Ok(());
                    }
                }
                Some('"') => {
                    self.string()?;
                }
                Some('#') => self.line_comment(),
                Some('/') if matches!(self.at(1), Some('/' | '*')) => self.skip(false)?,
                Some(_) => {
                    self.bump();
                }
                None => {
                    return Err(err(
                        ErrorKind::Unclosed,
                        start,
                        "this bracket is never closed".into(),
                        "Close it, or paste the whole file.",
                    ))
                }
            }
        }
    }

    fn object(&mut self) -> R<Value> {
        let pos = self.pos();
        self.bump();
        self.deeper()?;
        let mut members = Vec::new();
        loop {
            self.skip(true)?;
            let key_pos = self.pos();
            let key = match self.peek() {
                Some('}') => break,
                Some('"') => self.string()?.0,
                Some('(') => {
                    let from = self.i;
                    self.balanced()?;
                    let raw = self.text(from);
                    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
                    format!("${{{}}}", inner.trim())
                }
                Some(c) if ident_start(c) => {
                    let from = self.i;
                    self.operand()?;
                    let raw = self.text(from);
                    // `{ a.b = 1 }` is an error in Terraform; a bare word is its own text.
                    if raw.contains(|c: char| !ident_char(c)) {
                        format!("${{{raw}}}")
                    } else {
                        raw
                    }
                }
                _ => return Err(self.unexpected("a key or `}`")),
            };
            self.skip(false)?;
            match self.peek() {
                Some('=' | ':') => {
                    self.bump();
                }
                _ => return Err(self.unexpected("`=` or `:` after the key")),
            }
            self.skip(true)?;
            let value = self.expr(false)?.value;
            members.push(Member {
                key,
                key_pos,
                value,
            });
            self.skip(false)?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('\n' | '}') => {}
                _ => return Err(self.unexpected("a line break, `,` or `}` after the value")),
            }
        }
        self.bump();
        self.depth -= 1;
        Ok(Value::new(Kind::Object(members), pos))
    }

    fn tuple(&mut self) -> R<Value> {
        let pos = self.pos();
        self.bump();
        self.deeper()?;
        let mut items = Vec::new();
        loop {
            self.skip(true)?;
            if self.peek() == Some(']') {
                break;
            }
            items.push(self.expr(true)?.value);
            self.skip(true)?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(']') => {}
                _ => return Err(self.unexpected("`,` or `]` between items")),
            }
        }
        self.bump();
        self.depth -= 1;
        Ok(Value::new(Kind::Array(items), pos))
    }
}

/// What Terraform computes, as a template placeholder at `pos`.
pub fn placeholder(raw: &str, pos: Pos) -> Value {
    Value::new(Kind::String(format!("${{{}}}", raw.trim())), pos)
}
