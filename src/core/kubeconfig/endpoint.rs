//! What a server URL points at: an EKS endpoint (cluster ID, shard, region), a
//! GKE, AKS or local cluster, or a plain address.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Endpoint {
    /// `https://<ID>.<shard>.<region>.eks.amazonaws.com[.cn]`
    Eks {
        id: String,
        shard: String,
        region: String,
        partition: &'static str,
    },
    /// `https://<name>-<hash>.hcp.<region>.azmk8s.io`
    Aks { region: String },
    /// A loopback address: kind, minikube with the docker driver, k3d, a tunnel.
    Local,
    /// An address in a private range (minikube VM, on-prem, a VPN).
    Private,
    /// Any other https endpoint (GKE's public IP endpoints land here).
    Other,
    /// The URL could not be understood.
    Invalid,
}

/// Splits a server URL into scheme, host and port.
pub fn split(server: &str) -> Option<(&str, &str, Option<&str>)> {
    let (scheme, rest) = server.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() {
        return None;
    }
    if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        return Some((scheme, host, after.strip_prefix(':')));
    }
    match authority.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => Some((scheme, h, Some(p))),
        _ => Some((scheme, authority, None)),
    }
}

fn is_private_v4(host: &str) -> Option<bool> {
    let octets: Vec<u8> = host
        .split('.')
        .map(|o| o.parse().ok())
        .collect::<Option<Vec<u8>>>()?;
    if octets.len() != 4 {
        return None;
    }
    Some(matches!(
        octets[..],
        [10, ..] | [192, 168, ..] | [172, 16..=31, ..] | [100, 64..=127, ..]
    ))
}

pub fn classify(server: &str) -> Endpoint {
    let Some((_, host, _)) = split(server) else {
        return Endpoint::Invalid;
    };
    let host = host.to_ascii_lowercase();
    if host == "localhost" || host.starts_with("127.") || host == "::1" || host == "0.0.0.0" {
        return Endpoint::Local;
    }
    for (suffix, partition) in [
        (".eks.amazonaws.com.cn", "aws-cn"),
        (".eks.amazonaws.com", "aws"),
    ] {
        if let Some(head) = host.strip_suffix(suffix) {
            let parts: Vec<&str> = head.split('.').collect();
            if let [id, shard, region] = parts[..] {
                let partition = if region.starts_with("us-gov-") {
                    "aws-us-gov"
                } else {
                    partition
                };
                return Endpoint::Eks {
                    id: id.to_ascii_uppercase(),
                    shard: shard.to_string(),
                    region: region.to_string(),
                    partition,
                };
            }
        }
    }
    if let Some(head) = host.strip_suffix(".azmk8s.io") {
        let region = head.rsplit('.').next().unwrap_or("").to_string();
        return Endpoint::Aks { region };
    }
    if is_private_v4(&host) == Some(true) {
        return Endpoint::Private;
    }
    Endpoint::Other
}

impl Endpoint {
    pub fn describe(&self) -> String {
        match self {
            Endpoint::Eks { id, shard, region, partition } => format!(
                "Amazon EKS API endpoint — cluster ID {id}, region {region}, partition {partition} (shard label `{shard}`)"
            ),
            Endpoint::Aks { region } => format!("Azure AKS API endpoint in {region}"),
            Endpoint::Local => "a loopback address on your own machine (kind, minikube, k3d, or a tunnel)".into(),
            Endpoint::Private => "a private-network address (a VM, on-prem cluster, or one reached over VPN)".into(),
            Endpoint::Other => "a Kubernetes API server".into(),
            Endpoint::Invalid => "not a valid URL".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eks_endpoints_split_into_id_shard_and_region() {
        let e =
            classify("https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com");
        assert_eq!(
            e,
            Endpoint::Eks {
                id: "0123456789ABCDEF0123456789ABCDEF".into(),
                shard: "gr7".into(),
                region: "us-west-2".into(),
                partition: "aws"
            }
        );
        let cn = classify("https://ABC.yl4.cn-north-1.eks.amazonaws.com.cn");
        assert!(matches!(
            cn,
            Endpoint::Eks {
                partition: "aws-cn",
                ..
            }
        ));
    }

    #[test]
    fn other_endpoint_kinds() {
        assert_eq!(classify("https://127.0.0.1:40123"), Endpoint::Local);
        assert_eq!(classify("https://192.168.49.2:8443"), Endpoint::Private);
        assert_eq!(classify("https://34.71.5.9"), Endpoint::Other);
        assert!(matches!(
            classify("https://dev-abc.hcp.westeurope.azmk8s.io:443"),
            Endpoint::Aks { .. }
        ));
        assert_eq!(classify("not a url"), Endpoint::Invalid);
        assert_eq!(
            split("https://[::1]:6443"),
            Some(("https", "::1", Some("6443")))
        );
    }
}
