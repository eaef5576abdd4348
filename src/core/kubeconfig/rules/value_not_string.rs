use super::prelude::*;
use super::support::{display_name, LOAD_NOTE};
use crate::core::kubeconfig::goyaml::plain_scalar_type;
use crate::core::source::{LineIndex, Pos, Seg};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC032",
    name: "value-not-string",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A field that must be a string holds an unquoted number or boolean (`900`, `true`, `yes`); kubectl refuses the whole file.",
    what: "Checks the unquoted values of the kubeconfig's string fields — names, `server`, `namespace`, \
           `current-context`, exec `command`, `args` and `env` values, auth-provider `config` — for what \
           YAML 1.1 reads as a number (`900`, `1.5`, `017`, `0x1F`, `1_000`, `.inf`) or a boolean (`true`, \
           `True`, `yes`, `on`, `y`, `no`, `off`).",
    why: "kubectl reads a kubeconfig with YAML 1.1 rules and then decodes it as JSON, so an unquoted \
          `123456789012` is a number and `yes` is a boolean. Where a string belongs it stops with `json: \
          cannot unmarshal number into Go struct field ExecConfig.users.user.exec.args of type string`, and \
          no context in the file can be used until it is fixed. Typical cases: an AWS profile named after \
          the account ID in exec `args`, an env value such as `true` or `10`, a cluster named `2024`.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: eks\n  cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: eks\n  context:\n    cluster: eks\n    user: eks\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo, --profile, 111122223333]\n      env:\n      - name: AWS_MAX_ATTEMPTS\n        value: 10\ncurrent-context: eks\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: eks\n  cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: eks\n  context:\n    cluster: eks\n    user: eks\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo, --profile, \"111122223333\"]\n      env:\n      - name: AWS_MAX_ATTEMPTS\n        value: \"10\"\ncurrent-context: eks\n",
    fix_summary: "Quote the value (`\"111122223333\"`, `\"true\"`) so YAML reads it as a string.",
};

/// A string field whose value kubectl would read as another type.
struct Suspect<'a> {
    path: Path,
    value: &'a str,
    /// `number` or `boolean`.
    kind: &'static str,
    /// A credential: its value is never shown.
    secret: bool,
}

/// More findings than this say nothing new (a generated list of numbers),
/// and each costs memory and a line of output.
const MAX_REPORTED: usize = 100;

/// Collects [`Suspect`]s. A path is built only for a value that looks like
/// a number or a boolean: a config can have a hundred thousand entries.
#[derive(Default)]
struct Suspects<'a>(Vec<Suspect<'a>>);

impl<'a> Suspects<'a> {
    fn add(&mut self, value: Option<&'a str>, path: impl FnOnce() -> Path) {
        self.add_as(false, value, path);
    }

    fn add_as(&mut self, secret: bool, value: Option<&'a str>, path: impl FnOnce() -> Path) {
        let Some(value) = value else { return };
        if self.0.len() >= MAX_REPORTED {
            return;
        }
        if let Some(kind) = plain_scalar_type(value) {
            self.0.push(Suspect {
                path: path(),
                value,
                kind,
                secret,
            });
        }
    }
}

/// The string fields of the config whose value looks like a number or a
/// boolean (`apiVersion` and `kind` are KC005's).
fn suspects<'a>(cx: &Cx<'a>) -> Vec<Suspect<'a>> {
    let c: &'a crate::core::kubeconfig::model::Config = cx.config;
    let mut out = Suspects::default();
    out.add(c.current_context.as_deref(), || {
        Path::root().field("current-context")
    });
    for (i, nc) in c.clusters.iter().enumerate() {
        out.add(nc.name.as_deref(), || cx.cluster_path(i).field("name"));
        let Some(cl) = &nc.cluster else { continue };
        for (key, v) in [
            ("server", &cl.server),
            ("tls-server-name", &cl.tls_server_name),
            ("certificate-authority", &cl.certificate_authority),
            ("certificate-authority-data", &cl.certificate_authority_data),
            ("proxy-url", &cl.proxy_url),
        ] {
            out.add(v.as_deref(), || {
                cx.cluster_path(i).field("cluster").field(key)
            });
        }
    }
    for (i, nc) in c.contexts.iter().enumerate() {
        out.add(nc.name.as_deref(), || cx.context_path(i).field("name"));
        let Some(ctx) = &nc.context else { continue };
        for (key, v) in [
            ("cluster", &ctx.cluster),
            ("user", &ctx.user),
            ("namespace", &ctx.namespace),
        ] {
            out.add(v.as_deref(), || {
                cx.context_path(i).field("context").field(key)
            });
        }
    }
    for (i, nu) in c.users.iter().enumerate() {
        out.add(nu.name.as_deref(), || cx.user_path(i).field("name"));
        let Some(u) = &nu.user else { continue };
        let user = || cx.user_path(i).field("user");
        for (key, v) in [
            ("client-certificate", &u.client_certificate),
            ("client-certificate-data", &u.client_certificate_data),
            ("client-key", &u.client_key),
            ("tokenFile", &u.token_file),
            ("as", &u.impersonate),
            ("as-uid", &u.impersonate_uid),
            ("username", &u.username),
        ] {
            out.add(v.as_deref(), || user().field(key));
        }
        for (key, v) in [
            ("client-key-data", &u.client_key_data),
            ("token", &u.token),
            ("password", &u.password),
        ] {
            out.add_as(true, v.as_ref().map(|s| s.expose()), || user().field(key));
        }
        for (j, g) in u.impersonate_groups.iter().enumerate() {
            out.add(Some(g), || user().field("as-groups").i(j));
        }
        if let Some(ap) = &u.auth_provider {
            let ap_path = || user().field("auth-provider");
            out.add(ap.name.as_deref(), || ap_path().field("name"));
            for (k, v) in &ap.config {
                let secret = crate::core::redact::is_secret_key(k);
                out.add_as(secret, Some(v.expose()), || ap_path().field("config").k(k));
            }
        }
        if let Some(e) = &u.exec {
            let exec = || user().field("exec");
            for (key, v) in [
                ("command", &e.command),
                ("apiVersion", &e.api_version),
                ("installHint", &e.install_hint),
                ("interactiveMode", &e.interactive_mode),
            ] {
                out.add(v.as_deref(), || exec().field(key));
            }
            for (j, a) in e.args.iter().enumerate() {
                out.add(Some(a), || exec().field("args").i(j));
            }
            for (j, env) in e.env.iter().enumerate() {
                out.add(env.name.as_deref(), || {
                    exec().field("env").i(j).field("name")
                });
                let secret = env
                    .name
                    .as_deref()
                    .is_some_and(crate::core::redact::is_secret_name);
                out.add_as(secret, env.value.as_ref().map(|s| s.expose()), || {
                    exec().field("env").i(j).field("value")
                });
            }
        }
    }
    out.0
}

/// How kubectl's JSON decoder names the field in its error:
/// `ExecConfig.users.user.exec.args` (the Go struct, then the JSON path
/// without indices; an auth-provider `config` entry is its map field).
pub(super) fn go_field(path: &Path) -> String {
    let mut keys: Vec<&str> = path
        .segments()
        .iter()
        .filter_map(|s| match s {
            Seg::Key(k) => Some(k.as_ref()),
            Seg::Index(_) => None,
        })
        .collect();
    if keys.len() >= 2 && keys[keys.len() - 2] == "config" && keys.contains(&"auth-provider") {
        keys.pop();
    }
    let owner = match keys.as_slice() {
        [_] => "Config",
        ["clusters", "name"] => "NamedCluster",
        ["clusters", ..] => "Cluster",
        ["contexts", "name"] => "NamedContext",
        ["contexts", ..] => "Context",
        ["users", "name"] => "NamedAuthInfo",
        [.., "auth-provider", _] => "AuthProviderConfig",
        [.., "env", _] => "ExecEnvVar",
        [.., "exec", _] => "ExecConfig",
        _ => "AuthInfo",
    };
    format!("{owner}.{}", keys.join("."))
}

/// The line holding `pos` (a 1-based line and character column), split there:
/// what comes before, and the rest from `pos` on.
pub(super) fn split_at_pos<'t>(lines: &LineIndex<'t>, pos: Pos) -> Option<(&'t str, &'t str)> {
    let line = lines.line(pos.line)?;
    let start = line
        .char_indices()
        .nth((pos.column as usize).checked_sub(1)?)
        .map(|(b, _)| b)?;
    Some((line.get(..start)?, line.get(start..)?))
}

/// The scalar as written at `pos`, if it is plain (not quoted, tagged or a
/// block scalar): the rest of the line up to a comment or a flow delimiter.
pub(super) fn plain_text_at<'t>(lines: &LineIndex<'t>, pos: Pos) -> Option<&'t str> {
    let (before, rest) = split_at_pos(lines, pos)?;
    if rest.starts_with(['"', '\'', '!', '&', '*', '|', '>']) {
        return None;
    }
    // A tag (`!!str 12`) decides the type itself; the position may be after it.
    let before = before.trim_end();
    let last_word = before
        .rsplit([' ', '\t', '[', ',', '{'])
        .next()
        .unwrap_or("");
    if last_word.starts_with('!') {
        return None;
    }
    let end = rest
        .find(" #")
        .into_iter()
        .chain(rest.find([',', ']', '}']))
        .min()
        .unwrap_or(rest.len());
    Some(rest[..end].trim())
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    // Nearly every value is an ordinary word: classify first, and index the
    // lines only when something looks like a number or a boolean.
    let suspects = suspects(cx);
    if suspects.is_empty() {
        return;
    }
    let lines = LineIndex::new(cx.text);
    for f in suspects {
        let kind = f.kind;
        // The model keeps a quoted "900" and a plain 900 alike: only what is
        // written unquoted, exactly as the model holds it, is a number to kubectl.
        let Some(pos) = cx.pos.locate_value(0, &f.path) else {
            continue;
        };
        if plain_text_at(&lines, pos) != Some(f.value) {
            continue;
        }
        let special = f.value.trim_start_matches(['+', '-']).starts_with('.')
            && f.value.to_ascii_lowercase().ends_with(['f', 'n']);
        let kubectl = if special {
            "json: unsupported value".to_string()
        } else {
            let go_kind = if kind == "boolean" { "bool" } else { "number" };
            format!(
                "json: cannot unmarshal {go_kind} into Go struct field {} of type string",
                go_field(&f.path)
            )
        };
        let (shown, help) = if f.secret {
            (
                String::new(),
                "Quote the value so YAML reads it as a string.".to_string(),
            )
        } else {
            (
                format!(" `{}`", f.value),
                format!("Quote it: `\"{}\"`.", f.value),
            )
        };
        let owner = owner_of(cx, &f.path);
        let field = field_name(&f.path);
        // An env value is known by its variable, not its index.
        let field = match env_name(cx, &f.path) {
            Some(name) => format!("the value of `{name}` (`{field}`)"),
            None => format!("`{field}`"),
        };
        sink.report(
            &RULE,
            f.path.clone(),
            format!(
                "{owner}{field} is{shown} unquoted, which YAML reads as a {kind}, not a string; kubectl stops with `{kubectl}`.{LOAD_NOTE}",
            ),
        )
        .at(Some(pos))
        .with_help(help);
    }
}

/// `User `dev`: ` for a path under `users[i]` (likewise clusters and
/// contexts); empty at the top level.
fn owner_of(cx: &Cx, path: &Path) -> String {
    let c = cx.config;
    let (what, name) = match path.segments() {
        [Seg::Key(list), Seg::Index(i), ..] => match list.as_ref() {
            "clusters" => (
                "Cluster",
                c.clusters.get(*i).and_then(|e| e.name.as_deref()),
            ),
            "contexts" => (
                "Context",
                c.contexts.get(*i).and_then(|e| e.name.as_deref()),
            ),
            "users" => ("User", c.users.get(*i).and_then(|e| e.name.as_deref())),
            _ => return String::new(),
        },
        _ => return String::new(),
    };
    format!("{what} `{}`: ", display_name(name))
}

/// The variable whose value is at `path`, for `users[i].user.exec.env[j].value`
/// (when the entry has a name, itself a string).
fn env_name<'c>(cx: &Cx<'c>, path: &Path) -> Option<&'c str> {
    let [Seg::Key(users), Seg::Index(i), Seg::Key(_), Seg::Key(_), Seg::Key(env), Seg::Index(j), Seg::Key(value)] =
        path.segments()
    else {
        return None;
    };
    if users != "users" || env != "env" || value != "value" {
        return None;
    }
    let config: &'c crate::core::kubeconfig::model::Config = cx.config;
    let exec = config.users.get(*i)?.user.as_ref()?.exec.as_ref()?;
    let name = exec.env.get(*j)?.name.as_deref()?;
    // A name that is itself a number gets its own finding; shown here, it
    // would read as if it were fine.
    (!name.trim().is_empty() && plain_scalar_type(name).is_none()).then_some(name)
}

/// The field as a user reads it: `exec.args[5]` under a user, `namespace`
/// under a context.
fn field_name(path: &Path) -> String {
    let full = path.to_string();
    // Drop `users[0].user.` / `clusters[1].cluster.` / `contexts[0].context.`.
    let mut rest = full.as_str();
    for prefix in ["users[", "clusters[", "contexts["] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.split_once("].").map_or(r, |(_, r)| r);
            for body in ["user.", "cluster.", "context."] {
                rest = rest.strip_prefix(body).unwrap_or(rest);
            }
        }
    }
    rest.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    fn msgs(text: &str) -> Vec<String> {
        super::super::super::analyze(text, &Default::default())
            .0
            .into_iter()
            .filter(|f| f.code() == "KC032")
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn fires_on_the_unquoted_arg_and_env_value() {
        assert_eq!(lines_of("KC032", super::RULE.example), vec![18, 21]);
        let m = msgs(super::RULE.example);
        assert!(
            m[0].contains("`exec.args[5]` is `111122223333` unquoted")
                && m[0].contains("Go struct field ExecConfig.users.user.exec.args of type string"),
            "{m:?}"
        );
        assert!(
            m[1].contains(
                "cannot unmarshal number into Go struct field ExecEnvVar.users.user.exec.env.value"
            ),
            "{m:?}"
        );
    }

    /// An env value is named by its variable; the path stays in the location.
    #[test]
    fn an_env_value_is_named_by_its_variable() {
        let t = super::RULE
            .fixed
            .replace("\"10\"", "10")
            .replace("AWS_MAX_ATTEMPTS", "AWS_PROFILE");
        let f = super::super::super::analyze(&t, &Default::default()).0;
        let f = f.iter().find(|f| f.code() == "KC032").unwrap();
        assert_eq!(
            f.location.pos.map(|p| p.to_string()).as_deref(),
            Some("21:16")
        );
        assert_eq!(
            f.location.path.to_string(),
            "users[0].user.exec.env[0].value"
        );
        assert!(
            f.message.starts_with(
                "User `eks`: the value of `AWS_PROFILE` (`exec.env[0].value`) is `10` unquoted, which YAML reads as a number"
            ),
            "{}",
            f.message
        );
    }

    #[test]
    fn quiet_when_quoted() {
        assert!(lines_of("KC032", super::RULE.fixed).is_empty());
    }

    #[test]
    fn yaml_1_1_booleans_names_and_json_numbers() {
        let t = super::RULE
            .fixed
            .replace("\"10\"", "yes")
            .replace("- name: eks\n  cluster", "- name: 2024\n  cluster");
        assert_eq!(lines_of("KC032", &t), vec![4, 21]);
        assert!(
            msgs(&t)[1].contains("reads as a boolean")
                && msgs(&t)[1].contains("cannot unmarshal bool")
        );
        let json = r#"{"apiVersion": "v1", "kind": "Config", "users": [{"name": "a", "user": {"exec": {"command": "aws", "args": ["x", 12]}}}]}"#;
        assert_eq!(lines_of("KC032", json), vec![1]);
    }

    #[test]
    fn strings_that_only_look_like_numbers_are_fine() {
        for v in [
            "2024-01-01",
            "12:30",
            "~",
            "1.2.3",
            "0x",
            "v1",
            "!!str 12",
            "'12'",
            "12 34",
        ] {
            let t = super::RULE.fixed.replace("\"10\"", v);
            assert!(lines_of("KC032", &t).is_empty(), "{v}");
        }
    }

    #[test]
    fn what_yaml_1_1_reads_as_a_number_or_a_boolean() {
        use crate::core::kubeconfig::goyaml::plain_scalar_type as t;
        for n in [
            "900", "-1", "+1", "1.5", ".5", "-.5", "017", "0x1F", "0b101", "1_000", "1e3", ".inf",
            "-.Inf", "+.INF", ".nan",
        ] {
            assert_eq!(t(n), Some("number"), "{n}");
        }
        for b in ["y", "N", "yes", "On", "OFF", "true", "FALSE"] {
            assert_eq!(t(b), Some("boolean"), "{b}");
        }
        for s in [
            "",
            "~",
            "null",
            "-",
            "+",
            ".",
            "--region",
            "-v",
            "+x",
            "eu-west-1",
            "yess",
            "truth",
            "190:20:30", // go-yaml v2 has no base-60 integers
            "2024-01-01",
            "v1",
            "1.2.3",
            "https://10.0.0.1:6443",
            ".kube",
        ] {
            assert_eq!(t(s), None, "{s}");
        }
    }

    #[test]
    fn a_secret_is_not_shown() {
        let t = "apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user:\n    username: bob\n    password: 123456\n";
        assert_eq!(lines_of("KC032", t), vec![7]);
        assert!(!msgs(t)[0].contains("123456"), "{:?}", msgs(t));
    }
}
