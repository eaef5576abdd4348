use super::prelude::*;
use super::support::{report_file_and_data, set, Entry, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC021",
    name: "client-cert-file-and-data",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A user sets both `client-certificate` and `client-certificate-data`.",
    what: "Flags users that give the client certificate twice: as a file path and as embedded data.",
    why: "kubectl refuses such a user: `client-cert-data and client-cert are both specified for dev. \
          client-cert-data will override.` Despite the wording the command stops; only other client-go \
          programs that skip validation would use the data and ignore the file.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    client-certificate: /home/me/.minikube/profiles/minikube/client.crt\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\n    client-key: /home/me/.minikube/profiles/minikube/client.key\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    client-certificate: /home/me/.minikube/profiles/minikube/client.crt\n    client-key: /home/me/.minikube/profiles/minikube/client.key\ncurrent-context: dev\n",
    fix_summary: "Keep one: delete `client-certificate` to use the embedded data, or delete `client-certificate-data` to use the file.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        if !(set(&u.client_certificate) && set(&u.client_certificate_data)) {
            continue;
        }
        let entry = Entry::user(cx, &scoper, i, nu);
        let name = entry.name;
        let kubectl = format!("`client-cert-data and client-cert are both specified for {name}. client-cert-data will override.`");
        report_file_and_data(sink, &RULE, entry, "client-certificate", &kubectl);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_file_line() {
        assert_eq!(lines_of("KC021", super::RULE.example), vec![15]);
    }

    #[test]
    fn quiet_with_one_certificate() {
        assert!(lines_of("KC021", super::RULE.fixed).is_empty());
    }
}
