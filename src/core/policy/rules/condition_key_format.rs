use super::prelude::*;
use crate::core::policy::keys::{self, KeyKind};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP019",
    name: "condition-key-format",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A condition key is not of the form `service:name` or `PROVIDER:claim`.",
    what: "Condition keys are `service:name` (`aws:RequestTag/kubernetes-namespace`, `sts:ExternalId`) or, \
           for a web identity token, the provider and the claim (`oidc.eks.REGION.amazonaws.com/id/ID:sub`). \
           Flags keys without a colon, with spaces, a bare `sub`, or a provider without its `:sub` / `:aud`.",
    why: "IAM rejects a malformed key; a key it accepts but no request carries makes the condition false, so \
          nobody can assume the role.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\"sub\": \"system:serviceaccount:payments:api\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Write the key as `service:name`, or `HOST/id/ID:sub` / `HOST/id/ID:aud` for the cluster's OIDC provider.",
};

pub const AA: Option<Aa> = Aa::error("Invalid condition key format");

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        let provider = crate::core::policy::provider_of(st);
        for c in &st.conditions {
            if c.op.is_err() || !matches!(keys::classify(&c.key), KeyKind::Malformed) {
                continue;
            }
            // Objects under a key are reported by the value-type rule.
            if cx
                .root
                .lookup(&c.path)
                .is_some_and(|(v, _)| v.as_object().is_some())
            {
                continue;
            }
            let trimmed = c.key.trim();
            let claim_for = |claim: &str| match &provider {
                Some(p) => format!("`{}`", p.provider.key(claim)),
                None => format!("`HOST/id/ID:{claim}`"),
            };
            let (message, help) = if trimmed != c.key {
                (
                    format!(
                        "Condition key `{}` has spaces around it; IAM compares keys exactly.",
                        c.key
                    ),
                    format!("Write `{trimmed}`."),
                )
            } else if ["sub", "aud", "amr"]
                .iter()
                .any(|k| c.key.eq_ignore_ascii_case(k))
            {
                (
                    format!("Condition key `{}` lacks the provider prefix: web identity claims are keyed `PROVIDER:{}`.", c.key, c.key),
                    format!("Write {}.", claim_for(&c.key.to_ascii_lowercase())),
                )
            } else if c.key.contains("/id/") && !c.key.contains(':') {
                (
                    format!("Condition key `{}` names the provider but no claim.", c.key),
                    format!(
                        "Append the claim: {} or {}.",
                        claim_for("sub"),
                        claim_for("aud")
                    ),
                )
            } else {
                (
                    format!("`{}` is not a condition key (`service:name`, or `PROVIDER:claim` for a web identity token).", c.key),
                    RULE.fix_summary.to_string(),
                )
            };
            sink.report(&RULE, c.path.clone(), message)
                .at(Some(c.key_pos))
                .with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_a_bare_sub_and_shows_the_full_key() {
        assert_eq!(lines_of("TP019", super::RULE.example), vec![8]);
        assert!(messages_of("TP019", super::RULE.example)[0]
            .contains("oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub"));
    }

    #[test]
    fn quiet_for_a_provider_key() {
        assert!(lines_of("TP019", super::RULE.fixed).is_empty());
    }
}
