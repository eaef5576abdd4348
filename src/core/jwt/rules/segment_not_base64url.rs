use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "JWT002",
    name: "jwt-segment-bad-encoding",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "A segment of the token is not valid base64url.",
    what: "Decodes each segment as base64url (RFC 4648 §5, `A-Z a-z 0-9 - _`, padding optional) and reports \
           the first character that does not belong, with its column — or a segment whose length shows it \
           was cut off.",
    why: "A `+` or `/` means the token was re-encoded with standard base64 somewhere on the way (a template, a \
          shell pipeline); a stray character usually comes from copying out of a terminal or a log. STS rejects \
          such a token with `InvalidIdentityToken`.",
    example: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFt+XpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fixed: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fix_summary: "Copy the token again from its source file; don't re-encode it.",
};

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_at_the_bad_character() {
        assert_eq!(columns_of("JWT002", super::RULE.example), vec![42]);
        assert!(messages_of("JWT002", super::RULE.example)[0].contains("standard base64"));
    }

    #[test]
    fn quiet_for_base64url() {
        assert!(columns_of("JWT002", super::RULE.fixed).is_empty());
    }
}
