//! The seven steps of `kubectl --context X get pods`, each told from the
//! facts of one context: what kubectl does and what can go wrong there.

use super::{Step, FALLBACK};
use crate::core::finding::Severity;
use crate::core::kubeconfig::endpoint::{self, Platform};
use crate::core::kubeconfig::model::{AuthInfo, Cluster, ExecConfig};
use crate::core::kubeconfig::plugin;
use crate::core::kubeconfig::secrets::jwt_facts;
use crate::core::kubeconfig::Cx;
use crate::core::redact;

pub(super) fn pick_step(cx: &Cx, i: usize, name: &str) -> Step {
    let current = cx
        .config
        .current_context
        .as_deref()
        .filter(|s| !s.is_empty());
    let text = if name.is_empty() {
        // `--context ""` means "no flag": an unnamed context cannot be picked.
        "this context has no name, so neither `--context` nor current-context can pick it: kubectl never uses it.".to_string()
    } else if cx.is_current(i) {
        format!("`--context {name}` picks this context; it is also current-context, so plain `kubectl get pods` uses it too.")
    } else {
        match current {
            // A hidden character (KC002) is shown, or the two names look the same.
            Some(cur) if cx.current.is_some() => format!("`--context {name}` picks this context; without the flag kubectl would use current-context `{}` instead.", crate::core::suggest::show_hidden(cur)),
            // kubectl 1.32: `Error in configuration: context was not found
            // for specified context: nope`, and nothing is sent.
            Some(cur) => format!("`--context {name}` picks this context; without the flag kubectl stops with `context was not found for specified context: {}`: current-context names no context.", crate::core::suggest::show_hidden(cur)),
            // kubectl 1.32 with `current-context: ""`: no error, `GET
            // http://localhost:8080/api` with no credential.
            None => format!("`--context {name}` picks this context; without the flag kubectl uses no context, because current-context is not set, and silently connects to {FALLBACK} with no credential."),
        }
    };
    Step {
        title: "Pick the context",
        text,
        notes: Vec::new(),
    }
}

pub(super) fn resolve_step(
    cluster: &str,
    cluster_found: bool,
    user: &str,
    user_found: bool,
    namespace: &str,
    namespace_set: bool,
) -> Step {
    let cl = match (cluster.is_empty(), cluster_found) {
        (true, _) => {
            format!("no cluster is named, so kubectl has no server and falls back to {FALLBACK}")
        }
        (false, true) => format!("cluster `{cluster}`"),
        (false, false) => format!(
            "cluster `{cluster}`, which is not defined — kubectl silently falls back to {FALLBACK}"
        ),
    };
    let us = match (user.is_empty(), user_found) {
        (true, _) => "no user, so kubectl has no credential from the file".to_string(),
        (false, true) => format!("user `{user}`"),
        (false, false) => format!("user `{user}`, which is not defined — kubectl has no credential from the file (see the next steps for what it does instead)"),
    };
    let ns = if namespace_set {
        format!("namespace `{namespace}` (`-n` overrides it)")
    } else {
        "namespace `default`, because the context sets none (`-n` overrides it)".to_string()
    };
    Step {
        title: "Resolve cluster, user and namespace",
        text: format!("the context points at {cl}; {us}; {ns}."),
        notes: Vec::new(),
    }
}

pub(super) fn connect_step(
    cluster: Option<&Cluster>,
    server: Option<&str>,
    platform: Option<&Platform>,
) -> Step {
    let title = "Connect to the API server";
    let (Some(cl), Some(server)) = (cluster, server) else {
        return Step {
            title,
            text: format!("there is no server URL, so kubectl connects to {FALLBACK} — usually nothing listens there and it fails with `The connection to the server localhost:8080 was refused`."),
            notes: Vec::new(),
        };
    };
    // Say what KC012 / KC014 say when kubectl cannot use the server or proxy
    // as written, rather than describe a connection it never makes.
    use crate::core::kubeconfig::rules::{proxy_url_invalid, server_url_invalid};
    if let Some((what, _, Severity::Error)) = server_url_invalid::problem(server) {
        return Step {
            title,
            text: format!("the server `{server}` {what}."),
            notes: Vec::new(),
        };
    }
    let proxy = cl.proxy_url.as_deref().filter(|p| !p.is_empty());
    if let Some((p, (what, _))) = proxy.and_then(|p| Some((p, proxy_url_invalid::problem(p)?))) {
        return Step {
            title,
            text: format!("the proxy-url `{p}` {what}."),
            notes: Vec::new(),
        };
    }
    let mut t = String::new();
    match endpoint::split(server) {
        Some((scheme, host, port)) => {
            let port = port.unwrap_or(if scheme.eq_ignore_ascii_case("http") {
                "80"
            } else {
                "443"
            });
            t.push_str(&format!(
                "kubectl opens a connection to {host}, port {port}"
            ));
        }
        None => t.push_str(&format!("`{server}` is not a URL kubectl can connect to")),
    }
    if let Some(p) = platform {
        t.push_str(&format!(" — {}", p.describe()));
    }
    t.push_str(". ");
    match cl.proxy_url.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => t.push_str(&format!("It goes through the proxy {p} (proxy-url), which must reach the server. ")),
        None => t.push_str("It goes directly, or through the proxy named by HTTPS_PROXY in kubectl's environment unless NO_PROXY excludes the host. "),
    }
    if endpoint::transport(server) == endpoint::Transport::PlainHttp {
        t.push_str("The URL is plain http: no TLS, so requests and responses cross the network in clear text, and kubectl sends them no credential.");
    } else if cl.insecure_skip_tls_verify == Some(true) {
        t.push_str("TLS is used but the server's certificate is not verified (insecure-skip-tls-verify): anyone on the path can pose as the server and collect the credential kubectl sends.");
    } else if let Some(p) = super::super::overview::ca_placeholder(cl) {
        t.push_str(&format!("TLS: no usable CA: {p}."));
    } else {
        let name = cl
            .tls_server_name
            .as_deref()
            .filter(|n| !n.is_empty())
            .map(|n| format!("`{n}` (tls-server-name) instead of the host in the URL"))
            .unwrap_or_else(|| "the host in the URL".into());
        let anchor = if cl
            .certificate_authority_data
            .as_deref()
            .is_some_and(|d| !d.trim().is_empty())
        {
            "the CA embedded in certificate-authority-data".to_string()
        } else if let Some(f) = cl
            .certificate_authority
            .as_deref()
            .filter(|f| !f.is_empty())
        {
            format!("the CA in the file {}, read on the machine running kubectl (eksplain does not read files a kubeconfig points to)", super::super::overview::file_place(f))
        } else {
            "the operating system's trusted roots, since no CA is given — fine for a publicly signed endpoint, but a cluster's own CA is not among them and kubectl then fails with `x509: certificate signed by unknown authority`".to_string()
        };
        t.push_str(&format!(
            "TLS: the server's certificate must chain to {anchor} and be valid for {name}."
        ));
    }
    Step {
        title,
        text: t,
        notes: Vec::new(),
    }
}

fn exec_text(x: &ExecConfig) -> String {
    let cmd = x
        .command
        .as_deref()
        .filter(|c| !c.is_empty())
        .unwrap_or("(no command)");
    let mut line = cmd.to_string();
    redact::push_redacted_args(&x.args, &mut line);
    // client-go resolves a command with a path separator against the
    // kubeconfig file's directory (kubectl 1.32 ran `./plugin.sh` from
    // there), like every other relative path in the file (EXE004).
    let absolute = cmd.starts_with(['/', '\\']) || cmd.get(1..2) == Some(":");
    let lookup = if !cmd.contains(['/', '\\']) {
        "found on PATH"
    } else if absolute {
        "at that path"
    } else {
        "relative to the kubeconfig file's directory"
    };
    let mut t = format!("kubectl runs `{line}` ({lookup})");
    let env: Vec<String> = x
        .env
        .iter()
        .map(|e| {
            let n = e.name.as_deref().unwrap_or("");
            let v = e.value.as_ref().map(|v| v.expose()).unwrap_or("");
            if !redact::is_secret_name(n) && n.to_ascii_uppercase().contains("ACCESS_KEY") {
                // An access key ID is not a secret, but it identifies the key.
                format!("{n}={}", crate::core::secret::mask(v, 4))
            } else {
                format!("{n}={}", redact::env_value(n, v))
            }
        })
        .collect();
    if !env.is_empty() {
        t.push_str(&format!(
            " with {} added to its environment",
            env.join(", ")
        ));
    }
    let api = x.api_version.as_deref().unwrap_or("(no apiVersion)");
    let info = if x.provide_cluster_info == Some(true) {
        "whether it may prompt (spec.interactive) and, since provideClusterInfo is on, the cluster's server and CA (spec.cluster)"
    } else {
        "whether it may prompt (spec.interactive)"
    };
    t.push_str(&format!(
        ". The JSON in KUBERNETES_EXEC_INFO tells the plugin {info}. "
    ));
    if let Some(p) = plugin::describe(x) {
        t.push_str(&p.how);
        t.push(' ');
    }
    t.push_str(&format!("The plugin must print an ExecCredential ({api}) whose status holds a token (or a client certificate and key); kubectl keeps it in memory for this one command, until its expirationTimestamp — the next kubectl command runs the plugin again."));
    match x.interactive_mode.as_deref() {
        Some("Never") => {
            t.push_str(" interactiveMode Never: the plugin gets no terminal to prompt on.")
        }
        Some("Always") => t.push_str(
            // kubectl 1.32 with stdin at /dev/null, under `unshare -n`.
            " interactiveMode Always: without a terminal (CI, scripts) kubectl does not run it and fails with `getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal`.",
        ),
        _ => {}
    }
    if let Some(h) = x
        .install_hint
        .as_deref()
        .and_then(|h| h.lines().next())
        .filter(|h| !h.trim().is_empty())
    {
        t.push_str(&format!(
            " If `{cmd}` is missing, kubectl prints the installHint: \"{}\".",
            h.trim()
        ));
    }
    t
}

/// Whether a user, given no https server, is simply not used: validation
/// still refuses a token next to basic auth (KC024), a certificate without
/// its key (KC023) and exec next to an auth-provider (KC026), over any URL.
pub(super) fn sends_nothing(user: Option<&AuthInfo>) -> bool {
    use super::super::overview::auth;
    user.is_some_and(|u| {
        !(u.exec.is_some() && u.auth_provider.is_some()
            || auth::cert_without_key(u)
            || auth::token(u) && (auth::username(u) || auth::password(u)))
    })
}

/// `unsent`: why kubectl reads no credential for this server
/// ([`endpoint::no_credentials`]).
/// `prompt`: the server is https and the user gives kubectl nothing to
/// identify with, so it prompts for a username ([`auth::prompts`]).
pub(super) fn credential_step(
    user: Option<&AuthInfo>,
    user_name: &str,
    unsent: Option<&str>,
    prompt: bool,
) -> Step {
    use super::super::overview::auth::PROMPT;
    let title = "Get a credential";
    let text = match user {
        None if user_name.is_empty() && prompt => format!("there is no user, so there is no credential: {PROMPT}."),
        None if user_name.is_empty() => "there is no user, so there is no credential: the request goes out anonymous.".to_string(),
        None if prompt => format!("user `{user_name}` is not defined, so there is no credential: {PROMPT}."),
        None => format!("user `{user_name}` is not defined, so there is no credential: the request goes out anonymous."),
        Some(u) => {
            use super::super::overview::{auth, exec_skipped, file_place, has_static_credential, ignored};
            let token_file = u.token_file.as_deref().filter(|f| !f.is_empty());
            let text = if u.exec.is_some() && u.auth_provider.is_some() {
                "kubectl stops here: the user has both an exec plugin and an auth-provider, and kubectl refuses the combination (KC026).".to_string()
            } else if auth::cert_without_key(u) {
                "kubectl stops here: the user has a client certificate without its key (`client-key` or `client-key-data`), and kubectl refuses it (KC023).".to_string()
            } else if let Some(why) = unsent.filter(|_| sends_nothing(user)) {
                return Step {
                    title,
                    text: format!("nothing to fetch: {why}, and kubectl uses a user's credentials only with an https server: no token, certificate or exec plugin is used and the request goes out anonymous."),
                    notes: Vec::new(),
                };
            } else if let Some(x) = u.exec.as_ref().filter(|_| !has_static_credential(u)) {
                exec_text(x)
            } else if let Some(p) = &u.auth_provider {
                let name = p.name.as_deref().unwrap_or("?");
                match name {
                    "gcp" => "kubectl stops here: the `gcp` auth-provider was removed in kubectl 1.26, which refuses it and points to gke-gcloud-auth-plugin; older kubectl ran gcloud to get an access token.".to_string(),
                    "azure" => "kubectl stops here: the `azure` auth-provider was removed in kubectl 1.26, which refuses it and points to kubelogin; older kubectl refreshed an Azure AD token itself.".to_string(),
                    "oidc" => "kubectl's built-in `oidc` auth-provider uses the stored id-token; when it has expired it asks idp-issuer-url for a new one with the refresh-token and writes both back into the kubeconfig.".to_string(),
                    // kubectl 1.32: `no Auth Provider found for name "openstack"`.
                    other => format!("kubectl stops here: it has no `{other}` auth-provider (only `oidc` is built in) and fails with `no Auth Provider found for name \"{other}\"`."),
                }
            } else if let Some(p) = super::super::overview::credential_placeholder(u) {
                format!("nothing to fetch, and nothing usable: {p}.")
            } else if auth::token_with_basic(u) {
                "kubectl stops here: the user has a bearer token and a username/password, and kubectl allows only one of them (KC024).".to_string()
            } else if u.client_certificate_data.is_some() || u.client_certificate.is_some() {
                let place = if u.client_certificate_data.is_some() { "embedded in the file".to_string() } else { format!("from {}", super::super::overview::file_place(u.client_certificate.as_deref().unwrap_or(""))) };
                let also = super::super::overview::header_next_to_cert(u)
                    .map(|h| format!(" It sends {h} as well, in the `Authorization` header: kubectl uses both, and the API server decides which one counts."))
                    .unwrap_or_default();
                format!("nothing to fetch: kubectl presents the client certificate ({place}) during the TLS handshake and proves it holds the matching private key.{also}")
            } else if let (Some(_), Some(f)) = (u.token.as_ref().filter(|t| !t.is_empty()), token_file) {
                format!("whenever it can read the file, kubectl uses the bearer token in {}; only otherwise does it use the `token` stored in the kubeconfig.", file_place(f))
            } else if let Some(t) = u.token.as_ref().filter(|t| !t.is_empty()) {
                match jwt_facts(t.expose()) {
                    Some(f) if f.legacy_service_account => format!("nothing to fetch: kubectl uses the static token stored in the file, a legacy service-account token{} that never expires.", f.subject.map(|s| format!(" for `{s}`")).unwrap_or_default()),
                    Some(super::super::secrets::JwtFacts { eks_signed: Some(signed), .. }) => format!("nothing to fetch: kubectl uses the EKS token stored in the file (`aws eks get-token` output signed at {}), which STS accepts for 15 minutes after signing; the exec plugin would fetch a fresh one for every command.", crate::core::time::format_rfc3339(signed)),
                    Some(_) => "nothing to fetch: kubectl uses the bearer token (a JWT) stored in the file.".to_string(),
                    None => "nothing to fetch: kubectl uses the static bearer token stored in the file.".to_string(),
                }
            } else if let Some(f) = token_file {
                format!("kubectl reads the bearer token from {} (and re-reads it now and then, so it can be rotated).", file_place(f))
            } else if auth::username_without_password(u) {
                "kubectl uses the stored username with an empty password (basic auth); it does not ask for the password.".to_string()
            } else if auth::username(u) {
                "kubectl uses the stored username and password (basic auth).".to_string()
            } else if auth::password(u) || auth::key(u) {
                let what = if auth::password(u) { "a `password` without a `username`" } else { "a client key without its certificate" };
                format!("kubectl ignores {what}, so the user has no credential: on a terminal it asks `Please enter Username:`, without one it fails with `EOF`.")
            } else if prompt {
                format!("the user has no credential: {PROMPT}.")
            } else {
                "the user has no credential: the request goes out anonymous.".to_string()
            };
            let text = match exec_skipped(u) {
                Some(skipped) => format!("{text} Next to it, {skipped}."),
                None => text,
            };
            match ignored(u) {
                Some(i) => format!("{text} The {i}."),
                None => text,
            }
        }
    };
    Step {
        title,
        text,
        notes: Vec::new(),
    }
}

/// `user`: the user whose credentials are sent (none over plain HTTP);
/// `entry`: the user entry, whose impersonation headers kubectl sets over
/// any URL (1.32 with `http://`: `Impersonate-User` and `Impersonate-Group`
/// and no `Authorization`).
pub(super) fn request_step(
    server: Option<&str>,
    has_cluster: bool,
    (user, entry): (Option<&AuthInfo>, Option<&AuthInfo>),
    ns: &str,
    prompt: bool,
) -> Step {
    let base = match server {
        Some(s) if has_cluster => s.trim_end_matches('/').to_string(),
        _ => FALLBACK.to_string(),
    };
    use super::super::overview::auth;
    let header = match user {
        _ if prompt => Some("the username and password typed at the prompt, as `Authorization: Basic …` (without a terminal kubectl stopped before this request) — which API servers no longer accept since Kubernetes 1.19"),
        None => None,
        Some(u) if u.exec.is_some() && !super::super::overview::has_static_credential(u) => Some("`Authorization: Bearer <the plugin's token>`"),
        Some(u) if u.auth_provider.is_some() => Some("`Authorization: Bearer <the id-token>`"),
        // With both, the file wins whenever kubectl can read it (KC024).
        Some(u) if auth::token_file(u) => Some("`Authorization: Bearer <the token from the file>`"),
        Some(u) if auth::token(u) => Some("`Authorization: Bearer <the stored token>`"),
        Some(u) if auth::username_without_password(u) => Some("`Authorization: Basic <username:>` (an empty password) — which API servers no longer accept since Kubernetes 1.19"),
        Some(u) if auth::username(u) => Some("`Authorization: Basic <username:password>` — which API servers no longer accept since Kubernetes 1.19"),
        Some(_) => None,
    };
    // client-go adds the header whatever the TLS config holds: with a
    // certificate and a token both reach the server (kubectl 1.32 against a
    // local TLS server saw `Bearer` and the certificate on one request).
    let cert =
        user.is_some_and(|u| u.client_certificate_data.is_some() || u.client_certificate.is_some());
    let auth = match (header, cert) {
        (None, false) => "no credential".to_string(),
        (Some(h), false) => h.to_string(),
        (None, true) => "no Authorization header: the client certificate from the handshake identifies the user".to_string(),
        (Some(h), true) => format!("{h}, and the client certificate from the handshake: kubectl sends both, and the API server's authenticators decide which one identifies the user"),
    };
    let mut text = format!("kubectl first learns what `pods` is from API discovery (GET {base}/api and /apis, cached for a few hours under ~/.kube/cache/discovery — this is the request that fails first when the server is unreachable), then sends GET {base}/api/v1/namespaces/{ns}/pods?limit=500, with {auth}");
    if let Some(u) = entry {
        if let Some(a) = u.impersonate.as_deref().filter(|a| !a.is_empty()) {
            text.push_str(&format!(", plus `Impersonate-User: {a}`"));
            for g in &u.impersonate_groups {
                text.push_str(&format!(", `Impersonate-Group: {g}`"));
            }
            if let Some(uid) = u.impersonate_uid.as_deref().filter(|u| !u.is_empty()) {
                text.push_str(&format!(", `Impersonate-Uid: {uid}`"));
            }
            // Go writes header names in canonical case (kubectl 1.32:
            // `Impersonate-Extra-Reason: outage` for `reason: [outage]`).
            for (k, vs) in &u.impersonate_user_extra {
                let mut up = true;
                let key: String = k
                    .chars()
                    .map(|c| {
                        let c = if up { c.to_ascii_uppercase() } else { c };
                        up = c == '-';
                        c
                    })
                    .collect();
                for v in vs {
                    text.push_str(&format!(", `Impersonate-Extra-{key}: {v}`"));
                }
            }
            text.push_str(" — the server checks that the authenticated user may impersonate, then acts as that user");
        }
    }
    text.push('.');
    Step {
        title: "Send the request",
        text,
        notes: Vec::new(),
    }
}

pub(super) fn decide_step(
    platform: Option<&Platform>,
    user: Option<&AuthInfo>,
    ctx: &str,
    ns: &str,
    prompt: bool,
) -> Step {
    use super::super::overview::auth;
    let who = match user {
        _ if prompt => BASIC_IGNORED.to_string(),
        None => "without a credential the request is from `system:anonymous`, which most clusters reject (401 Unauthorized or 403 Forbidden).".to_string(),
        Some(u) => {
            let exec = u.exec.as_ref().filter(|_| !super::super::overview::has_static_credential(u));
            if let Some(p) = exec.and_then(plugin::describe) {
                p.server_side(platform)
            } else if u.auth_provider.as_ref().and_then(|p| p.name.as_deref()) == Some("oidc") {
                "the ID token is checked against the API server's OIDC settings (issuer and client ID); the user name and groups come from its claims.".to_string()
            } else if (u.client_certificate_data.is_some() || u.client_certificate.is_some()) && (auth::token(u) || auth::token_file(u)) {
                "the API server tries the client certificate before the token: when the cluster's client CA signed it, its CN is the user name and its O fields the groups, and the token is not looked at; otherwise the token is validated. Remove the one you do not mean to use.".to_string()
            } else if u.client_certificate_data.is_some() || u.client_certificate.is_some() {
                "the certificate must be signed by the cluster's client CA; the user name is its CN and the groups are its O fields (O=system:masters is all-powerful and bypasses RBAC).".to_string()
            } else if let Some(t) = u.token.as_ref().filter(|t| !t.is_empty()) {
                let facts = jwt_facts(t.expose());
                match facts.as_ref().and_then(|f| f.subject.clone()) {
                    _ if facts.as_ref().is_some_and(|f| f.eks_signed.is_some()) => "the EKS authenticator replays the token's presigned STS request; STS answers with the IAM identity that signed it, which an access entry or the aws-auth ConfigMap maps to a user and groups.".to_string(),
                    Some(s) => format!("the token is validated; it says it is `{s}`."),
                    None => "the token is mapped to a user: a service-account token, an OIDC token, or an entry of a static token file or webhook.".to_string(),
                }
            } else if auth::username(u) {
                BASIC_IGNORED.to_string()
            } else if u.exec.is_some() {
                "whatever the plugin returned is checked like any token or certificate.".to_string()
            } else {
                "the credential is mapped to a user and groups; an unknown one gets 401 Unauthorized.".to_string()
            }
        }
    };
    Step {
        title: "The API server authenticates and authorises",
        text: if ctx.is_empty() {
            format!("{who} Then RBAC (or the cluster's authorizer) must allow `list` on `pods` in namespace `{ns}`, or the answer is 403 Forbidden.")
        } else {
            format!("{who} Then RBAC (or the cluster's authorizer) must allow `list` on `pods` in namespace `{ns}`, or the answer is 403 Forbidden; `kubectl auth can-i list pods --namespace {ns} --context {ctx}` asks the same question.")
        },
        notes: Vec::new(),
    }
}

/// What an API server since Kubernetes 1.19 (no `--basic-auth-file`) makes
/// of basic auth: no authenticator reads the header and none fails, so the
/// anonymous authenticator takes the request.
const BASIC_IGNORED: &str = "no authenticator reads basic auth since Kubernetes 1.19, so the request counts as `system:anonymous` (or gets 401 Unauthorized where anonymous access is off).";
