use super::prelude::*;
use super::support::{hidden_at, hidden_reference};
use crate::core::suggest::show_hidden;

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
        let path = cx.context_path(i).k("context").k("user");
        let hidden = hidden_reference(cx, user, &path, &names, "user");
        let f = sink
            .report(
                &RULE,
                path.clone(),
                format!(
                    "Context `{ctx_name}` uses user `{}`, which is not defined; kubectl would send no credentials and may prompt for a username and password.{}{scope}",
                    show_hidden(user),
                    hidden.as_ref().map_or("", |h| h.note.as_str())
                ),
            )
            .with_severity(severity);
        if let Some(h) = hidden {
            f.with_help(h.help);
            if h.in_reference {
                f.at(hidden_at(cx, &path, user));
            }
        } else if let Some(s) = super::closest(user, &names) {
            f.with_help(format!("Did you mean `{}`?", show_hidden(s)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{first, lines_of};

    #[test]
    fn fires_on_the_user_line() {
        assert_eq!(lines_of("KC004", super::RULE.example), vec![11]);
    }

    #[test]
    fn quiet_when_the_user_exists() {
        assert!(lines_of("KC004", super::RULE.fixed).is_empty());
    }

    #[test]
    fn an_invisible_character_in_the_user_reference_is_named_and_pointed_at() {
        let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: \u{feff}prod\ncurrent-context: prod\nusers:\n- name: prod\n  user:\n    token: abc\n";
        let (at, message, _) = first("KC004", text).unwrap();
        assert_eq!(at, "11:11");
        assert!(
            message.contains("uses user `<U+FEFF>prod`, which is not defined; kubectl would send no credentials and may prompt for a username and password. The name contains an invisible character, U+FEFF (byte order mark), at the first character, before `prod`"),
            "{message}"
        );
        // The same character in the user's own name: the message says whose.
        let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: prod\ncurrent-context: prod\nusers:\n- name: prod\n  user:\n    token: abc\n";
        let (_, message, help) = first(
            "KC004",
            &text.replace("- name: prod\n  user:", "- name: \"prod\\u200c\"\n  user:"),
        )
        .unwrap();
        assert!(
            message.contains("The user it was meant to match is named `prod<U+200C>`"),
            "{message}"
        );
        assert!(
            help.starts_with(
                "Retype the `name:` of user `prod<U+200C>` by hand so that it reads `prod`"
            ),
            "{help}"
        );
    }

    /// "Did you mean" shows the no-break space it suggests, and says what
    /// it is, rather than printing a name that looks like the reference.
    #[test]
    fn a_no_break_space_in_the_user_name_is_shown() {
        let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: my admin\ncurrent-context: prod\nusers:\n- name: \"my\u{a0}admin\"\n  user:\n    token: abc\n";
        let (_, _, help) = first("KC004", text).unwrap();
        assert_eq!(
            help,
            "Retype the `name:` of user `my<U+00A0>admin` by hand so that it reads `my admin` (copying it carries the no-break space along)."
        );
    }
}
