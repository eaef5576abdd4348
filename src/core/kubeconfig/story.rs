//! The story of a context: what `kubectl --context X get pods` does with it,
//! step by step — from reading the file to the API server's RBAC decision —
//! with the facts that matter at each step (which server and what it is, how
//! TLS trust works, how the credential is obtained, which namespace) and the
//! findings that break or weaken that step.
//!
//! Built once per context in linear time: names are resolved through hash
//! maps and findings are bucketed by the entry they point at.

mod steps;

use super::endpoint::{self, Platform};
use super::model::{AuthInfo, Cluster, NamedContext};
use super::Cx;
use crate::core::finding::{Finding, Severity};
use crate::core::source::{Pos, Seg};
use std::collections::HashMap;
use steps::{connect_step, credential_step, decide_step, pick_step, request_step, resolve_step};

/// One context's story.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct ContextStory {
    pub context: String,
    pub is_current: bool,
    pub pos: Option<Pos>,
    /// The server URL, or the URL kubectl falls back to.
    pub server: String,
    /// What the server is; `None` when the context names no existing cluster.
    pub platform: Option<Platform>,
    /// How the server's certificate is trusted, in words.
    pub trust: String,
    /// The user entry's name (`—` for none).
    pub user: String,
    /// How the credential is obtained, in words (secrets redacted).
    pub credential: String,
    pub namespace: String,
    /// False when the context sets no namespace and `default` applies.
    pub namespace_set: bool,
    pub steps: Vec<Step>,
}

/// One step of what kubectl does.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Step {
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub title: crate::core::StaticStr,
    pub text: String,
    /// Findings that affect this step.
    pub notes: Vec<StepNote>,
}

/// A finding attached to a step, by code: the full finding is in the report.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct StepNote {
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub code: crate::core::StaticStr,
    pub severity: Severity,
    pub line: Option<u32>,
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub summary: crate::core::StaticStr,
}

// Step indices.
const LOAD: usize = 0;
const PICK: usize = 1;
const RESOLVE: usize = 2;
const CONNECT: usize = 3;
const CREDENTIAL: usize = 4;
const REQUEST: usize = 5;
// (6: the API server decides; no finding points there.)

/// What a finding's path points at, and the step it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Target {
    Global,
    Context(usize),
    Cluster(usize),
    User(usize),
}

fn target(f: &Finding) -> (Target, usize) {
    let segs = f.location.path.segments();
    let key = |i: usize| match segs.get(i) {
        Some(Seg::Key(k)) => Some(k.as_ref()),
        _ => None,
    };
    let index = match segs.get(1) {
        Some(Seg::Index(i)) => Some(*i),
        _ => None,
    };
    match (key(0), index) {
        (Some("contexts"), Some(i)) => {
            let step = match key(3) {
                Some("cluster" | "user" | "namespace") => RESOLVE,
                _ => PICK,
            };
            (Target::Context(i), step)
        }
        (Some("clusters"), Some(i)) => (Target::Cluster(i), CONNECT),
        (Some("users"), Some(i)) => {
            let step = match key(3) {
                Some(k) if k.starts_with("as") && k != "auth-provider" => REQUEST,
                _ => CREDENTIAL,
            };
            (Target::User(i), step)
        }
        (Some("current-context"), _) => (Target::Global, PICK),
        _ => (Target::Global, LOAD),
    }
}

fn note(f: &Finding) -> StepNote {
    StepNote {
        code: f.code(),
        severity: f.severity,
        line: f.line(),
        summary: f.rule.summary,
    }
}

fn add_note(step: &mut Step, n: &StepNote) {
    if !step
        .notes
        .iter()
        .any(|m| m.code == n.code && m.line == n.line)
    {
        step.notes.push(n.clone());
    }
}

/// The story of every context, the current one first: those in `range` of
/// that list.
pub fn build(cx: &Cx, findings: &[Finding], range: std::ops::Range<usize>) -> Vec<ContextStory> {
    let c = cx.config;
    let mut clusters: HashMap<&str, usize> = HashMap::new();
    for (i, nc) in c.clusters.iter().enumerate() {
        clusters
            .entry(nc.name.as_deref().unwrap_or(""))
            .or_insert(i);
    }
    let mut users: HashMap<&str, usize> = HashMap::new();
    for (i, nu) in c.users.iter().enumerate() {
        users.entry(nu.name.as_deref().unwrap_or("")).or_insert(i);
    }
    let broken = super::overview::broken_cas(findings);
    let mut buckets: HashMap<Target, Vec<(usize, StepNote)>> = HashMap::new();
    for f in findings {
        let (t, step) = target(f);
        buckets.entry(t).or_default().push((step, note(f)));
    }
    // A finding that makes kubectl refuse the whole file (the kubeconfig
    // rules end their message with LOAD_NOTE, the certificate rules say it
    // in their own words): every story stops at the first step.
    const LOAD_REFUSED: &str = "kubectl refuses to load the whole file";
    debug_assert!(super::rules::support::LOAD_NOTE.contains(LOAD_REFUSED));
    let refused = findings.iter().find(|f| f.message.contains(LOAD_REFUSED));
    let mut order: Vec<usize> = (0..c.contexts.len()).collect();
    if let Some(cur) = cx.current {
        order.retain(|&i| i != cur);
        order.insert(0, cur);
    }
    order
        .into_iter()
        .enumerate()
        .skip(range.start)
        .take(range.len())
        .map(|(n, i)| {
            let nc = &c.contexts[i];
            let ctx = nc.context.clone().unwrap_or_default();
            let cluster_ix = ctx
                .cluster
                .as_deref()
                .and_then(|n| clusters.get(n).copied());
            let user_ix = ctx.user.as_deref().and_then(|n| users.get(n).copied());
            let mut story = story(cx, i, nc, (cluster_ix, user_ix), &broken);
            let mut attach = |t: Target| {
                for (step, note) in buckets.get(&t).into_iter().flatten() {
                    if let Some(s) = story.steps.get_mut(*step) {
                        add_note(s, note);
                    }
                }
            };
            if n == 0 {
                attach(Target::Global);
            }
            attach(Target::Context(i));
            if let Some(j) = cluster_ix {
                attach(Target::Cluster(j));
            }
            if let Some(k) = user_ix {
                attach(Target::User(k));
            }
            let cert_auth = user_ix
                .and_then(|k| c.users.get(k)?.user.as_ref())
                .is_some_and(super::overview::auth::cert_auth);
            refused_exec(&mut story, cert_auth);
            if let Some(f) = refused {
                refused_load(&mut story, f);
            }
            story
        })
        .collect()
}

/// Rules that mean kubectl refuses the user's `exec` section before it runs
/// anything: a missing or unknown apiVersion, no command, an env entry
/// without a name, a bad or missing interactiveMode.
const EXEC_REFUSED: [&str; 5] = ["KC010", "KC027", "KC028", "KC029", "KC030"];

/// Rules that mean kubectl refuses the cluster entry before connecting: a CA
/// as both file and data (KC015), `insecure-skip-tls-verify` next to a CA
/// over https (KC017). kubectl 1.32: `error: certificate-authority-data and
/// certificate-authority are both specified for minikube. …`.
/// A `certificate-authority` starting with `~` (KC034) is read by validation
/// too: `unable to read certificate-authority …`.
const CLUSTER_REFUSED: [&str; 3] = ["KC015", "KC017", "KC034"];

/// Certificate data kubectl cannot load: the cluster's CA (`unable to load
/// root certificates: unable to parse bytes as PEM block`) or the user's
/// certificate and key (`tls: private key does not match public key`,
/// `tls: failed to parse private key`, `tls: failed to find "CERTIFICATE"
/// PEM block …`). kubectl 1.32 loads them only for an https server.
const CA_UNLOADABLE: [&str; 4] = ["CRT005", "CRT006", "CRT007", "CRT009"];
const CERT_UNLOADABLE: [&str; 7] = [
    "CRT005", "CRT006", "CRT007", "CRT009", "CRT018", "CRT019", "CRT020",
];

/// Rules that mean kubectl refuses the user entry: a client certificate or
/// key as both file and data (KC021, KC022), an `oidc` provider without its
/// issuer or client ID (KC065), a file path starting with `~` (KC034).
/// kubectl 1.32: `error:
/// client-cert-data and client-cert are both specified for minikube. …`.
const USER_REFUSED: [&str; 4] = ["KC021", "KC022", "KC034", "KC065"];

/// Rules that mean kubectl refuses the user's impersonation settings:
/// `as-groups`, `as-uid` or `as-user-extra` without `as` (KC025). kubectl
/// 1.32, over http:// too: `error: requesting uid, groups or user-extra for u
/// without impersonating a user`.
const REQUEST_REFUSED: [&str; 1] = ["KC025"];

/// When such a finding is attached to the connect, credential or request
/// step, the step says that kubectl stops, not how it would go on.
/// `cert_auth`: the user has a client certificate and its key, which kubectl
/// loads (a key alone it ignores).
fn refused_exec(story: &mut ContextStory, cert_auth: bool) {
    let https = endpoint::transport(&story.server) == endpoint::Transport::Tls;
    let stop = |step: &mut Step, codes: &[&str], what: &str| {
        if let Some(n) = step.notes.iter().find(|n| codes.contains(&n.code)) {
            let at = n.line.map(|l| format!(", line {l}")).unwrap_or_default();
            step.text = format!("kubectl stops here, {what} as written ({}{at}).", n.code);
            true
        } else {
            false
        }
    };
    if let Some(step) = story.steps.get_mut(CONNECT) {
        if !stop(
            step,
            &CLUSTER_REFUSED,
            "before connecting: it refuses the cluster entry",
        ) && https
        {
            stop(
                step,
                &CA_UNLOADABLE,
                "before connecting: it cannot load the cluster's CA",
            );
        }
    }
    if let Some(step) = story.steps.get_mut(REQUEST) {
        stop(
            step,
            &REQUEST_REFUSED,
            "before any request: it refuses the user's impersonation settings",
        );
    }
    if let Some(step) = story.steps.get_mut(CREDENTIAL) {
        let stopped = stop(
            step,
            &EXEC_REFUSED,
            "before running the exec plugin: it refuses the user's `exec` section",
        ) || stop(
            step,
            &USER_REFUSED,
            "before connecting: it refuses the user entry",
        );
        if !stopped && https && cert_auth {
            stop(
                step,
                &CERT_UNLOADABLE,
                "before connecting: it cannot load the client certificate and key",
            );
        }
    }
}

/// kubectl refuses to load the file (duplicate names, bad base64, a wrong
/// `kind`, a value of the wrong type): no context is picked, nothing is
/// sent. kubectl 1.32: `error: error loading config file "…": …`.
fn refused_load(story: &mut ContextStory, f: &Finding) {
    let Some(step) = story.steps.get_mut(LOAD) else {
        return;
    };
    let at = f.line().map(|l| format!(", line {l}")).unwrap_or_default();
    step.text = format!(
        "kubectl stops here: it refuses to load this file ({}{at}), whatever the context, and sends nothing; the steps below are what it does once that is fixed.",
        f.code()
    );
    add_note(step, &note(f));
}

const FALLBACK: &str = "http://localhost:8080";

fn story(
    cx: &Cx,
    i: usize,
    nc: &NamedContext,
    (cluster_ix, user_ix): (Option<usize>, Option<usize>),
    broken: &[(usize, &'static str, Option<u32>)],
) -> ContextStory {
    let c = cx.config;
    let name = nc.name.clone().unwrap_or_default();
    let ctx = nc.context.clone().unwrap_or_default();
    let cluster_name = ctx.cluster.clone().unwrap_or_default();
    let user_name = ctx.user.clone().unwrap_or_default();
    let named_cluster = cluster_ix.and_then(|j| c.clusters.get(j));
    let cluster: Option<Cluster> = named_cluster.map(|n| n.cluster.clone().unwrap_or_default());
    let user: Option<AuthInfo> = user_ix
        .and_then(|k| c.users.get(k))
        .map(|n| n.user.clone().unwrap_or_default());
    let server = cluster
        .as_ref()
        .and_then(|cl| cl.server.clone())
        .filter(|s| !s.is_empty());
    let platform = cluster
        .as_ref()
        .map(|cl| endpoint::identify(server.as_deref().unwrap_or(""), &cluster_name, Some(cl)));
    let namespace_set = ctx.namespace.as_deref().is_some_and(|n| !n.is_empty());
    let namespace = ctx
        .namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".into());
    // trust() reads the server the way KC012 and KC013 do (scheme in any
    // case, white space kept).
    let trust = match (&cluster, &server) {
        (Some(cl), Some(_)) => match cluster_ix {
            Some(j) => super::overview::trust_of(cl, j, broken),
            None => super::overview::trust(cl),
        },
        _ => format!("none: kubectl falls back to {FALLBACK}, plain HTTP"),
    };
    // client-go reads the user's credentials only for an https server: over
    // plain HTTP (or the fallback) the request is anonymous.
    let unsent = endpoint::no_credentials(cluster.as_ref());
    // Over https, a user kubectl cannot identify with (or none) makes it
    // prompt for a username (client-go's `canIdentifyUser`).
    let prompt = cluster.is_some()
        && server.as_deref().map(endpoint::transport) == Some(endpoint::Transport::Tls)
        && super::overview::auth::prompts(user.as_ref());
    let (method, detail) = match &user {
        Some(u) => super::overview::credential(u),
        None if user_name.is_empty() && prompt => (
            "none",
            "no user: kubectl asks `Please enter Username:` (and fails with `EOF` when stdin is not a terminal)".to_string(),
        ),
        None if user_name.is_empty() => ("none", "no user: requests are anonymous".to_string()),
        None => ("none", format!("user `{user_name}` is not defined")),
    };
    let shown_user = if user_name.is_empty() {
        "—".to_string()
    } else {
        user_name.clone()
    };
    let mut steps = Vec::with_capacity(7);
    steps.push(Step {
        title: "Load the configuration",
        text: "kubectl reads the files listed in $KUBECONFIG (or ~/.kube/config when it is unset), merging them first-definition-wins; here, this file. Only its first YAML document counts.".into(),
        notes: Vec::new(),
    });
    steps.push(pick_step(cx, i, &name));
    steps.push(resolve_step(
        &cluster_name,
        named_cluster.is_some(),
        &user_name,
        user.is_some(),
        &namespace,
        namespace_set,
    ));
    steps.push(connect_step(
        cluster.as_ref(),
        server.as_deref(),
        platform.as_ref(),
    ));
    let sent = user.as_ref().filter(|_| unsent.is_none());
    steps.push(credential_step(user.as_ref(), &user_name, unsent, prompt));
    steps.push(request_step(
        server.as_deref(),
        cluster.is_some(),
        (sent, user.as_ref()),
        &namespace,
        prompt,
    ));
    steps.push(decide_step(
        platform.as_ref(),
        sent,
        &name,
        &namespace,
        prompt,
    ));
    ContextStory {
        context: name,
        is_current: cx.is_current(i),
        pos: cx.pos.locate(0, &cx.context_path(i)),
        server: server.unwrap_or_else(|| FALLBACK.into()),
        platform,
        trust,
        user: shown_user,
        credential: match unsent.filter(|_| steps::sends_nothing(user.as_ref())) {
            Some(why) => {
                format!("{method}, not sent: {why}, and kubectl sends credentials only over https")
            }
            None => format!("{method}: {detail}"),
        },
        namespace,
        namespace_set,
        steps,
    }
}

impl ContextStory {
    /// The story as plain text, as `eksplain explain` prints it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mark = if self.is_current { " (current)" } else { "" };
        out.push_str(&format!("Context `{}`{mark}\n", self.context));
        let what = self
            .platform
            .as_ref()
            .map(|p| format!(" — {}", p.describe()))
            .unwrap_or_default();
        wrap(
            &mut out,
            &format!("  Server:      {}{what}", self.server),
            15,
        );
        wrap(&mut out, &format!("  TLS trust:   {}", self.trust), 15);
        wrap(
            &mut out,
            &format!("  User:        {} — {}", self.user, self.credential),
            15,
        );
        let ns_note = if self.namespace_set {
            ""
        } else {
            " (the context sets none)"
        };
        out.push_str(&format!("  Namespace:   {}{ns_note}\n", self.namespace));
        if self.context.is_empty() {
            out.push_str(
                "  What `kubectl get pods` would do with it (no name, so it cannot be picked):\n",
            );
        } else {
            out.push_str(&format!(
                "  What `kubectl --context {} get pods` does:\n",
                self.context
            ));
        }
        for (n, s) in self.steps.iter().enumerate() {
            wrap(
                &mut out,
                &format!("  {}. {}: {}", n + 1, s.title, s.text),
                5,
            );
            for note in &s.notes {
                let at = note
                    .line
                    .map(|l| format!(" (line {l})"))
                    .unwrap_or_default();
                wrap(
                    &mut out,
                    &format!(
                        "     ! {}[{}]{at}: {}",
                        note.severity, note.code, note.summary
                    ),
                    7,
                );
            }
        }
        out
    }
}

/// Text lines are folded at this many characters.
const WIDTH: usize = 100;

/// Appends `line` folded at spaces to [`WIDTH`] characters, continuation
/// lines indented by `hang` spaces. Words longer than a line stay whole.
fn wrap(out: &mut String, line: &str, hang: usize) {
    let mut col = 0;
    for (i, word) in line.split(' ').enumerate() {
        let len = word.chars().count();
        if i > 0 {
            if col + 1 + len > WIDTH && col > hang {
                out.push('\n');
                out.push_str(&" ".repeat(hang));
                col = hang;
            } else {
                out.push(' ');
                col += 1;
            }
        }
        out.push_str(word);
        col += len;
    }
    out.push('\n');
}
