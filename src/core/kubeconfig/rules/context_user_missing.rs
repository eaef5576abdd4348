use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC004",
    name: "context-user-not-found",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A context names a user that is not defined.",
    what: "Checks that every context's `user` names one of the `users`.",
    why: "kubectl does not stop on a missing user: it sends requests without credentials, and on a terminal \
          it prompts for a username and password — which looks like the cluster asking you to log in.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://127.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev-admin\nusers:\n- name: dev-admn\n  user:\n    token: abc\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://127.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev-admin\nusers:\n- name: dev-admin\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Set the context's `user` to the name of an entry under `users`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let names: Vec<&str> = cx
        .config
        .users
        .iter()
        .filter_map(|u| u.name.as_deref())
        .collect();
    // A set, so that checking n contexts against n entries stays linear.
    let known: std::collections::HashSet<&str> = names.iter().copied().collect();
    for (i, nc) in cx.config.contexts.iter().enumerate() {
        let ctx_name = nc.name.as_deref().unwrap_or("(unnamed)");
        let user = nc
            .context
            .as_ref()
            .and_then(|c| c.user.as_deref())
            .unwrap_or("");
        if user.is_empty() || known.contains(user) {
            // An empty user is allowed by kubectl (anonymous access); KC0xx rules on auth cover it.
            continue;
        }
        let severity = cx.scoped(i, RULE.severity);
        let scope = crate::core::kubeconfig::scope_note(cx.is_current(i));
        let f = sink
            .report(
                &RULE,
                cx.context_path(i).k("context").k("user"),
                format!("Context `{ctx_name}` uses user `{user}`, which is not defined; kubectl would send no credentials and may prompt for a username and password.{scope}"),
            )
            .with_severity(severity);
        if let Some(s) = super::closest(user, &names) {
            f.with_help(format!("Did you mean `{s}`?"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_user_line() {
        assert_eq!(lines_of("KC004", super::RULE.example), vec![11]);
    }

    #[test]
    fn quiet_when_the_user_exists() {
        assert!(lines_of("KC004", super::RULE.fixed).is_empty());
    }
}
