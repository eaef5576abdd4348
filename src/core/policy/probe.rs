//! What the simulator is asked: "may service account NS:NAME assume this
//! role?", as a request IAM would see — IRSA's `AssumeRoleWithWebIdentity`
//! with the token's claims, or Pod Identity's `AssumeRole` + `TagSession` with
//! its session tags. Used by `eksplain simulate` and by the `.probes` files
//! next to the trust-policy fixtures (`payments:api aud=sts.amazonaws.com => ALLOW`).

use super::keys::{SA_PREFIX, STS_AUDIENCE};
use super::model::{Policy, Principal};
use super::provider::{corrected_arn, Provider, ProviderArn};
use super::rules::service_principal_typo::near_miss;
use super::sim::{pod_identity_caller, Caller, ContextKey, Request};
use super::{account_hint, oidc_principals, use_of, Use};
use crate::core::kubeconfig::endpoint::eks_name;

/// How the pod gets credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Irsa,
    PodIdentity,
}

/// One question for the simulator.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Probe {
    pub namespace: String,
    pub name: String,
    /// The token's audiences (IRSA); default `sts.amazonaws.com`.
    pub aud: Option<Vec<String>>,
    /// The token's issuer URL (IRSA); default: the policy's first OIDC provider.
    pub issuer: Option<String>,
    /// The cluster's ARN (Pod Identity session tags `eks-cluster-arn`,
    /// `eks-cluster-name`, and `aws:SourceAccount`).
    pub cluster_arn: Option<String>,
    /// Pod Identity's other session tags and context keys (see [`PodIdentity`]):
    /// the pod's name and UID, the association's ARN, the organization's ID.
    pub pod_name: Option<String>,
    pub pod_uid: Option<String>,
    pub source_arn: Option<String>,
    pub org_id: Option<String>,
    /// Force IRSA or Pod Identity; default: what the policy trusts.
    pub via: Option<Via>,
    /// The expected verdict, in a `.probes` file.
    pub expect: Option<bool>,
}

/// Splits `NS:NAME`.
pub fn parse_service_account(s: &str) -> Result<(String, String), String> {
    let s = s.strip_prefix(SA_PREFIX).unwrap_or(s);
    match s.split_once(':') {
        Some((ns, name)) if !ns.is_empty() && !name.is_empty() && !name.contains(':') => {
            Ok((ns.to_string(), name.to_string()))
        }
        _ => Err(format!(
            "`{s}` is not NAMESPACE:NAME (for example payments:api-server)"
        )),
    }
}

impl Probe {
    /// Parses `NS:NAME [aud=A[,B]] [iss=URL] [cluster=ARN] [pod=NAME] [pod-uid=UID]
    /// [source-arn=ARN] [org=o-ID] [via=irsa|pod-identity] [=> ALLOW|DENY]`.
    pub fn parse(line: &str) -> Result<Probe, String> {
        let (body, expect) = match line.split_once("=>") {
            Some((b, e)) => {
                let e = match e.trim() {
                    "ALLOW" => true,
                    "DENY" => false,
                    other => return Err(format!("expected ALLOW or DENY after =>, not `{other}`")),
                };
                (b, Some(e))
            }
            None => (line, None),
        };
        let mut words = body.split_whitespace();
        let sa = words.next().ok_or("a probe starts with NAMESPACE:NAME")?;
        let (namespace, name) = parse_service_account(sa)?;
        let mut p = Probe {
            namespace,
            name,
            expect,
            ..Probe::default()
        };
        for w in words {
            match w.split_once('=') {
                Some(("aud", v)) => p.aud = Some(v.split(',').map(str::to_string).collect()),
                Some(("iss", v)) => p.issuer = Some(v.to_string()),
                Some(("cluster", v)) => p.cluster_arn = Some(v.to_string()),
                Some(("pod", v)) => p.pod_name = Some(v.to_string()),
                Some(("pod-uid", v)) => p.pod_uid = Some(v.to_string()),
                Some(("source-arn", v)) => p.source_arn = Some(v.to_string()),
                Some(("org", v)) => p.org_id = Some(v.to_string()),
                Some(("via", "irsa")) => p.via = Some(Via::Irsa),
                Some(("via", "pod-identity")) => p.via = Some(Via::PodIdentity),
                _ => {
                    return Err(format!(
                        "unknown probe option `{w}` (aud=, iss=, cluster=, pod=, pod-uid=, source-arn=, org=, via=irsa|pod-identity)"
                    ))
                }
            }
        }
        Ok(p)
    }

    pub fn subject(&self) -> String {
        format!("{SA_PREFIX}{}:{}", self.namespace, self.name)
    }
}

/// Every principal value of a statement, whatever key it is under.
fn principal_values(st: &super::model::Statement) -> Vec<&str> {
    match &st.principal {
        Some(Principal::Bare(t)) => vec![t.value.as_str()],
        Some(Principal::Map(entries)) => entries
            .iter()
            .flat_map(|e| e.values.iter().map(|t| t.value.as_str()))
            .collect(),
        None => Vec::new(),
    }
}

/// The OIDC provider a policy trusts first: its first `Federated` OIDC
/// principal, else any principal value that names (or nearly names) a
/// provider — a bare ARN, one under a misspelt key.
pub fn default_provider(policy: &Policy) -> Option<ProviderArn> {
    let account = account_hint(policy);
    let read = |v: &str| {
        ProviderArn::parse(v).or_else(|| {
            corrected_arn(v, account.as_deref().or(Some("111122223333")))
                .and_then(|a| ProviderArn::parse(&a))
        })
    };
    let federated = policy.statements.iter().find_map(|st| {
        oidc_principals(st)
            .into_iter()
            .find_map(|(t, _)| read(&t.value))
    });
    federated.or_else(|| {
        policy.statements.iter().find_map(|st| {
            principal_values(st)
                .into_iter()
                .filter(|v| v.contains("oidc-provider/"))
                .find_map(read)
        })
    })
}

fn default_via(policy: &Policy) -> Via {
    let pod = policy.statements.iter().any(|s| {
        use_of(s) == Use::PodIdentity || s.principals("Service").any(|t| near_miss(&t.value))
    });
    if pod && default_provider(policy).is_none() {
        Via::PodIdentity
    } else {
        Via::Irsa
    }
}

/// The request IAM would evaluate for `probe` against `policy`.
pub fn request(policy: &Policy, probe: &Probe) -> Result<Request, String> {
    match probe.via.unwrap_or_else(|| default_via(policy)) {
        Via::Irsa => irsa(policy, probe),
        Via::PodIdentity => pod_identity(probe),
    }
}

/// The issuer a simulation assumes when the policy's provider is a
/// placeholder: the simulator then takes the placeholder to be this one.
pub const EXAMPLE_ISSUER: &str =
    "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

/// Whether a `Federated` principal is written with a placeholder that
/// Terraform or the shell fills in (`${module.eks.oidc_provider_arn}`,
/// `arn:aws:iam::$account_id:oidc-provider/$oidc_provider`).
fn templated_provider(policy: &Policy) -> bool {
    policy
        .statements
        .iter()
        .flat_map(|st| st.principals("Federated"))
        .any(|t| t.value.contains('$'))
}

fn irsa(policy: &Policy, probe: &Probe) -> Result<Request, String> {
    let trusted = default_provider(policy);
    let mut notes = Vec::new();
    let provider = match &probe.issuer {
        Some(iss) => Provider::from_issuer(iss)
            .or_else(|| Provider::from_path(iss.trim_end_matches('/')))
            .ok_or(format!("`{iss}` is not an issuer URL such as https://oidc.eks.us-east-1.amazonaws.com/id/ID"))?,
        None if trusted.is_none() && templated_provider(policy) => {
            notes.push(format!("issuer {EXAMPLE_ISSUER}, an example: the policy's provider is a placeholder (give the token's issuer with --iss or iss= for a real cluster's)"));
            Provider::from_issuer(EXAMPLE_ISSUER).ok_or("the example issuer does not parse")?
        }
        None => {
            let p = trusted.as_ref().ok_or_else(|| {
                let federated = policy
                    .statements
                    .iter()
                    .any(|st| st.principals("Federated").next().is_some());
                if federated {
                    "the policy names no OIDC provider to take the issuer from; give the token's issuer (--iss or iss=)".to_string()
                } else {
                    "no statement trusts an OIDC provider (IRSA) or `pods.eks.amazonaws.com` (EKS Pod Identity), so no pod can assume this role with its own credentials; `eksplain explain` says whom it trusts".to_string()
                }
            })?;
            // EKS writes the OIDC ID in uppercase in every token's `iss`,
            // whatever case the policy spells it in.
            let upper = p.provider.eks.as_ref().and_then(|e| {
                let lower = e.id.len() == 32
                    && e.id.bytes().all(|b| b.is_ascii_hexdigit())
                    && e.id.bytes().any(|b| b.is_ascii_lowercase());
                lower
                    .then(|| Provider::from_path(&p.provider.path.replace(&e.id, &e.id.to_ascii_uppercase())))
                    .flatten()
            });
            match upper {
                Some(u) => {
                    notes.push(format!("issuer {} (the provider of the policy's first Federated principal, with the OIDC ID in uppercase as EKS writes it)", u.issuer()));
                    u
                }
                None => {
                    notes.push(format!("issuer {} (the provider of the policy's first Federated principal)", p.provider.issuer()));
                    p.provider.clone()
                }
            }
        }
    };
    // The provider lives in its issuer's partition, whatever the policy says.
    let (partition, account) = match &trusted {
        Some(t) if provider.eks.is_some() => (provider.partition().to_string(), t.account.clone()),
        Some(t) => (t.partition.clone(), t.account.clone()),
        None => (
            provider.partition().to_string(),
            account_hint(policy).unwrap_or_else(|| "111122223333".into()),
        ),
    };
    let aud = match &probe.aud {
        Some(a) => a.clone(),
        None => {
            notes.push(format!(
                "aud {STS_AUDIENCE} (the audience EKS requests for IRSA tokens)"
            ));
            vec![STS_AUDIENCE.to_string()]
        }
    };
    Ok(Request {
        actions: vec!["sts:AssumeRoleWithWebIdentity".into()],
        caller: Caller::Federated(provider.arn(&partition, &account)),
        context: vec![
            ContextKey {
                key: provider.key("sub"),
                values: vec![probe.subject()],
            },
            ContextKey {
                key: provider.key("aud"),
                values: aud,
            },
        ],
        notes,
    })
}

/// The request context of session tags, as EKS Pod Identity sends them: one
/// `aws:RequestTag/KEY` per tag, and `aws:TagKeys` listing the keys (the IAM
/// User Guide, "Passing session tags": a request that sets tags carries
/// `aws:TagKeys` with every key it sets).
pub fn session_tags(tags: &[(&str, String)]) -> Vec<ContextKey> {
    let mut context: Vec<ContextKey> = tags
        .iter()
        .map(|(k, v)| ContextKey {
            key: format!("aws:RequestTag/{k}"),
            values: vec![v.clone()],
        })
        .collect();
    context.push(ContextKey {
        key: "aws:TagKeys".into(),
        values: tags.iter().map(|(k, _)| k.to_string()).collect(),
    });
    context
}

/// What EKS Pod Identity puts in the `AssumeRole` + `TagSession` request it
/// makes for a pod, as far as the sources say:
///
/// - Six session tags, always the same keys: `eks-cluster-arn`,
///   `eks-cluster-name`, `kubernetes-namespace`, `kubernetes-service-account`,
///   `kubernetes-pod-name`, `kubernetes-pod-uid` (EKS User Guide, "Create IAM
///   role with trust policy required by EKS Pod Identity" and "Grant Pods
///   access to AWS resources based on tags"; [`POD_IDENTITY_TAGS`](super::keys::POD_IDENTITY_TAGS)). An
///   association created with `disableSessionTags` sends none (EKS API
///   Reference, `PodIdentityAssociation`).
/// - `aws:SourceAccount`, the cluster's account, and `aws:SourceArn`. The EKS
///   User Guide does not document either for Pod Identity (its confused-deputy
///   page covers the cluster role only). The EKS Best Practices Guide (IAM,
///   "Working with IAM roles for EKS Pod Identities") says EKS passes
///   `aws:SourceOrgId` and that a `sourceArn` condition must change when a
///   cluster is replaced; a user report (awslabs/mountpoint-s3-csi-driver#781)
///   shows `aws:SourceArn` matching
///   `arn:aws:eks:*:ACCOUNT:podidentityassociation/CLUSTER/*`, i.e. the
///   association's ARN, whose path starts with the cluster name.
/// - `aws:SourceOrgId` when the account is in an AWS Organization (the Best
///   Practices Guide above, whose example trust policy compares it with
///   `${aws:ResourceOrgId}`). A Pod Identity role is in the cluster's own
///   account (EKS User Guide, "Access AWS Resources using EKS Pod Identity
///   Target IAM Roles": `iam:PassRole` requires it), so the role's
///   organization, `aws:ResourceOrgId`, is the same one.
///
/// Empty values are left out of the request, and the notes say which keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodIdentity {
    pub namespace: String,
    pub name: String,
    /// `arn:PARTITION:eks:REGION:ACCOUNT:cluster/NAME`; its name is `eks-cluster-name`.
    pub cluster_arn: Option<String>,
    pub pod_name: Option<String>,
    pub pod_uid: Option<String>,
    pub source_account: Option<String>,
    pub source_arn: Option<String>,
    /// `o-…`; sent as `aws:SourceOrgId` and `aws:ResourceOrgId`.
    pub source_org_id: Option<String>,
}

/// Where a note tells the user to give a missing value; the page and the CLI
/// name their own field or flag.
pub struct Fields {
    pub cluster: &'static str,
    pub pod_name: &'static str,
    pub pod_uid: &'static str,
    pub source_account: &'static str,
    pub source_arn: &'static str,
    pub source_org_id: &'static str,
}

impl PodIdentity {
    /// The request, or why the cluster ARN is not one.
    pub fn request(&self, fields: &Fields) -> Result<Request, String> {
        let mut tags = Vec::new();
        let mut absent: Vec<String> = Vec::new();
        let present = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        match present(&self.cluster_arn) {
            Some(arn) => {
                let name = eks_name(&arn)
                    .filter(|_| arn.starts_with("arn:"))
                    .ok_or_else(|| {
                        format!(
                            "`{arn}` is not an EKS cluster ARN; it looks like arn:aws:eks:REGION:ACCOUNT:cluster/NAME"
                        )
                    })?
                    .cluster;
                tags.push(("eks-cluster-arn", arn));
                tags.push(("eks-cluster-name", name));
            }
            None => absent.push(format!(
                "aws:RequestTag/eks-cluster-arn and aws:RequestTag/eks-cluster-name ({})",
                fields.cluster
            )),
        }
        tags.push(("kubernetes-namespace", self.namespace.clone()));
        tags.push(("kubernetes-service-account", self.name.clone()));
        for (tag, value, field) in [
            ("kubernetes-pod-name", &self.pod_name, fields.pod_name),
            ("kubernetes-pod-uid", &self.pod_uid, fields.pod_uid),
        ] {
            match present(value) {
                Some(v) => tags.push((tag, v)),
                None => absent.push(format!("aws:RequestTag/{tag} ({field})")),
            }
        }
        let mut context = session_tags(&tags);
        for (key, value, field) in [
            (
                "aws:SourceAccount",
                &self.source_account,
                fields.source_account,
            ),
            ("aws:SourceArn", &self.source_arn, fields.source_arn),
        ] {
            match present(value) {
                Some(v) => context.push(ContextKey {
                    key: key.into(),
                    values: vec![v],
                }),
                None => absent.push(format!("{key} ({field})")),
            }
        }
        match present(&self.source_org_id) {
            Some(org) => {
                for key in ["aws:SourceOrgId", "aws:ResourceOrgId"] {
                    context.push(ContextKey {
                        key: key.into(),
                        values: vec![org.clone()],
                    });
                }
            }
            None => absent.push(format!(
                "aws:SourceOrgId and aws:ResourceOrgId ({}; sent only for an account in an AWS Organization)",
                fields.source_org_id
            )),
        }
        let mut notes = Vec::new();
        if let Some(arn) = present(&self.source_arn).filter(|a| eks_name(a).is_some()) {
            notes.push(format!(
                "aws:SourceArn is the cluster's ARN `{arn}` here, but EKS Pod Identity is reported to send the association's (arn:…:podidentityassociation/CLUSTER/ID; AWS does not document it): a condition expecting the cluster's ARN may never match"
            ));
        }
        if !absent.is_empty() {
            notes.push(format!(
                "not in the request, though EKS Pod Identity sends them: {}; a condition on a missing key fails unless it is negated, …IfExists or Null",
                absent.join(", ")
            ));
        }
        Ok(Request {
            actions: vec!["sts:AssumeRole".into(), "sts:TagSession".into()],
            caller: pod_identity_caller(),
            context,
            notes,
        })
    }
}

/// The CLI's flags (and a probe line's keys), named in its notes.
const CLI_FIELDS: Fields = Fields {
    cluster: "give --cluster-arn",
    pod_name: "it differs per pod; give --pod-name, or pod= in a probe line",
    pod_uid: "it differs per pod; give --pod-uid, or pod-uid=",
    source_account: "give --cluster-arn",
    source_arn: "reportedly the association's ARN; give --source-arn, or source-arn=",
    source_org_id: "give --org-id, or org=",
};

fn pod_identity(probe: &Probe) -> Result<Request, String> {
    // The association lives in the cluster's account: EKS sends that account.
    let account = probe
        .cluster_arn
        .as_deref()
        .and_then(eks_name)
        .and_then(|n| n.account);
    PodIdentity {
        namespace: probe.namespace.clone(),
        name: probe.name.clone(),
        cluster_arn: probe.cluster_arn.clone(),
        pod_name: probe.pod_name.clone(),
        pod_uid: probe.pod_uid.clone(),
        source_account: account,
        source_arn: probe.source_arn.clone(),
        source_org_id: probe.org_id.clone(),
    }
    .request(&CLI_FIELDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_trusting_no_pods_says_so_instead_of_asking_for_an_issuer() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/eks-pod-identity-primary-role"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}"#;
        let (_, policy) = super::super::load(text).unwrap();
        let e = request(&policy, &Probe::parse("payments:api").unwrap()).unwrap_err();
        assert!(
            e.starts_with(
                "no statement trusts an OIDC provider (IRSA) or `pods.eks.amazonaws.com`"
            ),
            "{e}"
        );
        assert!(!e.contains("--iss"), "{e}");
    }

    #[test]
    fn parses_probe_lines() {
        let p = Probe::parse("payments:api-server aud=sts.amazonaws.com,x iss=https://oidc.eks.us-east-1.amazonaws.com/id/ABC => DENY").unwrap();
        assert_eq!(
            (p.namespace.as_str(), p.name.as_str()),
            ("payments", "api-server")
        );
        assert_eq!(p.aud.unwrap(), ["sts.amazonaws.com", "x"]);
        assert_eq!(p.expect, Some(false));
        assert!(Probe::parse("payments => ALLOW").is_err());
        assert!(Probe::parse("a:b color=red").is_err());
        assert!(Probe::parse("a:b => MAYBE").is_err());
        assert_eq!(
            parse_service_account("system:serviceaccount:a:b").unwrap(),
            ("a".into(), "b".into())
        );
    }

    #[test]
    fn pod_identity_sends_the_cluster_tags_and_its_account_and_names_what_is_missing() {
        let probe = Probe::parse(
            "payments:api cluster=arn:aws-cn:eks:cn-north-1:111122223333:cluster/payments_prod-2",
        )
        .unwrap();
        let req = pod_identity(&probe).unwrap();
        assert_eq!(req.actions, ["sts:AssumeRole", "sts:TagSession"]);
        assert_eq!(
            req.get("aws:RequestTag/eks-cluster-name").unwrap(),
            ["payments_prod-2"]
        );
        assert_eq!(req.get("aws:SourceAccount").unwrap(), ["111122223333"]);
        assert!(req.get("aws:SourceArn").is_none());
        assert_eq!(req.get("aws:TagKeys").unwrap().len(), 4);
        assert_eq!(req.notes.len(), 1);
        assert!(req.notes[0]
            .contains("aws:RequestTag/kubernetes-pod-name (it differs per pod; give --pod-name, or pod= in a probe line)"));
        assert!(!req.notes[0].contains("eks-cluster"), "{}", req.notes[0]);

        let none = pod_identity(&Probe::parse("payments:api").unwrap()).unwrap();
        assert!(none.get("aws:RequestTag/eks-cluster-arn").is_none());
        assert!(none.notes[0].contains(
            "aws:RequestTag/eks-cluster-arn and aws:RequestTag/eks-cluster-name (give --cluster-arn)"
        ));
        assert!(none.notes[0].contains("aws:SourceAccount (give --cluster-arn)"));

        // Every Pod Identity value a probe line can give reaches the request.
        let full = pod_identity(
            &Probe::parse("payments:api cluster=arn:aws:eks:eu-west-1:111122223333:cluster/prod pod=api-7d9f pod-uid=5b1c source-arn=arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-1 org=o-a1b2c3d4e5").unwrap(),
        )
        .unwrap();
        assert_eq!(
            full.get("aws:RequestTag/kubernetes-pod-name").unwrap(),
            ["api-7d9f"]
        );
        assert_eq!(
            full.get("aws:RequestTag/kubernetes-pod-uid").unwrap(),
            ["5b1c"]
        );
        assert_eq!(
            full.get("aws:SourceArn").unwrap(),
            ["arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-1"]
        );
        assert_eq!(full.get("aws:SourceOrgId").unwrap(), ["o-a1b2c3d4e5"]);
        assert!(full.notes.is_empty(), "{:?}", full.notes);

        for bad in [
            "payments-prod",
            "payments-prod.eu-west-1.eksctl.io",
            "arn:aws:iam::111122223333:role/x",
        ] {
            let probe =
                Probe::parse(&format!("payments:api cluster={bad} via=pod-identity")).unwrap();
            let err = pod_identity(&probe).unwrap_err();
            assert!(err.contains("is not an EKS cluster ARN"), "{bad}: {err}");
        }

        let all = PodIdentity {
            namespace: "payments".into(),
            name: "api".into(),
            cluster_arn: Some("arn:aws:eks:eu-west-1:111122223333:cluster/prod".into()),
            pod_name: Some("api-7d9f".into()),
            pod_uid: Some("5b1c".into()),
            source_account: Some("111122223333".into()),
            source_arn: Some(" ".into()),
            source_org_id: Some("o-a1b2c3d4e5".into()),
        }
        .request(&CLI_FIELDS)
        .unwrap();
        let keys: Vec<&str> = all
            .get("aws:TagKeys")
            .unwrap()
            .iter()
            .map(String::as_str)
            .collect();
        let mut tags = crate::core::policy::keys::POD_IDENTITY_TAGS.to_vec();
        tags.sort_unstable();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, tags, "all six tags EKS documents");
        assert!(
            all.notes[0].starts_with("not in the request")
                && all.notes[0].contains("aws:SourceArn")
                && !all.notes[0].contains("OrgId")
        );
        assert_eq!(all.get("aws:ResourceOrgId").unwrap(), ["o-a1b2c3d4e5"]);
    }
}
