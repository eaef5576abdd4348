//! Merging several kubeconfigs the way kubectl merges the files listed in
//! `KUBECONFIG` (client-go `ClientConfigLoadingRules.Load`):
//!
//! - Clusters, contexts, users and extensions are keyed by name; the **first**
//!   file that defines a name wins and later definitions of it are dropped
//!   **whole** — their fields are not combined with the first one's.
//! - `current-context` comes from the first file that sets a non-empty one.
//! - `preferences.colors` is on if any file turns it on; preference
//!   extensions merge by name like the lists above.
//! - An empty file, or one with only comments, adds nothing; a file kubectl
//!   cannot parse makes the whole load fail.
//!
//! (Verified against `KUBECONFIG=a:b kubectl.1.32 config view`; see
//! tests/fixtures/kubeconfig-views/.) Every merged entry remembers which input
//! it came from, and every dropped definition that differs from the kept one
//! becomes a finding in the input it was dropped from.

use super::goyaml::Node;
use super::model::{Config, NamedExtension};
use super::rules::{merge_conflict, merge_current_context_ignored};
use super::views;
use crate::core::finding::{sort_findings, Finding, Locate};
use crate::core::source::Path;
use crate::core::yamlpos::{DocLocator, PosTree};
use std::collections::HashMap;

/// Where a merged entry came from: input `input`, item `index` of its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub input: usize,
    pub index: usize,
}

/// The origin of each entry of the merged [`Config`], list by list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origins {
    pub clusters: Vec<Origin>,
    pub contexts: Vec<Origin>,
    pub users: Vec<Origin>,
    pub extensions: Vec<Origin>,
    /// The input whose `current-context` was used.
    pub current_context: Option<usize>,
}

/// The named lists of a kubeconfig.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Cluster,
    Context,
    User,
    Extension,
}

impl EntryKind {
    /// The key of the list in the file (`clusters`).
    pub fn list(self) -> &'static str {
        match self {
            EntryKind::Cluster => "clusters",
            EntryKind::Context => "contexts",
            EntryKind::User => "users",
            EntryKind::Extension => "extensions",
        }
    }
    /// The word for one entry (`cluster`).
    pub fn noun(self) -> &'static str {
        match self {
            EntryKind::Cluster => "cluster",
            EntryKind::Context => "context",
            EntryKind::User => "user",
            EntryKind::Extension => "extension",
        }
    }
}

/// A name defined by more than one input: the later definition is dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub kind: EntryKind,
    pub name: String,
    pub kept: Origin,
    pub dropped: Origin,
    /// The fields (e.g. `server`, `exec`) whose values differ between the two
    /// definitions; empty when they are identical, which is harmless.
    pub differs: Vec<String>,
}

/// A `current-context` that lost to an earlier input's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoredCurrentContext {
    pub input: usize,
    pub value: String,
    pub kept_input: usize,
    pub kept_value: String,
}

/// The merge itself, before it is reported.
#[derive(Clone, Debug, Default)]
pub struct MergeOutcome {
    pub config: Config,
    pub origins: Origins,
    pub conflicts: Vec<Conflict>,
    pub ignored_current_context: Vec<IgnoredCurrentContext>,
}

/// Merges `configs` in order (the order of `KUBECONFIG`). Linear in the total
/// number of entries.
pub fn merge_configs(configs: &[&Config]) -> MergeOutcome {
    let mut out = MergeOutcome::default();
    let mut merged = Config {
        api_version: Some("v1".into()),
        kind: Some("Config".into()),
        ..Config::default()
    };
    merge_list(
        configs,
        EntryKind::Cluster,
        |c| &c.clusters,
        |e| e.name.as_deref(),
        |e| views::cluster_node(&e.cluster.clone().unwrap_or_default(), true),
        &mut merged.clusters,
        &mut out.origins.clusters,
        &mut out.conflicts,
    );
    merge_list(
        configs,
        EntryKind::Context,
        |c| &c.contexts,
        |e| e.name.as_deref(),
        |e| views::context_node(&e.context.clone().unwrap_or_default()),
        &mut merged.contexts,
        &mut out.origins.contexts,
        &mut out.conflicts,
    );
    merge_list(
        configs,
        EntryKind::User,
        |c| &c.users,
        |e| e.name.as_deref(),
        |e| views::user_node(&e.user.clone().unwrap_or_default(), true),
        &mut merged.users,
        &mut out.origins.users,
        &mut out.conflicts,
    );
    merge_list(
        configs,
        EntryKind::Extension,
        |c| &c.extensions,
        |e| e.name.as_deref(),
        |e| {
            e.extension
                .as_ref()
                .map(Node::from_yaml)
                .unwrap_or(Node::Null)
        },
        &mut merged.extensions,
        &mut out.origins.extensions,
        &mut out.conflicts,
    );
    for (i, c) in configs.iter().enumerate() {
        let Some(cur) = c.current_context.as_deref().filter(|s| !s.is_empty()) else {
            continue;
        };
        match out.origins.current_context {
            None => {
                merged.current_context = Some(cur.to_string());
                out.origins.current_context = Some(i);
            }
            Some(kept) => {
                let kept_value = merged.current_context.clone().unwrap_or_default();
                if kept_value != cur {
                    out.ignored_current_context.push(IgnoredCurrentContext {
                        input: i,
                        value: cur.to_string(),
                        kept_input: kept,
                        kept_value,
                    });
                }
            }
        }
    }
    merged.preferences = merge_preferences(configs);
    out.config = merged;
    out
}

#[allow(clippy::too_many_arguments)]
fn merge_list<T: Clone>(
    configs: &[&Config],
    kind: EntryKind,
    list: impl Fn(&Config) -> &Vec<T>,
    name: impl Fn(&T) -> Option<&str>,
    content: impl Fn(&T) -> Node,
    merged: &mut Vec<T>,
    origins: &mut Vec<Origin>,
    conflicts: &mut Vec<Conflict>,
) {
    // name → position in `merged`
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (input, c) in configs.iter().enumerate() {
        for (index, entry) in list(c).iter().enumerate() {
            let key = name(entry).unwrap_or("");
            let here = Origin { input, index };
            match seen.get(key) {
                None => {
                    seen.insert(key.to_string(), merged.len());
                    merged.push(entry.clone());
                    origins.push(here);
                }
                Some(&at) => {
                    let kept = origins[at];
                    // Duplicates inside one file are a load error, reported
                    // by the per-file rules; merging is about files.
                    if kept.input == input {
                        continue;
                    }
                    conflicts.push(Conflict {
                        kind,
                        name: key.to_string(),
                        kept,
                        dropped: here,
                        differs: differing_fields(&content(&merged[at]), &content(entry)),
                    });
                }
            }
        }
    }
}

/// The top-level fields whose values differ between two entries.
fn differing_fields(a: &Node, b: &Node) -> Vec<String> {
    match (a, b) {
        (Node::Map(a), Node::Map(b)) => {
            let mut keys: Vec<&String> = a.iter().chain(b.iter()).map(|(k, _)| k).collect();
            keys.sort();
            keys.dedup();
            let get =
                |m: &'_ [(String, Node)], k: &str| m.iter().find(|e| e.0 == k).map(|e| e.1.clone());
            keys.into_iter()
                .filter(|k| get(a, k) != get(b, k))
                .cloned()
                .collect()
        }
        (a, b) if a == b => Vec::new(),
        _ => vec!["extension".to_string()],
    }
}

fn merge_preferences(configs: &[&Config]) -> Option<serde_yaml::Value> {
    let mut colors = false;
    let mut exts: Vec<NamedExtension> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for c in configs {
        let Some(p) = &c.preferences else { continue };
        colors |= p.get("colors").and_then(serde_yaml::Value::as_bool) == Some(true);
        let list: Vec<NamedExtension> = p
            .get("extensions")
            .and_then(|e| serde_yaml::from_value(e.clone()).ok())
            .unwrap_or_default();
        for e in list {
            if seen.insert(e.name.clone().unwrap_or_default()) {
                exts.push(e);
            }
        }
    }
    let mut m = serde_yaml::Mapping::new();
    if colors {
        m.insert("colors".into(), true.into());
    }
    if !exts.is_empty() {
        let items = exts
            .into_iter()
            .map(|e| {
                let mut item = serde_yaml::Mapping::new();
                item.insert("name".into(), e.name.unwrap_or_default().into());
                item.insert(
                    "extension".into(),
                    e.extension.unwrap_or(serde_yaml::Value::Null),
                );
                serde_yaml::Value::Mapping(item)
            })
            .collect();
        m.insert("extensions".into(), serde_yaml::Value::Sequence(items));
    }
    Some(serde_yaml::Value::Mapping(m))
}

/// One input as the merge reports name it and locate paths in it.
pub struct Source<'a> {
    /// How messages name the input: a file name, or `document 2`.
    pub name: String,
    pub locator: &'a dyn Locate,
}

impl Source<'_> {
    /// ` (line 6)` for a path in this input, or nothing.
    pub fn at(&self, path: &Path) -> String {
        match self.locator.locate(path) {
            Some(p) => format!("`{}` (line {})", self.name, p.line),
            None => format!("`{}`", self.name),
        }
    }
}

/// The path of a merged entry's `name` in its input.
pub fn entry_name_path(kind: EntryKind, o: Origin) -> Path {
    Path::root().k(kind.list()).i(o.index).k("name")
}

/// Several kubeconfigs merged, with what the merge dropped reported per input.
#[derive(Clone, Debug)]
pub struct Merged {
    pub config: Config,
    pub origins: Origins,
    pub inputs: Vec<MergedInput>,
}

/// One input of a merge and what the merge has to say about it.
#[derive(Clone, Debug)]
pub struct MergedInput {
    pub name: String,
    /// False when the input could not be parsed (kubectl would refuse to load
    /// the whole set); it then contributes nothing and its finding says why.
    pub loaded: bool,
    /// Merge findings located in this input, in reading order.
    pub findings: Vec<Finding>,
}

impl Merged {
    /// True when kubectl would refuse to load these files together.
    pub fn failed(&self) -> bool {
        self.inputs.iter().any(|i| !i.loaded)
    }
}

/// Merges `(name, text)` inputs in order, like `KUBECONFIG=first:second:…`.
/// Each text is read like kubectl reads a file: its first YAML document.
pub fn merge(inputs: &[(&str, &str)]) -> Merged {
    let mut configs = Vec::with_capacity(inputs.len());
    let mut trees = Vec::with_capacity(inputs.len());
    let mut reports: Vec<MergedInput> = Vec::with_capacity(inputs.len());
    for (name, text) in inputs {
        let (config, finding) = match super::parse(text) {
            Ok(c) => (c, None),
            Err(e) => (
                Config::default(),
                Some(crate::core::input::yaml_error(text, &e)),
            ),
        };
        reports.push(MergedInput {
            name: name.to_string(),
            loaded: finding.is_none(),
            findings: finding.into_iter().collect(),
        });
        configs.push(config);
        trees.push(PosTree::new(text));
    }
    let refs: Vec<&Config> = configs.iter().collect();
    let outcome = merge_configs(&refs);
    let locators: Vec<DocLocator> = trees
        .iter()
        .map(|t| DocLocator { tree: t, doc: 0 })
        .collect();
    let sources: Vec<Source> = inputs
        .iter()
        .zip(&locators)
        .map(|((name, _), l)| Source {
            name: name.to_string(),
            locator: l,
        })
        .collect();
    for (input, f) in merge_conflict::findings(&outcome, &sources, false)
        .into_iter()
        .chain(merge_current_context_ignored::findings(
            &outcome, &sources, false,
        ))
    {
        if let Some(r) = reports.get_mut(input) {
            r.findings.push(f);
        }
    }
    for r in &mut reports {
        sort_findings(&mut r.findings);
    }
    Merged {
        config: outcome.config,
        origins: outcome.origins,
        inputs: reports,
    }
}

/// The documents of one text after the first, merged as if each were a file
/// of its own: what kubectl would do if the paste were split into files and
/// listed in KUBECONFIG. `None` when the text has a single document.
pub fn merge_documents(text: &str, tree: &PosTree) -> Option<(MergeOutcome, Vec<usize>)> {
    if tree.doc_count() < 2 {
        return None;
    }
    use serde::Deserialize;
    let mut configs = Vec::new();
    let mut docs = Vec::new();
    for (i, doc) in serde_yaml::Deserializer::from_str(text).enumerate() {
        match Option::<Config>::deserialize(doc) {
            Ok(Some(c)) => {
                configs.push(c);
                docs.push(i);
            }
            Ok(None) => {}
            // kubectl never reads past the first document; neither do we
            // past one that does not parse.
            Err(_) => break,
        }
    }
    if configs.len() < 2 {
        return None;
    }
    let refs: Vec<&Config> = configs.iter().collect();
    Some((merge_configs(&refs), docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "apiVersion: v1\nkind: Config\npreferences:\n  colors: true\nclusters:\n- name: shared\n  cluster:\n    server: https://a.example:6443\n- name: only-a\n  cluster:\n    server: https://only-a:6443\ncontexts:\n- name: ctx\n  context:\n    cluster: shared\n    user: u\nusers:\n- name: u\n  user:\n    token: tokenA\n";
    const B: &str = "apiVersion: v1\nkind: Config\nclusters:\n- name: shared\n  cluster:\n    server: https://b.example:6443\n    insecure-skip-tls-verify: true\ncontexts:\n- name: ctx\n  context:\n    cluster: shared\n    user: u\n- name: ctx-b\n  context:\n    cluster: only-a\n    user: u\nusers:\n- name: u\n  user:\n    token: tokenA\ncurrent-context: ctx-b\n";

    #[test]
    fn first_definition_wins_whole_and_origins_are_kept() {
        let m = merge(&[("a.yaml", A), ("b.yaml", B)]);
        let names: Vec<_> = m
            .config
            .clusters
            .iter()
            .map(|c| c.name.clone().unwrap_or_default())
            .collect();
        assert_eq!(names, ["shared", "only-a"]);
        let shared = m.config.clusters[0].cluster.clone().unwrap();
        assert_eq!(shared.server.as_deref(), Some("https://a.example:6443"));
        assert_eq!(
            shared.insecure_skip_tls_verify, None,
            "fields are not combined"
        );
        assert_eq!(m.origins.clusters[0], Origin { input: 0, index: 0 });
        assert_eq!(m.origins.contexts[1], Origin { input: 1, index: 1 });
        // a.yaml sets no current-context, so b.yaml's is used.
        assert_eq!(m.config.current_context.as_deref(), Some("ctx-b"));
        assert_eq!(m.origins.current_context, Some(1));
    }

    #[test]
    fn dropped_definitions_that_differ_are_reported_in_their_own_input() {
        let m = merge(&[("a.yaml", A), ("b.yaml", B)]);
        assert!(m.inputs[0].findings.is_empty());
        let f: Vec<(&str, Option<u32>)> = m.inputs[1]
            .findings
            .iter()
            .map(|f| (f.code(), f.line()))
            .collect();
        // The cluster differs (line 4) and the context differs? No: `ctx` is
        // identical, `u` is identical; only `shared` is reported.
        assert_eq!(f, vec![("KC060", Some(4))]);
        assert!(m.inputs[1].findings[0].message.contains("a.yaml` (line 6)"));
        assert!(m.inputs[1].findings[0]
            .message
            .contains("insecure-skip-tls-verify, server"));
    }

    #[test]
    fn a_later_current_context_is_reported_when_it_loses() {
        let c = "current-context: other\ncontexts:\n- name: other\n  context: {}\n";
        let m = merge(&[("b.yaml", B), ("c.yaml", c)]);
        let f: Vec<_> = m.inputs[1]
            .findings
            .iter()
            .map(|f| (f.code(), f.line()))
            .collect();
        assert_eq!(f, vec![("KC061", Some(1))]);
        assert_eq!(m.config.current_context.as_deref(), Some("ctx-b"));
    }

    #[test]
    fn unparseable_inputs_are_marked_and_skipped() {
        let m = merge(&[("a.yaml", A), ("bad.yaml", "clusters: [\n")]);
        assert!(m.failed());
        assert!(!m.inputs[1].loaded);
        assert_eq!(m.config.clusters.len(), 2);
    }

    #[test]
    fn merge_is_linear_in_the_number_of_entries() {
        let mut a = String::from("clusters:\n");
        for i in 0..20_000 {
            a.push_str(&format!(
                "- name: c{i}\n  cluster: {{server: https://h{i}}}\n"
            ));
        }
        let m = merge(&[("a", &a), ("b", &a)]);
        assert_eq!(m.config.clusters.len(), 20_000);
        assert!(m.inputs[1].findings.is_empty());
    }
}
