use super::prelude::*;
use super::support::{report_file_and_data, set, Entry, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC022",
    name: "client-key-file-and-data",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A user with a client certificate sets both `client-key` and `client-key-data`.",
    what: "Flags users that use a client certificate and give its key twice: as a file path and as embedded \
           data.",
    why: "kubectl refuses such a user: `client-key-data and client-key are both specified for dev; \
          client-key-data will override`. Despite the wording the command stops.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    client-certificate: /etc/kubernetes/pki/admin.crt\n    client-key: /etc/kubernetes/pki/admin.key\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlCCi0tLS0tRU5EIFJTQSBQUklWQVRFIEtFWS0tLS0tCg==\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    client-certificate: /etc/kubernetes/pki/admin.crt\n    client-key: /etc/kubernetes/pki/admin.key\ncurrent-context: dev\n",
    fix_summary: "Keep one: delete `client-key` to use the embedded data, or delete `client-key-data` to use the file.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        let key_data = u.client_key_data.as_ref().is_some_and(|k| !k.is_empty());
        let has_cert = set(&u.client_certificate) || set(&u.client_certificate_data);
        if !(has_cert && set(&u.client_key) && key_data) {
            continue;
        }
        let entry = Entry::user(cx, &scoper, i, nu);
        let name = entry.name;
        let kubectl = format!("`client-key-data and client-key are both specified for {name}; client-key-data will override`.");
        report_file_and_data(sink, &RULE, entry, "client-key", &kubectl);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_file_line() {
        assert_eq!(lines_of("KC022", super::RULE.example), vec![16]);
    }

    #[test]
    fn quiet_with_one_key() {
        assert!(lines_of("KC022", super::RULE.fixed).is_empty());
    }
}
