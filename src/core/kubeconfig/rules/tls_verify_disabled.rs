use super::prelude::*;
use super::support::{display_name, set, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC016",
    name: "tls-verify-disabled",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::Kubeconfig,
    summary: "`insecure-skip-tls-verify: true`: the server's certificate is not checked.",
    what: "Flags clusters with `insecure-skip-tls-verify: true` and no CA. (With a CA as well, KC017 applies: \
           kubectl refuses the combination.)",
    why: "Without verification kubectl accepts any certificate, so whoever can intercept the connection (a \
          hostile Wi-Fi, a compromised proxy, DNS spoofing) can pose as the cluster and collect the bearer \
          token or exec-plugin credential kubectl sends, then use it against the real cluster.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n    server: https://10.0.0.1:6443\n    insecure-skip-tls-verify: true\ncontexts:\n- name: lab\n  context:\n    cluster: lab\n    user: lab\nusers:\n- name: lab\n  user:\n    token: abc\ncurrent-context: lab\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\ncontexts:\n- name: lab\n  context:\n    cluster: lab\n    user: lab\nusers:\n- name: lab\n  user:\n    token: abc\ncurrent-context: lab\n",
    fix_summary: "Delete `insecure-skip-tls-verify` and give the cluster's CA in `certificate-authority-data` (if the certificate names another host, set `tls-server-name`).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nc, c) in super::support::clusters(cx) {
        if c.insecure_skip_tls_verify != Some(true)
            || set(&c.certificate_authority)
            || set(&c.certificate_authority_data)
        {
            continue;
        }
        let scope = scoper.cluster(nc.name.as_deref());
        let name = display_name(nc.name.as_deref());
        scope.report(sink, &RULE, cx.cluster_path(i).k("cluster").k("insecure-skip-tls-verify"), "cluster", format!("Cluster `{name}` has `insecure-skip-tls-verify: true`: kubectl accepts any certificate, so anyone who can intercept the connection can pose as the cluster and capture the credentials kubectl sends."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_insecure_line() {
        assert_eq!(lines_of("KC016", super::RULE.example), vec![7]);
    }

    #[test]
    fn yaml_1_1_booleans_are_read_like_kubectl_reads_them() {
        // kubectl (go-yaml v2) takes `yes`, `on` and `y` as true: the rule
        // fires, and nothing calls the value the wrong type.
        let example = super::RULE.example;
        let line = example
            .lines()
            .find(|l| l.contains("insecure-skip-tls-verify"))
            .unwrap();
        for word in ["yes", "On", "Y"] {
            let t = example.replace(line, &line.replace("true", word));
            assert_ne!(t, example);
            assert_eq!(super::super::testing::findings(&t)[0].0, "KC016", "{word}");
            assert_eq!(lines_of("KC016", &t), vec![7], "{word}");
        }
        for word in ["no", "off", "N"] {
            let t = example.replace(line, &line.replace("true", word));
            assert!(lines_of("KC016", &t).is_empty(), "{word}");
            assert!(lines_of("IN002", &t).is_empty(), "{word}");
        }
        // A quoted "true" and a word that is no boolean stay type errors.
        for value in ["\"true\"", "maybe"] {
            let t = example.replace(line, &line.replace("true", value));
            assert_eq!(lines_of("IN002", &t), vec![7], "{value}");
        }
    }

    #[test]
    fn quiet_when_verifying() {
        assert!(lines_of("KC016", super::RULE.fixed).is_empty());
    }
}
