//! Helpers the kubeconfig rules share: whom an entry matters to (kubectl reads
//! only what the context in use needs), entry names, and the notes that end
//! messages. Everything here is linear in the size of the config: a rule that
//! needs to know which contexts use an entry builds one [`Usage`] index, once,
//! and only when it has something to report.

use super::prelude::*;
use crate::core::finding::Finding;
use crate::core::kubeconfig::model::{NamedCluster, NamedUser};
use std::cell::OnceCell;
use std::collections::HashMap;

/// Appended to findings about problems that stop kubectl from loading the file.
pub const LOAD_NOTE: &str =
    " kubectl refuses to load the whole file because of it, whatever context you use.";

/// Whether kubectl reads this user's credentials at all: some context using
/// it reaches an https server, or none uses it yet (the finding then tells
/// what happens once one does). Over plain HTTP, or the localhost:8080
/// fallback, client-go reads none of them
/// ([`endpoint::no_credentials`](crate::core::kubeconfig::endpoint::no_credentials)),
/// so only what validation refuses (a `token` next to basic auth, an exec
/// section without its required fields) applies there.
pub fn read_over_https(cx: &Cx, name: Option<&str>) -> bool {
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return true;
    };
    let mut using = cx.contexts_using_user(name).peekable();
    if using.peek().is_none() {
        return true;
    }
    using.any(|i| {
        let cluster = (cx.config.contexts.get(i))
            .and_then(|nc| nc.context.as_ref()?.cluster.as_deref())
            .and_then(|n| cx.names.cluster(n))
            .and_then(|j| cx.config.clusters.get(j));
        match cluster.map(|nc| nc.cluster.as_ref()) {
            Some(Some(c)) => crate::core::kubeconfig::endpoint::no_credentials(Some(c)).is_none(),
            // No cluster, or an empty one: the plain-HTTP fallback.
            _ => false,
        }
    })
}

/// Whom a cluster or user entry matters to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope<'a> {
    /// The current context uses it, so plain `kubectl` reads it.
    Current(&'a str),
    /// Only other contexts use it: the first of them, and how many there are.
    Other { first: &'a str, count: usize },
    /// No context uses it: kubectl never reads it.
    Unused,
}

impl Scope<'_> {
    /// kubectl validates only what the context in use needs, so an error in an
    /// entry the current context does not use is a warning until someone switches.
    pub fn severity(self, base: Severity) -> Severity {
        match (self, base) {
            (Scope::Current(_), s) => s,
            (_, Severity::Error) => Severity::Warning,
            (_, s) => s,
        }
    }

    /// Reports `rule` about an entry (a "cluster" or "user", `what`) whom this scope
    /// describes: the message ends with [`Scope::note`], and the severity follows
    /// [`Scope::severity`].
    pub fn report<'s>(
        self,
        sink: &'s mut Sink,
        rule: &'static RuleMeta,
        path: Path,
        what: &str,
        message: impl Into<String>,
    ) -> &'s mut Finding {
        let mut message = message.into();
        message.push_str(&self.note(what));
        sink.report(rule, path, message)
            .with_severity(self.severity(rule.severity))
    }

    pub fn is_current(self) -> bool {
        matches!(self, Scope::Current(_))
    }

    /// A sentence for the end of a message, starting with a space. `what` is
    /// `cluster` or `user`.
    pub fn note(self, what: &str) -> String {
        match self {
            Scope::Current(ctx) => {
                format!(" The current context `{ctx}` uses this {what}, so plain `kubectl` commands are affected.")
            }
            Scope::Other { first, count: 1 } => format!(
                " Only context `{first}` uses this {what}, and it is not the current one: this matters after `kubectl config use-context {first}` or with `--context {first}`."
            ),
            Scope::Other { first, count } => format!(
                " Only contexts other than the current one use this {what} (`{first}` and {} more): this matters after `kubectl config use-context` or with `--context`.",
                count - 1
            ),
            Scope::Unused => format!(" No context uses this {what}, so kubectl never reads it."),
        }
    }
}

/// For each cluster and user name: the first context using it and how many do.
#[derive(Default)]
struct Usage<'a> {
    clusters: HashMap<&'a str, (&'a str, usize)>,
    users: HashMap<&'a str, (&'a str, usize)>,
}

impl<'a> Usage<'a> {
    fn of(cx: &Cx<'a>) -> Self {
        let mut u = Usage::default();
        for nc in &cx.config.contexts {
            let (Some(name), Some(c)) = (nc.name.as_deref(), nc.context.as_ref()) else {
                continue;
            };
            let add = |map: &mut HashMap<&'a str, (&'a str, usize)>, key: Option<&'a str>| {
                if let Some(key) = key.filter(|k| !k.is_empty()) {
                    map.entry(key).or_insert((name, 0)).1 += 1;
                }
            };
            add(&mut u.clusters, c.cluster.as_deref());
            add(&mut u.users, c.user.as_deref());
        }
        u
    }
}

/// Answers "whom does this entry matter to?" for one rule run; the index is
/// built on the first question, so rules that find nothing pay nothing.
pub struct Scoper<'c, 'a> {
    cx: &'c Cx<'a>,
    usage: OnceCell<Usage<'a>>,
}

impl<'c, 'a> Scoper<'c, 'a> {
    pub fn new(cx: &'c Cx<'a>) -> Self {
        Scoper {
            cx,
            usage: OnceCell::new(),
        }
    }

    fn current(&self) -> Option<(&'a str, &'a crate::core::kubeconfig::model::Context)> {
        let nc = self.cx.config.contexts.get(self.cx.current?)?;
        Some((nc.name.as_deref().unwrap_or(""), nc.context.as_ref()?))
    }

    fn scope(&self, name: Option<&str>, cluster: bool) -> Scope<'a> {
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return Scope::Unused;
        };
        if let Some((ctx, c)) = self.current() {
            let used = if cluster { &c.cluster } else { &c.user };
            if used.as_deref() == Some(name) {
                return Scope::Current(ctx);
            }
        }
        let usage = self.usage.get_or_init(|| Usage::of(self.cx));
        let map = if cluster {
            &usage.clusters
        } else {
            &usage.users
        };
        match map.get(name) {
            Some(&(first, count)) => Scope::Other { first, count },
            None => Scope::Unused,
        }
    }

    /// Whom the cluster entry named `name` matters to.
    pub fn cluster(&self, name: Option<&str>) -> Scope<'a> {
        self.scope(name, true)
    }

    /// Whom the user entry named `name` matters to.
    pub fn user(&self, name: Option<&str>) -> Scope<'a> {
        self.scope(name, false)
    }
}

/// An entry's name for messages.
pub fn display_name(name: Option<&str>) -> &str {
    match name {
        Some(n) if !n.is_empty() => n,
        _ => "(unnamed)",
    }
}

/// When a reference (`current-context`, a context's `cluster` or `user`)
/// matches no entry because of a character that cannot be seen, or a space
/// that is not an ordinary one — in the reference, in the name of the entry
/// it was meant to match, or in both — a sentence saying so (which character,
/// where), and that entry's name. Names match when they look the same
/// ([`as_seen`](crate::core::suggest::as_seen)).
pub fn hidden_mismatch<'n>(
    reference: &str,
    defined: &[&'n str],
    noun: &str,
) -> Option<(String, Option<&'n str>)> {
    use crate::core::suggest::{as_seen, find_hidden, once_fixed, show_hidden};
    let seen = as_seen(reference);
    let meant = defined.iter().copied().find(|d| {
        *d != reference
            && if d.is_ascii() {
                *d == seen
            } else {
                as_seen(d) == seen
            }
    });
    let in_meant = meant.and_then(|m| Some((m, find_hidden(m)?)));
    if let Some(h) = find_hidden(reference) {
        let tail = match (meant, in_meant) {
            (_, Some((m, hm))) => format!(
                "; the {noun} it was meant to match, `{}`, also contains {}, so the two still differ",
                show_hidden(m),
                hm.describe(m)
            ),
            (Some(m), None) => format!(
                "; {} the name is `{m}`, which is defined",
                once_fixed(reference)
            ),
            (None, None) => String::new(),
        };
        return Some((
            format!("The name contains {}{tail}.", h.describe(reference)),
            meant,
        ));
    }
    // The reference is clean: perhaps the entry's own name is not.
    let (meant, h) = in_meant?;
    Some((
        format!(
            "The {noun} it was meant to match is named `{}`: that name contains {}, so the two differ.",
            show_hidden(meant),
            h.describe(meant)
        ),
        Some(meant),
    ))
}

/// Where a hidden character of a name is, for a help that sends the reader
/// there: `line 4, column 13` (the value's start when the character is
/// written as an escape).
fn place(cx: &Cx, path: &Path, value: &str) -> String {
    match hidden_at(cx, path, value).or_else(|| cx.pos.locate_value(0, path)) {
        Some(p) => format!("line {}, column {}", p.line, p.column),
        None => format!("`{}`", path),
    }
}

/// The help for a reference and the name it was meant to match that both
/// hold a hidden character: fixing one side leaves them different, so it
/// names both, each with its character and where it is. `reference_label`
/// is what the reference is called (`the \`cluster:\` value`); `entries` the
/// list the name is in (`clusters`, `users`, `contexts`).
pub fn retype_both(
    cx: &Cx,
    reference: (&str, &Path, &str),
    meant: &str,
    noun: &str,
    entries: &str,
) -> String {
    use crate::core::suggest::{as_seen, find_hidden, show_hidden};
    let (reference, ref_path, reference_label) = reference;
    let what = |s: &str| find_hidden(s).map_or_else(String::new, |h| h.short());
    let name_place = entry_name_path(cx, entries, meant)
        .map_or_else(|| "the name".to_string(), |p| place(cx, &p, meant));
    format!(
        "Retype both by hand so that each reads `{}`: {reference_label}, whose {} is at {}, and the `name:` of {noun} `{}`, whose {} is at {name_place}. Fixing only one leaves them different; copying either carries its character along.",
        show_hidden(&as_seen(reference)),
        what(reference),
        place(cx, ref_path, reference),
        show_hidden(meant),
        what(meant),
    )
}

/// The path of the `name:` of the first entry of `entries` (`clusters`,
/// `users`, `contexts`) named `name`.
fn entry_name_path(cx: &Cx, entries: &str, name: &str) -> Option<Path> {
    let c = cx.config;
    let is = |n: &Option<String>| n.as_deref() == Some(name);
    match entries {
        "clusters" => Some(cx.cluster_path(c.clusters.iter().position(|e| is(&e.name))?)),
        "users" => Some(cx.user_path(c.users.iter().position(|e| is(&e.name))?)),
        "contexts" => Some(cx.context_path(c.contexts.iter().position(|e| is(&e.name))?)),
        _ => None,
    }
    .map(|p| p.k("name"))
}

/// What a context's `cluster` or `user` reference is told when an invisible
/// character is why it matches no entry (see [`hidden_mismatch`]).
pub struct HiddenReference {
    /// A sentence for the message, starting with a space.
    pub note: String,
    pub help: String,
    /// The character is in the reference (not in the entry's name): the caret
    /// belongs under it.
    pub in_reference: bool,
}

/// [`hidden_mismatch`] for the context's `noun` (`cluster` or `user`)
/// reference `reference`, at `path`, and the help that goes with it.
pub fn hidden_reference(
    cx: &Cx,
    reference: &str,
    path: &Path,
    defined: &[&str],
    noun: &str,
) -> Option<HiddenReference> {
    use crate::core::suggest::{find_hidden, how_to_retype, show_hidden, what_copying_carries};
    let (note, meant) = hidden_mismatch(reference, defined, noun)?;
    let in_reference = find_hidden(reference).is_some();
    let help = match meant {
        Some(m) if in_reference && find_hidden(m).is_some() => retype_both(
            cx,
            (reference, path, &format!("this context's `{noun}:` value")),
            m,
            noun,
            &format!("{noun}s"),
        ),
        Some(m) if in_reference => format!(
            "Retype the `{noun}:` value by hand so that it reads `{m}`: copying it carries {} along.",
            what_copying_carries(reference)
        ),
        Some(m) => format!(
            "Retype the `name:` of {noun} `{}` by hand so that it reads `{reference}` (copying it carries {} along).",
            show_hidden(m),
            what_copying_carries(m)
        ),
        None => format!(
            "Retype the `{noun}:` value by hand, {}.",
            how_to_retype(reference)
        ),
    };
    Some(HiddenReference {
        note: format!(" {note}"),
        help,
        in_reference,
    })
}

/// Where the first hidden character of the value at `path` is, for the caret.
/// `value` is the value as parsed: the search stays inside the value as
/// written (a quoted value's quotes, or as many characters as a plain value
/// has), so a hidden character in a comment or a later field of a flow
/// mapping is never the one pointed at. `None` when the value writes it as
/// an escape (`"prod\u200b"`), or the value is not on one line.
pub fn hidden_at(cx: &Cx, path: &Path, value: &str) -> Option<crate::core::source::Pos> {
    let start = cx.pos.locate_value(0, path)?;
    let line = cx.lines().line(start.line)?;
    let from = start.column.checked_sub(1)? as usize;
    let mut rest = line.chars().skip(from).peekable();
    // The characters the value is written with, and how many come before them.
    let (skipped, written): (usize, Vec<char>) = match rest.peek() {
        Some(&q) if q == '"' || q == '\'' => {
            rest.next();
            let mut body = Vec::new();
            let mut escaped = false;
            for c in rest {
                if escaped {
                    escaped = false;
                } else if q == '"' && c == '\\' {
                    escaped = true;
                } else if c == q {
                    break;
                }
                body.push(c);
            }
            (1, body)
        }
        _ => (0, rest.take(value.chars().count()).collect()),
    };
    let offset = written
        .iter()
        .position(|&c| crate::core::suggest::hidden_char_name(c).is_some())?;
    let column = u32::try_from(from + skipped + offset + 1).ok()?;
    Some(crate::core::source::Pos::new(start.line, column))
}

/// The clusters that have a `cluster:` body, with their index.
pub fn clusters<'a>(
    cx: &Cx<'a>,
) -> impl Iterator<
    Item = (
        usize,
        &'a NamedCluster,
        &'a crate::core::kubeconfig::model::Cluster,
    ),
> {
    let config: &'a crate::core::kubeconfig::model::Config = cx.config;
    config
        .clusters
        .iter()
        .enumerate()
        .filter_map(|(i, nc)| Some((i, nc, nc.cluster.as_ref()?)))
}

/// The users that have a `user:` body, with their index.
pub fn users<'a>(
    cx: &Cx<'a>,
) -> impl Iterator<
    Item = (
        usize,
        &'a NamedUser,
        &'a crate::core::kubeconfig::model::AuthInfo,
    ),
> {
    let config: &'a crate::core::kubeconfig::model::Config = cx.config;
    config
        .users
        .iter()
        .enumerate()
        .filter_map(|(i, nu)| Some((i, nu, nu.user.as_ref()?)))
}

/// A `clusters` or `users` entry, as messages about it name it.
pub struct Entry<'a> {
    /// The entry's body (`clusters[0].cluster`).
    pub base: Path,
    /// `cluster` or `user`.
    pub kind: &'static str,
    pub name: &'a str,
    pub scope: Scope<'a>,
}

impl<'a> Entry<'a> {
    /// The cluster entry `i`, named `nc`.
    pub fn cluster(cx: &Cx, scoper: &Scoper<'_, 'a>, i: usize, nc: &'a NamedCluster) -> Self {
        Entry {
            base: cx.cluster_path(i).k("cluster"),
            kind: "cluster",
            name: display_name(nc.name.as_deref()),
            scope: scoper.cluster(nc.name.as_deref()),
        }
    }

    /// The user entry `i`, named `nu`.
    pub fn user(cx: &Cx, scoper: &Scoper<'_, 'a>, i: usize, nu: &'a NamedUser) -> Self {
        Entry {
            base: cx.user_path(i).k("user"),
            kind: "user",
            name: display_name(nu.name.as_deref()),
            scope: scoper.user(nu.name.as_deref()),
        }
    }
}

/// Reports `rule` for an entry that sets both the file key `file` and its
/// inline form `FILE-data`: at the file key, with the data key as related
/// location. `kubectl` is what follows "kubectl stops with" — kubectl's own
/// error, in backticks.
pub fn report_file_and_data(
    sink: &mut Sink,
    rule: &'static RuleMeta,
    entry: Entry,
    file: &str,
    kubectl: &str,
) {
    let data = format!("{file}-data");
    let data_loc = sink.locate(&entry.base.k(&data));
    let entity = if entry.kind == "cluster" {
        "Cluster"
    } else {
        "User"
    };
    sink.report(
        rule,
        entry.base.k(file),
        format!(
            "{entity} `{}` sets both `{file}` (a file) and `{data}`; kubectl stops with {kubectl}{}",
            entry.name,
            entry.scope.note(entry.kind)
        ),
    )
    .with_severity(entry.scope.severity(rule.severity))
    .with_related(data_loc);
}

/// `true` for a non-empty string.
pub fn set(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::kubeconfig::{parse, Cx};
    use crate::core::report::Options;
    use crate::core::yamlpos::LazyPosTree;

    fn with_cx(text: &str, f: impl FnOnce(&Cx)) {
        let config = parse(text).unwrap();
        let pos = LazyPosTree::new(text);
        let current = config
            .contexts
            .iter()
            .position(|c| c.name.as_deref() == config.current_context.as_deref());
        let opts = Options::default();
        let cx = Cx {
            text,
            config: &config,
            pos: &pos,
            unread_keys: true,
            current,
            opts: &opts,
            names: crate::core::kubeconfig::names::NameIndex::new(&config),
            exec_users: Default::default(),
            credentials: Default::default(),
            lines: Default::default(),
        };
        f(&cx);
    }

    #[test]
    fn scopes_entries_by_the_contexts_that_use_them() {
        let text = "contexts:\n- name: a\n  context: {cluster: c1, user: u1}\n- name: b\n  context: {cluster: c2, user: u1}\n- name: d\n  context: {cluster: c2, user: u2}\ncurrent-context: a\n";
        with_cx(text, |cx| {
            let s = Scoper::new(cx);
            assert_eq!(s.cluster(Some("c1")), Scope::Current("a"));
            assert_eq!(s.user(Some("u1")), Scope::Current("a"));
            assert_eq!(
                s.cluster(Some("c2")),
                Scope::Other {
                    first: "b",
                    count: 2
                }
            );
            assert_eq!(
                s.user(Some("u2")),
                Scope::Other {
                    first: "d",
                    count: 1
                }
            );
            assert_eq!(s.user(Some("nobody")), Scope::Unused);
            assert_eq!(s.user(None), Scope::Unused);
            assert_eq!(Scope::Unused.severity(Severity::Error), Severity::Warning);
            assert_eq!(
                Scope::Current("a").severity(Severity::Error),
                Severity::Error
            );
        });
    }
}

/// How a value the model holds as `true` is written in the file, so a
/// message can quote it back: `yes`, `on` and `True` are true to kubectl too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written<'t> {
    /// Unquoted, as kubectl reads it: `yes`.
    Plain(&'t str),
    /// Quoted: a string to kubectl, which refuses the file (IN002). The
    /// words without their quotes, and the quote character.
    Quoted(&'t str, char),
}

impl Written<'_> {
    /// `key: value` as the file has it, for a message.
    pub fn field(self, key: &str) -> String {
        match self {
            Written::Plain(v) => format!("{key}: {v}"),
            Written::Quoted(v, q) => format!("{key}: {q}{v}{q}"),
        }
    }
}

/// The value at `path` as written, read from the text: only for findings
/// about to be reported, never on the path a clean file takes. `None` when
/// it cannot be read back (a tag, an escape, a block scalar). `lines` is
/// built on the first call, so a rule reporting many entries indexes once.
pub fn written_at<'t>(cx: &Cx<'t>, path: &Path) -> Option<Written<'t>> {
    let pos = cx.pos.locate_value(0, path)?;
    let lines = cx.lines();
    if let Some(v) = super::bool_quoted::quoted_text_at(lines, pos) {
        // The quote is the character the value starts at.
        let line = lines.line(pos.line).unwrap_or_default();
        let quote = line.chars().nth(pos.column.saturating_sub(1) as usize);
        return Some(Written::Quoted(v, quote.unwrap_or('"')));
    }
    super::value_not_string::plain_text_at(lines, pos)
        .filter(|v| !v.is_empty())
        .map(Written::Plain)
}
