use super::prelude::*;
use crate::core::time::{format_rfc3339, relative};

pub static RULE: RuleMeta = RuleMeta {
    code: "JWT005",
    name: "jwt-not-yet-valid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The token is not valid yet (`nbf` is in the future).",
    what: "Compares the `nbf` (not before) claim with the current time.",
    why: "A token is rejected before its `nbf`. Kubernetes sets `nbf` to the moment of issue, so a future `nbf` \
          means a clock is wrong: the issuing cluster's, or the one of the machine checking the token.",
    example: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzE5MjAwLCJpYXQiOjE3NjcyMzI4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjMyODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.JS8QyDYQ68oaBZwLroJV66L5W-TR17z6idckioLZ8RE\n",
    fixed: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fix_summary: "Check the clocks (NTP) of the machine that checks the token and of the cluster.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let (Some(nbf), Some(now)) = (cx.c.nbf, cx.opts.now) else {
        return;
    };
    if nbf <= now {
        return;
    }
    sink.report(
        &RULE,
        cx.claim("nbf"),
        format!(
            "The token is not valid until {} ({}): `nbf` is in the future, so a clock is off — the cluster's or this machine's.",
            format_rfc3339(nbf),
            relative(nbf, now)
        ),
    )
    .at(cx.claims_pos());
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_on_the_claims_segment() {
        assert_eq!(columns_of("JWT005", super::RULE.example), vec![22]);
        assert!(messages_of("JWT005", super::RULE.example)[0].contains("in 2 hours"));
    }

    #[test]
    fn quiet_once_valid() {
        assert!(columns_of("JWT005", super::RULE.fixed).is_empty());
    }
}
