//! Finds the providers and EKS API endpoints in an input: a single ARN or URL,
//! or the output of `aws iam list-open-id-connect-providers`,
//! `aws iam get-open-id-connect-provider`, `aws eks describe-cluster`, or a few
//! pasted lines.

use crate::core::kubeconfig::endpoint::{self, Endpoint};
use crate::core::source::Pos;

/// An EKS API server endpoint found next to the providers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EksEndpoint {
    pub url: String,
    /// The cluster ID in the endpoint's host name (uppercase).
    pub id: String,
    pub region: String,
    pub pos: Pos,
}

/// An EKS cluster ARN found next to the providers (`aws eks describe-cluster`
/// prints one): it names the cluster and its account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterArn {
    pub name: String,
    pub region: String,
    pub account: String,
}

#[derive(Debug, Default)]
pub struct Found {
    /// Provider texts and where each starts.
    pub providers: Vec<(String, Pos)>,
    pub endpoints: Vec<EksEndpoint>,
    pub clusters: Vec<ClusterArn>,
    /// `accessConfig.authenticationMode` of `aws eks describe-cluster` output, and where its value starts.
    pub auth_mode: Option<(String, Pos)>,
}

/// `arn:PARTITION:eks:REGION:ACCOUNT:cluster/NAME`
fn cluster_arn(token: &str) -> Option<ClusterArn> {
    let a = crate::core::oidc::arn::Arn::split(token).ok()?;
    let name = a.resource.text.strip_prefix("cluster/")?;
    (a.service.text == "eks" && !name.is_empty() && !name.contains('/')).then(|| ClusterArn {
        name: name.to_string(),
        region: a.region.text.to_string(),
        account: a.account.text.to_string(),
    })
}

fn ends_token(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ',' | ';' | '|' | ')')
}

/// The length of the token at the start of `rest`: up to a character that ends
/// it, except inside a `{{ … }}` template expression, which may hold spaces.
fn token_len(rest: &str) -> usize {
    let mut in_template = false;
    let mut prev = '\0';
    for (i, c) in rest.char_indices() {
        if !in_template && prev == '{' && c == '{' {
            in_template = true;
        } else if in_template && prev == '}' && c == '}' {
            in_template = false;
        } else if !in_template && ends_token(c) {
            return i;
        }
        prev = c;
    }
    rest.len()
}

fn continues_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '/' | ':' | '_' | '$' | '{' | '<')
}

fn starts_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

enum Candidate {
    Provider,
    Endpoint(EksEndpoint),
    Cluster(ClusterArn),
    Skip,
}

fn classify(token: &str, pos: Pos, lone: bool) -> Candidate {
    if token.starts_with("arn:") {
        if lone || token.contains(":oidc-provider/") {
            return Candidate::Provider;
        }
        return cluster_arn(token).map_or(Candidate::Skip, Candidate::Cluster);
    }
    for scheme in ["https://", "http://"] {
        if starts_ci(token, scheme) {
            let host = &token[scheme.len()..];
            if starts_ci(host, "oidc") {
                return Candidate::Provider;
            }
            if let Endpoint::Eks { id, region, .. } = endpoint::classify(token) {
                return Candidate::Endpoint(EksEndpoint {
                    url: token.to_string(),
                    id,
                    region,
                    pos,
                });
            }
            return if lone {
                Candidate::Provider
            } else {
                Candidate::Skip
            };
        }
    }
    if starts_ci(token, "oidc.") || starts_ci(token, "oidc-eks.") {
        return Candidate::Provider;
    }
    Candidate::Skip
}

/// Scans `text` line by line.
pub fn scan(text: &str) -> Found {
    let mut found = Found::default();
    let nonempty: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .take(10_000)
        .collect();
    let lone = nonempty.len() == 1;
    for &(n, line) in &nonempty {
        let line_no = n as u32 + 1;
        let mut prev: Option<char> = None;
        let mut skip_until = 0;
        for (i, c) in line.char_indices() {
            let boundary = prev.is_none_or(|p| !continues_word(p));
            prev = Some(c);
            if i < skip_until || !boundary {
                continue;
            }
            let rest = &line[i..];
            let starts = rest.starts_with("arn:")
                || starts_ci(rest, "https://")
                || starts_ci(rest, "http://")
                || starts_ci(rest, "oidc.")
                || starts_ci(rest, "oidc-eks.");
            if !starts {
                continue;
            }
            let len = token_len(rest);
            let token = rest[..len].trim_end_matches('.');
            skip_until = i + len;
            let pos = Pos::new(line_no, line[..i].chars().count() as u32 + 1);
            match classify(token, pos, lone) {
                Candidate::Provider => found.providers.push((token.to_string(), pos)),
                Candidate::Endpoint(e) => found.endpoints.push(e),
                Candidate::Cluster(c) => found.clusters.push(c),
                Candidate::Skip => {}
            }
        }
    }
    found.auth_mode = nonempty.iter().find_map(|&(n, line)| {
        let at = line.find("authenticationMode")?;
        let rest = &line[at + "authenticationMode".len()..];
        let rest = rest
            .trim_start_matches('"')
            .trim_start()
            .strip_prefix(':')?;
        let value = rest
            .trim()
            .trim_end_matches(',')
            .trim_matches(|c| c == '"' || c == '\'');
        let col = line.len() - rest.trim_start().len();
        (!value.is_empty()).then(|| {
            let pos = Pos::new(n as u32 + 1, line[..col].chars().count() as u32 + 1);
            (value.to_string(), pos)
        })
    });
    if found.providers.is_empty() && found.endpoints.is_empty() && lone {
        if let Some(&(n, line)) = nonempty.first() {
            let t = line.trim();
            let token = t
                .trim_end_matches(',')
                .trim_matches(|c| c == '"' || c == '\'' || c == '`');
            let lead = line.find(token).unwrap_or(0);
            let pos = Pos::new(n as u32 + 1, line[..lead].chars().count() as u32 + 1);
            if !token.is_empty() {
                found.providers.push((token.to_string(), pos));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_providers_in_cli_output() {
        let text = r#"{
    "OpenIDConnectProviderList": [
        {
            "Arn": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
        },
        {
            "Arn": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
        }
    ]
}"#;
        let f = scan(text);
        assert_eq!(f.providers.len(), 2);
        assert_eq!(f.providers[0].1, Pos::new(4, 21));
        assert!(f.providers[1].0.ends_with("githubusercontent.com"));
    }

    #[test]
    fn finds_endpoints_and_issuers_in_describe_cluster() {
        let text = r#"{"cluster": {"endpoint": "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com",
 "identity": {"oidc": {"issuer": "https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"}},
 "roleArn": "arn:aws:iam::111122223333:role/eks-cluster"}}"#;
        let f = scan(text);
        assert_eq!(f.providers.len(), 1);
        assert_eq!(f.endpoints.len(), 1);
        assert_eq!(f.endpoints[0].region, "us-east-1");
        assert!(f.clusters.is_empty(), "a role ARN is no cluster");
        let f =
            scan("{\n  \"arn\": \"arn:aws:eks:eu-west-1:493827160542:cluster/payments-prod\"\n}");
        assert_eq!(
            f.clusters,
            vec![ClusterArn {
                name: "payments-prod".into(),
                region: "eu-west-1".into(),
                account: "493827160542".into()
            }]
        );
    }

    #[test]
    fn reads_the_authentication_mode_in_json_and_yaml() {
        let f = scan(
            "{\n  \"accessConfig\": {\n    \"authenticationMode\": \"API_AND_CONFIG_MAP\"\n  }\n}",
        );
        assert_eq!(
            f.auth_mode,
            Some(("API_AND_CONFIG_MAP".into(), Pos::new(3, 27)))
        );
        let f = scan("cluster:\n  accessConfig:\n    authenticationMode: CONFIG_MAP\n");
        assert_eq!(f.auth_mode, Some(("CONFIG_MAP".into(), Pos::new(3, 25))));
        assert_eq!(scan("authenticationMode:\n").auth_mode, None);
    }

    #[test]
    fn template_expressions_may_hold_spaces() {
        let f = scan("arn:aws:iam::{{ .Values.accountId }}:oidc-provider/oidc.eks.x.amazonaws.com/id/ID \"rest\"");
        assert_eq!(
            f.providers[0].0,
            "arn:aws:iam::{{ .Values.accountId }}:oidc-provider/oidc.eks.x.amazonaws.com/id/ID"
        );
    }

    #[test]
    fn a_lone_line_is_always_a_candidate() {
        let f = scan("  arn:aws:iam::111122223333:role/app\n");
        assert_eq!(
            f.providers,
            vec![(
                "arn:aws:iam::111122223333:role/app".to_string(),
                Pos::new(1, 3)
            )]
        );
        let f = scan("\"just words\"");
        assert_eq!(f.providers[0].0, "just words");
    }
}
