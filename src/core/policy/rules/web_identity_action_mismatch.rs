use super::prelude::*;
use crate::core::policy::glob;
use crate::core::policy::{use_of, Use};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP026",
    name: "web-identity-action-mismatch",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A statement trusts an OIDC provider but does not allow `sts:AssumeRoleWithWebIdentity`.",
    what: "Pods using IRSA exchange their service-account token by calling `sts:AssumeRoleWithWebIdentity`. \
           Flags a statement whose principal is an OIDC provider and whose `Action` lists only other actions \
           — most often `sts:AssumeRole`, copied from a cross-account role.",
    why: "The request never matches the statement: the AWS SDK in the pod fails with `AccessDenied: Not \
          authorized to perform sts:AssumeRoleWithWebIdentity`.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRole\",\n      \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Set `\"Action\": \"sts:AssumeRoleWithWebIdentity\"` for a Federated OIDC principal.",
};

pub const AA: Option<Aa> = Aa::error("Mismatched action for principal");

const WEB: &str = "sts:AssumeRoleWithWebIdentity";

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        if use_of(st) != Use::WebIdentity || st.actions().is_empty() {
            continue;
        }
        let allows = st
            .actions()
            .iter()
            .any(|a| glob::matches(&a.value, WEB, true));
        let typo = st.actions().iter().any(|a| {
            super::action_unknown::suggestion(&a.value) == Some(WEB)
                && !super::action_unknown::known(&a.value)
        });
        if allows || typo {
            continue;
        }
        let listed: Vec<&str> = st.actions().iter().map(|a| a.value.as_str()).collect();
        let first = &st.actions()[0];
        sink.report(
            &RULE,
            first.path.clone(),
            format!("{} trusts an OIDC provider but allows only {}; IRSA pods call sts:AssumeRoleWithWebIdentity, which this statement does not allow.", st.label(), listed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")),
        )
        .at(Some(first.pos));
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    /// A SAML provider Terraform or a template fills in is no OIDC provider:
    /// `sts:AssumeRoleWithSAML` is right for it.
    #[test]
    fn quiet_for_a_computed_saml_provider() {
        for text in [
            include_str!(
                "../../../../tests/fixtures/trust-policy/terraform-jsonencode-saml-provider.tf"
            ),
            include_str!("../../../../tests/fixtures/trust-policy/template-saml-provider.json"),
        ] {
            assert!(lines_of("TP026", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn fires_on_assume_role() {
        assert_eq!(lines_of("TP026", super::RULE.example), vec![7]);
    }

    #[test]
    fn quiet_for_web_identity() {
        assert!(lines_of("TP026", super::RULE.fixed).is_empty());
    }
}
