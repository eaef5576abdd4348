use super::prelude::*;
use crate::core::policy::keys::{tag_key, POD_IDENTITY_TAGS};
use crate::core::policy::{use_of, Use};
use crate::core::suggest::closest;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP033",
    name: "pod-identity-tag-key",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A Pod Identity condition uses a session tag EKS does not set, or `aws:PrincipalTag/…` where `aws:RequestTag/…` is needed.",
    what: "EKS Pod Identity tags the session with `eks-cluster-arn`, `eks-cluster-name`, \
           `kubernetes-namespace`, `kubernetes-service-account`, `kubernetes-pod-name` and \
           `kubernetes-pod-uid`. In the trust policy these are request tags: `aws:RequestTag/NAME`. Flags \
           other tag names (`kubernetes-serviceaccount`, `namespace`) and `aws:PrincipalTag/…`, which in a \
           trust policy refers to the tags of the caller — the EKS service — not of the new session.",
    why: "The key is never in the request, so the condition is false and the pod cannot get credentials \
          (or, under a negated operator, the restriction silently does nothing).",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/kubernetes-namespace\": \"payments\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\"aws:RequestTag/kubernetes-namespace\": \"payments\"}}\n    }\n  ]\n}\n",
    fix_summary: "Use `aws:RequestTag/` with one of the tags EKS Pod Identity sets (e.g. `aws:RequestTag/kubernetes-namespace`).",
};

pub const AA: Option<Aa> = None;

/// The key `key` should be, for a Pod Identity trust policy.
pub fn corrected(key: &str) -> Option<String> {
    let (kind, tag) = tag_key(key)?;
    let known = POD_IDENTITY_TAGS
        .iter()
        .copied()
        .find(|t| t.eq_ignore_ascii_case(tag));
    let tag = match known {
        Some(t) => t,
        None => closest(&tag.to_ascii_lowercase(), POD_IDENTITY_TAGS)?,
    };
    let fixed = format!("aws:RequestTag/{tag}");
    (kind != "RequestTag" || known.is_none()).then_some(fixed)
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        if use_of(st) != Use::PodIdentity {
            continue;
        }
        for c in &st.conditions {
            let Some((kind, tag)) = tag_key(&c.key) else {
                continue;
            };
            let known = POD_IDENTITY_TAGS
                .iter()
                .any(|t| t.eq_ignore_ascii_case(tag));
            let message = if !kind.eq_ignore_ascii_case("RequestTag") {
                format!("`{}` tests a tag of the caller — the EKS service, which has none — not the session tag EKS Pod Identity sets; the condition is never true.", c.key)
            } else if !known {
                format!("EKS Pod Identity sets no session tag `{tag}`, so `{}` is never in the request.", c.key)
            } else {
                continue;
            };
            let help = match corrected(&c.key) {
                Some(k) => format!("Write `{k}`."),
                None => format!(
                    "Use one of the session tags: {}.",
                    POD_IDENTITY_TAGS.join(", ")
                ),
            };
            sink.report(&RULE, c.path.clone(), message)
                .at(Some(c.key_pos))
                .with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_principal_tag() {
        assert_eq!(lines_of("TP033", super::RULE.example), vec![8]);
    }

    #[test]
    fn suggests_the_tag_for_a_typo() {
        assert_eq!(
            super::corrected("aws:RequestTag/kubernetes-serviceaccount").as_deref(),
            Some("aws:RequestTag/kubernetes-service-account")
        );
        assert_eq!(
            super::corrected("aws:RequestTag/kubernetes-namespace"),
            None
        );
    }

    #[test]
    fn quiet_for_request_tags() {
        assert!(lines_of("TP033", super::RULE.fixed).is_empty());
    }
}
