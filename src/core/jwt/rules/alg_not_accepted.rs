use super::prelude::*;
use crate::core::source::Path;

pub static RULE: RuleMeta = RuleMeta {
    code: "JWT011",
    name: "jwt-alg-not-accepted",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The token is signed with an algorithm STS does not accept, such as the shared-secret `HS256`.",
    what: "Flags a signed token whose header `alg` is not one STS AssumeRoleWithWebIdentity accepts: RS256, \
           RS384, RS512 (RSA) or ES256, ES384, ES512 (ECDSA). `alg: none` is JWT009's.",
    why: "STS verifies a web identity token against the public keys (JWKS) of the issuer's IAM OIDC provider, \
          and only with those six algorithms. `HS256`, `HS384` and `HS512` are HMACs: one shared secret both \
          signs and verifies, and no JWKS can publish it, so neither STS nor the Kubernetes API server can \
          verify such a token. Kubernetes itself signs service-account tokens with RS256 (an RSA key) or \
          ES256/ES384/ES512 (an ECDSA key), so an HMAC-signed service-account token was made by another tool \
          or by hand (jwt.io signs with HS256 by default).",
    example: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fixed: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fix_summary: "Use a token the cluster issued (`kubectl create token SA --audience sts.amazonaws.com`), signed with its RSA or ECDSA key.",
};

/// The algorithms STS accepts for a web identity token (and the only ones
/// Kubernetes signs service-account tokens with are among them).
const ACCEPTED: [&str; 6] = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

pub fn check(cx: &Cx, sink: &mut Sink) {
    let alg = match cx.d.header.get("alg") {
        Some(serde_json::Value::String(a)) => a.as_str(),
        Some(_) | None => "",
    };
    if alg.eq_ignore_ascii_case("none") || ACCEPTED.contains(&alg) {
        return;
    }
    let verifiers = if cx.is_service_account_token() {
        "STS and the API server"
    } else {
        "STS"
    };
    let message = if alg.is_empty() {
        format!("The token's header has no `alg` string, so {verifiers} cannot tell how it was signed and reject it.")
    } else if alg.len() == 5 && alg.starts_with("HS") {
        format!(
            "The token is signed with `{alg}`, an HMAC: one shared secret signs and verifies it, and no OIDC \
             provider publishes that secret, so {verifiers} cannot verify it. STS accepts RS256/384/512 and \
             ES256/384/512 only."
        )
    } else {
        // A header is attacker-shaped text: show a real algorithm name, not a page of it.
        let alg: String = alg.chars().take(16).collect();
        format!(
            "The token is signed with `{alg}`, which STS does not accept: it verifies web identity tokens with \
             RS256/384/512 and ES256/384/512 only."
        )
    };
    let (ns, name) = cx.c.service_account().unwrap_or(("NAMESPACE", "SA"));
    sink.report(&RULE, Path::root().k("header").k("alg"), message)
        .at(cx.header_pos())
        .with_help(format!(
            "Kubernetes signs service-account tokens with RS256 or ES256/384/512: this one was made by another \
             tool or by hand. Use a token the cluster issued: `kubectl create token {name} -n {ns} --audience \
             sts.amazonaws.com`."
        ));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, messages_of, token};

    const CLAIMS: &str = r#"{"aud":["sts.amazonaws.com"],"sub":"system:serviceaccount:payments:api","kubernetes.io":{"namespace":"payments","serviceaccount":{"name":"api"}}}"#;

    #[test]
    fn fires_on_the_header_of_an_hs256_token() {
        let f = findings(super::RULE.example);
        let f: Vec<_> = f.iter().filter(|f| f.0 == "JWT011").collect();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].1, f[0].2, f[0].3), (Some(1), Some(1), "error"));
        assert_eq!(
            f[0].4,
            "The token is signed with `HS256`, an HMAC: one shared secret signs and verifies it, and no OIDC \
             provider publishes that secret, so STS and the API server cannot verify it. STS accepts \
             RS256/384/512 and ES256/384/512 only."
        );
        // Not also called unsigned.
        assert!(f.iter().all(|f| f.0 != "JWT009"));
    }

    #[test]
    fn other_algorithms_and_a_missing_alg() {
        let m = messages_of("JWT011", &token(r#"{"alg":"PS256"}"#, CLAIMS));
        assert!(
            m[0].starts_with("The token is signed with `PS256`, which STS does not accept"),
            "{m:?}"
        );
        let m = messages_of("JWT011", &token(r#"{"typ":"JWT"}"#, CLAIMS));
        assert!(
            m[0].starts_with("The token's header has no `alg` string"),
            "{m:?}"
        );
        let other = r#"{"aud":"sts.amazonaws.com","iss":"https://token.actions.githubusercontent.com","sub":"repo:o/r:ref:refs/heads/main"}"#;
        let m = messages_of("JWT011", &token(r#"{"alg":"HS512"}"#, other));
        assert!(m[0].contains("so STS cannot verify it"), "{m:?}");
    }

    #[test]
    fn quiet_for_the_accepted_algorithms_and_for_none() {
        assert!(messages_of("JWT011", super::RULE.fixed).is_empty());
        for alg in ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "none"] {
            let t = token(&format!(r#"{{"alg":"{alg}"}}"#), CLAIMS);
            assert!(messages_of("JWT011", &t).is_empty(), "{alg}");
        }
    }
}
