//! Rules about the input as text: syntax errors, unrecognised inputs.

pub mod rules;

use super::finding::{Finding, Locate, Location, NoPositions, Sink};
use super::redact::{redact_line_after, redact_text};
use super::source::{LineIndex, Path, Pos};

/// A syntax or structure error from serde_yaml, as a finding with line and column.
pub fn yaml_error(text: &str, err: &serde_yaml::Error) -> Finding {
    // serde_yaml gives no location for its alias-expansion limit: point at the first alias.
    let pos = err
        .location()
        .map(|l| Pos::new(l.line() as u32, l.column() as u32))
        .or_else(|| Some(first_alias(text).unwrap_or(Pos::new(1, 1))));
    let raw = err.to_string();
    // serde_yaml appends " at line L column C"; the location is shown separately.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let (path, message) = split_path_prefix(&message);
    let is_type = message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("duplicate field")
        || message.starts_with("missing field")
        || message.starts_with("unknown variant");
    let rule = if is_type {
        &rules::schema_type::RULE
    } else {
        &rules::yaml_syntax::RULE
    };
    let mut sink = Sink::new(&NoPositions);
    let hint = rules::yaml_syntax::hint(text, pos, &message)
        .or_else(|| alias_hint(&message))
        // The hint may quote the damaged lines: never with a credential in them.
        .map(|h| redact_text(&h));
    let lines = LineIndex::new(text);
    // Redacted with the line before it, which may name the secret (`- name: AWS_SECRET_ACCESS_KEY`).
    let shown = pos.and_then(|p| {
        let line = lines.line(p.line)?;
        let prev = p
            .line
            .checked_sub(1)
            .and_then(|l| lines.line(l))
            .unwrap_or("");
        Some(redact_line_after(prev, line))
    });
    let what = if is_type {
        "Wrong type"
    } else {
        "YAML syntax error"
    };
    let mut msg = format!("{what}: {message}");
    if let (Some(p), Some(line)) = (pos, shown) {
        let line: String = line.chars().take(200).collect();
        msg.push_str(&format!(" — line {}: `{}`", p.line, line.trim_end()));
    }
    let f = sink.report(rule, path, msg).at(pos);
    if let Some(h) = hint {
        f.with_help(h);
    }
    let mut out = sink.into_findings();
    out.pop().expect("one finding")
}

/// The position of the first alias (`*name`) used as a value.
fn first_alias(text: &str) -> Option<Pos> {
    let lines = LineIndex::new(text);
    let b = text.as_bytes();
    let at = (0..b.len()).find(|&i| {
        b[i] == b'*'
            && (i == 0 || matches!(b[i - 1], b' ' | b'[' | b',' | b'\n'))
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    })?;
    Some(lines.pos(at))
}

fn alias_hint(message: &str) -> Option<String> {
    message.contains("repetition limit exceeded").then(|| {
        "The document's aliases (`*name`) expand into more values than a parser should build — the \
         \"billion laughs\" pattern. kubeconfigs, policies and manifests never need aliases: paste the \
         document without anchors (`&name`) and aliases."
            .to_string()
    })
}

/// serde_yaml prefixes type errors with the path (`users[0].user.token: invalid type…`).
fn split_path_prefix(message: &str) -> (Path, String) {
    if let Some(i) = message.find(": ") {
        let head = &message[..i];
        if !head.contains(' ') && (head.contains('.') || head.contains('[')) {
            return (Path::parse(head), message[i + 2..].to_string());
        }
    }
    (Path::root(), message.to_string())
}

/// The finding for input that eksplain does not recognise.
pub fn unknown_input(text: &str) -> Finding {
    let mut sink = Sink::new(&NoPositions);
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let first: String = first.chars().take(60).collect();
    sink.report(
        &rules::unknown_input::RULE,
        Path::root(),
        format!("eksplain does not recognise this input (it starts with `{first}`)."),
    )
    .at(Some(Pos::new(1, 1)));
    sink.into_findings().pop().expect("one finding")
}

/// Locates nothing but the document start; for inputs that are a single value.
pub struct Start;

impl Locate for Start {
    fn locate(&self, _path: &Path) -> Option<Pos> {
        Some(Pos::new(1, 1))
    }
}

pub fn at_start(path: Path) -> Location {
    Location {
        path,
        pos: Some(Pos::new(1, 1)),
    }
}

/// Decodes a dropped or piped file to text: UTF-8 (with or without BOM),
/// UTF-16 with a BOM; anything else is decoded lossily (invalid bytes become
/// U+FFFD, which the parsers then report with their position).
pub fn decode_bytes(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    // Validating first is several times faster than the lossy decoder on the
    // (usual) valid input; the result is the same.
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Like [`decode_bytes`], taking ownership: valid UTF-8 without a BOM (the
/// usual case) becomes the text without a copy, which matters for megabyte files.
pub fn decode_vec(bytes: Vec<u8>) -> String {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
    {
        return decode_bytes(&bytes);
    }
    String::from_utf8(bytes).unwrap_or_else(|e| decode_bytes(e.as_bytes()))
}
