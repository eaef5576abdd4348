use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC002",
    name: "arn-service-not-iam",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "An OIDC provider ARN names a service other than `iam`.",
    what: "Flags provider ARNs whose third field is not `iam`, such as `arn:aws:sts::…:oidc-provider/…` or \
           `arn:aws:eks:…`.",
    why: "OIDC identity providers are IAM resources; their ARNs are always `arn:PARTITION:iam::ACCOUNT:oidc-provider/…`. \
          Under any other service the ARN names nothing, so a trust policy using it trusts no provider and \
          `AssumeRoleWithWebIdentity` is denied.",
    example: "arn:aws:sts::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fixed: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Write `iam` as the ARN's service: `arn:aws:iam::ACCOUNT:oidc-provider/…`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(arn) = &cx.p.arn else { return };
    let s = &arn.service;
    if s.text == "iam" || s.placeholder.is_some() {
        return;
    }
    let shown = if s.text.is_empty() {
        "empty".to_string()
    } else {
        format!("`{}`", s.text)
    };
    let f = sink
        .report(
            &RULE,
            cx.path("service"),
            format!("The ARN's service field is {shown}; OIDC providers are IAM resources, so it must be `iam`."),
        )
        .at(cx.at(s));
    if let Some(fixed) = cx.use_instead() {
        f.with_help(format!("Use `{fixed}`."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::columns_of;

    #[test]
    fn fires_on_the_service_field() {
        assert_eq!(columns_of("OIDC002", super::RULE.example), vec![9]);
    }

    #[test]
    fn quiet_for_iam() {
        assert!(columns_of("OIDC002", super::RULE.fixed).is_empty());
    }
}
