//! Where the aws-auth ConfigMap's parts are in the pasted text: the outer
//! document, and the YAML inside each block, whether a literal block scalar
//! (`mapRoles: |`) or a quoted string (`kubectl get -o json`).

use crate::core::finding::Locate;
use crate::core::source::{LineIndex, Path, Pos, Seg};
use crate::core::yamlpos::PosTree;

/// The line and column offsets of a literal block scalar's content: the line
/// of the `|` indicator and the indentation of its first non-blank line.
pub(super) fn block_offsets(text: &str, value_pos: Pos) -> Option<(u32, u32)> {
    let lines: Vec<&str> = text.lines().collect();
    let indicator = lines.get((value_pos.line as usize).checked_sub(1)?)?;
    let at: String = indicator
        .chars()
        .skip((value_pos.column as usize).saturating_sub(1))
        .take(1)
        .collect();
    if at != "|" {
        return None;
    }
    let first = lines
        .iter()
        .skip(value_pos.line as usize)
        .find(|l| !l.trim().is_empty())?;
    let indent = first.len() - first.trim_start_matches(' ').len();
    Some((value_pos.line, indent as u32))
}

/// Where an error at byte `index` of a block's content is in the ConfigMap,
/// given the block's `(line of its indicator, indentation)`. From the byte
/// offset, not libyaml's line: for an error at the end of the block (an
/// unclosed quote or bracket on its last line) libyaml names the line after
/// the content, which is past the end of the file or the next key's line. An
/// offset past the last non-blank character points at the end of that line.
pub(super) fn block_error_pos(content: &str, index: usize, (line_off, indent): (u32, u32)) -> Pos {
    let end = content.trim_end().len();
    let p = LineIndex::new(content).pos(index.min(end));
    Pos::new(p.line + line_off, p.column + indent)
}

/// The byte offset of the line that ends a block's first document, and that
/// line's marker: the first `---` (a new document) or `...` (the end of one)
/// after a line with content.
pub(super) fn second_document_start(content: &str) -> Option<(usize, &'static str)> {
    let mut offset = 0;
    let mut seen_content = false;
    for line in content.split_inclusive('\n') {
        let t = line.trim_end();
        let marker = ["---", "..."]
            .into_iter()
            .find(|m| t == *m || t.strip_prefix(m).is_some_and(|r| r.starts_with(' ')));
        if let Some(m) = marker {
            if seen_content {
                return Some((offset, m));
            }
        } else if !t.trim_start().is_empty() && !t.trim_start().starts_with('#') {
            seen_content = true;
        }
        offset += line.len();
    }
    None
}

/// Whether the line holding byte `index` of `content` has a tab among its
/// leading whitespace, the usual cause of a block that does not parse.
pub(super) fn tab_in_indentation(content: &str, index: usize) -> bool {
    let start = content
        .get(..index.min(content.len()))
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1);
    content.get(start..).is_some_and(|line| {
        line.chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .any(|c| c == '\t')
    })
}

/// Where the entries of one block are in the input.
pub enum BlockPos {
    /// A literal block scalar (`mapRoles: |`): its own YAML, shifted.
    Lines(PosTree),
    /// A quoted string (`kubectl get -o json`, or `-o yaml` when a line ends
    /// in a space): the decoded string's YAML, mapped back through the escapes.
    Quoted(PosTree, super::quoted::Origin),
    /// Positions inside the string are not known: only the key's.
    Unknown,
}

impl BlockPos {
    pub(super) fn locate(&self, path: &Path) -> Option<Pos> {
        match self {
            BlockPos::Lines(tree) => tree.locate(0, path),
            BlockPos::Quoted(tree, origin) => origin.original(tree.locate(0, path)?),
            BlockPos::Unknown => None,
        }
    }
}

/// Positions in the ConfigMap, including inside the mapRoles/mapUsers blocks.
pub struct Locator {
    pub outer: PosTree,
    /// The ConfigMap's document in a `---` stream.
    pub doc: usize,
    /// Where the ConfigMap sits in the input: the root, or `items[N]` of a
    /// `kind: List` (`kubectl get configmaps -o yaml`).
    pub base: Path,
    pub blocks: Vec<(&'static str, BlockPos)>,
}

impl Locate for Locator {
    fn locate(&self, path: &Path) -> Option<Pos> {
        if let [Seg::Key(d), Seg::Key(k), rest @ ..] = path.segments() {
            if d == "data" && !rest.is_empty() {
                let block = self.blocks.iter().find(|(b, _)| b == k);
                if let Some(p) = block.and_then(|(_, b)| b.locate(&Path(rest.to_vec()))) {
                    return Some(p);
                }
            }
        }
        self.outer.locate(self.doc, &self.within(path))
    }
}

impl Locator {
    /// `path` of the ConfigMap as a path of the input.
    pub fn within(&self, path: &Path) -> Path {
        let mut full = self.base.clone();
        full.0.extend(path.segments().iter().cloned());
        full
    }

    /// How the entries of block `key` are located.
    pub fn block(&self, key: &str) -> Option<&BlockPos> {
        self.blocks.iter().find(|(b, _)| *b == key).map(|(_, p)| p)
    }
}
