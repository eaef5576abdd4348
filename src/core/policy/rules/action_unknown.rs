use super::prelude::*;
use crate::core::policy::glob;
use crate::core::suggest::closest;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP016",
    name: "action-unknown",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "An action is misspelt or is not one a trust policy controls (`sts:AssumeRoleWithWebIdendity`, `s3:GetObject`).",
    what: "A role's trust policy decides only who may assume the role: `sts:AssumeRole`, \
           `sts:AssumeRoleWithWebIdentity`, `sts:AssumeRoleWithSAML`, `sts:TagSession`, \
           `sts:SetSourceIdentity` and `sts:SetContext`. Flags any other action, with the one that was \
           probably meant, and wildcards that match none of them.",
    why: "A misspelt action is accepted by no request: with `sts:AssumeRoleWithWebIdendity` every pod using \
          the role fails with `Not authorized to perform sts:AssumeRoleWithWebIdentity`. Service actions \
          (`s3:*`) belong in the role's permission policies; in the trust policy they grant nothing.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdendity\",\n      \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Use the exact STS action: `sts:AssumeRoleWithWebIdentity` for IRSA, `sts:AssumeRole` + `sts:TagSession` for Pod Identity.",
};

pub const AA: Option<Aa> = Aa::error("Invalid action");

/// The actions a role trust policy can allow or deny.
pub const TRUST_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

/// The trust action `action` most likely means, when it is not one.
pub fn suggestion(action: &str) -> Option<&'static str> {
    let a = action.trim();
    let with_prefix = if a.contains(':') {
        a.to_string()
    } else {
        format!("sts:{a}")
    };
    let lower: Vec<String> = TRUST_ACTIONS
        .iter()
        .map(|t| t.to_ascii_lowercase())
        .collect();
    let refs: Vec<&str> = lower.iter().map(String::as_str).collect();
    let want = with_prefix.to_ascii_lowercase();
    let want = want.replacen("sts.", "sts:", 1);
    if let Some(i) = refs.iter().position(|r| *r == want) {
        return TRUST_ACTIONS.get(i).copied();
    }
    let hit = closest(&want, &refs)?;
    let i = refs.iter().position(|r| *r == hit)?;
    TRUST_ACTIONS.get(i).copied()
}

/// True when the action (or action pattern) matches at least one trust action.
pub fn known(action: &str) -> bool {
    TRUST_ACTIONS.iter().any(|t| glob::matches(action, t, true))
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        for list in [&st.action, &st.not_action].into_iter().flatten() {
            for a in list {
                if known(&a.value) {
                    continue;
                }
                let service = a.value.split(':').next().unwrap_or("");
                let (message, help) = if glob::has_wildcard(&a.value) {
                    (
                        format!("`{}` matches no action a trust policy controls.", a.value),
                        RULE.fix_summary.to_string(),
                    )
                } else if let Some(s) = suggestion(&a.value) {
                    (
                        format!(
                            "The action `{}` does not exist; did you mean `{s}`?",
                            a.value
                        ),
                        format!("Write `{s}`."),
                    )
                } else if a.value.contains(':') && !service.eq_ignore_ascii_case("sts") {
                    (
                        format!("`{}` is not an action a trust policy controls: a trust policy only decides who may assume the role.", a.value),
                        "Move service permissions into the role's permission policy; keep only STS actions here.".to_string(),
                    )
                } else {
                    (
                        format!(
                            "`{}` is not an STS action a trust policy controls.",
                            a.value
                        ),
                        RULE.fix_summary.to_string(),
                    )
                };
                sink.report(&RULE, a.path.clone(), message)
                    .at(Some(a.pos))
                    .with_help(help);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_the_typo_and_suggests_the_action() {
        assert_eq!(lines_of("TP016", super::RULE.example), vec![7]);
        assert!(messages_of("TP016", super::RULE.example)[0]
            .contains("did you mean `sts:AssumeRoleWithWebIdentity`"));
    }

    #[test]
    fn suggests_for_missing_prefix_and_case() {
        assert_eq!(
            super::suggestion("AssumeRoleWithWebIdentity"),
            Some("sts:AssumeRoleWithWebIdentity")
        );
        assert_eq!(super::suggestion("sts:TagSessions"), Some("sts:TagSession"));
        assert_eq!(super::suggestion("s3:GetObject"), None);
        assert!(super::known("sts:AssumeRole*"));
        assert!(super::known("STS:ASSUMEROLE"));
        assert!(!super::known("s3:*"));
    }

    #[test]
    fn quiet_for_the_right_action() {
        assert!(lines_of("TP016", super::RULE.fixed).is_empty());
    }
}
