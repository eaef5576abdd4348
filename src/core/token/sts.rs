//! AWS partitions, regions and STS endpoints: which host a token is signed for,
//! and which hosts the EKS authenticator accepts in a partition.
//!
//! Facts from aws-iam-authenticator (`pkg/endpoints`, `pkg/token`) and the AWS
//! SDKs' endpoint rules; no network, no SDK.

/// The partition a region belongs to, from its name.
pub fn partition_of_region(region: &str) -> &'static str {
    let r = region.to_ascii_lowercase();
    if r.starts_with("cn-") {
        "aws-cn"
    } else if r.starts_with("us-gov-") {
        "aws-us-gov"
    } else if r.starts_with("us-isob-") {
        "aws-iso-b"
    } else if r.starts_with("us-isof-") {
        "aws-iso-f"
    } else if r.starts_with("us-iso-") {
        "aws-iso"
    } else if r.starts_with("eu-isoe-") {
        "aws-iso-e"
    } else if r.starts_with("eusc-") {
        "aws-eusc"
    } else {
        "aws"
    }
}

/// The DNS suffix of STS endpoints in a partition.
pub fn sts_domain(partition: &str) -> Option<&'static str> {
    Some(match partition {
        "aws" | "aws-us-gov" => "amazonaws.com",
        "aws-cn" => "amazonaws.com.cn",
        "aws-iso" => "c2s.ic.gov",
        "aws-iso-b" => "sc2s.sgov.gov",
        "aws-iso-e" => "cloud.adc-e.uk",
        "aws-iso-f" => "csp.hci.ic.gov",
        "aws-eusc" => "amazonaws.eu",
        _ => return None,
    })
}

/// The DNS suffix of dual-stack (IPv6) STS endpoints, where the partition has them.
pub fn dualstack_domain(partition: &str) -> Option<&'static str> {
    match partition {
        "aws" | "aws-us-gov" => Some("api.aws"),
        "aws-cn" => Some("api.amazonwebservices.com.cn"),
        "aws-eusc" => Some("api.amazonwebservices.eu"),
        _ => None,
    }
}

/// The global STS endpoint. Only the `aws` partition has one.
pub const GLOBAL_HOST: &str = "sts.amazonaws.com";

/// Regions for which `AWS_STS_REGIONAL_ENDPOINTS=legacy` (the old default of the
/// AWS CLI v1 and the SDKs) signs for the global endpoint `sts.amazonaws.com`
/// in us-east-1 instead of the region's own endpoint.
pub const LEGACY_GLOBAL_REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "aws-global",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// `^[[:alnum:]]([[:alnum:]-]*[[:alnum:]])?$`, the authenticator's region syntax.
pub fn region_syntax_ok(region: &str) -> bool {
    let b = region.as_bytes();
    !b.is_empty()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
}

/// What an STS host name says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StsHost {
    /// `sts.amazonaws.com`: signed in us-east-1, commercial partition only.
    Global,
    /// `sts[-fips].REGION.DOMAIN`.
    Regional {
        region: String,
        partition: &'static str,
        fips: bool,
        dualstack: bool,
    },
}

impl StsHost {
    /// The region a request to this host must be signed for.
    pub fn signing_region(&self) -> &str {
        match self {
            StsHost::Global => "us-east-1",
            StsHost::Regional { region, .. } => region,
        }
    }
    pub fn partition(&self) -> &'static str {
        match self {
            StsHost::Global => "aws",
            StsHost::Regional { partition, .. } => partition,
        }
    }
    pub fn describe(&self) -> String {
        match self {
            StsHost::Global => {
                "the global STS endpoint (signed for us-east-1; exists only in the aws partition)"
                    .into()
            }
            StsHost::Regional {
                region,
                partition,
                fips,
                dualstack,
            } => {
                let mut kind = String::from("regional STS endpoint");
                if *fips {
                    kind = format!("FIPS {kind}");
                }
                if *dualstack {
                    kind = format!("dual-stack {kind}");
                }
                format!("the {kind} of {region} (partition {partition})")
            }
        }
    }
}

/// Reads an STS host name. `None` when it is not an STS endpoint name at all.
pub fn classify_host(host: &str) -> Option<StsHost> {
    let h = host.to_ascii_lowercase();
    if h == GLOBAL_HOST {
        return Some(StsHost::Global);
    }
    let (first, rest) = h.split_once('.')?;
    let fips = match first {
        "sts" => false,
        "sts-fips" => true,
        _ => return None,
    };
    let (region, domain) = rest.split_once('.')?;
    if !region_syntax_ok(region) {
        return None;
    }
    let partition = partition_of_region(region);
    let dualstack = if Some(domain) == sts_domain(partition) {
        false
    } else if Some(domain) == dualstack_domain(partition) {
        true
    } else {
        return None;
    };
    Some(StsHost::Regional {
        region: region.to_string(),
        partition,
        fips,
        dualstack,
    })
}

/// Whether an authenticator serving a cluster in `partition` accepts `host`,
/// and why not. Mirrors `verifySTSHostnameFormat`: the global endpoint only in
/// `aws`; otherwise `sts[-fips].REGION.DOMAIN` with DOMAIN the partition's STS
/// or dual-stack domain and REGION a region of that partition.
pub fn host_allowed(host: &str, partition: &str) -> Result<StsHost, String> {
    match classify_host(host) {
        Some(StsHost::Global) if partition == "aws" => Ok(StsHost::Global),
        Some(StsHost::Global) => Err(format!(
            "global endpoint unsupported in partition {partition}"
        )),
        Some(h) if h.partition() == partition => Ok(h),
        Some(h) => Err(format!(
            "partition {{{partition}}} does not support hostname {host} (it belongs to {})",
            h.partition()
        )),
        None => Err(format!("unexpected hostname {host:?} in pre-signed URL")),
    }
}

/// The host `aws eks get-token` (AWS CLI) signs for, given the region and
/// `AWS_STS_REGIONAL_ENDPOINTS`. Recent CLIs default to `regional`.
pub fn cli_host(region: &str, sts_regional_endpoints: Option<&str>) -> String {
    let legacy = sts_regional_endpoints.is_some_and(|v| v.eq_ignore_ascii_case("legacy"));
    if legacy && LEGACY_GLOBAL_REGIONS.contains(&region) {
        return GLOBAL_HOST.to_string();
    }
    let partition = partition_of_region(region);
    let domain = sts_domain(partition).unwrap_or("amazonaws.com");
    format!("sts.{region}.{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_hosts_of_each_partition() {
        assert_eq!(classify_host("sts.amazonaws.com"), Some(StsHost::Global));
        let h = classify_host("sts.cn-north-1.amazonaws.com.cn").unwrap();
        assert_eq!(h.partition(), "aws-cn");
        let h = classify_host("sts-fips.us-east-1.amazonaws.com").unwrap();
        assert!(matches!(h, StsHost::Regional { fips: true, .. }));
        let h = classify_host("sts.us-west-2.api.aws").unwrap();
        assert!(matches!(
            h,
            StsHost::Regional {
                dualstack: true,
                ..
            }
        ));
        assert_eq!(
            classify_host("sts.us-west-2.amazonaws.com.attacker.example"),
            None
        );
        assert_eq!(classify_host("sts.cn-north-1.amazonaws.com"), None);
        assert_eq!(classify_host("ec2.us-west-2.amazonaws.com"), None);
        assert_eq!(classify_host(""), None);
    }

    #[test]
    fn global_endpoint_only_in_the_commercial_partition() {
        assert!(host_allowed("sts.amazonaws.com", "aws").is_ok());
        assert!(host_allowed("sts.amazonaws.com", "aws-cn")
            .unwrap_err()
            .contains("global endpoint unsupported"));
        assert!(host_allowed("sts.us-west-2.amazonaws.com", "aws-cn").is_err());
        assert!(host_allowed("sts.us-gov-west-1.amazonaws.com", "aws-us-gov").is_ok());
    }

    #[test]
    fn cli_host_follows_the_legacy_setting_only_for_legacy_regions() {
        assert_eq!(cli_host("us-west-2", Some("legacy")), "sts.amazonaws.com");
        assert_eq!(cli_host("us-west-2", None), "sts.us-west-2.amazonaws.com");
        assert_eq!(
            cli_host("ap-east-1", Some("legacy")),
            "sts.ap-east-1.amazonaws.com"
        );
        assert_eq!(
            cli_host("cn-north-1", Some("legacy")),
            "sts.cn-north-1.amazonaws.com.cn"
        );
    }
}
