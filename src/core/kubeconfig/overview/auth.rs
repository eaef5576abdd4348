//! Which of a user's credentials kubectl actually uses, decided the way
//! client-go decides it, so that the overview, the stories, the exec flow and
//! the rules (KC023, KC024) all say the same thing.
//!
//! The facts, from client-go:
//! - `tools/clientcmd/client_config.go` `getUserIdentificationPartialConfig`
//!   copies `token`/`tokenFile` and `username`/`password` into the REST config,
//!   but the client key only together with a client certificate: a key alone
//!   is dropped.
//! - `transport/config.go`: `HasTokenAuth` is a token or a token file,
//!   `HasBasicAuth` is a non-empty *username* (a password alone does not
//!   count), `HasCertAuth` is a certificate *and* a key, each as data or file.
//! - `plugin/pkg/client/auth/exec/exec.go` `UpdateTransportConfig` installs the
//!   exec plugin only when none of those three holds.
//! - `tools/clientcmd/validation.go` `validateAuthInfo` refuses a certificate
//!   without a key (KC023), and a `token` next to a username *or* password;
//!   `transport/round_trippers.go` `HTTPWrappersForConfig` refuses a token
//!   file next to a username (KC024).

use super::super::model::AuthInfo;

fn set(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.is_empty())
}

fn secret(s: &Option<crate::core::secret::Secret>) -> bool {
    s.as_ref().is_some_and(|s| !s.is_empty())
}

pub fn token(u: &AuthInfo) -> bool {
    secret(&u.token)
}

pub fn token_file(u: &AuthInfo) -> bool {
    set(&u.token_file)
}

pub fn username(u: &AuthInfo) -> bool {
    set(&u.username)
}

pub fn password(u: &AuthInfo) -> bool {
    secret(&u.password)
}

/// `client-certificate` or `client-certificate-data`.
pub fn cert(u: &AuthInfo) -> bool {
    set(&u.client_certificate) || set(&u.client_certificate_data)
}

/// `client-key` or `client-key-data`.
pub fn key(u: &AuthInfo) -> bool {
    set(&u.client_key) || secret(&u.client_key_data)
}

/// client-go's `HasCertAuth`: a certificate and its key, in any mix of data
/// and file.
pub fn cert_auth(u: &AuthInfo) -> bool {
    cert(u) && key(u)
}

/// A certificate without its key: kubectl refuses the user (KC023).
pub fn cert_without_key(u: &AuthInfo) -> bool {
    cert(u) && !key(u)
}

/// The field that makes kubectl skip the exec plugin, in the order client-go
/// looks: a token (`HasTokenAuth`), a username (`HasBasicAuth`), a client
/// certificate with its key (`HasCertAuth`). `None` when the plugin runs.
pub fn exec_blocker(u: &AuthInfo) -> Option<&'static str> {
    if token(u) {
        Some("token")
    } else if token_file(u) {
        Some("tokenFile")
    } else if username(u) {
        Some("username")
    } else if cert_auth(u) {
        Some(if set(&u.client_certificate_data) {
            "client-certificate-data"
        } else {
            "client-certificate"
        })
    } else {
        None
    }
}

/// A token and basic auth together, which kubectl refuses: `validateAuthInfo`
/// counts a `token` next to a username or a password as two methods, and the
/// transport refuses a `tokenFile` next to a username. A `tokenFile` next to a
/// password alone is accepted: the password is ignored.
pub fn token_with_basic(u: &AuthInfo) -> bool {
    (token(u) && (username(u) || password(u))) || (token_file(u) && username(u))
}

/// A password without a username, which kubectl never sends (basic auth needs
/// a username), when nothing makes kubectl refuse the user over it.
pub fn lone_password(u: &AuthInfo) -> bool {
    password(u) && !username(u) && !token(u)
}

/// Whether kubectl, talking to an https server, prompts for a username
/// because the user (or its absence, `None`) gives it nothing to identify
/// with: client-go's `canIdentifyUser` is false, so the interactive loader
/// kubectl uses asks on stdin. A password or a client key alone does not
/// count; a certificate alone does (and is refused, KC023).
pub fn prompts(u: Option<&AuthInfo>) -> bool {
    u.is_none_or(|u| {
        !(username(u)
            || cert(u)
            || token(u)
            || token_file(u)
            || u.auth_provider.is_some()
            || u.exec.is_some())
    })
}

/// What kubectl does when it [`prompts`], as kubectl 1.32 does it under
/// `unshare -n`: on a terminal it reads both and sends them as basic auth;
/// with stdin at its end it stops before any request.
pub const PROMPT: &str = "kubectl asks `Please enter Username:` and `Please enter Password:` and sends the answers as basic auth; when stdin is not a terminal (CI, `</dev/null`) it stops with `error: EOF` and sends no request";

/// A username with no password: kubectl does not prompt for the password
/// (`canIdentifyUser` is satisfied by the username) and sends basic auth with
/// an empty password, `Authorization: Basic base64("name:")`.
pub fn username_without_password(u: &AuthInfo) -> bool {
    username(u) && !password(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(yaml: &str) -> AuthInfo {
        let text = format!("apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n{yaml}");
        let cfg = crate::core::kubeconfig::parse(&text).unwrap_or_default();
        let first = cfg.users.into_iter().next().and_then(|u| u.user);
        first.unwrap_or_default()
    }

    /// Every combination client-go's `UpdateTransportConfig` distinguishes, checked against kubectl 1.27, 1.32 and 1.33 run under
    /// `unshare -n` with a plugin that leaves a mark when it runs.
    #[test]
    fn the_exec_plugin_is_skipped_exactly_when_client_go_skips_it() {
        let cases: &[(&str, Option<&str>)] = &[
            ("    token: abc\n", Some("token")),
            ("    tokenFile: /t\n", Some("tokenFile")),
            ("    username: bob\n", Some("username")),
            ("    password: pw\n", None),
            ("    username: bob\n    password: pw\n", Some("username")),
            ("    client-certificate-data: Y2VydA==\n", None),
            ("    client-certificate: /c.pem\n", None),
            ("    client-key-data: a2V5\n", None),
            ("    client-key: /k.pem\n", None),
            (
                "    client-certificate-data: Y2VydA==\n    client-key-data: a2V5\n",
                Some("client-certificate-data"),
            ),
            (
                "    client-certificate-data: Y2VydA==\n    client-key: /k.pem\n",
                Some("client-certificate-data"),
            ),
            (
                "    client-certificate: /c.pem\n    client-key-data: a2V5\n",
                Some("client-certificate"),
            ),
            (
                "    client-certificate: /c.pem\n    client-key: /k.pem\n",
                Some("client-certificate"),
            ),
            ("    token: ''\n    username: ''\n", None),
        ];
        for (fields, blocker) in cases {
            let u = user(&format!("{fields}    exec: {{command: aws}}\n"));
            assert_eq!(exec_blocker(&u), *blocker, "{fields}");
        }
    }

    #[test]
    fn a_password_alone_is_no_basic_auth_and_conflicts_only_with_a_token() {
        let u = user("    password: pw\n    tokenFile: /t\n");
        assert!(!token_with_basic(&u) && lone_password(&u));
        let u = user("    password: pw\n    token: abc\n");
        assert!(token_with_basic(&u) && !lone_password(&u));
        let u = user("    username: bob\n    tokenFile: /t\n");
        assert!(token_with_basic(&u));
    }
}
