//! `kubectl config view`: a kubeconfig printed back the way kubectl prints
//! it — only the fields kubectl knows, duplicates resolved (first wins), lists
//! sorted by name, keys in kubectl's order, defaults filled in (`server: ""`,
//! `provideClusterInfo: false`, exec `interactiveMode: IfAvailable` for
//! v1beta1) — optionally minified to one context.
//!
//! Redaction. kubectl 1.32 replaces `certificate-authority-data`,
//! `client-certificate-data` and `client-key-data` with `DATA+OMITTED` and
//! `token` and `password` with `REDACTED`; it prints auth-provider tokens,
//! exec arguments and exec environment values as they are. eksplain redacts
//! those too (auth-provider `id-token`/`refresh-token`/`access-token`/
//! `client-secret`, secret flag values, EKS tokens and JWTs in `args`, env
//! values named like secrets), so a redacted view is safe to paste anywhere.
//! `raw` shows everything, like `kubectl config view --raw`.
//!
//! Two things kubectl does that a browser cannot: it turns relative file paths
//! (`certificate-authority: ca.crt`) into absolute ones, relative to the
//! kubeconfig's folder; eksplain leaves them as written. And it keeps the
//! difference between `args: []` and no `args` (`null`); the model does not,
//! so both print as `null`.

use super::goyaml::{self, Node};
use super::model::{
    AuthInfo, AuthProvider, Cluster, Config, Context, ExecConfig, NamedCluster, NamedContext,
    NamedExtension, NamedUser,
};
use crate::core::redact::{self, MARK};
use base64::Engine;
use std::collections::HashSet;
use std::fmt;

/// What `kubectl config view` prints for binary data it hides.
pub const DATA_OMITTED: &str = "DATA+OMITTED";

/// How to print a config.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewOptions {
    /// Keep only one context, its cluster and its user (`--minify`).
    pub minify: bool,
    /// The context to keep when minifying (`--context`); default: current-context.
    pub context: Option<String>,
    /// Show credentials and certificate data (`--raw`).
    pub raw: bool,
}

/// Why a config cannot be minified. The messages are kubectl's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewError {
    NoCurrentContext,
    NoSuchContext(String),
    NoSuchCluster(String),
    NoSuchUser(String),
}

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewError::NoCurrentContext => {
                f.write_str("current-context must exist in order to minify")
            }
            ViewError::NoSuchContext(n) => write!(f, "cannot locate context {n}"),
            ViewError::NoSuchCluster(n) => write!(f, "cannot locate cluster {n}"),
            ViewError::NoSuchUser(n) => write!(f, "cannot locate user {n}"),
        }
    }
}

impl std::error::Error for ViewError {}

/// `kubectl config view [--minify] [--context NAME] [--raw]` of `config`.
pub fn view(config: &Config, opts: &ViewOptions) -> Result<String, ViewError> {
    if opts.minify {
        let small = minify(config, opts.context.as_deref())?;
        Ok(to_yaml(&small, opts.raw))
    } else {
        Ok(to_yaml(config, opts.raw))
    }
}

/// The config as kubectl prints it (redacted unless `raw`).
pub fn to_yaml(config: &Config, raw: bool) -> String {
    goyaml::to_string(&to_node(config, raw))
}

fn name_of(n: &Option<String>) -> &str {
    n.as_deref().unwrap_or("")
}

/// Only the chosen context (`context`, or current-context), its cluster and
/// its user; current-context set to it. Preferences and extensions stay.
pub fn minify(config: &Config, context: Option<&str>) -> Result<Config, ViewError> {
    let name = context
        .filter(|c| !c.is_empty())
        .or(config.current_context.as_deref())
        .filter(|c| !c.is_empty())
        .ok_or(ViewError::NoCurrentContext)?;
    let ctx = config
        .contexts
        .iter()
        .find(|c| name_of(&c.name) == name)
        .ok_or_else(|| ViewError::NoSuchContext(name.to_string()))?;
    let inner = ctx.context.clone().unwrap_or_default();
    let mut clusters = Vec::new();
    if let Some(cl) = inner.cluster.as_deref().filter(|c| !c.is_empty()) {
        let found = config
            .clusters
            .iter()
            .find(|c| name_of(&c.name) == cl)
            .ok_or_else(|| ViewError::NoSuchCluster(cl.to_string()))?;
        clusters.push(found.clone());
    }
    let mut users = Vec::new();
    if let Some(u) = inner.user.as_deref().filter(|u| !u.is_empty()) {
        let found = config
            .users
            .iter()
            .find(|c| name_of(&c.name) == u)
            .ok_or_else(|| ViewError::NoSuchUser(u.to_string()))?;
        users.push(found.clone());
    }
    Ok(Config {
        api_version: config.api_version.clone(),
        kind: config.kind.clone(),
        preferences: config.preferences.clone(),
        clusters,
        contexts: vec![ctx.clone()],
        users,
        current_context: Some(name.to_string()),
        extensions: config.extensions.clone(),
    })
}

/// The first entry of each name, sorted by name (kubectl keeps entries in a
/// map and sorts the keys when it writes them back).
fn by_name<T>(items: &[T], name: impl Fn(&T) -> &str) -> Vec<&T> {
    let mut seen = HashSet::new();
    let mut out: Vec<&T> = items.iter().filter(|i| seen.insert(name(i))).collect();
    out.sort_by(|a, b| name(a).cmp(name(b)));
    out
}

fn map(entries: Vec<(&str, Node)>) -> Node {
    Node::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn list_or_null(items: Vec<Node>) -> Node {
    if items.is_empty() {
        Node::Null
    } else {
        Node::Seq(items)
    }
}

/// The config as kubectl's JSON would have it, before go-yaml sorts the keys.
pub fn to_node(c: &Config, raw: bool) -> Node {
    let clusters = by_name(&c.clusters, |n: &NamedCluster| name_of(&n.name))
        .into_iter()
        .map(|n| {
            map(vec![
                ("name", Node::str(name_of(&n.name))),
                (
                    "cluster",
                    cluster_node(&n.cluster.clone().unwrap_or_default(), raw),
                ),
            ])
        })
        .collect();
    let contexts = by_name(&c.contexts, |n: &NamedContext| name_of(&n.name))
        .into_iter()
        .map(|n| {
            map(vec![
                ("name", Node::str(name_of(&n.name))),
                (
                    "context",
                    context_node(&n.context.clone().unwrap_or_default()),
                ),
            ])
        })
        .collect();
    let users = by_name(&c.users, |n: &NamedUser| name_of(&n.name))
        .into_iter()
        .map(|n| {
            map(vec![
                ("name", Node::str(name_of(&n.name))),
                ("user", user_node(&n.user.clone().unwrap_or_default(), raw)),
            ])
        })
        .collect();
    let mut top = vec![
        ("apiVersion", Node::str("v1")),
        ("kind", Node::str("Config")),
        ("clusters", list_or_null(clusters)),
        ("contexts", list_or_null(contexts)),
        ("users", list_or_null(users)),
        (
            "current-context",
            Node::str(c.current_context.clone().unwrap_or_default()),
        ),
        ("preferences", preferences_node(c.preferences.as_ref())),
    ];
    if let Some(e) = extensions_node(&c.extensions) {
        top.push(("extensions", e));
    }
    map(top)
}

fn extensions_node(exts: &[NamedExtension]) -> Option<Node> {
    let items: Vec<Node> = by_name(exts, |e: &NamedExtension| name_of(&e.name))
        .into_iter()
        .map(|e| {
            map(vec![
                ("name", Node::str(name_of(&e.name))),
                (
                    "extension",
                    e.extension
                        .as_ref()
                        .map(Node::from_yaml)
                        .unwrap_or(Node::Null),
                ),
            ])
        })
        .collect();
    (!items.is_empty()).then_some(Node::Seq(items))
}

fn preferences_node(p: Option<&serde_yaml::Value>) -> Node {
    let mut entries = Vec::new();
    if let Some(p) = p {
        if p.get("colors").and_then(serde_yaml::Value::as_bool) == Some(true) {
            entries.push(("colors", Node::Bool(true)));
        }
        let exts: Vec<NamedExtension> = p
            .get("extensions")
            .and_then(|e| serde_yaml::from_value(e.clone()).ok())
            .unwrap_or_default();
        if let Some(e) = extensions_node(&exts) {
            entries.push(("extensions", e));
        }
    }
    map(entries)
}

/// Base64 data as kubectl holds it: decoded to bytes (line breaks ignored,
/// as Go's decoder does) and encoded again. Data that does not decode is
/// shown as written; kubectl would refuse to load the file.
fn data(value: Option<&str>, raw: bool) -> Option<Node> {
    let v = value?;
    let compact: String = v.chars().filter(|c| *c != '\n' && *c != '\r').collect();
    let engine = base64::engine::general_purpose::STANDARD;
    let normalized = match engine.decode(compact.as_bytes()) {
        Ok(bytes) if bytes.is_empty() => return None,
        Ok(bytes) => engine.encode(bytes),
        Err(_) if v.is_empty() => return None,
        Err(_) => v.to_string(),
    };
    Some(Node::str(if raw {
        normalized
    } else {
        DATA_OMITTED.to_string()
    }))
}

fn some_str(entries: &mut Vec<(&'static str, Node)>, key: &'static str, v: Option<&str>) {
    if let Some(v) = v.filter(|v| !v.is_empty()) {
        entries.push((key, Node::str(v)));
    }
}

pub(crate) fn cluster_node(c: &Cluster, raw: bool) -> Node {
    let mut e = vec![("server", Node::str(c.server.clone().unwrap_or_default()))];
    some_str(&mut e, "tls-server-name", c.tls_server_name.as_deref());
    if c.insecure_skip_tls_verify == Some(true) {
        e.push(("insecure-skip-tls-verify", Node::Bool(true)));
    }
    some_str(
        &mut e,
        "certificate-authority",
        c.certificate_authority.as_deref(),
    );
    if let Some(d) = data(c.certificate_authority_data.as_deref(), raw) {
        e.push(("certificate-authority-data", d));
    }
    some_str(&mut e, "proxy-url", c.proxy_url.as_deref());
    if c.disable_compression == Some(true) {
        e.push(("disable-compression", Node::Bool(true)));
    }
    if let Some(x) = extensions_node(&c.extensions) {
        e.push(("extensions", x));
    }
    map(e)
}

pub(crate) fn context_node(c: &Context) -> Node {
    let mut e = vec![
        ("cluster", Node::str(c.cluster.clone().unwrap_or_default())),
        ("user", Node::str(c.user.clone().unwrap_or_default())),
    ];
    some_str(&mut e, "namespace", c.namespace.as_deref());
    if let Some(x) = extensions_node(&c.extensions) {
        e.push(("extensions", x));
    }
    map(e)
}

fn secret(value: &str, raw: bool) -> Node {
    Node::str(if raw { value } else { MARK })
}

pub(crate) fn user_node(u: &AuthInfo, raw: bool) -> Node {
    let mut e = Vec::new();
    some_str(
        &mut e,
        "client-certificate",
        u.client_certificate.as_deref(),
    );
    if let Some(d) = data(u.client_certificate_data.as_deref(), raw) {
        e.push(("client-certificate-data", d));
    }
    some_str(&mut e, "client-key", u.client_key.as_deref());
    if let Some(d) = data(u.client_key_data.as_ref().map(|s| s.expose()), raw) {
        e.push(("client-key-data", d));
    }
    if let Some(t) = u.token.as_ref().filter(|t| !t.is_empty()) {
        e.push(("token", secret(t.expose(), raw)));
    }
    some_str(&mut e, "tokenFile", u.token_file.as_deref());
    some_str(&mut e, "as", u.impersonate.as_deref());
    some_str(&mut e, "as-uid", u.impersonate_uid.as_deref());
    if !u.impersonate_groups.is_empty() {
        let groups = u.impersonate_groups.iter().map(Node::str).collect();
        e.push(("as-groups", Node::Seq(groups)));
    }
    if !u.impersonate_user_extra.is_empty() {
        let extra = u
            .impersonate_user_extra
            .iter()
            .map(|(k, v)| {
                let values = v.iter().map(Node::str).collect();
                (k.clone(), Node::Seq(values))
            })
            .collect();
        e.push(("as-user-extra", Node::Map(extra)));
    }
    some_str(&mut e, "username", u.username.as_deref());
    if let Some(p) = u.password.as_ref().filter(|p| !p.is_empty()) {
        e.push(("password", secret(p.expose(), raw)));
    }
    if let Some(p) = &u.auth_provider {
        e.push(("auth-provider", auth_provider_node(p, raw)));
    }
    if let Some(x) = &u.exec {
        e.push(("exec", exec_node(x, raw)));
    }
    if let Some(x) = extensions_node(&u.extensions) {
        e.push(("extensions", x));
    }
    map(e)
}

fn auth_provider_node(p: &AuthProvider, raw: bool) -> Node {
    let config = if p.config.is_empty() {
        Node::Null
    } else {
        Node::Map(
            p.config
                .iter()
                .map(|(k, v)| {
                    let shown = if raw || !redact::is_secret_key(k) {
                        Node::str(v.expose())
                    } else {
                        Node::str(MARK)
                    };
                    (k.clone(), shown)
                })
                .collect(),
        )
    };
    map(vec![
        ("name", Node::str(p.name.clone().unwrap_or_default())),
        ("config", config),
    ])
}

fn exec_node(x: &ExecConfig, raw: bool) -> Node {
    let args = if x.args.is_empty() {
        Node::Null
    } else if raw {
        Node::Seq(x.args.iter().map(Node::str).collect())
    } else {
        Node::Seq(
            redact::redact_args(&x.args)
                .into_iter()
                .map(Node::Str)
                .collect(),
        )
    };
    let env = if x.env.is_empty() {
        Node::Null
    } else {
        Node::Seq(
            x.env
                .iter()
                .map(|v| {
                    let name = v.name.clone().unwrap_or_default();
                    let value = v.value.as_ref().map(|s| s.expose()).unwrap_or("");
                    let shown = if raw {
                        value.to_string()
                    } else {
                        redact::env_value(&name, value)
                    };
                    map(vec![("name", Node::Str(name)), ("value", Node::Str(shown))])
                })
                .collect(),
        )
    };
    let api = x.api_version.clone().unwrap_or_default();
    // client-go's defaulting: v1beta1 (and v1alpha1) plugins without a mode
    // behave as IfAvailable, and kubectl prints it so.
    let interactive = match x.interactive_mode.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => Some(m.to_string()),
        None if api == "client.authentication.k8s.io/v1beta1"
            || api == "client.authentication.k8s.io/v1alpha1" =>
        {
            Some("IfAvailable".to_string())
        }
        None => None,
    };
    let mut e = vec![
        ("command", Node::str(x.command.clone().unwrap_or_default())),
        ("args", args),
        ("env", env),
        (
            "provideClusterInfo",
            Node::Bool(x.provide_cluster_info.unwrap_or(false)),
        ),
    ];
    if !api.is_empty() {
        e.push(("apiVersion", Node::Str(api)));
    }
    some_str(&mut e, "installHint", x.install_hint.as_deref());
    if let Some(m) = interactive {
        e.push(("interactiveMode", Node::Str(m)));
    }
    map(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::kubeconfig::parse;

    const FILE: &str = "apiVersion: v1\nkind: Config\ncurrent-context: dev\nclusters:\n- name: dev\n  cluster:\n    server: https://127.0.0.1:6443\n    certificate-authority-data: QUFBQQ==\n- name: prod\n  cluster:\n    server: https://prod.example\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\n- name: prod\n  context:\n    cluster: prod\n    user: prod\n    namespace: web\nusers:\n- name: prod\n  user:\n    token: s3cr3t-token\n- name: dev\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --token, s3cr3t-arg]\n      env:\n      - name: AWS_SECRET_ACCESS_KEY\n        value: s3cr3t-env\n";

    #[test]
    fn the_default_view_redacts_like_kubectl_and_more() {
        let out = to_yaml(&parse(FILE).unwrap(), false);
        assert!(!out.contains("s3cr3t"), "{out}");
        assert!(out.contains("certificate-authority-data: DATA+OMITTED"));
        assert!(out.contains("token: REDACTED"));
        assert!(out.contains("interactiveMode: IfAvailable"));
        // Lists sorted by name, keys sorted: `dev` before `prod`, cluster before name.
        assert!(
            out.starts_with("apiVersion: v1\nclusters:\n- cluster:\n"),
            "{out}"
        );
        let raw = to_yaml(&parse(FILE).unwrap(), true);
        for s in ["s3cr3t-token", "s3cr3t-arg", "s3cr3t-env", "QUFBQQ=="] {
            assert!(raw.contains(s), "{s} missing from raw view");
        }
    }

    #[test]
    fn views_round_trip_through_the_parser() {
        for raw in [false, true] {
            let once = to_yaml(&parse(FILE).unwrap(), raw);
            let twice = to_yaml(&parse(&once).unwrap(), raw);
            assert_eq!(once, twice);
        }
    }

    #[test]
    fn minify_keeps_one_context_and_reports_kubectl_errors() {
        let c = parse(FILE).unwrap();
        let m = minify(&c, Some("prod")).unwrap();
        assert_eq!(m.contexts.len(), 1);
        assert_eq!(m.clusters[0].name.as_deref(), Some("prod"));
        assert_eq!(m.users[0].name.as_deref(), Some("prod"));
        assert_eq!(m.current_context.as_deref(), Some("prod"));
        assert_eq!(
            minify(&c, Some("nope")).unwrap_err().to_string(),
            "cannot locate context nope"
        );
        let none = parse("contexts:\n- name: a\n  context: {cluster: gone}\n").unwrap();
        assert_eq!(minify(&none, None).err(), Some(ViewError::NoCurrentContext));
        assert_eq!(
            minify(&none, Some("a")).err(),
            Some(ViewError::NoSuchCluster("gone".into()))
        );
    }

    #[test]
    fn empty_config_prints_like_kubectl() {
        assert_eq!(
            to_yaml(&Config::default(), false),
            "apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: \"\"\nkind: Config\npreferences: {}\nusers: null\n"
        );
    }
}
