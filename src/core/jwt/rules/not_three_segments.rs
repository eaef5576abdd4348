use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "JWT001",
    name: "jwt-not-three-segments",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The token does not have three `.`-separated segments.",
    what: "A JWT is `HEADER.CLAIMS.SIGNATURE`, three base64url segments joined by dots. Flags a token with \
           fewer or more segments — most often one cut off while copying, so that the signature is missing.",
    why: "STS and the Kubernetes API server reject anything that is not a complete JWT; STS answers \
          `InvalidIdentityToken`. A token missing its signature was truncated on the way (a terminal's line \
          width, a log line limit, a missing last line of the file).",
    example: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0\n",
    fixed: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fix_summary: "Copy the whole token: `HEADER.CLAIMS.SIGNATURE`, on one line.",
};

/// The message for a token with `count` segments.
pub fn message(count: usize) -> String {
    match count {
        2 => "The token has 2 segments, not 3: the signature (after a second `.`) is missing — it was probably cut off while copying.".into(),
        1 => "The token has no `.` at all: a JWT is three base64url segments, `HEADER.CLAIMS.SIGNATURE`.".into(),
        5 => "The token has 5 segments: it is an encrypted JWT (JWE), which eksplain cannot read without the key.".into(),
        n => format!("The token has {n} segments; a JWT has exactly 3, `HEADER.CLAIMS.SIGNATURE`."),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_at_the_token_start() {
        assert_eq!(columns_of("JWT001", super::RULE.example), vec![1]);
        assert!(messages_of("JWT001", super::RULE.example)[0].contains("signature"));
    }

    #[test]
    fn quiet_for_a_complete_token() {
        assert!(columns_of("JWT001", super::RULE.fixed).is_empty());
    }
}
