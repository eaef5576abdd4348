use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP017",
    name: "resource-in-trust-policy",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A trust policy statement has a `Resource` or `NotResource`.",
    what: "A trust policy is attached to the role it protects, so it has no `Resource`. Flags `Resource` and \
           `NotResource` — usually a sign that a permission policy was pasted where the trust policy goes, or \
           that the two were merged.",
    why: "IAM rejects the trust policy with `MalformedPolicyDocument: Has prohibited field Resource`.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Delete `Resource`: the trust policy applies to its own role. Permissions belong in the role's permission policies.",
};

pub const AA: Option<Aa> = Aa::error("Role trust policy syntax error resource");

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        if let Some(path) = &st.resource {
            let name = path.to_string();
            let name = name.rsplit('.').next().unwrap_or("Resource");
            sink.report(&RULE, path.clone(), format!("{} has `{name}`; a role trust policy cannot name resources, and IAM rejects it.", st.label()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_resource() {
        assert_eq!(lines_of("TP017", super::RULE.example), vec![8]);
    }

    #[test]
    fn quiet_without_resource() {
        assert!(lines_of("TP017", super::RULE.fixed).is_empty());
    }
}
