use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC008",
    name: "entry-name-missing",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A cluster, context or user has no name (or an empty one).",
    what: "Flags entries of `clusters`, `contexts` and `users` whose `name` is missing or empty.",
    why: "Entries are found by name. A context with an empty name cannot be chosen with `--context` or \
          `kubectl config use-context`, and client-go's own validation rejects it (`empty context name … is \
          not allowed`); a cluster or user without a name can never be referred to by a context. kubectl \
          does not stop on it, which is why it survives: often it is the trace of a `name:` line lost in an \
          edit, or indented under the wrong item.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\n- context:\n    cluster: dev\n    user: dev\n    namespace: web\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\n- name: dev-web\n  context:\n    cluster: dev\n    user: dev\n    namespace: web\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Give the entry a unique `name:` (at the same indentation as its `cluster:`, `context:` or `user:`).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let c = cx.config;
    let named = |n: &Option<String>| n.as_deref().is_some_and(|n| !n.is_empty());
    let lists: [(&str, &str, Vec<bool>); 3] = [
        (
            "clusters",
            "cluster",
            c.clusters.iter().map(|e| named(&e.name)).collect(),
        ),
        (
            "contexts",
            "context",
            c.contexts.iter().map(|e| named(&e.name)).collect(),
        ),
        (
            "users",
            "user",
            c.users.iter().map(|e| named(&e.name)).collect(),
        ),
    ];
    for (list, noun, names) in lists {
        for (i, _) in names.into_iter().enumerate().filter(|(_, named)| !named) {
            let consequence = match noun {
                "context" => "it cannot be selected with `--context` or `kubectl config use-context`, and client-go's validation rejects it",
                _ => "no context can refer to it, so kubectl never uses it",
            };
            sink.report(
                &RULE,
                Path::root().k(list).i(i),
                format!("The {noun} at `{list}[{i}]` has no name: {consequence}."),
            )
            .with_help(format!("Add a unique `name:` to this {noun} entry, or delete the entry if it is left over."));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_unnamed_item() {
        assert_eq!(lines_of("KC008", super::RULE.example), vec![12]);
    }

    #[test]
    fn an_empty_name_counts_as_missing() {
        let t = "apiVersion: v1\nkind: Config\nusers:\n- name: \"\"\n  user: {token: x}\n";
        assert_eq!(lines_of("KC008", t), vec![4]);
    }

    #[test]
    fn quiet_when_every_entry_is_named() {
        assert!(lines_of("KC008", super::RULE.fixed).is_empty());
    }
}
