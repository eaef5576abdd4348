use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC003",
    name: "arn-region-not-empty",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "An OIDC provider ARN has a region; IAM ARNs have an empty region field.",
    what: "Flags provider ARNs with something between `iam:` and the account, such as \
           `arn:aws:iam:us-east-1:111122223333:oidc-provider/…`.",
    why: "IAM is a global service: its ARNs leave the region field empty (`iam::ACCOUNT`). The cluster's region \
          belongs in the issuer host (`oidc.eks.REGION.amazonaws.com`), not in the ARN. An ARN with a region names \
          no provider, so the trust policy matches no token.",
    example: "arn:aws:iam:eu-west-1:493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fixed: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Remove the region from the ARN: `arn:aws:iam::ACCOUNT:oidc-provider/…`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(arn) = &cx.p.arn else { return };
    let r = &arn.region;
    if r.text.is_empty() {
        return;
    }
    let f = sink
        .report(
            &RULE,
            cx.path("arn-region"),
            format!(
                "The ARN's region field is `{}`, but IAM is global: IAM ARNs read `iam::ACCOUNT`, with the region only in the issuer host.",
                r.text
            ),
        )
        .at(cx.at(r));
    if let Some(fixed) = cx.use_instead() {
        f.with_help(format!("Use `{fixed}`."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::columns_of;

    #[test]
    fn fires_on_the_region_field() {
        assert_eq!(columns_of("OIDC003", super::RULE.example), vec![13]);
    }

    #[test]
    fn quiet_for_an_empty_region_field() {
        assert!(columns_of("OIDC003", super::RULE.fixed).is_empty());
    }
}
