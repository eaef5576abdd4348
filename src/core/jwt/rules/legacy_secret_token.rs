use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "JWT008",
    name: "legacy-service-account-token",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::Token,
    summary: "A legacy Secret-based service-account token: it never expires.",
    what: "Recognises tokens from `kubernetes.io/service-account-token` Secrets: issuer \
           `kubernetes/serviceaccount`, flat `kubernetes.io/serviceaccount/…` claims and no `exp`.",
    why: "Such a token is valid until its Secret is deleted — for years, if nobody does. Leaked into a CI log, a \
          kubeconfig or a chat, it keeps granting the service account's permissions. Kubernetes stopped creating \
          these Secrets automatically in 1.24 in favour of short-lived projected tokens. It is also useless for \
          IRSA: it has no audience and its issuer is not a URL.",
    example: "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwia3ViZXJuZXRlcy5pby9zZXJ2aWNlYWNjb3VudC9uYW1lc3BhY2UiOiJjaSIsImt1YmVybmV0ZXMuaW8vc2VydmljZWFjY291bnQvc2VjcmV0Lm5hbWUiOiJkZXBsb3llci10b2tlbi03eGsycCIsImt1YmVybmV0ZXMuaW8vc2VydmljZWFjY291bnQvc2VydmljZS1hY2NvdW50Lm5hbWUiOiJkZXBsb3llciIsInN1YiI6InN5c3RlbTpzZXJ2aWNlYWNjb3VudDpjaTpkZXBsb3llciJ9.rKyGwOYJypBvYysOLazMsrd9IrBiHyDr7OGkg1uT9vA\n",
    fixed: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fix_summary: "Prefer short-lived tokens (`kubectl create token`, projected volumes); if this one leaked, delete its Secret to revoke it.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    if cx.c.kind() != crate::core::jwt::TokenKind::LegacySecret {
        return;
    }
    let legacy = cx.c.legacy.clone().unwrap_or_default();
    let ns = legacy
        .namespace
        .clone()
        .or_else(|| cx.c.service_account().map(|(ns, _)| ns.to_string()))
        .unwrap_or_else(|| "NAMESPACE".into());
    let secret = legacy
        .secret_name
        .clone()
        .unwrap_or_else(|| "SECRET".into());
    let expiry = if cx.c.exp.is_none() {
        "it has no `exp` and stays valid"
    } else {
        "it stays valid"
    };
    sink.report(
        &RULE,
        cx.claim("iss"),
        format!("This is a legacy service-account token from Secret `{secret}` in namespace `{ns}`: {expiry} until that Secret is deleted, and it cannot be used for IRSA."),
    )
    .at(cx.claims_pos())
    .with_help(format!(
        "If the token leaked, revoke it: `kubectl delete secret -n {ns} {secret}`. Use short-lived tokens instead: `kubectl create token SA -n {ns}` or a projected volume."
    ));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, findings};

    #[test]
    fn fires_as_a_security_warning() {
        assert_eq!(columns_of("JWT008", super::RULE.example), vec![22]);
        let f = findings(super::RULE.example);
        let f = f.iter().find(|f| f.0 == "JWT008").unwrap();
        assert!(
            f.4.contains("deployer-token-7xk2p") && f.3 == "warning",
            "{f:?}"
        );
    }

    #[test]
    fn quiet_for_projected_tokens() {
        assert!(columns_of("JWT008", super::RULE.fixed).is_empty());
    }
}
