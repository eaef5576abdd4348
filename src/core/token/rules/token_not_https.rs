use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK005",
    name: "token-url-not-https",
    severity: Severity::Error,
    category: Category::Security,
    domain: Domain::Token,
    summary: "The token's presigned URL is not https.",
    what: "Checks the scheme of the decoded URL.",
    why: "The authenticator only calls STS over TLS and rejects anything else with `unexpected scheme`. A non-https URL is not something `aws eks get-token` or aws-iam-authenticator produce: the token was edited or built by hand.",
    example: examples::HTTP,
    fixed: examples::VALID,
    fix_summary: "Generate the token with `aws eks get-token` or `aws-iam-authenticator token`; do not build or edit it by hand.",
};

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    if t.scheme == "https" {
        Verdict::Pass("https".into())
    } else {
        Verdict::fail(
            format!(
                "The token's URL uses `{}://`; the EKS authenticator only accepts https.",
                t.scheme
            ),
            format!("unexpected scheme {:?} in pre-signed URL", t.scheme),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_http_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }
}
