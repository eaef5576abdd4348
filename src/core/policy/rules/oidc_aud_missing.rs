use super::prelude::*;
use crate::core::policy::{claim_entries, provider_of, use_of, Use};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP036",
    name: "oidc-aud-missing",
    severity: Severity::Info,
    category: Category::Hygiene,
    domain: Domain::TrustPolicy,
    summary: "An IRSA statement does not pin the token audience (`:aud`) to `sts.amazonaws.com`.",
    what: "Flags an Allow statement trusting an EKS OIDC provider that restricts `…:sub` but has no \
           condition on `…:aud`.",
    why: "Nothing breaks: STS already refuses tokens whose audience is not in the IAM OIDC provider's \
          audience list. But that list is configured elsewhere and can grow; the policy AWS documents pins \
          `:aud` so the role does not depend on it.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Add `\"PROVIDER:aud\": \"sts.amazonaws.com\"` next to the `:sub` condition.",
};

pub const AA: Option<Aa> = None;

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in cx.policy.statements.iter().filter(|s| s.is_allow()) {
        // Only a statement that pins `sub` (else TP028 says more) and has no
        // `aud` key at all (a bare `aud` is TP019's).
        if use_of(st) != Use::WebIdentity
            || !claim_entries(st, "aud").is_empty()
            || claim_entries(st, "sub").is_empty()
            || st
                .conditions
                .iter()
                .any(|c| c.key.eq_ignore_ascii_case("aud"))
        {
            continue;
        }
        let Some(p) = provider_of(st).filter(|p| p.provider.eks.is_some()) else {
            continue;
        };
        let Some(t) = st.principals("Federated").next() else {
            continue;
        };
        let key = p.provider.key("aud");
        sink.report(&RULE, t.path.clone(), format!("{} does not pin `{key}`; STS's provider-level audience check is all that guards it.", st.label()))
            .at(Some(t.pos))
            .with_help(format!("Add `\"{key}\": \"sts.amazonaws.com\"` under `StringEquals`."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{findings, lines_of};

    #[test]
    fn fires_as_info_at_the_principal() {
        assert!(findings(super::RULE.example).contains(&("TP036", Some(6), "info")));
    }

    #[test]
    fn quiet_with_an_aud_condition() {
        assert!(lines_of("TP036", super::RULE.fixed).is_empty());
    }
}
