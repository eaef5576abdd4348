use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "JWT003",
    name: "jwt-segment-not-json",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The token's header or claims decode, but not to a JSON object.",
    what: "Parses the decoded header and claims as JSON and reports the parser's message with the line and \
           column in the decoded JSON (and the approximate column in the token).",
    why: "A real issuer never produces invalid JSON; this is a hand-made or edited token. STS rejects it with \
          `InvalidIdentityToken`.",
    example: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIix9.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fixed: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fix_summary: "Use a token issued by the cluster (`kubectl create token SA --audience sts.amazonaws.com`), not a hand-edited one.",
};

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_near_the_error_with_its_json_column() {
        let m = messages_of("JWT003", super::RULE.example);
        assert!(m[0].contains("column 45 of the decoded JSON"), "{m:?}");
        assert_eq!(columns_of("JWT003", super::RULE.example), vec![80]);
    }

    #[test]
    fn quiet_for_json_objects() {
        assert!(columns_of("JWT003", super::RULE.fixed).is_empty());
    }
}
