//! The explanation of OIDC providers: each one taken apart, written the three
//! ways IRSA needs it (issuer URL, IAM provider ARN, condition-key prefix), and
//! the AWS CLI commands that show what the account really has.

use super::parse::{Form, HostKind, ProviderParse};
use super::provider::Canonical;
use super::scan::{ClusterArn, EksEndpoint};
use crate::core::source::Pos;

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Overview {
    pub providers: Vec<ProviderView>,
    pub endpoints: Vec<EndpointView>,
    /// `accessConfig.authenticationMode` from `aws eks describe-cluster`, and where it is.
    #[cfg_attr(any(test, target_arch = "wasm32"), serde(default))]
    pub auth_mode: Option<(String, Pos)>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct ProviderView {
    /// The provider as written.
    pub written: String,
    pub pos: Pos,
    /// "IAM OIDC provider ARN", "issuer URL", …
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub form: crate::core::StaticStr,
    pub partition: Option<String>,
    pub account: Option<String>,
    pub region: Option<String>,
    pub id: Option<String>,
    pub host: String,
    /// What the host is, in words.
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub host_note: crate::core::StaticStr,
    /// The correct forms, when host, region and ID could be read. Without an
    /// account in the input, the account of a cluster ARN in the same region is used.
    pub canonical: Option<Canonical>,
    /// The cluster's name, when the input names it (a cluster ARN in the same region).
    pub cluster: Option<String>,
    /// True when the ARN's account was taken from the cluster ARN.
    pub account_from_cluster: bool,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct EndpointView {
    pub url: String,
    pub id: String,
    pub region: String,
    pub pos: Pos,
    /// The index of the provider with the same OIDC ID, if any.
    pub provider: Option<usize>,
}

fn form_name(f: Form) -> &'static str {
    match f {
        Form::Arn => "IAM OIDC provider ARN",
        Form::IssuerUrl => "issuer URL",
        Form::HostPath => "issuer host and path (IAM provider URL)",
        Form::ConditionKey => "trust-policy condition key",
    }
}

fn host_note(p: &ProviderParse) -> &'static str {
    match p.host_kind {
        HostKind::Classic => "the EKS issuer host written into service-account tokens",
        HostKind::DualStack => {
            "the dual-stack (IPv4 + IPv6) name of the EKS issuer; tokens still carry the classic `oidc.eks.…` host"
        }
        HostKind::Misshapen => "meant as an EKS issuer host, but misspelt",
        HostKind::Other => "not an EKS issuer: a self-managed or third-party OpenID Connect provider",
    }
}

pub fn build(
    providers: &[ProviderParse],
    endpoints: &[EksEndpoint],
    clusters: &[ClusterArn],
    auth_mode: Option<(String, Pos)>,
) -> Overview {
    let cluster_for = |p: &ProviderParse| {
        let region = p.region()?;
        let mut same = clusters
            .iter()
            .filter(|c| c.region.eq_ignore_ascii_case(region));
        match (same.next(), same.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    };
    Overview {
        providers: providers
            .iter()
            .map(|p| {
                let cluster = cluster_for(p);
                let mut canonical = p.canonical();
                let mut account_from_cluster = false;
                if let (Some(c), Some(cl)) = (canonical.as_mut(), cluster) {
                    if c.account.is_none() {
                        c.account = Some(cl.account.clone());
                        account_from_cluster = true;
                    }
                }
                ProviderView {
                    written: p.text.clone(),
                    pos: p.origin,
                    form: form_name(p.form),
                    partition: p
                        .arn
                        .as_ref()
                        .map(|a| a.partition.text.clone())
                        .or_else(|| p.partition().map(|x| x.id().to_string())),
                    account: p.account().map(str::to_string),
                    region: p.region().map(str::to_string),
                    id: p.id().map(str::to_string),
                    host: p.host().to_string(),
                    host_note: host_note(p),
                    canonical,
                    cluster: cluster.map(|c| c.name.clone()),
                    account_from_cluster,
                }
            })
            .collect(),
        endpoints: endpoints
            .iter()
            .map(|e| EndpointView {
                url: e.url.clone(),
                id: e.id.clone(),
                region: e.region.clone(),
                pos: e.pos,
                provider: providers.iter().position(|p| {
                    p.is_eks() && p.id().is_some_and(|id| id.eq_ignore_ascii_case(&e.id))
                }),
            })
            .collect(),
        auth_mode,
    }
}

/// What an authentication mode is about.
pub const AUTH_MODE_SCOPE: &str = "It decides how IAM principals (people, nodes) reach the Kubernetes API; IRSA does not depend on it.";

/// Which store of IAM principal mappings an EKS authentication mode reads
/// (EKS user guide, "Change authentication mode to use access entries").
pub fn auth_mode_note(mode: &str) -> &'static str {
    match mode {
        "CONFIG_MAP" => "IAM users and roles are mapped by the aws-auth ConfigMap only; access entries are not used",
        "API_AND_CONFIG_MAP" => "IAM users and roles are mapped by access entries first, then by the aws-auth ConfigMap",
        "API" => "IAM users and roles are mapped by access entries only; the aws-auth ConfigMap is ignored",
        _ => "not a mode EKS has (CONFIG_MAP, API_AND_CONFIG_MAP or API)",
    }
}

fn row(out: &mut String, label: &str, value: &str) {
    out.push_str(&format!("  {label:<10} {value}\n"));
}

impl ProviderView {
    fn to_text(&self, out: &mut String) {
        out.push_str(&format!(
            "{} (line {}):\n  {}\n",
            self.form, self.pos.line, self.written
        ));
        if let Some(p) = &self.partition {
            let name = super::Partition::from_id(p)
                .map(|x| x.name())
                .unwrap_or("unknown partition");
            row(out, "partition", &format!("{p} ({name})"));
        }
        if let Some(a) = &self.account {
            row(out, "account", a);
        }
        row(out, "host", &format!("{} — {}", self.host, self.host_note));
        if let Some(r) = &self.region {
            row(out, "region", r);
        }
        if let Some(i) = &self.id {
            row(out, "OIDC ID", i);
        }
        let Some(c) = &self.canonical else {
            out.push('\n');
            return;
        };
        out.push_str("\n  The same provider, written each way IRSA needs it:\n");
        out.push_str(&format!(
            "    issuer URL (token `iss`, describe-cluster)   {}\n",
            c.issuer()
        ));
        out.push_str(&format!(
            "    IAM provider ARN (trust policy `Federated`)  {}\n",
            c.arn().unwrap_or_else(|| c.arn_with_account("ACCOUNT_ID"))
        ));
        out.push_str(&format!(
            "    condition keys (trust policy `Condition`)    {0}:sub, {0}:aud\n",
            c.key_prefix()
        ));
        if self.account_from_cluster {
            out.push_str("    (the ARN uses the cluster's account; a role in another account needs the provider registered there, with that account's ID)\n");
        }
        let region = self
            .region
            .as_deref()
            .filter(|r| super::partition::is_region_shaped(r))
            .map(|r| format!(" --region {r}"))
            .unwrap_or_default();
        let name = self.cluster.as_deref().unwrap_or("CLUSTER");
        out.push_str("\n  Compare with what the account has:\n");
        out.push_str(&format!(
            "    aws eks describe-cluster --name {name}{region} --query cluster.identity.oidc.issuer --output text\n"
        ));
        out.push_str(&format!(
            "    aws iam list-open-id-connect-providers --query \"OpenIDConnectProviderList[?ends_with(Arn, '/id/{}')]\"\n",
            c.id
        ));
        out.push('\n');
    }
}

impl Overview {
    /// The explanation as plain text, as `eksplain explain` prints it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.providers.is_empty() {
            out.push_str("No OIDC provider could be read from the input.\n");
        }
        for p in &self.providers {
            p.to_text(&mut out);
        }
        if let Some((mode, pos)) = &self.auth_mode {
            out.push_str(&format!(
                "Cluster authentication mode (line {}): {mode} — {}.\n  {AUTH_MODE_SCOPE}\n\n",
                pos.line,
                auth_mode_note(mode)
            ));
        }
        if !self.endpoints.is_empty() {
            out.push_str("EKS API endpoints:\n");
            for e in &self.endpoints {
                let owner = match e.provider.and_then(|i| self.providers.get(i)) {
                    Some(p) => format!("the OIDC ID of the provider on line {}", p.pos.line),
                    None => "no provider here has this ID".to_string(),
                };
                out.push_str(&format!(
                    "  {} (line {}) — cluster ID {}, region {}: {owner}\n",
                    e.url, e.pos.line, e.id, e.region
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::core::registry::DOC_NOW;
    use crate::core::render::explanation_text;
    use crate::core::report::{analyze, Options};

    fn explained(text: &str) -> String {
        explanation_text(&analyze(text, &Options { now: Some(DOC_NOW) }))
    }

    #[test]
    fn says_which_mappings_the_authentication_mode_reads() {
        let json = "{\n  \"cluster\": {\n    \"identity\": {\"oidc\": {\"issuer\": \"https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\"}},\n    \"accessConfig\": {\n      \"authenticationMode\": \"API\"\n    }\n  }\n}\n";
        assert!(explained(json).contains("Cluster authentication mode (line 5): API — IAM users and roles are mapped by access entries only; the aws-auth ConfigMap is ignored.\n"));
        let yaml = "cluster:\n  accessConfig:\n    authenticationMode: CONFIG_MAP\n  identity:\n    oidc:\n      issuer: https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n";
        assert!(explained(yaml).contains("Cluster authentication mode (line 3): CONFIG_MAP — IAM users and roles are mapped by the aws-auth ConfigMap only; access entries are not used.\n"));
        let both = yaml.replace("CONFIG_MAP", "API_AND_CONFIG_MAP");
        assert!(explained(&both).contains("API_AND_CONFIG_MAP — IAM users and roles are mapped by access entries first, then by the aws-auth ConfigMap."));
        assert!(!explained(
            "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n"
        )
        .contains("authentication mode"));
    }
}
