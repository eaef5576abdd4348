use super::prelude::*;
use crate::core::finding::Severity as Sev;
use crate::core::policy::glob;
use crate::core::policy::keys::{self, KeyKind};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP023",
    name: "wildcard-without-like",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A value has `*` or `?` under `StringEquals`, where they are ordinary characters, not wildcards.",
    what: "Only the `…Like` operators (and `ArnEquals`/`ArnLike`) treat `*` and `?` as wildcards. Under \
           `StringEquals` the value `system:serviceaccount:payments:*` matches only a service account \
           literally named `*`. On a service-account subject or a Pod Identity session tag this is an \
           error: no Kubernetes name contains `*`, so the condition never matches.",
    why: "The role looks scoped to a namespace but cannot be assumed by any pod: the SDK reports \
          `Not authorized to perform sts:AssumeRoleWithWebIdentity`.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:*\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\n        \"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\"},\n        \"StringLike\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:*\"}\n      }\n    }\n  ]\n}\n",
    fix_summary: "Use `StringLike` (or `StringNotLike`) for patterns; keep `StringEquals` for exact values.",
};

pub const AA: Option<Aa> = Aa::warning("Wildcard without like operator");

/// Keys whose values are Kubernetes names: a literal `*` can never match them.
pub fn names_kubernetes_object(key: &str) -> bool {
    match keys::classify(key) {
        KeyKind::Claim { claim, .. } => {
            claim.eq_ignore_ascii_case("sub") || claim.eq_ignore_ascii_case("aud")
        }
        _ => keys::tag_key(key)
            .is_some_and(|(_, t)| t.starts_with("kubernetes-") || t.starts_with("eks-cluster")),
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        for c in &st.conditions {
            let Ok(op) = c.op else { continue };
            let Some(like) = op.base.like_variant() else {
                continue;
            };
            for v in c
                .values
                .iter()
                .filter(|v| glob::has_wildcard(&v.value) && !v.value.contains("${"))
            {
                let fatal = names_kubernetes_object(&c.key) && !op.base.negated();
                let like_name = c.op_text.replacen(op.base.name(), like.name(), 1);
                let mut message = format!("`{}` contains a wildcard, but `{}` compares literally: it matches only the exact text `{}`.", v.value, c.op_text, v.value);
                if fatal {
                    message
                        .push_str(" No token carries that value, so this condition never matches.");
                }
                let f = sink
                    .report(&RULE, v.path.clone(), message)
                    .at(Some(v.pos))
                    .with_help(format!(
                        "Use `{like_name}` to match the pattern (keep exact values under `{}`).",
                        c.op_text
                    ));
                if fatal {
                    f.with_severity(Sev::Error);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{findings, lines_of};

    #[test]
    fn fires_as_an_error_on_a_subject_pattern() {
        assert_eq!(lines_of("TP023", super::RULE.example), vec![8]);
        assert!(findings(super::RULE.example).contains(&("TP023", Some(8), "error")));
    }

    #[test]
    fn a_warning_on_other_keys() {
        let text = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": \"sts:AssumeRole\",\n\"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"abc*\"}}}}";
        assert!(findings(text).contains(&("TP023", Some(2), "warning")));
    }

    #[test]
    fn quiet_under_string_like() {
        assert!(lines_of("TP023", super::RULE.fixed).is_empty());
    }
}
