use super::prelude::*;
use crate::core::policy::keys::{self, KeyKind, SA_PREFIX};
use crate::core::policy::operator::Family;
use crate::core::policy::provider::Provider;
use crate::core::policy::{glob, provider_of};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP030",
    name: "service-account-subject-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A `:sub` value is not `system:serviceaccount:NAMESPACE:NAME`, or names a namespace or service account Kubernetes cannot have.",
    what: "A projected service-account token's subject is exactly `system:serviceaccount:NAMESPACE:NAME`, \
           where the namespace is a DNS-1123 label (lower-case letters, digits and `-`, at most 63 \
           characters) and the name a DNS-1123 subdomain. Flags `system:serviceaccounts:…` (the RBAC group), \
           `NAMESPACE:NAME` without the prefix, a bare name, `/` instead of `:`, extra parts, and names with \
           `_` or other characters Kubernetes rejects. The Pod Identity session tags \
           `kubernetes-namespace` and `kubernetes-service-account` are checked the same way.",
    why: "No token carries such a subject, so the condition never matches and the pod gets \
          `Not authorized to perform sts:AssumeRoleWithWebIdentity`.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccounts:payments:api\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Write the subject as `system:serviceaccount:NAMESPACE:NAME` (singular, colons, lower case).",
};

pub const AA: Option<Aa> = None;

/// What a condition value names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Identity {
    /// An EKS token's `sub`.
    Subject,
    /// Pod Identity's `kubernetes-namespace` tag.
    Namespace,
    /// Pod Identity's `kubernetes-service-account` tag.
    ServiceAccount,
}

/// What the values of condition `c` in `st` name, when they name a Kubernetes identity.
pub fn identity(st: &Statement, c: &CondEntry) -> Option<Identity> {
    if !matches!(c.op, Ok(op) if op.base.family() == Family::String) {
        return None;
    }
    match keys::classify(&c.key) {
        KeyKind::Claim { prefix, claim } if claim.eq_ignore_ascii_case("sub") => {
            // Positive evidence only: GitHub's `repo:ORG/REPO:*` under a key
            // Terraform computes is no misspelt service account.
            let eks_key = Provider::from_path(prefix).is_some_and(|p| p.eks.is_some())
                || keys::computed_eks(prefix);
            let eks_principal = provider_of(st).is_some_and(|p| p.provider.eks.is_some())
                || st
                    .principals("Federated")
                    .any(|t| keys::computed_eks(&t.value));
            let eks_value = c.values.iter().any(|v| {
                v.value
                    .get(..SA_PREFIX.len() - 1)
                    .is_some_and(|h| h.eq_ignore_ascii_case(&SA_PREFIX[..SA_PREFIX.len() - 1]))
            });
            (eks_key || eks_principal || eks_value).then_some(Identity::Subject)
        }
        _ => match keys::tag_key(&c.key) {
            Some((_, t)) if t.eq_ignore_ascii_case("kubernetes-namespace") => {
                Some(Identity::Namespace)
            }
            Some((_, t)) if t.eq_ignore_ascii_case("kubernetes-service-account") => {
                Some(Identity::ServiceAccount)
            }
            _ => None,
        },
    }
}

/// Checks a namespace (`namespace: true`) or name that may hold wildcards:
/// a pattern can only be judged by its literal characters.
fn part_problem(s: &str, like: bool, namespace: bool) -> Option<String> {
    if like && (s.contains('*') || s.contains('?')) {
        let bad = s.chars().find(|c| {
            !(c.is_ascii_alphanumeric()
                || matches!(c, '-' | '*' | '?')
                || (*c == '.' && !namespace))
        })?;
        return Some(format!(
            "contains `{bad}` (only a-z, 0-9 and `-` are allowed)"
        ));
    }
    let p = if namespace {
        keys::namespace_problem(s)
    } else {
        keys::name_problem(s)
    };
    name_check(p)
}

/// A problem that is not only upper case (upper case is TP031's).
fn name_check(problem: Option<String>) -> Option<String> {
    problem.filter(|p| !p.contains("upper-case"))
}

/// Why `v` cannot be (or match) what `id` names, if it cannot.
pub fn problem(id: Identity, v: &str, like: bool) -> Option<String> {
    if v.contains("${") {
        return None;
    }
    if v.trim() != v {
        return Some("has spaces around it".into());
    }
    match id {
        Identity::Namespace => {
            part_problem(v, like, true).map(|p| format!("is not a possible namespace: it {p}"))
        }
        Identity::ServiceAccount => part_problem(v, like, false)
            .map(|p| format!("is not a possible service account name: it {p}")),
        Identity::Subject => subject_problem(v, like),
    }
}

fn subject_problem(v: &str, like: bool) -> Option<String> {
    if let Some(rest) = v.strip_prefix(SA_PREFIX) {
        if like && rest.contains('*') && !rest.contains(':') {
            return None;
        }
        let parts: Vec<&str> = rest.split(':').collect();
        return match parts.as_slice() {
            [one] if one.contains('/') => Some("separates namespace and name with `/`; the subject uses `:`".into()),
            [_] => Some("has no service account name: the subject is `system:serviceaccount:NAMESPACE:NAME`".into()),
            [ns, name] => {
                if let Some(p) = part_problem(ns, like, true) {
                    return Some(format!("names namespace `{ns}`, which {p}"));
                }
                part_problem(name, like, false)
                    .map(|p| format!("names service account `{name}`, which {p}"))
            }
            more => Some(format!("has {} parts after `system:serviceaccount:`; the subject is `system:serviceaccount:NAMESPACE:NAME`", more.len())),
        };
    }
    if v.to_ascii_lowercase().starts_with(SA_PREFIX) {
        return None; // upper case only: TP031
    }
    if like && glob::matches(v, "system:serviceaccount:a:b", false) {
        return None;
    }
    Some(if v.starts_with("system:serviceaccounts:") {
        "is the RBAC group of service accounts (`system:serviceaccounts`, plural), not a token subject".into()
    } else if v.starts_with("serviceaccount:") || v.starts_with("system:sa:") {
        "lacks the `system:serviceaccount:` prefix".into()
    } else if v.matches(':').count() == 1 {
        "is `NAMESPACE:NAME` without the `system:serviceaccount:` prefix".into()
    } else if !v.contains(':') {
        "is a bare name; the token's subject is `system:serviceaccount:NAMESPACE:NAME`".into()
    } else {
        "is not of the form `system:serviceaccount:NAMESPACE:NAME`".into()
    })
}

/// The subject `v` was meant to be, when that is clear.
pub fn corrected(v: &str) -> Option<String> {
    let t = v.trim();
    let fixed = if let Some(rest) = t.strip_prefix("system:serviceaccounts:") {
        format!("{SA_PREFIX}{rest}")
    } else if let Some(rest) = t.strip_prefix("serviceaccount:") {
        format!("{SA_PREFIX}{rest}")
    } else if let Some(rest) = t.strip_prefix(SA_PREFIX) {
        if rest.contains(':') {
            t.to_string()
        } else {
            format!("{SA_PREFIX}{}", rest.replacen('/', ":", 1))
        }
    } else if t.matches(':').count() == 1 && !t.starts_with("system:") {
        format!("{SA_PREFIX}{t}")
    } else {
        return None;
    };
    (fixed != v && subject_problem(&fixed, true).is_none()).then_some(fixed)
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        for c in &st.conditions {
            let Some(id) = identity(st, c) else { continue };
            let like = matches!(c.op, Ok(op) if op.base.wildcards());
            for v in &c.values {
                // A wildcard under an exact operator is TP023's finding.
                if !like && glob::has_wildcard(&v.value) {
                    continue;
                }
                let Some(p) = problem(id, &v.value, like) else {
                    continue;
                };
                let f = sink
                    .report(
                        &RULE,
                        v.path.clone(),
                        format!("`{}` {p}, so no token matches it.", v.value),
                    )
                    .at(Some(v.pos));
                if let Some(fixed) = corrected(&v.value).filter(|_| id == Identity::Subject) {
                    f.with_help(format!("Write `{fixed}`."));
                } else if v.value.trim() != v.value {
                    f.with_help(format!("Write `{}`.", v.value.trim()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};
    use super::*;

    /// A provider Terraform fills in is an EKS cluster's only on evidence:
    /// GitHub's `repo:ORG/REPO:*` is no misspelt service account, while a
    /// `system:serviceaccount:` value says the key is a cluster's.
    #[test]
    fn judges_a_computed_key_only_on_evidence_of_eks() {
        let github = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-jsonencode-github-actions.tf"
        );
        assert!(lines_of("TP030", github).is_empty());
        let typo = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-jsonencode-namespace-typo.tf"
        );
        assert_eq!(lines_of("TP030", typo), vec![13]);
    }

    #[test]
    fn fires_on_the_plural_group() {
        assert_eq!(lines_of("TP030", super::RULE.example), vec![8]);
        assert!(messages_of("TP030", super::RULE.example)[0]
            .contains("Write `system:serviceaccount:payments:api`"));
    }

    #[test]
    fn diagnoses_each_shape() {
        let p = |v: &str| problem(Identity::Subject, v, false);
        assert!(p("payments:api").unwrap().contains("without the"));
        assert!(p("api").unwrap().contains("bare name"));
        assert!(p("system:serviceaccount:payments/api")
            .unwrap()
            .contains("`/`"));
        assert!(p("system:serviceaccount:pay_ments:api")
            .unwrap()
            .contains("`_`"));
        assert!(p("system:serviceaccount:a:b:c")
            .unwrap()
            .contains("3 parts"));
        assert_eq!(
            p("system:serviceaccount:Payments:api"),
            None,
            "case is TP031's"
        );
        assert_eq!(
            problem(Identity::Subject, "system:serviceaccount:payments:*", true),
            None
        );
        assert_eq!(
            problem(Identity::Subject, "system:serviceaccount:*", true),
            None
        );
        assert_eq!(
            problem(
                Identity::Subject,
                "system:serviceaccount:payments:api-*",
                true
            ),
            None
        );
        assert_eq!(
            problem(Identity::Subject, "system:serviceaccount:team-?:*", true),
            None
        );
        assert!(problem(Identity::Subject, "system:serviceaccount:pay_*:*", true).is_some());
        assert_eq!(
            corrected("payments:api").as_deref(),
            Some("system:serviceaccount:payments:api")
        );
        assert_eq!(
            corrected("system:serviceaccount:payments/api").as_deref(),
            Some("system:serviceaccount:payments:api")
        );
    }

    #[test]
    fn quiet_for_a_proper_subject() {
        assert!(lines_of("TP030", super::RULE.fixed).is_empty());
    }
}
