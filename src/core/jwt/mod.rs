//! JWTs, above all Kubernetes service-account tokens: decoded locally (header
//! and claims, never the whole token), checked with the [`rules`], and explained —
//! who the token speaks for, for whom it is meant, when it is valid, and what an
//! IRSA trust policy sees of it. The signature cannot be verified offline; the
//! explanation says so.

pub mod claims;
pub mod decode;
pub mod overview;
pub mod rules;

pub use claims::{Claims, TokenKind};
pub use decode::{decode, DecodeError, Decoded};
pub use overview::Overview;

use super::deadline::Deadline;
use super::finding::{Finding, NoPositions, Sink};
use super::report::{Explanation, Options};
use super::source::{Path, Pos};
use super::UnixTime;

/// What every JWT rule gets to look at.
pub struct Cx<'a> {
    pub d: &'a Decoded,
    pub c: &'a Claims,
    pub opts: &'a Options,
}

impl Cx<'_> {
    /// Where the header segment starts.
    pub fn header_pos(&self) -> Option<Pos> {
        Some(self.d.segment_pos(0))
    }
    /// Where the claims segment starts (claim findings point here).
    pub fn claims_pos(&self) -> Option<Pos> {
        Some(self.d.segment_pos(1))
    }
    pub fn signature_pos(&self) -> Option<Pos> {
        Some(self.d.segment_pos(2))
    }
    /// `claims.NAME`
    pub fn claim(&self, name: &str) -> Path {
        Path::root().k("claims").k(name)
    }
    /// True when the token is meant for IRSA or is a Kubernetes service-account
    /// token (the tokens IRSA-specific rules are about).
    pub fn is_service_account_token(&self) -> bool {
        self.c.kind() == TokenKind::Projected
            || self
                .c
                .iss
                .as_deref()
                .is_some_and(|i| super::oidc::parse_provider(i).is_ok_and(|p| p.is_eks()))
    }
}

/// The claims of the token in `text`, decoded as [`analyze`] decodes them
/// (for callers that need only the claims, such as the trust-policy
/// simulator). The error is the sentence the JWT rules report.
pub fn claims_of(text: &str) -> Result<Claims, String> {
    match decode(text) {
        Ok(d) => Ok(Claims::read(&d.claims)),
        Err(e) => {
            let (origin, wrapped) = decode::origin_of(text);
            Err(rules::malformed(&e, origin, wrapped).message)
        }
    }
}

/// A token's other claims that a condition can test: each top-level claim
/// with a string, number or boolean value, or a list of strings (Cognito's
/// `amr`), as strings — not `iss`, `sub`, `aud` or the times.
pub fn condition_claims(text: &str) -> Vec<(String, Vec<String>)> {
    let Ok(d) = decode(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in &d.claims {
        if matches!(
            k.as_str(),
            "iss" | "sub" | "aud" | "exp" | "iat" | "nbf" | "jti"
        ) {
            continue;
        }
        let values: Vec<String> = match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Bool(b) => vec![b.to_string()],
            serde_json::Value::Number(n) => vec![n.to_string()],
            serde_json::Value::Array(a) if a.iter().all(|x| x.is_string()) && !a.is_empty() => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => continue,
        };
        out.push((k.clone(), values));
    }
    out
}

/// Analyses a pasted token.
pub fn analyze(text: &str, opts: &Options) -> (Vec<Finding>, Explanation) {
    let (findings, explanation, _) = analyze_timed(text, opts);
    (findings, explanation)
}

/// [`analyze`], and when the report stops being true ([`Report::valid_until`]):
/// `iat`, `nbf`, `exp` and `warnafter` are shown relative to now, and `nbf` and
/// `exp` are judged against it.
///
/// [`Report::valid_until`]: crate::core::Report::valid_until
pub fn analyze_timed(text: &str, opts: &Options) -> (Vec<Finding>, Explanation, Option<UnixTime>) {
    let d = match decode(text) {
        Ok(d) => d,
        Err(e) => {
            let (origin, wrapped) = decode::origin_of(text);
            return (
                vec![rules::malformed(&e, origin, wrapped)],
                Explanation::None,
                None,
            );
        }
    };
    let c = Claims::read(&d.claims);
    let cx = Cx { d: &d, c: &c, opts };
    let mut sink = Sink::new(&NoPositions);
    for (_, check) in rules::CHECKS {
        check(&cx, &mut sink);
    }
    let overview = overview::build(&d, &c, opts);
    let mut deadline = Deadline::new(opts.now);
    let warnafter = c.k8s.as_ref().and_then(|k| k.warnafter);
    for t in [c.iat, c.nbf, c.exp, warnafter].into_iter().flatten() {
        deadline.watch(t);
    }
    (
        sink.into_findings(),
        Explanation::Jwt(Box::new(overview)),
        deadline.next(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn claims_of_a_projected_token() {
        let payload = r#"{"aud":["sts.amazonaws.com"],"exp":1767229200,"iss":"https://oidc.eks.us-east-1.amazonaws.com/id/ABC","sub":"system:serviceaccount:payments:api","kubernetes.io":{"namespace":"payments"}}"#;
        let token = format!("{}.{}.c2ln", b64(r#"{"alg":"RS256"}"#), b64(payload));
        let c = claims_of(&token).unwrap();
        assert_eq!(
            c.iss.as_deref(),
            Some("https://oidc.eks.us-east-1.amazonaws.com/id/ABC")
        );
        assert_eq!(c.sub.as_deref(), Some("system:serviceaccount:payments:api"));
        assert_eq!(c.aud, ["sts.amazonaws.com"]);
        assert_eq!(c.exp, Some(1_767_229_200));
    }

    #[test]
    fn an_unsigned_token_is_not_said_to_have_a_hidden_signature() {
        let payload = r#"{"aud":["sts.amazonaws.com"],"sub":"system:serviceaccount:a:b"}"#;
        let text = |sig: &str| {
            let token = format!("{}.{}.{sig}", b64(r#"{"alg":"none"}"#), b64(payload));
            let (_, explanation) = analyze(&token, &Options::default());
            match explanation {
                Explanation::Jwt(o) => o.to_text(),
                _ => String::new(),
            }
        };
        let unsigned = text("");
        assert!(unsigned.contains("Signature: none"), "{unsigned}");
        assert!(!unsigned.contains("0 bytes, not shown"), "{unsigned}");
        assert!(text("c2ln").contains("Signature: 3 bytes, not shown"));
    }

    #[test]
    fn an_eks_pod_identity_token_shows_no_irsa_trust_policy_keys() {
        let token = include_str!("../../../tests/fixtures/jwt/eks-pod-identity-token.jwt");
        let (_, explanation) = analyze(token, &Options::default());
        let Explanation::Jwt(o) = explanation else {
            panic!("not a JWT explanation");
        };
        assert!(o.trust_policy_keys.is_empty(), "{:?}", o.trust_policy_keys);
        assert!(!o.to_text().contains("What an IRSA trust policy sees"));
    }

    #[test]
    fn claims_of_what_is_not_a_jwt_is_an_error() {
        assert!(claims_of("abc").is_err());
        assert!(claims_of("a.!!!.c").is_err());
        assert!(claims_of(&format!("a.{}.c", b64("not json"))).is_err());
    }
}
