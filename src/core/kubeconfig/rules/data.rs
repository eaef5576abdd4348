//! Helpers for values that stand in for data: Go-compatible base64 validation
//! with a precise reason when it fails, and placeholders (`DATA+OMITTED`,
//! `<base64-encoded-ca-cert>`, `${CA_DATA}`) that are not data at all. Decoding
//! the `*-data` fields themselves is `core::cert`'s job (CRT001–CRT009).

/// Why a value is not base64 as kubectl (Go's `encoding/base64` standard
/// encoding, which skips `\r` and `\n`) reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum B64Error {
    /// PEM text pasted where its base64 belongs.
    RawPem,
    /// Spaces or tabs inside: a value wrapped over several lines without `|`.
    Whitespace { at: usize },
    /// `-` or `_`: the URL-safe alphabet.
    UrlSafe { at: usize },
    /// Any other character outside the base64 alphabet.
    BadChar { ch: char, at: usize },
    /// Wrong length or misplaced `=`: cut short, or lost its padding.
    Length { len: usize },
}

/// Checks `value` is base64 as kubectl reads it, without decoding: one pass
/// over the bytes (a kubeconfig may hold a thousand CA certificates).
pub fn validate(value: &str) -> Result<(), B64Error> {
    let mut len = 0usize;
    let mut pad = 0usize;
    for &b in value.as_bytes() {
        match b {
            b'\n' | b'\r' => continue,
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' if pad == 0 => {}
            b'=' if pad < 2 => pad += 1,
            // Data after `=` padding, or a third `=`: Go calls it corrupt.
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' | b'=' => {
                return Err(B64Error::Length { len: value.len() })
            }
            _ => return Err(reason(value, len)),
        }
        len += 1;
    }
    if !len.is_multiple_of(4) {
        return Err(B64Error::Length { len });
    }
    Ok(())
}

/// Why the character at base64 position `at` (newlines skipped) is illegal.
fn reason(value: &str, at: usize) -> B64Error {
    if value.contains("-----BEGIN") {
        return B64Error::RawPem;
    }
    // Everything before `at` is ASCII, so byte and character counts agree.
    let ch = value
        .chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .nth(at)
        .unwrap_or('?');
    match ch {
        ' ' | '\t' => B64Error::Whitespace { at },
        '-' | '_' => B64Error::UrlSafe { at },
        ch => B64Error::BadChar { ch, at },
    }
}

const SHORTENED: &str = "a shortened value (it contains an ellipsis)";

/// A value that is a stand-in for data rather than data, and what it is.
pub fn placeholder(value: &str) -> Option<&'static str> {
    let v = value.trim();
    if v == "DATA+OMITTED" {
        return Some(
            "`DATA+OMITTED`, the marker `kubectl config view` prints in place of embedded data",
        );
    }
    if v == "REDACTED" {
        return Some("`REDACTED`, the marker `kubectl config view` prints in place of a secret");
    }
    if v == "[REDACTED]" {
        return Some("`[REDACTED]`, a marker that a log or a tool printed in place of a secret");
    }
    let words = [
        "changeme",
        "change-me",
        "replace-me",
        "replace_me",
        "replaceme",
        "todo",
        "fixme",
    ];
    let starts_your = v.len() < 60
        && v.get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("your-") || p.eq_ignore_ascii_case("your_"));
    if words.iter().any(|w| v.eq_ignore_ascii_case(w))
        || starts_your
        || v.len() >= 3 && v.bytes().all(|b| b == b'x' || b == b'X')
    {
        return Some("a placeholder word that was never replaced");
    }
    // Every other pattern needs one of these bytes (0xE2 starts `…`); real
    // data, such as a thousand base64 certificates, has none of them.
    let bytes = v.as_bytes();
    if !crate::core::scan::any_of(bytes, *b"<${.\xE2") {
        return None;
    }
    // Dots alone (host names, versions): only the ASCII ellipsis can match, so
    // skip the substring searches of the patterns below.
    if !crate::core::scan::any_of(bytes, *b"<${\xE2") {
        return v.contains("...").then_some(SHORTENED);
    }
    if v.starts_with('<') && v.ends_with('>')
        || v.contains('<') && v.contains('>') && !v.contains(' ')
    {
        return Some("a template placeholder that was never filled in");
    }
    if v.contains("${") || v.contains("$(") || is_shell_var(v) {
        return Some(
            "an unexpanded shell variable (kubectl never expands variables in a kubeconfig)",
        );
    }
    if v.contains("{{") && v.contains("}}") {
        return Some("an unrendered template expression");
    }
    if v.contains("...") || v.contains('…') {
        return Some(SHORTENED);
    }
    None
}

/// `$NAME` as a whole value.
fn is_shell_var(v: &str) -> bool {
    v.strip_prefix('$').is_some_and(|n| {
        !n.is_empty()
            && n.chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
            && n.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_like_go() {
        assert_eq!(validate("aGVsbG8K"), Ok(()));
        assert_eq!(validate("aGVs\nbG8K\n"), Ok(()));
        assert_eq!(validate("aGVs bG8K"), Err(B64Error::Whitespace { at: 4 }));
        assert_eq!(validate("aGVsbG8"), Err(B64Error::Length { len: 7 }));
        assert_eq!(validate("aGV-bG8K"), Err(B64Error::UrlSafe { at: 3 }));
        assert_eq!(validate("a<b>"), Err(B64Error::BadChar { ch: '<', at: 1 }));
    }

    #[test]
    fn recognises_placeholders() {
        for v in [
            "DATA+OMITTED",
            "REDACTED",
            "<base64-encoded-ca-cert>",
            "${CA_DATA}",
            "$TOKEN",
            "{{ .Token }}",
            "LS0tLS1CRUdJ...",
            "xxxxxx",
            "your-token-here",
        ] {
            assert!(placeholder(v).is_some(), "{v}");
        }
        for v in [
            "LS0tLS1CRUdJTiBDRVJU",
            "k8s-aws-v1.abc",
            "https://10.0.0.1:6443",
            "eyJhbGciOi.eyJzdWIi.c2ln",
            "pa$$word",
        ] {
            assert!(placeholder(v).is_none(), "{v}");
        }
    }
}
