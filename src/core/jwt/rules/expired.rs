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
    sink.report(
        &RULE,
        cx.claim("exp"),
        format!(
            "The token expired {} ({}){lifetime}: STS and the API server reject it.",
            relative(exp, now),
            format_rfc3339(exp)
        ),
    )
    .at(cx.claims_pos());
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
    fn quiet_for_a_live_token() {
        assert!(columns_of("JWT004", super::RULE.fixed).is_empty());
    }
}
