use super::prelude::*;
use crate::core::finding::{Finding, NoPositions};
use crate::core::oidc::NotAProvider;
use crate::core::source::{Path, Pos};

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC001",
    name: "not-an-oidc-provider",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The text is not an OIDC provider ARN, issuer URL or issuer host.",
    what: "Flags input analysed as an OIDC provider that is something else: the ARN of a role or user, an ARN cut \
           off after `oidc-provider/` or with fewer than six fields, or text that is no ARN, URL or host name.",
    why: "An IRSA trust policy's `Federated` principal must be the ARN of an IAM OIDC identity provider, \
          `arn:aws:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID`. A role ARN or a truncated ARN \
          there is accepted by IAM as text but matches no identity provider, so every \
          `sts:AssumeRoleWithWebIdentity` call fails.",
    example: "arn:aws:iam::493827160542:oidc-provider/\n",
    fixed: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Use the provider's full ARN, as listed by `aws iam list-open-id-connect-providers`.",
};

/// The finding for a text that is not a provider.
pub fn finding(why: &NotAProvider, token: &str, origin: Pos, path: Path) -> Finding {
    let first = token.lines().next().unwrap_or("");
    let shown: String = crate::core::redact::redact_line(first)
        .chars()
        .take(100)
        .collect();
    let ellipsis = if first.chars().count() > 100 {
        "…"
    } else {
        ""
    };
    let help = match why {
        NotAProvider::OtherArn { .. } => "The `Federated` principal of an IRSA trust policy is the OIDC provider's ARN, `arn:aws:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID`, not a role's. List the account's providers with `aws iam list-open-id-connect-providers`.",
        NotAProvider::TruncatedArn { .. } | NotAProvider::NoHost => "Copy the whole ARN again, e.g. from `aws iam list-open-id-connect-providers`; it ends in `/id/` and the cluster's 32-character OIDC ID.",
        NotAProvider::Empty | NotAProvider::Unrecognised => "Paste an OIDC provider ARN (`arn:aws:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID`) or an issuer URL (`https://oidc.eks.REGION.amazonaws.com/id/ID`, from `aws eks describe-cluster --query cluster.identity.oidc.issuer`).",
    };
    let mut sink = Sink::new(&NoPositions);
    let message = if token.contains('\n') {
        "The input holds no OIDC provider ARN, issuer URL or issuer host.".to_string()
    } else {
        format!(
            "`{shown}{ellipsis}` is not an OIDC provider: {}.",
            why.describe()
        )
    };
    sink.report(&RULE, path, message)
        .at(Some(origin))
        .with_help(help);
    sink.into_findings().pop().expect("one finding")
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_on_truncated_and_foreign_arns() {
        assert_eq!(columns_of("OIDC001", super::RULE.example), vec![1]);
        let m = messages_of("OIDC001", "arn:aws:iam::493827160542:role/eks-app");
        assert!(m[0].contains("ARN of a `role`"), "{m:?}");
        assert_eq!(columns_of("OIDC001", "just some words"), vec![1]);
    }

    #[test]
    fn never_quotes_a_whole_input_or_a_secret() {
        let kubeconfig = "apiVersion: v1\nusers:\n- name: a\n  user:\n    token: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\n";
        let opts = crate::core::report::Options::default();
        let r = crate::core::analyze_as(kubeconfig, crate::core::InputKind::OidcProvider, &opts);
        assert_eq!(
            r.findings[0].message,
            "The input holds no OIDC provider ARN, issuer URL or issuer host."
        );
        let r = crate::core::analyze_as(
            "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
            crate::core::InputKind::OidcProvider,
            &opts,
        );
        assert!(
            !r.findings[0].message.contains("eyJzdWIi"),
            "{:?}",
            r.findings
        );
    }

    #[test]
    fn quiet_for_a_provider_arn() {
        assert!(columns_of("OIDC001", super::RULE.fixed).is_empty());
    }
}
