use super::prelude::*;
use crate::core::policy::issuer::{self, Issuer};
use crate::core::policy::keys::{self, KeyKind};
use crate::core::policy::operator::{Base, Qualifier};
use crate::core::policy::provider::Provider;
use crate::core::policy::{oidc_principals, provider_of, use_of, Use};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP034",
    name: "condition-key-never-present",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A condition requires a key the request never carries: IRSA claims in a Pod Identity statement, session tags in an IRSA statement, a second provider's claims, or a CI token claim STS does not pass.",
    what: "IRSA (`sts:AssumeRoleWithWebIdentity`) requests carry the token's claims (`PROVIDER:sub`, \
           `PROVIDER:aud`) and no session tags; Pod Identity (`sts:AssumeRole` by `pods.eks.amazonaws.com`) \
           requests carry session tags (`aws:RequestTag/kubernetes-namespace`, …) and no token claims. \
           Flags a positive condition (not `…IfExists`, not negated, not `Null`) on a key from the other \
           mechanism — the typical result of migrating a role from IRSA to Pod Identity halfway. Also \
           flags a statement that trusts several OIDC providers (`\"Federated\": [A, B]`) and requires \
           the claims of one of them: a token from B carries only `B:…` claims, so a condition on \
           `A:sub` is false for it — the usual shape of \"one role for two clusters\" written as one \
           statement. And flags a claim of a CI provider's token that STS does not pass to IAM (GitHub's \
           `repository_owner` or `workflow_ref`, GitLab's `project_path`): only `sub`, `aud` and, for \
           GitHub, `actor`, `actor_id`, `job_workflow_ref`, `repository`, `repository_id`, `workflow`, \
           `ref`, `environment` and `enterprise_id` become condition keys.",
    why: "A missing key makes a positive condition false, so the statement never applies and nobody can \
          assume the role.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\n        \"aws:RequestTag/kubernetes-namespace\": \"payments\",\n        \"aws:RequestTag/kubernetes-service-account\": \"api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Use the keys of the mechanism the statement trusts: `PROVIDER:sub` for IRSA, `aws:RequestTag/kubernetes-…` for Pod Identity; give each OIDC provider its own statement.",
};

pub const AA: Option<Aa> = None;

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        other_providers_claims(cx, st, sink);
        claims_sts_never_passes(st, sink);
        let kind = use_of(st);
        let eks_web =
            kind == Use::WebIdentity && provider_of(st).is_some_and(|p| p.provider.eks.is_some());
        if kind != Use::PodIdentity && !eks_web {
            continue;
        }
        for c in &st.conditions {
            let Ok(op) = c.op else { continue };
            if op.if_exists || op.base.negated() || op.base == Base::Null || op.qualifier.is_some()
            {
                continue;
            }
            let (message, help) = match (kind, keys::classify(&c.key)) {
                (Use::PodIdentity, KeyKind::Claim { claim, .. }) => {
                    let tag = if claim.eq_ignore_ascii_case("sub") {
                        "`aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account`"
                    } else {
                        "the `aws:RequestTag/…` session tags"
                    };
                    (
                        format!("`{}` is a web identity token claim, but EKS Pod Identity requests carry no token: the condition is never true.", c.key),
                        format!("For Pod Identity, restrict with {tag}."),
                    )
                }
                (Use::WebIdentity, _) if keys::tag_key(&c.key).is_some() => (
                    format!("`{}` is a session tag, but IRSA tokens from EKS carry none: the condition is never true.", c.key),
                    match provider_of(st) {
                        Some(p) => format!("For IRSA, restrict `{}` to `system:serviceaccount:NAMESPACE:NAME`.", p.provider.key("sub")),
                        None => RULE.fix_summary.to_string(),
                    },
                ),
                _ => continue,
            };
            sink.report(&RULE, c.path.clone(), message)
                .at(Some(c.key_pos))
                .with_help(help);
        }
    }
}

/// A condition on a claim of a CI provider's token that STS does not put
/// into the request (GitHub's `repository_owner`, GitLab's `project_path`):
/// the key is missing, so the condition is false — AccessDenied for every
/// workflow. (With `…IfExists` it is true for everyone: TP039's case.)
fn claims_sts_never_passes(st: &Statement, sink: &mut Sink) {
    let Some((issuer, _, path)) = issuer::of_statement(st) else {
        return;
    };
    for c in st.conditions.iter().filter(|c| fails_when_missing(c)) {
        let KeyKind::Claim { prefix, claim } = keys::classify(&c.key) else {
            continue;
        };
        if !prefix.eq_ignore_ascii_case(&path) || issuer.passed(claim) {
            continue;
        }
        let passed = match issuer {
            Issuer::GitHub { .. } => issuer::GITHUB_PASSED
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", "),
            _ => "`sub` and `aud`".to_string(),
        };
        sink.report(
            &RULE,
            c.path.clone(),
            format!(
                "STS does not pass the {} claim `{claim}` to IAM, so `{}` is missing from every request and this condition is never true: the statement lets no one in.",
                issuer.name(),
                c.key
            ),
        )
        .at(Some(c.key_pos))
        .with_help(format!(
            "Of {} tokens, IAM sees {passed}. Put the restriction into `{path}:sub` instead (for GitHub, `repo:OWNER/REPO:…`, or a customised subject that includes the claim).",
            issuer.name()
        ));
    }
}

/// True when a missing key makes `c` false: a positive operator, not
/// `…IfExists`, not `Null`, not `ForAllValues` (which holds for no values).
pub(crate) fn fails_when_missing(c: &CondEntry) -> bool {
    matches!(c.op, Ok(op) if !op.if_exists
        && !op.base.negated()
        && op.base != Base::Null
        && op.qualifier != Some(Qualifier::ForAllValues))
}

/// A statement trusting several OIDC providers, with a condition on the
/// claims of one of them: IAM ANDs the conditions, and a token carries only
/// its own provider's claims, so that provider's condition is false for the
/// tokens of every other provider.
fn other_providers_claims(cx: &Cx, st: &Statement, sink: &mut Sink) {
    let mut providers: Vec<Provider> = Vec::new();
    for (_, p) in oidc_principals(st) {
        if let Some(p) = p {
            if !providers
                .iter()
                .any(|q| q.path.eq_ignore_ascii_case(&p.provider.path))
            {
                providers.push(p.provider);
            }
        }
    }
    if providers.len() < 2 {
        return;
    }
    // Each condition on a trusted provider's claims, with that provider.
    let conds: Vec<(&CondEntry, &Provider)> = st
        .conditions
        .iter()
        .filter(|c| fails_when_missing(c))
        .filter_map(|c| match keys::classify(&c.key) {
            KeyKind::Claim { prefix, .. } => providers
                .iter()
                .find(|p| p.path.eq_ignore_ascii_case(prefix))
                .map(|p| (c, p)),
            _ => None,
        })
        .collect();
    // The providers whose tokens some condition on another provider rejects.
    let blocked: Vec<(&Provider, &CondEntry)> = providers
        .iter()
        .filter_map(|p| {
            conds
                .iter()
                .find(|(_, q)| !q.path.eq_ignore_ascii_case(&p.path))
                .map(|(c, _)| (p, *c))
        })
        .collect();
    let Some((_, first)) = blocked.first() else {
        return;
    };
    let message = if blocked.len() == providers.len() {
        let named: Vec<String> = providers
            .iter()
            .filter_map(|p| conds.iter().find(|(_, q)| q.path == p.path))
            .map(|(c, _)| format!("`{}` ({})", c.key, cx.line_at(c.key_pos)))
            .collect();
        format!(
            "{} trusts {} OIDC providers and requires the claims of {}: {}. All conditions must hold, and a token carries only its own provider's claims, so no token satisfies this statement.",
            st.label(),
            match providers.len() {
                2 => "two".to_string(),
                n => n.to_string(),
            },
            if named.len() == 2 { "both" } else { "several" },
            named.join(" and "),
        )
    } else {
        let names: Vec<String> = blocked
            .iter()
            .map(|(p, _)| format!("`{}`", p.path))
            .collect();
        format!(
            "{} also trusts {}, but requires `{}`, a claim their tokens never carry: the condition is false for them, so their service accounts cannot assume this role.",
            st.label(),
            names.join(" and "),
            first.key,
        )
    };
    sink.report(&RULE, first.path.clone(), message)
        .at(Some(first.key_pos))
        .with_help(
            "Give each provider its own statement, with its own `Federated` principal and its own `sub` and `aud` conditions.",
        );
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_an_irsa_key_in_a_pod_identity_statement() {
        assert_eq!(lines_of("TP034", super::RULE.example), vec![8]);
    }

    #[test]
    fn fires_on_a_session_tag_in_an_irsa_statement() {
        let text = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n\"Condition\": {\"StringEquals\": {\"aws:RequestTag/kubernetes-namespace\": \"payments\"}}}}";
        assert_eq!(lines_of("TP034", text), vec![2]);
    }

    const A: &str = "oidc.eks.us-west-2.amazonaws.com/id/5C5D3F8B0E2A4F1B9C7D6E5A4B3C2D1E";
    const B: &str = "oidc.eks.eu-west-1.amazonaws.com/id/AB12CD34EF56AB12CD34EF56AB12CD34";

    fn two_providers(condition: &str) -> String {
        format!(
            "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\",\n\"Principal\": {{\"Federated\": [\"arn:aws:iam::123456789012:oidc-provider/{A}\", \"arn:aws:iam::123456789012:oidc-provider/{B}\"]}},\n\"Action\": \"sts:AssumeRoleWithWebIdentity\",\n\"Condition\": {condition}}}]}}"
        )
    }

    #[test]
    fn fires_when_one_statement_requires_two_providers_claims() {
        let text = two_providers(&format!(
            "{{\"StringEquals\": {{\n\"{A}:sub\": \"system:serviceaccount:payments:api\",\n\"{B}:sub\": \"system:serviceaccount:payments:api\"}}}}"
        ));
        assert_eq!(lines_of("TP034", &text), vec![6]);
        let m = &messages_of("TP034", &text)[0];
        assert!(
            m.contains(&format!(
                "requires the claims of both: `{A}:sub` (line 5) and `{B}:sub` (line 6)"
            )),
            "{m}"
        );
        assert!(m.contains("no token satisfies this statement"), "{m}");
        assert!(m.contains("its own statement"), "{m}");
    }

    #[test]
    fn fires_when_a_listed_provider_is_shut_out() {
        let text = two_providers(&format!(
            "{{\"StringEquals\": {{\n\"{A}:sub\": \"system:serviceaccount:payments:api\"}}}}"
        ));
        assert_eq!(lines_of("TP034", &text), vec![5]);
        let m = &messages_of("TP034", &text)[0];
        assert!(
            m.starts_with(&format!(
                "Statement[0] also trusts `{B}`, but requires `{A}:sub`"
            )),
            "{m}"
        );
    }

    #[test]
    fn quiet_when_each_providers_conditions_may_be_absent() {
        let text = two_providers(&format!(
            "{{\"StringEqualsIfExists\": {{\n\"{A}:sub\": \"system:serviceaccount:payments:api\",\n\"{B}:sub\": \"system:serviceaccount:payments:api\"}}}}"
        ));
        assert!(lines_of("TP034", &text).is_empty());
    }

    #[test]
    fn quiet_for_session_tags_in_pod_identity() {
        assert!(lines_of("TP034", super::RULE.fixed).is_empty());
    }

    #[test]
    fn a_github_claim_sts_never_passes() {
        let text = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {"token.actions.githubusercontent.com:repository_owner": "octo-org", "token.actions.githubusercontent.com:repository": "octo-org/infra"}}
  }]
}"#;
        assert_eq!(lines_of("TP034", text), vec![7]);
        assert!(messages_of("TP034", text)[0].contains("`repository_owner`"));
        // `…IfExists` is true without the key: not this rule's.
        assert!(lines_of(
            "TP034",
            &text.replace("StringEquals", "StringEqualsIfExists")
        )
        .is_empty());
    }
}
