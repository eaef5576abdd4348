use super::prelude::*;
use crate::core::kubeconfig::endpoint::{self, Endpoint};
use crate::core::kubeconfig::secrets::{CredentialKind, JwtFacts};
use crate::core::time::{format_rfc3339, relative};
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC062",
    name: "credential-in-kubeconfig",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::Kubeconfig,
    summary: "The kubeconfig stores a credential: a token, password, private key, OIDC token or secret env value.",
    what: "Lists every credential stored in the file itself: `token`, `password`, `client-key-data`, the \
           auth-provider's `id-token`, `refresh-token`, `access-token` and `client-secret`, and exec `env` values \
           named like secrets (`AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, anything with TOKEN, SECRET or \
           PASSWORD in its name). Each finding says what the credential grants and for how long. Short-lived \
           ones, and private keys used only for clusters on this machine, are informational.",
    why: "Whoever holds a kubeconfig with a stored credential can use the cluster as that identity, from \
          anywhere, for as long as the credential lives: a legacy service-account token never expires, and a \
          client certificate cannot be revoked short of rotating the cluster CA. AWS keys in `env` grant \
          everything the AWS identity may do, not just this cluster. Such a file is a secret: it must not be \
          committed, attached to tickets or pasted into chat.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://prod.example.com:6443\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: ci\nusers:\n- name: ci\n  user:\n    token: 3f9a1c0e7b2d4e6f8a1b3c5d7e9f0a2b\ncurrent-context: prod\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://prod.example.com:6443\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: ci\nusers:\n- name: ci\n  user:\n    tokenFile: /var/run/secrets/ci/token\ncurrent-context: prod\n",
    fix_summary: "Prefer credentials that expire and live outside the file (an exec plugin, OIDC, `tokenFile`); keep this file private and rotate anything that leaked.",
};

/// Users whose every context talks to a cluster on this machine (kind,
/// minikube with the docker driver, k3d): their keys matter less.
fn local_only_users<'a>(cx: &Cx<'a>) -> HashMap<&'a str, bool> {
    let local: HashMap<&str, bool> = cx
        .config
        .clusters
        .iter()
        .filter_map(|c| {
            let server = c.cluster.as_ref()?.server.as_deref().unwrap_or("");
            Some((
                c.name.as_deref()?,
                endpoint::classify(server) == Endpoint::Local,
            ))
        })
        .collect();
    let mut users: HashMap<&str, bool> = HashMap::new();
    for ctx in cx.config.contexts.iter().filter_map(|c| c.context.as_ref()) {
        let Some(user) = ctx.user.as_deref() else {
            continue;
        };
        let is_local = ctx
            .cluster
            .as_deref()
            .and_then(|c| local.get(c))
            .copied()
            .unwrap_or(false);
        let e = users.entry(user).or_insert(true);
        *e &= is_local;
    }
    users
}

fn token_message(user: &str, facts: Option<&JwtFacts>, now: Option<i64>) -> String {
    let Some(f) = facts else {
        return format!("User `{user}` stores a static bearer token. Whoever has this file can call the API as that identity, with everything RBAC grants it, until the token is revoked: the file itself is a credential.");
    };
    if let (Some(signed), Some(exp)) = (f.eks_signed, f.expires) {
        let life = match now {
            Some(now) if exp <= now => format!(
                "it expired {} ({}), so kubectl gets `401 Unauthorized` with it",
                relative(exp, now),
                format_rfc3339(exp)
            ),
            Some(now) => format!(
                "until {} ({}) whoever has this file can act as the AWS identity that signed it",
                format_rfc3339(exp),
                relative(exp, now)
            ),
            None => format!(
                "until {} whoever has this file can act as the AWS identity that signed it",
                format_rfc3339(exp)
            ),
        };
        return format!(
            "User `{user}` stores an EKS token (`k8s-aws-v1.…`, signed at {}). STS accepts it for 15 minutes after signing: {life}.",
            format_rfc3339(signed)
        );
    }
    let who = f
        .subject
        .as_deref()
        .map(|s| format!(" for `{s}`"))
        .unwrap_or_default();
    if f.legacy_service_account {
        return format!("User `{user}` stores a legacy service-account token{who} that never expires. Whoever has this file can act as that service account, with everything RBAC grants it, until the token's Secret is deleted: the file itself is a credential.");
    }
    let by = f
        .issuer
        .as_deref()
        .map(|i| format!(" issued by `{i}`"))
        .unwrap_or_default();
    let life = match (f.expires, now) {
        (Some(exp), Some(now)) if exp <= now => format!(
            " It expired {} ({}), so kubectl gets `401 Unauthorized` with it.",
            relative(exp, now),
            format_rfc3339(exp)
        ),
        (Some(exp), Some(now)) => format!(
            " It expires {} ({}); until then whoever has this file can act as that identity.",
            relative(exp, now),
            format_rfc3339(exp)
        ),
        (Some(exp), None) => format!(
            " It expires at {}; until then whoever has this file can act as that identity.",
            format_rfc3339(exp)
        ),
        (None, _) => " It has no expiry: whoever has this file can act as that identity until the token is revoked.".into(),
    };
    format!("User `{user}` stores a bearer token (a JWT{who}{by}).{life} The file itself is a credential.")
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let inventory = cx.credentials();
    if inventory.is_empty() {
        return;
    }
    let local = local_only_users(cx);
    for c in inventory {
        // AWS keys in exec env are reported by the more specific EXE005.
        if matches!(&c.kind, CredentialKind::Env { name } if name == "AWS_SECRET_ACCESS_KEY" || name == "AWS_SESSION_TOKEN")
        {
            continue;
        }
        let nu = &cx.config.users[c.user];
        let user = nu.name.as_deref().unwrap_or("(unnamed)");
        let u = nu.user.as_ref();
        let (severity, message, help) = match &c.kind {
            CredentialKind::Token(facts) if facts.as_ref().is_some_and(|f| f.eks_signed.is_some()) => (
                Severity::Warning,
                token_message(user, facts.as_ref(), cx.opts.now),
                "Let kubectl run the exec plugin instead of storing its output (`aws eks update-kubeconfig --name CLUSTER` writes it): every command then gets a fresh token. A leaked EKS token cannot be revoked, but it is dead 15 minutes after signing.".to_string(),
            ),
            CredentialKind::Token(facts) => (
                Severity::Warning,
                token_message(user, facts.as_ref(), cx.opts.now),
                "Prefer credentials that expire: an exec plugin (`aws eks get-token`, `gke-gcloud-auth-plugin`, `kubelogin`) or a bound token (`kubectl create token NAME --duration=1h`). Keep this file out of repositories, tickets and chat; revoke the token if it leaked.".to_string(),
            ),
            CredentialKind::Password => {
                let who = u
                    .and_then(|u| u.username.as_deref())
                    .map(|n| format!(" for `{n}`"))
                    .unwrap_or_default();
                (
                    Severity::Warning,
                    format!("User `{user}` stores a basic-auth password{who} in clear text. The API server dropped basic authentication in Kubernetes 1.19, so it only works through a proxy that accepts it; either way the file itself is a credential."),
                    "Use a client certificate, OIDC or an exec plugin instead, and change the password if the file was shared.".to_string(),
                )
            }
            CredentialKind::ClientKey => {
                let only_local = local.get(user).copied().unwrap_or(false);
                let mut message = format!("User `{user}` embeds the private key of its client certificate. With the certificate it authenticates as the certificate's subject (CN = user name, O = groups) until the certificate expires; Kubernetes cannot revoke a client certificate short of rotating the cluster CA, so this file is a long-lived credential.");
                if only_local {
                    message.push_str(" Only clusters on this machine use it (as kind, minikube and k3d set them up), so it is informational.");
                }
                (
                    if only_local { Severity::Info } else { Severity::Warning },
                    message,
                    "Keep the file private (`chmod 600`). For shared clusters prefer an exec plugin or OIDC, whose credentials expire and can be revoked.".to_string(),
                )
            }
            CredentialKind::AuthProvider { key } => {
                let provider = u
                    .and_then(|u| u.auth_provider.as_ref())
                    .and_then(|p| p.name.as_deref())
                    .unwrap_or("?");
                let (severity, what) = match key.as_str() {
                    "id-token" => (Severity::Info, "an ID token, short-lived (usually an hour) and refreshed by kubectl".to_string()),
                    "access-token" => (Severity::Info, "an access token, short-lived (usually an hour)".to_string()),
                    "refresh-token" => (Severity::Warning, "a refresh token, which gets new tokens from the identity provider until it is revoked there".to_string()),
                    "client-secret" => (Severity::Warning, "the OAuth client secret of the login application".to_string()),
                    other => (Severity::Warning, format!("`{other}`, named like a secret")),
                };
                (
                    severity,
                    format!("User `{user}` stores `{key}` in its `{provider}` auth-provider config: {what}. Whoever has this file can use it: the file itself is a credential."),
                    "Use the exec-plugin form of the login tool (e.g. `kubectl oidc-login get-token`, `kubelogin`), which keeps tokens in its own cache rather than in the kubeconfig.".to_string(),
                )
            }
            CredentialKind::Env { name } => {
                let env_names: Vec<&str> = u
                    .and_then(|u| u.exec.as_ref())
                    .map(|x| x.env.iter().filter_map(|e| e.name.as_deref()).collect())
                    .unwrap_or_default();
                let temporary = env_names.contains(&"AWS_SESSION_TOKEN");
                let (severity, what) = match name.to_ascii_uppercase().as_str() {
                    "AWS_SECRET_ACCESS_KEY" if temporary => (Severity::Warning, "an AWS secret access key of temporary credentials (there is an AWS_SESSION_TOKEN too): they grant everything that AWS identity may do, not just this cluster, and expire within hours, after which kubectl fails".to_string()),
                    "AWS_SECRET_ACCESS_KEY" => (Severity::Warning, "a long-term AWS secret access key: it grants everything that AWS identity may do in the account, not just this cluster, until the key is deactivated in IAM".to_string()),
                    "AWS_SESSION_TOKEN" => (Severity::Info, "an AWS session token of temporary credentials, which expire within hours".to_string()),
                    _ => (Severity::Warning, "a value named like a secret".to_string()),
                };
                (
                    severity,
                    format!("User `{user}`'s exec plugin gets `{name}` from this file: {what}. The file itself is a credential."),
                    if name.to_ascii_uppercase().starts_with("AWS_") {
                        "Remove the keys from the kubeconfig and use an AWS profile (`AWS_PROFILE` with IAM Identity Center or a role); rotate the key if the file was ever shared.".to_string()
                    } else {
                        "Let the plugin read the secret from its own store or from the environment kubectl runs in, not from the kubeconfig.".to_string()
                    },
                )
            }
            CredentialKind::Arg { .. } => continue,
        };
        sink.report(&RULE, c.path.clone(), message)
            .with_severity(severity)
            .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_the_token_line() {
        assert_eq!(lines_of("KC062", super::RULE.example), vec![15]);
    }

    #[test]
    fn quiet_for_a_token_file() {
        assert!(lines_of("KC062", super::RULE.fixed).is_empty());
    }

    #[test]
    fn keys_of_local_clusters_are_informational() {
        let kind = "clusters:\n- name: kind-kind\n  cluster:\n    server: https://127.0.0.1:40123\ncontexts:\n- name: kind-kind\n  context:\n    cluster: kind-kind\n    user: kind-kind\nusers:\n- name: kind-kind\n  user:\n    client-certificate-data: LS0t\n    client-key-data: LS0t\n";
        assert!(findings(kind).contains(&("KC062", Some(14), "info")));
        let remote = kind.replace("127.0.0.1:40123", "k8s.example.com");
        assert!(findings(&remote).contains(&("KC062", Some(14), "warning")));
    }

    #[test]
    fn messages_never_carry_the_secret() {
        let text = "users:\n- name: a\n  user:\n    password: hunter2-s3cr3t\n    username: admin\n    exec:\n      command: x\n      env:\n      - name: AWS_SECRET_ACCESS_KEY\n        value: wJalr-s3cr3t\n";
        let (f, _) = crate::core::kubeconfig::analyze(text, &Default::default());
        assert_eq!(f.iter().filter(|f| f.code() == "KC062").count(), 1);
        assert_eq!(f.iter().filter(|f| f.code() == "EXE005").count(), 1);
        for f in &f {
            assert!(
                !f.message.contains("s3cr3t") && !f.help.contains("s3cr3t"),
                "{f:?}"
            );
        }
    }

    /// `aws eks get-token` output pasted into `token:` (a CI job's shortcut):
    /// the message says when STS stops accepting it, not "until revoked".
    #[test]
    fn a_stored_eks_token_says_when_it_dies() {
        let token = include_str!("../../../../tests/fixtures/token/get-token-us-west-2.token");
        let text = format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://ABC.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: ci\ncurrent-context: c\nusers:\n- name: ci\n  user:\n    token: {}\n",
            token.trim()
        );
        let at = |now: &str| {
            let opts = crate::core::report::Options {
                now: crate::core::time::parse_rfc3339(now),
            };
            let (f, _) = crate::core::kubeconfig::analyze(&text, &opts);
            let f = f.into_iter().find(|f| f.code() == "KC062").unwrap();
            assert!(!f.message.contains(token.trim()) && !f.help.contains(token.trim()));
            (f.message, f.help)
        };
        let (message, help) = at("2026-11-26T10:00:00Z");
        assert_eq!(
            message,
            "User `ci` stores an EKS token (`k8s-aws-v1.…`, signed at 2026-11-25T19:28:16Z). STS accepts it \
             for 15 minutes after signing: it expired 14 hours ago (2026-11-25T19:43:16Z), so kubectl gets \
             `401 Unauthorized` with it."
        );
        assert!(
            help.contains("cannot be revoked, but it is dead 15 minutes after signing"),
            "{help}"
        );
        let (message, _) = at("2026-11-25T19:30:16Z");
        assert!(
            message.ends_with("until 2026-11-25T19:43:16Z (in 13 minutes) whoever has this file can act as the AWS identity that signed it."),
            "{message}"
        );
    }
}
