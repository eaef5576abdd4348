use super::prelude::*;
use crate::core::policy::keys;
use crate::core::policy::operator::Qualifier;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP024",
    name: "forallvalues-single-valued",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::TrustPolicy,
    summary: "`ForAllValues:` is used on a key that holds a single value, such as `:sub` or a session tag.",
    what: "`ForAllValues` tests that *every* value of a multivalued key is in the list — and is true when \
           the request has no value at all. On single-valued keys (`…:sub`, `aws:RequestTag/…`, \
           `aws:SourceAccount`) it should not be used.",
    why: "The condition is weaker than it looks: it holds when the key is missing, so a request that does \
          not carry the key at all passes the check. Plain `StringEquals` says what was meant.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"ForAllValues:StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Remove the `ForAllValues:` qualifier: use `StringEquals` / `StringLike` for single-valued keys.",
};

pub const AA: Option<Aa> = Aa::security("ForAllValues with single valued key");

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        for c in &st.conditions {
            let Ok(op) = c.op else { continue };
            if op.qualifier != Some(Qualifier::ForAllValues)
                || keys::single_valued(&c.key) != Some(true)
            {
                continue;
            }
            let plain = c.op_text.trim_start_matches("ForAllValues:");
            sink.report(
                &RULE,
                c.path.clone(),
                format!("`{}` holds a single value, but the operator is `{}`, which is also true when the request has no value for the key at all.", c.key, c.op_text),
            )
            .at(Some(c.key_pos))
            .with_help(format!("Use `{plain}` instead of `{}`.", c.op_text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_the_sub_key() {
        assert_eq!(lines_of("TP024", super::RULE.example), vec![8]);
    }

    #[test]
    fn quiet_without_the_qualifier() {
        assert!(lines_of("TP024", super::RULE.fixed).is_empty());
    }
}
