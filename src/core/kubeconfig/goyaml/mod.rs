//! A YAML writer that prints what kubectl prints. `kubectl config view`
//! serialises through JSON and go-yaml v2, so its output has a recognisable
//! shape: every mapping's keys sorted (go-yaml's "natural" order, digits
//! compared as numbers), sequences inside mappings not indented, strings quoted
//! only when they would read back as something else, long plain lines folded
//! after column 80. Matching that shape lets a user diff eksplain's view
//! against kubectl's, and tests compare the two byte for byte.
//!
//! Only block style is written (kubectl never writes flow style except `{}`
//! and `[]`). Depth is bounded by the input: values come from serde_yaml,
//! which refuses documents nested deeper than 128 levels.

mod style;

use std::cmp::Ordering;
pub use style::plain_scalar_type;
use style::{choose_style, is_break, is_printable, Style};

/// A value to write. Mapping keys are strings: kubectl's values went through
/// JSON, where every key is one.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    /// A number, already formatted the way go-yaml prints it.
    Number(String),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }

    /// Converts a parsed YAML value the way kubectl's JSON round trip does:
    /// keys become strings, tags are dropped, numbers are reformatted.
    pub fn from_yaml(v: &serde_yaml::Value) -> Node {
        use serde_yaml::Value as V;
        match v {
            V::Null => Node::Null,
            V::Bool(b) => Node::Bool(*b),
            V::Number(n) => Node::Number(format_number(n)),
            V::String(s) => Node::Str(s.clone()),
            V::Sequence(items) => Node::Seq(items.iter().map(Node::from_yaml).collect()),
            V::Mapping(m) => Node::Map(
                m.iter()
                    .map(|(k, v)| (key_string(k), Node::from_yaml(v)))
                    .collect(),
            ),
            V::Tagged(t) => Node::from_yaml(&t.value),
        }
    }
}

fn key_string(k: &serde_yaml::Value) -> String {
    use serde_yaml::Value as V;
    match k {
        V::String(s) => s.clone(),
        V::Bool(b) => b.to_string(),
        V::Number(n) => n.to_string(),
        V::Null => "null".into(),
        V::Tagged(t) => key_string(&t.value),
        // A collection as a key cannot survive JSON; kubectl fails to load it.
        V::Sequence(_) | V::Mapping(_) => String::new(),
    }
}

/// Numbers as they come out of kubectl: integral values print as integers
/// (JSON wrote them without a decimal point and go-yaml read them back as
/// ints), others like Go's `strconv.FormatFloat(f, 'g', -1, 64)`.
fn format_number(n: &serde_yaml::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        return format!("{}", f as i64);
    }
    go_g(f)
}

/// Go's shortest `%g` (what go-yaml uses for floats): exponent form when the
/// decimal exponent is below -4 or at least 6, with a two-digit exponent.
fn go_g(f: f64) -> String {
    let e = format!("{f:e}"); // shortest round-trip digits, e.g. "1.5e-7"
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{:02}", exp.abs());
    }
    format!("{f}")
}

/// go-yaml's key order (`keyList.Less`): letters after non-letters, runs of
/// digits compared by value, otherwise by code point.
pub fn key_order(a: &str, b: &str) -> Ordering {
    if key_less(a, b) {
        Ordering::Less
    } else if key_less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(ar[ai] as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(br[bi] as u8 - b'0'));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Writes `node` as a YAML document, the way `kubectl config view` does.
pub fn to_string(node: &Node) -> String {
    let mut w = Writer {
        out: String::new(),
        column: 0,
    };
    match node {
        Node::Map(m) if !m.is_empty() => w.map(m, 0, false),
        Node::Seq(s) if !s.is_empty() => w.seq(s, 0, false),
        scalar => w.inline_value(scalar, 0),
    }
    if !w.out.ends_with('\n') {
        w.newline();
    }
    w.out
}

struct Writer {
    out: String,
    /// Characters written on the current line.
    column: usize,
}

/// Lines longer than this are folded at the next space (libyaml's best_width).
const WIDTH: usize = 80;

impl Writer {
    fn put(&mut self, s: &str) {
        self.out.push_str(s);
        self.column += s.chars().count();
    }
    fn putc(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }
    fn newline(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }
    fn indent(&mut self, n: usize) {
        self.newline();
        self.pad(n);
    }
    fn pad(&mut self, n: usize) {
        for _ in 0..n {
            self.out.push(' ');
        }
        self.column = n;
    }
    /// Starts a new line at column `n`, unless a block scalar just ended one.
    fn line(&mut self, n: usize) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.newline();
        }
        self.pad(n);
    }

    /// A block mapping whose keys sit at column `indent`. With `inline`, the
    /// first key continues the current line (after `- `).
    fn map(&mut self, entries: &[(String, Node)], indent: usize, inline: bool) {
        let mut sorted: Vec<&(String, Node)> = entries.iter().collect();
        sorted.sort_by(|a, b| key_order(&a.0, &b.0));
        for (n, (k, v)) in sorted.into_iter().enumerate() {
            if n > 0 || !inline {
                self.line(indent);
            }
            self.scalar(k, indent, true);
            self.putc(':');
            match v {
                Node::Map(m) if !m.is_empty() => self.map(m, indent + 2, false),
                // go-yaml does not indent a sequence that is a mapping value.
                Node::Seq(s) if !s.is_empty() => self.seq(s, indent, false),
                scalar => {
                    self.putc(' ');
                    self.inline_value(scalar, indent);
                }
            }
        }
    }

    /// A block sequence whose dashes sit at column `indent`.
    fn seq(&mut self, items: &[Node], indent: usize, inline: bool) {
        for (n, item) in items.iter().enumerate() {
            if n > 0 || !inline {
                self.line(indent);
            }
            self.put("- ");
            match item {
                Node::Map(m) if !m.is_empty() => self.map(m, indent + 2, true),
                Node::Seq(s) if !s.is_empty() => self.seq(s, indent + 2, true),
                scalar => self.inline_value(scalar, indent),
            }
        }
    }

    /// A scalar or empty collection after `key: ` or `- `; `indent` is the
    /// column of the enclosing collection's keys or dashes.
    fn inline_value(&mut self, v: &Node, indent: usize) {
        match v {
            Node::Null => self.put("null"),
            Node::Bool(b) => self.put(if *b { "true" } else { "false" }),
            Node::Number(n) => self.put(n),
            Node::Str(s) => self.scalar(s, indent, false),
            Node::Seq(_) => self.put("[]"),
            Node::Map(_) => self.put("{}"),
        }
    }

    fn scalar(&mut self, s: &str, indent: usize, key: bool) {
        let cont = indent + 2;
        match choose_style(s, key) {
            Style::Plain => self.plain(s, cont, !key),
            Style::Single => self.single(s, cont, !key),
            Style::Double => self.double(s, cont, !key),
            Style::Literal => self.literal(s, cont),
        }
    }

    /// Breaks the line at a space once past the width, as libyaml does.
    fn fold_here(&self, breaks: bool, prev_space: bool) -> bool {
        breaks && !prev_space && self.column > WIDTH
    }

    fn plain(&mut self, s: &str, cont: usize, breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if self.fold_here(breaks, spaces) && chars.get(i + 1) != Some(&' ') {
                    self.indent(cont);
                } else {
                    self.putc(c);
                }
                spaces = true;
            } else {
                self.putc(c);
                spaces = false;
            }
        }
    }

    fn single(&mut self, s: &str, cont: usize, breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        self.putc('\'');
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if self.fold_here(breaks, spaces)
                    && i != 0
                    && i + 1 != chars.len()
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.indent(cont);
                } else {
                    self.putc(c);
                }
                spaces = true;
            } else {
                if c == '\'' {
                    self.putc('\'');
                }
                self.putc(c);
                spaces = false;
            }
        }
        self.putc('\'');
    }

    fn double(&mut self, s: &str, cont: usize, breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        self.putc('"');
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.putc('\\');
                match c {
                    '\0' => self.putc('0'),
                    '\u{7}' => self.putc('a'),
                    '\u{8}' => self.putc('b'),
                    '\t' => self.putc('t'),
                    '\n' => self.putc('n'),
                    '\u{b}' => self.putc('v'),
                    '\u{c}' => self.putc('f'),
                    '\r' => self.putc('r'),
                    '\u{1b}' => self.putc('e'),
                    '"' => self.putc('"'),
                    '\\' => self.putc('\\'),
                    '\u{85}' => self.putc('N'),
                    '\u{a0}' => self.putc('_'),
                    '\u{2028}' => self.putc('L'),
                    '\u{2029}' => self.putc('P'),
                    c if (c as u32) <= 0xFF => self.put(&format!("x{:02X}", c as u32)),
                    c if (c as u32) <= 0xFFFF => self.put(&format!("u{:04X}", c as u32)),
                    c => self.put(&format!("U{:08X}", c as u32)),
                }
                spaces = false;
            } else if c == ' ' {
                if self.fold_here(breaks, spaces) && i != 0 && i + 1 != chars.len() {
                    self.indent(cont);
                    if chars.get(i + 1) == Some(&' ') {
                        self.putc('\\');
                    }
                } else {
                    self.putc(c);
                }
                spaces = true;
            } else {
                self.putc(c);
                spaces = false;
            }
        }
        self.putc('"');
    }

    fn literal(&mut self, s: &str, cont: usize) {
        self.putc('|');
        let chars: Vec<char> = s.chars().collect();
        if chars.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            self.putc('2');
        }
        match chars.len() {
            0 => self.putc('-'),
            n if !is_break(chars[n - 1]) => self.putc('-'),
            1 => self.putc('+'),
            n if is_break(chars[n - 2]) => self.putc('+'),
            _ => {}
        }
        // Every break in the value is a line end; empty lines get no indentation.
        let mut at_line_start = true;
        self.newline();
        for &c in &chars {
            if is_break(c) {
                self.newline();
                at_line_start = true;
            } else {
                if at_line_start {
                    self.pad(cont);
                }
                self.putc(c);
                at_line_start = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(key: &str, value: &str) -> String {
        to_string(&Node::Map(vec![(key.into(), Node::str(value))]))
    }

    #[test]
    fn quotes_exactly_what_go_yaml_quotes() {
        // Each pair: a string and how kubectl 1.32 printed it (recorded by hand
        // from `kubectl config view` on a file with these server values).
        let cases = [
            ("https://a:1", "https://a:1"),
            ("1_000", "\"1_000\""),
            ("-1", "\"-1\""),
            (".inf", "\".inf\""),
            ("@x", "'@x'"),
            ("", "\"\""),
            ("it's", "it's"),
            ("~", "\"~\""),
            ("#x", "'#x'"),
            ("!x", "'!x'"),
            ("0o17", "\"0o17\""),
            (" lead", "' lead'"),
            ("été", "été"),
            ("null", "\"null\""),
            ("1:20", "\"1:20\""),
            ("x", "x"),
            ("- x", "'- x'"),
            ("a: b", "'a: b'"),
            ("tab\there", "\"tab\\there\""),
            ("emoji 😀", "\"emoji \\U0001F600\""),
            ("2024-01-01", "\"2024-01-01\""),
            ("yes", "\"yes\""),
            ("08", "\"08\""),
            ("1e3", "\"1e3\""),
            ("a #b", "'a #b'"),
            ("trail ", "'trail '"),
            ("<<", "<<"),
            (
                "arn:aws:eks:us-west-2:111122223333:cluster/demo",
                "arn:aws:eks:us-west-2:111122223333:cluster/demo",
            ),
        ];
        for (value, want) in cases {
            assert_eq!(
                one("server", value),
                format!("server: {want}\n"),
                "{value:?}"
            );
        }
        assert_eq!(one("-", "x"), "'-': x\n");
        assert_eq!(one("", "x"), "\"\": x\n");
    }

    #[test]
    fn literal_blocks_carry_chomping_and_indent_hints() {
        assert_eq!(one("k", "line1\nline2\n"), "k: |\n  line1\n  line2\n");
        assert_eq!(one("k", "line1\nline2"), "k: |-\n  line1\n  line2\n");
        assert_eq!(
            one("k", "  indented\nx\n\n"),
            "k: |2+\n    indented\n  x\n\n"
        );
    }

    #[test]
    fn long_lines_fold_after_column_80() {
        let long = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt";
        let node = Node::Map(vec![(
            "c".into(),
            Node::Map(vec![("server".into(), Node::str(long))]),
        )]);
        assert_eq!(
            to_string(&node),
            "c:\n  server: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo\n    pppp qqqq rrrr ssss tttt\n"
        );
        let dq = format!("\t{long}");
        let node = Node::Map(vec![("s".into(), Node::str(dq))]);
        assert!(to_string(&node).starts_with("s: \"\\taaaa"));
        assert!(to_string(&node).contains("\n  "));
    }

    #[test]
    fn collections_nest_like_kubectl() {
        let ext = Node::Map(vec![
            (
                "z".into(),
                Node::Seq(vec![
                    Node::Number("1".into()),
                    Node::Seq(vec![Node::Number("2".into()), Node::Number("3".into())]),
                    Node::Map(vec![("k".into(), Node::str("v"))]),
                ]),
            ),
            ("a10".into(), Node::Number("1".into())),
            ("a9".into(), Node::Number("2".into())),
            ("A".into(), Node::Number("3".into())),
            ("1".into(), Node::Number("4".into())),
            ("_x".into(), Node::Number("5".into())),
            ("emptymap".into(), Node::Map(vec![])),
            ("nul".into(), Node::Null),
        ]);
        let doc = Node::Map(vec![(
            "extensions".into(),
            Node::Seq(vec![Node::Map(vec![
                ("name".into(), Node::str("b")),
                ("extension".into(), ext),
            ])]),
        )]);
        assert_eq!(
            to_string(&doc),
            "extensions:\n- extension:\n    _x: 5\n    \"1\": 4\n    A: 3\n    a9: 2\n    a10: 1\n    emptymap: {}\n    nul: null\n    z:\n    - 1\n    - - 2\n      - 3\n    - k: v\n  name: b\n"
        );
    }

    #[test]
    fn numbers_print_like_go() {
        let n = |s: &str| {
            let v: serde_yaml::Value = serde_yaml::from_str(s).unwrap();
            match Node::from_yaml(&v) {
                Node::Number(n) => n,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(n("1e3"), "1000");
        assert_eq!(n("1.5"), "1.5");
        assert_eq!(n("1.0e-7"), "1e-07");
        assert_eq!(n("12"), "12");
        assert_eq!(n(".inf"), ".inf");
    }
}
