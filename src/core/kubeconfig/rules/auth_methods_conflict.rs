use super::prelude::*;
use super::support::{display_name, set, Scoper};
use crate::core::secret::Secret;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC024",
    name: "auth-methods-conflict",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A user has several credentials that kubectl will not combine the way it looks.",
    what: "Flags a user with a token (`token` or `tokenFile`) and a username/password (kubectl refuses \
           this); with both `token` and `tokenFile` (the file wins); or with an exec plugin next to a static \
           credential (the plugin never runs).",
    why: "kubectl allows one way to prove who you are. Token plus basic auth is refused: `more than one \
          authentication method found for dev; found [token basicAuth], only one is allowed` (with \
          `tokenFile`: `username/password or bearer token may be set, but not both`). The other mixes \
          are accepted silently, with surprising results: with `token` and `tokenFile` kubectl sends the \
          file's content whenever it can read the file; with a `token`, password or client certificate next \
          to `exec`, kubectl never runs the plugin — an `aws eks get-token` user then keeps sending an old \
          token that stopped working long ago.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\n    username: admin\n    password: secret\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Keep exactly one credential per user; move the other into its own `users` entry (and context) if you need both.",
};

fn secret_set(s: &Option<Secret>) -> bool {
    s.as_ref().is_some_and(|s| !s.is_empty())
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        let token = secret_set(&u.token);
        let token_file = set(&u.token_file);
        let basic = set(&u.username) || secret_set(&u.password);
        let cert = set(&u.client_certificate) || set(&u.client_certificate_data);
        let name = display_name(nu.name.as_deref());
        let base = cx.user_path(i).field("user");
        let basic_field = if set(&u.username) {
            "username"
        } else {
            "password"
        };
        let scope = || scoper.user(nu.name.as_deref());
        if basic && (token || token_file) {
            let s = scope();
            let (field, kubectl) = if token {
                ("token", format!("more than one authentication method found for {name}; found [token basicAuth], only one is allowed"))
            } else {
                (
                    "tokenFile",
                    "username/password or bearer token may be set, but not both".to_string(),
                )
            };
            let other = sink.locate(&base.k(basic_field));
            sink.report(
                &RULE,
                base.k(field),
                format!("User `{name}` has both a bearer token (`{field}`) and a username/password; kubectl stops with `{kubectl}`.{}", s.note("user")),
            )
            .with_severity(s.severity(RULE.severity))
            .with_help("Keep one: delete `username`/`password` to authenticate with the token, or delete the token to use basic auth (which most clusters no longer accept).")
            .with_related(other);
        } else if token && token_file {
            let s = scope();
            sink.report(
                &RULE,
                base.field("tokenFile"),
                format!("User `{name}` has both `token` and `tokenFile`; kubectl sends the content of the file whenever it can read it and falls back to `token` only when it cannot, so two credentials are in play.{}", s.note("user")),
            )
            .with_severity(s.severity(Severity::Warning))
            .with_help("Keep one: delete `token` to always read the (rotated) file, or delete `tokenFile` to use the inline token.");
        }
        if u.exec.is_some() && (token || token_file || basic || cert) {
            let s = scope();
            let field = if token {
                "token"
            } else if token_file {
                "tokenFile"
            } else if basic {
                basic_field
            } else if set(&u.client_certificate_data) {
                "client-certificate-data"
            } else {
                "client-certificate"
            };
            let exec_loc = sink.locate(&base.field("exec"));
            sink.report(
                &RULE,
                base.k(field),
                format!("User `{name}` has an exec plugin and also `{field}`; kubectl uses `{field}` and never runs the plugin, so the plugin's fresh credentials are not used.{}", s.note("user")),
            )
            .with_severity(s.severity(RULE.severity))
            .with_help(format!("Delete `{field}` so that kubectl runs the exec plugin, or delete `exec` if the static credential is what you want."))
            .with_related(exec_loc);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_token_with_basic_auth() {
        assert_eq!(lines_of("KC024", super::RULE.example), vec![15]);
    }

    #[test]
    fn token_next_to_exec_is_an_error_and_token_with_token_file_a_warning() {
        let t = "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster: {server: 'https://x'}\ncontexts:\n- name: a\n  context: {cluster: a, user: a}\ncurrent-context: a\nusers:\n- name: a\n  user:\n    token: old\n    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}\n- name: b\n  user:\n    token: x\n    tokenFile: /var/run/token\n";
        let f = findings(t);
        assert!(f.contains(&("KC024", Some(13), "error")), "{f:?}");
        assert!(f.contains(&("KC024", Some(18), "warning")), "{f:?}");
    }

    #[test]
    fn quiet_with_one_credential() {
        assert!(lines_of("KC024", super::RULE.fixed).is_empty());
    }
}
