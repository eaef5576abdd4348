//! The form filled from the policy: the request the policy was written for.

use super::{PrincipalKind, SimForm, ACTIONS};
use crate::core::kubeconfig::endpoint::eks_name;
use crate::core::policy::issuer::{self, Issuer};
use crate::core::policy::keys::{self, KeyKind};
use crate::core::policy::keys::{POD_IDENTITY_SERVICE, SA_PREFIX, STS_AUDIENCE};
use crate::core::policy::model::{Policy, Statement};
use crate::core::policy::provider::ProviderArn;
use crate::core::policy::rules::policy_template::placeholders;
use crate::core::policy::{account_hint, claim_entries, oidc_principals, probe};

impl SimForm {
    /// The form filled from the policy: the first statement with an OIDC
    /// `Federated` principal and its `sub`/`aud` values, so that simulating at
    /// once shows the request the policy was written for. Without one, the first
    /// `Service` or `AWS` principal, with the values the policy's conditions
    /// expect of a service: `aws:SourceAccount`, `aws:SourceArn` and, for EKS
    /// Pod Identity, the session tags and `aws:SourceOrgId`. A key the policy
    /// does not test stays empty (out of the request), except the source
    /// account of Pod Identity, which is the cluster's.
    pub fn prefill(policy: &Policy) -> SimForm {
        // An OIDC provider, or a built-in one named without an ARN.
        let web = policy.statements.iter().find_map(|st| {
            oidc_principals(st)
                .first()
                .map(|(t, _)| (st, t.value.clone()))
                .or_else(|| {
                    issuer::of_statement(st)
                        .filter(|(_, _, path)| probe::built_in(path).is_some())
                        .map(|(_, principal, _)| (st, principal))
                })
        });
        if let Some((st, principal)) = web {
            // A template's provider (`${module.eks.oidc_provider_arn}`): an
            // example one, which the simulation takes the placeholder to be.
            let principal = if principal.contains('$') && ProviderArn::parse(&principal).is_none() {
                let account = account_hint(policy).unwrap_or_else(|| "111122223333".into());
                format!(
                    "arn:aws:iam::{account}:oidc-provider/{}",
                    probe::EXAMPLE_ISSUER.trim_start_matches("https://")
                )
            } else {
                principal
            };
            let mut form = SimForm {
                kind: PrincipalKind::Federated,
                principal,
                action: ACTIONS[0].into(),
                ..SimForm::blank()
            };
            // What a token of this issuer carries when the policy does not say.
            let (sub, aud) = match form.issuer().map(|(k, _)| k) {
                Some(Issuer::Eks | Issuer::Other) | None => {
                    (format!("{SA_PREFIX}default:default"), STS_AUDIENCE.into())
                }
                Some(Issuer::Cognito | Issuer::Google) => (
                    form.sub_field().1.to_string(),
                    form.aud_field().1.to_string(),
                ),
                Some(Issuer::Terraform) => (
                    form.sub_field().1.to_string(),
                    "aws.workload.identity".into(),
                ),
                Some(_) => (form.sub_field().1.to_string(), STS_AUDIENCE.into()),
            };
            form.sub = claim_value(st, "sub").unwrap_or(sub);
            form.aud = claim_value(st, "aud").unwrap_or(aud);
            // The other claims the statement tests, as it expects them.
            let mut claims: Vec<String> = Vec::new();
            for c in &st.conditions {
                let KeyKind::Claim { claim, .. } = keys::classify(&c.key) else {
                    continue;
                };
                if ["sub", "aud"].iter().any(|k| k.eq_ignore_ascii_case(claim))
                    || claims.iter().any(|k| k.starts_with(&format!("{claim}=")))
                {
                    continue;
                }
                if let Some(v) = claim_value(st, claim).filter(|v| !v.contains(',')) {
                    claims.push(format!("{claim}={v}"));
                }
            }
            form.claims = claims.join(", ");
            return form;
        }
        let other = |kind: PrincipalKind| {
            policy
                .statements
                .iter()
                .find_map(|st| st.principals(kind.key()).next().map(|t| t.value.clone()))
        };
        let (kind, principal, action) = if let Some(s) = other(PrincipalKind::Service) {
            let action = if s.eq_ignore_ascii_case(POD_IDENTITY_SERVICE) {
                ACTIONS[3]
            } else {
                ACTIONS[1]
            };
            (PrincipalKind::Service, s, action)
        } else if let Some(a) = other(PrincipalKind::Aws) {
            (PrincipalKind::Aws, aws_example(&a), ACTIONS[1])
        } else {
            (PrincipalKind::Federated, String::new(), ACTIONS[0])
        };
        let tag = |name: &str| expected(policy, &format!("aws:RequestTag/{name}"));
        let sub = match (
            tag("kubernetes-namespace"),
            tag("kubernetes-service-account"),
        ) {
            (None, None) => format!("{SA_PREFIX}default:default"),
            (ns, name) => format!(
                "{SA_PREFIX}{}:{}",
                ns.as_deref().unwrap_or("default"),
                name.as_deref().unwrap_or("default")
            ),
        };
        let source_arn = expected(policy, "aws:SourceArn");
        let source_account = expected(policy, "aws:SourceAccount");
        let mut form = SimForm {
            kind,
            principal,
            action: action.into(),
            sub,
            aud: STS_AUDIENCE.into(),
            source_arn: source_arn.clone().unwrap_or_default(),
            source_account: source_account.clone().unwrap_or_default(),
            ..SimForm::blank()
        };
        if form.pod_identity() {
            // The cluster the policy pins, by its ARN, by the source ARN (the
            // association's, or the cluster's), or by its name alone (in an
            // example region, which none of the policy's conditions tests).
            form.cluster_arn = tag("eks-cluster-arn")
                .or_else(|| source_arn.as_deref().and_then(cluster_of_source_arn))
                .or_else(|| {
                    let name = tag("eks-cluster-name")?;
                    let account = source_account
                        .clone()
                        .or_else(|| account_hint(policy))
                        .unwrap_or_else(|| "111122223333".into());
                    Some(format!("arn:aws:eks:us-east-1:{account}:cluster/{name}"))
                })
                .unwrap_or_default();
            form.pod_name = tag("kubernetes-pod-name").unwrap_or_default();
            form.pod_uid = tag("kubernetes-pod-uid").unwrap_or_default();
            // `${aws:ResourceOrgId}` (what the EKS Best Practices Guide
            // writes) is the role's own organization: any ID matches it.
            form.source_org_id = expected(policy, "aws:SourceOrgId")
                .map(|v| {
                    if v.contains("${") {
                        "o-exampleorgid".into()
                    } else {
                        v
                    }
                })
                .unwrap_or_default();
            // EKS sends the cluster's account as the source account.
            if form.source_account.is_empty() {
                form.source_account = eks_name(&form.cluster_arn)
                    .and_then(|n| n.account)
                    .unwrap_or_default();
            }
        }
        form
    }

    /// Every field empty.
    fn blank() -> SimForm {
        SimForm {
            kind: PrincipalKind::Federated,
            principal: String::new(),
            action: ACTIONS[0].into(),
            sub: String::new(),
            aud: String::new(),
            claims: String::new(),
            cluster_arn: String::new(),
            pod_name: String::new(),
            pod_uid: String::new(),
            source_account: String::new(),
            source_arn: String::new(),
            source_org_id: String::new(),
        }
    }
}

/// The first value the policy's conditions expect for `key` (not negated, not
/// `Null`), made concrete: a `…Like` pattern gets its wildcards filled in.
fn expected(policy: &Policy, key: &str) -> Option<String> {
    policy.statements.iter().find_map(|st| {
        st.conditions
            .iter()
            .filter(|c| !c.op_text.contains("Not") && !c.op_text.starts_with("Null"))
            .filter(|c| c.key.eq_ignore_ascii_case(key))
            .find_map(|c| {
                let v = &c.values.first()?.value;
                Some(concrete(v, c.op_text.contains("Like")))
            })
    })
}

/// The cluster ARN in an `aws:SourceArn` value: the value itself, or the
/// cluster of a Pod Identity association
/// (`arn:P:eks:R:A:podidentityassociation/CLUSTER/ID`).
fn cluster_of_source_arn(arn: &str) -> Option<String> {
    if eks_name(arn).is_some() && arn.starts_with("arn:") {
        return Some(arn.to_string());
    }
    let (head, resource) = arn.rsplit_once(':')?;
    let cluster = resource
        .strip_prefix("podidentityassociation/")?
        .split('/')
        .next()?;
    let candidate = format!("{head}:cluster/{cluster}");
    eks_name(&candidate).map(|_| candidate)
}

/// The first value a statement's conditions expect for the claim, made
/// concrete: a `StringLike` pattern gets its wildcards filled in.
fn claim_value(st: &Statement, claim: &str) -> Option<String> {
    claim_entries(st, claim)
        .into_iter()
        .filter(|c| !c.op_text.contains("Not"))
        .find_map(|c| {
            let v = &c.values.first()?.value;
            // No token carries a template's `$namespace`: the default then.
            placeholders(v)
                .is_empty()
                .then(|| concrete(v, c.op_text.contains("Like")))
        })
}

/// A value that satisfies a condition value: a `…Like` pattern with its
/// wildcards filled in, anything else as written.
fn concrete(value: &str, like: bool) -> String {
    if like {
        value.replace('*', "example").replace('?', "x")
    } else {
        value.to_string()
    }
}

/// A caller an `AWS` principal trusts: the ARN itself, or a role in the account.
fn aws_example(value: &str) -> String {
    if value.starts_with("arn:") && !value.ends_with(":root") {
        return value.to_string();
    }
    let arn: Vec<&str> = value.split(':').collect();
    let (partition, account) = match arn.as_slice() {
        ["arn", partition, _, _, account, ..] => (*partition, *account),
        _ => ("aws", value),
    };
    let account = if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        account
    } else {
        "111122223333"
    };
    // The account's partition: an account principal names callers in its own only.
    format!("arn:{partition}:iam::{account}:role/example")
}
