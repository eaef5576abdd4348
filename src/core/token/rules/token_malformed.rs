use super::prelude::*;
use crate::core::token::decode::PREFIX;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK004",
    name: "token-malformed",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The token is not `k8s-aws-v1.` + unpadded base64url of a URL with a parseable query.",
    what: "Decodes the token like the authenticator: the `k8s-aws-v1.` prefix, then base64url *without* `=` padding, then a URL whose query string parses (valid `%` escapes, no `;`).",
    why: "A token mangled by a copy (cut short, wrapped, padded by a tool that re-encoded it, quotes included) never reaches STS: the authenticator answers `input token was not properly formatted` and kubectl shows `Unauthorized`.",
    example: examples::PADDED,
    fixed: examples::UNPADDED,
    fix_summary: "Use the token exactly as the plugin printed it (`status.token`), without padding, quotes or line breaks; better, let kubectl run the plugin.",
};

pub fn evaluate(cx: &TokenCx) -> Verdict {
    match &cx.decoded {
        Err(e) => Verdict::fail(
            format!("The token cannot be decoded: {}.", e.describe()),
            e.authenticator_error(),
        ),
        Ok(t) => match &t.query_error {
            Some(q) => Verdict::fail(
                format!("The token's URL has a query string that does not parse: {q}."),
                "malformed query parameter",
            ),
            None => Verdict::Pass(format!(
                "{PREFIX} + {} bytes of URL",
                t.length - PREFIX.len()
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::codes;

    #[test]
    fn fires_on_a_padded_token_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }

    #[test]
    fn fires_on_bad_query_escapes() {
        let t = crate::core::token::decode::tests::encode(
            "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Date=%zz",
        );
        assert!(codes(&t).contains(&"TOK004"));
    }
}
