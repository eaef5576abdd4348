use super::prelude::*;
use crate::core::finding::Location;
use crate::core::jwt::TokenKind;
use crate::core::source::Path;

pub static RULE: RuleMeta = RuleMeta {
    code: "JWT010",
    name: "jwt-subject-mismatch",
    severity: Severity::Error,
    category: Category::Security,
    domain: Domain::Token,
    summary: "A service-account token's `sub` names another service account than its Kubernetes claims.",
    what: "Compares `sub` (`system:serviceaccount:NAMESPACE:NAME`) with the service account the token's \
           Kubernetes claims name: `kubernetes.io.namespace` and `kubernetes.io.serviceaccount.name` in a \
           projected token, the flat `kubernetes.io/serviceaccount/…` claims in a legacy one.",
    why: "Kubernetes writes both from the same ServiceAccount when it issues a token, so they can only differ \
          in a token made by hand or edited after signing — and then its signature no longer verifies. The \
          API server rejects a legacy token whose `sub` disagrees (`sub claim is invalid`); for a projected \
          token it reads only `kubernetes.io`, while STS matches an IRSA trust policy's `…:sub` condition \
          against `sub`, so the two would not even agree on who the token is.",
    example: "eyJhbGciOiJSUzI1NiIsImtpZCI6IjNmMWM2YSJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YWRtaW4ifQ.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fixed: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fix_summary: "Use a token the cluster issued, unedited (`kubectl create token NAME -n NAMESPACE --audience sts.amazonaws.com`).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(sub) = cx.c.sub.as_deref() else {
        return;
    };
    let claims = Path::root().k("claims");
    // (namespace, name) the Kubernetes claims name, and the path of each.
    let (ns, name, ns_path, name_path, consequence) = match cx.c.kind() {
        TokenKind::Projected => {
            let Some(k) = cx.c.k8s.as_ref() else { return };
            let Some(name) = k.serviceaccount.as_ref().and_then(|r| r.name.as_deref()) else {
                return;
            };
            let k8s = claims.clone().k("kubernetes.io");
            (
                k.namespace.as_deref().unwrap_or(""),
                name,
                k8s.clone().k("namespace"),
                k8s.k("serviceaccount").k("name"),
                "the API server (which reads `kubernetes.io`) and STS (whose trust policy matches `sub`) \
                 would not agree on who it is",
            )
        }
        TokenKind::LegacySecret => {
            let Some(l) = cx.c.legacy.as_ref() else {
                return;
            };
            let Some(name) = l.service_account_name.as_deref() else {
                return;
            };
            let flat = |n: &str| {
                claims
                    .clone()
                    .k(&format!("{}{n}", crate::core::jwt::claims::LEGACY_PREFIX))
            };
            (
                l.namespace.as_deref().unwrap_or(""),
                name,
                flat("namespace"),
                flat("service-account.name"),
                "the API server rejects it (`sub claim is invalid`)",
            )
        }
        TokenKind::Other => return,
    };
    if ns.is_empty() {
        return;
    }
    let (says, path) = match cx.c.service_account() {
        Some((sub_ns, _)) if sub_ns != ns => (format!("`{sub}`"), ns_path),
        Some((_, sub_name)) if sub_name != name => (format!("`{sub}`"), name_path),
        Some(_) => return,
        None => (format!("`{sub}`, not a service account"), name_path),
    };
    sink.report(
        &RULE,
        path,
        format!(
            "`sub` is {says}, but the Kubernetes claims name service account `{ns}/{name}`. The cluster writes \
             both from one ServiceAccount, so this token was made by hand or edited: its signature cannot \
             verify, and {consequence}."
        ),
    )
    .at(cx.claims_pos())
    .with_related(Location {
        path: cx.claim("sub"),
        pos: cx.claims_pos(),
    })
    .with_help(format!(
        "Use a token the cluster issued, unedited: `kubectl create token {name} -n {ns} --audience sts.amazonaws.com`. \
         To try a trust policy for another service account, request that service account's token."
    ));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, messages_of, token};

    const PROJECTED_SUB_EDITED: &str = super::RULE.example;

    #[test]
    fn fires_at_the_claim_that_disagrees_with_sub() {
        let f = findings(PROJECTED_SUB_EDITED);
        let f: Vec<_> = f.iter().filter(|f| f.0 == "JWT010").collect();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].1, f[0].2, f[0].3), (Some(1), Some(42), "error"));
        assert!(
            f[0].4.starts_with(
                "`sub` is `system:serviceaccount:payments:admin`, but the Kubernetes claims name service account `payments/api`."
            ),
            "{}",
            f[0].4
        );
        let report = crate::core::analyze(PROJECTED_SUB_EDITED, &Default::default());
        let f = report
            .findings
            .iter()
            .find(|f| f.rule.code == "JWT010")
            .unwrap();
        assert_eq!(
            f.location.path.to_string(),
            "claims[\"kubernetes.io\"].serviceaccount.name"
        );
        assert_eq!(f.related[0].path.to_string(), "claims.sub");
    }

    #[test]
    fn a_namespace_mismatch_points_at_the_namespace() {
        let t = token(
            r#"{"alg":"RS256"}"#,
            r#"{"sub":"system:serviceaccount:kube-system:api","kubernetes.io":{"namespace":"payments","serviceaccount":{"name":"api"}}}"#,
        );
        let report = crate::core::analyze(&t, &Default::default());
        let f = report
            .findings
            .iter()
            .find(|f| f.rule.code == "JWT010")
            .unwrap();
        assert_eq!(
            f.location.path.to_string(),
            "claims[\"kubernetes.io\"].namespace"
        );
    }

    #[test]
    fn a_legacy_token_says_the_api_server_rejects_it() {
        let t = token(
            r#"{"alg":"RS256"}"#,
            r#"{"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"ci","kubernetes.io/serviceaccount/service-account.name":"deployer","sub":"system:serviceaccount:ci:admin"}"#,
        );
        let m = messages_of("JWT010", &t);
        assert_eq!(m.len(), 1);
        assert!(
            m[0].contains("`ci/deployer`") && m[0].contains("`sub claim is invalid`"),
            "{m:?}"
        );
    }

    #[test]
    fn a_sub_that_is_no_service_account_is_named() {
        let t = token(
            r#"{"alg":"RS256"}"#,
            r#"{"sub":"admin","kubernetes.io":{"namespace":"payments","serviceaccount":{"name":"api"}}}"#,
        );
        let m = messages_of("JWT010", &t);
        assert!(
            m[0].starts_with("`sub` is `admin`, not a service account, but"),
            "{m:?}"
        );
    }

    #[test]
    fn quiet_when_they_agree_or_a_side_is_missing() {
        assert!(messages_of("JWT010", super::RULE.fixed).is_empty());
        for claims in [
            r#"{"kubernetes.io":{"namespace":"payments","serviceaccount":{"name":"api"}}}"#,
            r#"{"sub":"system:serviceaccount:a:b","kubernetes.io":{"namespace":"payments"}}"#,
            r#"{"sub":"repo:org/app:ref:refs/heads/main"}"#,
        ] {
            assert!(
                messages_of("JWT010", &token(r#"{"alg":"RS256"}"#, claims)).is_empty(),
                "{claims}"
            );
        }
        let pod_identity =
            include_str!("../../../../tests/fixtures/jwt/eks-pod-identity-token.jwt");
        assert!(messages_of("JWT010", pod_identity).is_empty());
    }
}
