//! The `*-data` fields (base64 of PEM) as kubectl reads them: which fields
//! exist, Go-compatible base64 decoding with a precise reason when it fails,
//! the PEM shape of the decoded bytes, and placeholders that are not data at
//! all. X.509 parsing is not done here; this only looks at the envelope.

use super::prelude::*;
use super::support;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

/// What a `*-data` field must hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// One or more CA certificates (`certificate-authority-data`).
    CaCerts,
    /// The client certificate (`client-certificate-data`).
    ClientCert,
    /// The client's private key (`client-key-data`).
    ClientKey,
}

/// One `*-data` value in the config.
pub struct DataField<'a> {
    pub path: Path,
    /// The field's key, e.g. `client-key-data`.
    pub key: &'static str,
    pub want: Want,
    pub value: &'a str,
    /// `clusters` or `users` entry name, and whether it is a cluster.
    pub entry: Option<&'a str>,
    pub is_cluster: bool,
}

/// Every non-empty `*-data` value, in file order.
pub fn fields<'a>(cx: &Cx<'a>) -> Vec<DataField<'a>> {
    let mut out = Vec::new();
    for (i, nc, c) in support::clusters(cx) {
        if let Some(v) = c
            .certificate_authority_data
            .as_deref()
            .filter(|v| !v.is_empty())
        {
            out.push(DataField {
                path: cx
                    .cluster_path(i)
                    .k("cluster")
                    .k("certificate-authority-data"),
                key: "certificate-authority-data",
                want: Want::CaCerts,
                value: v,
                entry: nc.name.as_deref(),
                is_cluster: true,
            });
        }
    }
    for (i, nu, u) in support::users(cx) {
        let base = cx.user_path(i).k("user");
        if let Some(v) = u
            .client_certificate_data
            .as_deref()
            .filter(|v| !v.is_empty())
        {
            out.push(DataField {
                path: base.k("client-certificate-data"),
                key: "client-certificate-data",
                want: Want::ClientCert,
                value: v,
                entry: nu.name.as_deref(),
                is_cluster: false,
            });
        }
        if let Some(v) = u
            .client_key_data
            .as_ref()
            .map(|s| s.expose())
            .filter(|v| !v.is_empty())
        {
            out.push(DataField {
                path: base.k("client-key-data"),
                key: "client-key-data",
                want: Want::ClientKey,
                value: v,
                entry: nu.name.as_deref(),
                is_cluster: false,
            });
        }
    }
    out
}

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

impl B64Error {
    /// What is wrong, as the end of a sentence ("… is not valid base64: {this}").
    pub fn describe(&self) -> String {
        match self {
            B64Error::RawPem => "it holds PEM text (`-----BEGIN …`) instead of the base64 of it".into(),
            B64Error::Whitespace { at } => format!(
                "it contains a space at character {}; the value was wrapped over several lines and YAML joined the pieces with spaces",
                at + 1
            ),
            B64Error::UrlSafe { at } => format!(
                "character {} is `-` or `_`, from the URL-safe base64 alphabet; kubectl expects standard base64 (`+` and `/`)",
                at + 1
            ),
            B64Error::BadChar { ch, at } => format!(
                "character {} (`{}`) is not in the base64 alphabet",
                at + 1,
                ch.escape_default()
            ),
            B64Error::Length { len } => format!(
                "its {len} characters do not form complete base64 groups (the length must be a multiple of 4, padded with `=`): the value was cut short or lost its padding"
            ),
        }
    }

    /// How to fix it.
    pub fn help(&self, key: &str) -> String {
        match self {
            B64Error::RawPem => format!(
                "Encode the PEM file on one line: `base64 -w0 FILE` (macOS: `base64 -i FILE`) and put the output in `{key}`; or point the file field (`{}`) at the PEM file instead.",
                key.trim_end_matches("-data")
            ),
            B64Error::Whitespace { .. } => format!(
                "Join `{key}` back into one unbroken line (remove the spaces), or write it as a literal block (`{key}: |` with the lines indented below it), which kubectl reads correctly."
            ),
            _ => format!(
                "Copy `{key}` again from the original file (`kubectl config view --raw`), or re-encode the PEM file with `base64 -w0 FILE`."
            ),
        }
    }
}

/// Go's `base64.StdEncoding`: standard alphabet, padding required, non-zero
/// trailing bits tolerated.
const GO_STD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

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
    if len % 4 != 0 {
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

/// Decodes `value` like kubectl does (newlines are skipped, nothing else is).
pub fn decode(value: &str) -> Result<Vec<u8>, B64Error> {
    let compact: std::borrow::Cow<str> = if value.contains(['\n', '\r']) {
        value
            .chars()
            .filter(|c| *c != '\n' && *c != '\r')
            .collect::<String>()
            .into()
    } else {
        value.into()
    };
    match GO_STD.decode(compact.as_bytes()) {
        Ok(bytes) => Ok(bytes),
        Err(_) => Err(validate(value)
            .err()
            .unwrap_or(B64Error::Length { len: compact.len() })),
    }
}

/// What the decoded bytes look like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Complete PEM blocks, by label (`CERTIFICATE`, `RSA PRIVATE KEY`, …).
    Pem(Vec<String>),
    /// A `-----BEGIN` line without its `-----END` line.
    Truncated(String),
    /// Base64 again (`LS0t…` is base64 of `-----`): encoded twice.
    DoubleEncoded,
    /// Binary DER (starts with an ASN.1 SEQUENCE): encoded without PEM armour.
    Der,
    /// Anything else.
    Other,
}

pub fn shape(bytes: &[u8]) -> Shape {
    let text = String::from_utf8_lossy(bytes);
    let mut labels = Vec::new();
    let mut rest: &str = &text;
    while let Some(b) = rest.find("-----BEGIN ") {
        let after = &rest[b + "-----BEGIN ".len()..];
        let Some(e) = after.find("-----") else {
            return Shape::Truncated(String::new());
        };
        let label = after[..e].to_string();
        let end_marker = format!("-----END {label}-----");
        match after.find(&end_marker) {
            Some(x) => {
                labels.push(label);
                rest = &after[x + end_marker.len()..];
            }
            None => return Shape::Truncated(label),
        }
    }
    if !labels.is_empty() {
        return Shape::Pem(labels);
    }
    let t = text.trim_start();
    if t.starts_with("LS0t") {
        return Shape::DoubleEncoded;
    }
    if bytes.first() == Some(&0x30) && bytes.len() > 64 {
        return Shape::Der;
    }
    Shape::Other
}

/// A value that is a stand-in for data rather than data, and what it is.
pub fn placeholder(value: &str) -> Option<&'static str> {
    let v = value.trim();
    if v == "DATA+OMITTED" {
        return Some(
            "`DATA+OMITTED`, the marker `kubectl config view` prints in place of embedded data",
        );
    }
    if v == "REDACTED" || v == "[REDACTED]" {
        return Some("`REDACTED`, the marker `kubectl config view` prints in place of a secret");
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
    if !crate::core::scan::any_of(v.as_bytes(), b"<${.\xE2") {
        return None;
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
        return Some("a shortened value (it contains an ellipsis)");
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
    fn decodes_like_go() {
        assert_eq!(decode("aGVsbG8K").unwrap(), b"hello\n");
        assert_eq!(decode("aGVs\nbG8K\n").unwrap(), b"hello\n");
        assert_eq!(decode("aGVs bG8K"), Err(B64Error::Whitespace { at: 4 }));
        assert_eq!(decode("aGVsbG8"), Err(B64Error::Length { len: 7 }));
        assert_eq!(decode("aGV-bG8K"), Err(B64Error::UrlSafe { at: 3 }));
        assert_eq!(decode("-----BEGIN CERTIFICATE-----"), Err(B64Error::RawPem));
        assert_eq!(decode("a<b>"), Err(B64Error::BadChar { ch: '<', at: 1 }));
        assert_eq!(decode("aGVsbG8K=="), Err(B64Error::Length { len: 10 }));
        assert_eq!(decode("aGVs=G8K"), Err(B64Error::Length { len: 8 }));
        assert_eq!(decode("aGVsbA=="), Ok(b"hell".to_vec()));
    }

    #[test]
    fn tells_pem_shapes_apart() {
        let pem = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        assert_eq!(shape(pem), Shape::Pem(vec!["CERTIFICATE".into()]));
        assert_eq!(
            shape(b"-----BEGIN CERTIFICATE-----\nMIIC"),
            Shape::Truncated("CERTIFICATE".into())
        );
        assert_eq!(shape(b"LS0tLS1CRUdJTi"), Shape::DoubleEncoded);
        assert_eq!(shape(&[0x30; 100]), Shape::Der);
        assert_eq!(shape(b"hello world"), Shape::Other);
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
