use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK011",
    name: "token-cluster-id-unsigned",
    severity: Severity::Error,
    category: Category::Security,
    domain: Domain::Token,
    summary: "The token does not sign the `x-k8s-aws-id` header that binds it to one cluster.",
    what: "Looks for `x-k8s-aws-id` in `X-Amz-SignedHeaders`.",
    why: "The cluster name is not written in the token: the plugin puts it in the `x-k8s-aws-id` header and signs that header, and the authenticator sends its own cluster name in the same header, so STS only accepts the signature for the intended cluster. Without it, a token for one cluster would work on every cluster, so the authenticator refuses it: `client did not sign the x-k8s-aws-id header in the pre-signed URL`. A generic SigV4 presigner (or a truncated token) produces this.",
    example: examples::UNSIGNED,
    fixed: examples::VALID,
    fix_summary: "Generate the token with `aws eks get-token --cluster-name NAME` or `aws-iam-authenticator token -i NAME`, which sign x-k8s-aws-id.",
};

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    let headers = t.signed_headers();
    if headers
        .iter()
        .any(|h| h.eq_ignore_ascii_case("x-k8s-aws-id"))
    {
        Verdict::Pass(format!("signed headers: {}", headers.join(";")))
    } else {
        let seen = if headers.is_empty() {
            "no X-Amz-SignedHeaders at all".to_string()
        } else {
            format!("only `{}`", headers.join(";"))
        };
        Verdict::fail(
            format!("The token does not sign the x-k8s-aws-id header ({seen}), so it is not bound to any cluster and EKS refuses it."),
            "client did not sign the x-k8s-aws-id header in the pre-signed URL",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_when_only_host_is_signed() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }
}
