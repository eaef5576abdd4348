use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC011",
    name: "cluster-server-missing",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A cluster has no `server`.",
    what: "Flags entries of `clusters` without a `server` URL (or without a `cluster:` body at all).",
    why: "kubectl does not stop on a cluster without a server: it fills in its built-in default, \
          `http://localhost:8080`, and the error you get is `The connection to the server localhost:8080 was \
          refused - did you specify the right host or port?`, which points everywhere but at the file.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    certificate-authority: /etc/kubernetes/pki/ca.crt\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    certificate-authority: /etc/kubernetes/pki/ca.crt\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Add `server: https://HOST:PORT` under the cluster's `cluster:` (for EKS: `aws eks describe-cluster --name NAME --query cluster.endpoint`).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nc) in cx.config.clusters.iter().enumerate() {
        let server = nc.cluster.as_ref().and_then(|c| c.server.as_deref());
        if server.is_some_and(|s| !s.is_empty()) {
            continue;
        }
        let scope = scoper.cluster(nc.name.as_deref());
        let name = display_name(nc.name.as_deref());
        let (path, what) = if nc.cluster.is_some() {
            (cx.cluster_path(i).k("cluster"), "has no `server`")
        } else {
            (
                cx.cluster_path(i),
                "has no `cluster:` settings at all, so no `server`",
            )
        };
        scope.report(sink, &RULE, path, "cluster", format!("Cluster `{name}` {what}; kubectl falls back to http://localhost:8080 and fails with `The connection to the server localhost:8080 was refused`."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_the_cluster_body() {
        assert_eq!(lines_of("KC011", super::RULE.example), vec![5]);
    }

    #[test]
    fn an_unused_cluster_is_a_warning() {
        let t = "apiVersion: v1\nkind: Config\nclusters:\n- name: old\n  cluster: {}\n";
        assert!(findings(t).contains(&("KC011", Some(5), "warning")));
    }

    #[test]
    fn quiet_with_a_server() {
        assert!(lines_of("KC011", super::RULE.fixed).is_empty());
    }
}
