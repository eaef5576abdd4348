use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC016",
    name: "not-an-eks-issuer",
    severity: Severity::Info,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The provider is not an EKS cluster issuer; EKS-specific checks are skipped.",
    what: "Notes providers whose host is not an EKS issuer: GitHub Actions, GitLab, Terraform Cloud, a \
           self-managed cluster's issuer in an S3 bucket or behind CloudFront, GKE or AKS issuers.",
    why: "IAM OIDC providers serve many identity sources. eksplain checks the region, the ID and the host shape \
          only for EKS issuers; for others it checks the ARN and says what the provider is, so a list of \
          providers reads at a glance.",
    example: "arn:aws:iam::493827160542:oidc-provider/token.actions.githubusercontent.com\n",
    fixed: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Nothing to fix if this provider is meant for another identity source.",
};

fn what_it_is(host: &str) -> &'static str {
    let h = host.to_ascii_lowercase();
    if h == "token.actions.githubusercontent.com" {
        "GitHub Actions' OIDC issuer"
    } else if h == "gitlab.com" || h.starts_with("gitlab.") {
        "a GitLab CI issuer"
    } else if h == "app.terraform.io" {
        "Terraform Cloud's issuer"
    } else if h == "accounts.google.com" {
        "Google's issuer"
    } else if h == "container.googleapis.com" {
        "a GKE cluster's issuer"
    } else if h.ends_with(".oic.prod-aks.azure.com") {
        "an AKS cluster's issuer"
    } else if h.contains(".s3.") || h.contains(".s3-") || h.ends_with(".s3.amazonaws.com") {
        "a self-managed issuer hosted in S3 (a self-managed Kubernetes cluster's service-account issuer, typically)"
    } else if h.ends_with(".cloudfront.net") {
        "a self-managed issuer behind CloudFront"
    } else {
        "an OpenID Connect provider that is not an EKS cluster"
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    if cx.p.is_eks() {
        return;
    }
    let host = &cx.p.host.text;
    sink.report(
        &RULE,
        cx.path("host"),
        format!("`{host}` is not an EKS issuer host: this is {}. EKS-specific checks (region, OIDC ID) are skipped.", what_it_is(host)),
    )
    .at(cx.at(&cx.p.host));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_on_the_host() {
        assert_eq!(columns_of("OIDC016", super::RULE.example), vec![41]);
        assert!(messages_of("OIDC016", super::RULE.example)[0].contains("GitHub Actions"));
    }

    #[test]
    fn quiet_for_eks() {
        assert!(columns_of("OIDC016", super::RULE.fixed).is_empty());
    }
}
