use super::prelude::*;
use super::server_url_invalid::split_url;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC013",
    name: "server-plain-http",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::Kubeconfig,
    summary: "A cluster's `server` is a plain `http://` URL on another machine.",
    what: "Flags `server: http://…` unless the host is the local machine (`kubectl proxy` and port-forwards \
           listen on loopback without TLS, which is fine).",
    why: "Over plain HTTP nothing is encrypted or authenticated: anyone on the path can read and change every \
          request and response, including Secrets. kubectl also never sends credentials to an `http://` \
          server — no token, client certificate or exec plugin is used — so requests arrive anonymously and \
          are usually refused with 401/403, which looks like a permissions problem.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n    server: http://10.0.0.1:8080\ncontexts:\n- name: lab\n  context:\n    cluster: lab\n    user: lab\nusers:\n- name: lab\n  user:\n    token: abc\ncurrent-context: lab\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: lab\n  context:\n    cluster: lab\n    user: lab\nusers:\n- name: lab\n  user:\n    token: abc\ncurrent-context: lab\n",
    fix_summary: "Use the API server's `https://` endpoint (usually port 443 or 6443) with its CA in `certificate-authority-data`.",
};

fn is_loopback(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == "localhost" || h.ends_with(".localhost") || h.starts_with("127.") || h == "::1"
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nc, c) in super::support::clusters(cx) {
        let Some(server) = c.server.as_deref() else {
            continue;
        };
        let Some(url) = split_url(server.trim()) else {
            continue;
        };
        if !url.scheme.eq_ignore_ascii_case("http") || is_loopback(url.host) {
            continue;
        }
        let scope = scoper.cluster(nc.name.as_deref());
        let name = display_name(nc.name.as_deref());
        let shown: String = server.chars().take(120).collect();
        scope.report(sink, &RULE, cx.cluster_path(i).k("cluster").k("server"), "cluster", format!("Cluster `{name}` uses plain HTTP (`{shown}`): traffic is neither encrypted nor authenticated, and kubectl sends no credentials to an http:// server, so requests arrive anonymously."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_server_line() {
        assert_eq!(lines_of("KC013", super::RULE.example), vec![6]);
    }

    #[test]
    fn loopback_is_fine() {
        let t = super::RULE.example.replace("10.0.0.1", "127.0.0.1");
        assert!(lines_of("KC013", &t).is_empty());
    }

    #[test]
    fn quiet_for_https() {
        assert!(lines_of("KC013", super::RULE.fixed).is_empty());
    }
}
