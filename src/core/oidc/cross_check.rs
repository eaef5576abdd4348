//! Does this OIDC provider belong to that cluster?
//!
//! An EKS API endpoint is `https://ID.SHARD.REGION.eks.amazonaws.com`; the
//! cluster's issuer is `https://oidc.eks.REGION.amazonaws.com/id/ID`. In every
//! EKS cluster observed the two IDs are the same value (cluster-api-provider-aws
//! and Terraform modules derive one from the other), but AWS does not document
//! it, so a different ID is reported as "most likely another cluster", and the
//! way to confirm is given. A different region is certain: an issuer is regional.

use super::parse::ProviderParse;
use super::rules::provider_cluster_mismatch as rule;
use super::scan::EksEndpoint;
use crate::core::finding::{Finding, Location, NoPositions, Sink};
use crate::core::source::{Path, Pos};

/// Compares a provider with an EKS endpoint's cluster ID and region (from a
/// kubeconfig's `server`, or `aws eks describe-cluster --query cluster.endpoint`).
/// Returns nothing when they agree, when the provider is not an EKS issuer, or
/// when its ID or region is a placeholder.
pub fn cross_check(provider: &ProviderParse, eks_endpoint_id: &str, region: &str) -> Vec<Finding> {
    let mut sink = Sink::new(&NoPositions);
    check_one(
        provider,
        eks_endpoint_id,
        region,
        Path::root(),
        None,
        &mut sink,
    );
    sink.into_findings()
}

fn check_one(
    p: &ProviderParse,
    endpoint_id: &str,
    endpoint_region: &str,
    base: Path,
    endpoint_pos: Option<Pos>,
    sink: &mut Sink,
) {
    if !p.is_eks() {
        return;
    }
    let related = endpoint_pos.map(|pos| Location {
        path: Path::root().k("endpoint"),
        pos: Some(pos),
    });
    if let Some(region) = p.region.as_ref().and_then(|r| r.real()) {
        if !region.eq_ignore_ascii_case(endpoint_region) && !endpoint_region.is_empty() {
            let f = sink
                .report(
                    &rule::RULE,
                    base.k("region"),
                    format!(
                        "The provider's issuer is in region {region}, but the EKS endpoint is in {endpoint_region}: an issuer belongs to one regional cluster, so this provider is for a different cluster."
                    ),
                )
                .at(p.region.as_ref().map(|r| p.pos(r.offset)))
                .with_help(help(endpoint_region));
            if let Some(l) = related.clone() {
                f.with_related(l);
            }
            return;
        }
    }
    let Some(id) = p.id.as_ref().and_then(|i| i.real()) else {
        return;
    };
    if endpoint_id.is_empty() || id.eq_ignore_ascii_case(endpoint_id) {
        return;
    }
    let f = sink
        .report(
            &rule::RULE,
            base.k("id"),
            format!(
                "The provider's OIDC ID {id} differs from the cluster ID {endpoint_id} in the EKS endpoint's host name: this provider most likely belongs to another cluster (EKS has used one ID for both so far, though AWS does not document it)."
            ),
        )
        .at(p.id.as_ref().map(|i| p.pos(i.offset)))
        .with_help(help(endpoint_region));
    if let Some(l) = related {
        f.with_related(l);
    }
}

fn help(region: &str) -> String {
    let region = if region.is_empty() {
        String::new()
    } else {
        format!(" --region {region}")
    };
    format!(
        "Confirm with `aws eks describe-cluster --name CLUSTER{region} --query cluster.identity.oidc.issuer --output text`. If the issuer's ID differs from this provider's, create the cluster's provider (`eksctl utils associate-iam-oidc-provider --cluster CLUSTER{region} --approve`) and use its ARN and host in the trust policy."
    )
}

/// The cross-checks for one input holding providers and endpoints: with one
/// provider, each endpoint is compared with it; with several, an endpoint that
/// none of them matches is reported once.
pub fn against_endpoints(providers: &[ProviderParse], endpoints: &[EksEndpoint]) -> Vec<Finding> {
    let mut sink = Sink::new(&NoPositions);
    let eks: Vec<&ProviderParse> = providers.iter().filter(|p| p.is_eks()).collect();
    match eks[..] {
        [] => {}
        [p] => {
            for e in endpoints {
                check_one(p, &e.id, &e.region, Path::root(), Some(e.pos), &mut sink);
            }
        }
        _ => {
            for e in endpoints {
                let matches = eks.iter().any(|p| {
                    p.id.as_ref()
                        .and_then(|i| i.real())
                        .is_some_and(|id| id.eq_ignore_ascii_case(&e.id))
                });
                if !matches {
                    sink.report(
                        &rule::RULE,
                        Path::root().k("endpoint"),
                        format!(
                            "None of the {} providers here is for the cluster behind {} (cluster ID {}, {}): a pod there gets `InvalidIdentityToken: No OpenIDConnect provider found` unless its provider exists in the role's account.",
                            eks.len(),
                            e.url,
                            e.id,
                            e.region
                        ),
                    )
                    .at(Some(e.pos))
                    .with_help(help(&e.region));
                }
            }
        }
    }
    sink.into_findings()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::oidc::parse_provider;

    const ID: &str = "0123456789ABCDEF0123456789ABCDEF";
    const OTHER: &str = "FEDCBA9876543210FEDCBA9876543210";

    #[test]
    fn a_different_id_is_likely_another_cluster() {
        let p =
            parse_provider(&format!("https://oidc.eks.us-east-1.amazonaws.com/id/{ID}")).unwrap();
        assert!(cross_check(&p, ID, "us-east-1").is_empty());
        assert!(cross_check(&p, &ID.to_lowercase(), "us-east-1").is_empty());
        let f = cross_check(&p, OTHER, "us-east-1");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code(), "OIDC019");
        assert!(f[0].message.contains("most likely"), "{}", f[0].message);
        assert_eq!(f[0].column(), Some(45));
    }

    #[test]
    fn a_different_region_is_certain() {
        let p =
            parse_provider(&format!("https://oidc.eks.us-east-1.amazonaws.com/id/{ID}")).unwrap();
        let f = cross_check(&p, ID, "eu-west-1");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("different cluster"));
        assert_eq!(f[0].column(), Some(18));
    }

    #[test]
    fn placeholders_and_foreign_issuers_are_not_compared() {
        let p = parse_provider("https://oidc.eks.<region>.amazonaws.com/id/<id>").unwrap();
        assert!(cross_check(&p, OTHER, "us-east-1").is_empty());
        let p = parse_provider("https://token.actions.githubusercontent.com").unwrap();
        assert!(cross_check(&p, OTHER, "us-east-1").is_empty());
    }
}
