//! A faithful model of client-go's `clientcmd/api/v1` `Config`, the file kubectl
//! reads. Field names follow the wire format exactly (mostly kebab-case, a few
//! camelCase ones such as `tokenFile` and everything under `exec`). `null` lists
//! are tolerated like kubectl does. Unknown fields are not stored here: the
//! position index (`yamlpos`) keeps every key, so typos are reported with their
//! line without slowing the typed parse.

use crate::core::secret::Secret;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A boolean as kubectl reads it. go-yaml v2 follows YAML 1.1, where
/// `yes`/`no`, `on`/`off` and `y`/`n` (in three spellings each) are booleans
/// too; serde_yaml (YAML 1.2) hands them over as strings. `true` and `false`
/// arrive as booleans unless quoted, and kubectl refuses a quoted one, so the
/// strings `"true"`/`"false"` stay errors. A quoted `"yes"` is accepted
/// here though kubectl refuses it — a deserializer cannot see quotes — and
/// reported from the text (`rules::bool_quoted`).
fn yaml11_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    use serde::de::{Error, Unexpected, Visitor};
    struct Yaml11Bool;
    impl<'de> Visitor<'de> for Yaml11Bool {
        type Value = Option<bool>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a boolean")
        }
        fn visit_bool<E: Error>(self, b: bool) -> Result<Self::Value, E> {
            Ok(Some(b))
        }
        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            yaml11_bool(d)
        }
        fn visit_str<E: Error>(self, s: &str) -> Result<Self::Value, E> {
            match s {
                "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Ok(Some(true)),
                "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Ok(Some(false)),
                _ => Err(E::invalid_type(Unexpected::Str(s), &self)),
            }
        }
    }
    d.deserialize_any(Yaml11Bool)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Config {
    #[serde(rename = "apiVersion")]
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub preferences: Option<serde_yaml::Value>,
    #[serde(default, deserialize_with = "nullable")]
    pub clusters: Vec<NamedCluster>,
    #[serde(default, deserialize_with = "nullable")]
    pub contexts: Vec<NamedContext>,
    #[serde(default, deserialize_with = "nullable")]
    pub users: Vec<NamedUser>,
    pub current_context: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub extensions: Vec<NamedExtension>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NamedCluster {
    pub name: Option<String>,
    pub cluster: Option<Cluster>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Cluster {
    pub server: Option<String>,
    pub tls_server_name: Option<String>,
    #[serde(default, deserialize_with = "yaml11_bool")]
    pub insecure_skip_tls_verify: Option<bool>,
    pub certificate_authority: Option<String>,
    pub certificate_authority_data: Option<String>,
    pub proxy_url: Option<String>,
    #[serde(default, deserialize_with = "yaml11_bool")]
    pub disable_compression: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    pub extensions: Vec<NamedExtension>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NamedContext {
    pub name: Option<String>,
    pub context: Option<Context>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Context {
    pub cluster: Option<String>,
    /// The name of the `users[]` entry (client-go calls it AuthInfo).
    pub user: Option<String>,
    pub namespace: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub extensions: Vec<NamedExtension>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NamedUser {
    pub name: Option<String>,
    pub user: Option<AuthInfo>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct AuthInfo {
    pub client_certificate: Option<String>,
    pub client_certificate_data: Option<String>,
    pub client_key: Option<String>,
    pub client_key_data: Option<Secret>,
    pub token: Option<Secret>,
    #[serde(rename = "tokenFile")]
    pub token_file: Option<String>,
    #[serde(rename = "as")]
    pub impersonate: Option<String>,
    #[serde(rename = "as-uid")]
    pub impersonate_uid: Option<String>,
    #[serde(rename = "as-groups", default, deserialize_with = "nullable")]
    pub impersonate_groups: Vec<String>,
    #[serde(rename = "as-user-extra", default, deserialize_with = "nullable")]
    pub impersonate_user_extra: BTreeMap<String, Vec<String>>,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub auth_provider: Option<AuthProvider>,
    pub exec: Option<ExecConfig>,
    #[serde(default, deserialize_with = "nullable")]
    pub extensions: Vec<NamedExtension>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuthProvider {
    pub name: Option<String>,
    /// Provider settings; several (`id-token`, `refresh-token`, `access-token`,
    /// `client-secret`) are credentials.
    #[serde(default, deserialize_with = "nullable")]
    pub config: BTreeMap<String, Secret>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecConfig {
    pub command: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub args: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub env: Vec<ExecEnvVar>,
    pub api_version: Option<String>,
    pub install_hint: Option<String>,
    /// `None` when absent (kubectl's default, false); kept apart from an
    /// explicit value so that a quoted `"no"` can be found and reported.
    #[serde(default, deserialize_with = "yaml11_bool")]
    pub provide_cluster_info: Option<bool>,
    pub interactive_mode: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExecEnvVar {
    pub name: Option<String>,
    /// Env values often carry credentials (`AWS_SECRET_ACCESS_KEY`).
    pub value: Option<Secret>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NamedExtension {
    pub name: Option<String>,
    pub extension: Option<serde_yaml::Value>,
}

/// The known keys of each object, for the unknown-field rule.
///
/// They must be the model's fields: the rule skips its walk when the fast
/// parser ignored no key (`Cx::unread_keys`).
pub mod fields {
    pub const CONFIG: &[&str] = &[
        "apiVersion",
        "kind",
        "preferences",
        "clusters",
        "contexts",
        "users",
        "current-context",
        "extensions",
    ];
    pub const NAMED_CLUSTER: &[&str] = &["name", "cluster"];
    pub const CLUSTER: &[&str] = &[
        "server",
        "tls-server-name",
        "insecure-skip-tls-verify",
        "certificate-authority",
        "certificate-authority-data",
        "proxy-url",
        "disable-compression",
        "extensions",
    ];
    pub const NAMED_CONTEXT: &[&str] = &["name", "context"];
    pub const CONTEXT: &[&str] = &["cluster", "user", "namespace", "extensions"];
    pub const NAMED_USER: &[&str] = &["name", "user"];
    pub const USER: &[&str] = &[
        "client-certificate",
        "client-certificate-data",
        "client-key",
        "client-key-data",
        "token",
        "tokenFile",
        "as",
        "as-uid",
        "as-groups",
        "as-user-extra",
        "username",
        "password",
        "auth-provider",
        "exec",
        "extensions",
    ];
    pub const AUTH_PROVIDER: &[&str] = &["name", "config"];
    pub const EXEC: &[&str] = &[
        "command",
        "args",
        "env",
        "apiVersion",
        "installHint",
        "provideClusterInfo",
        "interactiveMode",
    ];
    pub const EXEC_ENV: &[&str] = &["name", "value"];
}
