use super::prelude::*;
use super::support::{display_name, Scope, Scoper};
use crate::core::kubeconfig::model::fields;
use crate::core::kubeconfig::scope_note;
use crate::core::source::Pos;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC006",
    name: "unknown-field",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A field kubectl does not know: a typo, a misplaced field, or a field of another tool.",
    what: "Compares every key of every fixed-shape object (the file, `clusters[]`, `cluster`, `contexts[]`, \
           `context`, `users[]`, `user`, `auth-provider`, `exec`, `env[]`, `preferences`) with the fields \
           kubectl knows. A near miss (`certificate-authority-date`, `insecure-skip-tls-verfy`, \
           `current_context`), a well-known wrong name (`client-cert`, `token-file`) or a field placed in the \
           wrong object (`server` directly under a `clusters` item) is an error with the right name; any other \
           unknown key is a warning.",
    why: "kubectl ignores fields it does not know, without a word. A misspelt `certificate-authority-data` \
          therefore leaves the cluster without its CA, and the error you see is TLS failing with \
          `x509: certificate signed by unknown authority`, far from the typo. A misspelt `current-context` \
          leaves no context selected and kubectl quietly talks to `http://localhost:8080`.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-date: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Rename the field to the one kubectl knows (see the suggestion), move it to the object it belongs to, or delete it.",
};

const PREFERENCES: &[&str] = &["colors", "extensions"];
const NAMED_EXTENSION: &[&str] = &["name", "extension"];

/// Names people write for a field, and the field kubectl knows. Keys are
/// compared after [`norm`] (lower case, no `-` or `_`).
const ALIASES: &[(&str, &str)] = &[
    ("clientcert", "client-certificate"),
    ("clientcertdata", "client-certificate-data"),
    ("clientcertificatefile", "client-certificate"),
    ("clientkeyfile", "client-key"),
    ("ca", "certificate-authority"),
    ("cafile", "certificate-authority"),
    ("certificateauthorityfile", "certificate-authority"),
    ("cadata", "certificate-authority-data"),
    ("cacert", "certificate-authority"),
    ("insecure", "insecure-skip-tls-verify"),
    ("skiptlsverify", "insecure-skip-tls-verify"),
    ("insecureskiptls", "insecure-skip-tls-verify"),
    ("insecureskipverify", "insecure-skip-tls-verify"),
    ("servername", "tls-server-name"),
    ("proxy", "proxy-url"),
    ("proxyserver", "proxy-url"),
    ("defaultnamespace", "namespace"),
    ("impersonate", "as"),
    ("cmd", "command"),
    ("arguments", "args"),
    ("environment", "env"),
    ("bearertoken", "token"),
    ("bearertokenfile", "tokenFile"),
    ("user", "username"),
];

fn norm(k: &str) -> String {
    k.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The known field `key` was probably meant to be.
fn suggestion(key: &str, known: &[&'static str]) -> Option<&'static str> {
    let n = norm(key);
    if let Some(k) = known.iter().find(|k| norm(k) == n) {
        return Some(k);
    }
    if let Some((_, k)) = ALIASES.iter().find(|(a, k)| *a == n && known.contains(k)) {
        return Some(k);
    }
    super::closest(key, known).and_then(|c| known.iter().copied().find(|k| *k == c))
}

/// What happens because kubectl never sees the field `meant`.
fn consequence(meant: &str) -> &'static str {
    match meant {
        "certificate-authority" | "certificate-authority-data" => {
            "kubectl checks the server against the system CAs only, and TLS fails with `x509: certificate signed by unknown authority` for a cluster with its own CA"
        }
        "insecure-skip-tls-verify" => "the setting is not applied and certificate verification stays on",
        "server" => "the cluster has no server and kubectl falls back to http://localhost:8080",
        "current-context" => "no context is selected and plain `kubectl` falls back to http://localhost:8080",
        "clusters" | "contexts" | "users" => "the whole list is missing for kubectl",
        "namespace" => "commands run in the `default` namespace",
        "cluster" => "the context has no cluster and kubectl falls back to http://localhost:8080",
        "user" => "the context has no user and kubectl sends requests without credentials",
        "proxy-url" => "requests do not go through the proxy",
        "tls-server-name" => "TLS checks the certificate against the server's host name instead",
        "token" | "tokenFile" | "client-certificate" | "client-certificate-data" | "client-key"
        | "client-key-data" | "username" | "password" | "exec" | "auth-provider" => {
            "kubectl does not send this credential"
        }
        "command" | "args" | "env" | "apiVersion" | "interactiveMode" | "provideClusterInfo" => {
            "the exec plugin runs without it"
        }
        _ => "the setting has no effect",
    }
}

/// Which object of a kubeconfig a field belongs to, for misplaced fields:
/// (what it is, where it goes).
fn owner(key: &str) -> Option<(&'static str, &'static str)> {
    [
        (
            "a cluster",
            "under a `clusters[].cluster:`",
            fields::CLUSTER,
        ),
        (
            "a context",
            "under a `contexts[].context:`",
            fields::CONTEXT,
        ),
        ("a user", "under a `users[].user:`", fields::USER),
        ("an exec plugin", "under the user's `exec:`", fields::EXEC),
    ]
    .into_iter()
    .find(|(_, _, f)| f.contains(&key))
    .map(|(o, w, _)| (o, w))
}

/// Whom an object matters to (resolved only when there is something to report).
#[derive(Clone, Copy)]
enum Whom<'a> {
    File,
    Cluster(Option<&'a str>),
    User(Option<&'a str>),
    Context(usize),
}

/// How messages name an object; formatted only when reporting.
#[derive(Clone, Copy)]
enum Label<'a> {
    File,
    Preferences,
    /// An item of the top-level `extensions`.
    Extension(Option<&'a str>),
    /// `Cluster `x``, `Context `x``, `User `x``.
    Entry(&'static str, Option<&'a str>),
    /// Item `j` of the `extensions` of an entry.
    EntryExtension(usize, &'static str, Option<&'a str>),
    AuthProvider(Option<&'a str>),
    Exec(Option<&'a str>),
    Env(usize, Option<&'a str>),
}

impl std::fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Label::File => f.write_str("The file"),
            Label::Preferences => f.write_str("`preferences`"),
            Label::Extension(n) => write!(f, "Extension `{}`", display_name(n)),
            Label::Entry(noun, n) => write!(f, "{noun} `{}`", display_name(n)),
            Label::EntryExtension(j, noun, n) => {
                write!(
                    f,
                    "Extension {j} of {} `{}`",
                    noun.to_ascii_lowercase(),
                    display_name(n)
                )
            }
            Label::AuthProvider(n) => write!(f, "The auth-provider of user `{}`", display_name(n)),
            Label::Exec(n) => write!(f, "The exec plugin of user `{}`", display_name(n)),
            Label::Env(j, n) => write!(f, "Exec env entry {j} of user `{}`", display_name(n)),
        }
    }
}

/// One fixed-shape object of the file.
struct Object<'a> {
    path: Path,
    known: &'static [&'static str],
    label: Label<'a>,
    /// For a `clusters[]`-style item: the wrapper key and its fields.
    inner: Option<(&'static str, &'static [&'static str])>,
    whom: Whom<'a>,
}

fn obj<'a>(
    path: Path,
    known: &'static [&'static str],
    label: Label<'a>,
    whom: Whom<'a>,
) -> Object<'a> {
    Object {
        path,
        known,
        label,
        inner: None,
        whom,
    }
}

/// The items of an `extensions` list under `parent`.
fn extensions<'a>(
    out: &mut Vec<Object<'a>>,
    parent: &Path,
    n: usize,
    noun: &'static str,
    name: Option<&'a str>,
    whom: Whom<'a>,
) {
    for j in 0..n {
        let label = Label::EntryExtension(j, noun, name);
        out.push(obj(
            parent.field("extensions").i(j),
            NAMED_EXTENSION,
            label,
            whom,
        ));
    }
}

fn objects<'a>(cx: &Cx<'a>) -> Vec<Object<'a>> {
    let c = cx.config;
    let root = Path::root();
    let mut out = vec![
        obj(root.clone(), fields::CONFIG, Label::File, Whom::File),
        obj(
            root.field("preferences"),
            PREFERENCES,
            Label::Preferences,
            Whom::File,
        ),
    ];
    for (i, e) in c.extensions.iter().enumerate() {
        let label = Label::Extension(e.name.as_deref());
        out.push(obj(
            root.field("extensions").i(i),
            NAMED_EXTENSION,
            label,
            Whom::File,
        ));
    }
    for (i, nc) in c.clusters.iter().enumerate() {
        let name = nc.name.as_deref();
        let (label, whom) = (Label::Entry("Cluster", name), Whom::Cluster(name));
        let p = cx.cluster_path(i);
        let body = p.field("cluster");
        out.push(Object {
            inner: Some(("cluster", fields::CLUSTER)),
            ..obj(p, fields::NAMED_CLUSTER, label, whom)
        });
        if let Some(c) = &nc.cluster {
            extensions(&mut out, &body, c.extensions.len(), "Cluster", name, whom);
        }
        out.push(obj(body, fields::CLUSTER, label, whom));
    }
    for (i, nc) in c.contexts.iter().enumerate() {
        let name = nc.name.as_deref();
        let (label, whom) = (Label::Entry("Context", name), Whom::Context(i));
        let p = cx.context_path(i);
        let body = p.field("context");
        out.push(Object {
            inner: Some(("context", fields::CONTEXT)),
            ..obj(p, fields::NAMED_CONTEXT, label, whom)
        });
        if let Some(c) = &nc.context {
            extensions(&mut out, &body, c.extensions.len(), "Context", name, whom);
        }
        out.push(obj(body, fields::CONTEXT, label, whom));
    }
    for (i, nu) in c.users.iter().enumerate() {
        let name = nu.name.as_deref();
        let (label, whom) = (Label::Entry("User", name), Whom::User(name));
        let p = cx.user_path(i);
        let u = p.field("user");
        out.push(Object {
            inner: Some(("user", fields::USER)),
            ..obj(p, fields::NAMED_USER, label, whom)
        });
        if let Some(auth) = nu.user.as_ref() {
            extensions(&mut out, &u, auth.extensions.len(), "User", name, whom);
            if auth.auth_provider.is_some() {
                out.push(obj(
                    u.field("auth-provider"),
                    fields::AUTH_PROVIDER,
                    Label::AuthProvider(name),
                    whom,
                ));
            }
            if let Some(exec) = &auth.exec {
                let e = u.field("exec");
                // Entries without a name are KC029's, which has the better fix.
                let named = exec
                    .env
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.name.is_some());
                for (j, _) in named {
                    out.push(obj(
                        e.field("env").i(j),
                        fields::EXEC_ENV,
                        Label::Env(j, name),
                        whom,
                    ));
                }
                out.push(obj(e, fields::EXEC, Label::Exec(name), whom));
            }
        }
        out.push(obj(u, fields::USER, label, whom));
    }
    out
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    // Every key went into the model, whose fields are the known ones: nothing
    // to report, and no need to index the file's positions to find that out.
    if !cx.unread_keys && preferences_known(cx.config.preferences.as_ref()) {
        return;
    }
    let scoper = Scoper::new(cx);
    for o in objects(cx) {
        for (key, pos) in cx.pos.keys(0, &o.path) {
            // `<<` is a YAML merge key, applied when the file is parsed.
            if !o.known.contains(&key) && key != "<<" {
                report(cx, &scoper, sink, &o, key, pos);
            }
        }
    }
}

/// True when `preferences` (kept whole in the model) has no key outside [`PREFERENCES`].
fn preferences_known(preferences: Option<&serde_yaml::Value>) -> bool {
    match preferences {
        Some(serde_yaml::Value::Mapping(m)) => m
            .keys()
            .all(|k| k.as_str().is_some_and(|k| PREFERENCES.contains(&k))),
        _ => true,
    }
}

/// A character that looks like a space (or like nothing) but is not YAML
/// white space: no-break, typographic and zero-width spaces, a stray BOM.
fn lookalike_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{2000}'..='\u{200b}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
    )
}

fn report(cx: &Cx, scoper: &Scoper, sink: &mut Sink, o: &Object, key: &str, pos: Pos) {
    let entry = |s: Scope, noun| (s.note(noun), s.severity(Severity::Error));
    let (note, severity) = match o.whom {
        Whom::File => (String::new(), Severity::Error),
        Whom::Cluster(n) => entry(scoper.cluster(n), "cluster"),
        Whom::User(n) => entry(scoper.user(n), "user"),
        Whom::Context(i) => (
            scope_note(cx.is_current(i)).to_string(),
            cx.scoped(i, Severity::Error),
        ),
    };
    let label = o.label.to_string();
    let shown: String = key.chars().take(60).collect();
    let path = o.path.k(key);
    let (message, help) = if let Some(c) = key.chars().find(|&c| lookalike_space(c)) {
        // Pasted from a web page, chat or document: the key looks right but
        // holds a character YAML does not take as white space.
        let name = if c == '\u{a0}' {
            "a non-breaking space"
        } else {
            "an invisible space"
        };
        let visible: String = shown
            .chars()
            .map(|ch| {
                if lookalike_space(ch) {
                    format!("\\u{{{:04x}}}", ch as u32)
                } else {
                    ch.to_string()
                }
            })
            .collect();
        let clean: String = key.chars().filter(|&ch| !lookalike_space(ch)).collect();
        let clean = clean.trim();
        (
            format!("{label} has a field `{visible}`: the name holds {name} (U+{:04X}), which YAML does not count as indentation or white space, so kubectl reads an unknown field and silently ignores it. Such characters come with text pasted from a web page, chat or document.{note}", c as u32),
            format!("Retype the indentation and spaces of line {} with ordinary spaces, so that `{clean}` is read as a field.", pos.line),
        )
    } else if key.starts_with("//") || key.starts_with("/*") {
        // `"users": [], // note` before the closing brace of a JSON file: the
        // YAML parser takes the comment for a key, with a value when the
        // comment holds `: ` (`// TODO: fix`).
        let json = cx
            .text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .starts_with(['{', '[']);
        let (what, help) = if json {
            ("a comment, which JSON does not have", "Delete the comment; elsewhere in a JSON file a comment stops kubectl with a syntax error. To keep notes, convert the file to YAML, where `# …` starts a comment.")
        } else {
            (
                "a comment in the style of C or JSONC, which YAML does not have",
                "Delete it, or make it a YAML comment: `# …` starts one.",
            )
        };
        let field = if has_value(cx.lines(), pos, key) {
            "a field"
        } else {
            "a field with no value"
        };
        sink.report(
            &RULE,
            path,
            format!("{label} has a field `{shown}`: {what}. kubectl's YAML parser reads it as the name of {field} and silently ignores it.{note}"),
        )
        .with_severity(Severity::Warning)
        .with_help(help)
        .at(Some(pos));
        return;
    } else if let Some(meant) = suggestion(key, o.known) {
        let why = consequence(meant);
        (
            format!("{label} has a field `{shown}`, which kubectl does not know and silently ignores; it was probably meant to be `{meant}`, so as written {why}.{note}"),
            format!("Rename `{shown}` to `{meant}`."),
        )
    } else if let Some((wrapper, _)) = o.inner.filter(|(_, inner)| inner.contains(&key)) {
        let why = consequence(key);
        (
            format!("{label} has `{shown}` next to `name`, but kubectl reads it only inside `{wrapper}:`; it is ignored, so {why}.{note}"),
            format!("Indent `{shown}` under `{wrapper}:` (add `{wrapper}:` if it is missing)."),
        )
    } else if let Some((what, place)) =
        owner(key).filter(|_| o.inner.is_none() && !o.path.is_root())
    {
        (
            format!("{label} has a field `{shown}`, which is a field of {what}, not of this object; kubectl ignores it here.{note}"),
            format!("Move `{shown}` {place}, or delete it."),
        )
    } else {
        sink.report(
            &RULE,
            path,
            format!("{label} has a field `{shown}`, which kubectl does not know and silently ignores.{note}"),
        )
        .with_severity(Severity::Warning)
        .with_help(format!(
            "Delete `{shown}` unless another tool reads it; the fields kubectl knows here are: {}.",
            o.known.join(", ")
        ))
        .at(Some(pos));
        return;
    };
    sink.report(&RULE, path, message)
        .with_severity(severity)
        .with_help(help)
        .at(Some(pos));
}

/// True when the key `key`, written at `pos`, is followed on its line by
/// `:` and a value (`// TODO: fix` is the key `// TODO` with the value `fix`).
fn has_value(lines: &crate::core::source::LineIndex, pos: Pos, key: &str) -> bool {
    let Some(line) = lines.line(pos.line) else {
        return false;
    };
    let rest: String = line
        .chars()
        .skip((pos.column as usize).saturating_sub(1) + key.chars().count())
        .collect();
    rest.trim_start()
        .strip_prefix(':')
        .map(|v| v.trim_start())
        .is_some_and(|v| !v.is_empty() && !v.starts_with(['#', ',', '}', ']']))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};
    use super::suggestion;
    use crate::core::kubeconfig::model::fields;

    /// A `//` comment after the last member of a JSON object: kubectl loads
    /// the file, with a field named after the comment.
    #[test]
    fn a_json_comment_read_as_a_field_is_called_a_comment() {
        let t = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Config\",\n  \"clusters\": [],\n  \"users\": [], // nothing yet\n}\n";
        let f = crate::core::kubeconfig::analyze(t, &Default::default()).0;
        let f = f.iter().find(|f| f.code() == "KC006").unwrap();
        assert_eq!(
            f.location.pos.map(|p| p.to_string()).as_deref(),
            Some("5:16")
        );
        assert!(
            f.message
                .contains("has a field `// nothing yet`: a comment, which JSON does not have."),
            "{}",
            f.message
        );
        assert!(f.help.starts_with("Delete the comment"), "{}", f.help);
    }

    /// `// TODO: fix` is a field with the value `fix`; in a YAML file the
    /// message does not talk about JSON.
    #[test]
    fn a_comment_read_as_a_field_says_whether_it_has_a_value_and_what_the_file_is() {
        let message = |t: &str| {
            let f = crate::core::kubeconfig::analyze(t, &Default::default()).0;
            f.into_iter().find(|f| f.code() == "KC006").unwrap().message
        };
        let m = message("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Config\",\n  \"users\": [], // TODO: fix\n}\n");
        assert!(
            m.contains("has a field `// TODO`: a comment, which JSON does not have. kubectl's YAML parser reads it as the name of a field and silently ignores it."),
            "{m}"
        );
        let m = message("apiVersion: v1\nkind: Config\nusers: []\n// TODO: fix\n");
        assert!(
            m.contains("has a field `// TODO`: a comment in the style of C or JSONC, which YAML does not have. kubectl's YAML parser reads it as the name of a field and silently ignores it."),
            "{m}"
        );
        let m = message("apiVersion: v1\nkind: Config\nusers: []\n// TODO:\n");
        assert!(m.contains("the name of a field with no value"), "{m}");
    }

    #[test]
    fn a_pasted_non_breaking_space_is_named_not_called_a_field_to_delete() {
        // A cluster whose only field was pasted with a no-break space.
        let fixed = super::RULE.fixed;
        let ca = fixed
            .lines()
            .find(|l| l.contains("certificate-authority-data"))
            .unwrap();
        let t = fixed
            .replace(&format!("{ca}\n"), "")
            .replace("    server:", "  \u{a0} server:");
        assert_ne!(t, super::RULE.fixed);
        let line = t.lines().position(|l| l.contains('\u{a0}')).unwrap() as u32 + 1;
        assert_eq!(lines_of("KC006", &t), vec![line]);
        let f = super::super::super::analyze(&t, &Default::default()).0;
        let f = f.iter().find(|f| f.code() == "KC006").unwrap();
        assert!(
            f.message.contains("`\\u{00a0} server`")
                && f.message.contains("non-breaking space (U+00A0)"),
            "{}",
            f.message
        );
        assert!(
            f.help.contains("ordinary spaces") && !f.help.contains("Delete"),
            "{}",
            f.help
        );
    }

    #[test]
    fn a_merge_key_is_applied_like_kubectl_does_not_reported() {
        // kubectl merges `<<: *anchor` in; the second user has a command and
        // an apiVersion through it, and `<<` is not a field.
        let t = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: b\n  context: {cluster: c, user: b}\ncurrent-context: b\nusers:\n- name: a\n  user:\n    exec: &x\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, a]\n- name: b\n  user:\n    exec:\n      <<: *x\n      args: [eks, get-token, --cluster-name, b]\n";
        assert_eq!(findings(t), vec![]);
        let config = crate::core::kubeconfig::parse(t).unwrap();
        let exec = config.users[1]
            .user
            .as_ref()
            .unwrap()
            .exec
            .as_ref()
            .unwrap();
        assert_eq!(exec.command.as_deref(), Some("aws"));
        assert_eq!(
            exec.args.last().map(String::as_str),
            Some("b"),
            "keys beside `<<` win"
        );
        // Without the merge the fields are missing, on the line of `exec:`.
        let unmerged = t.replace("      <<: *x\n", "");
        assert_eq!(lines_of("KC027", &unmerged), vec![20]);
    }

    #[test]
    fn fires_on_the_misspelt_key() {
        assert_eq!(lines_of("KC006", super::RULE.example), vec![7]);
    }

    #[test]
    fn suggests_the_field_that_was_meant() {
        assert_eq!(
            suggestion("insecure-skip-tls-verfy", fields::CLUSTER),
            Some("insecure-skip-tls-verify")
        );
        assert_eq!(
            suggestion("current_context", fields::CONFIG),
            Some("current-context")
        );
        assert_eq!(
            suggestion("client-cert", fields::USER),
            Some("client-certificate")
        );
        assert_eq!(suggestion("token-file", fields::USER), Some("tokenFile"));
        assert_eq!(suggestion("api-version", fields::EXEC), Some("apiVersion"));
        assert_eq!(suggestion("colour-scheme", fields::CLUSTER), None);
    }

    #[test]
    fn a_field_outside_its_wrapper_is_named() {
        let t = "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  server: https://x\ncontexts:\n- name: a\n  context: {cluster: a, user: a}\ncurrent-context: a\nusers:\n- name: a\n  user: {token: t}\n";
        assert!(findings(t).contains(&("KC006", Some(5), "error")));
    }

    #[test]
    fn an_unrelated_unknown_key_is_a_warning_and_other_contexts_are_warnings() {
        let t = "apiVersion: v1\nkind: Config\nx-generated-by: terraform\nclusters:\n- name: a\n  cluster: {server: 'https://x', insecure-skip-tls-verfy: true}\ncontexts:\n- name: a\n  context: {cluster: a, user: a}\ncurrent-context: b\n";
        let f = findings(t);
        assert!(f.contains(&("KC006", Some(3), "warning")), "{f:?}");
        assert!(f.contains(&("KC006", Some(6), "warning")), "{f:?}");
    }

    /// The rule skips its walk when the fast parser read every key into the
    /// model: an unknown key at any level must still reach it.
    #[test]
    fn fires_at_every_level_the_fast_parser_reads() {
        let base = "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: https://x\n    extensions:\n    - name: e\n      extension: {}\ncontexts:\n- name: a\n  context:\n    cluster: a\n    user: a\ncurrent-context: a\nusers:\n- name: a\n  user:\n    exec:\n      command: aws\n      env:\n      - name: K\n        value: v\n    auth-provider:\n      name: oidc\npreferences:\n  colors: true\n";
        assert!(lines_of("KC006", base).is_empty());
        for (after, indent) in [
            ("kind: Config\n", ""),
            ("clusters:\n- name: a\n", "  "),
            ("    server: https://x\n", "    "),
            ("    - name: e\n", "      "),
            ("  context:\n", "    "),
            ("contexts:\n- name: a\n", "  "),
            ("users:\n- name: a\n", "  "),
            ("  user:\n", "    "),
            ("      command: aws\n", "      "),
            ("        value: v\n", "        "),
            ("      name: oidc\n", "      "),
            ("  colors: true\n", "  "),
        ] {
            let t = base.replacen(after, &format!("{after}{indent}zz-unknown: x\n"), 1);
            assert!(
                crate::core::yamlfast::from_str::<crate::core::kubeconfig::model::Config>(&t)
                    .is_some(),
                "the fast parser declined:\n{t}"
            );
            assert_eq!(lines_of("KC006", &t).len(), 1, "{t}");
        }
    }

    #[test]
    fn quiet_when_every_field_is_known() {
        assert!(lines_of("KC006", super::RULE.fixed).is_empty());
    }
}
