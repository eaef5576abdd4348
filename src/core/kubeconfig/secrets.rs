//! The inventory of credentials a kubeconfig holds: static tokens,
//! passwords, private keys, auth-provider tokens and client secrets, secrets
//! in exec plugin environment variables and on exec command lines. Rules
//! KC062 and KC063 report them; nothing here keeps or returns a secret value,
//! only where it is and what kind it is.

use super::model::{AuthInfo, Config};
use crate::core::redact::{self, ArgSecret};
use crate::core::source::Path;
use crate::core::UnixTime;
use base64::Engine;

/// What a bearer token says about itself when it is a JWT (the claims are
/// not secret; the signature is what makes the token a credential) or an EKS
/// token (`k8s-aws-v1.`: when it was signed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JwtFacts {
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub expires: Option<UnixTime>,
    /// A service-account token from a `kubernetes.io/service-account-token`
    /// Secret: issuer `kubernetes/serviceaccount`, no expiry.
    pub legacy_service_account: bool,
    /// For an EKS token: its `X-Amz-Date` (it `expires` 15 minutes later).
    pub eks_signed: Option<UnixTime>,
}

/// The kind of one credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialKind {
    /// `token`: a static bearer token.
    Token(Option<JwtFacts>),
    /// `password` (basic auth).
    Password,
    /// `client-key-data`: the private key of a client certificate.
    ClientKey,
    /// A secret in `auth-provider.config` (`id-token`, `refresh-token`, …).
    AuthProvider { key: String },
    /// An exec `env` value whose name says it is a secret.
    Env { name: String },
    /// An exec `args` entry holding a credential; `flag` is the flag it is
    /// the value of, when there is one.
    Arg {
        index: usize,
        kind: ArgSecret,
        flag: Option<String>,
    },
}

/// One credential: which user holds it, where, and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    /// Index into `users`.
    pub user: usize,
    pub path: Path,
    pub kind: CredentialKind,
}

/// Values that look like a credential but are not one: kubectl's own
/// redaction markers and template placeholders.
pub fn is_placeholder(v: &str) -> bool {
    let v = v.trim();
    v.is_empty()
        || matches!(v, "REDACTED" | "DATA+OMITTED" | "[REDACTED]" | "REDACTED+")
        || (v.starts_with('<') && v.ends_with('>'))
        || v.starts_with("${")
        || v.starts_with("{{")
}

/// Every credential in `config`, user by user, in file order.
pub fn inventory(config: &Config) -> Vec<Credential> {
    let mut out = Vec::new();
    for (i, nu) in config.users.iter().enumerate() {
        if let Some(u) = &nu.user {
            user_credentials(i, u, &mut out);
        }
    }
    out
}

fn user_credentials(i: usize, u: &AuthInfo, out: &mut Vec<Credential>) {
    let base = Path::root().field("users").i(i).field("user");
    let mut push = |path: Path, kind| {
        out.push(Credential {
            user: i,
            path,
            kind,
        })
    };
    if let Some(t) = u.token.as_ref().filter(|t| !is_placeholder(t.expose())) {
        push(
            base.field("token"),
            CredentialKind::Token(jwt_facts(t.expose())),
        );
    }
    if u.password
        .as_ref()
        .is_some_and(|p| !is_placeholder(p.expose()))
    {
        push(base.field("password"), CredentialKind::Password);
    }
    if u.client_key_data
        .as_ref()
        .is_some_and(|k| !is_placeholder(k.expose()))
    {
        push(base.field("client-key-data"), CredentialKind::ClientKey);
    }
    if let Some(p) = &u.auth_provider {
        for (k, v) in &p.config {
            if redact::is_secret_key(k) && !is_placeholder(v.expose()) {
                push(
                    base.field("auth-provider").field("config").k(k),
                    CredentialKind::AuthProvider { key: k.clone() },
                );
            }
        }
    }
    if let Some(x) = &u.exec {
        for (j, e) in x.env.iter().enumerate() {
            let name = e.name.as_deref().unwrap_or("");
            let has_value = e
                .value
                .as_ref()
                .is_some_and(|v| !is_placeholder(v.expose()));
            if has_value && redact::is_credential_env(name) {
                push(
                    base.field("exec").field("env").i(j).field("value"),
                    CredentialKind::Env {
                        name: name.to_string(),
                    },
                );
            }
        }
        for (index, kind) in redact::arg_secrets(&x.args) {
            let arg = x.args.get(index).map(String::as_str).unwrap_or("");
            if is_placeholder(arg.split_once('=').map_or(arg, |(_, v)| v)) {
                continue;
            }
            let flag = if kind != ArgSecret::FlagValue {
                None
            } else if let Some((flag, _)) = arg.split_once('=').filter(|(f, _)| f.starts_with('-'))
            {
                Some(flag.to_string())
            } else if let Some((flag, _)) = arg.split_once(char::is_whitespace) {
                Some(flag.to_string())
            } else {
                index
                    .checked_sub(1)
                    .and_then(|p| x.args.get(p))
                    .filter(|p| redact::is_secret_flag(p))
                    .cloned()
            };
            push(
                base.field("exec").field("args").i(index),
                CredentialKind::Arg { index, kind, flag },
            );
        }
    }
}

/// Decodes the claims of a JWT-shaped token, or the date of an EKS token;
/// `None` for other tokens.
pub fn jwt_facts(token: &str) -> Option<JwtFacts> {
    if token.trim().starts_with(crate::core::token::decode::PREFIX) {
        let signed = crate::core::token::decode::decode(token.trim())
            .ok()?
            .date()?;
        return Some(JwtFacts {
            expires: Some(signed.saturating_add(crate::core::token::decode::VALIDITY_SECS)),
            eks_signed: Some(signed),
            ..JwtFacts::default()
        });
    }
    let mut parts = token.trim().split('.');
    let (_header, payload, _sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || payload.len() > 64 * 1024 {
        return None;
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let s = |k: &str| claims.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let issuer = s("iss");
    let expires = claims.get("exp").and_then(serde_json::Value::as_i64);
    Some(JwtFacts {
        legacy_service_account: issuer.as_deref() == Some("kubernetes/serviceaccount")
            && expires.is_none(),
        issuer,
        subject: s("sub"),
        expires,
        eks_signed: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::kubeconfig::parse;

    fn jwt(claims: &str) -> String {
        let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.c2ln",
            e.encode(r#"{"alg":"RS256"}"#),
            e.encode(claims)
        )
    }

    #[test]
    fn finds_every_kind_of_credential() {
        let text = format!(
            "users:\n- name: a\n  user:\n    token: {}\n    password: hunter2\n    client-key-data: LS0t\n- name: b\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        client-id: app\n        client-secret: cs\n        id-token: it\n        refresh-token: rt\n        token-key: x\n- name: c\n  user:\n    exec:\n      command: aws\n      args: [eks, get-token, --token, abc, --client-secret=def]\n      env:\n      - name: AWS_SECRET_ACCESS_KEY\n        value: k\n      - name: AWS_PROFILE\n        value: p\n      - name: AWS_WEB_IDENTITY_TOKEN_FILE\n        value: /var/run/token\n",
            jwt(r#"{"iss":"kubernetes/serviceaccount","sub":"system:serviceaccount:kube-system:admin"}"#)
        );
        let inv = inventory(&parse(&text).unwrap());
        let paths: Vec<String> = inv.iter().map(|c| c.path.to_string()).collect();
        assert_eq!(
            paths,
            [
                "users[0].user.token",
                "users[0].user.password",
                "users[0].user.client-key-data",
                "users[1].user.auth-provider.config.client-secret",
                "users[1].user.auth-provider.config.id-token",
                "users[1].user.auth-provider.config.refresh-token",
                "users[2].user.exec.env[0].value",
                "users[2].user.exec.args[3]",
                "users[2].user.exec.args[4]",
            ]
        );
        let CredentialKind::Token(Some(facts)) = &inv[0].kind else {
            panic!("{:?}", inv[0].kind)
        };
        assert!(facts.legacy_service_account);
        assert_eq!(
            facts.subject.as_deref(),
            Some("system:serviceaccount:kube-system:admin")
        );
        assert_eq!(
            inv[7].kind,
            CredentialKind::Arg {
                index: 3,
                kind: ArgSecret::FlagValue,
                flag: Some("--token".into())
            }
        );
        assert!(
            matches!(&inv[8].kind, CredentialKind::Arg { flag: Some(f), .. } if f == "--client-secret")
        );
    }

    #[test]
    fn markers_and_placeholders_are_not_credentials() {
        let text = "users:\n- name: a\n  user:\n    token: REDACTED\n    client-key-data: DATA+OMITTED\n    password: <password>\n";
        assert!(inventory(&parse(text).unwrap()).is_empty());
    }
}
