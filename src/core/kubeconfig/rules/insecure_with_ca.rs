use super::prelude::*;
use super::support::{display_name, set, written_at, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC017",
    name: "insecure-with-ca",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A cluster has `insecure-skip-tls-verify` on and a CA at the same time.",
    what: "Flags clusters that both disable verification and name a CA (`certificate-authority` or \
           `certificate-authority-data`).",
    why: "kubectl refuses the combination before connecting: `specifying a root certificates file with the \
          insecure flag is not allowed`. It usually happens when someone adds `insecure-skip-tls-verify` to \
          work around a TLS error instead of fixing the CA.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\n    insecure-skip-tls-verify: true\ncontexts:\n- name: lab\n  context:\n    cluster: lab\n    user: lab\nusers:\n- name: lab\n  user:\n    token: abc\ncurrent-context: lab\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\ncontexts:\n- name: lab\n  context:\n    cluster: lab\n    user: lab\nusers:\n- name: lab\n  user:\n    token: abc\ncurrent-context: lab\n",
    fix_summary: "Delete `insecure-skip-tls-verify` and keep the CA; if the CA is wrong, fix it rather than disabling verification.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nc, c) in super::support::clusters(cx) {
        let ca_field = if set(&c.certificate_authority_data) {
            "certificate-authority-data"
        } else if set(&c.certificate_authority) {
            "certificate-authority"
        } else {
            continue;
        };
        // Over plain HTTP kubectl builds no TLS config, so it never sees
        // the combination (kubectl 1.32 with `http://`: no error, `GET
        // http://…`).
        if c.insecure_skip_tls_verify != Some(true)
            || crate::core::kubeconfig::endpoint::no_credentials(Some(c)).is_some()
        {
            continue;
        }
        let scope = scoper.cluster(nc.name.as_deref());
        let name = display_name(nc.name.as_deref());
        let base = cx.cluster_path(i).k("cluster");
        let ca_loc = sink.locate(&base.k(ca_field));
        let path = base.k("insecure-skip-tls-verify");
        let shown = match written_at(cx, &path) {
            Some(w) => format!("`{}`", w.field("insecure-skip-tls-verify")),
            None => "`insecure-skip-tls-verify` on".to_string(),
        };
        scope.report(sink, &RULE, path, "cluster", format!("Cluster `{name}` has {shown} and a CA (`{ca_field}`); kubectl refuses the combination with `specifying a root certificates file with the insecure flag is not allowed`."))
        .with_related(ca_loc);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_insecure_line() {
        assert_eq!(lines_of("KC017", super::RULE.example), vec![8]);
    }

    #[test]
    fn quotes_the_value_as_written() {
        let t = super::RULE.example.replace("verify: true", "verify: yes");
        assert_ne!(t, super::RULE.example);
        let (at, message, _) = super::super::testing::first("KC017", &t).unwrap();
        assert_eq!(at, "8:5");
        assert!(
            message.starts_with("Cluster `lab` has `insecure-skip-tls-verify: yes` and a CA"),
            "{message}"
        );
    }

    /// kubectl 1.32 under `unshare -n`: `http://10.0.0.1:8080` and
    /// `10.0.0.1:6443` with both connect (`GET http://…`, no error);
    /// `https://` refuses.
    #[test]
    fn quiet_when_the_server_is_plain_http() {
        for server in ["http://10.0.0.1:8080", "10.0.0.1:6443"] {
            let t = super::RULE.example.replace("https://10.0.0.1:6443", server);
            assert!(lines_of("KC017", &t).is_empty(), "{server}");
        }
        let t = super::RULE
            .example
            .replace("    server: https://10.0.0.1:6443\n", "");
        assert!(lines_of("KC017", &t).is_empty());
    }

    #[test]
    fn quiet_without_the_flag() {
        assert!(lines_of("KC017", super::RULE.fixed).is_empty());
    }
}
