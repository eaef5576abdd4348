//! Decodes an EKS bearer token: `k8s-aws-v1.` followed by the unpadded base64url
//! encoding of a presigned STS `GetCallerIdentity` URL.
//!
//! Decoding follows what aws-iam-authenticator does (Go's `RawURLEncoding`,
//! `url.Parse`, `url.ParseQuery`), so a token that fails here fails there, with
//! the same reason. Nothing secret is kept: the signature and the session token
//! are reduced to their presence, the access key ID to a masked prefix.

use crate::core::secret::mask;
use crate::core::UnixTime;

/// The prefix every EKS token starts with.
pub const PREFIX: &str = "k8s-aws-v1.";

/// Why a token could not be decoded to a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum DecodeError {
    /// It does not start with `k8s-aws-v1.`.
    MissingPrefix,
    /// The part after the prefix is not unpadded base64url; `offset` is the byte
    /// of that part where decoding stopped.
    Base64 { offset: usize, found: Option<char> },
    /// It decodes to bytes that are not UTF-8 text.
    NotText,
    /// It decodes to text that is not an absolute URL.
    NotUrl(String),
}

impl DecodeError {
    /// The reason in words.
    pub fn describe(&self) -> String {
        match self {
            DecodeError::MissingPrefix => format!("it does not start with `{PREFIX}`"),
            DecodeError::Base64 { offset, found: Some('=') } => format!(
                "it is padded with `=` at byte {offset} after the prefix; EKS tokens are unpadded base64url"
            ),
            DecodeError::Base64 { offset, found: Some(c) } => format!(
                "the character {c:?} at byte {offset} after the prefix is not base64url (A–Z a–z 0–9 - _)"
            ),
            DecodeError::Base64 { offset, found: None } => format!(
                "its base64url part ends after {offset} bytes, which no encoding produces (cut short by a copy?)"
            ),
            DecodeError::NotText => "it decodes to binary data, not a URL".into(),
            DecodeError::NotUrl(why) => format!("it decodes to text that is not a URL: {why}"),
        }
    }

    /// The error aws-iam-authenticator reports for it.
    pub fn authenticator_error(&self) -> String {
        match self {
            DecodeError::MissingPrefix => {
                format!("token is missing expected \"{PREFIX}\" prefix")
            }
            DecodeError::Base64 { offset, .. } => {
                format!("illegal base64 data at input byte {offset}")
            }
            DecodeError::NotText | DecodeError::NotUrl(_) => "invalid URL".into(),
        }
    }
}

/// A query parameter as decoded. `value` is what may be shown: the signature and
/// the session token are replaced by a note, the credential's key ID is masked.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Param {
    pub name: String,
    pub value: String,
}

/// What kind of key signed the URL, from the access key ID's prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct AccessKey {
    /// `AKIA****************`.
    pub masked: String,
    pub prefix: String,
}

impl AccessKey {
    pub fn describe(&self) -> &'static str {
        match self.prefix.as_str() {
            "AKIA" => "a long-term access key of an IAM user (or the root user)",
            "ASIA" => "temporary credentials from STS (an assumed role, SSO, or a session)",
            _ => "an access key of unknown kind",
        }
    }
}

/// `X-Amz-Credential` after the key ID: `DATE/REGION/SERVICE/aws4_request`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Scope {
    pub date: String,
    pub region: String,
    pub service: String,
    pub terminator: String,
}

/// A decoded token. Holds no secret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct DecodedToken {
    /// Length of the whole token in bytes (the authenticator's limit is 4096).
    pub length: usize,
    /// The URL scheme, lower-cased like Go's `url.Parse` does.
    pub scheme: String,
    /// Host as written, with a port if one is given.
    pub host: String,
    /// The path, percent-decoded.
    pub path: String,
    /// Query parameters in order, decoded, with secrets withheld.
    pub params: Vec<Param>,
    /// Why the query string does not parse (Go's `url.ParseQuery`), if it does not.
    pub query_error: Option<String>,
    pub key: Option<AccessKey>,
    pub scope: Option<Scope>,
    pub has_session_token: bool,
    pub has_signature: bool,
}

impl DecodedToken {
    /// The (first) value of a parameter, matched case-insensitively like the
    /// authenticator does after lower-casing keys.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.value.as_str())
    }

    pub fn action(&self) -> Option<&str> {
        self.get("Action")
    }

    /// `X-Amz-SignedHeaders` split on `;`.
    pub fn signed_headers(&self) -> Vec<String> {
        self.get("X-Amz-SignedHeaders")
            .map(|v| v.split(';').map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// `X-Amz-Date` parsed (format `YYYYMMDDTHHMMSSZ`).
    pub fn date(&self) -> Option<UnixTime> {
        parse_amz_date(self.get("X-Amz-Date")?)
    }

    /// When STS stops accepting the URL: 15 minutes after `X-Amz-Date`, whatever
    /// `X-Amz-Expires` says.
    pub fn expires_at(&self) -> Option<UnixTime> {
        self.date().map(|d| d + VALIDITY_SECS)
    }
}

/// Presigned STS URLs are accepted for 15 minutes after their date.
pub const VALIDITY_SECS: i64 = 15 * 60;

/// Parses `X-Amz-Date` strictly (`20060102T150405Z`), like Go's `time.Parse`.
pub fn parse_amz_date(s: &str) -> Option<UnixTime> {
    let b = s.as_bytes();
    if b.len() != 16
        || b.get(8) != Some(&b'T')
        || b.get(15) != Some(&b'Z')
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 8 || i == 15 || c.is_ascii_digit())
    {
        return None;
    }
    crate::core::time::parse_rfc3339(s)
}

const fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// Unpadded base64url, as Go's `base64.RawURLEncoding` decodes it: CR and LF
/// are skipped, anything else outside the alphabet (including `=`) is an error.
pub fn decode_b64url(s: &str) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut n = 0u32;
    let mut count = 0usize;
    for (i, c) in s.bytes().enumerate() {
        if c == b'\r' || c == b'\n' {
            continue;
        }
        let Some(v) = b64_value(c) else {
            let found = s.get(i..).and_then(|t| t.chars().next());
            return Err(DecodeError::Base64 { offset: i, found });
        };
        acc = (acc << 6) | u32::from(v);
        n += 6;
        count += 1;
        if n >= 8 {
            n -= 8;
            out.push((acc >> n) as u8);
            acc &= (1 << n) - 1;
        }
    }
    if count % 4 == 1 {
        return Err(DecodeError::Base64 {
            offset: s.len(),
            found: None,
        });
    }
    Ok(out)
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Percent-decoding like Go's `url.QueryUnescape` (`plus` turns `+` into a
/// space) or `PathUnescape`.
pub fn unescape(s: &str, plus: bool) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hi = b.get(i + 1).copied().and_then(hex);
                let lo = b.get(i + 2).copied().and_then(hex);
                match (hi, lo) {
                    (Some(h), Some(l)) => out.push(h << 4 | l),
                    _ => {
                        let bad: String = s.get(i..).unwrap_or("").chars().take(3).collect();
                        return Err(format!("invalid URL escape {bad:?}"));
                    }
                }
                i += 3;
            }
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "escape decodes to invalid UTF-8".to_string())
}

/// A minimal `url.Parse` for absolute URLs: scheme, host, path, raw query.
fn split_url(u: &str) -> Result<(String, String, String, String), String> {
    if u.chars().any(|c| c.is_ascii_control()) {
        return Err("net/url: invalid control character in URL".into());
    }
    let Some((scheme, rest)) = u.split_once("://") else {
        return Err("missing scheme".into());
    };
    if scheme.is_empty()
        || !scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        // Quote the start only: without a `://` where it belongs, the
        // "scheme" runs on into the query, credential and all.
        let start = scheme.split(['/', '?', '&', '=', '%']).next().unwrap_or("");
        let shown: String = start.chars().take(10).collect();
        let more = if shown.len() < scheme.len() {
            "…"
        } else {
            ""
        };
        return Err(format!("invalid scheme \"{}{more}\"", shown.escape_debug()));
    }
    let rest = rest.split('#').next().unwrap_or("");
    let (before_query, query) = match rest.split_once('?') {
        Some((a, q)) => (a, q.to_string()),
        None => (rest, String::new()),
    };
    let (authority, path) = match before_query.find('/') {
        Some(i) => before_query.split_at(i),
        None => (before_query, ""),
    };
    let host = match authority.rsplit_once('@') {
        Some((_, h)) => h,
        None => authority,
    };
    let path = unescape(path, false)?;
    Ok((scheme.to_ascii_lowercase(), host.to_string(), path, query))
}

/// Decodes a token. `token` is taken as is (callers trim surrounding space).
pub fn decode(token: &str) -> Result<DecodedToken, DecodeError> {
    let body = token
        .strip_prefix(PREFIX)
        .ok_or(DecodeError::MissingPrefix)?;
    let bytes = decode_b64url(body)?;
    let url = String::from_utf8(bytes).map_err(|_| DecodeError::NotText)?;
    let (scheme, host, path, raw_query) = split_url(&url).map_err(DecodeError::NotUrl)?;
    let mut params = Vec::new();
    let mut query_error = None;
    let mut key = None;
    let mut scope = None;
    let mut has_session_token = false;
    let mut has_signature = false;
    for piece in raw_query.split('&').filter(|p| !p.is_empty()) {
        if piece.contains(';') {
            query_error.get_or_insert_with(|| "invalid semicolon separator in query".to_string());
            continue;
        }
        let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
        let (name, value) = match (unescape(k, true), unescape(v, true)) {
            (Ok(n), Ok(v)) => (n, v),
            (Err(e), _) | (_, Err(e)) => {
                query_error.get_or_insert(e);
                continue;
            }
        };
        let shown = match name.to_ascii_lowercase().as_str() {
            "x-amz-signature" => {
                has_signature = true;
                format!("({} hex characters, not shown)", value.len())
            }
            "x-amz-security-token" => {
                has_session_token = true;
                format!("(session token, {} characters, not shown)", value.len())
            }
            "x-amz-credential" => {
                let mut parts = value.split('/');
                let id = parts.next().unwrap_or("");
                let prefix: String = id.chars().take(4).collect();
                let masked = mask(id, 4);
                let rest: Vec<&str> = parts.collect();
                if key.is_none() {
                    key = Some(AccessKey {
                        masked: masked.clone(),
                        prefix,
                    });
                    if let [date, region, service, terminator] = rest[..] {
                        scope = Some(Scope {
                            date: date.into(),
                            region: region.into(),
                            service: service.into(),
                            terminator: terminator.into(),
                        });
                    }
                }
                std::iter::once(masked.as_str())
                    .chain(rest.iter().copied())
                    .collect::<Vec<_>>()
                    .join("/")
            }
            _ => value,
        };
        params.push(Param { name, value: shown });
    }
    Ok(DecodedToken {
        length: token.len(),
        scheme,
        host,
        path,
        params,
        query_error,
        key,
        scope,
        has_session_token,
        has_signature,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Encodes a URL the way `aws eks get-token` does (for tests).
    pub fn encode(url: &str) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::from(PREFIX);
        for chunk in url.as_bytes().chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
            for i in 0..=chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    pub const REAL: &str = include_str!("../../../tests/fixtures/token/get-token-us-west-2.token");

    #[test]
    fn decodes_a_real_aws_cli_token() {
        let t = decode(REAL.trim()).unwrap();
        assert_eq!(t.scheme, "https");
        assert_eq!(t.host, "sts.us-west-2.amazonaws.com");
        assert_eq!(t.path, "/");
        assert_eq!(t.action(), Some("GetCallerIdentity"));
        assert_eq!(t.get("Version"), Some("2011-06-15"));
        assert_eq!(t.signed_headers(), vec!["host", "x-k8s-aws-id"]);
        let key = t.key.clone().unwrap();
        assert_eq!(key.masked, "AKIA****************");
        let scope = t.scope.clone().unwrap();
        assert_eq!(
            (
                scope.date.as_str(),
                scope.region.as_str(),
                scope.service.as_str()
            ),
            ("20261125", "us-west-2", "sts")
        );
        assert_eq!(t.get("X-Amz-Date"), Some("20261125T192816Z"));
        assert_eq!(t.get("X-Amz-Expires"), Some("60"));
        assert!(t.has_signature && !t.has_session_token);
        assert!(t.query_error.is_none());
    }

    #[test]
    fn never_keeps_the_signature_or_the_full_key_id() {
        let t = decode(REAL.trim()).unwrap();
        let dbg = format!("{t:?}");
        assert!(!dbg.contains("AKIAIOSFODNN7EXAMPLE"), "{dbg}");
        assert!(!dbg.contains("24d7c6a742d8a14b"), "{dbg}");
    }

    #[test]
    fn reports_why_a_token_does_not_decode() {
        assert_eq!(decode("k8s-aws-v2.abc"), Err(DecodeError::MissingPrefix));
        assert!(matches!(
            decode("k8s-aws-v1.aHR0cHM6Ly9zdHM="),
            Err(DecodeError::Base64 {
                found: Some('='),
                ..
            })
        ));
        assert!(matches!(
            decode("k8s-aws-v1.aHR0c"),
            Err(DecodeError::Base64 { found: None, .. })
        ));
        assert!(matches!(
            decode("k8s-aws-v1.aGVsbG8"),
            Err(DecodeError::NotUrl(_))
        ));
        assert!(matches!(
            decode("k8s-aws-v1.__8"),
            Err(DecodeError::NotText)
        ));
    }

    #[test]
    fn a_broken_scheme_is_not_quoted_into_the_query() {
        // Found by the `eks_token` fuzz target: the "scheme" ran to the next
        // `://`, and the error quoted the access key ID on the way.
        let url = "https:/sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101://x";
        let Err(DecodeError::NotUrl(why)) = decode(&encode(url)) else {
            panic!("decoded");
        };
        assert_eq!(why, "invalid scheme \"https:…\"");
        assert_eq!(
            decode(&encode("ht tp://sts.amazonaws.com/")),
            Err(DecodeError::NotUrl("invalid scheme \"ht tp\"".into()))
        );
    }

    #[test]
    fn encode_round_trips() {
        let url = "https://sts.amazonaws.com/?Action=GetCallerIdentity&a=%2F+b";
        let t = decode(&encode(url)).unwrap();
        assert_eq!(t.host, "sts.amazonaws.com");
        assert_eq!(t.get("a"), Some("/ b"));
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        for s in [
            "k8s-aws-v1.",
            "k8s-aws-v1.\u{feff}",
            "k8s-aws-v1.aHR0cHM6Ly8",
            "k8s-aws-v1.aHR0cHM6Ly9h4pyTP2E9JXp6",
        ] {
            let _ = decode(s);
        }
        assert_eq!(parse_amz_date("2026112é192816Z"), None);
        assert_eq!(parse_amz_date("20261125T192816Z"), Some(1_795_634_896));
    }
}
