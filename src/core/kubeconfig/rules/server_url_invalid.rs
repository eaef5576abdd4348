use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC012",
    name: "server-url-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A cluster's `server` is not a usable `https://HOST:PORT` URL.",
    what: "Checks each cluster's `server`: it must start with `https://` (or `http://`), name a host, have a \
           numeric port if any, and carry no white space. A path that looks like an API path (`/api`, \
           `/version`, `/healthz`) is a warning; other paths are allowed (proxies such as Rancher serve \
           clusters under a path).",
    why: "kubectl is unforgiving and sometimes silent here. A server without a scheme (`10.0.0.1:6443`) is \
          spoken to in plain HTTP, and kubectl then drops every credential and the CA — requests arrive \
          anonymously at a TLS port and fail with `connection reset by peer` or a 400. Trailing white space \
          fails with `host must be a URL or a host:port pair`; an unknown scheme with `unsupported protocol \
          scheme`. An API path in the server URL is prefixed to every request (`/api/api/v1/…`) and gives 404s.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: 10.0.0.1:6443\n    certificate-authority: /etc/kubernetes/pki/ca.crt\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority: /etc/kubernetes/pki/ca.crt\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Write the server as `https://HOST:PORT` with nothing around it, exactly as the cluster's endpoint is published.",
};

/// A server URL split the way it matters here.
#[derive(Debug, PartialEq, Eq)]
pub struct Url<'a> {
    pub scheme: &'a str,
    pub host: &'a str,
    pub port: Option<&'a str>,
    /// Path, query and fragment, as written (may be empty).
    pub rest: &'a str,
}

/// Splits `scheme://host[:port][rest]`; `None` when there is no `://`.
pub fn split_url(s: &str) -> Option<Url<'_>> {
    let (scheme, after, end) = crate::core::kubeconfig::endpoint::scheme_split(s)?;
    let (authority, rest) = after.split_at(end);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((h, p)) => (h, p.strip_prefix(':')),
            None => (authority, None),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    Some(Url {
        scheme,
        host,
        port,
        rest,
    })
}

/// What is wrong with `server`, as (message tail, help, severity).
pub(crate) fn problem(server: &str) -> Option<(String, String, Severity)> {
    let err = Severity::Error;
    if server.trim() != server {
        // What kubectl 1.27–1.33 print: Go's url.Parse refuses any control
        // character first; a leading space lands in the host once client-go
        // has put `http://` in front (`DefaultServerURL`); anything else ends
        // up as a path after that `http://`.
        let fails = if server.bytes().any(|b| b < b' ' || b == 0x7f) {
            "`Unable to connect to the server: net/url: invalid control character in URL`"
        } else if server.starts_with(' ') {
            "`Unable to connect to the server: invalid character \" \" in host name`"
        } else {
            "`host must be a URL or a host:port pair`"
        };
        return Some((
            format!("has white space around it; kubectl fails with {fails}"),
            format!("Remove the white space: `server: {}`.", server.trim()),
            err,
        ));
    }
    let Some(url) = split_url(server) else {
        return Some((
            "has no `https://` scheme; kubectl then speaks plain HTTP and sends neither the user's credentials nor the CA, so requests arrive anonymously (a TLS port answers `connection reset by peer` or `400 Bad Request`)".into(),
            format!("Write `server: https://{server}`."),
            err,
        ));
    };
    let scheme = url.scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        let meant = if super::closest(&scheme, &["https"]).is_some() {
            " (a typo of `https`?)"
        } else {
            ""
        };
        return Some((
            format!("has the scheme `{}`{meant}; kubectl only speaks `https` (or `http`) and fails with `unsupported protocol scheme`", url.scheme),
            format!("Write the server as `https://{}`.", server.split_once("://").map_or(server, |(_, r)| r)),
            err,
        ));
    }
    if url.host.is_empty() || url.host.chars().any(|c| c.is_whitespace()) {
        return Some((
            "names no host".into(),
            "Write the server as `https://HOST:PORT`.".into(),
            err,
        ));
    }
    if let Some(port) = url.port {
        if port.parse::<u16>().map_or(true, |p| p == 0) {
            return Some((
                format!("has the port `{port}`, which is not a port number (1–65535)"),
                "Write the server as `https://HOST:PORT` with a numeric port (usually 443 or 6443).".into(),
                err,
            ));
        }
    }
    let path = url
        .rest
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    let api_paths = [
        "/api", "/apis", "/version", "/healthz", "/livez", "/readyz", "/api/v1",
    ];
    if api_paths.contains(&path) {
        let base = server.split_at(server.len() - url.rest.len()).0;
        return Some((
            format!("ends in the API path `{path}`; kubectl puts its own paths after the server URL (`{path}/api/v1/…`), so requests get 404 Not Found"),
            format!("Remove the path: `server: {base}`."),
            Severity::Warning,
        ));
    }
    None
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nc, c) in super::support::clusters(cx) {
        let Some(server) = c.server.as_deref().filter(|s| !s.is_empty()) else {
            continue;
        };
        if super::data::placeholder(server).is_some() {
            continue; // KC020 explains placeholders.
        }
        let Some((what, help, severity)) = problem(server) else {
            continue;
        };
        let scope = scoper.cluster(nc.name.as_deref());
        let name = display_name(nc.name.as_deref());
        let shown: String = server.chars().take(120).collect();
        sink.report(
            &RULE,
            cx.cluster_path(i).k("cluster").k("server"),
            format!(
                "The server `{shown}` of cluster `{name}` {what}.{}",
                scope.note("cluster")
            ),
        )
        .with_severity(scope.severity(severity))
        .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;
    use super::{problem, split_url, Url};

    #[test]
    fn fires_on_a_server_without_scheme() {
        assert_eq!(lines_of("KC012", super::RULE.example), vec![6]);
    }

    #[test]
    fn splits_urls() {
        assert_eq!(
            split_url("https://[::1]:6443/x"),
            Some(Url {
                scheme: "https",
                host: "::1",
                port: Some("6443"),
                rest: "/x"
            })
        );
        assert_eq!(split_url("10.0.0.1:6443"), None);
    }

    #[test]
    fn knows_good_and_bad_servers() {
        for ok in [
            "https://10.0.0.1:6443",
            "https://ABCDEF.gr7.us-west-2.eks.amazonaws.com",
            "https://rancher.example.com/k8s/clusters/c-m-abc12",
            "http://localhost:8080",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "https://x:6443 ",
            "htps://x",
            "tcp://x:6443",
            "https://:6443",
            "https://x:70000",
            "https://x:6443/api",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }

    /// kubectl 1.32 under `unshare -n`, for each kind of white space.
    #[test]
    fn quotes_kubectls_error_for_each_kind_of_white_space() {
        for (server, error) in [
            (
                "https://x:6443 ",
                "`host must be a URL or a host:port pair`",
            ),
            (
                "https://x:6443\u{a0}",
                "`host must be a URL or a host:port pair`",
            ),
            (
                "\u{a0}https://x:6443",
                "`host must be a URL or a host:port pair`",
            ),
            (
                " https://x:6443",
                "`Unable to connect to the server: invalid character \" \" in host name`",
            ),
            (
                " https://x:6443 ",
                "`Unable to connect to the server: invalid character \" \" in host name`",
            ),
            (
                "\thttps://x:6443",
                "`Unable to connect to the server: net/url: invalid control character in URL`",
            ),
            (
                "https://x:6443\t",
                "`Unable to connect to the server: net/url: invalid control character in URL`",
            ),
        ] {
            let what = problem(server).map(|p| p.0).unwrap_or_default();
            assert_eq!(
                what,
                format!("has white space around it; kubectl fails with {error}"),
                "{server:?}"
            );
        }
    }

    #[test]
    fn quiet_for_an_https_url() {
        assert!(lines_of("KC012", super::RULE.fixed).is_empty());
    }
}
