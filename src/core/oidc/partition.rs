//! AWS partitions and their regions, as far as EKS OIDC issuers are concerned.
//!
//! The region lists are embedded (eksplain never goes online) and current as of
//! late 2025. A well-formed region that is not listed is reported as a warning,
//! not an error, because AWS keeps opening regions.

/// An AWS partition eksplain knows EKS issuer hosts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum Partition {
    /// `aws`: the commercial regions.
    Aws,
    /// `aws-cn`: Beijing and Ningxia, operated separately, `.amazonaws.com.cn`.
    AwsCn,
    /// `aws-us-gov`: AWS GovCloud (US).
    AwsUsGov,
}

/// Partitions that exist but whose EKS issuer hosts eksplain does not check.
pub const UNCHECKED_PARTITIONS: &[&str] =
    &["aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

const AWS_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

const CN_REGIONS: &[&str] = &["cn-north-1", "cn-northwest-1"];

const GOV_REGIONS: &[&str] = &["us-gov-east-1", "us-gov-west-1"];

impl Partition {
    pub const ALL: [Partition; 3] = [Partition::Aws, Partition::AwsCn, Partition::AwsUsGov];

    /// The partition as written in ARNs.
    pub fn id(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
        }
    }

    pub fn from_id(s: &str) -> Option<Partition> {
        Self::ALL.into_iter().find(|p| p.id() == s)
    }

    /// A human name.
    pub fn name(self) -> &'static str {
        match self {
            Partition::Aws => "AWS commercial",
            Partition::AwsCn => "AWS China",
            Partition::AwsUsGov => "AWS GovCloud (US)",
        }
    }

    /// The DNS suffix of classic (IPv4) endpoints, and so of EKS issuer hosts.
    pub fn dns_suffix(self) -> &'static str {
        match self {
            Partition::AwsCn => "amazonaws.com.cn",
            Partition::Aws | Partition::AwsUsGov => "amazonaws.com",
        }
    }

    /// The DNS suffix of dual-stack endpoints.
    pub fn dual_stack_suffix(self) -> &'static str {
        match self {
            Partition::AwsCn => "api.amazonwebservices.com.cn",
            Partition::Aws | Partition::AwsUsGov => "api.aws",
        }
    }

    pub fn regions(self) -> &'static [&'static str] {
        match self {
            Partition::Aws => AWS_REGIONS,
            Partition::AwsCn => CN_REGIONS,
            Partition::AwsUsGov => GOV_REGIONS,
        }
    }

    /// The canonical EKS OIDC issuer host of a region in this partition.
    pub fn issuer_host(self, region: &str) -> String {
        format!("oidc.eks.{region}.{}", self.dns_suffix())
    }
}

/// The partition a listed region belongs to.
pub fn of_region(region: &str) -> Option<Partition> {
    Partition::ALL
        .into_iter()
        .find(|p| p.regions().contains(&region))
}

/// The partition a region *name* implies, listed or not (`cn-…` is China,
/// `us-gov-…` GovCloud, anything else well-formed commercial).
pub fn implied_by_region(region: &str) -> Partition {
    if region.starts_with("cn-") {
        Partition::AwsCn
    } else if region.starts_with("us-gov-") {
        Partition::AwsUsGov
    } else {
        Partition::Aws
    }
}

/// True for names shaped like a region code: `xx-name-N` or `xx-gov-name-N`.
pub fn is_region_shaped(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    let Some((last, head)) = parts.split_last() else {
        return false;
    };
    let digit = !last.is_empty() && last.len() <= 2 && last.bytes().all(|b| b.is_ascii_digit());
    let words = (2..=3).contains(&head.len())
        && head
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && head.first().is_some_and(|w| w.len() == 2);
    digit && words
}

/// Every listed region, for "did you mean" suggestions.
pub fn all_regions() -> Vec<&'static str> {
    Partition::ALL
        .into_iter()
        .flat_map(|p| p.regions().iter().copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_map_to_their_partition() {
        assert_eq!(of_region("ap-southeast-7"), Some(Partition::Aws));
        assert_eq!(of_region("mx-central-1"), Some(Partition::Aws));
        assert_eq!(of_region("cn-northwest-1"), Some(Partition::AwsCn));
        assert_eq!(of_region("us-gov-west-1"), Some(Partition::AwsUsGov));
        assert_eq!(of_region("us-east-9"), None);
        assert_eq!(implied_by_region("cn-south-9"), Partition::AwsCn);
    }

    #[test]
    fn region_shape() {
        for ok in [
            "us-east-1",
            "us-gov-west-1",
            "ap-southeast-7",
            "eu-central-12",
        ] {
            assert!(is_region_shaped(ok), "{ok}");
        }
        for bad in [
            "useast-1",
            "us-east1",
            "US-EAST-1",
            "us-east-",
            "east-1",
            "",
            "us--1",
        ] {
            assert!(!is_region_shaped(bad), "{bad}");
        }
    }

    #[test]
    fn issuer_hosts_per_partition() {
        assert_eq!(
            Partition::AwsCn.issuer_host("cn-north-1"),
            "oidc.eks.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(
            Partition::AwsUsGov.issuer_host("us-gov-west-1"),
            "oidc.eks.us-gov-west-1.amazonaws.com"
        );
    }
}
