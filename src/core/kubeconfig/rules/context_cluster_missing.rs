use super::prelude::*;
use super::support::{hidden_at, hidden_reference};
use crate::core::suggest::show_hidden;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC003",
    name: "context-cluster-not-found",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A context names a cluster that is not defined (or names none).",
    what: "Checks that every context's `cluster` is set and names one of the `clusters`.",
    why: "kubectl does not stop on a missing cluster: it builds a client with no server and quietly talks to \
          `http://localhost:8080`, so the error is `The connection to the server localhost:8080 was refused` — \
          far from the real cause.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: prod-eu\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: prod\n  context:\n    cluster: prod-eu-1\n    user: admin\nusers:\n- name: admin\n  user:\n    token: abc\ncurrent-context: prod\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: prod-eu\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: prod\n  context:\n    cluster: prod-eu\n    user: admin\nusers:\n- name: admin\n  user:\n    token: abc\ncurrent-context: prod\n",
    fix_summary: "Set the context's `cluster` to the name of an entry under `clusters`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let names: Vec<&str> = cx
        .config
        .clusters
        .iter()
        .filter_map(|c| c.name.as_deref())
        .collect();
    // A set, so that checking n contexts against n entries stays linear.
    let known: std::collections::HashSet<&str> = names.iter().copied().collect();
    for (i, nc) in cx.config.contexts.iter().enumerate() {
        let ctx_name = nc.name.as_deref().unwrap_or("(unnamed)");
        let cluster = nc
            .context
            .as_ref()
            .and_then(|c| c.cluster.as_deref())
            .unwrap_or("");
        if !cluster.is_empty() && known.contains(cluster) {
            continue;
        }
        let severity = cx.scoped(i, RULE.severity);
        let scope = crate::core::kubeconfig::scope_note(cx.is_current(i));
        let path = cx.context_path(i).k("context").k("cluster");
        let hidden = hidden_reference(cx, cluster, &path, &names, "cluster");
        let message = if cluster.is_empty() {
            format!("Context `{ctx_name}` names no cluster; kubectl would fall back to http://localhost:8080.{scope}")
        } else {
            format!(
                "Context `{ctx_name}` uses cluster `{}`, which is not defined; kubectl would fall back to http://localhost:8080.{}{scope}",
                show_hidden(cluster),
                hidden.as_ref().map_or("", |h| h.note.as_str())
            )
        };
        let f = sink
            .report(&RULE, path.clone(), message)
            .with_severity(severity);
        if let Some(h) = hidden {
            f.with_help(h.help);
            if h.in_reference {
                f.at(hidden_at(cx, &path, cluster));
            }
        } else if let Some(s) = super::closest(cluster, &names).filter(|_| !cluster.is_empty()) {
            f.with_help(format!("Did you mean `{}`?", show_hidden(s)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, first, lines_of};

    #[test]
    fn fires_on_the_cluster_line_with_a_suggestion() {
        assert_eq!(lines_of("KC003", super::RULE.example), vec![10]);
    }

    #[test]
    fn a_non_current_context_is_only_a_warning() {
        let text = "clusters: []\ncontexts:\n- name: a\n  context: {cluster: x, user: u}\ncurrent-context: b\n";
        assert!(findings(text).contains(&("KC003", Some(4), "warning")));
    }

    #[test]
    fn quiet_when_the_cluster_exists() {
        assert!(lines_of("KC003", super::RULE.fixed).is_empty());
    }

    #[test]
    fn an_invisible_character_in_the_cluster_reference_is_named_and_pointed_at() {
        let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: prod\n  context:\n    cluster: prod\u{2060}\n    user: prod\ncurrent-context: prod\nusers:\n- name: prod\n  user:\n    token: abc\n";
        let (at, message, help) = first("KC003", text).unwrap();
        assert_eq!(at, "10:18");
        assert!(
            message.contains("uses cluster `prod<U+2060>`, which is not defined; kubectl would fall back to http://localhost:8080. The name contains an invisible character, U+2060 (word joiner), at character 5, after `prod`; without it the name is `prod`, which is defined."),
            "{message}"
        );
        assert!(
            help.starts_with("Retype the `cluster:` value by hand so that it reads `prod`"),
            "{help}"
        );
    }

    fn with(cluster_name_line: &str, reference_line: &str) -> String {
        format!("apiVersion: v1\nkind: Config\nclusters:\n{cluster_name_line}\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: prod\n  context:\n{reference_line}\n    user: prod\ncurrent-context: prod\nusers:\n- name: prod\n  user:\n    token: abc\n")
    }

    /// A hidden character on both sides: retyping one side leaves the two
    /// different, so the help names both, each with its place.
    #[test]
    fn hidden_characters_on_both_sides_are_both_to_be_retyped() {
        let text = with("- name: \"prod\\u200c\"", "    cluster: prod\u{200b}");
        let (at, message, help) = first("KC003", &text).unwrap();
        assert_eq!(at, "10:18");
        assert!(
            message.contains("The name contains an invisible character, U+200B (zero-width space), at character 5, after `prod`; the cluster it was meant to match, `prod<U+200C>`, also contains an invisible character, U+200C (zero-width non-joiner), at character 5, after `prod`, so the two still differ."),
            "{message}"
        );
        assert_eq!(
            help,
            "Retype both by hand so that each reads `prod`: this context's `cluster:` value, whose U+200B (zero-width space) is at line 10, column 18, and the `name:` of cluster `prod<U+200C>`, whose U+200C (zero-width non-joiner) is at line 4, column 9. Fixing only one leaves them different; copying either carries its character along."
        );
    }

    /// A no-break space in the cluster's name: the suggestion must not look
    /// identical to what the context already says.
    #[test]
    fn a_no_break_space_in_the_cluster_name_is_shown_and_named() {
        let text = with("- name: \"my\u{a0}cluster\"", "    cluster: my cluster");
        let (_, message, help) = first("KC003", &text).unwrap();
        assert!(
            message.contains("The cluster it was meant to match is named `my<U+00A0>cluster`: that name contains a no-break space, U+00A0, where an ordinary space should be, at character 3, after `my`, so the two differ."),
            "{message}"
        );
        assert_eq!(
            help,
            "Retype the `name:` of cluster `my<U+00A0>cluster` by hand so that it reads `my cluster` (copying it carries the no-break space along)."
        );
    }

    /// A no-break space in the reference: the fix is an ordinary space, not
    /// deleting it (`mycluster`).
    #[test]
    fn a_no_break_space_in_the_reference_is_to_become_an_ordinary_space() {
        let text = with("- name: my cluster", "    cluster: my\u{a0}cluster");
        let (at, message, help) = first("KC003", &text).unwrap();
        assert_eq!(at, "10:16");
        assert!(
            message.contains("The name contains a no-break space, U+00A0, where an ordinary space should be, at character 3, after `my`; with an ordinary space in its place the name is `my cluster`, which is defined."),
            "{message}"
        );
        assert_eq!(
            help,
            "Retype the `cluster:` value by hand so that it reads `my cluster`: copying it carries the no-break space along."
        );
        // With nothing to match, the help still says to type a space.
        let text = with("- name: other", "    cluster: my\u{a0}cluster");
        let (_, _, help) = first("KC003", &text).unwrap();
        assert_eq!(
            help,
            "Retype the `cluster:` value by hand, typing an ordinary space where the no-break space is."
        );
    }

    /// "Did you mean" shows a hidden character it suggests.
    #[test]
    fn a_suggestion_shows_its_hidden_characters() {
        let text = with("- name: \"prod-eu\\u200b\"", "    cluster: prod-e");
        let (_, _, help) = first("KC003", &text).unwrap();
        assert_eq!(help, "Did you mean `prod-eu<U+200B>`?");
    }

    /// The caret stays inside the value: a hidden character in a comment
    /// after an escaped one, or in a later field of a flow mapping, is not
    /// it (the finding stays at the key, as for any escaped character).
    #[test]
    fn the_caret_never_leaves_the_value() {
        let text = with(
            "- name: prod",
            "    cluster: \"prod\\u200b\" # pasted\u{200b}",
        );
        let (at, _, _) = first("KC003", &text).unwrap();
        assert_eq!(at, "10:5");
        let text = "clusters:\n- name: prod\n  cluster: {server: https://10.0.0.1:6443}\ncontexts:\n- name: prod\n  context: {cluster: \"prod\\u200b\", user: \"u\u{200b}\"}\ncurrent-context: prod\n";
        let (at, _, _) = first("KC003", text).unwrap();
        assert_eq!(at, "6:13");
    }

    /// Two hidden characters: "without them", and the count.
    #[test]
    fn two_hidden_characters_are_them() {
        let text = with("- name: prod", "    cluster: pr\u{200b}od\u{200b}");
        let (_, message, help) = first("KC003", &text).unwrap();
        assert!(
            message.contains("at character 3, after `pr` (and one more further on); without them the name is `prod`, which is defined."),
            "{message}"
        );
        assert!(
            help.contains("carries the invisible characters along"),
            "{help}"
        );
    }
}
