use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP004",
    name: "version-missing",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "The policy has no `Version` element.",
    what: "Flags a policy without `\"Version\": \"2012-10-17\"`.",
    why: "Without `Version`, IAM reads the policy with the old 2008-10-17 language, in which policy variables \
          such as `${aws:PrincipalTag/team}` are plain text. Nothing fails when the policy is saved; a \
          condition using a variable simply never matches.",
    example: "{\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Add `\"Version\": \"2012-10-17\"` as the first element of the policy.",
};

pub const AA: Option<Aa> = Aa::warning("Missing version");

pub fn check(cx: &Cx, sink: &mut Sink) {
    if cx.root.as_object().is_none() || cx.root.member("Version").is_some() {
        return;
    }
    sink.report(
        &RULE,
        Path::root(),
        "The policy has no `Version`: IAM reads it with the 2008-10-17 policy language, in which policy variables are not substituted.",
    );
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_at_the_start_of_the_policy() {
        assert_eq!(lines_of("TP004", super::RULE.example), vec![1]);
    }

    #[test]
    fn quiet_with_a_version() {
        assert!(lines_of("TP004", super::RULE.fixed).is_empty());
    }
}
