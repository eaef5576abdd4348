//! Cross-checks between several inputs pasted together: does the OIDC provider
//! belong to the cluster in the kubeconfig, was the token made for that
//! cluster, may this ServiceAccount assume the role of that trust policy. Each
//! input is analysed on its own first; this module only compares the results.

use super::kubeconfig::endpoint::Endpoint;
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

/// The cluster name an EKS cluster entry implies: the last part of an EKS ARN
/// (`arn:aws:eks:REGION:ACCOUNT:cluster/NAME`) or eksctl's `NAME.REGION.eksctl.io`.
fn cluster_name(entry: &str) -> Option<&str> {
    if let Some(rest) = entry.strip_prefix("arn:") {
        return rest.split_once(":cluster/").map(|(_, n)| n);
    }
    entry
        .strip_suffix(".eksctl.io")
        .and_then(|s| s.rsplit_once('.'))
        .map(|(n, _)| n)
}

/// Compares every pair of inputs that can be compared.
pub fn cross_check(inputs: &[(&str, &Report)]) -> Vec<CrossCheck> {
    let mut out = Vec::new();
    for (i, (name_i, ri)) in inputs.iter().enumerate() {
        let clusters = eks_clusters(ri);
        if clusters.is_empty() {
            continue;
        }
        for (j, (name_j, rj)) in inputs.iter().enumerate() {
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
                        for check in
                            super::token::cross_check(decoded, cluster_name(c.name), Some(c.server))
                        {
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
        let got = cross_check(&[("kubeconfig", &kc), ("provider", &same)]);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].inputs, got[0].ok), ((0, 1), Some(true)));
        let got = cross_check(&[("kubeconfig", &kc), ("provider", &other)]);
        assert_eq!(got[0].ok, Some(false));
        assert!(got[0].text.contains("another cluster"), "{}", got[0].text);
    }

    #[test]
    fn inputs_that_cannot_be_compared_give_nothing() {
        let kc = analyze(KUBECONFIG, &Options::default());
        let unknown = analyze("hello: world\n", &Options::default());
        assert!(cross_check(&[("a", &kc), ("b", &unknown)]).is_empty());
        assert!(cross_check(&[("a", &kc)]).is_empty());
    }

    #[test]
    fn cluster_names_from_arns_and_eksctl() {
        assert_eq!(
            cluster_name("arn:aws:eks:us-west-2:111122223333:cluster/demo"),
            Some("demo")
        );
        assert_eq!(cluster_name("demo.us-west-2.eksctl.io"), Some("demo"));
        assert_eq!(cluster_name("kind-kind"), None);
    }
}
