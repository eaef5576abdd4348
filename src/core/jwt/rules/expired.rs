use super::prelude::*;
use crate::core::time::{format_rfc3339, relative};

pub static RULE: RuleMeta = RuleMeta {
    code: "JWT004",
    name: "jwt-expired",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The token has expired (`exp` is in the past).",
    what: "Compares the `exp` claim with the current time.",
    why: "STS rejects an expired web identity token (`ExpiredTokenException`), and so does the API server. \
          Projected service-account tokens live from ten minutes to a day (the EKS webhook asks for 24 hours); \
          the kubelet rewrites the file before they expire, so a pod that reads the file once at start-up and \
          caches the token fails a day later. A token copied out of a pod for debugging expires too.",
    example: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MDgxNjAwLCJpYXQiOjE3NjY5OTUyMDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY2OTk1MjAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.P3m7e0NbBTIWUdrv03TNxoHcBvqmXjdOODN7iMoEbeo\n",
    fixed: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fix_summary: "Use a fresh token: the pod's SDK must re-read `AWS_WEB_IDENTITY_TOKEN_FILE`; for tests, `kubectl create token SA --audience sts.amazonaws.com`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let (Some(exp), Some(now)) = (cx.c.exp, cx.opts.now) else {
        return;
    };
    if exp > now {
        return;
    }
    let lifetime =
        cx.c.iat
            .filter(|iat| *iat < exp)
            .map(|iat| {
                format!(
                    " after a lifetime of {}",
                    crate::core::time::relative(exp, iat).trim_start_matches("in ")
                )
            })
            .unwrap_or_default();
    let f = sink
        .report(
            &RULE,
            cx.claim("exp"),
            format!(
                "The token expired {} ({}){lifetime}: STS and the API server reject it.",
                relative(exp, now),
                format_rfc3339(exp)
            ),
        )
        .at(cx.claims_pos());
    if let Some(help) = help_for_audience(cx.c) {
        f.with_help(help);
    }
}

/// The fix for a token not meant for STS; `None` keeps the IRSA advice.
fn help_for_audience(c: &crate::core::jwt::claims::Claims) -> Option<String> {
    if c.aud.is_empty() || c.aud.iter().any(|a| a == "sts.amazonaws.com") {
        return None;
    }
    let service_account = c.k8s.is_some()
        || c.sub
            .as_deref()
            .is_some_and(|s| s.starts_with("system:serviceaccount:"));
    let aud = c.aud.join(",");
    let k8s = c.k8s.as_ref();
    let sa = k8s
        .and_then(|k| k.serviceaccount.as_ref())
        .and_then(|r| r.name.as_deref())
        .unwrap_or("SA");
    let ns = k8s
        .and_then(|k| k.namespace.as_deref())
        .unwrap_or("NAMESPACE");
    Some(if service_account {
        format!(
            "This token is for `{aud}`, not for IRSA. In a pod, re-read the projected token file instead of caching it: the kubelet rewrites it before it expires. For tests, `kubectl create token {sa} -n {ns} --audience {aud}`."
        )
    } else {
        match c.iss.as_deref() {
            Some(iss) => format!("Get a fresh token from its issuer, `{iss}`."),
            None => "Get a fresh token from whoever issued it.".to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_on_the_claims_segment() {
        assert_eq!(columns_of("JWT004", super::RULE.example), vec![22]);
        let m = &messages_of("JWT004", super::RULE.example)[0];
        assert!(
            m.contains("1 day ago (2025-12-30T08:00:00Z) after a lifetime of 1 day"),
            "{m}"
        );
    }

    #[test]
    fn a_kubernetes_api_token_is_not_told_to_reread_the_irsa_file() {
        let token =
            include_str!("../../../../tests/fixtures/jwt/kube-api-token-cached-past-expiry.jwt");
        let findings = crate::core::testing::detected(token);
        let help = findings
            .iter()
            .find(|f| f.code() == "JWT004")
            .map(|f| f.help.clone())
            .unwrap_or_default();
        assert!(!help.contains("AWS_WEB_IDENTITY_TOKEN_FILE"), "{help}");
        assert!(help.contains("re-read the projected token file"), "{help}");
        assert!(
            help.contains("--audience https://kubernetes.default.svc.cluster.local"),
            "{help}"
        );
        let irsa = crate::core::testing::detected(super::RULE.example);
        assert!(irsa
            .iter()
            .any(|f| f.code() == "JWT004" && f.help.contains("AWS_WEB_IDENTITY_TOKEN_FILE")));
    }

    #[test]
    fn quiet_for_a_live_token() {
        assert!(columns_of("JWT004", super::RULE.fixed).is_empty());
    }
}
