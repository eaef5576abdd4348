//! A small JSON reader that keeps what IAM policy checks need and general JSON
//! libraries throw away: the line and column of every key and value, and every
//! member of an object in order, duplicates included (two `"StringEquals"`
//! blocks in one `Condition` is a classic mistake that `serde_json` would
//! silently collapse).
//!
//! It is hand-written, panic-free and depth-limited: nesting beyond
//! [`MAX_DEPTH`] is an error, not a stack overflow. Errors carry a position and
//! a fix hint for the mistakes people make when they hand-edit a policy —
//! trailing commas, single or typographic quotes, comments, unquoted keys,
//! missing commas. [`parse_lenient`] recovers from those and returns the tree
//! it could read, so the policy can still be checked after the syntax errors
//! are reported.

mod parse;
mod print;

pub use parse::{parse, parse_lenient, ErrorKind, JsonError, MAX_DEPTH};
pub use print::{detect_indent, escape, pretty};

use super::finding::Locate;
use super::source::{Path, Pos, Seg};

/// A JSON value and where it starts in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: Kind,
    pub pos: Pos,
}

/// The JSON types. Numbers keep their text: a policy never does arithmetic on
/// them, and `1.0` must print back as `1.0`.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<Member>),
}

/// One `"key": value` of an object, in the order written.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_pos: Pos,
    pub value: Value,
}

impl Value {
    pub fn new(kind: Kind, pos: Pos) -> Self {
        Value { kind, pos }
    }
    pub fn string(s: impl Into<String>) -> Self {
        Value::new(Kind::String(s.into()), Pos::default())
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }
    /// The member named `key`; with duplicates, the last one (what most JSON
    /// readers keep).
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().rev().find(|m| m.key == key)
    }
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.member(key).map(|m| &m.value)
    }
    /// The scalar as policy text: strings as they are, booleans and numbers as
    /// written (IAM accepts `true` and `"true"` alike in a `Bool` condition).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            Kind::String(s) => Some(s.clone()),
            Kind::Bool(b) => Some(b.to_string()),
            Kind::Number(n) => Some(n.clone()),
            _ => None,
        }
    }
    /// "a string", "an object", … for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }

    /// Follows `path`; returns the value and, when the last step was an object
    /// key, that key's position.
    pub fn lookup(&self, path: &Path) -> Option<(&Value, Option<Pos>)> {
        let mut cur = self;
        let mut key_pos = None;
        for seg in path.segments() {
            match (seg, &cur.kind) {
                (Seg::Key(k), Kind::Object(members)) => {
                    let m = members.iter().rev().find(|m| &m.key == k)?;
                    key_pos = Some(m.key_pos);
                    cur = &m.value;
                }
                (Seg::Index(i), Kind::Array(items)) => {
                    cur = items.get(*i)?;
                    key_pos = None;
                }
                _ => return None,
            }
        }
        Some((cur, key_pos))
    }
}

/// Resolves finding paths against a parsed document: an object member points
/// at its key, an array element at its first character. A path that does not
/// exist resolves to its deepest existing ancestor, so "missing element"
/// findings point at the object that lacks it.
pub struct Locator<'a>(pub &'a Value);

impl Locate for Locator<'_> {
    fn locate(&self, path: &Path) -> Option<Pos> {
        let mut cur = self.0;
        let mut best = cur.pos;
        for seg in path.segments() {
            match (seg, &cur.kind) {
                (Seg::Key(k), Kind::Object(members)) => {
                    match members.iter().rev().find(|m| &m.key == k) {
                        Some(m) => {
                            best = m.key_pos;
                            cur = &m.value;
                        }
                        None => break,
                    }
                }
                (Seg::Index(i), Kind::Array(items)) => match items.get(*i) {
                    Some(v) => {
                        best = v.pos;
                        cur = v;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        Some(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_duplicate_keys_in_order_and_their_positions() {
        let v = parse("{\n  \"a\": 1,\n  \"a\": [true, null]\n}").unwrap();
        let members = v.as_object().unwrap();
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].key_pos, Pos::new(2, 3));
        assert_eq!(members[1].key_pos, Pos::new(3, 3));
        assert_eq!(v.get("a").unwrap().type_name(), "an array");
        assert_eq!(members[1].value.pos, Pos::new(3, 8));
    }

    #[test]
    fn locates_paths_to_keys_and_falls_back_to_ancestors() {
        let text =
            "{\"Statement\": [\n  {\"Condition\": {\"StringEquals\": {\"k:sub\": \"x\"}}}\n]}";
        let v = parse(text).unwrap();
        let loc = Locator(&v);
        let p = Path::root()
            .k("Statement")
            .i(0)
            .k("Condition")
            .k("StringEquals")
            .k("k:sub");
        assert_eq!(loc.locate(&p), Some(Pos::new(2, 35)));
        assert_eq!(
            p.to_string(),
            "Statement[0].Condition.StringEquals[\"k:sub\"]"
        );
        let missing = Path::root().k("Statement").i(0).k("Effect");
        assert_eq!(loc.locate(&missing), Some(Pos::new(2, 3)));
    }
}
