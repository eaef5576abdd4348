use crate::core::finding::{Category, Severity};
use crate::core::rule::{Domain, RuleMeta};
use crate::core::scan;

pub static RULE: RuleMeta = RuleMeta {
    code: "IN004",
    name: "nesting-too-deep",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Input,
    summary: "Brackets nest more than 200 levels deep (or so deep for the input's size that parsing would take seconds).",
    what: "Scans the text once, before the YAML parser, and stops at flow collections (`[…]`, `{…}`) nested more than \
           200 levels deep, or nested so deep across a large input that parsing it would take seconds. It points at the \
           bracket where the limit is crossed.",
    why: "No kubeconfig, policy or manifest nests like this: it is a damaged or hostile paste. The YAML parser's time \
          grows with the square of the nesting depth (forty thousand `[` take seconds), and kubectl and the AWS APIs \
          refuse such documents anyway (serde_yaml and serde_json stop at 128 levels).",
    example: "clusters: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    fixed: "clusters: [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
    fix_summary: "Paste the document itself: check that brackets are balanced and that nothing was pasted twice into itself.",
};

/// Flow nesting that would make the YAML parser slow: deeper than this…
pub const MAX_DEPTH: usize = 200;
/// …or a sum, over every token, of the depth it sits at (the parser's work
/// grows with it) above this. A 10 MB JSON kubeconfig sums to about 20 M.
pub const MAX_COST: u64 = 100_000_000;

/// Where the text first nests too deep: `(byte offset, depth)`.
///
/// One linear pass that follows YAML's tokens closely enough to tell a
/// bracket that opens a flow collection from one inside a quoted or plain
/// scalar, a comment or a block scalar; it errs towards counting. It is a
/// guard, not a parser: a document crafted to hide its nesting from it can
/// still be slow to parse.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let blank = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let mut depth = 0usize;
    let mut cost = 0u64;
    let mut token_start = true;
    let mut line_indent = 0usize;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let next = b.get(i + 1).copied();
        match c {
            b'\n' => {
                i += 1;
                if depth == 0 {
                    token_start = true;
                    line_indent = b[i..].iter().take_while(|&&c| c == b' ').count();
                }
                continue;
            }
            b' ' | b'\t' | b'\r' => {}
            b'#' if i == 0 || blank(b[i - 1]) => {
                i += b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .unwrap_or(b.len() - i);
                continue;
            }
            b'[' | b'{' if token_start || depth > 0 => {
                depth += 1;
                cost += depth as u64;
                if depth > MAX_DEPTH || cost > MAX_COST {
                    return Some((i, depth));
                }
                token_start = true;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                token_start = false;
            }
            b',' if depth > 0 => {
                cost += depth as u64;
                token_start = true;
            }
            b'"' | b'\'' if token_start => {
                i += 1;
                while let Some(&q) = b.get(i) {
                    i += 1;
                    if q == b'\\' && c == b'"' {
                        i += 1;
                    } else if q == c {
                        if c == b'\'' && b.get(i) == Some(&b'\'') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                }
                token_start = false;
                continue;
            }
            b'|' | b'>' if token_start && depth == 0 => {
                // A block scalar: its lines are indented deeper than the key's.
                i += b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .unwrap_or(b.len() - i);
                while i < b.len() {
                    let line = &b[i + 1..];
                    let indent = line.iter().take_while(|&&c| c == b' ').count();
                    let empty = matches!(line.get(indent), None | Some(b'\n') | Some(b'\r'));
                    if !(empty || indent > line_indent) {
                        break;
                    }
                    i += 1 + line.iter().position(|&c| c == b'\n').unwrap_or(line.len());
                }
                continue;
            }
            b':' | b'?' | b'-'
                if next.is_none_or(|n| blank(n) || (depth > 0 && b",[]{}".contains(&n))) =>
            {
                token_start = true;
            }
            _ => {
                // A plain scalar: ends at a flow indicator (in flow), `: `, ` #` or the line's end.
                token_start = false;
                while let Some(&p) = b.get(i) {
                    let after = b.get(i + 1).copied();
                    let ends = p == b'\n'
                        || (depth > 0 && b",[]{}".contains(&p))
                        || (p == b':'
                            && after
                                .is_none_or(|n| blank(n) || (depth > 0 && b",[]{}".contains(&n))))
                        || (p == b'#' && i > 0 && blank(b[i - 1]));
                    if ends {
                        break;
                    }
                    i += 1;
                    // Outside brackets only `\n`, `:` or `#` can end a plain scalar:
                    // jump to the next one eight bytes at a time (the base64 lines of
                    // `*-data` fields are most of a kubeconfig's bytes).
                    if depth == 0 {
                        let rest = b.get(i..).unwrap_or_default();
                        i += scan::find3(rest, b'\n', b':', b'#').unwrap_or(rest.len());
                    }
                }
                continue;
            }
        }
        i += 1;
    }
    None
}

/// The finding for a text that nests too deep, if it does.
pub fn check(text: &str) -> Option<crate::core::finding::Finding> {
    use crate::core::finding::{NoPositions, Sink};
    use crate::core::source::{LineIndex, Path};
    let (offset, depth) = too_deep(text)?;
    let pos = LineIndex::new(text).pos(offset);
    let why = if depth > MAX_DEPTH {
        format!("more than {MAX_DEPTH} levels deep")
    } else {
        format!("{depth} levels deep across so large an input that parsing it would take seconds")
    };
    let mut sink = Sink::new(&NoPositions);
    sink.report(
        &RULE,
        Path::root(),
        format!("Brackets nest {why}; eksplain stops here instead of parsing further."),
    )
    .at(Some(pos));
    sink.into_findings().pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_bracket_that_crosses_the_limit() {
        assert_eq!(
            too_deep(RULE.example),
            Some((10 + MAX_DEPTH, MAX_DEPTH + 1))
        );
        let f = check(RULE.example).unwrap();
        assert_eq!(f.location.pos.map(|p| (p.line, p.column)), Some((1, 211)));
        assert_eq!(too_deep(RULE.fixed), None);
    }

    #[test]
    fn brackets_inside_scalars_and_comments_do_not_count() {
        let deep = "[".repeat(300);
        for text in [
            format!("a: \"{deep}\"\n"),
            format!("a: '{deep}'\n"),
            format!("a: x{deep}\n"),
            format!("a: b # {deep}\n"),
            format!("a: |\n  {deep}\n  {deep}\nb: c\n"),
            format!("a: [\"{deep}\", '{deep}']\n"),
            format!("{{\"a\": \"{deep}\", \"b\": [1, 2]}}"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
    }

    #[test]
    fn quoted_closers_do_not_hide_real_nesting() {
        let tricky = "a: ".to_string() + &"[\"]\", ".repeat(300);
        assert!(too_deep(&tricky).is_some());
        let json = "{\"a\":".repeat(300);
        assert!(too_deep(&json).is_some());
        let spread = "a:\n".to_string() + &"- [\n".repeat(250);
        assert!(too_deep(&spread).is_some());
    }

    #[test]
    fn wide_but_shallow_documents_pass() {
        let wide = "[".to_string() + &"{\"a\": [1, {\"b\": \"]\"}]}, ".repeat(100_000) + "]";
        assert_eq!(too_deep(&wide), None);
    }
}
