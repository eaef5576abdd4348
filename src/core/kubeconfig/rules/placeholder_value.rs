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

/// One value to look at.
struct Value<'a> {
    path: Path,
    field: String,
    value: &'a str,
    secret: bool,
    is_data: bool,
}

fn val<'a>(path: Path, field: &str, value: Option<&'a str>, secret: bool) -> Option<Value<'a>> {
    Some(Value {
        path,
        field: field.to_string(),
        value: value.filter(|v| !v.is_empty())?,
        secret,
        is_data: field.ends_with("-data"),
    })
}

fn help(what: &str) -> String {
    if what.contains("kubectl config view") {
        "This copy came from `kubectl config view`, which hides data and secrets. Export again with `kubectl config view --raw` (add `--minify --flatten` for one context), or regenerate the entry (`aws eks update-kubeconfig`, `gcloud container clusters get-credentials`, `az aks get-credentials`).".into()
    } else if what.contains("variable") || what.contains("template") {
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
        let b = cx.cluster_path(i).k("cluster");
        let values = [
            val(b.k("server"), "server", c.server.as_deref(), false),
            val(
                b.k("certificate-authority"),
                "certificate-authority",
                c.certificate_authority.as_deref(),
                false,
            ),
            val(
                b.k("certificate-authority-data"),
                "certificate-authority-data",
                c.certificate_authority_data.as_deref(),
                false,
            ),
            val(b.k("proxy-url"), "proxy-url", c.proxy_url.as_deref(), false),
            val(
                b.k("tls-server-name"),
                "tls-server-name",
                c.tls_server_name.as_deref(),
                false,
            ),
        ];
        let owner = format!("Cluster `{}`", display_name(nc.name.as_deref()));
        for v in values.into_iter().flatten() {
            report(
                sink,
                &v,
                &owner,
                || scoper.cluster(nc.name.as_deref()),
                "cluster",
            );
        }
    }
    for (i, nu, u) in super::support::users(cx) {
        let b = cx.user_path(i).k("user");
        let mut values = vec![
            val(
                b.k("client-certificate"),
                "client-certificate",
                u.client_certificate.as_deref(),
                false,
            ),
            val(
                b.k("client-certificate-data"),
                "client-certificate-data",
                u.client_certificate_data.as_deref(),
                false,
            ),
            val(
                b.k("client-key"),
                "client-key",
                u.client_key.as_deref(),
                false,
            ),
            val(
                b.k("client-key-data"),
                "client-key-data",
                u.client_key_data.as_ref().map(|s| s.expose()),
                true,
            ),
            val(
                b.k("token"),
                "token",
                u.token.as_ref().map(|s| s.expose()),
                true,
            ),
            val(
                b.k("tokenFile"),
                "tokenFile",
                u.token_file.as_deref(),
                false,
            ),
            val(b.k("username"), "username", u.username.as_deref(), false),
            val(
                b.k("password"),
                "password",
                u.password.as_ref().map(|s| s.expose()),
                true,
            ),
        ];
        if let Some(exec) = &u.exec {
            let e = b.k("exec");
            values.push(val(
                e.k("command"),
                "exec command",
                exec.command.as_deref(),
                false,
            ));
            for (k, a) in exec.args.iter().enumerate() {
                values.push(val(
                    e.k("args").i(k),
                    &format!("exec argument {}", k + 1),
                    Some(a),
                    false,
                ));
            }
            for (k, env) in exec.env.iter().enumerate() {
                let field = format!("exec env `{}`", env.name.as_deref().unwrap_or("(unnamed)"));
                values.push(val(
                    e.k("env").i(k).k("value"),
                    &field,
                    env.value.as_ref().map(|s| s.expose()),
                    true,
                ));
            }
        }
        if let Some(ap) = &u.auth_provider {
            for (k, v) in &ap.config {
                let field = format!("auth-provider config `{k}`");
                values.push(val(
                    b.k("auth-provider").k("config").k(k),
                    &field,
                    Some(v.expose()),
                    true,
                ));
            }
        }
        let owner = format!("User `{}`", display_name(nu.name.as_deref()));
        for v in values.into_iter().flatten() {
            report(sink, &v, &owner, || scoper.user(nu.name.as_deref()), "user");
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
    let shown = if v.secret && !is_marker {
        String::new()
    } else {
        format!(
            " (`{}`)",
            v.value.trim().chars().take(80).collect::<String>()
        )
    };
    let field = &v.field;
    let (severity, tail) = if v.is_data && data::decode(v.value).is_err() {
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
        assert!(lines_of("KC018", t).is_empty());
    }

    #[test]
    fn secrets_are_not_quoted() {
        let t = "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: ${MY_SECRET_TOKEN_VAR}\n";
        let (f, _) = crate::core::kubeconfig::analyze(t, &Default::default());
        let m = &f.iter().find(|f| f.code() == "KC020").unwrap().message;
        assert!(!m.contains("MY_SECRET"), "{m}");
    }

    #[test]
    fn quiet_for_real_values() {
        assert!(lines_of("KC020", super::RULE.fixed).is_empty());
    }
}
