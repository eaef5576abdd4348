use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC033",
    name: "token-not-bare",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A user's `token` starts with `Bearer `, ends in a line break or contains a space, so the API server never sees the token itself.",
    what: "Checks a user's static `token` for what is not part of a token: a `Bearer ` prefix copied from an \
           `Authorization` header or a curl command, a line break (a `|` block scalar keeps the final \
           newline), or a space inside it (a long token wrapped over two lines is folded with a space).",
    why: "kubectl sends `Authorization: Bearer <token>` with the value exactly as stored. With a line break \
          in it no request leaves the machine: kubectl fails with `net/http: invalid header field value for \
          \"Authorization\"`. With `Bearer ` already in it the header reads `Bearer Bearer …`, and with a \
          space inside the API server takes only the first word as the token: either way every request is \
          answered `error: You must be logged in to the server (Unauthorized)`, which looks like a revoked \
          token.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: ci\ncurrent-context: dev\nusers:\n- name: ci\n  user:\n    token: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Y2k6ZGVwbG95In0.c2lnbmF0dXJl\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: ci\ncurrent-context: dev\nusers:\n- name: ci\n  user:\n    token: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Y2k6ZGVwbG95In0.c2lnbmF0dXJl\n",
    fix_summary: "Store the token alone, on one line: no `Bearer ` prefix, no spaces, and `|-` rather than `|` if it is a block scalar.",
};

/// What is wrong with a stored token, as (message tail, help).
fn problem(token: &str) -> Option<(&'static str, &'static str)> {
    let t = token.trim_matches(' ');
    let prefix = t
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("bearer ") || p.eq_ignore_ascii_case("bearer\t"));
    if prefix {
        return Some((
            "starts with `Bearer `. kubectl adds that word itself and sends `Authorization: Bearer Bearer …`, so the API server answers every request `Unauthorized`.",
            "Delete `Bearer ` and keep only the token.",
        ));
    }
    if t.chars().any(char::is_control) {
        return Some((
            "contains a line break or another control character (a `|` block scalar keeps the final newline). kubectl cannot put it in a header and fails with `net/http: invalid header field value for \"Authorization\"`.",
            "Write the token on one line (`token: eyJ…`), or use `|-`, which drops the final newline.",
        ));
    }
    if t.contains(' ') {
        return Some((
            "contains a space (a token wrapped over two lines is joined with one). The API server takes only the first word as the token and answers every request `Unauthorized`.",
            "Join the token into one line without spaces.",
        ));
    }
    None
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        let Some((what, help)) = u.token.as_ref().and_then(|t| problem(t.expose())) else {
            continue;
        };
        // The token goes into a header only for an https server (kubectl
        // 1.32 with `http://`: no `Authorization`, no error).
        if !super::support::read_over_https(cx, nu.name.as_deref()) {
            continue;
        }
        let name = display_name(nu.name.as_deref());
        scoper
            .user(nu.name.as_deref())
            .report(
                sink,
                &RULE,
                cx.user_path(i).field("user").field("token"),
                "user",
                format!("The `token` of user `{name}` {what}"),
            )
            .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_a_bearer_prefix() {
        assert_eq!(lines_of("KC033", super::RULE.example), vec![16]);
    }

    #[test]
    fn fires_on_a_kept_newline_and_a_folded_space() {
        let block = super::RULE
            .fixed
            .replace("token: eyJ", "token: |\n      eyJ");
        assert_eq!(lines_of("KC033", &block), vec![16]);
        let folded = super::RULE.fixed.replace(
            "token: eyJhbGciOiJSUzI1NiJ9.",
            "token: eyJhbGciOiJSUzI1NiJ9.\n      ",
        );
        assert_eq!(lines_of("KC033", &folded), vec![16]);
    }

    #[test]
    fn quiet_for_a_bare_token_and_a_stripped_block() {
        assert!(lines_of("KC033", super::RULE.fixed).is_empty());
        let stripped = super::RULE
            .fixed
            .replace("token: eyJ", "token: |-\n      eyJ");
        assert!(lines_of("KC033", &stripped).is_empty());
    }

    #[test]
    fn a_user_no_context_uses_gets_a_warning() {
        let t = super::RULE.example.replace("user: ci\n", "user: other\n");
        assert!(findings(&t).contains(&("KC033", Some(16), "warning")));
    }

    /// kubectl 1.32 under `unshare -n` with an `http://` server: no TLS, no
    /// `Authorization` header, no error.
    #[test]
    fn quiet_when_the_server_is_plain_http() {
        let t = super::RULE
            .example
            .replace("https://10.0.0.1", "http://10.0.0.1");
        assert_ne!(t, super::RULE.example);
        assert!(super::super::testing::lines_of("KC033", &t).is_empty());
    }
}
