use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK009",
    name: "token-unknown-query-param",
    severity: Severity::Error,
    category: Category::Security,
    domain: Domain::Token,
    summary: "The token's URL carries a query parameter the authenticator does not allow.",
    what: "Compares every parameter name (case-insensitively) with the nine the authenticator allows: Action, Version, X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-Security-Token, X-Amz-Signature, X-Amz-SignedHeaders.",
    why: "Any other parameter could change what STS does with the request, so the authenticator rejects the token: `non-whitelisted query parameter`. Signers that add their own parameters (some SDKs add `X-Amz-User-Agent`) make tokens EKS refuses.",
    example: examples::UNKNOWN_PARAM,
    fixed: examples::VALID,
    fix_summary: "Generate the token with `aws eks get-token` or `aws-iam-authenticator token`; a custom signer must presign with exactly the allowed parameters.",
};

pub const ALLOWED: &[&str] = &[
    "action",
    "version",
    "x-amz-algorithm",
    "x-amz-credential",
    "x-amz-date",
    "x-amz-expires",
    "x-amz-security-token",
    "x-amz-signature",
    "x-amz-signedheaders",
];

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    match t
        .params
        .iter()
        .find(|p| !ALLOWED.contains(&p.name.to_ascii_lowercase().as_str()))
    {
        Some(p) => Verdict::fail(
            format!("The token's URL has the query parameter `{}`, which the EKS authenticator does not allow.", p.name),
            format!("non-whitelisted query parameter {:?}", p.name),
        ),
        None => Verdict::Pass("only allowed parameters".into()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_an_extra_parameter_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }
}
