use super::prelude::*;
use super::subject_invalid::{identity, problem, Identity};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP031",
    name: "service-account-subject-case",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A service-account value differs only in case from what a token carries (`system:serviceaccount:Payments:API`).",
    what: "Kubernetes namespaces and service account names are lower case, and so is the \
           `system:serviceaccount:` prefix. `StringEquals` and `StringLike` compare case-sensitively, so a \
           value with capitals never matches a real token. Flags such values for the `:sub` claim and the Pod \
           Identity `kubernetes-namespace` / `kubernetes-service-account` tags.",
    why: "The role cannot be assumed: the pod gets `AccessDenied` although the policy \"looks right\". \
          (Condition key *names* ignore case; their *values* do not, except under `…IgnoreCase` operators.)",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:Payments:API-Server\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api-server\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Write namespaces, names and the `system:serviceaccount:` prefix in lower case.",
};

pub const AA: Option<Aa> = None;

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        for c in &st.conditions {
            let Some(id) = identity(st, c) else { continue };
            let Ok(op) = c.op else { continue };
            if op.base.case_insensitive() {
                continue;
            }
            let like = op.base.wildcards();
            for v in &c.values {
                let lower = v.value.to_ascii_lowercase();
                if lower == v.value || v.value.contains("${") || problem(id, &lower, like).is_some()
                {
                    continue;
                }
                if id == Identity::Subject
                    && !lower.starts_with(crate::core::policy::keys::SA_PREFIX)
                    && !like
                {
                    continue;
                }
                let what = match id {
                    Identity::Subject => "the subject a token carries",
                    Identity::Namespace => "the namespace tag EKS sets",
                    Identity::ServiceAccount => "the service account tag EKS sets",
                };
                sink.report(
                    &RULE,
                    v.path.clone(),
                    format!("`{}` differs only in case from `{lower}`, {what} (Kubernetes names are lower case); `{}` compares case-sensitively, so it never matches.", v.value, c.op_text),
                )
                .at(Some(v.pos))
                .with_help(format!("Write `{lower}`."));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_capitals() {
        assert_eq!(lines_of("TP031", super::RULE.example), vec![8]);
    }

    #[test]
    fn quiet_under_ignore_case_and_for_lower_case() {
        assert!(lines_of("TP031", super::RULE.fixed).is_empty());
        let ic = super::RULE
            .example
            .replace("StringEquals", "StringEqualsIgnoreCase");
        assert!(lines_of("TP031", &ic).is_empty());
    }
}
