//! A fast, panic-free index from structural paths to positions in YAML text.
//!
//! serde_yaml gives typed values but no positions; this module scans the text
//! once (linear time, no recursion on block structure) and records where every
//! mapping key and sequence item starts, so a finding at
//! `users[0].user.exec.apiVersion` can point at its line and column. It
//! understands block mappings and sequences, flow (`{}` / `[]`, so JSON too),
//! quoted and block scalars, comments, anchors, tags and `---` documents. It
//! does not validate: serde_yaml does that. On YAML it cannot follow it simply
//! records less, and lookups fall back to the nearest known ancestor.

use super::finding::Locate;
use super::scan;
use super::source::{Path, Pos, Seg};
use std::borrow::Cow;
use std::ops::Range;

const MAX_FLOW_DEPTH: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Null,
    Scalar,
    Map,
    Seq,
}

/// A node: where its value starts, and for a collection the range of
/// `PosTree::entries` that holds its keys or items, in document order.
#[derive(Debug, Clone)]
struct Node {
    pos: Pos,
    kind: Kind,
    children: Range<usize>,
}

/// A mapping entry or a sequence item: the key (a range of `PosTree::keys`,
/// empty for items), where the key or dash is, and the value's node.
#[derive(Debug, Clone, Default)]
struct Entry {
    key: Range<usize>,
    pos: Pos,
    node: usize,
}

/// Positions of the keys and items of every document in a YAML text.
///
/// Everything lives in three flat vectors and one string, so a file with tens
/// of thousands of keys costs a handful of allocations, not one per key and
/// one per mapping.
#[derive(Debug, Clone, Default)]
pub struct PosTree {
    nodes: Vec<Node>,
    /// The children of every collection, grouped by parent (see `Node::children`).
    entries: Vec<Entry>,
    /// Every mapping key, one after the other.
    keys: String,
    docs: Vec<usize>,
    /// Line offset added to every position (for YAML embedded in a block scalar).
    line_offset: u32,
    /// Column offset added to every position (the block scalar's indentation).
    column_offset: u32,
}

/// A [`PosTree`] built on first use.
///
/// Indexing a 2 MB kubeconfig is a sixth of `eksplain check`'s work, and a
/// clean file needs no position at all: rules locate a path only when they
/// report. Locating here (as a [`Locate`]) looks in the first document.
pub struct LazyPosTree<'a> {
    text: &'a str,
    tree: std::cell::OnceCell<PosTree>,
    /// Set when the caller knows the text holds at most one document.
    single_document: bool,
}

impl<'a> LazyPosTree<'a> {
    /// An index of `text`, built when first asked for.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            tree: std::cell::OnceCell::new(),
            single_document: false,
        }
    }

    /// Like [`LazyPosTree::new`] for a text known to hold at most one
    /// document, so [`LazyPosTree::multiple_documents`] needs no index.
    pub fn single_document(text: &'a str) -> Self {
        Self {
            single_document: true,
            ..Self::new(text)
        }
    }

    /// The index, built now if it was not yet.
    pub fn tree(&self) -> &PosTree {
        self.tree.get_or_init(|| PosTree::new(self.text))
    }

    /// True when the text holds two documents or more.
    pub fn multiple_documents(&self) -> bool {
        !self.single_document && self.tree().doc_count() >= 2
    }
}

impl std::ops::Deref for LazyPosTree<'_> {
    type Target = PosTree;
    fn deref(&self) -> &PosTree {
        self.tree()
    }
}

impl Locate for LazyPosTree<'_> {
    fn locate(&self, path: &Path) -> Option<Pos> {
        self.tree().locate(0, path)
    }
}

/// Finds positions in one document of a [`PosTree`].
pub struct DocLocator<'a> {
    pub tree: &'a PosTree,
    pub doc: usize,
}

impl Locate for DocLocator<'_> {
    fn locate(&self, path: &Path) -> Option<Pos> {
        self.tree.locate(self.doc, path)
    }
}

impl PosTree {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        Builder::new(text).run()
    }

    /// Indexes YAML found inside another document: every position is shifted by
    /// `line_offset` lines and, on each line, `column_offset` columns.
    pub fn embedded(text: &str, line_offset: u32, column_offset: u32) -> Self {
        let mut t = Self::new(text);
        t.line_offset = line_offset;
        t.column_offset = column_offset;
        t
    }

    pub fn doc_count(&self) -> usize {
        self.docs.len()
    }

    fn shift(&self, p: Pos) -> Pos {
        Pos::new(p.line + self.line_offset, p.column + self.column_offset)
    }

    fn key(&self, e: &Entry) -> &str {
        self.keys.get(e.key.clone()).unwrap_or("")
    }

    /// The entry `seg` selects in `node`: the last entry with that key (as
    /// serde_yaml keeps the last of duplicate keys), or the item at that index.
    fn child(&self, node: usize, seg: &Seg) -> Option<&Entry> {
        let n = self.nodes.get(node)?;
        let children = self.entries.get(n.children.clone())?;
        match (n.kind, seg) {
            (Kind::Map, Seg::Key(k)) => children.iter().rev().find(|e| self.key(e) == k),
            (Kind::Seq, Seg::Index(i)) => children.get(*i),
            _ => None,
        }
    }

    /// The position of `path` in document `doc`: the key for a mapping entry, the
    /// dash for a sequence item. A path that does not exist resolves to its
    /// deepest existing ancestor, so "missing field" findings point at the parent.
    pub fn locate(&self, doc: usize, path: &Path) -> Option<Pos> {
        let mut node = *self.docs.get(doc)?;
        let mut best = self.nodes.get(node)?.pos;
        for seg in path.segments() {
            match self.child(node, seg) {
                Some(e) => {
                    best = e.pos;
                    node = e.node;
                }
                None => break,
            }
        }
        Some(self.shift(best))
    }

    /// The position of the value at `path` (where the value itself starts), if
    /// the whole path exists.
    pub fn locate_value(&self, doc: usize, path: &Path) -> Option<Pos> {
        let node = self.node_at(doc, path)?;
        Some(self.shift(self.nodes.get(node)?.pos))
    }

    /// The keys of the mapping at `path`, in order, with their positions (none
    /// if there is no mapping there).
    pub fn keys(&self, doc: usize, path: &Path) -> impl Iterator<Item = (&str, Pos)> + '_ {
        let entries = self
            .node_at(doc, path)
            .and_then(|n| self.nodes.get(n))
            .filter(|n| n.kind == Kind::Map)
            .and_then(|n| self.entries.get(n.children.clone()))
            .unwrap_or_default();
        entries.iter().map(|e| (self.key(e), self.shift(e.pos)))
    }

    fn node_at(&self, doc: usize, path: &Path) -> Option<usize> {
        let mut node = *self.docs.get(doc)?;
        for seg in path.segments() {
            node = self.child(node, seg)?.node;
        }
        Some(node)
    }
}

struct Frame {
    indent: usize,
    is_seq: bool,
    node: usize,
}

struct Pending {
    indent: isize,
    node: usize,
    /// A mapping value may be a sequence at the key's own indentation.
    same_indent_dash: bool,
}

struct Builder<'a> {
    text: &'a str,
    /// The line being read. It starts before a byte order mark: columns count
    /// it, as `LineIndex` does.
    line: ForwardLines,
    /// Line and column of the flow parser's offsets.
    flow_lines: ForwardLines,
    nodes: Vec<Node>,
    /// Children in document order, each with its parent node; `finish`
    /// groups them by parent.
    children: Vec<(usize, Entry)>,
    keys: String,
    docs: Vec<usize>,
    frames: Vec<Frame>,
    pending: Option<Pending>,
    block_scalar_parent: Option<usize>,
    /// The quote (`"` or `'`) of a scalar left open at the end of a line: the
    /// lines up to the one that closes it are its content, not structure.
    open_quote: Option<u8>,
    /// Byte offset up to which a flow collection already consumed the text.
    skip_until: usize,
    /// An explicit key (`? name`) read on the line before, with its
    /// indentation and value node: a `: value` line at that indentation is
    /// its value.
    explicit_key: Option<(usize, usize)>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Self {
        Builder {
            text,
            line: ForwardLines::default(),
            flow_lines: ForwardLines::default(),
            nodes: Vec::new(),
            children: Vec::new(),
            keys: String::new(),
            docs: Vec::new(),
            frames: Vec::new(),
            pending: None,
            block_scalar_parent: None,
            open_quote: None,
            skip_until: 0,
            explicit_key: None,
        }
    }

    fn alloc(&mut self, pos: Pos) -> usize {
        self.nodes.push(Node {
            pos,
            kind: Kind::Null,
            children: 0..0,
        });
        self.nodes.len() - 1
    }

    fn set_kind(&mut self, node: usize, kind: Kind) {
        if let Some(n) = self.nodes.get_mut(node) {
            n.kind = kind;
        }
    }

    fn set_pos(&mut self, node: usize, pos: Pos) {
        if let Some(n) = self.nodes.get_mut(node) {
            n.pos = pos;
        }
    }

    /// Records `child` as the next key (for a mapping) or item (for a
    /// sequence, with an empty key) of `parent`.
    fn add_child(&mut self, parent: usize, kind: Kind, key: &str, pos: Pos, child: usize) {
        if self.nodes.get(parent).map(|n| n.kind) != Some(kind) {
            return;
        }
        let start = self.keys.len();
        self.keys.push_str(key);
        let entry = Entry {
            key: start..self.keys.len(),
            pos,
            node: child,
        };
        self.children.push((parent, entry));
    }

    /// Groups the children by parent (a counting sort: stable, linear) so that
    /// each collection's keys or items are one slice of `PosTree::entries`.
    fn finish(mut self) -> PosTree {
        for (parent, _) in &self.children {
            if let Some(n) = self.nodes.get_mut(*parent) {
                n.children.end += 1;
            }
        }
        let mut start = 0;
        for n in &mut self.nodes {
            let len = n.children.end;
            n.children = start..start;
            start += len;
        }
        // `children.end` now counts the entries placed so far.
        let mut entries = vec![Entry::default(); self.children.len()];
        for (parent, entry) in self.children {
            if let Some(n) = self.nodes.get_mut(parent) {
                if let Some(slot) = entries.get_mut(n.children.end) {
                    *slot = entry;
                }
                n.children.end += 1;
            }
        }
        PosTree {
            nodes: self.nodes,
            entries,
            keys: self.keys,
            docs: self.docs,
            line_offset: 0,
            column_offset: 0,
        }
    }

    fn start_doc(&mut self, pos: Pos) {
        let root = self.alloc(pos);
        self.docs.push(root);
        self.frames.clear();
        self.block_scalar_parent = None;
        self.open_quote = None;
        self.pending = Some(Pending {
            indent: -1,
            node: root,
            same_indent_dash: true,
        });
    }

    fn run(mut self) -> PosTree {
        let text = self.text;
        let mut offset = 0usize;
        let mut line_no = 0u32;
        let mut started = false;
        for raw in super::scan::lines_inclusive(text) {
            line_no += 1;
            let start = offset;
            self.line = ForwardLines {
                line: line_no - 1,
                line_start: start,
                last: start,
                chars: 0,
            };
            offset += raw.len();
            let line = scan::trim_line_end(raw);
            let line = if line_no == 1 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            };
            let start = if line_no == 1 {
                start + raw.len() - raw.trim_start_matches('\u{feff}').len()
            } else {
                start
            };
            if offset <= self.skip_until {
                continue;
            }
            if start < self.skip_until {
                // The rest of a line whose beginning closed a flow collection.
                continue;
            }
            if let Some(q) = self.open_quote {
                // A quoted scalar may go on over lines, indented any way:
                // `"hunter2` / `and-more: secret"` is one string. libyaml ends
                // it (with an error) only at a document marker in column 0.
                if !is_document_marker(line) {
                    if scan::closing_quote(line, q).is_some() {
                        self.open_quote = None;
                    }
                    continue;
                }
                self.open_quote = None;
            }
            let indent = line.len() - scan::trim_spaces_start(line).len();
            let rest = &line[indent..];
            if let Some(parent) = self.block_scalar_parent {
                if rest.is_empty() || indent > parent {
                    continue;
                }
                self.block_scalar_parent = None;
            }
            if rest.is_empty() || scan::starts(rest, b'#') {
                continue;
            }
            if indent == 0
                && (rest == "---" || rest.starts_with("--- ") || rest.starts_with("---\t"))
            {
                self.start_doc(Pos::new(line_no, 1));
                started = true;
                let after = scan::trim_whitespace_start(&rest[3..]);
                if scan::starts(after, b'{') || scan::starts(after, b'[') {
                    let off = start + line.len() - after.len();
                    self.flow_into_pending(off);
                }
                continue;
            }
            if indent == 0 && (rest == "..." || rest.starts_with("... ")) {
                self.frames.clear();
                self.pending = None;
                continue;
            }
            if indent == 0 && scan::starts(rest, b'%') {
                continue;
            }
            if !started {
                self.start_doc(Pos::new(line_no, 1));
                started = true;
            }
            self.content(line_no, start, indent, rest);
        }
        if self.docs.is_empty() {
            let root = self.alloc(Pos::new(1, 1));
            self.docs.push(root);
        }
        self.finish()
    }

    /// The column of byte `byte_in_line` of the line being read, which starts
    /// at `line_start` (after a byte order mark).
    fn col(&self, line_start: usize, byte_in_line: usize) -> u32 {
        let end = (line_start + byte_in_line).min(self.text.len());
        column(self.text, self.line.line_start, end)
    }

    fn flow_pos(&mut self, offset: usize) -> Pos {
        self.flow_lines.pos(self.text, offset)
    }

    /// Handles the content of one line that starts at byte `indent` of the line.
    fn content(&mut self, line_no: u32, line_start: usize, mut indent: usize, mut rest: &'a str) {
        let explicit = self.explicit_key.take();
        loop {
            let dash = scan::starts(rest, b'-')
                && matches!(rest.as_bytes().get(1), None | Some(b' ' | b'\t'));
            // Split once: both branches below need it.
            let explicit_key = if dash { None } else { explicit_key(rest) };
            let split = if dash {
                None
            } else {
                key_split(rest).or_else(|| explicit_key.clone().map(|k| (k, rest.len())))
            };
            let pos = Pos::new(line_no, self.col(line_start, indent));
            if let Some(p) = self.pending.take() {
                let i = indent as isize;
                if i > p.indent || (i == p.indent && dash && p.same_indent_dash) {
                    self.set_pos(p.node, pos);
                    if dash {
                        self.set_kind(p.node, Kind::Seq);
                        self.frames.push(Frame {
                            indent,
                            is_seq: true,
                            node: p.node,
                        });
                    } else if split.is_some() {
                        self.set_kind(p.node, Kind::Map);
                        self.frames.push(Frame {
                            indent,
                            is_seq: false,
                            node: p.node,
                        });
                    } else {
                        let value = strip_props(rest);
                        if scan::starts(value, b'{') || scan::starts(value, b'[') {
                            let off = line_start + indent + (rest.len() - value.len());
                            self.pending = Some(p);
                            self.flow_into_pending(off);
                        } else {
                            self.set_kind(p.node, Kind::Scalar);
                            if scan::starts(value, b'|') || scan::starts(value, b'>') {
                                self.block_scalar_parent = Some(p.indent.max(0) as usize);
                            }
                            self.open_quote = unclosed_quote(value);
                        }
                        return;
                    }
                }
            }
            // A sequence may sit at its parent key's indentation; a key line there ends it.
            while self
                .frames
                .last()
                .is_some_and(|f| f.indent > indent || (f.indent == indent && f.is_seq && !dash))
            {
                self.frames.pop();
            }
            let Some(top) = self.frames.last() else {
                return;
            };
            if top.indent < indent || top.is_seq != dash {
                return;
            }
            let top_node = top.node;
            if dash {
                let item = self.alloc(pos);
                self.add_child(top_node, Kind::Seq, "", pos, item);
                let after = &rest[1..];
                let trimmed = scan::trim_blanks_start(after);
                self.pending = Some(Pending {
                    indent: indent as isize,
                    node: item,
                    same_indent_dash: false,
                });
                if trimmed.is_empty() || scan::starts(trimmed, b'#') {
                    return;
                }
                indent += 1 + (after.len() - trimmed.len());
                rest = trimmed;
                continue;
            }
            let Some((key, value_at)) = split else {
                return;
            };
            // `: value` after `? key` is that key's value, not an empty key.
            let value_node = match explicit {
                Some((at, node)) if at == indent && scan::starts(rest, b':') => node,
                _ => {
                    let node = self.alloc(pos);
                    self.add_child(top_node, Kind::Map, &key, pos, node);
                    node
                }
            };
            if explicit_key.is_some() {
                self.explicit_key = Some((indent, value_node));
            }
            let raw_value = &rest[value_at..];
            let value = strip_props(scan::trim_whitespace_start(raw_value));
            if value.is_empty() || scan::starts(value, b'#') {
                self.pending = Some(Pending {
                    indent: indent as isize,
                    node: value_node,
                    same_indent_dash: true,
                });
                return;
            }
            let voff = line_start + indent + value_at + (raw_value.len() - value.len());
            let value_col = self.col(
                line_start,
                indent + value_at + raw_value.len() - value.len(),
            );
            self.set_pos(value_node, Pos::new(line_no, value_col));
            if scan::starts(value, b'|') || scan::starts(value, b'>') {
                self.set_kind(value_node, Kind::Scalar);
                self.block_scalar_parent = Some(indent);
            } else if scan::starts(value, b'{') || scan::starts(value, b'[') {
                self.pending = Some(Pending {
                    indent: indent as isize,
                    node: value_node,
                    same_indent_dash: false,
                });
                self.flow_into_pending(voff);
            } else {
                self.set_kind(value_node, Kind::Scalar);
                self.open_quote = unclosed_quote(value);
            }
            return;
        }
    }

    /// Parses a flow collection starting at byte `off` into the pending node.
    fn flow_into_pending(&mut self, off: usize) {
        let Some(p) = self.pending.take() else { return };
        // The collection starts on the line being read.
        self.flow_lines = self.line;
        let mut parser = Flow {
            text: self.text.as_bytes(),
            at: off,
        };
        let node = p.node;
        self.flow_value(&mut parser, node, 0);
        self.skip_until = parser.at;
    }

    fn flow_value(&mut self, f: &mut Flow, node: usize, depth: usize) {
        f.skip_ws();
        let pos = self.flow_pos(f.at);
        self.set_pos(node, pos);
        match f.peek() {
            Some(b'{') if depth < MAX_FLOW_DEPTH => {
                f.at += 1;
                self.set_kind(node, Kind::Map);
                loop {
                    f.skip_ws();
                    match f.peek() {
                        None => return,
                        Some(b'}') => {
                            f.at += 1;
                            return;
                        }
                        Some(b',') => {
                            f.at += 1;
                            continue;
                        }
                        _ => {}
                    }
                    let kpos = self.flow_pos(f.at);
                    let start = f.at;
                    let key = f.scalar(true);
                    let child = self.alloc(kpos);
                    self.add_child(node, Kind::Map, &key, kpos, child);
                    f.skip_ws();
                    if f.peek() == Some(b':') {
                        f.at += 1;
                        self.flow_value(f, child, depth + 1);
                    }
                    if f.at == start {
                        f.at += 1; // never loop without progress
                    }
                }
            }
            Some(b'[') if depth < MAX_FLOW_DEPTH => {
                f.at += 1;
                self.set_kind(node, Kind::Seq);
                loop {
                    f.skip_ws();
                    match f.peek() {
                        None => return,
                        Some(b']') => {
                            f.at += 1;
                            return;
                        }
                        Some(b',') => {
                            f.at += 1;
                            continue;
                        }
                        _ => {}
                    }
                    let ipos = self.flow_pos(f.at);
                    let start = f.at;
                    let child = self.alloc(ipos);
                    self.add_child(node, Kind::Seq, "", ipos, child);
                    self.flow_value(f, child, depth + 1);
                    if f.at == start {
                        f.at += 1;
                    }
                }
            }
            Some(b'{') | Some(b'[') => {
                // Too deep to index: skip to the matching bracket without recursion.
                f.skip_balanced();
            }
            Some(b'}') | Some(b']') | Some(b',') | None => {}
            Some(_) => {
                f.scalar(false);
                self.set_kind(node, Kind::Scalar);
            }
        }
    }
}

/// The 1-based column of byte `offset` on a line starting at byte `line_start`
/// (both clamped into the text and down to a character boundary).
fn column(text: &str, line_start: usize, offset: usize) -> u32 {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let chars = text
        .get(line_start.min(end)..end)
        .map_or(0, |s| s.chars().count());
    chars as u32 + 1
}

/// Line:column of byte offsets that (almost always) increase, as the flow
/// parser asks for them: each call only counts the line breaks since the last
/// one, so indexing a whole JSON file stays linear without a table of line starts.
#[derive(Clone, Copy, Default)]
struct ForwardLines {
    /// 0-based line of `line_start`.
    line: u32,
    line_start: usize,
    /// The last offset asked for on this line and the characters before it
    /// on the line: a long one-line flow list (`[a, b, …]`, 30,000 items)
    /// counts each character once, not once per item.
    last: usize,
    chars: u32,
}

impl ForwardLines {
    fn pos(&mut self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        if offset < self.line_start {
            // Never happens for the flow parser; start over rather than be wrong.
            *self = ForwardLines::default();
        }
        let bytes = text.as_bytes();
        // No line break lies between the line's start and the last offset.
        let mut from = match self.last >= self.line_start && self.last <= offset {
            true => self.last,
            false => self.line_start,
        };
        while let Some(i) = bytes
            .get(from..offset)
            .and_then(|gap| super::scan::find(gap, b'\n'))
        {
            self.line += 1;
            self.line_start = from + i + 1;
            from = self.line_start;
        }
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if self.last < self.line_start || self.last > end {
            self.last = self.line_start;
            self.chars = 0;
        }
        let counted = text.get(self.last..end).map_or(0, |s| s.chars().count());
        self.chars += counted as u32;
        self.last = end;
        Pos::new(self.line + 1, self.chars + 1)
    }
}

struct Flow<'t> {
    text: &'t [u8],
    at: usize,
}

impl<'t> Flow<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\n' | b'\r' => self.at += 1,
                b'#' => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.at += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                b'"' | b'\'' => {
                    self.at -= 1;
                    self.quoted();
                }
                _ => {}
            }
        }
    }

    fn quoted(&mut self) -> Cow<'t, str> {
        let q = self.text[self.at];
        self.at += 1;
        let start = self.at;
        while let Some(c) = self.peek() {
            if c == b'\\' && q == b'"' {
                self.at += 2;
                continue;
            }
            if c == q {
                if q == b'\'' && self.text.get(self.at + 1) == Some(&b'\'') {
                    self.at += 2;
                    continue;
                }
                let s = String::from_utf8_lossy(&self.text[start..self.at]);
                self.at += 1;
                return s;
            }
            self.at += 1;
        }
        self.at = self.at.min(self.text.len());
        String::from_utf8_lossy(&self.text[start.min(self.text.len())..])
    }

    /// A flow scalar; as a key it ends at `:` followed by space or a flow indicator.
    fn scalar(&mut self, is_key: bool) -> Cow<'t, str> {
        if matches!(self.peek(), Some(b'"') | Some(b'\'')) {
            return self.quoted();
        }
        let start = self.at;
        while let Some(c) = self.peek() {
            match c {
                b',' | b'}' | b']' | b'\n' => break,
                b':' if is_key => {
                    let next = self.text.get(self.at + 1).copied();
                    if matches!(
                        next,
                        None | Some(b' ')
                            | Some(b'\t')
                            | Some(b'\n')
                            | Some(b'\r')
                            | Some(b',')
                            | Some(b'}')
                            | Some(b']')
                    ) {
                        break;
                    }
                    self.at += 1;
                }
                _ => self.at += 1,
            }
        }
        match String::from_utf8_lossy(&self.text[start..self.at]) {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
        }
    }
}

/// True for a `---` or `...` line: in column 0, it ends even a quoted scalar.
fn is_document_marker(line: &str) -> bool {
    (line.starts_with("---") || line.starts_with("..."))
        && matches!(line.as_bytes().get(3), None | Some(b' ' | b'\t'))
}

/// The quote of a quoted scalar `value` (what follows a key or dash) that
/// does not close on its line.
fn unclosed_quote(value: &str) -> Option<u8> {
    let q = *value.as_bytes().first()?;
    let open = matches!(q, b'"' | b'\'') && scan::closing_quote(&value[1..], q).is_none();
    open.then_some(q)
}

/// Strips anchors (`&a`) and tags (`!t`, `!!str`) in front of a value.
fn strip_props(mut v: &str) -> &str {
    loop {
        v = scan::trim_blanks_start(v);
        if scan::starts(v, b'&') || scan::starts(v, b'!') {
            match v.find([' ', '\t']) {
                Some(sp) => v = &v[sp..],
                None => return "",
            }
        } else {
            return v;
        }
    }
}

/// If `rest` is a block mapping entry `key: value`, returns the key and the
/// byte index where the value part starts (after the colon).
/// The key of an explicit-key line, `? name` or `? "name"`: a scalar on the
/// `?` line itself. A collection as a key (`? [a, b]`) is no string key, and
/// kubectl refuses it (`invalid map key`): `None`.
fn explicit_key(rest: &str) -> Option<Cow<'_, str>> {
    let key = rest
        .strip_prefix("? ")
        .or_else(|| rest.strip_prefix("?\t"))?;
    let key = key.split(" #").next().unwrap_or("").trim();
    if key.is_empty() || key.starts_with(['[', '{', '?', '-', '|', '>', '#']) {
        return None;
    }
    if let Some((k, _)) = key_split(&format!("{key}:")) {
        return Some(Cow::Owned(k.into_owned()));
    }
    None
}

fn key_split(rest: &str) -> Option<(Cow<'_, str>, usize)> {
    let b = rest.as_bytes();
    let first = *b.first()?;
    if first == b'"' || first == b'\'' {
        let mut i = 1;
        let mut key = Vec::new();
        while i < b.len() {
            if first == b'"' && b[i] == b'\\' && i + 1 < b.len() {
                key.push(b[i + 1]);
                i += 2;
                continue;
            }
            if b[i] == first {
                if first == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    key.push(b'\'');
                    i += 2;
                    continue;
                }
                break;
            }
            key.push(b[i]);
            i += 1;
        }
        let mut j = i + 1;
        while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
            j += 1;
        }
        if j < b.len()
            && b[j] == b':'
            && (j + 1 == b.len() || b[j + 1] == b' ' || b[j + 1] == b'\t')
        {
            return Some((
                Cow::Owned(String::from_utf8_lossy(&key).into_owned()),
                j + 1,
            ));
        }
        return None;
    }
    if matches!(
        first,
        b'[' | b'{' | b'#' | b'|' | b'>' | b'*' | b'&' | b'!' | b'%' | b'@' | b'`' | b'?'
    ) {
        return None;
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b':' if i + 1 == b.len() || b[i + 1] == b' ' || b[i + 1] == b'\t' => {
                let key = rest[..i].trim_end();
                return Some((Cow::Borrowed(key), i + 1));
            }
            b'#' if i > 0 && (b[i - 1] == b' ' || b[i - 1] == b'\t') => return None,
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(tree: &PosTree, path: &str) -> (u32, u32) {
        let p = tree.locate(0, &Path::parse(path)).unwrap();
        (p.line, p.column)
    }

    pub const KUBECONFIG: &str = "apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTg==
    server: https://ABC.gr7.us-west-2.eks.amazonaws.com
  name: arn:aws:eks:us-west-2:111122223333:cluster/demo
contexts:
- context:
    cluster: arn:aws:eks:us-west-2:111122223333:cluster/demo
    user: arn:aws:eks:us-west-2:111122223333:cluster/demo
  name: demo
current-context: demo
kind: Config
preferences: {}
users:
- name: arn:aws:eks:us-west-2:111122223333:cluster/demo
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-west-2
      command: aws
";

    #[test]
    fn finds_keys_and_items_in_block_yaml() {
        let t = PosTree::new(KUBECONFIG);
        assert_eq!(at(&t, "clusters[0].cluster.server"), (5, 5));
        assert_eq!(at(&t, "clusters[0].name"), (6, 3));
        assert_eq!(at(&t, "users[0].user.exec.apiVersion"), (19, 7));
        assert_eq!(at(&t, "users[0].user.exec.args[1]"), (22, 7));
        assert_eq!(at(&t, "users[0].user.exec.command"), (23, 7));
        assert_eq!(at(&t, "current-context"), (12, 1));
    }

    #[test]
    fn missing_paths_fall_back_to_the_deepest_ancestor() {
        let t = PosTree::new(KUBECONFIG);
        assert_eq!(at(&t, "users[0].user.exec.interactiveMode"), (18, 5));
        assert_eq!(at(&t, "users[7].user"), (15, 1));
    }

    #[test]
    fn indexes_json_and_flow_collections() {
        let json = "{\n  \"apiVersion\": \"v1\",\n  \"clusters\": [\n    {\"name\": \"a\", \"cluster\": {\"server\": \"https://x\"}}\n  ]\n}\n";
        let t = PosTree::new(json);
        assert_eq!(at(&t, "apiVersion"), (2, 3));
        assert_eq!(at(&t, "clusters[0].cluster.server"), (4, 31));
        let t = PosTree::new("a: {b: 1, c: [x, {d: 2}]}\nz: 1\n");
        assert_eq!(at(&t, "a.c[1].d"), (1, 19));
        assert_eq!(at(&t, "z"), (2, 1));
    }

    #[test]
    fn a_long_flow_line_counts_columns_as_it_goes() {
        // Multi-byte characters before and between the items, a line break
        // inside the list, and items asked for out of order.
        let text = "é: [ü, {ä: 1}, x,\n  ö, y]\nz: [a]\n";
        let t = PosTree::new(text);
        assert_eq!(at(&t, "é[0]"), (1, 5));
        assert_eq!(at(&t, "é[1].ä"), (1, 9));
        assert_eq!(at(&t, "é[2]"), (1, 16));
        assert_eq!(at(&t, "é[3]"), (2, 3));
        assert_eq!(at(&t, "é[4]"), (2, 6));
        assert_eq!(at(&t, "é[0]"), (1, 5));
        assert_eq!(at(&t, "z[0]"), (3, 5));
        let items: Vec<String> = (0..3000).map(|i| format!("ü{i}")).collect();
        let long = format!("k: [{}]\n", items.join(", "));
        let t = PosTree::new(&long);
        let col = 5
            + (0..2999)
                .map(|i| items[i].chars().count() + 2)
                .sum::<usize>();
        assert_eq!(at(&t, "k[2999]"), (1, col as u32));
    }

    #[test]
    fn columns_count_characters_like_the_line_index() {
        use crate::core::source::LineIndex;
        let text = "\u{feff}{\"näme\": {\"ü\": [1,\n  \"x\", {\"k\": 2}]},\n \"b\": 3}\n";
        let lines = LineIndex::new(text);
        let t = PosTree::new(text);
        for (path, key) in [
            ("[\"näme\"]", "\"näme\""),
            ("[\"näme\"][\"ü\"][2].k", "\"k\""),
            ("b", "\"b\""),
        ] {
            let offset = text.find(key).unwrap();
            assert_eq!(
                t.locate(0, &Path::parse(path)),
                Some(lines.pos(offset)),
                "{path}"
            );
        }
        let text = "\u{feff}a: 1\nnäme: {ü: x}\n";
        let t = PosTree::new(text);
        let lines = LineIndex::new(text);
        assert_eq!(t.locate(0, &Path::parse("a")), Some(lines.pos(3)));
        let offset = text.find("ü").unwrap();
        assert_eq!(
            t.locate(0, &Path::parse("[\"näme\"][\"ü\"]")),
            Some(lines.pos(offset))
        );
    }

    #[test]
    fn block_scalars_and_multiple_documents() {
        let t = PosTree::new("a: |\n  b: 1\n  c: 2\nd: 3\n---\ne: 4\n");
        assert_eq!(at(&t, "d"), (4, 1));
        assert_eq!(t.locate(0, &Path::parse("a.b")).unwrap(), Pos::new(1, 1));
        assert_eq!(t.doc_count(), 2);
        assert_eq!(t.locate(1, &Path::parse("e")).unwrap(), Pos::new(6, 1));
    }

    #[test]
    fn nested_sequences_on_one_line_and_quoted_keys() {
        let t = PosTree::new("x:\n  - - a\n    - b\n\"q: k\": 1\n'it''s': 2\n");
        assert_eq!(at(&t, "x[0][1]"), (3, 5));
        assert_eq!(at(&t, "[\"q: k\"]"), (4, 1));
        assert_eq!(at(&t, "it's"), (5, 1));
    }

    #[test]
    fn a_quoted_scalar_over_lines_is_one_value_whatever_its_lines_hold() {
        // YAML reads `password` as one string however its lines are indented
        // or whatever they hold; `token` and `z` follow it.
        for value in [
            "\"hunter2\n  and-more: secret\"",
            "\"hunter2\nand-more: secret\"",
            "\"a \\\" b \\\\\n- c: d\\\n  e: \\\" f\"",
            "'it''s\n  - x: ''y''\n  # not a comment\n\n'",
            "\n    \"below\n  - x: y\"",
        ] {
            let text = format!("user:\n  password: {value}\n  token: t\nz: 1\n");
            // As serde_yaml (and kubectl) read it.
            let v: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            assert_eq!(v["user"].as_mapping().map(|m| m.len()), Some(2), "{text}");
            let t = PosTree::new(&text);
            let n = value.lines().count() as u32;
            let keys: Vec<_> = t.keys(0, &Path::parse("user")).collect();
            assert_eq!(
                keys,
                [("password", Pos::new(2, 3)), ("token", Pos::new(2 + n, 3))],
                "{text}"
            );
            assert_eq!(at(&t, "z"), (3 + n, 1), "{text}");
        }
    }

    #[test]
    fn quoted_scalars_over_lines_in_sequences_keys_and_documents() {
        let t = PosTree::new("- \"a\n- b\"\n- 'c\n  d: e'\n- f\n");
        assert_eq!(at(&t, "[1]"), (3, 1));
        assert_eq!(at(&t, "[2]"), (5, 1));
        assert_eq!(t.locate_value(0, &Path::parse("[3]")), None);
        let t = PosTree::new("\"k\": \"v\nw: x\"\nz: 1\n");
        assert_eq!(t.keys(0, &Path::root()).count(), 2);
        assert_eq!(at(&t, "z"), (3, 1));
        // A document marker in column 0 ends an unterminated quote (libyaml
        // stops there with an error); the next document is indexed.
        let t = PosTree::new("a: \"x\n---\nb: 1\n");
        assert_eq!(t.doc_count(), 2);
        assert_eq!(t.locate(1, &Path::parse("b")), Some(Pos::new(3, 1)));
        // Unterminated at the end of the text: the keys before it are kept.
        for text in ["a: 1\nb: \"x\n  c: 2", "a: 1\nb: 'x''", "a: 1\nb: \"x\\"] {
            let t = PosTree::new(text);
            let keys: Vec<_> = t.keys(0, &Path::root()).map(|(k, _)| k).collect();
            assert_eq!(keys, ["a", "b"], "{text}");
        }
    }

    #[test]
    fn a_plain_scalar_over_lines_is_one_value() {
        let t = PosTree::new("user:\n  password: a\n   - b\n    c\n  token: t\n");
        let keys: Vec<_> = t.keys(0, &Path::parse("user")).map(|(k, _)| k).collect();
        assert_eq!(keys, ["password", "token"]);
        assert_eq!(at(&t, "user.token"), (5, 3));
    }

    /// `? key` / `: value` is one key with its value: before, the `?` line
    /// was skipped, `: value` became an empty key, and a `- ? name` item
    /// became a scalar, so every finding under it pointed at the item.
    #[test]
    fn explicit_keys_are_keys() {
        let t = PosTree::new(
            "users:\n- ? name\n  : u\n  user:\n    ? \"token\"\n    : abc\n    username: x\n",
        );
        let keys: Vec<_> = t
            .keys(0, &Path::parse("users[0]"))
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["name", "user"]);
        let keys: Vec<_> = t
            .keys(0, &Path::parse("users[0].user"))
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["token", "username"]);
        assert_eq!(at(&t, "users[0].user.token"), (5, 5));
        let value = t
            .locate_value(0, &Path::parse("users[0].user.token"))
            .unwrap();
        assert_eq!((value.line, value.column), (6, 7));
        assert_eq!(at(&t, "users[0].user.username"), (7, 5));
    }

    #[test]
    fn hostile_input_does_not_panic_or_recurse_deeply() {
        let deep = "[".repeat(100_000);
        let _ = PosTree::new(&deep);
        let dashes = "- ".repeat(50_000);
        let _ = PosTree::new(&dashes);
        let _ = PosTree::new("\u{feff}a: \"unterminated\n  b: [\n");
        let _ = PosTree::new("\t\tkey: value\n:\n- : -\n? x\n");
    }
}
