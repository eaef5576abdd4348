use super::prelude::*;
use super::support::{display_name, Scoper};
use crate::core::kubeconfig::overview::auth;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC024",
    name: "auth-methods-conflict",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A user has several credentials that kubectl will not combine the way it looks.",
    what: "Flags a user whose credentials kubectl will not combine the way they read: a `token` next to a \
           username or password, or a `tokenFile` next to a username (kubectl refuses both); both `token` and \
           `tokenFile` (the file wins); an exec plugin next to a `token`, `tokenFile`, `username`, or a client \
           certificate with its key (the plugin never runs); a `password` without a `username` next to another \
           credential (the password is ignored).",
    why: "kubectl allows one way to prove who you are. Token plus basic auth is refused: `more than one \
          authentication method found for dev; found [token basicAuth], only one is allowed` (with \
          `tokenFile` and a username: `username/password or bearer token may be set, but not both`). The \
          other mixes are accepted silently, with surprising results. With `token` and `tokenFile` kubectl \
          sends the file's content whenever it can read the file. Next to `exec`, a token, token file, \
          username, or client certificate with its key wins and kubectl never runs the plugin — an `aws eks \
          get-token` user then keeps sending an old token that stopped working long ago. A password counts \
          for nothing without a username: kubectl drops it and uses the other credential (or runs the \
          plugin), so whoever wrote it is not the one the cluster sees.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\n    username: admin\n    password: secret\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Keep exactly one credential per user; move the other into its own `users` entry (and context) if you need both.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        let https = super::support::read_over_https(cx, nu.name.as_deref());
        let token = auth::token(u);
        let token_file = auth::token_file(u);
        let name = display_name(nu.name.as_deref());
        let base = cx.user_path(i).field("user");
        let basic_field = if auth::username(u) {
            "username"
        } else {
            "password"
        };
        let scope = || scoper.user(nu.name.as_deref());
        if auth::token_with_basic(u) && (token || https) {
            let s = scope();
            // Validation refuses a `token` next to basic auth for every
            // server; a `tokenFile` is only refused by the transport, which
            // kubectl builds with the user's credentials only for https.
            let (field, kubectl) = if token {
                ("token", format!("more than one authentication method found for {name}; found [token basicAuth], only one is allowed`"))
            } else {
                (
                    "tokenFile",
                    "username/password or bearer token may be set, but not both` with an https server (over plain HTTP it reads neither and says nothing)".to_string(),
                )
            };
            let other = sink.locate(&base.k(basic_field));
            sink.report(
                &RULE,
                base.k(field),
                format!("User `{name}` has both a bearer token (`{field}`) and a username/password; kubectl stops with `{kubectl}.{}", s.note("user")),
            )
            .with_severity(s.severity(RULE.severity))
            .with_help("Keep one: delete `username`/`password` to authenticate with the token, or delete the token to use basic auth (which most clusters no longer accept).")
            .with_related(other);
        } else if token && token_file && https {
            let s = scope();
            sink.report(
                &RULE,
                base.field("tokenFile"),
                format!("User `{name}` has both `token` and `tokenFile`; kubectl sends the content of the file whenever it can read it and falls back to `token` only when it cannot, so two credentials are in play.{}", s.note("user")),
            )
            .with_severity(s.severity(Severity::Warning))
            .with_help("Keep one: delete `token` to always read the (rotated) file, or delete `tokenFile` to use the inline token.");
        }
        let blocker = auth::exec_blocker(u);
        if let (Some(_), Some(field), true) = (&u.exec, blocker, https) {
            let s = scope();
            let what = match field {
                "username" => "basic auth with `username`".to_string(),
                f if f.starts_with("client-") => "the client certificate and key".to_string(),
                f => format!("`{f}`"),
            };
            let exec_loc = sink.locate(&base.field("exec"));
            sink.report(
                &RULE,
                base.k(field),
                format!("User `{name}` has an exec plugin and also `{field}`; kubectl uses {what} and never runs the plugin, so the plugin's fresh credentials are not used.{}", s.note("user")),
            )
            .with_severity(s.severity(RULE.severity))
            .with_help(format!("Delete `{field}` so that kubectl runs the exec plugin, or delete `exec` if the static credential is what you want."))
            .with_related(exec_loc);
        }
        if auth::lone_password(u) && https {
            let used = match (blocker, &u.exec, &u.auth_provider) {
                (Some(f), _, _) if f.starts_with("client-") => {
                    "authenticates with the client certificate".to_string()
                }
                (Some(f), _, _) => format!("authenticates with `{f}`"),
                (None, Some(_), _) => "runs the exec plugin".to_string(),
                (None, None, Some(_)) => "uses the auth-provider".to_string(),
                (None, None, None) => continue,
            };
            let s = scope();
            sink.report(
                &RULE,
                base.k("password"),
                format!("User `{name}` has a `password` but no `username`; kubectl sends basic auth only with a username, so it ignores the password and {used}.{}", s.note("user")),
            )
            .with_severity(s.severity(Severity::Warning))
            .with_help("Delete `password`; or, if basic auth is what you meant, add the `username` and remove the other credential.");
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

    /// kubectl 1.32 with `username` and `tokenFile`: `username/password or
    /// bearer token may be set, but not both` for an https server, and a plain
    /// `GET http://…` with no error for an http one.
    #[test]
    fn a_token_file_next_to_a_username_is_refused_only_over_https() {
        let t = user("    username: bob\n    tokenFile: /t\n");
        let f = crate::core::analyze(&t, &crate::core::Options::default()).findings;
        let m: Vec<&str> = f
            .iter()
            .filter(|f| f.code() == "KC024")
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(m, ["User `a` has both a bearer token (`tokenFile`) and a username/password; kubectl stops with `username/password or bearer token may be set, but not both` with an https server (over plain HTTP it reads neither and says nothing). The current context `a` uses this user, so plain `kubectl` commands are affected."]);
    }

    /// kubectl 1.32 under `unshare -n`, `--v=9`, with `username` and
    /// `tokenFile` and an `http://` server: no error and no `Authorization`
    /// header. Over plain HTTP (or with the cluster missing) only a `token`
    /// next to basic auth is refused; nothing else the rule says happens.
    #[test]
    fn over_plain_http_only_a_token_next_to_basic_auth_fires() {
        let http = |fields: &str| user(fields).replace("'https://x'", "'http://x'");
        for fields in [
            "    username: bob\n    tokenFile: /t\n",
            "    token: x\n    tokenFile: /t\n",
            &format!("    tokenFile: /t\n{EXEC}"),
            &format!("    password: pw\n{EXEC}"),
        ] {
            assert!(lines_of("KC024", &http(fields)).is_empty(), "{fields}");
            let gone = user(fields).replace("{cluster: a,", "{cluster: typo,");
            assert!(lines_of("KC024", &gone).is_empty(), "{fields}");
            assert!(!lines_of("KC024", &user(fields)).is_empty(), "{fields}");
        }
        let t = http("    username: bob\n    token: abc\n");
        assert_eq!(lines_of("KC024", &t), vec![14]);
    }

    #[test]
    fn token_next_to_exec_is_an_error_and_token_with_token_file_a_warning() {
        let t = "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster: {server: 'https://x'}\ncontexts:\n- name: a\n  context: {cluster: a, user: a}\ncurrent-context: a\nusers:\n- name: a\n  user:\n    token: old\n    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}\n- name: b\n  user:\n    token: x\n    tokenFile: /var/run/token\n";
        let f = findings(t);
        assert!(f.contains(&("KC024", Some(13), "error")), "{f:?}");
        assert!(f.contains(&("KC024", Some(18), "warning")), "{f:?}");
    }

    fn user(fields: &str) -> String {
        format!("apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster: {{server: 'https://x'}}\ncontexts:\n- name: a\n  context: {{cluster: a, user: a}}\ncurrent-context: a\nusers:\n- name: a\n  user:\n{fields}")
    }

    const EXEC: &str =
        "    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}\n";

    /// client-go skips the plugin for a token, a token file, a username, or a
    /// certificate with its key (`UpdateTransportConfig`); never for a password
    /// alone, nor for a certificate or a key alone.
    #[test]
    fn exec_is_skipped_exactly_when_client_go_skips_it() {
        let skipped = |fields: &str| {
            super::super::testing::first("KC024", &user(&format!("{fields}{EXEC}")))
                .map(|(at, message, _)| (at, message))
        };
        let (at, m) = skipped("    username: bob\n").unwrap_or_default();
        assert_eq!(at, "13:5");
        assert_eq!(m, "User `a` has an exec plugin and also `username`; kubectl uses basic auth with `username` and never runs the plugin, so the plugin's fresh credentials are not used. The current context `a` uses this user, so plain `kubectl` commands are affected.");
        let (at, m) = skipped("    client-certificate: /c.pem\n    client-key-data: a2V5\n")
            .unwrap_or_default();
        assert_eq!(at, "13:5");
        assert_eq!(m, "User `a` has an exec plugin and also `client-certificate`; kubectl uses the client certificate and key and never runs the plugin, so the plugin's fresh credentials are not used. The current context `a` uses this user, so plain `kubectl` commands are affected.");
        assert!(skipped("    tokenFile: /t\n").is_some());
        for alone in [
            "    client-certificate-data: Y2VydA==\n",
            "    client-certificate: /c.pem\n",
            "    client-key-data: a2V5\n",
            "    client-key: /k.pem\n",
        ] {
            assert_eq!(skipped(alone), None, "{alone}");
        }
    }

    #[test]
    fn a_password_without_a_username_is_ignored_not_a_blocker() {
        let t = user(&format!("    password: pw\n{EXEC}"));
        let (at, m, _) = super::super::testing::first("KC024", &t).unwrap_or_default();
        assert_eq!(at, "13:5");
        assert_eq!(m, "User `a` has a `password` but no `username`; kubectl sends basic auth only with a username, so it ignores the password and runs the exec plugin. The current context `a` uses this user, so plain `kubectl` commands are affected.");
        assert_eq!(findings(&t).iter().filter(|f| f.0 == "KC024").count(), 1);
        assert!(findings(&t).contains(&("KC024", Some(13), "warning")));
        // A token file next to a password alone is accepted: no `not both`.
        let t = user("    password: pw\n    tokenFile: /t\n");
        let (at, m, _) = super::super::testing::first("KC024", &t).unwrap_or_default();
        assert_eq!(at, "13:5");
        assert_eq!(m, "User `a` has a `password` but no `username`; kubectl sends basic auth only with a username, so it ignores the password and authenticates with `tokenFile`. The current context `a` uses this user, so plain `kubectl` commands are affected.");
        // Next to a token it is refused, as basic auth.
        let t = user("    password: pw\n    token: abc\n");
        assert!(findings(&t).contains(&("KC024", Some(14), "error")));
        // Alone it is no conflict (the overview says kubectl prompts).
        assert!(lines_of("KC024", &user("    password: pw\n")).is_empty());
    }

    #[test]
    fn quiet_with_one_credential() {
        assert!(lines_of("KC024", super::RULE.fixed).is_empty());
    }
}
