//! Reported by [`crate::core::oidc::cross_check`]; this file holds its docs and tests.
use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC019",
    name: "provider-cluster-mismatch",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The OIDC provider and the EKS API endpoint name different clusters.",
    what: "Compares a provider with an EKS API endpoint given alongside it (pasted on another line, in \
           `aws eks describe-cluster` output, or from a kubeconfig): the region in the issuer host against the \
           region in the endpoint, and the OIDC ID against the cluster ID at the start of the endpoint's host \
           name. With several providers, reports an endpoint none of them belongs to.",
    why: "A trust policy written for one cluster's provider does not let pods of another cluster assume the role: \
          their tokens carry their own cluster's issuer. Copying a trust policy between clusters, or recreating a \
          cluster (which gives it a new ID), are the usual causes. A different region is certain proof; a \
          different ID is very strong evidence — in EKS the endpoint's ID and the OIDC ID have always been the \
          same value, but AWS does not document it, so eksplain says \"most likely\".",
    example: "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\nhttps://0C4A7E2B9D1F3A5C7E9B2D4F6A8C0E1B.gr7.eu-west-1.eks.amazonaws.com\n",
    fixed: "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\nhttps://5A1F2B3C4D5E6F708192A3B4C5D6E7F8.gr7.eu-west-1.eks.amazonaws.com\n",
    fix_summary: "Use the provider of the cluster the pods run in (`aws eks describe-cluster --query cluster.identity.oidc.issuer`); create it if it is missing.",
};

#[cfg(test)]
mod tests {
    use super::super::testing::findings;

    #[test]
    fn fires_on_the_provider_id_when_the_endpoint_differs() {
        let f: Vec<_> = findings(super::RULE.example)
            .into_iter()
            .filter(|f| f.0 == "OIDC019")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].1, f[0].2), (Some(1), Some(45)));
    }

    #[test]
    fn several_providers_none_for_the_endpoint() {
        let text = "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\narn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/1B2C3D4E5F60718293A4B5C6D7E8F901\nhttps://0C4A7E2B9D1F3A5C7E9B2D4F6A8C0E1B.gr7.eu-west-1.eks.amazonaws.com\n";
        let f: Vec<_> = findings(text)
            .into_iter()
            .filter(|f| f.0 == "OIDC019")
            .collect();
        assert_eq!((f.len(), f[0].1), (1, Some(3)));
    }

    #[test]
    fn quiet_when_they_agree() {
        assert!(findings(super::RULE.fixed).iter().all(|f| f.0 != "OIDC019"));
    }
}
