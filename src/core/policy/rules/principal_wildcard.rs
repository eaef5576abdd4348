use super::prelude::*;
use crate::core::policy::model::Principal;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP013",
    name: "principal-wildcard",
    severity: Severity::Error,
    category: Category::Security,
    domain: Domain::TrustPolicy,
    summary: "An Allow statement trusts `*`: any AWS principal, in any account.",
    what: "Flags `\"Principal\": \"*\"` and `\"Principal\": {\"AWS\": \"*\"}` in an Allow statement of a role \
           trust policy.",
    why: "A wildcard principal lets anyone with AWS credentials — in any account — call `sts:AssumeRole` on \
          the role, limited only by the conditions. It is never what IRSA or Pod Identity needs: those trust \
          one OIDC provider or the `pods.eks.amazonaws.com` service.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"AWS\": \"*\"},\n      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Name the principal that should assume the role: the cluster's OIDC provider ARN (IRSA) or `pods.eks.amazonaws.com` (Pod Identity).",
};

pub const AA: Option<Aa> = Aa::error("Role trust policy unsupported wildcard in principal");

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in cx.policy.statements.iter().filter(|s| s.is_allow()) {
        let star: Option<&Text> = match &st.principal {
            Some(Principal::Bare(t)) if t.value == "*" => Some(t),
            Some(Principal::Map(_)) => st.principals("AWS").find(|t| t.value == "*"),
            _ => None,
        };
        if let Some(t) = star {
            let scope = if st.conditions.is_empty() {
                "with no condition, so anyone with AWS credentials can assume this role"
            } else {
                "so anyone with AWS credentials who satisfies the conditions can assume this role"
            };
            sink.report(
                &RULE,
                t.path.clone(),
                format!(
                    "{} trusts `*` — every AWS principal in every account — {scope}.",
                    st.label()
                ),
            )
            .at(Some(t.pos));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_the_wildcard() {
        assert_eq!(lines_of("TP013", super::RULE.example), vec![6]);
    }

    #[test]
    fn quiet_for_a_named_principal() {
        assert!(lines_of("TP013", super::RULE.fixed).is_empty());
    }
}
