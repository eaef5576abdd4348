use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "JWT009",
    name: "jwt-unsigned",
    severity: Severity::Error,
    category: Category::Security,
    domain: Domain::Token,
    summary: "The token is unsigned: `alg` is `none` or the signature is empty.",
    what: "Flags tokens whose header says `\"alg\": \"none\"` or whose signature segment is empty.",
    why: "An unsigned token proves nothing: anyone can write one. STS and the Kubernetes API server reject \
          them. Seeing one usually means a hand-made test token, or a token whose signature was stripped.",
    example: "eyJhbGciOiJub25lIn0.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.\n",
    fixed: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fix_summary: "Use a token the cluster issued and signed (`kubectl create token SA --audience sts.amazonaws.com`).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let alg =
        cx.d.header
            .get("alg")
            .and_then(|v| v.as_str())
            .unwrap_or("");
    if alg.eq_ignore_ascii_case("none") {
        sink.report(
            &RULE,
            crate::core::source::Path::root().k("header").k("alg"),
            format!("The token's header says `\"alg\": \"{alg}\"`: it is unsigned, and STS and the API server reject unsigned tokens."),
        )
        .at(cx.header_pos());
    } else if cx.d.signature_len == 0 {
        sink.report(
            &RULE,
            crate::core::source::Path::root().k("signature"),
            "The token's signature segment is empty: it is unsigned (or the signature was cut off), and STS and the API server reject it.",
        )
        .at(cx.signature_pos());
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, findings};

    #[test]
    fn fires_on_the_header() {
        assert_eq!(columns_of("JWT009", super::RULE.example), vec![1]);
        assert!(findings(super::RULE.example)
            .iter()
            .any(|f| f.0 == "JWT009" && f.3 == "error"));
    }

    #[test]
    fn quiet_for_signed_tokens() {
        assert!(columns_of("JWT009", super::RULE.fixed).is_empty());
    }
}
