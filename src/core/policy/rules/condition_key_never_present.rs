use super::prelude::*;
use crate::core::policy::keys::{self, KeyKind};
use crate::core::policy::operator::Base;
use crate::core::policy::{provider_of, use_of, Use};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP034",
    name: "condition-key-never-present",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A condition requires a key the request never carries: IRSA claims in a Pod Identity statement, or session tags in an IRSA statement.",
    what: "IRSA (`sts:AssumeRoleWithWebIdentity`) requests carry the token's claims (`PROVIDER:sub`, \
           `PROVIDER:aud`) and no session tags; Pod Identity (`sts:AssumeRole` by `pods.eks.amazonaws.com`) \
           requests carry session tags (`aws:RequestTag/kubernetes-namespace`, …) and no token claims. \
           Flags a positive condition (not `…IfExists`, not negated, not `Null`) on a key from the other \
           mechanism — the typical result of migrating a role from IRSA to Pod Identity halfway.",
    why: "A missing key makes a positive condition false, so the statement never applies and nobody can \
          assume the role.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\n        \"aws:RequestTag/kubernetes-namespace\": \"payments\",\n        \"aws:RequestTag/kubernetes-service-account\": \"api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Use the keys of the mechanism the statement trusts: `PROVIDER:sub` for IRSA, `aws:RequestTag/kubernetes-…` for Pod Identity.",
};

pub const AA: Option<Aa> = None;

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        let kind = use_of(st);
        let eks_web =
            kind == Use::WebIdentity && provider_of(st).is_some_and(|p| p.provider.eks.is_some());
        if kind != Use::PodIdentity && !eks_web {
            continue;
        }
        for c in &st.conditions {
            let Ok(op) = c.op else { continue };
            if op.if_exists || op.base.negated() || op.base == Base::Null || op.qualifier.is_some()
            {
                continue;
            }
            let (message, help) = match (kind, keys::classify(&c.key)) {
                (Use::PodIdentity, KeyKind::Claim { claim, .. }) => {
                    let tag = if claim.eq_ignore_ascii_case("sub") {
                        "`aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account`"
                    } else {
                        "the `aws:RequestTag/…` session tags"
                    };
                    (
                        format!("`{}` is a web identity token claim, but EKS Pod Identity requests carry no token: the condition is never true.", c.key),
                        format!("For Pod Identity, restrict with {tag}."),
                    )
                }
                (Use::WebIdentity, _) if keys::tag_key(&c.key).is_some() => (
                    format!("`{}` is a session tag, but IRSA tokens from EKS carry none: the condition is never true.", c.key),
                    match provider_of(st) {
                        Some(p) => format!("For IRSA, restrict `{}` to `system:serviceaccount:NAMESPACE:NAME`.", p.provider.key("sub")),
                        None => RULE.fix_summary.to_string(),
                    },
                ),
                _ => continue,
            };
            sink.report(&RULE, c.path.clone(), message)
                .at(Some(c.key_pos))
                .with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_an_irsa_key_in_a_pod_identity_statement() {
        assert_eq!(lines_of("TP034", super::RULE.example), vec![8]);
    }

    #[test]
    fn fires_on_a_session_tag_in_an_irsa_statement() {
        let text = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n\"Condition\": {\"StringEquals\": {\"aws:RequestTag/kubernetes-namespace\": \"payments\"}}}}";
        assert_eq!(lines_of("TP034", text), vec![2]);
    }

    #[test]
    fn quiet_for_session_tags_in_pod_identity() {
        assert!(lines_of("TP034", super::RULE.fixed).is_empty());
    }
}
