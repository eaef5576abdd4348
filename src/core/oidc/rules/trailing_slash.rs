use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC008",
    name: "trailing-slash",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "An OIDC provider ARN or issuer URL ends with `/`.",
    what: "Flags a `/` after the OIDC ID, as in `https://oidc.eks.REGION.amazonaws.com/id/ID/`.",
    why: "STS finds the provider by comparing the token's `iss` with the IAM provider's URL as strings, and EKS \
          writes `iss` without a trailing slash. A provider created from the URL with a slash, or a trust policy \
          naming one, does not match the tokens: `InvalidIdentityToken: No OpenIDConnect provider found` or \
          `Not authorized to perform sts:AssumeRoleWithWebIdentity`.",
    example: "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8/\n",
    fixed: "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Remove the trailing `/`; the issuer ends with the OIDC ID.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(slash) = &cx.p.trailing_slash else {
        return;
    };
    let what = match cx.p.form {
        Form::Arn => "The ARN",
        Form::IssuerUrl => "The issuer URL",
        Form::HostPath => "The issuer host and path",
        Form::ConditionKey => "The condition key's issuer",
    };
    let f = sink
        .report(
            &RULE,
            cx.path("path"),
            format!(
                "{what} ends with `{}`, but tokens carry the issuer without a trailing slash, so it does not match them.",
                slash.text
            ),
        )
        .at(cx.at(slash));
    if let Some(fixed) = cx.use_instead() {
        f.with_help(format!("Use `{fixed}`."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::columns_of;

    #[test]
    fn fires_on_the_slash() {
        assert_eq!(columns_of("OIDC008", super::RULE.example), vec![77]);
    }

    #[test]
    fn quiet_without_slash() {
        assert!(columns_of("OIDC008", super::RULE.fixed).is_empty());
    }
}
