use super::prelude::*;
use crate::core::policy::keys::{self, KeyKind};
use crate::core::policy::operator::{self, OpError};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP018",
    name: "condition-operator-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A `Condition` block uses an operator IAM does not know (`StringEqual`, `stringequals`, `NullIfExists`, a condition key without an operator…).",
    what: "The keys directly under `Condition` are operators: `StringEquals`, `StringLike`, `ArnLike`, `Bool`, \
           `Null`, …, optionally prefixed with `ForAnyValue:` / `ForAllValues:` and suffixed with `IfExists` \
           (not on `Null`), spelt as IAM defines them. Flags anything else with the operator that was \
           probably meant — including a condition key written straight under `Condition` without an operator.",
    why: "IAM rejects the policy (`Invalid Condition type`), so the trust policy is not saved.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\n        \"StringEqual\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"}\n      }\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\n        \"StringEquals\": {\n          \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n          \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n        }\n      }\n    }\n  ]\n}\n",
    fix_summary: "Use an IAM condition operator, spelt exactly (`StringEquals`, `StringLike`, …).",
};

pub const AA: Option<Aa> = Aa::error("Invalid condition operator");

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        let cpath = st.path.k("Condition");
        let Some(blocks) = cx.root.lookup(&cpath).and_then(|(v, _)| v.as_object()) else {
            continue;
        };
        for b in blocks {
            let err = match operator::parse(&b.key) {
                Ok(_) => continue,
                Err(e) => e,
            };
            let path = cpath.k(&b.key);
            let (message, help) = match err {
                _ if !matches!(keys::classify(&b.key), KeyKind::Malformed) && b.value.as_object().is_none() => (
                    format!("`{}` is a condition key written directly under `Condition`; it needs an operator around it.", b.key),
                    format!("Write \"Condition\": {{\"StringEquals\": {{\"{}\": …}}}}.", b.key),
                ),
                OpError::NullIfExists => (
                    "`NullIfExists` is not an operator: `IfExists` cannot be combined with `Null`.".to_string(),
                    "Use `Null` alone: it already tests whether the key exists.".to_string(),
                ),
                OpError::BadQualifier { qualifier, suggestion } => (
                    format!("`{qualifier}:` is not a set qualifier; IAM knows only `ForAnyValue:` and `ForAllValues:`."),
                    match suggestion {
                        Some(s) => format!("Write `{s}`."),
                        None => RULE.fix_summary.to_string(),
                    },
                ),
                OpError::Unknown { suggestion: Some(s) } => (
                    format!("`{}` is not a condition operator; did you mean `{s}`?", b.key),
                    format!("Write `{s}`."),
                ),
                OpError::Unknown { suggestion: None } => (
                    format!("`{}` is not a condition operator.", b.key),
                    RULE.fix_summary.to_string(),
                ),
            };
            sink.report(&RULE, path, message)
                .at(Some(b.key_pos))
                .with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_the_misspelt_operator() {
        assert_eq!(lines_of("TP018", super::RULE.example), vec![9]);
        assert!(
            messages_of("TP018", super::RULE.example)[0].contains("did you mean `StringEquals`")
        );
    }

    #[test]
    fn explains_a_key_without_operator() {
        let text = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"}, \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n\"Condition\": {\"aws:RequestTag/kubernetes-namespace\": \"payments\"}}}";
        assert!(messages_of("TP018", text)[0].contains("needs an operator"));
    }

    #[test]
    fn quiet_for_valid_operators() {
        assert!(lines_of("TP018", super::RULE.fixed).is_empty());
    }
}
