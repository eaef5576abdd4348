use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC014",
    name: "proxy-url-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A cluster's `proxy-url` does not parse or uses a scheme other than http, https or socks5.",
    what: "Parses each cluster's `proxy-url` the way kubectl does and checks its scheme.",
    why: "kubectl refuses the cluster: `invalid 'proxy-url' \"…\" for cluster \"…\": unsupported scheme \
          \"socks5h\", must be http, https, or socks5`. A proxy written without a scheme fails the same way: \
          in `proxy.corp:3128` the part before the colon is read as the scheme, and `10.0.0.1:3128` does not \
          parse at all.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\n    proxy-url: proxy.corp.example:3128\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: prod\nusers:\n- name: prod\n  user:\n    token: abc\ncurrent-context: prod\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\n    proxy-url: http://proxy.corp.example:3128\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: prod\nusers:\n- name: prod\n  user:\n    token: abc\ncurrent-context: prod\n",
    fix_summary: "Write the proxy as `http://HOST:PORT`, `https://HOST:PORT` or `socks5://HOST:PORT`.",
};

/// The scheme Go's `url.Parse` finds in `s`: `Ok(scheme)` (lower-cased, maybe
/// empty) or `Err(())` when it does not parse.
fn go_scheme(s: &str) -> Result<String, ()> {
    if s.chars().any(|c| c.is_control() || c == ' ') {
        return Err(());
    }
    let Some(colon) = s.find(':') else {
        return Ok(String::new());
    };
    let head = &s[..colon];
    let mut chars = head.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if valid {
        return Ok(head.to_ascii_lowercase());
    }
    // No scheme: a colon in the first path segment is a parse error.
    if head.contains('/') {
        Ok(String::new())
    } else {
        Err(())
    }
}

/// What is wrong with a proxy URL, as (message tail, help).
pub(crate) fn problem(proxy: &str) -> Option<(String, String)> {
    match go_scheme(proxy) {
        Ok(s) if matches!(s.as_str(), "http" | "https" | "socks5") => None,
        Err(()) => Some((
            "does not parse as a URL; kubectl fails with `invalid 'proxy-url' … could not parse`".into(),
            format!("Write it with a scheme, e.g. `http://{}`.", proxy.trim()),
        )),
        Ok(s) if s.is_empty() => Some((
            "has no scheme; kubectl fails with `unsupported scheme \"\", must be http, https, or socks5`".into(),
            format!("Write it with a scheme, e.g. `http://{proxy}`."),
        )),
        Ok(s) if s == "socks5h" || s == "socks" || s == "socks4" => Some((
            format!("uses the scheme `{s}`, which kubectl does not support (only http, https and socks5; with socks5 kubectl already resolves names through the proxy)"),
            "Use `socks5://HOST:PORT`.".into(),
        )),
        Ok(s) if proxy.contains("://") => Some((
            format!("uses the scheme `{s}`; kubectl fails with `unsupported scheme \"{s}\", must be http, https, or socks5`"),
            "Use `http://`, `https://` or `socks5://`.".into(),
        )),
        Ok(s) => Some((
            format!("has no `scheme://`, so kubectl reads `{s}` as the scheme and fails with `unsupported scheme \"{s}\", must be http, https, or socks5`"),
            format!("Write it with a scheme, e.g. `http://{proxy}`."),
        )),
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nc, c) in super::support::clusters(cx) {
        let Some(proxy) = c.proxy_url.as_deref().filter(|p| !p.is_empty()) else {
            continue;
        };
        let Some((what, help)) = problem(proxy) else {
            continue;
        };
        let scope = scoper.cluster(nc.name.as_deref());
        let name = display_name(nc.name.as_deref());
        let shown: String = proxy.chars().take(120).collect();
        scope
            .report(
                sink,
                &RULE,
                cx.cluster_path(i).k("cluster").k("proxy-url"),
                "cluster",
                format!("The proxy-url `{shown}` of cluster `{name}` {what}."),
            )
            .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;
    use super::problem;

    #[test]
    fn fires_on_the_proxy_line() {
        assert_eq!(lines_of("KC014", super::RULE.example), vec![7]);
    }

    #[test]
    fn parses_like_go() {
        for ok in [
            "http://p:3128",
            "https://p",
            "socks5://127.0.0.1:1080",
            "HTTP://p:3128",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "p:3128",
            "10.0.0.1:3128",
            "proxy",
            "socks5h://p:1080",
            "ftp://p",
            "http://p :1",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn quiet_for_a_valid_proxy() {
        assert!(lines_of("KC014", super::RULE.fixed).is_empty());
    }
}
