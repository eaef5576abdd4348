use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK010",
    name: "token-action-not-get-caller-identity",
    severity: Severity::Error,
    category: Category::Security,
    domain: Domain::Token,
    summary: "The token presigns an STS action other than GetCallerIdentity.",
    what: "Checks the `Action` parameter of the decoded URL.",
    why: "The authenticator learns who you are by replaying a presigned `GetCallerIdentity`; it refuses any other action (`unexpected action parameter in pre-signed URL`) so that a token can never make it perform something else with your credentials.",
    example: examples::WRONG_ACTION,
    fixed: examples::VALID,
    fix_summary: "Generate the token with `aws eks get-token` or `aws-iam-authenticator token`, which presign GetCallerIdentity.",
};

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    match t.action() {
        Some("GetCallerIdentity") => Verdict::Pass("GetCallerIdentity".into()),
        other => Verdict::fail(
            match other {
                Some(a) => format!("The token presigns the STS action `{a}`; EKS only accepts GetCallerIdentity."),
                None => "The token's URL has no `Action` parameter; EKS only accepts a presigned GetCallerIdentity.".into(),
            },
            "unexpected action parameter in pre-signed URL",
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_another_action_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }
}
