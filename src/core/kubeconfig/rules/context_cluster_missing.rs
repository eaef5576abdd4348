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
        let hidden = hidden_reference(cluster, &names, "cluster");
        let message = if cluster.is_empty() {
            format!("Context `{ctx_name}` names no cluster; kubectl would fall back to http://localhost:8080.{scope}")
        } else {
            format!(
                "Context `{ctx_name}` uses cluster `{}`, which is not defined; kubectl would fall back to http://localhost:8080.{}{scope}",
                show_hidden(cluster),
                hidden.as_ref().map_or("", |h| h.note.as_str())
            )
        };
        let path = cx.context_path(i).k("context").k("cluster");
        let f = sink
            .report(&RULE, path.clone(), message)
            .with_severity(severity);
        if let Some(h) = hidden {
            f.with_help(h.help);
            if h.in_reference {
                f.at(hidden_at(cx, &path));
            }
        } else if let Some(s) = super::closest(cluster, &names).filter(|_| !cluster.is_empty()) {
            f.with_help(format!("Did you mean `{s}`?"));
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
}
