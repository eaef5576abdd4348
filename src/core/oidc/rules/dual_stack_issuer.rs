use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC015",
    name: "dual-stack-issuer",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The issuer uses the dual-stack host `oidc-eks.REGION.api.aws`, which IRSA tokens do not carry.",
    what: "Flags the dual-stack (IPv4 + IPv6) form of the EKS issuer host, `oidc-eks.REGION.api.aws`, in a \
           provider ARN, issuer URL or condition key. (The China form `oidc-eks.REGION.api.amazonwebservices.com.cn` \
           is recognised by analogy with other China dual-stack endpoints; AWS does not document it for EKS.)",
    why: "Since August 2024 the EKS documentation lists `oidc-eks.REGION.api.aws` as the dual-stack name of the \
          IRSA OIDC issuer, and tools such as the terraform-aws-eks module expose it. It serves the same discovery \
          document over IPv6, but the cluster's issuer — what `aws eks describe-cluster` reports and what \
          service-account tokens carry in `iss` — is still `https://oidc.eks.REGION.amazonaws.com/id/ID`. STS \
          finds the provider by `iss`, so a provider registered for the dual-stack URL, and a trust policy naming \
          it, do not match IRSA tokens (reported in terraform-aws-modules/terraform-aws-eks#3237).",
    example: "arn:aws:iam::493827160542:oidc-provider/oidc-eks.eu-west-1.api.aws/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fixed: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Use the classic host `oidc.eks.REGION.amazonaws.com` for the IAM provider and the trust policy.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    if cx.p.host_kind != HostKind::DualStack {
        return;
    }
    let f = sink
        .report(
            &RULE,
            cx.path("host"),
            format!(
                "`{}` is the issuer's dual-stack host name, but tokens carry the classic `oidc.eks.…` host in `iss`, so a provider or trust policy written with it does not match IRSA tokens.",
                cx.p.host.text
            ),
        )
        .at(cx.at(&cx.p.host));
    if let Some(fixed) = cx.use_instead() {
        f.with_help(format!("Use `{fixed}`."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::columns_of;

    #[test]
    fn fires_on_the_host() {
        assert_eq!(columns_of("OIDC015", super::RULE.example), vec![41]);
    }

    #[test]
    fn quiet_for_the_classic_host() {
        assert!(columns_of("OIDC015", super::RULE.fixed).is_empty());
    }
}
