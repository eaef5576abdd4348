use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC001",
    name: "empty-config",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "The kubeconfig defines no clusters, contexts or users.",
    what: "Flags a kubeconfig that is empty or has only empty lists.",
    why: "kubectl treats an empty config as \"no configuration\" and silently falls back to \
          `http://localhost:8080`, so the error you get is `The connection to the server localhost:8080 was \
          refused` — which says nothing about the real cause: an empty or overwritten ~/.kube/config.",
    example: "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\ncurrent-context: \"\"\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: kind-kind\n  cluster:\n    server: https://127.0.0.1:6443\ncontexts:\n- name: kind-kind\n  context:\n    cluster: kind-kind\n    user: kind-kind\nusers:\n- name: kind-kind\n  user:\n    token: abc\ncurrent-context: kind-kind\n",
    fix_summary: "Regenerate the file (`aws eks update-kubeconfig`, `kind export kubeconfig`, `gcloud container clusters get-credentials`) or point KUBECONFIG at the right file.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let c = cx.config;
    if c.clusters.is_empty() && c.contexts.is_empty() && c.users.is_empty() {
        sink.report(
            &RULE,
            Path::root(),
            "This kubeconfig is empty: no clusters, contexts or users. kubectl would quietly fall back to http://localhost:8080.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_empty_text_and_empty_lists() {
        assert_eq!(lines_of("KC001", ""), vec![1]);
        assert_eq!(lines_of("KC001", "# nothing here\n"), vec![1]);
        assert_eq!(lines_of("KC001", super::RULE.example), vec![1]);
    }

    #[test]
    fn quiet_when_anything_is_defined() {
        assert!(lines_of(
            "KC001",
            "clusters:\n- name: a\n  cluster:\n    server: https://x\n"
        )
        .is_empty());
    }
}
