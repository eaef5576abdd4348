//! Splitting a JWT into its three segments and decoding them locally.
//!
//! A JWT is `BASE64URL(header).BASE64URL(claims).BASE64URL(signature)`. Decoding
//! needs no key; *verifying* the signature needs the issuer's public keys
//! (its JWKS), which eksplain, being offline, does not have. The token itself is
//! a credential: it is kept in a [`Secret`], and only the decoded header and
//! claims — and the signature's length — are ever shown.

use crate::core::secret::Secret;
use crate::core::source::Pos;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use serde_json::{Map, Value};

/// Base64url with or without `=` padding, as JWTs are written (RFC 7515 omits it).
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The names of the three segments, for messages.
pub const SEGMENT_NAMES: [&str; 3] = ["header", "claims", "signature"];

/// Where a segment is in the token (byte offsets into the token text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub len: usize,
}

/// A decoded token.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The token as given. Never displayed.
    pub token: Secret,
    /// Where the token starts in the input.
    pub origin: Pos,
    /// True when the token was broken over several lines (positions then point at its start).
    pub wrapped: bool,
    pub segments: [Segment; 3],
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    /// Length of the decoded signature in bytes.
    pub signature_len: usize,
}

/// Why a token could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not three `.`-separated segments.
    Segments { count: usize },
    /// A segment is not base64url. `offset` is the byte offset in the token.
    Base64 {
        segment: usize,
        offset: usize,
        problem: String,
    },
    /// A segment decodes to something that is not a JSON object.
    Json {
        segment: usize,
        /// Approximate byte offset in the token of the error.
        offset: usize,
        /// 1-based line and column in the decoded JSON.
        json_line: usize,
        json_column: usize,
        message: String,
    },
}

/// Where the token is: origin, the token text without whitespace, whether it was wrapped.
fn locate(text: &str) -> (Pos, String, bool) {
    let mut line_start = 0;
    for (n, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let t = line.trim_start();
        if t.is_empty() {
            line_start += raw.len();
            continue;
        }
        let mut lead = line.len() - t.len();
        let mut body = t;
        if let Some(rest) = body
            .strip_prefix("Bearer ")
            .or_else(|| body.strip_prefix("bearer "))
        {
            let trimmed = rest.trim_start();
            lead += body.len() - trimmed.len();
            body = trimmed;
        }
        if let Some(rest) = body.strip_prefix(['"', '\'']) {
            lead += body.len() - rest.len();
        }
        let col = line[..lead].chars().count() as u32 + 1;
        let rest = text[line_start + lead..].trim_end();
        let rest = rest.trim_end_matches(['"', '\'', ',']);
        let joined: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
        let wrapped = rest.contains('\n');
        return (Pos::new(n as u32 + 1, col), joined, wrapped);
    }
    (Pos::new(1, 1), String::new(), false)
}

fn base64_problem(seg: &str) -> Option<(usize, String)> {
    let body_end = seg.trim_end_matches('=').len();
    for (i, c) in seg.char_indices() {
        let ok = c.is_ascii_alphanumeric() || c == '-' || c == '_' || (c == '=' && i >= body_end);
        if ok {
            continue;
        }
        let problem = match c {
            '+' | '/' => format!(
                "`{c}` belongs to standard base64, not base64url (which uses `-` and `_`): the token was re-encoded or is not a JWT"
            ),
            '=' => "`=` padding in the middle of the segment".to_string(),
            _ => format!("`{c}` is not a base64url character"),
        };
        return Some((i, problem));
    }
    if body_end % 4 == 1 {
        return Some((
            seg.len(),
            format!("a base64url text of {body_end} characters cannot be decoded (it was probably cut off)"),
        ));
    }
    None
}

fn decode_segment(token: &str, seg: Segment, index: usize) -> Result<Vec<u8>, DecodeError> {
    let text = &token[seg.start..seg.start + seg.len];
    if let Some((i, problem)) = base64_problem(text) {
        return Err(DecodeError::Base64 {
            segment: index,
            offset: seg.start + i,
            problem,
        });
    }
    B64URL.decode(text).map_err(|e| DecodeError::Base64 {
        segment: index,
        offset: seg.start,
        problem: e.to_string(),
    })
}

fn parse_object(
    seg: Segment,
    index: usize,
    bytes: &[u8],
) -> Result<Map<String, Value>, DecodeError> {
    let json_error = |line: usize, column: usize, message: String| {
        // Map the JSON position back to the base64 text: 3 bytes become 4 characters.
        let mut byte = 0usize;
        for (n, l) in bytes.split(|b| *b == b'\n').enumerate() {
            if n + 1 == line {
                byte += column.saturating_sub(1);
                break;
            }
            byte += l.len() + 1;
        }
        DecodeError::Json {
            segment: index,
            offset: seg.start + (byte * 4 / 3).min(seg.len),
            json_line: line,
            json_column: column,
            message,
        }
    };
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => {
            let what = super::claims::type_name(&other);
            Err(json_error(1, 1, format!("it is {what}, not a JSON object")))
        }
        Err(e) => {
            let raw = e.to_string();
            let message = match raw.find(" at line ") {
                Some(i) => raw[..i].to_string(),
                None => raw,
            };
            let message = if std::str::from_utf8(bytes).is_err() {
                "it is binary data, not UTF-8 JSON".to_string()
            } else {
                message
            };
            Err(json_error(e.line().max(1), e.column().max(1), message))
        }
    }
}

/// Decodes the token in `text` (surrounding whitespace, quotes and a `Bearer `
/// prefix are ignored; a token wrapped over several lines is joined).
pub fn decode(text: &str) -> Result<Decoded, DecodeError> {
    let (origin, token, wrapped) = locate(text);
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(DecodeError::Segments { count: parts.len() });
    }
    let mut segments = [Segment { start: 0, len: 0 }; 3];
    let mut at = 0;
    for (i, p) in parts.iter().enumerate() {
        segments[i] = Segment {
            start: at,
            len: p.len(),
        };
        at += p.len() + 1;
    }
    let header_bytes = decode_segment(&token, segments[0], 0)?;
    let header = parse_object(segments[0], 0, &header_bytes)?;
    let claims_bytes = decode_segment(&token, segments[1], 1)?;
    let claims = parse_object(segments[1], 1, &claims_bytes)?;
    let signature_len = decode_segment(&token, segments[2], 2)?.len();
    Ok(Decoded {
        token: Secret::new(token),
        origin,
        wrapped,
        segments,
        header,
        claims,
        signature_len,
    })
}

/// Where the token starts and whether positions inside it can be trusted.
pub fn origin_of(text: &str) -> (Pos, bool) {
    let (origin, _, wrapped) = locate(text);
    (origin, wrapped)
}

impl Decoded {
    /// The position of a byte offset in the token (its start when wrapped).
    pub fn pos(&self, offset: usize) -> Pos {
        if self.wrapped {
            return self.origin;
        }
        Pos::new(self.origin.line, self.origin.column + offset as u32)
    }

    /// Where a segment starts.
    pub fn segment_pos(&self, index: usize) -> Pos {
        self.pos(self.segments.get(index).map(|s| s.start).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        B64URL.encode(s)
    }

    #[test]
    fn decodes_a_token_and_never_debug_prints_it() {
        let t = format!(
            "{}.{}.c2lnbmF0dXJl",
            b64(r#"{"alg":"RS256"}"#),
            b64(r#"{"sub":"x"}"#)
        );
        let d = decode(&format!("  Bearer {t}\n")).unwrap();
        assert_eq!(d.header["alg"], "RS256");
        assert_eq!(d.claims["sub"], "x");
        assert_eq!(d.signature_len, 9);
        assert_eq!(d.origin, Pos::new(1, 10));
        assert!(!format!("{d:?}").contains("c2lnbmF0dXJl"));
    }

    #[test]
    fn wrapped_tokens_are_joined() {
        let t = format!(
            "{}.{}.c2ln",
            b64(r#"{"alg":"RS256"}"#),
            b64(r#"{"sub":"x"}"#)
        );
        let (a, b) = t.split_at(10);
        let d = decode(&format!("{a}\n{b}\n")).unwrap();
        assert!(d.wrapped);
        assert_eq!(d.claims["sub"], "x");
    }

    #[test]
    fn errors_carry_the_offset() {
        assert_eq!(
            decode("eyJhbGciOiJub25lIn0.e30").unwrap_err(),
            DecodeError::Segments { count: 2 }
        );
        let e = decode("eyJhbGciOiJub25lIn0.eyJ+c3ViIjoieCJ9.c2ln").unwrap_err();
        assert!(
            matches!(
                e,
                DecodeError::Base64 {
                    segment: 1,
                    offset: 23,
                    ..
                }
            ),
            "{e:?}"
        );
        let bad_json = format!(
            "{}.{}.c2ln",
            b64(r#"{"alg":"RS256"}"#),
            b64(r#"{"sub":"x",}"#)
        );
        match decode(&bad_json).unwrap_err() {
            DecodeError::Json {
                segment,
                json_column,
                ..
            } => assert_eq!((segment, json_column), (1, 12)),
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn never_panics() {
        for s in [
            "",
            ".",
            "..",
            "...",
            "a.b.c",
            "eyJ.eyJ.",
            "é.é.é",
            "\"",
            "Bearer",
            "e30.e30.e30=",
            "e30.e30.A",
        ] {
            let _ = decode(s);
        }
    }
}
