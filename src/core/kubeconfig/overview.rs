//! The overview of a kubeconfig: each context (current first), the cluster it
//! talks to and how TLS trust works, and the user and how its credential is got.

use super::endpoint::{self, Endpoint, Platform, Transport};
use super::model::{AuthInfo, Cluster};
use super::story::{self, ContextStory};
use super::Cx;
use crate::core::cert::kubeconfig::Cards;
use crate::core::finding::Finding;
use crate::core::redact;
use crate::core::source::{Path, Pos};

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Overview {
    pub current_context: Option<String>,
    pub contexts: Vec<ContextView>,
    pub clusters: Vec<ClusterView>,
    pub users: Vec<UserView>,
    /// For each user running an exec plugin, the whole credential flow.
    pub exec_flows: Vec<crate::core::exec::ExecFlow>,
    /// What `kubectl --context X get pods` does, for each context, current first.
    pub stories: Vec<ContextStory>,
    /// Decoded `*-data` fields (and file paths given instead), one card each.
    pub certificates: Vec<crate::core::cert::CertCard>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct ContextView {
    pub name: String,
    pub cluster: String,
    pub user: String,
    pub namespace: String,
    pub is_current: bool,
    pub pos: Option<Pos>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct ClusterView {
    pub name: String,
    pub server: String,
    pub endpoint: Endpoint,
    /// What the cluster is, from its URL and the names tools give it.
    pub platform: Platform,
    /// How the server's certificate is trusted, in words.
    pub trust: String,
    pub pos: Option<Pos>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct UserView {
    pub name: String,
    /// The kind of credential: `exec`, `token`, `client certificate`, …
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub method: crate::core::StaticStr,
    /// How the credential is obtained, in words (secrets never included).
    pub detail: String,
    pub pos: Option<Pos>,
}

fn or_dash(s: Option<&str>) -> String {
    match s {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => "—".to_string(),
    }
}

/// Real CA data is a kilobyte or more of base64: longer values are not looked
/// at, so a clean file pays one length comparison per cluster.
const PLACEHOLDER_MAX: usize = 200;

/// When `certificate-authority-data` is a stand-in rather than a certificate
/// (`DATA+OMITTED` from `kubectl config view`, a template placeholder): what
/// it is, what kubectl does with it, and where the real data comes from.
pub fn ca_placeholder(c: &Cluster) -> Option<String> {
    let v = c.certificate_authority_data.as_deref()?.trim();
    let what = stand_in("certificate-authority-data", v, false)?;
    let fails = if super::rules::data::validate(v).is_err() {
        "kubectl stops loading the file with `illegal base64 data`"
    } else {
        "kubectl stops before connecting with `unable to load root certificates: unable to parse bytes as PEM block`"
    };
    let eks = c
        .server
        .as_deref()
        .is_some_and(|s| s.contains(".eks.amazonaws.com"));
    let source = match (what.contains("kubectl config view"), eks) {
        (true, true) => "get the real data with `kubectl config view --raw`, or regenerate the entry with `aws eks update-kubeconfig`",
        (true, false) => "get the real data with `kubectl config view --raw`, or regenerate the entry with the tool that wrote it (`aws eks update-kubeconfig`, `gcloud container clusters get-credentials`, `kind export kubeconfig`)",
        (false, true) => "put the cluster's CA there (base64 of its PEM), or regenerate the entry with `aws eks update-kubeconfig`",
        (false, false) => "put the cluster's CA there (base64 of its PEM), or regenerate the entry with the tool that wrote it",
    };
    Some(format!("{what}, not a CA certificate: {fails}; {source}"))
}

/// What a stand-in is, for a value short enough to be one (see
/// [`PLACEHOLDER_MAX`]); secrets other than kubectl's markers are not quoted.
fn stand_in(field: &str, v: &str, secret: bool) -> Option<String> {
    let v = v.trim();
    if v.is_empty() || v.len() > PLACEHOLDER_MAX {
        return None;
    }
    let what = super::rules::data::placeholder(v)?;
    Some(if what.starts_with('`') || secret {
        format!("{field} is {what}")
    } else {
        format!("{field} is `{v}`, {what}")
    })
}

/// When the credential the user would present is a stand-in (a `kubectl
/// config view` copy has `DATA+OMITTED` and `REDACTED`): what it is and what
/// kubectl or the API server does with it, as the end of a sentence.
pub fn credential_placeholder(u: &AuthInfo) -> Option<String> {
    if let Some(d) = u.client_certificate_data.as_deref() {
        let p = stand_in("client-certificate-data", d, false)?;
        return Some(format!("{p}, not a certificate: kubectl stops with `tls: failed to find any PEM data in certificate input`"));
    }
    if u.client_certificate.is_some() {
        return None;
    }
    let t = u.token.as_ref()?;
    let p = stand_in("token", t.expose(), true)?;
    Some(format!(
        "{p}: kubectl sends it as the token, and the API server answers 401 Unauthorized"
    ))
}

/// The file kubectl opens for a path a kubeconfig names, as the user should
/// read it: client-go takes a relative path from the kubeconfig's directory
/// and expands neither `~` nor `$HOME` (KC034).
pub fn file_place(f: &str) -> String {
    if let Some(short) = super::rules::path_not_expanded::shorthand(f) {
        return format!("<kubeconfig dir>/{f}, since kubectl does not expand `{short}`");
    }
    let b = f.as_bytes();
    let windows = b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' || f.starts_with('\\');
    if f.starts_with('/') || windows {
        f.to_string()
    } else {
        format!("{f}, relative to the kubeconfig file's directory")
    }
}

/// For each cluster whose `certificate-authority-data` has an error finding
/// (CRT001–CRT008: not base64, not PEM…): its index, and the finding's code
/// and line. Findings are few; a clean file pays one pass over none.
pub fn broken_cas(findings: &[Finding]) -> Vec<(usize, &'static str, Option<u32>)> {
    use crate::core::finding::Severity;
    use crate::core::source::Seg;
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter_map(|f| match f.location.path.segments() {
            [Seg::Key(l), Seg::Index(i), Seg::Key(c), Seg::Key(k)]
                if l == "clusters" && c == "cluster" && k == "certificate-authority-data" =>
            {
                Some((*i, f.code(), f.line()))
            }
            _ => None,
        })
        .collect()
}

/// [`trust`], for cluster `i` among the `broken` of [`broken_cas`].
pub fn trust_of(c: &Cluster, i: usize, broken: &[(usize, &'static str, Option<u32>)]) -> String {
    let said = trust(c);
    if said != EMBEDDED {
        return said;
    }
    match broken.iter().find(|b| b.0 == i) {
        Some((_, code, line)) => {
            let at = line.map(|l| format!(", line {l}")).unwrap_or_default();
            format!("none usable: certificate-authority-data has an error ({code}{at}), so kubectl cannot verify the server with it")
        }
        None => said,
    }
}

const EMBEDDED: &str = "the CA certificate embedded in certificate-authority-data";

pub fn trust(c: &Cluster) -> String {
    // The same words as the context story: without TLS no CA is consulted.
    // The server as kubectl reads it, untrimmed: the same view as KC012's.
    let server = c.server.as_deref().unwrap_or("");
    let transport = endpoint::transport(server);
    // KC012 leaves placeholders to KC020: cite the finding that fires.
    if let (Transport::NoScheme | Transport::Unusable, Some(what)) =
        (transport, super::rules::data::placeholder(server))
    {
        return format!("none: the server is {what}, not an address kubectl can reach (KC020)");
    }
    match transport {
        Transport::Missing => {
            return "none: kubectl falls back to http://localhost:8080, plain HTTP".into()
        }
        Transport::PlainHttp => {
            return "none: the server URL is plain http, there is no TLS".into();
        }
        Transport::NoScheme => {
            return "none: the server has no `https://` scheme, so kubectl speaks plain HTTP (KC012)"
                .into();
        }
        Transport::Unusable => {
            return "none: kubectl cannot use the server URL as written, so it connects nowhere (KC012)"
                .into();
        }
        Transport::Tls => {}
    }
    if c.insecure_skip_tls_verify == Some(true) {
        return "none: insecure-skip-tls-verify is on, any certificate is accepted".into();
    }
    if let Some(p) = ca_placeholder(c) {
        return format!("none usable: {p}");
    }
    if c.certificate_authority_data
        .as_deref()
        .is_some_and(|d| !d.trim().is_empty())
    {
        return EMBEDDED.into();
    }
    if let Some(f) = c.certificate_authority.as_deref().filter(|f| !f.is_empty()) {
        return format!(
            "the CA certificate in the file {} (on the machine running kubectl)",
            file_place(f)
        );
    }
    "the operating system's trusted root CAs (no CA given)".into()
}

/// A credential that makes kubectl skip the user's exec plugin: a token or
/// token file, a username, or a client certificate with its key (client-go's
/// rules, [`auth`]; KC024).
pub fn has_static_credential(u: &AuthInfo) -> bool {
    auth::exec_blocker(u).is_some()
}

/// A sentence end for a user whose exec plugin kubectl skips.
pub fn exec_skipped(u: &AuthInfo) -> Option<String> {
    let exec = u.exec.as_ref()?;
    if !has_static_credential(u) {
        return None;
    }
    let cmd = exec
        .command
        .as_deref()
        .filter(|c| !c.is_empty())
        .unwrap_or("(no command)");
    Some(format!(
        "the exec plugin (`{cmd}`) never runs while that is set (KC024)"
    ))
}

pub fn credential(u: &AuthInfo) -> (&'static str, String) {
    if u.exec.is_some() && u.auth_provider.is_some() {
        return (
            "exec plugin",
            "an exec plugin and an auth-provider, which kubectl refuses together (KC026)".into(),
        );
    }
    if auth::cert_without_key(u) {
        return (
            "client certificate",
            format!(
                "a TLS client certificate without its key, which kubectl refuses (KC023){}",
                unused_exec(u)
            ),
        );
    }
    let (method, mut detail) = static_credential(u);
    if let Some(skipped) = exec_skipped(u) {
        detail = format!("{detail}; {skipped}");
    }
    if let Some(ignored) = ignored(u) {
        detail = format!("{detail}; {ignored}");
    }
    (method, detail)
}

/// `, so the exec plugin never runs` for a user with one, else nothing.
fn unused_exec(u: &AuthInfo) -> &'static str {
    if u.exec.is_some() {
        ", so the exec plugin never runs"
    } else {
        ""
    }
}

/// A sentence end naming a field kubectl drops without a word, next to the
/// credential it does use: a key without its certificate (KC023), a password
/// without a username (KC024). `None` when the field is the user's only one:
/// [`static_credential`] says what kubectl does then.
pub fn ignored(u: &AuthInfo) -> Option<String> {
    let uses_other = u.exec.is_some()
        || u.auth_provider.is_some()
        || auth::token(u)
        || auth::token_file(u)
        || auth::username(u)
        || auth::cert(u);
    if !uses_other {
        return None;
    }
    let key = (auth::key(u) && !auth::cert(u)).then(|| {
        let field = if u.client_key_data.as_ref().is_some_and(|k| !k.is_empty()) {
            "client-key-data"
        } else {
            "client-key"
        };
        format!("`{field}` without a client certificate is ignored (KC023)")
    });
    let password = auth::lone_password(u)
        .then(|| "`password` without a `username` is ignored (KC024)".to_string());
    match (key, password) {
        (Some(k), Some(p)) => Some(format!("{k}, and {p}")),
        (k, p) => k.or(p),
    }
}

fn static_credential(u: &AuthInfo) -> (&'static str, String) {
    let exec = u.exec.as_ref().filter(|_| !has_static_credential(u));
    if let Some(exec) = exec {
        let Some(cmd) = exec.command.as_deref().filter(|c| !c.is_empty()) else {
            return (
                "exec plugin",
                "an exec plugin with no `command`, which kubectl refuses (KC027)".into(),
            );
        };
        let mut line = cmd.to_string();
        redact::push_redacted_args(&exec.args, &mut line);
        let api = exec.api_version.as_deref().unwrap_or("(no apiVersion)");
        return (
            "exec plugin",
            format!("runs `{line}` and reads an ExecCredential ({api})"),
        );
    }
    if let Some(p) = &u.auth_provider {
        return (
            "auth-provider",
            format!(
                "the `{}` auth-provider plugin",
                p.name.as_deref().unwrap_or("?")
            ),
        );
    }
    // Validation refuses a token next to basic auth whatever else is set.
    if auth::token_with_basic(u) {
        return (
            "bearer token",
            "a bearer token and a username/password, which kubectl refuses together (KC024)".into(),
        );
    }
    if u.client_certificate_data.is_some() || u.client_certificate.is_some() {
        let detail = match credential_placeholder(u) {
            Some(p) => format!("a TLS client certificate, but {p}"),
            None => match header_next_to_cert(u) {
                Some(h) => format!("a TLS client certificate and {h}: kubectl sends both (the certificate in the TLS handshake, the other in the `Authorization` header), and the API server tries the certificate first"),
                None => "a TLS client certificate (mutual TLS)".into(),
            },
        };
        return ("client certificate", detail);
    }
    let token_file = u.token_file.as_deref().filter(|f| !f.is_empty());
    if let (Some(_), Some(f)) = (&u.token, token_file) {
        return (
            "bearer token",
            format!("a bearer token read from {}; the `token` stored in the file is used only when that file cannot be read", file_place(f)),
        );
    }
    if u.token.is_some() {
        let detail = match credential_placeholder(u) {
            Some(p) => format!("a static bearer token, but {p}"),
            None if u.token.as_ref().is_some_and(|t| {
                t.expose()
                    .trim()
                    .starts_with(crate::core::token::decode::PREFIX)
            }) =>
            {
                "an EKS token (`aws eks get-token` output) stored in the file, accepted for 15 minutes after it was signed".into()
            }
            None => "a static bearer token stored in the file".into(),
        };
        return ("bearer token", detail);
    }
    if let Some(f) = token_file {
        return (
            "bearer token",
            format!("a bearer token read from {}", file_place(f)),
        );
    }
    if auth::username_without_password(u) {
        return ("basic auth", "a username with no password: kubectl does not ask for one and sends basic auth with an empty password".into());
    }
    if auth::username(u) {
        return ("basic auth", "a username and password (basic auth)".into());
    }
    if auth::password(u) || auth::key(u) {
        let field = if auth::password(u) {
            "a `password` without a `username`"
        } else {
            "a client key without its certificate"
        };
        return ("none", format!("{field}, which kubectl ignores: it asks `Please enter Username:` on a terminal (or fails with `EOF` without one)"));
    }
    (
        "none",
        "no credentials: with an https server kubectl asks `Please enter Username:` (and fails with `EOF` when stdin is not a terminal); only over plain HTTP do requests go out anonymous".into(),
    )
}

/// The `Authorization` header kubectl sends next to a client certificate
/// with its key: client-go installs the bearer-token and basic-auth round
/// trippers whatever the TLS config holds, so both reach the server (kubectl
/// 1.32 against a local TLS server: `Bearer` header and the certificate in
/// the handshake). `None` without a key: kubectl refuses the user (KC023).
pub fn header_next_to_cert(u: &AuthInfo) -> Option<&'static str> {
    if !auth::cert_auth(u) {
        return None;
    }
    if auth::token_file(u) {
        Some("a bearer token read from `tokenFile`")
    } else if auth::token(u) {
        Some("a bearer token")
    } else if auth::username(u) {
        Some("a username for basic auth")
    } else {
        None
    }
}

/// The overview; `findings` are the rules' findings, linked from the stories.
pub fn build(cx: &Cx, findings: &[Finding]) -> Overview {
    let mut o = lists(cx, findings);
    extend(&mut o, cx, findings, &Cards::new(cx), usize::MAX);
    o
}

/// Adds credential flows, stories and certificate cards to `o` until each
/// list holds `upto` items (or all there are): the whole lists' first ones, in
/// order. The page's preview of a large file is `extend(.., 50)`; its whole
/// report continues from there (`super::analyze_previewed`).
pub fn extend(o: &mut Overview, cx: &Cx, findings: &[Finding], cards: &Cards, upto: usize) {
    let flows = crate::core::exec::flows(cx, o.exec_flows.len()..upto);
    o.exec_flows.extend(flows);
    o.stories
        .extend(story::build(cx, findings, o.stories.len()..upto));
    o.certificates
        .extend(cards.range(cx, o.certificates.len()..upto));
}

/// The overview's contexts, clusters and users, with no credential flow,
/// story or certificate card yet ([`extend`]).
pub fn lists(cx: &Cx, findings: &[Finding]) -> Overview {
    let c = cx.config;
    let broken = broken_cas(findings);
    let loc = |p: &Path| cx.pos.locate(0, p);
    let mut contexts: Vec<ContextView> = c
        .contexts
        .iter()
        .enumerate()
        .map(|(i, nc)| {
            let ctx = nc.context.clone().unwrap_or_default();
            ContextView {
                name: or_dash(nc.name.as_deref()),
                cluster: or_dash(ctx.cluster.as_deref()),
                user: or_dash(ctx.user.as_deref()),
                namespace: ctx
                    .namespace
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| "default".into()),
                is_current: cx.is_current(i),
                pos: loc(&cx.context_path(i)),
            }
        })
        .collect();
    contexts.sort_by_key(|v| !v.is_current);
    let clusters = c
        .clusters
        .iter()
        .enumerate()
        .map(|(i, nc)| {
            // Borrowed: a clone copied every CA certificate once more.
            let none = Cluster::default();
            let cl = nc.cluster.as_ref().unwrap_or(&none);
            let server = cl.server.clone().unwrap_or_default();
            let classified = endpoint::classify(&server);
            ClusterView {
                name: or_dash(nc.name.as_deref()),
                platform: endpoint::identify_classified(
                    &server,
                    &classified,
                    nc.name.as_deref().unwrap_or(""),
                    Some(cl),
                ),
                endpoint: classified,
                server: or_dash(Some(&server)),
                trust: trust_of(cl, i, &broken),
                pos: loc(&cx.cluster_path(i)),
            }
        })
        .collect();
    let users = c
        .users
        .iter()
        .enumerate()
        .map(|(i, nu)| {
            let (method, detail) = credential(nu.user.as_ref().unwrap_or(&AuthInfo::default()));
            UserView {
                name: or_dash(nu.name.as_deref()),
                method,
                detail,
                pos: loc(&cx.user_path(i)),
            }
        })
        .collect();
    Overview {
        current_context: c.current_context.clone().filter(|s| !s.is_empty()),
        contexts,
        clusters,
        users,
        exec_flows: Vec::new(),
        stories: Vec::new(),
        certificates: Vec::new(),
    }
}

impl Overview {
    /// The overview as plain text, as `eksplain explain` prints it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        match &self.current_context {
            Some(c) => out.push_str(&format!(
                "Current context: {}\n",
                crate::core::suggest::show_hidden(c)
            )),
            None => out.push_str("Current context: (none set)\n"),
        }
        out.push_str(&format!("\nContexts ({}):\n", self.contexts.len()));
        for c in &self.contexts {
            let mark = if c.is_current { "* " } else { "  " };
            out.push_str(&format!(
                "{mark}{} — cluster {}, user {}, namespace {}\n",
                c.name, c.cluster, c.user, c.namespace
            ));
        }
        out.push_str(&format!("\nClusters ({}):\n", self.clusters.len()));
        for c in &self.clusters {
            out.push_str(&format!(
                "  {} — {}\n    {}\n    TLS trust: {}\n",
                c.name,
                c.server,
                c.platform.describe(),
                c.trust
            ));
        }
        out.push_str(&format!("\nUsers ({}):\n", self.users.len()));
        for u in &self.users {
            out.push_str(&format!("  {} — {}: {}\n", u.name, u.method, u.detail));
        }
        out.push_str(&crate::core::cert::card::section_text(&self.certificates));
        for f in &self.exec_flows {
            out.push_str(&f.to_text());
        }
        for s in &self.stories {
            out.push('\n');
            out.push_str(&s.to_text());
        }
        out
    }
}

pub mod auth;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_auth;
