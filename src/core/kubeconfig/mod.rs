//! kubeconfig: parse with serde_yaml into the typed [`model`], index positions,
//! run the [`rules`], and build the [`Overview`] the page shows.

pub mod endpoint;
pub mod goyaml;
pub mod merge;
pub mod model;
pub mod names;
pub mod overview;
pub mod plugin;
pub mod rules;
pub mod secrets;
pub mod story;
pub mod views;

pub use merge::{merge, Merged};
pub use overview::Overview;
pub use views::{view, ViewOptions};

use super::finding::{Finding, Severity, Sink};
use super::report::{Explanation, Options};
use super::source::Path;
use super::yamlpos::LazyPosTree;
use model::Config;

/// What every kubeconfig rule gets to look at.
pub struct Cx<'a> {
    pub text: &'a str,
    pub config: &'a Config,
    /// Positions, indexed on first use: a clean file needs none.
    pub pos: &'a LazyPosTree<'a>,
    /// False when the fast parser read the file and every mapping key it met
    /// went into the model: then no fixed-shape object has a key the model
    /// lacks (`preferences`, kept whole, aside).
    pub unread_keys: bool,
    /// Index into `config.contexts` of the context `current-context` names.
    pub current: Option<usize>,
    pub opts: &'a Options,
    /// Entries and the contexts that use them, by name.
    pub names: names::NameIndex<'a>,
    /// The users with an exec plugin, computed on first use (`exec::exec_users`).
    pub exec_users: std::cell::OnceCell<Vec<crate::core::exec::ExecUser<'a>>>,
    /// The credentials stored in the file, computed on first use (`secrets::inventory`):
    /// two rules read them, and listing them walks every user.
    pub credentials: std::cell::OnceCell<Vec<secrets::Credential>>,
    /// The text's line starts, indexed on first use: rules that read what a
    /// finding's line holds ask for it once per analysis, not per finding.
    pub lines: std::cell::OnceCell<super::source::LineIndex<'a>>,
}

impl<'a> Cx<'a> {
    /// The text's lines ([`Cx::lines`]'s field), indexed on first use.
    pub fn lines(&self) -> &super::source::LineIndex<'a> {
        self.lines
            .get_or_init(|| super::source::LineIndex::new(self.text))
    }

    /// The credentials stored in the file ([`secrets::inventory`]), listed once.
    pub fn credentials(&self) -> &[secrets::Credential] {
        self.credentials
            .get_or_init(|| secrets::inventory(self.config))
    }

    /// Indices of the contexts that use the cluster named `name`.
    pub fn contexts_using_cluster(&self, name: &str) -> impl Iterator<Item = usize> + '_ {
        self.names.contexts_using_cluster(name).iter().copied()
    }

    /// Indices of the contexts that use the user named `name`.
    pub fn contexts_using_user(&self, name: &str) -> impl Iterator<Item = usize> + '_ {
        self.names.contexts_using_user(name).iter().copied()
    }

    /// True when `ctx` is the context kubectl uses by default.
    pub fn is_current(&self, ctx: usize) -> bool {
        self.current == Some(ctx)
    }

    /// kubectl validates only the context in use: a problem in another context
    /// is a warning until someone switches to it.
    pub fn scoped(&self, ctx: usize, severity: Severity) -> Severity {
        if self.is_current(ctx) || severity != Severity::Error {
            severity
        } else {
            Severity::Warning
        }
    }

    /// Like [`Cx::scoped`] for an entry (cluster or user) used by `contexts`.
    pub fn scoped_entry(
        &self,
        mut contexts: impl Iterator<Item = usize>,
        severity: Severity,
    ) -> Severity {
        match self.current {
            Some(cur) if contexts.any(|c| c == cur) => severity,
            _ if severity == Severity::Error => Severity::Warning,
            _ => severity,
        }
    }

    pub fn cluster_path(&self, i: usize) -> Path {
        item_path("clusters", i)
    }
    pub fn context_path(&self, i: usize) -> Path {
        item_path("contexts", i)
    }
    pub fn user_path(&self, i: usize) -> Path {
        item_path("users", i)
    }
}

/// `list[i]`, built in one step: rules ask for these paths tens of thousands
/// of times on a large file, and `Path::root().k(list).i(i)` allocated twice as
/// often (the intermediate `list` path and its copy).
fn item_path(list: &'static str, i: usize) -> Path {
    Path(vec![
        super::source::Seg::Key(list.into()),
        super::source::Seg::Index(i),
    ])
}

/// A note for a finding's message about the scope of a problem.
pub fn scope_note(current: bool) -> &'static str {
    if current {
        " This is the current context: kubectl fails (or misbehaves) by default."
    } else {
        " This context is not the current one: it matters only after `kubectl config use-context` or `--context`."
    }
}

/// True when the text has no YAML content at all (empty, or only comments).
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim_start_matches('\u{feff}').trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    })
}

/// Parses the first YAML document of `text` into a [`Config`].
pub fn parse(text: &str) -> Result<Config, serde_yaml::Error> {
    parse_noting(text).map(|p| p.config)
}

/// A parsed kubeconfig and what the parse learnt about the text.
struct Parsed {
    config: Config,
    /// See [`Cx::unread_keys`].
    unread_keys: bool,
    /// The fast parser read it: one document (it declines on a `---` after
    /// the first line).
    single_document: bool,
}

fn parse_noting(text: &str) -> Result<Parsed, serde_yaml::Error> {
    let slow = |config| Parsed {
        config,
        unread_keys: true,
        single_document: false,
    };
    if is_blank(text) {
        return Ok(slow(Config::default()));
    }
    // `<<: *common` merge keys: kubectl (go-yaml v2) merges the anchored
    // mapping in, keys written beside `<<` winning; serde_yaml would keep a
    // key named `<<` and miss every merged field.
    if has_merge_key(text) {
        if let Some(config) = parse_merged(text) {
            return Ok(slow(config));
        }
    }
    // Tool-written kubeconfigs take the fast path; anything else (and every error) is serde_yaml's.
    if let Some((config, ignored)) = super::yamlfast::from_str_noting_ignored(text) {
        return Ok(Parsed {
            config,
            unread_keys: ignored,
            single_document: true,
        });
    }
    use serde::Deserialize;
    let mut docs = serde_yaml::Deserializer::from_str(text);
    match docs.next() {
        Some(doc) => Config::deserialize(doc).map(slow),
        None => Ok(slow(Config::default())),
    }
}

/// Whether a line of `text` has a `<<` merge key (`<<: *anchor`, `- <<: *a`).
fn has_merge_key(text: &str) -> bool {
    text.contains("<<")
        && text.lines().any(|l| {
            l.trim_start()
                .trim_start_matches("- ")
                .trim_start()
                .strip_prefix("<<")
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
}

/// The first document with its merge keys applied; `None` when it does not
/// parse that way (the caller's parse then reports the error with its line).
/// The merged document goes back through the same text deserializer as any
/// other (as JSON, which is YAML): `serde_yaml::from_value` would instantiate a
/// second deserializer for every model type, ~12 KB of the web app's wasm.
fn parse_merged(text: &str) -> Option<Config> {
    use serde::Deserialize;
    let doc = serde_yaml::Deserializer::from_str(text).next()?;
    let mut value = serde_yaml::Value::deserialize(doc).ok()?;
    value.apply_merge().ok()?;
    let json = serde_json::to_string(&value).ok()?;
    let doc = serde_yaml::Deserializer::from_str(&json).next()?;
    Config::deserialize(doc).ok()
}

pub fn analyze(text: &str, opts: &Options) -> (Vec<Finding>, Explanation) {
    let (findings, explanation, _) = analyze_timed(text, opts);
    (findings, explanation)
}

/// [`analyze`], and when the report stops being true: the validity of every
/// certificate in the file (read from the overview's cards, which list them
/// all) and the expiry of every JWT stored as a user's `token`.
pub fn analyze_timed(
    text: &str,
    opts: &Options,
) -> (Vec<Finding>, Explanation, Option<super::UnixTime>) {
    analyze_previewed(text, opts, None)
}

/// What [`analyze_previewed`] shows first: the findings and an overview whose
/// credential flows, stories and certificate cards stop at
/// [`super::report::PREVIEW_ITEMS`]. It hands them over and gets them back,
/// and the whole overview continues from the one it gets back (or starts
/// again without one).
pub type Preview<'p> =
    &'p mut dyn FnMut(Vec<Finding>, Overview) -> (Vec<Finding>, Option<Overview>);

/// [`analyze_timed`], calling `preview` first when the overview is long (more
/// contexts, clusters or users than [`super::report::PREVIEW_ITEMS`]): the
/// whole overview takes several times as long as the findings.
pub fn analyze_previewed(
    text: &str,
    opts: &Options,
    preview: Option<Preview>,
) -> (Vec<Finding>, Explanation, Option<super::UnixTime>) {
    let mut deadline = super::deadline::Deadline::new(opts.now);
    let explain = match preview {
        Some(p) => Explain::Preview(p),
        None => Explain::Whole,
    };
    let (findings, explanation) = run(text, opts, explain, &mut deadline);
    (findings, explanation, deadline.next())
}

/// How much of the overview [`run`] builds.
enum Explain<'p> {
    /// None: findings only (`eksplain check`).
    No,
    Whole,
    /// A preview first, when the overview is long, then the whole of it.
    Preview(Preview<'p>),
}

/// The findings alone, for `eksplain check`: on a large file the overview
/// (every context's story, every exec flow) is most of the work, and check
/// never shows it. The findings are the same as [`analyze`]'s.
pub fn findings(text: &str, opts: &Options) -> Vec<Finding> {
    run(
        text,
        opts,
        Explain::No,
        &mut super::deadline::Deadline::new(None),
    )
    .0
}

fn run(
    text: &str,
    opts: &Options,
    explain: Explain,
    deadline: &mut super::deadline::Deadline,
) -> (Vec<Finding>, Explanation) {
    // Deep flow nesting makes serde_yaml quadratic: refuse it before parsing.
    if let Some(f) = super::input::rules::nesting_too_deep::check(text) {
        return (vec![f], Explanation::None);
    }
    let (config, unread_keys, pos) = match parse_noting(text) {
        Ok(p) if p.single_document => (p.config, p.unread_keys, LazyPosTree::single_document(text)),
        Ok(p) => (p.config, p.unread_keys, LazyPosTree::new(text)),
        Err(e) => return (vec![super::input::yaml_error(text, &e)], Explanation::None),
    };
    let current = config
        .current_context
        .as_deref()
        .filter(|c| !c.is_empty())
        .and_then(|name| {
            config
                .contexts
                .iter()
                .position(|c| c.name.as_deref() == Some(name))
        });
    let cx = Cx {
        text,
        config: &config,
        pos: &pos,
        unread_keys,
        current,
        opts,
        names: names::NameIndex::new(&config),
        exec_users: Default::default(),
        credentials: Default::default(),
        lines: Default::default(),
    };
    let mut sink = Sink::new(&pos);
    for (_, check) in rules::CHECKS {
        check(&cx, &mut sink);
    }
    crate::core::exec::check(&cx, &mut sink);
    rules::bool_quoted::check(&cx, &mut sink);
    super::cert::kubeconfig::check(&cx, &mut sink);
    let mut findings = sink.into_findings();
    let preview = match explain {
        Explain::No => return (findings, Explanation::None),
        Explain::Whole => None,
        Explain::Preview(p) => Some(p),
    };
    let limit = super::report::PREVIEW_ITEMS;
    let c = &config;
    let cards = super::cert::kubeconfig::Cards::new(&cx);
    let mut overview = overview::lists(&cx, &findings);
    if let Some(show) = preview.filter(|_| {
        [c.contexts.len(), c.clusters.len(), c.users.len()]
            .iter()
            .any(|&n| n > limit)
    }) {
        // One past the limit: a list that holds it goes on.
        overview::extend(&mut overview, &cx, &findings, &cards, limit + 1);
        let back;
        (findings, back) = show(findings, overview);
        overview = back.unwrap_or_else(|| overview::lists(&cx, &findings));
    }
    overview::extend(&mut overview, &cx, &findings, &cards, usize::MAX);
    for s in overview.certificates.iter().flat_map(|c| &c.certs) {
        super::cert::rules::watch_validity(deadline, s.summary.not_before, s.summary.not_after);
    }
    for c in cx.credentials() {
        if let secrets::CredentialKind::Token(Some(f)) = &c.kind {
            if let Some(exp) = f.expires {
                deadline.watch(exp);
            }
        }
    }
    (findings, Explanation::Kubeconfig(Box::new(overview)))
}

#[cfg(test)]
mod merge_key_tests {
    use crate::core::testing::{detected, lines_of};

    /// A merged exec block next to a value YAML reads as a number: the merged
    /// document must still load (a number in a string field is KC032's, not a
    /// reason to fall back to the unmerged parse and its false KC027/KC028).
    #[test]
    fn a_merge_key_works_beside_a_plain_number() {
        let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: https://a.example.com\ncontexts:\n- name: a\n  context:\n    cluster: a\n    user: b\n    namespace: 2024\ncurrent-context: a\nusers:\n- name: base\n  user:\n    exec: &exec\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, a]\n- name: b\n  user:\n    exec:\n      <<: *exec\n      args: [eks, get-token, --cluster-name, b]\n";
        let f = detected(text);
        let codes: Vec<&str> = f.iter().map(|f| f.rule.code).collect();
        assert!(
            !codes.contains(&"KC027") && !codes.contains(&"KC028"),
            "{codes:?}"
        );
        assert!(
            !codes.contains(&"KC006"),
            "`<<` is not an unknown field: {codes:?}"
        );
        assert_eq!(lines_of("KC032", &f), [12], "{codes:?}");
    }
}
