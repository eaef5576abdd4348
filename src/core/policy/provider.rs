//! Just enough of OIDC provider names to check a trust policy: the provider
//! ARN in a `Federated` principal, the `HOST/id/ID` prefix of condition keys,
//! issuer URLs and EKS API endpoints. (Full validation of provider ARNs —
//! known regions, ID format, placeholders — is the `oidc` module's job; this
//! parser only has to tell one provider from another, strictly, where the
//! `oidc` parser is lenient on purpose, to diagnose near-misses.) ARNs are
//! split and partitions named by the `oidc` module.

use crate::core::kubeconfig::endpoint::{self, Endpoint};
use crate::core::oidc::arn::Arn;
use crate::core::oidc::partition::{self, Partition};

/// An OIDC identity provider as IAM names it: the issuer URL without
/// `https://`, e.g. `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provider {
    /// The issuer URL without scheme: what follows `oidc-provider/` in the ARN
    /// and precedes `:sub` in a condition key.
    pub path: String,
    /// For EKS issuers: the cluster's OIDC ID and region.
    pub eks: Option<EksIssuer>,
}

/// The parts of an EKS issuer (`oidc.eks.REGION.amazonaws.com[.cn]/id/ID` or
/// the newer `oidc-eks.REGION.api.aws/id/ID`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EksIssuer {
    pub region: String,
    pub id: String,
}

/// `arn:PARTITION:iam::ACCOUNT:oidc-provider/PATH`, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderArn {
    pub partition: String,
    pub account: String,
    pub provider: Provider,
}

impl Provider {
    /// Reads a provider path (`HOST[/PATH]`, no scheme).
    pub fn from_path(path: &str) -> Option<Provider> {
        if path.is_empty()
            || path.contains("://")
            || path.ends_with('/')
            || path.chars().any(|c| c.is_whitespace() || c == ':')
        {
            return None;
        }
        let host = path.split('/').next().unwrap_or("");
        if !host.contains('.') {
            return None;
        }
        Some(Provider {
            path: path.to_string(),
            eks: eks_issuer(path),
        })
    }

    /// Reads an issuer URL (`https://HOST/…`).
    pub fn from_issuer(url: &str) -> Option<Provider> {
        let rest = url.trim().strip_prefix("https://")?;
        Provider::from_path(rest.trim_end_matches('/'))
    }

    /// The provider of an EKS API server endpoint
    /// (`https://ID.SHARD.REGION.eks.amazonaws.com[.cn]`), read by the
    /// kubeconfig's endpoint classifier so both agree on what an EKS endpoint is.
    pub fn from_eks_endpoint(url: &str) -> Option<Provider> {
        let url = url.trim();
        if !url.starts_with("https://") {
            return None;
        }
        let Endpoint::Eks {
            id,
            region,
            partition,
            ..
        } = endpoint::classify(url)
        else {
            return None;
        };
        if id.is_empty() || region.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        let domain = if partition == "aws-cn" {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        Provider::from_path(&format!("oidc.eks.{region}.{domain}/id/{id}"))
    }

    pub fn host(&self) -> &str {
        self.path.split('/').next().unwrap_or(&self.path)
    }

    /// The issuer URL, as it appears in the token's `iss` claim.
    pub fn issuer(&self) -> String {
        format!("https://{}", self.path)
    }

    /// The partition an EKS issuer lives in (its host decides), `aws` otherwise.
    pub fn partition(&self) -> &'static str {
        partition_of(self.host(), self.eks.as_ref().map(|e| e.region.as_str()))
    }

    /// The provider's ARN in `account`.
    pub fn arn(&self, partition: &str, account: &str) -> String {
        format!("arn:{partition}:iam::{account}:oidc-provider/{}", self.path)
    }

    /// The condition key for a token claim, e.g. `…/id/ID:sub`.
    pub fn key(&self, claim: &str) -> String {
        format!("{}:{claim}", self.path)
    }

    /// True for the same provider. IAM compares provider URLs without regard
    /// to the case of the host; EKS IDs are compared as written.
    pub fn same(&self, other: &Provider) -> bool {
        let (h1, p1) = split_host(&self.path);
        let (h2, p2) = split_host(&other.path);
        h1.eq_ignore_ascii_case(h2) && p1 == p2
    }
}

fn split_host(path: &str) -> (&str, &str) {
    match path.find('/') {
        Some(i) => (&path[..i], &path[i..]),
        None => (path, ""),
    }
}

/// The partition for an AWS host and region: a China host decides, else the
/// region's name ([`partition::implied_by_region`]), else `aws`.
pub fn partition_of(host: &str, region: Option<&str>) -> &'static str {
    if host.to_ascii_lowercase().ends_with(".amazonaws.com.cn") {
        return Partition::AwsCn.id();
    }
    region
        .map_or(Partition::Aws, partition::implied_by_region)
        .id()
}

fn eks_issuer(path: &str) -> Option<EksIssuer> {
    let (host, rest) = path.split_once('/')?;
    let id = rest.strip_prefix("id/")?;
    if id.is_empty() || id.contains('/') {
        return None;
    }
    let host = host.to_ascii_lowercase();
    let region = if let Some(r) = host.strip_prefix("oidc.eks.") {
        r.strip_suffix(".amazonaws.com.cn")
            .or_else(|| r.strip_suffix(".amazonaws.com"))?
    } else if let Some(r) = host.strip_prefix("oidc-eks.") {
        r.strip_suffix(".api.aws")?
    } else {
        return None;
    };
    if region.is_empty() || region.contains('.') {
        return None;
    }
    Some(EksIssuer {
        region: region.to_string(),
        id: id.to_string(),
    })
}

impl ProviderArn {
    /// Parses `arn:PARTITION:iam::ACCOUNT:oidc-provider/PATH`.
    pub fn parse(s: &str) -> Option<ProviderArn> {
        let a = Arn::split(s).ok()?;
        if a.service.text != "iam" || !a.region.text.is_empty() || a.partition.text.is_empty() {
            return None;
        }
        let path = a.resource.text.strip_prefix("oidc-provider/")?;
        Some(ProviderArn {
            partition: a.partition.text.to_string(),
            account: a.account.text.to_string(),
            provider: Provider::from_path(path)?,
        })
    }

    pub fn to_arn(&self) -> String {
        self.provider.arn(&self.partition, &self.account)
    }
}

/// Recognises the near-misses people put where a provider ARN belongs, and
/// says what is wrong. `None` when `s` is a well-formed provider ARN.
pub fn arn_problem(s: &str) -> Option<String> {
    let t = s.trim();
    if t != s {
        return Some("has spaces around it".into());
    }
    if t.starts_with("https://") || t.starts_with("http://") {
        return Some("is an issuer URL, not the provider's ARN".into());
    }
    if t.starts_with("oidc.") || t.starts_with("oidc-eks.") {
        return Some(
            "is the provider's host and path without the `arn:…:oidc-provider/` prefix".into(),
        );
    }
    if t.contains(":role/") || t.contains(":user/") {
        return Some(
            "is an IAM role or user ARN; a Federated principal names an identity provider".into(),
        );
    }
    let i = t.find("oidc-provider/")?;
    let path = &t[i + "oidc-provider/".len()..];
    if path.starts_with("https://") || path.starts_with("http://") {
        return Some(
            "contains `https://`: IAM provider ARNs name the issuer without its scheme".into(),
        );
    }
    if path.ends_with('/') {
        return Some("ends with `/`: the provider path has no trailing slash".into());
    }
    if path.starts_with("oidc.") && path.contains(".eks.") && !path.starts_with("oidc.eks.") {
        return Some(
            "has the host's parts in the wrong order: EKS issuers are `oidc.eks.REGION.amazonaws.com`"
                .into(),
        );
    }
    if !t.starts_with("arn:") {
        return Some("does not start with `arn:`".into());
    }
    if let Some(p) = ProviderArn::parse(t) {
        if p.provider.eks.is_some() && p.partition != p.provider.partition() {
            return Some(format!(
                "is in partition `{}`, but the issuer `{}` belongs to `{}`",
                p.partition,
                p.provider.host(),
                p.provider.partition()
            ));
        }
        return None;
    }
    Some("is not of the form `arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST/id/ID`".into())
}

/// `oidc.us-east-1.eks.amazonaws.com` → `oidc.eks.us-east-1.amazonaws.com`.
fn fix_host_order(path: &str) -> String {
    let (host, rest) = split_host(path);
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() > 3 && parts[0] == "oidc" && parts[2] == "eks" {
        let mut fixed = vec![parts[0], parts[2], parts[1]];
        fixed.extend_from_slice(&parts[3..]);
        return format!("{}{rest}", fixed.join("."));
    }
    path.to_string()
}

fn clean_path(p: &str) -> String {
    let p = p
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/');
    fix_host_order(p)
}

/// The provider ARN a near-miss `Federated` value was meant to be, when it
/// can be worked out (`account` is needed for values without one).
pub fn corrected_arn(value: &str, account: Option<&str>) -> Option<String> {
    let t = value.trim();
    if let Some(p) = ProviderArn::parse(t).filter(|p| p.provider.eks.is_some()) {
        let fixed = p.provider.arn(p.provider.partition(), &p.account);
        return (fixed != value).then_some(fixed);
    }
    let fixed = if let Some(i) = t.find("oidc-provider/") {
        let prefix = &t[..i];
        let prefix = if prefix.starts_with("arn:") {
            prefix.to_string()
        } else if prefix.starts_with("aws") {
            format!("arn:{prefix}")
        } else {
            return None;
        };
        format!(
            "{prefix}oidc-provider/{}",
            clean_path(&t[i + "oidc-provider/".len()..])
        )
    } else if t.starts_with("https://")
        || t.starts_with("http://")
        || t.starts_with("oidc.")
        || t.starts_with("oidc-eks.")
    {
        let provider = Provider::from_path(&clean_path(t))?;
        provider.arn(provider.partition(), account?)
    } else {
        return None;
    };
    // An EKS issuer decides the partition, as in the first case: a correction
    // must need no further correction.
    let fixed = match ProviderArn::parse(&fixed)? {
        p if p.provider.eks.is_some() => p.provider.arn(p.provider.partition(), &p.account),
        _ => fixed,
    };
    (fixed != value).then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "EXAMPLED539D4633E53DE1B71EXAMPLE";

    #[test]
    fn reads_provider_arns_in_every_partition() {
        for (arn, partition, region) in [
            (format!("arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/{ID}"), "aws", "us-east-1"),
            (format!("arn:aws-cn:iam::111122223333:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/{ID}"), "aws-cn", "cn-north-1"),
            (format!("arn:aws-us-gov:iam::111122223333:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/{ID}"), "aws-us-gov", "us-gov-west-1"),
            (format!("arn:aws:iam::111122223333:oidc-provider/oidc-eks.eu-west-1.api.aws/id/{ID}"), "aws", "eu-west-1"),
        ] {
            let p = ProviderArn::parse(&arn).unwrap();
            assert_eq!(p.partition, partition);
            assert_eq!(p.provider.partition(), partition);
            assert_eq!(p.provider.eks.as_ref().unwrap().region, region);
            assert_eq!(p.to_arn(), arn);
        }
    }

    #[test]
    fn converts_between_issuer_endpoint_and_key() {
        let p = Provider::from_issuer(&format!("https://oidc.eks.us-west-2.amazonaws.com/id/{ID}"))
            .unwrap();
        assert_eq!(
            p.key("sub"),
            format!("oidc.eks.us-west-2.amazonaws.com/id/{ID}:sub")
        );
        let e = Provider::from_eks_endpoint(&format!(
            "https://{}.gr7.us-west-2.eks.amazonaws.com",
            ID.to_lowercase()
        ))
        .unwrap();
        assert!(e.same(&p));
        let cn = Provider::from_eks_endpoint("https://ABC123.yl4.cn-north-1.eks.amazonaws.com.cn")
            .unwrap();
        assert_eq!(cn.path, "oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC123");
        assert_eq!(cn.partition(), "aws-cn");
        // What the kubeconfig's endpoint classifier does not call EKS is no
        // EKS provider either: no shard, an empty region, another scheme.
        for not in [
            "https://ABC123.us-west-2.eks.amazonaws.com",
            "https://ABC123.gr7..eks.amazonaws.com",
            "http://ABC123.gr7.us-west-2.eks.amazonaws.com",
            "https://ABC-123.gr7.us-west-2.eks.amazonaws.com",
        ] {
            assert_eq!(Provider::from_eks_endpoint(not), None, "{not}");
        }
        let port =
            Provider::from_eks_endpoint("https://abc123.gr7.us-gov-west-1.eks.amazonaws.com:443/");
        assert_eq!(
            port.map(|p| p.path),
            Some("oidc.eks.us-gov-west-1.amazonaws.com/id/ABC123".into())
        );
    }

    #[test]
    fn corrects_near_misses() {
        let want = format!(
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/{ID}"
        );
        for v in [
            format!("https://oidc.eks.us-east-1.amazonaws.com/id/{ID}"),
            format!("oidc.eks.us-east-1.amazonaws.com/id/{ID}/"),
            format!("arn:aws:iam::111122223333:oidc-provider/https://oidc.eks.us-east-1.amazonaws.com/id/{ID}"),
            format!("arn:aws:iam::111122223333:oidc-provider/oidc.us-east-1.eks.amazonaws.com/id/{ID}"),
            format!("aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/{ID}"),
            format!("arn:aws-us-gov:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/{ID}"),
        ] {
            assert_eq!(corrected_arn(&v, Some("111122223333")).as_deref(), Some(want.as_str()), "{v}");
        }
        assert_eq!(
            corrected_arn(&format!("oidc.eks.us-east-1.amazonaws.com/id/{ID}"), None),
            None
        );
        assert_eq!(corrected_arn(&want, Some("111122223333")), None);
    }

    #[test]
    fn a_correction_needs_no_second_correction() {
        // Found by the `arn` fuzz target: the scheme was removed, but the
        // partition was left for a second pass to fix.
        let v = format!(
            "arn:ats:iam::111122223333:oidc-provider/https://oidc.eks.us-west-2.amazonaws.com/id/{ID}/"
        );
        let want = format!(
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/{ID}"
        );
        assert_eq!(corrected_arn(&v, None).as_deref(), Some(want.as_str()));
        assert_eq!(corrected_arn(&want, None), None);
    }

    #[test]
    fn names_the_usual_mistakes() {
        let bad = [
            format!("https://oidc.eks.us-east-1.amazonaws.com/id/{ID}"),
            format!("oidc.eks.us-east-1.amazonaws.com/id/{ID}"),
            format!("arn:aws:iam::111122223333:oidc-provider/https://oidc.eks.us-east-1.amazonaws.com/id/{ID}"),
            format!("arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/{ID}/"),
            format!("arn:aws:iam::111122223333:oidc-provider/oidc.us-east-1.eks.amazonaws.com/id/{ID}"),
            "arn:aws:iam::111122223333:role/my-role".to_string(),
            format!("arn:aws:iam::111122223333:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/{ID}"),
        ];
        for b in bad {
            assert!(arn_problem(&b).is_some(), "{b}");
        }
        assert_eq!(
            arn_problem(&format!(
                "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/{ID}"
            )),
            None
        );
    }
}
