//! Cross-checks between several inputs pasted together: does the OIDC provider
//! belong to the cluster in the kubeconfig, was the token made for that
//! cluster, may this ServiceAccount assume the role of that trust policy. Each
//! input is analysed on its own first; this module only compares the results.

use super::exec::eks_name;
use super::kubeconfig::endpoint::Endpoint;
use super::policy::{probe, sim};
use super::report::{Explanation, Report};
use super::token::TokenExplanation;

/// One comparison between two inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrossCheck {
    /// The two inputs compared (indices into the slice given to [`cross_check`]).
    pub inputs: (usize, usize),
    /// `Some(true)`: consistent; `Some(false)`: this combination fails;
    /// `None`: cannot be decided offline.
    pub ok: Option<bool>,
    /// What was compared and what follows, in one or two sentences.
    pub text: String,
}

/// An EKS cluster named in a kubeconfig.
struct EksCluster<'a> {
    name: &'a str,
    server: &'a str,
    id: &'a str,
    region: &'a str,
}

fn eks_clusters(r: &Report) -> Vec<EksCluster<'_>> {
    let Explanation::Kubeconfig(o) = &r.explanation else {
        return Vec::new();
    };
    o.clusters
        .iter()
        .filter_map(|c| match &c.endpoint {
            Endpoint::Eks { id, region, .. } => Some(EksCluster {
                name: &c.name,
                server: &c.server,
                id,
                region,
            }),
            _ => None,
        })
        .collect()
}

/// Who a pasted ServiceAccount or service-account token says the pod is:
/// `(namespace, name, audiences, issuer)`.
fn pod_identities(r: &Report) -> Vec<(String, String, Vec<String>, Option<String>)> {
    match &r.explanation {
        Explanation::ServiceAccount(o) => o
            .accounts
            .iter()
            .map(|a| {
                (
                    a.identity.namespace.clone(),
                    a.identity.name.clone(),
                    vec![a.identity.audience.clone()],
                    None,
                )
            })
            .collect(),
        Explanation::Jwt(o) => {
            let mut sub = None;
            let mut aud = Vec::new();
            let mut issuer = None;
            for (key, value) in &o.trust_policy_keys {
                if let Some(prefix) = key.strip_suffix(":sub") {
                    sub = value
                        .strip_prefix("system:serviceaccount:")
                        .and_then(|s| s.split_once(':'));
                    issuer = Some(format!("https://{prefix}"));
                } else if key.ends_with(":aud") {
                    aud.push(value.clone());
                }
            }
            sub.map(|(ns, name)| vec![(ns.to_string(), name.to_string(), aud, issuer)])
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// Simulates `ns:name` against the trust policy in `policy_text`.
fn simulate(
    policy_text: &str,
    ns: &str,
    name: &str,
    aud: &[String],
    issuer: Option<&str>,
) -> Option<(bool, String)> {
    let read = super::policy::read(policy_text);
    let policy = read.model()?;
    let probe = probe::Probe {
        namespace: ns.to_string(),
        name: name.to_string(),
        aud: (!aud.is_empty()).then(|| aud.to_vec()),
        issuer: issuer.map(str::to_string),
        ..Default::default()
    };
    let mut request = probe::request(&policy, &probe).ok()?;
    let v2012 = policy
        .version
        .as_ref()
        .is_some_and(|v| v.value == "2012-10-17");
    // A template's provider placeholders stand for this pod's provider.
    let filled = sim::fill_in(&policy, &mut request, read.expands);
    let decision = sim::evaluate(filled.as_ref().unwrap_or(&policy), v2012, &request);
    let trace = decision.to_text(&request);
    let verdict = trace.lines().next().unwrap_or_default().to_string();
    let failed: Vec<&str> = trace
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('✗'))
        .collect();
    let why = if decision.allowed || failed.is_empty() {
        String::new()
    } else {
        format!(" Failing: {}", failed.join("; "))
    };
    let template = if filled.is_some() {
        " (The policy is a template: its placeholders in the principal and condition keys are taken to be this provider's.)"
    } else {
        ""
    };
    Some((decision.allowed, format!("{verdict}.{why}{template}")))
}

/// Compares every pair of inputs that can be compared. Each input is
/// `(name, text, report)`; the text is needed to simulate trust policies.
pub fn cross_check(inputs: &[(&str, &str, &Report)]) -> Vec<CrossCheck> {
    let mut out = Vec::new();
    // A ServiceAccount or token against a trust policy: may this pod assume the role?
    for (i, (name_i, _, ri)) in inputs.iter().enumerate() {
        for (ns, name, aud, issuer) in pod_identities(ri) {
            for (j, (name_j, text_j, rj)) in inputs.iter().enumerate() {
                if !matches!(rj.explanation, Explanation::TrustPolicy(_)) {
                    continue;
                }
                if let Some((allowed, why)) = simulate(text_j, &ns, &name, &aud, issuer.as_deref())
                {
                    out.push(CrossCheck {
                        inputs: (i, j),
                        ok: Some(allowed),
                        text: format!("Service account {ns}:{name} from {name_i} against the trust policy in {name_j}: {why}"),
                    });
                }
            }
        }
    }
    for (i, (name_i, _, ri)) in inputs.iter().enumerate() {
        let clusters = eks_clusters(ri);
        if clusters.is_empty() {
            continue;
        }
        for (j, (name_j, _, rj)) in inputs.iter().enumerate() {
            if i == j {
                continue;
            }
            match &rj.explanation {
                Explanation::OidcProvider(o) => {
                    for p in &o.providers {
                        let (Some(id), Some(region)) = (p.id.as_deref(), p.region.as_deref())
                        else {
                            continue;
                        };
                        for c in &clusters {
                            if c.id.eq_ignore_ascii_case(id) && c.region == region {
                                out.push(CrossCheck {
                                    inputs: (i, j),
                                    ok: Some(true),
                                    text: format!(
                                        "The OIDC provider in {name_j} ({}) has the same ID and region as cluster `{}` in {name_i}: it is most likely that cluster's issuer.",
                                        p.host, c.name
                                    ),
                                });
                            } else if c.region == region {
                                out.push(CrossCheck {
                                    inputs: (i, j),
                                    ok: Some(false),
                                    text: format!(
                                        "The OIDC provider in {name_j} has ID {id}, but cluster `{}` in {name_i} (same region {region}) has endpoint ID {}: the provider most likely belongs to another cluster, so tokens from this cluster would get `InvalidIdentityToken: No OpenIDConnect provider found`.",
                                        c.name, c.id
                                    ),
                                });
                            }
                        }
                    }
                }
                Explanation::Token(t) => {
                    let view = match &**t {
                        TokenExplanation::Token(v) => Some(v),
                        TokenExplanation::ExecCredential(e) => e.token.as_ref(),
                    };
                    let Some(Ok(decoded)) = view.map(|v| &v.decoded) else {
                        continue;
                    };
                    for c in &clusters {
                        for check in super::token::cross_check(
                            decoded,
                            eks_name(c.name).as_ref().map(|n| n.cluster.as_str()),
                            Some(c.server),
                        ) {
                            out.push(CrossCheck {
                                inputs: (i, j),
                                ok: check.ok,
                                text: format!(
                                    "Token in {name_j} vs cluster `{}` in {name_i}: {}",
                                    c.name, check.text
                                ),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{analyze, Options};

    const KUBECONFIG: &str = "apiVersion: v1\nkind: Config\nclusters:\n- name: arn:aws:eks:eu-west-1:111122223333:cluster/payments\n  cluster:\n    server: https://4F1A9B2C7D3E5F60718293A4B5C6D7E8.gr7.eu-west-1.eks.amazonaws.com\ncontexts: []\nusers: []\n";

    #[test]
    fn the_provider_of_the_same_cluster_matches_and_another_does_not() {
        let kc = analyze(KUBECONFIG, &Options::default());
        let same = analyze("arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/4F1A9B2C7D3E5F60718293A4B5C6D7E8", &Options::default());
        let other = analyze("arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0000000000000000000000000000ABCD", &Options::default());
        let got = cross_check(&[("kubeconfig", "", &kc), ("provider", "", &same)]);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].inputs, got[0].ok), ((0, 1), Some(true)));
        let got = cross_check(&[("kubeconfig", "", &kc), ("provider", "", &other)]);
        assert_eq!(got[0].ok, Some(false));
        assert!(got[0].text.contains("another cluster"), "{}", got[0].text);
    }

    #[test]
    fn inputs_that_cannot_be_compared_give_nothing() {
        let kc = analyze(KUBECONFIG, &Options::default());
        let unknown = analyze("hello: world\n", &Options::default());
        assert!(cross_check(&[("a", "", &kc), ("b", "", &unknown)]).is_empty());
        assert!(cross_check(&[("a", "", &kc)]).is_empty());
    }

    const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/4F1A9B2C7D3E5F60718293A4B5C6D7E8"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {
      "oidc.eks.eu-west-1.amazonaws.com/id/4F1A9B2C7D3E5F60718293A4B5C6D7E8:sub": "system:serviceaccount:payments:api",
      "oidc.eks.eu-west-1.amazonaws.com/id/4F1A9B2C7D3E5F60718293A4B5C6D7E8:aud": "sts.amazonaws.com"
    }}
  }]
}"#;

    fn service_account(ns: &str) -> String {
        format!("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: {ns}\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/payments-api\n")
    }

    #[test]
    fn a_service_account_is_simulated_against_a_trust_policy() {
        let policy = analyze(POLICY, &Options::default());
        for (ns, allowed) in [("payments", true), ("orders", false)] {
            let text = service_account(ns);
            let sa = analyze(&text, &Options::default());
            let got = cross_check(&[("sa.yaml", &text, &sa), ("trust.json", POLICY, &policy)]);
            assert_eq!(got.len(), 1, "{got:?}");
            assert_eq!(
                (got[0].inputs, got[0].ok),
                ((0, 1), Some(allowed)),
                "{}",
                got[0].text
            );
            assert!(
                got[0].text.contains(&format!("{ns}:api")),
                "{}",
                got[0].text
            );
        }
    }

    /// A ServiceAccount next to the Terraform that writes its role's trust
    /// policy: the provider references stand for the pod's provider.
    #[test]
    fn a_service_account_is_simulated_against_a_terraform_policy() {
        let tf =
            include_str!("../../tests/fixtures/trust-policy/terraform-jsonencode-blueprints.tf");
        let policy = analyze(tf, &Options::default());
        for (name, allowed) in [("karpenter", true), ("api", false)] {
            let text = service_account("karpenter").replace("name: api", &format!("name: {name}"));
            let sa = analyze(&text, &Options::default());
            let got = cross_check(&[("sa.yaml", &text, &sa), ("main.tf", tf, &policy)]);
            assert_eq!(got[0].ok, Some(allowed), "{}", got[0].text);
            assert!(
                got[0].text.contains("The policy is a template"),
                "{}",
                got[0].text
            );
        }
    }
}
