//! What a server URL points at: an EKS endpoint (cluster ID, shard, region), a
//! GKE, AKS or local cluster, or a plain address.

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum Endpoint {
    /// `https://<ID>.<shard>.<region>.eks.amazonaws.com[.cn]`
    Eks {
        id: String,
        shard: String,
        region: String,
        #[cfg_attr(
            any(test, target_arch = "wasm32"),
            serde(with = "crate::core::wire::static_str")
        )]
        partition: crate::core::StaticStr,
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

/// `url.split_once("://")`, and where the authority after it ends (at the
/// first `/`, `?` or `#`). Searching bytes for `:` costs less than the
/// substring and multi-character searchers, which every server URL of every
/// cluster went through several times.
pub fn scheme_split(url: &str) -> Option<(&str, &str, usize)> {
    let mut from = 0;
    let (scheme, after) = loop {
        let colon = from + url.get(from..)?.find(':')?;
        if let Some(after) = url[colon + 1..].strip_prefix("//") {
            break (&url[..colon], after);
        }
        from = colon + 1;
    };
    let end = after
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(after.len());
    Some((scheme, after, end))
}

/// Splits a server URL into scheme, host and port.
pub fn split(server: &str) -> Option<(&str, &str, Option<&str>)> {
    let (scheme, rest, end) = scheme_split(server)?;
    let authority = &rest[..end];
    // Go's URL parser refuses a space or control character in the host
    // (`https://10.0.0.1:6443 ` with a trailing space): no host to name.
    if authority.is_empty() || authority.bytes().any(|b| b <= b' ' || b == 0x7f) {
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

/// How kubectl talks to a `server`, read the way client-go reads it, so that
/// every explanation agrees with the URL rules (KC012, KC013).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// No server at all.
    Missing,
    /// `https://` in any letter case: Go's `url.Parse` lowercases the scheme.
    Tls,
    /// `http://` in any letter case: plain HTTP, and kubectl sends no
    /// credential (client-go's `IsConfigTransportTLS` is false).
    PlainHttp,
    /// No scheme: client-go puts `http://` in front (`DefaultServerURL`).
    NoScheme,
    /// A server kubectl cannot use at all (KC012): white space around it, an
    /// unknown scheme, no host, a port that is no number.
    Unusable,
}

/// The [`Transport`] for `server`, exactly as written (not trimmed: kubectl
/// does not trim it either).
pub fn transport(server: &str) -> Transport {
    use super::rules::server_url_invalid::{problem, split_url};
    use crate::core::finding::Severity;
    if server.is_empty() {
        return Transport::Missing;
    }
    if let Some((_, _, Severity::Error)) = problem(server) {
        let bare = split_url(server).is_none() && server.trim() == server;
        return if bare {
            Transport::NoScheme
        } else {
            Transport::Unusable
        };
    }
    match split_url(server) {
        Some(u) if u.scheme.eq_ignore_ascii_case("http") => Transport::PlainHttp,
        _ => Transport::Tls,
    }
}

/// Why kubectl sends none of the user's credentials to this context's
/// cluster (`None` when the cluster, when it is https, gets them). client-go
/// copies the user's token, certificate, basic auth or exec plugin into the
/// request only for an https URL (`IsConfigTransportTLS` in `ClientConfig`),
/// and a context without its cluster, or a cluster without a server, falls
/// back to http://localhost:8080. kubectl 1.32 under `unshare -n`, `--v=9`:
/// no `Authorization` header and no exec plugin run, in all four cases.
pub fn no_credentials(cluster: Option<&super::model::Cluster>) -> Option<&'static str> {
    let Some(c) = cluster else {
        return Some("http://localhost:8080, the fallback for a missing cluster, is plain HTTP");
    };
    match transport(c.server.as_deref().unwrap_or("")) {
        Transport::Missing => {
            Some("http://localhost:8080, the fallback for a cluster without server, is plain HTTP")
        }
        Transport::PlainHttp => Some("the server is plain HTTP"),
        Transport::NoScheme => Some("the server has no `https://` scheme, so it is plain HTTP"),
        Transport::Tls | Transport::Unusable => None,
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
            let mut parts = head.split('.');
            let mut part = || parts.next();
            if let (Some(id), Some(shard), Some(region), None) = (part(), part(), part(), part()) {
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

/// What a context's cluster is, from its server URL together with the names
/// and extensions the tools that write kubeconfigs leave behind (`aws eks
/// update-kubeconfig` names entries after the cluster ARN, gcloud after
/// `gke_PROJECT_LOCATION_NAME`, kind after `kind-NAME`, minikube adds a
/// `cluster_info` extension).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum Platform {
    Eks {
        id: String,
        shard: String,
        region: String,
        #[cfg_attr(
            any(test, target_arch = "wasm32"),
            serde(with = "crate::core::wire::static_str")
        )]
        partition: crate::core::StaticStr,
        /// From an `arn:aws:eks:REGION:ACCOUNT:cluster/NAME` or eksctl
        /// `NAME.REGION.eksctl.io` entry name.
        name: Option<String>,
        account: Option<String>,
    },
    Gke {
        project: Option<String>,
        location: Option<String>,
        name: Option<String>,
        /// `public IP`, `private IP` or `DNS`.
        #[cfg_attr(
            any(test, target_arch = "wasm32"),
            serde(with = "crate::core::wire::static_str")
        )]
        access: crate::core::StaticStr,
    },
    Aks {
        region: String,
        private: bool,
    },
    Kind {
        name: String,
    },
    Minikube {
        profile: String,
    },
    K3d {
        name: String,
    },
    K3s,
    DockerDesktop,
    RancherDesktop,
    /// Loopback, by no tool eksplain recognises (a tunnel, a port-forward).
    Local,
    /// A private-range IP address.
    PrivateIp,
    /// A public IP address.
    PublicIp,
    /// Some other host name.
    Host {
        host: String,
    },
    Invalid,
    /// No `server` at all (KC011).
    Missing,
}

fn is_ipv4(host: &str) -> bool {
    host.split('.').count() == 4 && host.split('.').all(|o| o.parse::<u8>().is_ok())
}

/// What an EKS cluster's kubeconfig names say: `aws eks update-kubeconfig`
/// names entries by the cluster ARN, eksctl by `[USER@]NAME.REGION.eksctl.io`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EksName {
    pub cluster: String,
    pub region: String,
    /// The account, from an ARN.
    pub account: Option<String>,
}

/// Reads an EKS cluster name, region and account from an ARN
/// (`arn:PARTITION:eks:REGION:ACCOUNT:cluster/NAME`) or an eksctl-style name.
/// The one parser of these names: the platform, the exec checks and the
/// cross-checks all read them here. A cluster name is never empty and has no
/// `/` or `.` (EKS allows letters, digits, `-` and `_`), so a name that would
/// need one is not an EKS name.
pub fn eks_name(name: &str) -> Option<EksName> {
    if let Some(rest) = name.strip_prefix("arn:") {
        // No Vec: this runs for every context of a large kubeconfig.
        let mut parts = rest.splitn(5, ':');
        let mut part = || parts.next();
        let (Some(_), Some("eks"), Some(region), Some(account), Some(resource)) =
            (part(), part(), part(), part(), part())
        else {
            return None;
        };
        let cluster = resource.strip_prefix("cluster/")?;
        return (!cluster.is_empty() && !cluster.contains(['/', '.'])).then(|| EksName {
            cluster: cluster.into(),
            region: region.into(),
            account: Some(account.to_string()).filter(|a| !a.is_empty()),
        });
    }
    let head = name.strip_suffix(".eksctl.io")?;
    let head = head.rsplit_once('@').map_or(head, |(_, h)| h);
    let (cluster, region) = head.rsplit_once('.')?;
    (!cluster.is_empty() && !cluster.contains(['/', '.'])).then(|| EksName {
        cluster: cluster.into(),
        region: region.into(),
        account: None,
    })
}

fn has_minikube_extension(cluster: Option<&super::model::Cluster>) -> bool {
    cluster.is_some_and(|c| {
        c.extensions.iter().any(|e| {
            e.extension
                .as_ref()
                .and_then(|x| x.get("provider"))
                .and_then(|p| p.as_str())
                == Some("minikube.sigs.k8s.io")
        })
    })
}

/// Identifies the cluster behind `server`, named `cluster_name` in the
/// kubeconfig (context and user names are often the same and are not needed).
pub fn identify(
    server: &str,
    cluster_name: &str,
    cluster: Option<&super::model::Cluster>,
) -> Platform {
    identify_classified(server, &classify(server), cluster_name, cluster)
}

/// [`identify`] for a `server` already classified as `endpoint` (the
/// overview needs both, for every cluster of a large kubeconfig).
pub fn identify_classified(
    server: &str,
    endpoint: &Endpoint,
    cluster_name: &str,
    cluster: Option<&super::model::Cluster>,
) -> Platform {
    if server.is_empty() {
        return Platform::Missing;
    }
    let Some((_, host, port)) = split(server) else {
        return Platform::Invalid;
    };
    if let Endpoint::Eks {
        id,
        shard,
        region,
        partition,
    } = endpoint
    {
        let named = eks_name(cluster_name);
        let name = named.as_ref().map(|n| n.cluster.clone());
        let account = named.and_then(|n| n.account);
        return Platform::Eks {
            id: id.clone(),
            shard: shard.clone(),
            region: region.clone(),
            partition,
            name,
            account,
        };
    }
    let host = host.to_ascii_lowercase();
    if let Some(rest) = cluster_name.strip_prefix("gke_") {
        let mut parts = rest.splitn(3, '_');
        let (project, location, name) = (parts.next(), parts.next(), parts.next());
        let access = if host.ends_with(".gke.goog") {
            "DNS"
        } else if is_private_v4(&host) == Some(true) {
            "private IP"
        } else {
            "public IP"
        };
        return Platform::Gke {
            project: project.map(str::to_string),
            location: location.map(str::to_string),
            name: name.map(str::to_string),
            access,
        };
    }
    if host.ends_with(".gke.goog") {
        return Platform::Gke {
            project: None,
            location: None,
            name: None,
            access: "DNS",
        };
    }
    if let Some(head) = host.strip_suffix(".azmk8s.io") {
        let private = head.contains(".privatelink.");
        let region = head.rsplit('.').next().unwrap_or("").to_string();
        return Platform::Aks { region, private };
    }
    if has_minikube_extension(cluster) {
        return Platform::Minikube {
            profile: cluster_name.to_string(),
        };
    }
    let local = classify(server) == Endpoint::Local || host == "host.docker.internal";
    if let Some(name) = cluster_name.strip_prefix("kind-").filter(|_| local) {
        return Platform::Kind {
            name: name.to_string(),
        };
    }
    if let Some(name) = cluster_name.strip_prefix("k3d-") {
        return Platform::K3d {
            name: name.to_string(),
        };
    }
    if cluster_name == "docker-desktop" || host == "kubernetes.docker.internal" {
        return Platform::DockerDesktop;
    }
    if cluster_name == "rancher-desktop" {
        return Platform::RancherDesktop;
    }
    if cluster_name == "minikube" && (local || port == Some("8443")) {
        return Platform::Minikube {
            profile: cluster_name.to_string(),
        };
    }
    if cluster_name == "default" && local && port == Some("6443") {
        return Platform::K3s;
    }
    if local {
        return Platform::Local;
    }
    if is_private_v4(&host) == Some(true) {
        return Platform::PrivateIp;
    }
    if is_ipv4(&host) {
        return Platform::PublicIp;
    }
    Platform::Host { host }
}

impl Platform {
    /// What the server is, in a sentence fragment.
    pub fn describe(&self) -> String {
        match self {
            Platform::Eks { id, shard, region, partition, name, account } => {
                let what = match (name, account) {
                    (Some(n), Some(a)) => format!("the Amazon EKS cluster `{n}` of AWS account {a}"),
                    (Some(n), None) => format!("the Amazon EKS cluster `{n}`"),
                    _ => "an Amazon EKS cluster".to_string(),
                };
                let part = if *partition == "aws" { String::new() } else { format!(", partition {partition}") };
                format!("{what} in {region}{part}: the API endpoint of cluster ID {id} (`{shard}` is an EKS-internal label in the host name)")
            }
            Platform::Gke { project, location, name, access } => {
                let what = match (name, project, location) {
                    (Some(n), Some(p), Some(l)) => format!("the GKE cluster `{n}` of project `{p}` in {l}"),
                    _ => "a GKE cluster".to_string(),
                };
                let how = match *access {
                    "private IP" => "its control plane's private endpoint, reachable only from its VPC or a peered network",
                    "DNS" => "its control plane's DNS-based endpoint",
                    _ => "its control plane's public IP endpoint (gcloud writes the address, not a name)",
                };
                format!("{what}: {how}")
            }
            Platform::Aks { region, private: true } => format!("a private Azure AKS cluster in {region}, reachable only from its virtual network"),
            Platform::Aks { region, .. } => format!("an Azure AKS cluster in {region}"),
            Platform::Kind { name } => format!("the kind cluster `{name}`: a Kubernetes node running in a Docker container on this machine"),
            Platform::Minikube { profile } => format!("the minikube cluster (profile `{profile}`) on this machine: a VM or container that minikube manages"),
            Platform::K3d { name } => format!("the k3d cluster `{name}`: k3s running in Docker on this machine"),
            Platform::K3s => "a k3s server on this machine (k3s writes /etc/rancher/k3s/k3s.yaml with a `default` context)".into(),
            Platform::DockerDesktop => "the Kubernetes cluster built into Docker Desktop".into(),
            Platform::RancherDesktop => "the Kubernetes cluster built into Rancher Desktop".into(),
            Platform::Local => "a port on this machine (a local cluster, a tunnel or a port-forward)".into(),
            Platform::PrivateIp => "a private-network address: a VM, an on-premises cluster, or one reached over a VPN".into(),
            Platform::PublicIp => "a public IP address".into(),
            Platform::Host { host } => format!("the host `{host}`"),
            Platform::Invalid => "not a URL kubectl can use".into(),
            Platform::Missing => "no `server`, so kubectl falls back to http://localhost:8080".into(),
        }
    }

    /// True for clusters that run on the machine kubectl runs on.
    pub fn is_local(&self) -> bool {
        matches!(
            self,
            Platform::Kind { .. }
                | Platform::K3d { .. }
                | Platform::K3s
                | Platform::DockerDesktop
                | Platform::RancherDesktop
                | Platform::Local
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_split_agrees_with_split_once() {
        for url in [
            "https://a.b:443/x?y#z",
            "a:b://c/d",
            "http:/x://y",
            "https://",
            "no-scheme:443",
            "ws://[::1]:80#f",
            "ünï://cödé?q",
            "",
        ] {
            let want = url.split_once("://").map(|(s, a)| {
                let end = a.find(['/', '?', '#']).unwrap_or(a.len());
                (s, a, end)
            });
            assert_eq!(scheme_split(url), want, "{url}");
        }
    }

    #[test]
    fn eks_names_from_arns_and_eksctl_names_and_their_edges() {
        let n = |s: &str| eks_name(s).map(|n| (n.cluster, n.region, n.account));
        let some =
            |c: &str, r: &str, a: Option<&str>| Some((c.into(), r.into(), a.map(Into::into)));
        assert_eq!(
            n("arn:aws:eks:us-west-2:111122223333:cluster/demo"),
            some("demo", "us-west-2", Some("111122223333"))
        );
        assert_eq!(
            n("arn:aws-cn:eks:cn-north-1::cluster/demo"),
            some("demo", "cn-north-1", None)
        );
        assert_eq!(
            n("jane.doe@prod.eu-west-1.eksctl.io"),
            some("prod", "eu-west-1", None)
        );
        assert_eq!(
            n("prod.eu-west-1.eksctl.io"),
            some("prod", "eu-west-1", None)
        );
        for not in [
            "arn:aws:eks:us-west-2:111122223333:cluster/",
            "arn:aws:eks:us-west-2:111122223333:cluster/a/b",
            "arn:aws:eks:us-west-2:111122223333:nodegroup/demo/ng/1",
            "arn:aws:iam::111122223333:role/x",
            // An ARN is never read as an eksctl name, whatever it ends with.
            "arn:aws:iam::111122223333:role/x.us-west-2.eksctl.io",
            "my.prod.eu-west-1.eksctl.io",
            ".eu-west-1.eksctl.io",
            "eksctl.io",
            "kind-kind",
            "arn:",
        ] {
            assert_eq!(n(not), None, "{not}");
        }
    }

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

    #[test]
    fn platforms_are_recognised_from_urls_and_generator_names() {
        let eks = identify(
            "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com",
            "arn:aws:eks:us-west-2:111122223333:cluster/demo",
            None,
        );
        assert!(
            matches!(&eks, Platform::Eks { name: Some(n), account: Some(a), .. } if n == "demo" && a == "111122223333")
        );
        let eksctl = identify(
            "https://ABC.yl4.eu-west-1.eks.amazonaws.com",
            "admin@prod.eu-west-1.eksctl.io",
            None,
        );
        assert!(
            matches!(&eksctl, Platform::Eks { name: Some(n), account: None, .. } if n == "prod")
        );
        assert_eq!(
            identify(
                "https://34.118.23.7",
                "gke_my-proj_europe-west1-b_prod",
                None
            ),
            Platform::Gke {
                project: Some("my-proj".into()),
                location: Some("europe-west1-b".into()),
                name: Some("prod".into()),
                access: "public IP"
            }
        );
        assert_eq!(
            identify("https://127.0.0.1:36767", "kind-kind", None),
            Platform::Kind {
                name: "kind".into()
            }
        );
        assert_eq!(
            identify("https://192.168.49.2:8443", "minikube", None),
            Platform::Minikube {
                profile: "minikube".into()
            }
        );
        assert_eq!(
            identify("https://0.0.0.0:45678", "k3d-dev", None),
            Platform::K3d { name: "dev".into() }
        );
        assert_eq!(
            identify("https://127.0.0.1:6443", "default", None),
            Platform::K3s
        );
        assert_eq!(
            identify(
                "https://kubernetes.docker.internal:6443",
                "docker-desktop",
                None
            ),
            Platform::DockerDesktop
        );
        assert!(matches!(
            identify("https://dev-abc.hcp.westeurope.azmk8s.io:443", "dev", None),
            Platform::Aks { private: false, .. }
        ));
        assert_eq!(
            identify("https://10.1.2.3:6443", "x", None),
            Platform::PrivateIp
        );
        assert_eq!(identify("https://52.1.2.3", "x", None), Platform::PublicIp);
        assert_eq!(
            identify("https://127.0.0.1:8001", "tunnel", None),
            Platform::Local
        );
        assert_eq!(identify("nonsense", "x", None), Platform::Invalid);
        assert_eq!(identify("", "x", None), Platform::Missing);
    }
}
