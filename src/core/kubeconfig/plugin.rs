//! What the well-known exec credential plugins do, for the story of a
//! context: `aws eks get-token`, `aws-iam-authenticator token`,
//! `gke-gcloud-auth-plugin`, Azure `kubelogin` and `kubectl oidc-login`.
//! Any other command is described generically by the caller.

use super::endpoint::Platform;
use super::model::ExecConfig;
use crate::core::exec::plugin;

/// A recognised plugin and what it does, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plugin {
    pub kind: PluginKind,
    /// How it gets the credential (a sentence or two).
    pub how: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PluginKind {
    /// `aws eks get-token` or `aws-iam-authenticator token`.
    AwsIam,
    Gke,
    AzureKubelogin,
    OidcLogin,
}

/// The value of `--flag VALUE` or `--flag=VALUE` (the first of `names`).
fn flag<'a>(args: &'a [String], names: &[&str]) -> Option<&'a str> {
    plugin::flag_value(args, names).map(|(v, _)| v)
}

fn env<'a>(x: &'a ExecConfig, name: &str) -> Option<&'a str> {
    plugin::env(x, name).map(|(v, _)| v)
}

fn aws_how(x: &ExecConfig, tool: &str, cluster: Option<&str>, role: Option<&str>) -> String {
    let args = &x.args;
    let cluster = cluster
        .map(|c| format!("for cluster `{c}` (named in the signed x-k8s-aws-id header)"))
        .unwrap_or_else(|| "without a cluster name, which the API server will reject".into());
    let profile = flag(args, &["--profile"])
        .or_else(|| env(x, "AWS_PROFILE"))
        .map(|p| format!("profile `{p}`"))
        .unwrap_or_else(|| {
            "the default credential chain (AWS_* variables, ~/.aws, SSO, an instance or pod role)"
                .into()
        });
    let (role, calls) = match role {
        Some(r) => (
            format!(", after assuming role {r}"),
            "presigning makes no network call, but assuming the role is an STS call",
        ),
        None => (String::new(), "presigning itself makes no network call"),
    };
    let region = flag(args, &["--region"])
        .or_else(|| env(x, "AWS_REGION"))
        .or_else(|| env(x, "AWS_DEFAULT_REGION"))
        .map(|r| format!(" Region: {r}."))
        .unwrap_or_default();
    format!("`{tool}` presigns an AWS STS GetCallerIdentity request {cluster} with your AWS credentials from {profile}{role}; the token is `k8s-aws-v1.` followed by the presigned URL in base64, valid for 15 minutes, and {calls}.{region}")
}

/// Recognises the plugin `x` runs.
pub fn describe(x: &ExecConfig) -> Option<Plugin> {
    let cmd = plugin::base_name(x.command.as_deref()?);
    let args = &x.args;
    let has = |w: &str| args.iter().any(|a| a == w);
    match cmd {
        "aws" if has("eks") && has("get-token") => Some(Plugin {
            kind: PluginKind::AwsIam,
            how: aws_how(
                x,
                "aws eks get-token",
                flag(args, &["--cluster-name", "--cluster-id"]),
                flag(args, &["--role-arn"]),
            ),
        }),
        "aws-iam-authenticator" if has("token") => Some(Plugin {
            kind: PluginKind::AwsIam,
            how: aws_how(
                x,
                "aws-iam-authenticator token",
                flag(args, &["-i", "--cluster-id"]),
                flag(args, &["-r", "--role"]),
            ),
        }),
        "gke-gcloud-auth-plugin" => Some(Plugin {
            kind: PluginKind::Gke,
            how: "`gke-gcloud-auth-plugin` prints a Google OAuth 2.0 access token from your gcloud login (`gcloud auth login`, or application default credentials), valid for about an hour.".into(),
        }),
        "kubectl" | "kubectl-oidc_login" | "kubelogin"
            if has("oidc-login") || flag(args, &["--oidc-issuer-url"]).is_some() =>
        {
            let issuer = flag(args, &["--oidc-issuer-url"])
                .map(|i| format!(" at {i}"))
                .unwrap_or_default();
            Some(Plugin {
                kind: PluginKind::OidcLogin,
                how: format!("`kubelogin` (kubectl oidc-login) signs you in with OpenID Connect{issuer}, opening a browser when it has no valid token, and caches the ID token under ~/.kube/cache/oidc-login."),
            })
        }
        "kubelogin" => {
            let mode = flag(args, &["--login", "-l"]).unwrap_or("devicecode");
            Some(Plugin {
                kind: PluginKind::AzureKubelogin,
                how: format!("Azure `kubelogin` gets a Microsoft Entra ID token for the AKS API server application (login mode `{mode}`) and caches it between runs."),
            })
        }
        _ => None,
    }
}

impl Plugin {
    /// What the API server does with the credential this plugin returns.
    pub fn server_side(&self, platform: Option<&Platform>) -> String {
        match self.kind {
            PluginKind::AwsIam if matches!(platform, Some(Platform::Eks { .. })) => "EKS hands the token to its authenticator, which calls STS GetCallerIdentity with it and learns the IAM identity that signed it (an assumed role becomes its role ARN, without the role's path). That ARN must be mapped to a Kubernetes user and groups by an EKS access entry or the aws-auth ConfigMap; an unmapped identity gets 401 Unauthorized.".into(),
            PluginKind::AwsIam => "the API server must run aws-iam-authenticator as a token webhook to accept this token (EKS does; this server does not look like EKS): it learns the IAM identity from STS and maps it to a Kubernetes user.".into(),
            PluginKind::Gke => "GKE validates the Google token: the Kubernetes user is your Google account or service account e-mail, and Google Cloud IAM roles (such as roles/container.developer) can allow requests on top of Kubernetes RBAC.".into(),
            PluginKind::AzureKubelogin => "AKS validates the Entra ID token: the user is your Entra identity and groups are Entra group object IDs; with Azure RBAC for Kubernetes, Azure role assignments are consulted as well as Kubernetes RBAC.".into(),
            PluginKind::OidcLogin => "the ID token is checked against the API server's OIDC settings (issuer and client ID); the user name and groups come from its claims, as the cluster is configured.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::exec;

    #[test]
    fn recognises_the_common_plugins() {
        let aws = describe(&exec(
            "aws",
            &[
                "--region",
                "us-west-2",
                "eks",
                "get-token",
                "--cluster-name",
                "demo",
            ],
        ))
        .unwrap();
        assert_eq!(aws.kind, PluginKind::AwsIam);
        assert!(
            aws.how.contains("cluster `demo`") && aws.how.contains("us-west-2"),
            "{}",
            aws.how
        );
        let iam = describe(&exec(
            "/usr/local/bin/aws-iam-authenticator",
            &["token", "-i", "prod", "-r", "arn:aws:iam::1:role/x"],
        ))
        .unwrap();
        assert!(iam.how.contains("`prod`") && iam.how.contains("role arn:aws:iam::1:role/x"));
        assert_eq!(
            describe(&exec("gke-gcloud-auth-plugin", &[])).unwrap().kind,
            PluginKind::Gke
        );
        assert_eq!(
            describe(&exec(
                "kubelogin",
                &["get-token", "--login", "azurecli", "--server-id", "x"]
            ))
            .unwrap()
            .kind,
            PluginKind::AzureKubelogin
        );
        assert_eq!(
            describe(&exec(
                "kubectl",
                &["oidc-login", "get-token", "--oidc-issuer-url=https://i"]
            ))
            .unwrap()
            .kind,
            PluginKind::OidcLogin
        );
        assert_eq!(
            describe(&exec(
                "kubelogin",
                &["get-token", "--oidc-issuer-url", "https://i"]
            ))
            .unwrap()
            .kind,
            PluginKind::OidcLogin
        );
        assert!(describe(&exec("my-plugin", &[])).is_none());
    }
}
