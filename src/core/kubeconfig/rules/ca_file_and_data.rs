use super::prelude::*;
use super::support::{report_file_and_data, set, Entry, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC015",
    name: "ca-file-and-data",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A cluster sets both `certificate-authority` and `certificate-authority-data`.",
    what: "Flags clusters that give the CA twice: as a file path and as embedded data.",
    why: "kubectl refuses such a cluster: `certificate-authority-data and certificate-authority are both \
          specified for dev. certificate-authority-data will override.` Despite the wording, nothing is \
          overridden — the command stops. (Other clients built on client-go that skip this check use the \
          embedded data and ignore the file.) It often happens after `kubectl config set-cluster \
          --certificate-authority=…` on a cluster that already had data.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority: /home/me/.minikube/ca.crt\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Keep one: delete `certificate-authority` (the file) to use the embedded data, or delete `certificate-authority-data` to use the file.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nc, c) in super::support::clusters(cx) {
        if !(set(&c.certificate_authority) && set(&c.certificate_authority_data)) {
            continue;
        }
        let entry = Entry::cluster(cx, &scoper, i, nc);
        let name = entry.name;
        let kubectl = format!("`certificate-authority-data and certificate-authority are both specified for {name}. certificate-authority-data will override.` (the data would win, but the command fails).");
        report_file_and_data(sink, &RULE, entry, "certificate-authority", &kubectl);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_file_line() {
        assert_eq!(lines_of("KC015", super::RULE.example), vec![7]);
    }

    #[test]
    fn quiet_with_one_ca() {
        assert!(lines_of("KC015", super::RULE.fixed).is_empty());
    }
}
