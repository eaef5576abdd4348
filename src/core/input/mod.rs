//! Rules about the input as text: syntax errors, unrecognised inputs.

pub mod rules;

use super::finding::{Finding, Locate, Location, NoPositions, Sink};
use super::source::{LineIndex, Path, Pos};

/// A syntax or structure error from serde_yaml, as a finding with line and column.
pub fn yaml_error(text: &str, err: &serde_yaml::Error) -> Finding {
    let pos = err
        .location()
        .map(|l| Pos::new(l.line() as u32, l.column() as u32));
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
    let lines = LineIndex::new(text);
    let (pos, hint) = match duplicate_key(text, &path, &message, pos) {
        Some((p, h)) => (Some(p), Some(h)),
        None => match rules::yaml_syntax::hint_at(text, pos, &message) {
            Some(h) => (culprit(&lines, h.line).or(pos), Some(h.text)),
            None => (pos, None),
        },
    };
    // The offending line goes into the message: redact it in context first
    // (a `value:` under a secret env name, the word after `--token`).
    let redacted = super::redact::redact_text(text);
    let shown = pos
        .and_then(|p| LineIndex::new(&redacted).line(p.line))
        .map(shown_line);
    let what = if message.starts_with("duplicate field") {
        "Duplicate key"
    } else if is_type {
        "Wrong type"
    } else {
        "YAML syntax error"
    };
    let mut msg = format!("{what}: {}", crate::core::redact::redact_line(&message));
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

/// The position of the first non-blank character of `line`.
fn culprit(lines: &LineIndex, line: Option<u32>) -> Option<Pos> {
    let text = lines.line(line?)?;
    let col = text.chars().take_while(|c| *c == ' ').count() as u32 + 1;
    Some(Pos::new(line?, col))
}

/// A source line for a message: redacted, and a bare base64 line (perhaps the
/// wrapped rest of a `client-key-data`) shortened to its first characters.
fn shown_line(line: &str) -> String {
    let t = line.trim();
    if rules::yaml_syntax::looks_base64(t) {
        let head: String = t.chars().take(8).collect();
        return format!("{}{head}…", &line[..line.len() - line.trim_start().len()]);
    }
    crate::core::redact::redact_line(line)
}

/// serde_yaml reports `duplicate field `k`` at the start of the mapping; find
/// the second `k` and explain what kubectl does with it (keeps the last one).
fn duplicate_key(
    text: &str,
    path: &Path,
    message: &str,
    pos: Option<Pos>,
) -> Option<(Pos, String)> {
    let key = message
        .strip_prefix("duplicate field `")?
        .split('`')
        .next()?;
    let tree = crate::core::yamlpos::PosTree::new(text);
    let at: Vec<Pos> = tree
        .keys(0, path)
        .into_iter()
        .filter(|(k, _)| k == key)
        .map(|(_, p)| p)
        .collect();
    let (first, second) = match at.as_slice() {
        [a, b, ..] => (*a, *b),
        _ => return pos.map(|p| (p, format!("`{key}` appears twice in the same mapping; kubectl silently keeps the last one. Delete the one you do not mean."))),
    };
    let top = [
        "apiVersion",
        "kind",
        "clusters",
        "contexts",
        "users",
        "current-context",
    ];
    let help = if path.is_root() && top.contains(&key) {
        format!("`{key}` appears twice at the top level (lines {} and {}): this looks like two kubeconfigs joined with `cat`. kubectl does not merge them: it silently keeps the last value of every key, so everything from the first file is lost. Merge them with `KUBECONFIG=first.yaml:second.yaml kubectl config view --flatten > merged.yaml`.", first.line, second.line)
    } else {
        format!("`{key}` appears twice in the same mapping (lines {} and {}); kubectl silently keeps the last one. Delete the one you do not mean.", first.line, second.line)
    };
    Some((second, help))
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

/// A DER SEQUENCE whose length covers the whole input and that is not text:
/// a binary certificate or key file.
fn looks_like_der(bytes: &[u8]) -> bool {
    let [0x30, len, rest @ ..] = bytes else {
        return false;
    };
    let body = match *len {
        0x81 => rest.first().map(|l| (*l as usize, 1)),
        0x82 => (rest.len() >= 2).then(|| ((rest[0] as usize) << 8 | rest[1] as usize, 2)),
        0x83 => (rest.len() >= 3)
            .then(|| (rest[0] as usize) << 16 | (rest[1] as usize) << 8 | rest[2] as usize)
            .map(|l| (l, 3)),
        l if l < 0x80 => Some((l as usize, 0)),
        _ => None,
    };
    matches!(body, Some((l, n)) if l + n == rest.len()) && std::str::from_utf8(bytes).is_err()
}

/// Decodes a dropped or piped file to text: UTF-8 (with or without BOM),
/// UTF-16 with a BOM; anything else is decoded lossily (invalid bytes become
/// U+FFFD, which the parsers then report with their position).
pub fn decode_bytes(bytes: &[u8]) -> String {
    if looks_like_der(bytes) {
        // A binary .der/.crt file: lossy UTF-8 would destroy it. Its base64 is
        // what a user would paste, and the certificate decoder reads it.
        use base64::Engine;
        return base64::engine::general_purpose::STANDARD.encode(bytes);
    }
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
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use crate::core::{analyze, Options};

    #[test]
    fn a_yaml_error_on_a_secret_line_does_not_quote_the_secret() {
        let text = "apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user:\n    token: eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.c2ln: oops\n";
        let r = analyze(text, &Options::default());
        assert_eq!(r.findings[0].code(), "IN001");
        assert_eq!(r.findings[0].line(), Some(6));
        assert!(
            !r.findings[0].message.contains("c2VjcmV0"),
            "{}",
            r.findings[0].message
        );
    }
}
