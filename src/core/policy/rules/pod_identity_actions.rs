use super::prelude::*;
use crate::core::policy::{glob, use_of, Use};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP032",
    name: "pod-identity-actions",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A Pod Identity statement (`pods.eks.amazonaws.com`) does not allow both `sts:AssumeRole` and `sts:TagSession`.",
    what: "EKS Pod Identity assumes the role with `sts:AssumeRole` and attaches session tags (cluster, \
           namespace, service account, pod) with `sts:TagSession`; the trust policy must allow both for \
           `pods.eks.amazonaws.com`. Flags an Allow statement for that service missing either — often \
           `sts:AssumeRoleWithWebIdentity` left over from IRSA.",
    why: "Without `sts:TagSession` the association is accepted but the EKS Pod Identity Agent cannot get \
          credentials: the pod's SDK reports an error from the agent and the agent logs `AccessDenied … \
          sts:TagSession`. Without `sts:AssumeRole` nothing works at all.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Set `\"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]` for `pods.eks.amazonaws.com`.",
};

pub const AA: Option<Aa> = None;

pub const NEEDED: &[&str] = &["sts:AssumeRole", "sts:TagSession"];

/// The Pod Identity actions `st` does not allow.
pub fn missing(st: &Statement) -> Vec<&'static str> {
    NEEDED
        .iter()
        .copied()
        .filter(|n| {
            !st.actions()
                .iter()
                .any(|a| glob::matches(&a.value, n, true))
        })
        .filter(|n| {
            // A misspelling of the action is reported by TP016.
            !st.actions().iter().any(|a| {
                !super::action_unknown::known(&a.value)
                    && super::action_unknown::suggestion(&a.value) == Some(n)
            })
        })
        .collect()
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in cx.policy.statements.iter().filter(|s| s.is_allow()) {
        if use_of(st) != Use::PodIdentity || st.action.is_none() {
            continue;
        }
        let missing = missing(st);
        if missing.is_empty() {
            continue;
        }
        let list = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        let web = if st.has_action("sts:AssumeRoleWithWebIdentity") {
            " (`sts:AssumeRoleWithWebIdentity` is IRSA's action; Pod Identity does not use it)"
        } else {
            ""
        };
        sink.report(
            &RULE,
            st.path.k("Action"),
            format!("{} trusts `pods.eks.amazonaws.com` but does not allow {list}{web}: EKS Pod Identity needs both sts:AssumeRole and sts:TagSession.", st.label()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_when_tag_session_is_missing() {
        assert_eq!(lines_of("TP032", super::RULE.example), vec![7]);
    }

    #[test]
    fn quiet_with_both_actions_or_a_wildcard() {
        assert!(lines_of("TP032", super::RULE.fixed).is_empty());
        let wild = super::RULE
            .example
            .replace("\"sts:AssumeRole\"", "\"sts:*\"");
        assert!(lines_of("TP032", &wild).is_empty());
    }
}
