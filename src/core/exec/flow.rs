//! The flow of one exec user, step by step: what kubectl runs (command line,
//! environment, `KUBERNETES_EXEC_INFO`), what the plugin returns and how kubectl
//! keeps it, how the plugin makes the credential, and what the server does.

use super::plugin::{self, shell_quote, Plugin};
use super::{aws, others, ExecUser, Target};
use crate::core::kubeconfig::model::Cluster;
use crate::core::kubeconfig::Cx;
use crate::core::redact::is_secret_name;
use crate::core::secret::mask;
use crate::core::source::Pos;

/// A titled group of lines in a flow.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Section {
    pub title: String,
    pub lines: Vec<String>,
}

impl Section {
    pub fn new(title: impl Into<String>) -> Self {
        Section {
            title: title.into(),
            lines: Vec::new(),
        }
    }
    pub fn line(&mut self, l: impl Into<String>) -> &mut Self {
        self.lines.push(l.into());
        self
    }
}

/// The flow of one exec user. Secrets are never included: env values and
/// arguments that look like credentials are redacted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct ExecFlow {
    /// The `users[]` entry name.
    pub user: String,
    pub pos: Option<Pos>,
    /// `context → cluster` for every context using this user (current first).
    pub used_by: Vec<String>,
    /// The plugin, in words.
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub plugin: crate::core::StaticStr,
    pub api_version: String,
    /// The command line kubectl runs, shell-quoted, credentials redacted.
    pub command_line: String,
    /// The environment entries the kubeconfig adds: `(name, shown value)`.
    pub env: Vec<(String, String)>,
    /// `KUBERNETES_EXEC_INFO` as kubectl sets it (CA data abbreviated).
    pub exec_info: String,
    pub install_hint: Option<String>,
    pub sections: Vec<Section>,
}

const V1ALPHA1: &str = "client.authentication.k8s.io/v1alpha1";

/// The value shown for an env entry.
fn shown_env(name: &str, value: &str) -> String {
    if !is_secret_name(name) && name.eq_ignore_ascii_case("AWS_ACCESS_KEY_ID") {
        mask(value, 4)
    } else {
        crate::core::redact::env_value(name, value)
    }
}

/// How kubectl finds the command (client-go resolves a relative path that
/// contains a separator against the kubeconfig file's directory).
pub fn resolution(command: &str) -> String {
    let absolute = command.starts_with('/')
        || command.starts_with("\\\\")
        || command.as_bytes().get(1..3) == Some(b":\\")
        || command.as_bytes().get(1..3) == Some(b":/");
    if command.is_empty() {
        "no command: kubectl fails before running anything".into()
    } else if absolute {
        "an absolute path: run as is".into()
    } else if command.contains(['/', '\\']) {
        "a relative path: kubectl resolves it against the directory of the kubeconfig file, not the current directory".into()
    } else {
        "looked up on kubectl's PATH".into()
    }
}

fn interactive(exec: &crate::core::kubeconfig::model::ExecConfig, api: &str) -> (bool, String) {
    let mode = exec.interactive_mode.as_deref().unwrap_or("");
    match mode {
        "Never" => (false, "interactiveMode Never: stdin is never passed to the plugin; `interactive` is false".into()),
        "Always" => (true, "interactiveMode Always: kubectl refuses to run the plugin unless stdin is a terminal (`standard input is not a terminal`); `interactive` is true".into()),
        "IfAvailable" => (true, "interactiveMode IfAvailable: in a terminal the plugin gets kubectl's stdin and `interactive` is true; in scripts and CI (stdin not a terminal) it is false".into()),
        "" if api.ends_with("/v1") => (false, "no interactiveMode: client.authentication.k8s.io/v1 requires one, kubectl refuses this user (`interactiveMode must be specified`)".into()),
        "" => (true, "no interactiveMode: defaults to IfAvailable for this apiVersion — in a terminal `interactive` is true, in scripts and CI false".into()),
        other => (false, format!("interactiveMode `{other}` is not Never, IfAvailable or Always: kubectl refuses this user")),
    }
}

/// `KUBERNETES_EXEC_INFO` as client-go encodes it (field order and names of
/// `client.authentication.k8s.io` `ExecCredential`).
fn exec_info(api: &str, interactive: bool, cluster: Option<&Cluster>) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut spec = String::new();
    if let Some(c) = cluster {
        let mut fields = vec![format!(
            "\"server\":{}",
            q(c.server.as_deref().unwrap_or(""))
        )];
        if let Some(t) = c.tls_server_name.as_deref().filter(|s| !s.is_empty()) {
            fields.push(format!("\"tls-server-name\":{}", q(t)));
        }
        if c.insecure_skip_tls_verify == Some(true) {
            fields.push("\"insecure-skip-tls-verify\":true".into());
        }
        if let Some(d) = c
            .certificate_authority_data
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            let head: String = d.chars().take(16).collect();
            fields.push(format!(
                "\"certificate-authority-data\":\"{head}…({} chars)\"",
                d.chars().count()
            ));
        } else if let Some(f) = c.certificate_authority.as_deref().filter(|f| !f.is_empty()) {
            fields.push(format!("\"certificate-authority-data\":\"<{f}, base64>\""));
        }
        if let Some(p) = c.proxy_url.as_deref().filter(|s| !s.is_empty()) {
            fields.push(format!("\"proxy-url\":{}", q(p)));
        }
        if c.disable_compression == Some(true) {
            fields.push("\"disable-compression\":true".into());
        }
        let ext = c
            .extensions
            .iter()
            .find(|e| e.name.as_deref() == Some("client.authentication.k8s.io/exec"))
            .and_then(|e| e.extension.as_ref())
            .and_then(|v| serde_json::to_string(v).ok());
        if let Some(ext) = ext {
            fields.push(format!("\"config\":{ext}"));
        }
        spec.push_str(&format!("\"cluster\":{{{}}},", fields.join(",")));
    }
    format!(
        "{{\"kind\":\"ExecCredential\",\"apiVersion\":{},\"spec\":{{{spec}\"interactive\":{interactive}}}}}",
        q(api)
    )
}

pub fn build(cx: &Cx, u: &ExecUser) -> ExecFlow {
    let exec = u.exec;
    let api = exec.api_version.clone().unwrap_or_default();
    let command = exec.command.clone().unwrap_or_default();
    let mut words = vec![shell_quote(&command)];
    words.extend(
        plugin::redacted_args(&exec.args)
            .iter()
            .map(|a| shell_quote(a)),
    );
    let env: Vec<(String, String)> = exec
        .env
        .iter()
        .map(|e| {
            let name = e.name.clone().unwrap_or_default();
            let value = e.value.as_ref().map(|v| v.expose()).unwrap_or("");
            let shown = shown_env(&name, value);
            (name, shown)
        })
        .collect();
    let first: Option<&Target> = u.targets.first();
    let cluster = first.and_then(|t| u.cluster(cx, t));
    let (is_interactive, interactive_note) = interactive(exec, &api);
    let info = exec_info(
        &api,
        is_interactive,
        cluster.filter(|_| exec.provide_cluster_info == Some(true)),
    );
    let used_by = u
        .targets
        .iter()
        .map(|t| {
            let cur = if cx.is_current(t.context) {
                " (current)"
            } else {
                ""
            };
            // No https server, no plugin run (kubectl 1.32, `--v=9`).
            let skip = crate::core::kubeconfig::endpoint::no_credentials(u.cluster(cx, t))
                .map(|why| format!(" — kubectl does not run the plugin here: {why}"))
                .unwrap_or_default();
            format!(
                "context {}{cur} → cluster {}{skip}",
                t.context_name, t.cluster_name
            )
        })
        .collect();

    let mut runs = Section::new("1. What kubectl runs");
    runs.line(format!("$ {}", words.join(" ")));
    runs.line(format!("Command: {}.", resolution(&command)));
    let auth = cx.config.users.get(u.index).and_then(|nu| nu.user.as_ref());
    use crate::core::kubeconfig::overview::auth as creds;
    if let Some(field) = auth.and_then(creds::exec_blocker) {
        runs.line(format!("kubectl does not run it: this user also has `{field}`, which kubectl uses instead (KC024)."));
    } else if auth.is_some_and(creds::cert_without_key) {
        runs.line("kubectl does not run it: this user also has a client certificate without its key, and kubectl refuses the user before it gets here (KC023).");
    }
    if env.is_empty() {
        runs.line("Environment: kubectl's own, unchanged.");
    } else {
        runs.line("Environment: kubectl's own, plus (overriding) these entries:");
        for (n, v) in &env {
            if n.is_empty() {
                runs.line("  (an entry without `name`: kubectl refuses it, KC029)");
            } else {
                runs.line(format!("  {n}={v}"));
            }
        }
    }
    runs.line("KUBERNETES_EXEC_INFO (set by kubectl for the plugin):");
    runs.line(format!("  {info}"));
    runs.line(interactive_note);
    if exec.provide_cluster_info == Some(true) {
        runs.line("provideClusterInfo is true: spec.cluster carries the server, its CA and the cluster's `client.authentication.k8s.io/exec` extension.");
    } else {
        runs.line("provideClusterInfo is false: the plugin learns nothing about the cluster from kubectl.");
    }
    if api == V1ALPHA1 {
        runs.line("kubectl ≥ 1.24 stops before running it: `exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\"`.");
    }
    match exec
        .install_hint
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
    {
        Some(h) => {
            runs.line("If the command is missing, kubectl prints `exec: executable … not found` and this installHint:");
            for l in h.lines() {
                runs.line(format!("  | {l}"));
            }
        }
        None => {
            runs.line("If the command is missing, kubectl fails with `exec: executable … not found` (no installHint given).");
        }
    }

    let mut returns = Section::new("2. What the plugin returns");
    returns.line(format!(
        "On stdout, an ExecCredential of the same apiVersion ({}) — kubectl rejects any other version — with status.token (or clientCertificateData + clientKeyData) and usually status.expirationTimestamp. stderr goes to your terminal.",
        if api.is_empty() { "none set" } else { api.as_str() }
    ));
    returns.line("kubectl keeps the credential in memory for this one process only; it runs the plugin again when expirationTimestamp has passed, or when the server answers 401. Every new kubectl command starts from scratch.");

    let (make, server) = match &u.plugin {
        Plugin::AwsEksGetToken(a) => aws::aws_cli(cx, u, a),
        Plugin::AwsIamAuthenticator(a) => aws::authenticator(cx, u, a),
        Plugin::GkeGcloudAuth => others::gke(),
        Plugin::AzureKubelogin(a) => others::azure(a),
        Plugin::OidcLogin(o) => others::oidc(o),
        Plugin::Generic => others::generic(),
    };
    ExecFlow {
        user: u.name.to_string(),
        pos: cx.pos.locate(0, &cx.user_path(u.index)),
        used_by,
        plugin: u.plugin.name(),
        api_version: api,
        command_line: words.join(" "),
        env,
        exec_info: info,
        install_hint: exec.install_hint.clone(),
        sections: vec![runs, returns, make, server],
    }
}

impl ExecFlow {
    /// The flow as plain text.
    pub fn to_text(&self) -> String {
        let mut out = format!("\nExec flow for user {} — {}\n", self.user, self.plugin);
        if self.used_by.is_empty() {
            out.push_str("  used by: no context\n");
        } else {
            for u in &self.used_by {
                out.push_str(&format!("  used by: {u}\n"));
            }
        }
        for s in &self.sections {
            out.push_str(&format!("  {}\n", s.title));
            for l in &s.lines {
                out.push_str(&format!("    {l}\n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_info_matches_client_go_field_order() {
        assert_eq!(
            exec_info("client.authentication.k8s.io/v1beta1", false, None),
            r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false}}"#
        );
        let c = Cluster {
            server: Some("https://example:6443".into()),
            certificate_authority_data: Some("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==".into()),
            ..Default::default()
        };
        assert_eq!(
            exec_info("client.authentication.k8s.io/v1", true, Some(&c)),
            r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"cluster":{"server":"https://example:6443","certificate-authority-data":"LS0tLS1CRUdJTiBD…(40 chars)"},"interactive":true}}"#
        );
    }

    #[test]
    fn relative_commands_resolve_against_the_kubeconfig() {
        assert!(resolution("aws").contains("PATH"));
        assert!(resolution("/usr/bin/aws").contains("absolute"));
        assert!(resolution("C:\\bin\\aws.exe").contains("absolute"));
        assert!(resolution("./bin/aws").contains("directory of the kubeconfig"));
    }
}
