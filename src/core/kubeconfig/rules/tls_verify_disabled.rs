use super::prelude::*;
use super::support::{display_name, set, written_at, Scoper, Written};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC016",
    name: "tls-verify-disabled",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::Kubeconfig,
    summary: "`insecure-skip-tls-verify` is on: the server's certificate is not checked.",
    what: "Flags clusters with `insecure-skip-tls-verify: true` (or `yes`, `on`, `y`: kubectl reads those as \
           true too) and no CA. (With a CA as well, KC017 applies: kubectl refuses the combination.)",
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
        let path = cx
            .cluster_path(i)
            .k("cluster")
            .k("insecure-skip-tls-verify");
        // Quote the value as the file has it: a reader looking for `true`
        // next to a file that says `yes` doubts the rest.
        let written = written_at(cx, &path);
        // Over plain HTTP there is no certificate to verify (kubectl 1.32
        // with `http://`: no TLS, no credential); KC013 says what matters.
        // A quoted value still stops kubectl from loading the file.
        if !matches!(written, Some(Written::Quoted(..)))
            && crate::core::kubeconfig::endpoint::no_credentials(Some(c)).is_some()
        {
            continue;
        }
        let message = match written {
            Some(w @ Written::Quoted(word, _)) => format!(
                "Cluster `{name}` has `{}`: kubectl cannot load the file while `{word}` is quoted (IN002), and once it is written as the boolean it means, kubectl accepts any certificate, so anyone who can intercept the connection can pose as the cluster and capture the credentials kubectl sends.",
                w.field("insecure-skip-tls-verify")
            ),
            written => format!(
                "Cluster `{name}` has {}: kubectl accepts any certificate, so anyone who can intercept the connection can pose as the cluster and capture the credentials kubectl sends.",
                written.map_or_else(
                    || "`insecure-skip-tls-verify` on".to_string(),
                    |w| format!("`{}`", w.field("insecure-skip-tls-verify"))
                )
            ),
        };
        scope.report(sink, &RULE, path, "cluster", message);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{first, lines_of};

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
    fn quotes_the_value_as_the_file_writes_it() {
        let example = super::RULE.example;
        for (value, shown) in [
            ("yes", "`insecure-skip-tls-verify: yes`"),
            ("True  # lab only", "`insecure-skip-tls-verify: True`"),
            ("on", "`insecure-skip-tls-verify: on`"),
            ("!!bool true", "`insecure-skip-tls-verify` on"),
        ] {
            let t = example.replace("verify: true", &format!("verify: {value}"));
            let (at, message, _) = first("KC016", &t).unwrap();
            assert_eq!(at, "7:5", "{value}");
            assert_eq!(message, format!("Cluster `lab` has {shown}: kubectl accepts any certificate, so anyone who can intercept the connection can pose as the cluster and capture the credentials kubectl sends. The current context `lab` uses this cluster, so plain `kubectl` commands are affected."));
        }
        let json = r#"{"apiVersion": "v1", "kind": "Config", "clusters": [{"name": "lab", "cluster": {"server": "https://10.0.0.1:6443", "insecure-skip-tls-verify": true}}]}"#;
        let (_, message, _) = first("KC016", json).unwrap();
        assert!(message.starts_with("Cluster `lab` has `insecure-skip-tls-verify: true`: kubectl accepts any certificate"), "{message}");
    }

    #[test]
    fn a_quoted_word_is_not_yet_a_skipped_check() {
        // kubectl refuses the file (IN002): say what happens once it loads.
        let t = super::RULE.example.replace("verify: true", "verify: 'yes'");
        let (at, message, _) = first("KC016", &t).unwrap();
        assert_eq!(at, "7:5");
        assert!(message.starts_with("Cluster `lab` has `insecure-skip-tls-verify: 'yes'`: kubectl cannot load the file while `yes` is quoted (IN002), and once it is written as the boolean it means, kubectl accepts any certificate"), "{message}");
        assert_eq!(lines_of("IN002", &t), vec![7]);
    }

    #[test]
    fn quiet_when_verifying() {
        assert!(lines_of("KC016", super::RULE.fixed).is_empty());
    }

    /// kubectl 1.32 under `unshare -n` with an `http://` server: no TLS, no
    /// `Authorization` header, no error.
    #[test]
    fn quiet_when_the_server_is_plain_http() {
        let t = super::RULE
            .example
            .replace("https://10.0.0.1", "http://10.0.0.1");
        assert_ne!(t, super::RULE.example);
        assert!(super::super::testing::lines_of("KC016", &t).is_empty());
    }
}
