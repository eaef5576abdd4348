//! Just enough of a projected service-account token (a JWT) for the
//! simulator: the issuer, subject and audiences of its claims. Decoding is
//! local; the signature cannot be verified offline and is not looked at.
//! (A full JWT explanation is the `jwt` module's job.)

use crate::core::json::{self, Kind, Value};
use base64::Engine as _;

/// The claims the simulator needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    pub iss: Option<String>,
    pub sub: Option<String>,
    pub aud: Vec<String>,
    pub exp: Option<i64>,
}

fn b64url(part: &str) -> Option<Vec<u8>> {
    let trimmed = part.trim_end_matches('=');
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(trimmed)
        .ok()
}

/// Decodes the claims of a JWT (`header.payload.signature`).
pub fn decode(token: &str) -> Result<Claims, String> {
    let t = token.trim();
    let t = t.strip_prefix("Bearer ").unwrap_or(t);
    let parts: Vec<&str> = t.split('.').collect();
    let [_, payload, _] = parts.as_slice() else {
        return Err(format!(
            "a JWT has three dot-separated parts; this has {}",
            parts.len()
        ));
    };
    let bytes = b64url(payload).ok_or("the token's payload is not base64url")?;
    let text = String::from_utf8(bytes).map_err(|_| "the token's payload is not UTF-8 text")?;
    let v = json::parse(&text).map_err(|e| format!("the token's payload is not JSON: {e}"))?;
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let aud = match v.get("aud").map(|a| &a.kind) {
        Some(Kind::String(a)) => vec![a.clone()],
        Some(Kind::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let exp = match v.get("exp").map(|e| &e.kind) {
        Some(Kind::Number(n)) => n.split('.').next().and_then(|n| n.parse().ok()),
        _ => None,
    };
    Ok(Claims {
        iss: s("iss"),
        sub: s("sub"),
        aud,
        exp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn decodes_a_projected_token() {
        let payload = r#"{"aud":["sts.amazonaws.com"],"exp":1767229200,"iss":"https://oidc.eks.us-east-1.amazonaws.com/id/ABC","sub":"system:serviceaccount:payments:api","kubernetes.io":{"namespace":"payments"}}"#;
        let token = format!("{}.{}.c2ln", b64(r#"{"alg":"RS256"}"#), b64(payload));
        let c = decode(&token).unwrap();
        assert_eq!(
            c.iss.as_deref(),
            Some("https://oidc.eks.us-east-1.amazonaws.com/id/ABC")
        );
        assert_eq!(c.sub.as_deref(), Some("system:serviceaccount:payments:api"));
        assert_eq!(c.aud, ["sts.amazonaws.com"]);
        assert_eq!(c.exp, Some(1_767_229_200));
    }

    #[test]
    fn rejects_what_is_not_a_jwt() {
        assert!(decode("abc").is_err());
        assert!(decode("a.!!!.c").is_err());
        assert!(decode(&format!("a.{}.c", b64("not json"))).is_err());
    }
}
