//! Positions in the pasted text and structural paths into parsed documents.

use std::borrow::Cow;
use std::fmt;

/// A 1-based line and column. Columns count characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One step of a [`Path`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum Seg {
    /// A mapping key. Field names known at compile time are borrowed
    /// ([`Path::field`]), so building and copying paths such as
    /// `users[3].user.exec` allocates no strings: rules build tens of
    /// thousands of them on a large kubeconfig.
    Key(Cow<'static, str>),
    Index(usize),
}

/// A structural path such as `users[0].user.exec.apiVersion`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn root() -> Self {
        Path(Vec::new())
    }
    /// This path with a key appended.
    pub fn k(&self, key: &str) -> Self {
        // Sized once: clone-then-push allocated twice, for every path of every rule.
        let mut v = Vec::with_capacity(self.0.len() + 1);
        v.extend(self.0.iter().cloned());
        v.push(Seg::Key(Cow::Owned(key.to_string())));
        Path(v)
    }
    /// This path with a field name known at compile time appended; unlike
    /// [`Path::k`] it allocates no string for the key.
    pub fn field(&self, key: &'static str) -> Self {
        let mut v = Vec::with_capacity(self.0.len() + 1);
        v.extend(self.0.iter().cloned());
        v.push(Seg::Key(Cow::Borrowed(key)));
        Path(v)
    }
    /// This path with a sequence index appended.
    pub fn i(&self, index: usize) -> Self {
        let mut v = Vec::with_capacity(self.0.len() + 1);
        v.extend(self.0.iter().cloned());
        v.push(Seg::Index(index));
        Path(v)
    }
    pub fn segments(&self) -> &[Seg] {
        &self.0
    }
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
    /// The path without its last segment.
    pub fn parent(&self) -> Path {
        let mut p = self.clone();
        p.0.pop();
        p
    }
    /// Parses the display form back (`a.b[0]["x.y"]`). Used by tests and fixtures.
    pub fn parse(s: &str) -> Path {
        let mut segs = Vec::new();
        let chars: Vec<char> = s.chars().collect();
        let mut i = 0;
        let mut cur = String::new();
        while i < chars.len() {
            match chars[i] {
                '.' => {
                    if !cur.is_empty() {
                        segs.push(Seg::Key(std::mem::take(&mut cur).into()));
                    }
                    i += 1;
                }
                '[' => {
                    if !cur.is_empty() {
                        segs.push(Seg::Key(std::mem::take(&mut cur).into()));
                    }
                    i += 1;
                    if chars.get(i) == Some(&'"') {
                        i += 1;
                        let mut key = String::new();
                        while i < chars.len() && chars[i] != '"' {
                            key.push(chars[i]);
                            i += 1;
                        }
                        i += 2; // closing quote and bracket
                        segs.push(Seg::Key(key.into()));
                    } else {
                        let mut num = String::new();
                        while i < chars.len() && chars[i] != ']' {
                            num.push(chars[i]);
                            i += 1;
                        }
                        i += 1;
                        segs.push(Seg::Index(num.parse().unwrap_or(0)));
                    }
                }
                c => {
                    cur.push(c);
                    i += 1;
                }
            }
        }
        if !cur.is_empty() {
            segs.push(Seg::Key(cur.into()));
        }
        Path(segs)
    }
}

fn plain_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document)");
        }
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if plain_key(k) => {
                    if n > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Seg::Key(k) => write!(f, "[\"{}\"]", k.replace('"', "\\\""))?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// Maps byte offsets to line:column and gives access to single lines.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        super::scan::line_starts(text, &mut starts);
        LineIndex { text, starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The position of a byte offset (clamped into the text).
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = self.starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() + 1;
        Pos::new(line as u32 + 1, column as u32)
    }

    /// Like [`LineIndex::pos`] for an offset known to be on 1-based `line`:
    /// skips the search for the line (the position index asks once per key).
    pub fn pos_on_line(&self, line: u32, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let start = (line as usize)
            .checked_sub(1)
            .and_then(|l| self.starts.get(l).copied());
        let next = self.starts.get(line as usize).copied();
        match start {
            Some(start) if start <= offset && next.is_none_or(|n| offset < n) => {
                match self.text.get(start..offset) {
                    Some(s) => Pos::new(line, s.chars().count() as u32 + 1),
                    None => self.pos(offset),
                }
            }
            _ => self.pos(offset),
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: u32) -> Option<&'a str> {
        let l = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(l)?;
        let end = self
            .starts
            .get(l + 1)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches('\r'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_jsonpath_and_parse_back() {
        let p = Path::root()
            .k("users")
            .i(0)
            .k("user")
            .k("exec")
            .k("apiVersion");
        assert_eq!(p.to_string(), "users[0].user.exec.apiVersion");
        assert_eq!(Path::parse(&p.to_string()), p);
        let q = Path::root()
            .k("metadata")
            .k("annotations")
            .k("eks.amazonaws.com/role-arn");
        assert_eq!(
            q.to_string(),
            "metadata.annotations[\"eks.amazonaws.com/role-arn\"]"
        );
        assert_eq!(Path::parse(&q.to_string()), q);
    }

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let idx = LineIndex::new("a: 1\nnäme: x\n");
        assert_eq!(idx.pos(0), Pos::new(1, 1));
        assert_eq!(idx.pos(5), Pos::new(2, 1));
        assert_eq!(idx.pos(12), Pos::new(2, 7));
        assert_eq!(idx.line(2), Some("näme: x"));
        assert_eq!(idx.line(3), Some(""));
        assert_eq!(idx.line(4), None);
    }

    #[test]
    fn pos_on_line_agrees_with_pos() {
        let text = "\u{feff}a: 1\nnäme: x\r\n\nlast";
        let idx = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            let p = idx.pos(offset);
            assert_eq!(idx.pos_on_line(p.line, offset), p, "offset {offset}");
            // A wrong line hint falls back to the search.
            assert_eq!(idx.pos_on_line(p.line + 1, offset), p, "offset {offset}");
        }
    }
}
