use super::prelude::*;
use super::support::LOAD_NOTE;
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC007",
    name: "duplicate-name",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "Two clusters, contexts or users have the same name.",
    what: "Checks that the names in each of `clusters`, `contexts` and `users` are unique, and points at both \
           entries.",
    why: "kubectl turns each list into a map keyed by name and refuses a repeated name: `error loading config \
          file: … duplicate name \"x\" in list`. It fails for every command, even when the duplicate belongs \
          to a context nobody uses. Duplicates usually come from concatenating two kubeconfigs by hand \
          instead of merging them with `KUBECONFIG=a:b kubectl config view --flatten`.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n- name: dev\n  cluster:\n    server: https://10.0.0.2:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n- name: dev-2\n  cluster:\n    server: https://10.0.0.2:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Delete one of the two entries, or rename one (and the contexts that refer to it).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let c = cx.config;
    let lists: [(&str, &str, Vec<Option<&str>>); 3] = [
        (
            "clusters",
            "cluster",
            c.clusters.iter().map(|e| e.name.as_deref()).collect(),
        ),
        (
            "contexts",
            "context",
            c.contexts.iter().map(|e| e.name.as_deref()).collect(),
        ),
        (
            "users",
            "user",
            c.users.iter().map(|e| e.name.as_deref()).collect(),
        ),
    ];
    for (list, noun, names) in lists {
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(names.len());
        for (i, name) in names.into_iter().enumerate() {
            // kubectl keys the map by name, so two unnamed entries collide too.
            let name = name.unwrap_or("");
            let Some(&j) = first.get(name) else {
                first.insert(name, i);
                continue;
            };
            let shown = if name.is_empty() {
                "\"\" (no name)".to_string()
            } else {
                format!("`{name}`")
            };
            let first_loc = sink.locate(&Path::root().k(list).i(j).k("name"));
            let line = first_loc
                .pos
                .map(|p| format!(" (line {})", p.line))
                .unwrap_or_default();
            sink.report(
                &RULE,
                Path::root().k(list).i(i).k("name"),
                format!("The {noun} name {shown} is used twice: `{list}[{j}]`{line} and `{list}[{i}]`; kubectl stops with `duplicate name \"{name}\" in list`.{LOAD_NOTE}"),
            )
            .with_help(format!("Delete one of the two {noun} entries named {shown}, or rename one (and update the contexts that refer to it)."))
            .with_related(first_loc);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_the_second_name() {
        assert_eq!(lines_of("KC007", super::RULE.example), vec![7]);
    }

    #[test]
    fn a_duplicate_nobody_uses_is_still_an_error() {
        let t = "apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user: {token: x}\n- name: b\n  user: {token: y}\n- name: b\n  user: {token: z}\n";
        assert!(findings(t).contains(&("KC007", Some(8), "error")));
    }

    #[test]
    fn quiet_when_names_are_unique() {
        assert!(lines_of("KC007", super::RULE.fixed).is_empty());
    }
}
