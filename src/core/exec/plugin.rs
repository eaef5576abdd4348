//! Recognises the exec plugin a kubeconfig user runs and reads its arguments
//! the way the plugin's own flag parser would (`--flag value`, `--flag=value`,
//! short `-i value`).

use crate::core::kubeconfig::model::ExecConfig;
use crate::core::redact::is_secret_name;

/// An argument value and the index of the `args` item it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub value: String,
    pub index: usize,
}

/// The value of the first of `names` in `args` (`--name v`, `--name=v`, `-n v`).
pub fn flag(args: &[String], names: &[&str]) -> Option<Arg> {
    flag_value(args, names).map(|(value, index)| Arg {
        value: value.to_string(),
        index,
    })
}

/// [`flag`], borrowed: the value and the index of the `args` item it is in.
pub fn flag_value<'a>(args: &'a [String], names: &[&str]) -> Option<(&'a str, usize)> {
    for (i, a) in args.iter().enumerate() {
        for n in names {
            if a == n {
                return args.get(i + 1).map(|v| (v.as_str(), i + 1));
            }
            if let Some(v) = a.strip_prefix(n).and_then(|r| r.strip_prefix('=')) {
                return Some((v, i));
            }
        }
    }
    None
}

/// True when one of `names` is present as a switch.
pub fn has(args: &[String], names: &[&str]) -> bool {
    args.iter().any(|a| {
        names
            .iter()
            .any(|n| a == n || a.strip_prefix(n).is_some_and(|r| r.starts_with('=')))
    })
}

/// The value of an env entry of the exec config.
pub fn env<'a>(exec: &'a ExecConfig, name: &str) -> Option<(&'a str, usize)> {
    exec.env.iter().enumerate().find_map(|(i, e)| {
        (e.name.as_deref() == Some(name))
            .then(|| e.value.as_ref().map(|v| (v.expose(), i)))
            .flatten()
    })
}

/// The command's file name without directories or `.exe`.
pub fn base_name(command: &str) -> &str {
    let name = command.rsplit(['/', '\\']).next().unwrap_or(command);
    name.strip_suffix(".exe").unwrap_or(name)
}

/// `aws eks get-token` options.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AwsCli {
    pub cluster_name: Option<Arg>,
    /// `--cluster-id`: EKS local clusters on AWS Outposts.
    pub cluster_id: Option<Arg>,
    pub region: Option<Arg>,
    pub role_arn: Option<Arg>,
    pub profile: Option<Arg>,
    pub output: Option<Arg>,
    pub query: Option<Arg>,
}

/// `aws-iam-authenticator token` options.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Authenticator {
    pub cluster_id: Option<Arg>,
    pub role: Option<Arg>,
    pub region: Option<Arg>,
    pub session_name: Option<Arg>,
    pub token_only: bool,
    pub cache: bool,
    pub forward_session_name: bool,
}

/// Azure `kubelogin get-token` options.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AzureKubelogin {
    pub login: Option<Arg>,
    pub server_id: Option<Arg>,
    pub client_id: Option<Arg>,
    pub tenant_id: Option<Arg>,
    pub environment: Option<Arg>,
}

/// int128/kubelogin (`kubectl oidc-login get-token`) options.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OidcLogin {
    pub issuer: Option<Arg>,
    pub client_id: Option<Arg>,
    pub has_client_secret: bool,
    pub scopes: Vec<String>,
    pub grant_type: Option<Arg>,
}

/// The plugins eksplain knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plugin {
    AwsEksGetToken(AwsCli),
    AwsIamAuthenticator(Authenticator),
    GkeGcloudAuth,
    AzureKubelogin(AzureKubelogin),
    OidcLogin(OidcLogin),
    Generic,
}

impl Plugin {
    pub fn name(&self) -> &'static str {
        match self {
            Plugin::AwsEksGetToken(_) => "aws eks get-token (AWS CLI)",
            Plugin::AwsIamAuthenticator(_) => "aws-iam-authenticator",
            Plugin::GkeGcloudAuth => "gke-gcloud-auth-plugin (Google Cloud)",
            Plugin::AzureKubelogin(_) => "kubelogin (Azure, Entra ID)",
            Plugin::OidcLogin(_) => "kubelogin / kubectl oidc-login (OIDC, int128)",
            Plugin::Generic => "an exec credential plugin",
        }
    }

    /// True for the plugins that make EKS tokens.
    pub fn is_aws(&self) -> bool {
        matches!(
            self,
            Plugin::AwsEksGetToken(_) | Plugin::AwsIamAuthenticator(_)
        )
    }

    /// The cluster name the plugin signs into the token, and its arg.
    pub fn cluster_name(&self) -> Option<&Arg> {
        match self {
            Plugin::AwsEksGetToken(a) => a.cluster_name.as_ref().or(a.cluster_id.as_ref()),
            Plugin::AwsIamAuthenticator(a) => a.cluster_id.as_ref(),
            _ => None,
        }
    }

    /// The region the plugin signs in, when an arg says.
    pub fn region_arg(&self) -> Option<&Arg> {
        match self {
            Plugin::AwsEksGetToken(a) => a.region.as_ref(),
            Plugin::AwsIamAuthenticator(a) => a.region.as_ref(),
            _ => None,
        }
    }
}

/// Recognises the plugin of an exec config.
pub fn recognise(exec: &ExecConfig) -> Plugin {
    let cmd = exec.command.as_deref().unwrap_or("");
    let args = &exec.args;
    let has_word = |w: &str| args.iter().any(|a| a == w);
    match base_name(cmd) {
        "aws" if has_word("eks") && has_word("get-token") => Plugin::AwsEksGetToken(AwsCli {
            cluster_name: flag(args, &["--cluster-name"]),
            cluster_id: flag(args, &["--cluster-id"]),
            region: flag(args, &["--region"]),
            role_arn: flag(args, &["--role-arn"]),
            profile: flag(args, &["--profile"]),
            output: flag(args, &["--output"]),
            query: flag(args, &["--query"]),
        }),
        "aws-iam-authenticator" | "heptio-authenticator-aws" if has_word("token") => {
            Plugin::AwsIamAuthenticator(Authenticator {
                cluster_id: flag(args, &["--cluster-id", "-i"]),
                role: flag(args, &["--role", "-r"]),
                region: flag(args, &["--region"]),
                session_name: flag(args, &["--session-name", "-s"]),
                token_only: has(args, &["--token-only"]),
                cache: has(args, &["--cache"]),
                forward_session_name: has(args, &["--forward-session-name"]),
            })
        }
        "gke-gcloud-auth-plugin" => Plugin::GkeGcloudAuth,
        "kubectl" if args.first().map(String::as_str) == Some("oidc-login") => oidc(args),
        "kubectl-oidc_login" => oidc(args),
        "kubelogin" if has(args, &["--oidc-issuer-url"]) => oidc(args),
        "kubelogin" => Plugin::AzureKubelogin(AzureKubelogin {
            login: flag(args, &["--login", "-l"]),
            server_id: flag(args, &["--server-id"]),
            client_id: flag(args, &["--client-id"]),
            tenant_id: flag(args, &["--tenant-id", "-t"]),
            environment: flag(args, &["--environment", "-e"]),
        }),
        _ => Plugin::Generic,
    }
}

fn oidc(args: &[String]) -> Plugin {
    let scopes = args
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            a.strip_prefix("--oidc-extra-scope=")
                .map(str::to_string)
                .or_else(|| {
                    (a == "--oidc-extra-scope")
                        .then(|| args.get(i + 1).cloned())
                        .flatten()
                })
        })
        .collect();
    Plugin::OidcLogin(OidcLogin {
        issuer: flag(args, &["--oidc-issuer-url"]),
        client_id: flag(args, &["--oidc-client-id"]),
        has_client_secret: has(args, &["--oidc-client-secret"]),
        scopes,
        grant_type: flag(args, &["--grant-type"]),
    })
}

/// Flag names whose value is a credential.
fn secret_flag(flag: &str) -> bool {
    let f = flag.trim_start_matches('-').to_ascii_lowercase();
    // Switches and paths that merely mention a token (`--token-only`,
    // `--token-cache-dir`) are not credentials.
    let harmless = ["-only", "-dir", "-file", "-path", "-type", "-cache"]
        .iter()
        .any(|s| f.ends_with(s));
    !f.is_empty() && !harmless && (is_secret_name(&f.replace('-', "_")) || f == "password")
}

/// The args with credential values replaced by `[REDACTED]`: values of
/// secret-looking flags (`--client-secret x`, `--oidc-client-secret=x`), and
/// anything shaped like a token.
pub fn redacted_args(args: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(args.len());
    let mut hide_next = false;
    for a in args {
        if hide_next {
            out.push("[REDACTED]".to_string());
            hide_next = false;
            continue;
        }
        if a.starts_with("k8s-aws-v1.") || (a.starts_with("eyJ") && a.matches('.').count() == 2) {
            out.push("[REDACTED]".to_string());
            continue;
        }
        if a.starts_with('-') {
            match a.split_once('=') {
                Some((f, _)) if secret_flag(f) => {
                    out.push(format!("{f}=[REDACTED]"));
                    continue;
                }
                None if secret_flag(a) => hide_next = true,
                _ => {}
            }
        }
        out.push(a.clone());
    }
    out
}

/// Quotes an argument for a POSIX shell when it needs it.
pub fn shell_quote(a: &str) -> String {
    if !a.is_empty()
        && a.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | '@' | ',' | '+' | '%')
        })
    {
        a.to_string()
    } else {
        format!("'{}'", a.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::exec;

    #[test]
    fn reads_aws_cli_flags_in_both_forms_and_any_order() {
        let p = recognise(&exec(
            "aws",
            &[
                "--region",
                "us-west-2",
                "eks",
                "get-token",
                "--cluster-name=demo",
            ],
        ));
        let Plugin::AwsEksGetToken(a) = p else {
            panic!()
        };
        assert_eq!(a.region.unwrap().value, "us-west-2");
        assert_eq!(
            a.cluster_name.unwrap(),
            Arg {
                value: "demo".into(),
                index: 4
            }
        );
    }

    #[test]
    fn tells_the_two_kubelogins_apart() {
        assert!(matches!(
            recognise(&exec(
                "kubelogin",
                &[
                    "get-token",
                    "--login",
                    "azurecli",
                    "--server-id",
                    "6dae42f8"
                ]
            )),
            Plugin::AzureKubelogin(_)
        ));
        assert!(matches!(
            recognise(&exec(
                "kubelogin",
                &["get-token", "--oidc-issuer-url=https://issuer"]
            )),
            Plugin::OidcLogin(_)
        ));
        assert!(matches!(
            recognise(&exec("kubectl", &["oidc-login", "get-token"])),
            Plugin::OidcLogin(_)
        ));
        assert!(matches!(
            recognise(&exec(
                "/usr/local/bin/aws-iam-authenticator",
                &["token", "-i", "demo"]
            )),
            Plugin::AwsIamAuthenticator(_)
        ));
        assert_eq!(recognise(&exec("my-helper", &[])), Plugin::Generic);
    }

    #[test]
    fn redacts_secret_flag_values_and_tokens() {
        let a: Vec<String> = [
            "get-token",
            "--oidc-client-secret=s3cr3t",
            "--client-secret",
            "hunter2",
            "--token",
            "k8s-aws-v1.abc",
            "--login",
            "spn",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let r = redacted_args(&a).join(" ");
        assert!(
            !r.contains("s3cr3t") && !r.contains("hunter2") && !r.contains("abc"),
            "{r}"
        );
        assert!(r.contains("--login spn"), "{r}");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
