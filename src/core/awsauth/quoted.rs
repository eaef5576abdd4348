//! Positions inside a quoted mapRoles (mapUsers, mapAccounts) string.
//!
//! `kubectl get configmap aws-auth -o json` prints each block as one JSON
//! string, its entries separated by `\n` escapes, all on one line; `-o yaml`
//! does the same in YAML double quotes, folded over several lines, when a
//! line of the block ends in a space. The entries' YAML is parsed from the
//! decoded string; to point at an entry in the pasted text, the decoded
//! positions are mapped back through the escapes and line folds here.

use crate::core::source::Pos;

/// Where the decoded text of a quoted scalar came from in the input.
#[derive(Debug, Clone)]
pub struct Origin {
    /// `(decoded line, decoded column, input position)` where a stretch of
    /// decoded characters copied one for one from a single input line starts,
    /// in decoded order. An escape or a fold starts a new stretch.
    runs: Vec<(u32, u32, Pos)>,
}

impl Origin {
    /// The input position of the decoded character at `p` (1-based, columns
    /// in characters, as [`crate::core::source::LineIndex`] counts them).
    pub fn original(&self, p: Pos) -> Option<Pos> {
        let i = self
            .runs
            .partition_point(|&(l, c, _)| (l, c) <= (p.line, p.column));
        let &(line, column, at) = self.runs.get(i.checked_sub(1)?)?;
        (line == p.line).then(|| Pos::new(at.line, at.column + (p.column - column)))
    }
}

/// Decodes the quoted scalar whose opening quote is at `quote` in `text`,
/// recording where each decoded character came from. `None` unless `quote`
/// is a `"` or `'` and the decoded text is exactly `value` (what the YAML
/// parser read): a position is given only when it is known to be right.
pub fn origin(text: &str, quote: Pos, value: &str) -> Option<Origin> {
    let start = offset_of(text, quote)?;
    let rest = text.get(start..)?;
    let mut d = Decoder {
        chars: rest.chars().peekable(),
        at: quote,
        out: String::with_capacity(value.len()),
        line: 1,
        column: 1,
        next: None,
        runs: Vec::new(),
        spaces: Vec::new(),
    };
    match d.bump()? {
        '"' => d.double()?,
        '\'' => d.single()?,
        _ => return None,
    }
    (d.out == value).then_some(Origin { runs: d.runs })
}

/// The byte offset of `p` in `text`.
fn offset_of(text: &str, p: Pos) -> Option<usize> {
    let mut start = 0;
    for _ in 1..p.line {
        start += text.get(start..)?.find('\n')? + 1;
    }
    let line = text.get(start..)?;
    let skip = (p.column as usize).checked_sub(1)?;
    let (i, _) = line.char_indices().nth(skip)?;
    Some(start + i)
}

struct Decoder<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    /// Input position of the next character.
    at: Pos,
    out: String,
    /// Decoded line and column of the next character written.
    line: u32,
    column: u32,
    /// The input position that continues the current stretch.
    next: Option<Pos>,
    runs: Vec<(u32, u32, Pos)>,
    /// Literal spaces and tabs not written yet: a line fold drops them.
    spaces: Vec<(char, Pos)>,
}

impl Decoder<'_> {
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.at = Pos::new(self.at.line + 1, 1);
        } else {
            self.at = Pos::new(self.at.line, self.at.column + 1);
        }
        Some(c)
    }

    /// Writes `c`, read at `from`; `literal` when it stands for itself
    /// (not an escape or a fold), so the stretch can go on after it.
    fn put(&mut self, c: char, from: Pos, literal: bool) {
        if self.next != Some(from) {
            self.runs.push((self.line, self.column, from));
        }
        self.out.push(c);
        if c == '\n' {
            self.line += 1;
            self.column = 1;
            self.next = None;
        } else {
            self.column += 1;
            self.next = literal.then(|| Pos::new(from.line, from.column + 1));
        }
    }

    fn flush_spaces(&mut self) {
        for (c, p) in std::mem::take(&mut self.spaces) {
            self.put(c, p, true);
        }
    }

    /// A literal character: spaces wait until something follows them on the line.
    fn literal(&mut self, c: char, from: Pos) {
        if c == ' ' || c == '\t' {
            self.spaces.push((c, from));
        } else {
            self.flush_spaces();
            self.put(c, from, true);
        }
    }

    /// A line break inside the quotes, just read at `from`: trailing spaces
    /// before it and leading ones after it go; one break becomes a space,
    /// each further (empty) line a newline.
    fn fold(&mut self, from: Pos) -> Option<()> {
        self.spaces.clear();
        let mut breaks = 1;
        loop {
            while matches!(self.chars.peek(), Some(' ' | '\t')) {
                self.bump();
            }
            match self.chars.peek() {
                Some('\n') => {
                    self.bump();
                    breaks += 1;
                }
                Some('\r') => {
                    self.bump();
                }
                Some(_) => break,
                None => return None,
            }
        }
        if breaks == 1 {
            self.put(' ', from, false);
        }
        for _ in 1..breaks {
            self.put('\n', from, false);
        }
        Some(())
    }

    /// Reads up to the closing `"`, decoding YAML's (and so JSON's) escapes.
    fn double(&mut self) -> Option<()> {
        loop {
            let from = self.at;
            match self.bump()? {
                '"' => return Some(()),
                '\\' => {
                    self.flush_spaces();
                    let e = self.bump()?;
                    let c = match e {
                        '\n' | '\r' => {
                            if e == '\r' && self.chars.peek() == Some(&'\n') {
                                self.bump();
                            }
                            // An escaped line break: nothing, and the next
                            // line's indentation is dropped.
                            while matches!(self.chars.peek(), Some(' ' | '\t')) {
                                self.bump();
                            }
                            self.next = None;
                            continue;
                        }
                        'n' => '\n',
                        't' | '\t' => '\t',
                        'r' => '\r',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'v' => '\u{b}',
                        'a' => '\u{7}',
                        'e' => '\u{1b}',
                        '0' => '\0',
                        ' ' | '"' | '/' | '\\' => e,
                        'N' => '\u{85}',
                        '_' => '\u{a0}',
                        'L' => '\u{2028}',
                        'P' => '\u{2029}',
                        'x' => self.hex(2)?,
                        'u' => self.utf16()?,
                        'U' => self.hex(8)?,
                        _ => return None,
                    };
                    self.put(c, from, false);
                }
                '\r' if self.chars.peek() == Some(&'\n') => {}
                '\n' => self.fold(from)?,
                c => self.literal(c, from),
            }
        }
    }

    /// Reads up to the closing `'`: `''` is a quote, nothing else escapes.
    fn single(&mut self) -> Option<()> {
        loop {
            let from = self.at;
            match self.bump()? {
                '\'' if self.chars.peek() == Some(&'\'') => {
                    self.bump();
                    self.flush_spaces();
                    self.put('\'', from, false);
                }
                '\'' => return Some(()),
                '\r' if self.chars.peek() == Some(&'\n') => {}
                '\n' => self.fold(from)?,
                c => self.literal(c, from),
            }
        }
    }

    fn hex_value(&mut self, digits: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..digits {
            v = v.checked_mul(16)? + self.bump()?.to_digit(16)?;
        }
        Some(v)
    }

    fn hex(&mut self, digits: usize) -> Option<char> {
        char::from_u32(self.hex_value(digits)?)
    }

    /// `\uXXXX`, with a following `\uXXXX` when it is the first half of a
    /// surrogate pair (JSON's way to write characters past U+FFFF).
    fn utf16(&mut self) -> Option<char> {
        let hi = self.hex_value(4)?;
        if !(0xD800..0xDC00).contains(&hi) {
            return char::from_u32(hi);
        }
        if self.bump()? != '\\' || self.bump()? != 'u' {
            return None;
        }
        let lo = self.hex_value(4)?;
        if !(0xDC00..0xE000).contains(&lo) {
            return None;
        }
        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::source::LineIndex;

    /// The input position of every decoded character, checked against the
    /// character found there.
    fn check(text: &str, quote: Pos, value: &str, expected_at: &[(char, Pos)]) {
        let o = origin(text, quote, value).expect("decodes to the value");
        let idx = LineIndex::new(value);
        for (c, want) in expected_at {
            let i = value.find(*c).unwrap();
            assert_eq!(o.original(idx.pos(i)), Some(*want), "{c:?}");
        }
    }

    #[test]
    fn json_escapes_map_back_to_the_one_line() {
        let text = "{\"mapRoles\": \"- a: 1\\n  b: \\\"x\\\"\\n- c: é\\u00e9\"}\n";
        let value = "- a: 1\n  b: \"x\"\n- c: éé";
        // `- c` is decoded line 3; in the input it follows the second `\n`.
        let quote = Pos::new(1, 14);
        check(
            text,
            quote,
            value,
            &[
                ('a', Pos::new(1, 17)),
                ('b', Pos::new(1, 25)),
                ('c', Pos::new(1, 37)),
            ],
        );
        let o = origin(text, quote, value).unwrap();
        // The escaped `é` maps to its backslash.
        assert_eq!(o.original(Pos::new(3, 7)), Some(Pos::new(1, 41)));
        assert_eq!(o.original(Pos::new(4, 1)), None);
        // Another value: not known, so no position.
        assert!(origin(text, quote, "- a: 2").is_none());
        assert!(origin(text, Pos::new(1, 2), value).is_none());
    }

    /// What `kubectl get cm -o yaml` prints when a line of the block ends in
    /// a space: double quotes, folded lines, an escaped leading space.
    #[test]
    fn kubectl_folded_double_quotes() {
        let text = "data:\n  mapRoles: \"- groups:\\n  - x\\n  rolearn: arn:aws:iam::1:role/n \n    \\n  username: u\\n- groups:\\n\n    \\ rolearn: r\\n\"\n";
        let value = "- groups:\n  - x\n  rolearn: arn:aws:iam::1:role/n \n  username: u\n- groups:\n  rolearn: r\n";
        let quote = Pos::new(2, 13);
        let o = origin(text, quote, value).expect("decodes");
        let idx = LineIndex::new(value);
        let at = |needle: &str| o.original(idx.pos(value.find(needle).unwrap()));
        assert_eq!(at("username"), Some(Pos::new(3, 9)));
        assert_eq!(at("rolearn: r"), Some(Pos::new(4, 7)));
        assert_eq!(at("- groups:\n  rolearn: r"), Some(Pos::new(3, 22)));
    }

    /// Every cut of the quoted fixtures (a paste cut short) is analysed
    /// without a panic, and every position found is inside the text.
    #[test]
    fn truncated_quoted_blocks_never_panic() {
        for name in [
            "kubectl-get-json.json",
            "kubectl-get-yaml-trailing-space.yaml",
        ] {
            let text = std::fs::read_to_string(format!("tests/fixtures/aws-auth/{name}")).unwrap();
            let lines = LineIndex::new(&text);
            for (cut, _) in text.char_indices() {
                let part = &text[..cut];
                for f in crate::core::testing::detected(part) {
                    if let Some(p) = f.location.pos {
                        let line = lines.line(p.line).unwrap_or_default();
                        assert!(
                            p.column as usize <= line.chars().count() + 1,
                            "{name} cut at {cut}: {p:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn single_quotes_and_surrogates() {
        let text = "k: 'it''s\n\n  x'\n";
        let o = origin(text, Pos::new(1, 4), "it's\nx").unwrap();
        assert_eq!(o.original(Pos::new(2, 1)), Some(Pos::new(3, 3)));
        let json = "\"\\ud83d\\ude00 a\"";
        let o = origin(json, Pos::new(1, 1), "\u{1F600} a").unwrap();
        assert_eq!(o.original(Pos::new(1, 3)), Some(Pos::new(1, 15)));
        for bad in ["\"\\ud83d\"", "\"\\q\"", "\"abc", "'abc", "\"\\u12\""] {
            assert!(origin(bad, Pos::new(1, 1), "").is_none(), "{bad}");
        }
    }
}
