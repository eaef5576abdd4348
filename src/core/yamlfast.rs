//! A fast path for the YAML that tools write.
//!
//! serde_yaml scans text through a transliteration of libyaml that costs about
//! 200 instructions per byte and buffers every event of a document before the
//! typed deserialisation starts; on a 2 MB kubeconfig that is 70 % of
//! eksplain's run time. Nearly every kubeconfig, though, is written by a tool
//! (`aws eks update-kubeconfig`, `kubectl config`, kind, gcloud) in a small
//! subset of YAML: block mappings and sequences indented with spaces, one-line
//! plain or simply quoted scalars, `{}` and `[]`, comments.
//!
//! [`from_str`] deserialises that subset directly from the text, in one pass,
//! with no intermediate events. It gives up — returns `None` — on anything
//! outside the subset (anchors, tags, flow collections with content, block or
//! multi-line scalars, escapes, tabs, CR, control characters, a BOM, document
//! markers after the first line) *and* on any deserialisation error, so the
//! caller falls back to serde_yaml, which then produces the real result or the
//! real error message. The contract, checked by a differential test and a
//! fuzz target, is: **when `from_str` returns `Some(v)`, serde_yaml returns
//! exactly `v` for the first document of the same text.** Scalars are
//! resolved the way serde_yaml 0.9 resolves them (YAML 1.2 core schema: `~`,
//! `null` and empty are null; only `true`/`false` in three spellings are
//! booleans); where the resolution would need number parsing for a
//! self-describing value, the fast path gives up rather than guess.

use super::scan;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// Deeper than this, give up (serde_yaml's own limit is 128).
const MAX_DEPTH: usize = 100;
/// libyaml refuses implicit keys longer than 1024 characters.
const MAX_KEY_LEN: usize = 1000;

/// Deserialises the first YAML document of `text` when it is written in the
/// simple subset described above; `None` means "ask serde_yaml".
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    from_str_noting_ignored(text).map(|(v, _)| v)
}

/// Like [`from_str`], and also says whether `T` ignored any value: true when
/// some mapping key had no field in `T` (serde hands such values to
/// `deserialize_ignored_any`). False means every key of the text was read
/// into `T`, or into a value `T` keeps whole (such as a `serde_yaml::Value`).
pub fn from_str_noting_ignored<'de, T: Deserialize<'de>>(text: &'de str) -> Option<(T, bool)> {
    if !simple_chars(text) {
        return None;
    }
    let mut p = Parser {
        text,
        next: 0,
        cur: None,
        value: Pending::Block {
            parent: -1,
            seq_at_parent: false,
        },
        depth: 0,
        ignored: false,
    };
    p.first_line().ok()?;
    // An empty document resolves differently per method in serde_yaml; leave it to it.
    p.cur?;
    let v = T::deserialize(&mut p).ok()?;
    // Everything must have been read: leftovers are a structure we did not follow.
    p.cur.is_none().then_some((v, p.ignored))
}

/// True when `text` has only characters the fast path handles: printable
/// ASCII and `\n`, and non-ASCII characters libyaml accepts as printable and
/// does not treat as line breaks or a byte-order mark.
fn simple_chars(text: &str) -> bool {
    let simple = |b: u8| (b' '..=b'~').contains(&b) || b == b'\n';
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    // Eight bytes at a time: printable ASCII needs no closer look; a chunk
    // with a control byte (usually a `\n`) is checked byte by byte.
    let ascii = chunks.by_ref().all(|c| {
        let x = scan::word(c);
        let printable = scan::is_ascii(x) && !scan::has_less(x, b' ') && !scan::has_byte(x, 0x7F);
        printable || c.iter().all(|&b| simple(b))
    }) && chunks.remainder().iter().all(|&b| simple(b));
    ascii
        || text.chars().all(|c| match c {
            '\n' | ' '..='~' => true,
            '\u{A0}'..='\u{D7FF}' => c != '\u{2028}' && c != '\u{2029}',
            '\u{E000}'..='\u{FFFD}' => c != '\u{FEFF}',
            '\u{10000}'.. => true,
            _ => false,
        })
}

/// The fast path's only error: "not in the subset, or not deserialisable".
/// Its message is never shown; serde_yaml reports the real one.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside the fast YAML subset")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

/// One line with content: its indentation and the text after it.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// A scalar as written.
#[derive(Clone, Debug)]
enum Scalar<'a> {
    /// Unquoted; resolved by the method that reads it (`~` is null, `true` a bool…).
    Plain(&'a str),
    /// Quoted: always a string.
    Quoted(Cow<'a, str>),
}

/// A value about to be read.
#[derive(Clone, Debug)]
enum Node<'a> {
    Scalar(Scalar<'a>),
    /// A block mapping whose keys are at this indentation.
    Map(usize),
    /// A block sequence whose dashes are at this indentation.
    Seq(usize),
    EmptyMap,
    EmptySeq,
}

/// Where the next value comes from.
#[derive(Clone, Debug)]
enum Pending<'a> {
    /// The rest of the current line after `key: ` or `- `.
    Inline(&'a str),
    /// The following lines, indented deeper than `parent` (or, for a mapping
    /// value, a sequence at `parent` itself).
    Block { parent: isize, seq_at_parent: bool },
    /// Already looked at (by `deserialize_option`, or a mapping key).
    Ready(Node<'a>),
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the next physical line.
    next: usize,
    /// The current line with content (blank and comment lines are skipped).
    cur: Option<Line<'a>>,
    value: Pending<'a>,
    depth: usize,
    /// Set when a value was skipped through `deserialize_ignored_any`.
    ignored: bool,
}

impl<'a> Parser<'a> {
    /// The next physical line, without its `\n`.
    fn raw_line(&mut self) -> Option<&'a str> {
        if self.next >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.next..];
        let (line, len) = match scan::find(rest.as_bytes(), b'\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.next += len;
        Some(line)
    }

    /// Moves to the next line with content.
    fn advance(&mut self) -> Result<()> {
        self.cur = None;
        while let Some(line) = self.raw_line() {
            let indent = line.len() - scan::trim_spaces_start(line).len();
            let text = &line[indent..];
            if text.is_empty() || scan::starts(text, b'#') {
                continue;
            }
            // Document markers and directives: serde_yaml handles documents.
            if indent == 0
                && (text.starts_with("---") || text.starts_with("...") || text.starts_with('%'))
            {
                return Err(GiveUp);
            }
            self.cur = Some(Line { indent, text });
            return Ok(());
        }
        Ok(())
    }

    /// Reads the first line with content, skipping one leading `---`.
    fn first_line(&mut self) -> Result<()> {
        loop {
            let start = self.next;
            let Some(line) = self.raw_line() else {
                return Ok(());
            };
            let t = scan::trim_spaces_start(line);
            if t.is_empty() || scan::starts(t, b'#') {
                continue;
            }
            if scan::trim_spaces_end(line) != "---" {
                self.next = start;
            }
            return self.advance();
        }
    }

    /// Resolves the pending value to a node, consuming an inline value's line.
    fn node(&mut self) -> Result<Node<'a>> {
        let pending = std::mem::replace(
            &mut self.value,
            Pending::Block {
                parent: -1,
                seq_at_parent: false,
            },
        );
        match pending {
            Pending::Ready(node) => Ok(node),
            Pending::Inline(v) => {
                let node = inline(v)?;
                self.advance()?;
                Ok(node)
            }
            Pending::Block {
                parent,
                seq_at_parent,
            } => {
                let Some(line) = self.cur else {
                    return Ok(Node::Scalar(Scalar::Plain("")));
                };
                let deeper = line.indent as isize > parent;
                let dash = is_dash(line.text);
                if !(deeper || (seq_at_parent && dash && line.indent as isize == parent)) {
                    return Ok(Node::Scalar(Scalar::Plain("")));
                }
                if dash {
                    Ok(Node::Seq(line.indent))
                } else if key_split(line.text).is_some() {
                    Ok(Node::Map(line.indent))
                } else {
                    // A scalar on a line of its own (possibly multi-line): not in the subset.
                    Err(GiveUp)
                }
            }
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        Ok(())
    }

    fn visit_map<V: Visitor<'a>>(&mut self, indent: usize, visitor: V) -> Result<V::Value> {
        self.enter()?;
        let value = visitor.visit_map(BlockMap {
            p: self,
            indent,
            value: None,
        })?;
        self.depth -= 1;
        // A visitor that stopped early leaves entries behind; serde_yaml would report them.
        match self.cur {
            Some(l) if l.indent >= indent => Err(GiveUp),
            _ => Ok(value),
        }
    }

    fn visit_seq<V: Visitor<'a>>(&mut self, indent: usize, visitor: V) -> Result<V::Value> {
        self.enter()?;
        let value = visitor.visit_seq(BlockSeq { p: self, indent })?;
        self.depth -= 1;
        match self.cur {
            Some(l) if l.indent > indent || (l.indent == indent && is_dash(l.text)) => Err(GiveUp),
            _ => Ok(value),
        }
    }

    fn scalar(&mut self) -> Result<Scalar<'a>> {
        match self.node()? {
            Node::Scalar(s) => Ok(s),
            _ => Err(GiveUp),
        }
    }
}

fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A plain scalar that serde_yaml resolves to a string for a self-describing
/// value: one that starts with a letter (so it cannot be a number) and is not
/// a null or boolean word.
fn plainly_a_string(s: &str) -> bool {
    s.as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'/' | b'$'))
        && !is_null(s)
        && parse_bool(s).is_none()
}

/// A decimal integer serde_yaml would accept (no sign, no leading zero, no overflow).
fn plain_u64(s: &str) -> Option<u64> {
    let ok = !s.is_empty()
        && s.len() <= 18
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'));
    if ok {
        s.parse().ok()
    } else {
        None
    }
}

/// If `text` (a line after its indentation) is `key: value` or `key:`, returns
/// the key and the inline value (`None` when the value is on the next lines).
fn key_split(text: &str) -> Option<(&str, Option<&str>)> {
    let b = text.as_bytes();
    let first = *b.first()?;
    if !(first.is_ascii_alphanumeric() || matches!(first, b'_' | b'.' | b'/' | b'$')) {
        return None;
    }
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b':' if i + 1 == b.len() || b[i + 1] == b' ' => break,
            b'#' if b[i - 1] == b' ' => return None,
            _ => i += 1,
        }
    }
    if i >= b.len() || i > MAX_KEY_LEN {
        return None;
    }
    let key = scan::trim_spaces_end(&text[..i]);
    let value = scan::trim_spaces_start(&text[i + 1..]);
    let value = (!value.is_empty() && !scan::starts(value, b'#')).then_some(value);
    Some((key, value))
}

/// True when `rest` (what follows a closing quote or bracket) is only blanks
/// and perhaps a comment.
fn only_comment(rest: &str) -> bool {
    let t = scan::trim_spaces_start(rest);
    t.is_empty() || (t.len() < rest.len() && scan::starts(t, b'#'))
}

/// Parses a value written on the same line as its key or dash.
fn inline(v: &str) -> Result<Node<'_>> {
    let b = v.as_bytes();
    match b.first().copied().ok_or(GiveUp)? {
        b'\'' => {
            let body = &v[1..];
            let mut i = 0;
            let bb = body.as_bytes();
            let mut escaped = false;
            loop {
                match bb.get(i) {
                    None => return Err(GiveUp), // continues on the next line
                    Some(b'\'') if bb.get(i + 1) == Some(&b'\'') => {
                        escaped = true;
                        i += 2;
                    }
                    Some(b'\'') => break,
                    Some(_) => i += 1,
                }
            }
            if !only_comment(&body[i + 1..]) {
                return Err(GiveUp);
            }
            let s = &body[..i];
            let s = if escaped {
                Cow::Owned(s.replace("''", "'"))
            } else {
                Cow::Borrowed(s)
            };
            Ok(Node::Scalar(Scalar::Quoted(s)))
        }
        b'"' => {
            let body = &v[1..];
            let end = body.find(['"', '\\']).ok_or(GiveUp)?;
            if body.as_bytes()[end] == b'\\' || !only_comment(&body[end + 1..]) {
                return Err(GiveUp);
            }
            Ok(Node::Scalar(Scalar::Quoted(Cow::Borrowed(&body[..end]))))
        }
        b'{' | b'[' => {
            let node = if b[0] == b'{' {
                Node::EmptyMap
            } else {
                Node::EmptySeq
            };
            let close = if b[0] == b'{' { b'}' } else { b']' };
            if b.get(1) == Some(&close) && only_comment(&v[2..]) {
                Ok(node)
            } else {
                Err(GiveUp)
            }
        }
        b'-' if b.get(1).is_none_or(|c| *c == b' ') => Err(GiveUp),
        b'?' | b':' | b',' | b']' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
        | b'@' | b'`' => Err(GiveUp),
        _ => {
            // The first byte is neither `#` nor `:` (matched above).
            let mut end = b.len();
            let mut from = 1;
            while let Some(k) = b.get(from..).and_then(|r| scan::find2(r, b':', b'#')) {
                let i = from + k;
                match b[i] {
                    b'#' if b[i - 1] == b' ' => {
                        end = i;
                        break;
                    }
                    b':' if i + 1 == b.len() || b[i + 1] == b' ' => return Err(GiveUp),
                    _ => from = i + 1,
                }
            }
            Ok(Node::Scalar(Scalar::Plain(scan::trim_spaces_end(
                &v[..end],
            ))))
        }
    }
}

struct BlockMap<'p, 'a> {
    p: &'p mut Parser<'a>,
    indent: usize,
    /// The inline value of the key just read (`None`: on the next lines).
    value: Option<Option<&'a str>>,
}

impl<'a> de::MapAccess<'a> for BlockMap<'_, 'a> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some(line) = self.p.cur else {
            return Ok(None);
        };
        if line.indent < self.indent {
            return Ok(None);
        }
        if line.indent > self.indent {
            return Err(GiveUp);
        }
        let (key, value) = key_split(line.text).ok_or(GiveUp)?;
        self.value = Some(value);
        self.p.value = Pending::Ready(Node::Scalar(Scalar::Plain(key)));
        seed.deserialize(&mut *self.p).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value> {
        match self.value.take().ok_or(GiveUp)? {
            Some(v) => self.p.value = Pending::Inline(v),
            None => {
                self.p.advance()?;
                self.p.value = Pending::Block {
                    parent: self.indent as isize,
                    seq_at_parent: true,
                };
            }
        }
        seed.deserialize(&mut *self.p)
    }
}

struct BlockSeq<'p, 'a> {
    p: &'p mut Parser<'a>,
    indent: usize,
}

impl<'a> de::SeqAccess<'a> for BlockSeq<'_, 'a> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let Some(line) = self.p.cur else {
            return Ok(None);
        };
        if line.indent > self.indent {
            return Err(GiveUp);
        }
        if line.indent < self.indent || !is_dash(line.text) {
            return Ok(None);
        }
        let after = &line.text[1..];
        let rest = scan::trim_spaces_start(after);
        let block = Pending::Block {
            parent: self.indent as isize,
            seq_at_parent: false,
        };
        if rest.is_empty() || scan::starts(rest, b'#') {
            self.p.advance()?;
            self.p.value = block;
        } else if is_dash(rest) || key_split(rest).is_some() {
            // `- key: value` or `- - item`: a collection starting on this line,
            // at the column of its first character.
            self.p.cur = Some(Line {
                indent: self.indent + line.text.len() - rest.len(),
                text: rest,
            });
            self.p.value = block;
        } else {
            self.p.value = Pending::Inline(rest);
        }
        seed.deserialize(&mut *self.p).map(Some)
    }
}

/// An empty `{}` / `[]` (or a null where a collection is expected).
struct Empty;

impl<'a> de::MapAccess<'a> for Empty {
    type Error = GiveUp;
    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, _seed: K) -> Result<Option<K::Value>> {
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, _seed: V) -> Result<V::Value> {
        Err(GiveUp)
    }
}

impl<'a> de::SeqAccess<'a> for Empty {
    type Error = GiveUp;
    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, _seed: T) -> Result<Option<T::Value>> {
        Ok(None)
    }
}

macro_rules! give_up {
    ($($name:ident)*) => {
        $(fn $name<V: Visitor<'a>>(self, _visitor: V) -> Result<V::Value> {
            Err(GiveUp)
        })*
    };
}

impl<'a> de::Deserializer<'a> for &mut Parser<'a> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.node()? {
            Node::Scalar(Scalar::Plain(s)) if is_null(s) => visitor.visit_unit(),
            Node::Scalar(Scalar::Plain(s)) => match parse_bool(s) {
                Some(b) => visitor.visit_bool(b),
                None if plainly_a_string(s) => visitor.visit_borrowed_str(s),
                None => Err(GiveUp),
            },
            Node::Scalar(Scalar::Quoted(Cow::Borrowed(s))) => visitor.visit_borrowed_str(s),
            Node::Scalar(Scalar::Quoted(Cow::Owned(s))) => visitor.visit_string(s),
            Node::Map(indent) => self.visit_map(indent, visitor),
            Node::Seq(indent) => self.visit_seq(indent, visitor),
            Node::EmptyMap => visitor.visit_map(Empty),
            Node::EmptySeq => visitor.visit_seq(Empty),
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            Scalar::Plain(s) => visitor.visit_bool(parse_bool(s).ok_or(GiveUp)?),
            Scalar::Quoted(_) => Err(GiveUp),
        }
    }

    fn deserialize_i8<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            Scalar::Plain(s) => visitor.visit_i64(plain_u64(s).ok_or(GiveUp)? as i64),
            Scalar::Quoted(_) => Err(GiveUp),
        }
    }
    fn deserialize_u8<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            Scalar::Plain(s) => visitor.visit_u64(plain_u64(s).ok_or(GiveUp)?),
            Scalar::Quoted(_) => Err(GiveUp),
        }
    }

    give_up! {
        deserialize_i128 deserialize_u128 deserialize_f32 deserialize_f64
        deserialize_bytes deserialize_byte_buf
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            Scalar::Plain(s) | Scalar::Quoted(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Scalar::Quoted(Cow::Owned(s)) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.node()? {
            Node::Scalar(Scalar::Plain(s)) if is_null(s) => visitor.visit_none(),
            node => {
                self.value = Pending::Ready(node);
                visitor.visit_some(self)
            }
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            Scalar::Plain(s) if is_null(s) => visitor.visit_unit(),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.enter()?;
        let v = visitor.visit_newtype_struct(&mut *self)?;
        self.depth -= 1;
        Ok(v)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.node()? {
            Node::Seq(indent) => self.visit_seq(indent, visitor),
            Node::EmptySeq | Node::Scalar(Scalar::Plain("")) => visitor.visit_seq(Empty),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.node()? {
            Node::Map(indent) => self.visit_map(indent, visitor),
            Node::EmptyMap | Node::Scalar(Scalar::Plain("")) => visitor.visit_map(Empty),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // Unit variants written as a scalar, like serde_yaml; anything else is left to it.
        match self.scalar()? {
            Scalar::Plain("") => Err(GiveUp),
            Scalar::Plain(s) | Scalar::Quoted(Cow::Borrowed(s)) => {
                visitor.visit_enum(de::value::BorrowedStrDeserializer::<GiveUp>::new(s))
            }
            Scalar::Quoted(Cow::Owned(s)) => visitor.visit_enum(s.into_deserializer()),
        }
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.ignored = true;
        match self.node()? {
            Node::Map(indent) => self.visit_map(indent, visitor),
            Node::Seq(indent) => self.visit_seq(indent, visitor),
            _ => visitor.visit_unit(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_yaml::Value;

    /// The fast path's answer must be serde_yaml's; returns whether it answered.
    fn same_as_serde_yaml(text: &str) -> bool {
        let fast: Option<Value> = from_str(text);
        let Some(fast) = fast else {
            return false;
        };
        let slow: Value = serde_yaml::from_str(text).expect("fast path accepted invalid YAML");
        assert_eq!(fast, slow, "input: {text:?}");
        true
    }

    #[test]
    fn notes_keys_the_type_ignores() {
        #[derive(Deserialize)]
        struct T {
            #[allow(dead_code)]
            a: Option<Value>,
        }
        let ignored = |t| from_str_noting_ignored::<T>(t).map(|(_, i)| i);
        assert_eq!(ignored("a:\n  b: x\n  c:\n  - y\n"), Some(false));
        assert_eq!(ignored("a: x\nb:\n  c: 1\n"), Some(true));
        assert_eq!(ignored("b: 1\n"), Some(true));
    }

    #[test]
    fn reads_what_tools_write_exactly_like_serde_yaml() {
        let ok = [
            "apiVersion: v1\nclusters:\n- cluster:\n    server: https://x:443\n  name: a\ncontexts: []\npreferences: {}\nusers: null\n",
            "---\na: b\n",
            "# comment\n\na: b # trailing\n  # indented comment\nc: 'it''s'\nd: \"q: x\"\n",
            "a:\n- - x\n  - y\n- z\nb:\n  - c: d\n    e:\n    f: ~\n",
            "a: true\nb: False\nc: Null\nd: null\ne:\ng: https://[::1]:6443\nh: a#b\n",
            "  a: x\n  b: y\n",
            "a: café — ünïcode\n",
            "- a\n-\n- b\n",
        ];
        for t in ok {
            assert!(same_as_serde_yaml(t), "fast path gave up on {t:?}");
        }
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Typed {
        s: Option<String>,
        n: Option<u32>,
        b: Option<bool>,
        #[serde(default)]
        v: Vec<String>,
    }

    #[test]
    fn typed_fields_resolve_like_serde_yaml() {
        for t in [
            "s: -x\nn: 12\nb: true\nv: [] \n",
            "s: '007'\nn: 0\nv:\n- --region\n- 1.5\n- null\n",
            "s:\nn: ~\nb:\nv:\n",
            "s: x\nunknown:\n  deep: [1, 2]\n",
        ] {
            let fast: Option<Typed> = from_str(t);
            let slow: std::result::Result<Typed, _> = serde_yaml::from_str(t);
            if let Some(fast) = fast {
                assert_eq!(Some(&fast), slow.as_ref().ok(), "input: {t:?}");
            }
        }
        let t: Typed = from_str("s: -x\nn: 12\nv:\n- --region\n- 1.5\n").unwrap();
        assert_eq!(t.s.as_deref(), Some("-x"));
        assert_eq!(t.n, Some(12));
        assert_eq!(t.v, ["--region", "1.5"]);
    }

    #[test]
    fn gives_up_on_errors_so_serde_yaml_reports_them() {
        assert!(from_str::<Typed>("n: 012\n").is_none());
        assert!(from_str::<Typed>("b: yes\n").is_none());
        assert!(from_str::<Typed>("s: [a]\n").is_none());
        assert!(from_str::<Typed>("s: a\ns: b\n").is_none());
    }

    #[test]
    fn gives_up_outside_the_subset() {
        let out = [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: {b: 1}\n",
            "a: plain\n  continued\n",
            "a: \"esc\\n\"\n",
            "a:\tb\n",
            "a: b\r\n",
            "\u{feff}a: b\n",
            "a: 1\n---\nb: 2\n",
            "a: b: c\n",
            "a: - b\n",
            "? complex\n: key\n",
            "a:\n    b: 1\n  c: 2\n",
            "a: 1\n- b\n",
            "a: 'unterminated\n",
            // Quoted scalars over lines, whose lines look like keys or items.
            "a: \"x\n  b: y\"\n",
            "a: \"x\nb: y\"\n",
            "a: 'x\n- b'\n",
            "a:\n  \"x\n  b: y\"\n",
            "- \"x\n  b: y\"\n",
            "a: 'x\n  ''b: y'''\nc: d\n",
            "a: 12\n",
            "",
            "# only a comment\n",
        ];
        for t in out {
            assert!(from_str::<Value>(t).is_none(), "fast path accepted {t:?}");
        }
    }

    #[test]
    fn deep_nesting_gives_up_without_recursing_far() {
        let mut t = String::new();
        for i in 0..5000 {
            t.push_str(&" ".repeat(i));
            t.push_str("a:\n");
        }
        assert!(from_str::<Value>(&t).is_none());
        let dashes = "- ".repeat(5000) + "x\n";
        assert!(from_str::<Value>(&dashes).is_none());
    }
}
