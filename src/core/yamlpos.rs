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
use super::source::{LineIndex, Path, Pos, Seg};

const MAX_FLOW_DEPTH: usize = 256;

#[derive(Debug, Clone)]
enum Kind {
    Null,
    Scalar,
    Map(Vec<(String, Pos, usize)>),
    Seq(Vec<(Pos, usize)>),
}

#[derive(Debug, Clone)]
struct Node {
    pos: Pos,
    kind: Kind,
}

/// Positions of the keys and items of every document in a YAML text.
#[derive(Debug, Clone, Default)]
pub struct PosTree {
    nodes: Vec<Node>,
    docs: Vec<usize>,
    /// Line offset added to every position (for YAML embedded in a block scalar).
    line_offset: u32,
    /// Column offset added to every position (the block scalar's indentation).
    column_offset: u32,
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

    /// The position of `path` in document `doc`: the key for a mapping entry, the
    /// dash for a sequence item. A path that does not exist resolves to its
    /// deepest existing ancestor, so "missing field" findings point at the parent.
    pub fn locate(&self, doc: usize, path: &Path) -> Option<Pos> {
        let mut node = *self.docs.get(doc)?;
        let mut best = self.nodes[node].pos;
        for seg in path.segments() {
            match (&self.nodes[node].kind, seg) {
                (Kind::Map(entries), Seg::Key(k)) => {
                    match entries.iter().rev().find(|(key, _, _)| key == k) {
                        Some((_, kp, v)) => {
                            best = *kp;
                            node = *v;
                        }
                        None => break,
                    }
                }
                (Kind::Seq(items), Seg::Index(i)) => match items.get(*i) {
                    Some((ip, v)) => {
                        best = *ip;
                        node = *v;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        Some(self.shift(best))
    }

    /// The position of the value at `path` (where the value itself starts), if
    /// the whole path exists.
    pub fn locate_value(&self, doc: usize, path: &Path) -> Option<Pos> {
        let mut node = *self.docs.get(doc)?;
        for seg in path.segments() {
            node = match (&self.nodes[node].kind, seg) {
                (Kind::Map(entries), Seg::Key(k)) => {
                    entries.iter().rev().find(|(key, _, _)| key == k)?.2
                }
                (Kind::Seq(items), Seg::Index(i)) => items.get(*i)?.1,
                _ => return None,
            };
        }
        Some(self.shift(self.nodes[node].pos))
    }

    /// The keys of the mapping at `path`, in order, with their positions.
    pub fn keys(&self, doc: usize, path: &Path) -> Vec<(&str, Pos)> {
        let mut node = match self.docs.get(doc) {
            Some(n) => *n,
            None => return Vec::new(),
        };
        for seg in path.segments() {
            let next = match (&self.nodes[node].kind, seg) {
                (Kind::Map(entries), Seg::Key(k)) => entries
                    .iter()
                    .rev()
                    .find(|(key, _, _)| key == k)
                    .map(|e| e.2),
                (Kind::Seq(items), Seg::Index(i)) => items.get(*i).map(|e| e.1),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return Vec::new(),
            }
        }
        match &self.nodes[node].kind {
            Kind::Map(entries) => entries
                .iter()
                .map(|(k, p, _)| (k.as_str(), self.shift(*p)))
                .collect(),
            _ => Vec::new(),
        }
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
    lines: LineIndex<'a>,
    nodes: Vec<Node>,
    docs: Vec<usize>,
    frames: Vec<Frame>,
    pending: Option<Pending>,
    block_scalar_parent: Option<usize>,
    /// Byte offset up to which a flow collection already consumed the text.
    skip_until: usize,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Self {
        let lines = LineIndex::new(text);
        // Block YAML has about 1.3 nodes a line: reserving once avoids copying a
        // megabyte-sized vector as it doubles (untouched capacity costs no memory
        // on native targets).
        let nodes = Vec::with_capacity(lines.line_count() + lines.line_count() / 2);
        Builder {
            text,
            lines,
            nodes,
            docs: Vec::new(),
            frames: Vec::new(),
            pending: None,
            block_scalar_parent: None,
            skip_until: 0,
        }
    }

    fn alloc(&mut self, pos: Pos) -> usize {
        self.nodes.push(Node {
            pos,
            kind: Kind::Null,
        });
        self.nodes.len() - 1
    }

    fn start_doc(&mut self, pos: Pos) {
        let root = self.alloc(pos);
        self.docs.push(root);
        self.frames.clear();
        self.block_scalar_parent = None;
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
            offset += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            let line = if line_no == 1 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            };
            let bom = raw.len() - raw.trim_start_matches('\u{feff}').len();
            let start = if line_no == 1 { start + bom } else { start };
            if offset <= self.skip_until {
                continue;
            }
            if start < self.skip_until {
                // The rest of a line whose beginning closed a flow collection.
                continue;
            }
            let indent = line.len() - line.trim_start_matches(' ').len();
            let rest = &line[indent..];
            if let Some(parent) = self.block_scalar_parent {
                if rest.is_empty() || indent > parent {
                    continue;
                }
                self.block_scalar_parent = None;
            }
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            if indent == 0
                && (rest == "---" || rest.starts_with("--- ") || rest.starts_with("---\t"))
            {
                self.start_doc(Pos::new(line_no, 1));
                started = true;
                let after = rest[3..].trim_start();
                if after.starts_with('{') || after.starts_with('[') {
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
            if indent == 0 && rest.starts_with('%') {
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
        PosTree {
            nodes: self.nodes,
            docs: self.docs,
            line_offset: 0,
            column_offset: 0,
        }
    }

    fn col(&self, line_no: u32, line_start: usize, byte_in_line: usize) -> u32 {
        let end = (line_start + byte_in_line).min(self.text.len());
        self.lines.pos_on_line(line_no, end).column
    }

    /// Handles the content of one line that starts at byte `indent` of the line.
    fn content(&mut self, line_no: u32, line_start: usize, mut indent: usize, mut rest: &'a str) {
        loop {
            let dash = rest == "-" || rest.starts_with("- ") || rest.starts_with("-\t");
            // Split once: both branches below need it, and it allocates the key.
            let split = if dash { None } else { key_split(rest) };
            let pos = Pos::new(line_no, self.col(line_no, line_start, indent));
            if let Some(p) = self.pending.take() {
                let i = indent as isize;
                if i > p.indent || (i == p.indent && dash && p.same_indent_dash) {
                    self.nodes[p.node].pos = pos;
                    if dash {
                        self.nodes[p.node].kind = Kind::Seq(Vec::new());
                        self.frames.push(Frame {
                            indent,
                            is_seq: true,
                            node: p.node,
                        });
                    } else if split.is_some() {
                        self.nodes[p.node].kind = Kind::Map(Vec::new());
                        self.frames.push(Frame {
                            indent,
                            is_seq: false,
                            node: p.node,
                        });
                    } else {
                        let value = strip_props(rest);
                        if value.starts_with('{') || value.starts_with('[') {
                            let off = line_start + indent + (rest.len() - value.len());
                            self.pending = Some(p);
                            self.flow_into_pending(off);
                        } else {
                            self.nodes[p.node].kind = Kind::Scalar;
                            if value.starts_with('|') || value.starts_with('>') {
                                self.block_scalar_parent = Some(p.indent.max(0) as usize);
                            }
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
                if let Kind::Seq(items) = &mut self.nodes[top_node].kind {
                    items.push((pos, item));
                }
                let after = &rest[1..];
                let trimmed = after.trim_start_matches([' ', '\t']);
                self.pending = Some(Pending {
                    indent: indent as isize,
                    node: item,
                    same_indent_dash: false,
                });
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    return;
                }
                indent += 1 + (after.len() - trimmed.len());
                rest = trimmed;
                continue;
            }
            let Some((key, value_at)) = split else {
                return;
            };
            let value_node = self.alloc(pos);
            if let Kind::Map(entries) = &mut self.nodes[top_node].kind {
                entries.push((key, pos, value_node));
            }
            let raw_value = &rest[value_at..];
            let value = strip_props(raw_value.trim_start());
            if value.is_empty() || value.starts_with('#') {
                self.pending = Some(Pending {
                    indent: indent as isize,
                    node: value_node,
                    same_indent_dash: true,
                });
                return;
            }
            let voff = line_start + indent + value_at + (raw_value.len() - value.len());
            self.nodes[value_node].pos = Pos::new(
                line_no,
                self.col(
                    line_no,
                    line_start,
                    indent + value_at + raw_value.len() - value.len(),
                ),
            );
            if value.starts_with('|') || value.starts_with('>') {
                self.nodes[value_node].kind = Kind::Scalar;
                self.block_scalar_parent = Some(indent);
            } else if value.starts_with('{') || value.starts_with('[') {
                self.pending = Some(Pending {
                    indent: indent as isize,
                    node: value_node,
                    same_indent_dash: false,
                });
                self.flow_into_pending(voff);
            } else {
                self.nodes[value_node].kind = Kind::Scalar;
            }
            return;
        }
    }

    /// Parses a flow collection starting at byte `off` into the pending node.
    fn flow_into_pending(&mut self, off: usize) {
        let Some(p) = self.pending.take() else { return };
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
        self.nodes[node].pos = self.lines.pos(f.at);
        match f.peek() {
            Some(b'{') if depth < MAX_FLOW_DEPTH => {
                f.at += 1;
                self.nodes[node].kind = Kind::Map(Vec::new());
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
                    let kpos = self.lines.pos(f.at);
                    let start = f.at;
                    let key = f.scalar(true);
                    let child = self.alloc(kpos);
                    if let Kind::Map(entries) = &mut self.nodes[node].kind {
                        entries.push((key, kpos, child));
                    }
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
                self.nodes[node].kind = Kind::Seq(Vec::new());
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
                    let ipos = self.lines.pos(f.at);
                    let start = f.at;
                    let child = self.alloc(ipos);
                    if let Kind::Seq(items) = &mut self.nodes[node].kind {
                        items.push((ipos, child));
                    }
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
                self.nodes[node].kind = Kind::Scalar;
            }
        }
    }
}

struct Flow<'t> {
    text: &'t [u8],
    at: usize,
}

impl Flow<'_> {
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

    fn quoted(&mut self) -> String {
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
                let s = String::from_utf8_lossy(&self.text[start..self.at]).into_owned();
                self.at += 1;
                return s;
            }
            self.at += 1;
        }
        self.at = self.at.min(self.text.len());
        String::from_utf8_lossy(&self.text[start.min(self.text.len())..]).into_owned()
    }

    /// A flow scalar; as a key it ends at `:` followed by space or a flow indicator.
    fn scalar(&mut self, is_key: bool) -> String {
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
        String::from_utf8_lossy(&self.text[start..self.at])
            .trim()
            .to_string()
    }
}

/// Strips anchors (`&a`) and tags (`!t`, `!!str`) in front of a value.
fn strip_props(mut v: &str) -> &str {
    loop {
        v = v.trim_start_matches([' ', '\t']);
        if v.starts_with('&') || v.starts_with('!') {
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
fn key_split(rest: &str) -> Option<(String, usize)> {
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
            return Some((String::from_utf8_lossy(&key).into_owned(), j + 1));
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
                return Some((key.to_string(), i + 1));
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
    fn hostile_input_does_not_panic_or_recurse_deeply() {
        let deep = "[".repeat(100_000);
        let _ = PosTree::new(&deep);
        let dashes = "- ".repeat(50_000);
        let _ = PosTree::new(&dashes);
        let _ = PosTree::new("\u{feff}a: \"unterminated\n  b: [\n");
        let _ = PosTree::new("\t\tkey: value\n:\n- : -\n? x\n");
    }
}
