use super::data;
use super::prelude::*;
use super::support::{display_name, Scope, Scoper, LOAD_NOTE};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC020",
    name: "placeholder-value",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A value is a stand-in, not data: `DATA+OMITTED`, `REDACTED`, `<placeholder>`, `${VAR}`, `…`.",
    what: "Looks at servers, CA and certificate fields, credentials, exec arguments and environment values for \
           kubectl's own redaction markers (`DATA+OMITTED`, `REDACTED`, printed by `kubectl config view` \
           without `--raw`), template placeholders (`<base64-encoded-ca-cert>`, `{{ .Token }}`), shell \
           variables (`${CA_DATA}`, `$TOKEN`), shortened values (`LS0tLS1…`) and placeholder words \
           (`changeme`, `xxxx`).",
    why: "kubectl takes every value literally: it never expands environment variables or templates in a \
          kubeconfig. A copy made with `kubectl config view` has `DATA+OMITTED` where the certificates were, \
          and using it fails with `unable to load root certificates: unable to parse bytes as PEM block`; a \
          `REDACTED` token is sent as the token and answered with 401 Unauthorized; a placeholder in a \
          `*-data` field that is not even base64 stops kubectl from loading the file at all.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: DATA+OMITTED\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: REDACTED\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Put the real value in: export with `kubectl config view --raw` (not plain `config view`), or render the template (e.g. `envsubst`) before using the file.",
};

/// A value that is a placeholder, with what is needed to report it. Built
/// only for placeholders, so the common case allocates nothing.
struct Value<'a> {
    path: Path,
    field: String,
    value: &'a str,
    secret: bool,
    is_data: bool,
}

/// The pieces of one field: where it is, what to call it, its value, and
/// whether it is a credential.
type Field<'k, 'v> = (&'k str, &'k str, Option<&'v str>, bool);

fn found<'v>(base: &Path, (key, label, value, secret): Field<'_, 'v>) -> Option<Value<'v>> {
    let value = value.filter(|v| !v.is_empty())?;
    data::placeholder(value)?;
    Some(Value {
        path: base.k(key),
        field: label.to_string(),
        value,
        secret,
        is_data: key.ends_with("-data"),
    })
}

fn expose(s: &Option<crate::core::secret::Secret>) -> Option<&str> {
    s.as_ref().map(|s| s.expose())
}

fn help(what: &str) -> String {
    if what.contains("kubectl config view") {
        "This copy came from `kubectl config view`, which hides data and secrets. Export again with `kubectl config view --raw` (add `--minify --flatten` for one context), or regenerate the entry (`aws eks update-kubeconfig`, `gcloud container clusters get-credentials`, `az aks get-credentials`).".into()
    } else if what.contains("variable")
        || what.contains("template")
        || what.contains("placeholder that")
    {
        "Fill in the real value before using the file, e.g. render the template with `envsubst < kubeconfig.tpl > kubeconfig`; kubectl itself never expands `${…}` or `{{…}}`.".into()
    } else {
        "Replace it with the full, real value.".into()
    }
}

fn consequence(v: &Value) -> &'static str {
    match v.field.as_str() {
        "server" => "kubectl cannot reach a server by that name",
        "token" | "password" | "username" => "the API server rejects it with 401 Unauthorized",
        f if f.ends_with("-data") => "kubectl cannot build the TLS connection from it",
        "certificate-authority" | "client-certificate" | "client-key" | "tokenFile" => {
            "kubectl fails to open a file by that name"
        }
        _ => "kubectl passes it on literally",
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nc, c) in super::support::clusters(cx) {
        let b = cx.cluster_path(i).field("cluster");
        let fields: [Field; 5] = [
            ("server", "server", c.server.as_deref(), false),
            (
                "certificate-authority",
                "certificate-authority",
                c.certificate_authority.as_deref(),
                false,
            ),
            (
                "certificate-authority-data",
                "certificate-authority-data",
                c.certificate_authority_data.as_deref(),
                false,
            ),
            ("proxy-url", "proxy-url", c.proxy_url.as_deref(), false),
            (
                "tls-server-name",
                "tls-server-name",
                c.tls_server_name.as_deref(),
                false,
            ),
        ];
        let owner = || format!("Cluster `{}`", display_name(nc.name.as_deref()));
        for v in fields.into_iter().filter_map(|f| found(&b, f)) {
            report(
                sink,
                &v,
                &owner(),
                || scoper.cluster(nc.name.as_deref()),
                "cluster",
            );
        }
    }
    for (i, nu, u) in super::support::users(cx) {
        let b = cx.user_path(i).field("user");
        let fields: [Field; 8] = [
            (
                "client-certificate",
                "client-certificate",
                u.client_certificate.as_deref(),
                false,
            ),
            (
                "client-certificate-data",
                "client-certificate-data",
                u.client_certificate_data.as_deref(),
                false,
            ),
            ("client-key", "client-key", u.client_key.as_deref(), false),
            (
                "client-key-data",
                "client-key-data",
                expose(&u.client_key_data),
                true,
            ),
            ("token", "token", expose(&u.token), true),
            ("tokenFile", "tokenFile", u.token_file.as_deref(), false),
            ("username", "username", u.username.as_deref(), false),
            ("password", "password", expose(&u.password), true),
        ];
        let mut values: Vec<Value> = fields.into_iter().filter_map(|f| found(&b, f)).collect();
        if let Some(exec) = &u.exec {
            let e = b.field("exec");
            values.extend(found(
                &e,
                ("command", "exec command", exec.command.as_deref(), false),
            ));
            for (k, a) in exec.args.iter().enumerate() {
                if !a.is_empty() && data::placeholder(a).is_some() {
                    values.push(Value {
                        path: e.field("args").i(k),
                        field: format!("exec argument {}", k + 1),
                        value: a,
                        secret: false,
                        is_data: false,
                    });
                }
            }
            for (k, env) in exec.env.iter().enumerate() {
                let value = expose(&env.value);
                if value.and_then(data::placeholder).is_some() {
                    let label = format!("exec env `{}`", display_name(env.name.as_deref()));
                    values.extend(found(&e.field("env").i(k), ("value", &label, value, true)));
                }
            }
        }
        if let Some(ap) = &u.auth_provider {
            let config = b.field("auth-provider").field("config");
            for (k, v) in &ap.config {
                if data::placeholder(v.expose()).is_some() {
                    let label = format!("auth-provider config `{k}`");
                    values.extend(found(&config, (k, &label, Some(v.expose()), true)));
                }
            }
        }
        let owner = || format!("User `{}`", display_name(nu.name.as_deref()));
        for v in values {
            report(
                sink,
                &v,
                &owner(),
                || scoper.user(nu.name.as_deref()),
                "user",
            );
        }
    }
}

fn report<'a>(
    sink: &mut Sink,
    v: &Value,
    owner: &str,
    scope: impl FnOnce() -> Scope<'a>,
    noun: &str,
) {
    let Some(what) = data::placeholder(v.value) else {
        return;
    };
    let is_marker = matches!(v.value.trim(), "DATA+OMITTED" | "REDACTED" | "[REDACTED]");
    let shown = if v.secret || is_marker {
        String::new()
    } else {
        format!(
            " (`{}`)",
            v.value.trim().chars().take(80).collect::<String>()
        )
    };
    let field = &v.field;
    let (severity, tail) = if v.is_data && data::validate(v.value).is_err() {
        (
            Severity::Error,
            format!(
                " It is not even base64, so kubectl stops with `illegal base64 data`.{LOAD_NOTE}"
            ),
        )
    } else {
        let s = scope();
        (
            s.severity(RULE.severity),
            format!("; {}.{}", consequence(v), s.note(noun)),
        )
    };
    let message = if tail.starts_with(';') {
        format!("{owner}: `{field}` is {what}{shown}, not a real value{tail}")
    } else {
        format!("{owner}: `{field}` is {what}{shown}, not a real value.{tail}")
    };
    sink.report(&RULE, v.path.clone(), message)
        .with_severity(severity)
        .with_help(help(what));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_both_markers() {
        assert_eq!(lines_of("KC020", super::RULE.example), vec![7, 16]);
    }

    #[test]
    fn a_placeholder_that_is_not_base64_breaks_the_whole_file() {
        let t = "apiVersion: v1\nkind: Config\nclusters:\n- name: unused\n  cluster:\n    server: https://x\n    certificate-authority-data: <base64-encoded-ca-cert>\n";
        assert!(findings(t).contains(&("KC020", Some(7), "error")));
        assert!(lines_of("CRT004", t).is_empty() && lines_of("CRT008", t).is_empty());
    }

    #[test]
    fn secrets_are_not_quoted() {
        let t = "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: ${MY_SECRET_TOKEN_VAR}\n";
        let (f, _) = crate::core::kubeconfig::analyze(t, &Default::default());
        let m = &f.iter().find(|f| f.code() == "KC020").unwrap().message;
        assert!(!m.contains("MY_SECRET"), "{m}");
    }

    /// `kubectl config view` output: the excerpt under each finding shows the
    /// marker that is in the file, the one the message names.
    #[test]
    fn the_excerpt_shows_the_marker_the_message_names() {
        let t = "apiVersion: v1\nkind: Config\nclusters:\n- name: kind-kind\n  cluster:\n    server: https://127.0.0.1:40567\n    certificate-authority-data: DATA+OMITTED\ncontexts:\n- name: kind-kind\n  context:\n    cluster: kind-kind\n    user: kind-kind\ncurrent-context: kind-kind\nusers:\n- name: kind-kind\n  user:\n    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n- name: sa\n  user:\n    token: REDACTED\n    password: \"[REDACTED]\"\n";
        let opts = crate::core::Options::default();
        let report = crate::core::analyze(t, &opts);
        let out = crate::core::render::check_text("config", t, &report);
        assert!(
            out.contains("config:18:5: error[KC020] User `kind-kind`: `client-key-data` is `DATA+OMITTED`, the marker")
                && out.contains("  18 |     client-key-data: DATA+OMITTED\n"),
            "{out}"
        );
        assert!(out.contains("  21 |     token: REDACTED\n"), "{out}");
        assert!(
            out.contains("`password` is `[REDACTED]`, a marker")
                && out.contains("  22 |     password: \"[REDACTED]\"\n"),
            "{out}"
        );
    }

    #[test]
    fn quiet_for_real_values() {
        assert!(lines_of("KC020", super::RULE.fixed).is_empty());
    }
}
