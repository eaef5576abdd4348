//! Pretty-printing in the shape the AWS documentation and console use: one
//! member or element per line, `"key": value`, the indentation of the input
//! when it has one (so a corrected policy diffs cleanly against the original).

use super::{Kind, Value};

/// The JSON text of `v`, indented by `indent` spaces per level, with a final
/// newline.
pub fn pretty(v: &Value, indent: usize) -> String {
    let mut out = String::new();
    write(&mut out, v, 0, indent);
    out.push('\n');
    out
}

/// The indentation unit of a JSON text: the leading spaces of its first
/// indented line, 2 to 8; 4 (the AWS console's) when there is none.
pub fn detect_indent(text: &str) -> usize {
    text.lines()
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .find(|n| *n > 0)
        .filter(|n| (2..=8).contains(n))
        .unwrap_or(4)
}

/// `s` as a JSON string literal, quotes included.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn pad(out: &mut String, level: usize, indent: usize) {
    out.extend(std::iter::repeat_n(' ', level * indent));
}

// Recursion is bounded: values come from the parser (at most MAX_DEPTH deep)
// or from code that builds policies five levels deep.
fn write(out: &mut String, v: &Value, level: usize, indent: usize) {
    match &v.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Number(n) => out.push_str(n),
        Kind::String(s) => out.push_str(&escape(s)),
        Kind::Array(items) if items.is_empty() => out.push_str("[]"),
        Kind::Object(members) if members.is_empty() => out.push_str("{}"),
        Kind::Array(items) => {
            out.push_str("[\n");
            for (n, item) in items.iter().enumerate() {
                pad(out, level + 1, indent);
                write(out, item, level + 1, indent);
                if n + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            pad(out, level, indent);
            out.push(']');
        }
        Kind::Object(members) => {
            out.push_str("{\n");
            for (n, m) in members.iter().enumerate() {
                pad(out, level + 1, indent);
                out.push_str(&escape(&m.key));
                out.push_str(": ");
                write(out, &m.value, level + 1, indent);
                if n + 1 < members.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            pad(out, level, indent);
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn prints_like_the_aws_console_and_round_trips() {
        let text = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Effect\": \"Allow\",\n            \"Action\": [\n                \"sts:AssumeRole\",\n                \"sts:TagSession\"\n            ],\n            \"Condition\": {}\n        }\n    ]\n}\n";
        let v = parse(text).unwrap();
        assert_eq!(pretty(&v, detect_indent(text)), text);
    }

    #[test]
    fn escapes_what_json_requires() {
        assert_eq!(escape("a\"b\\c\nd\u{1}é"), "\"a\\\"b\\\\c\\nd\\u0001é\"");
    }

    #[test]
    fn detects_two_space_indentation() {
        assert_eq!(detect_indent("{\n  \"a\": 1\n}"), 2);
        assert_eq!(detect_indent("{\"a\": 1}"), 4);
    }
}
