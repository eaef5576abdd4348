use super::prelude::*;
use super::support::{display_name, Scope, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC034",
    name: "path-not-expanded",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A file path (`certificate-authority`, `client-certificate`, `client-key`, `tokenFile`) starts with `~` or `$HOME`, which kubectl does not expand.",
    what: "Checks the file paths of clusters and users for a leading `~` or environment variable (`$HOME`, \
           `${HOME}`), as a shell would write them.",
    why: "kubectl expands neither. It treats such a path as relative and joins it to the directory of the \
          kubeconfig file, so `~/.kube/ca.crt` in `/home/dev/.kube/config` becomes \
          `/home/dev/.kube/~/.kube/ca.crt`, and kubectl stops with `unable to read certificate-authority … \
          no such file or directory` (`open …` for a `tokenFile`).",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority: ~/.minikube/ca.crt\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\ncurrent-context: dev\nusers:\n- name: dev\n  user:\n    client-certificate: /home/dev/.minikube/profiles/minikube/client.crt\n    client-key: /home/dev/.minikube/profiles/minikube/client.key\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority: /home/dev/.minikube/ca.crt\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\ncurrent-context: dev\nusers:\n- name: dev\n  user:\n    client-certificate: /home/dev/.minikube/profiles/minikube/client.crt\n    client-key: /home/dev/.minikube/profiles/minikube/client.key\n",
    fix_summary: "Write the absolute path (`/home/NAME/…`), or a path relative to the kubeconfig file's directory.",
};

/// The shell shorthand `path` starts with, if any: `~`, `$VAR` or `${VAR}`.
pub(crate) fn shorthand(path: &str) -> Option<&str> {
    let p = path.trim_start();
    if p.starts_with('~') {
        return Some("~");
    }
    let rest = p.strip_prefix('$')?;
    let (braced, name) = match rest.strip_prefix('{') {
        Some(name) => (true, name),
        None => (false, rest),
    };
    let len = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    if len == 0 {
        return None;
    }
    let closed = braced && name[len..].starts_with('}');
    p.get(..1 + usize::from(braced) + len + usize::from(closed))
}

/// Reports one path field; `kubectl_says` is (the gist of) kubectl's error.
fn report(
    sink: &mut Sink,
    scope: Scope,
    path: Path,
    (what, name): (&str, &str),
    (field, value): (&str, &str),
    kubectl_says: &str,
) {
    let Some(short) = shorthand(value) else {
        return;
    };
    let shown: String = value.trim_start().chars().take(120).collect();
    let noun = if what == "cluster" { "Cluster" } else { "User" };
    scope
        .report(
            sink,
            &RULE,
            path,
            what,
            format!("{noun} `{name}`: `{field}` is `{shown}`, but kubectl does not expand `{short}`: it reads `<kubeconfig dir>/{shown}` instead and stops with `{kubectl_says}`."),
        )
        .with_help(format!(
            "Replace `{short}` with the directory it stands for (such as `/home/NAME`), or write the path relative to the kubeconfig file's directory."
        ));
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nc, c) in super::support::clusters(cx) {
        let Some(v) = c.certificate_authority.as_deref() else {
            continue;
        };
        let name = display_name(nc.name.as_deref());
        report(
            sink,
            scoper.cluster(nc.name.as_deref()),
            cx.cluster_path(i)
                .field("cluster")
                .field("certificate-authority"),
            ("cluster", name),
            ("certificate-authority", v),
            "unable to read certificate-authority … no such file or directory",
        );
    }
    for (i, nu, u) in super::support::users(cx) {
        let name = display_name(nu.name.as_deref());
        // Certificate files are read when kubectl validates the user, over
        // any URL; a token file only for an https server (kubectl 1.32 with
        // `tokenFile: ~/token` and `http://`: no error).
        let token_file = if super::support::read_over_https(cx, nu.name.as_deref()) {
            &u.token_file
        } else {
            &None
        };
        for (field, v, says) in [
            (
                "client-certificate",
                &u.client_certificate,
                "unable to read client-cert … no such file or directory",
            ),
            (
                "client-key",
                &u.client_key,
                "unable to read client-key … no such file or directory",
            ),
            ("tokenFile", token_file, "open …: no such file or directory"),
        ] {
            let Some(v) = v.as_deref() else { continue };
            report(
                sink,
                scoper.user(nu.name.as_deref()),
                cx.user_path(i).field("user").field(field),
                ("user", name),
                (field, v),
                says,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};
    use super::shorthand;

    #[test]
    fn fires_on_the_tilde_path() {
        assert_eq!(lines_of("KC034", super::RULE.example), vec![7]);
    }

    #[test]
    fn quiet_for_absolute_and_relative_paths() {
        assert!(lines_of("KC034", super::RULE.fixed).is_empty());
        let relative = super::RULE
            .fixed
            .replace("/home/dev/.minikube/ca.crt", "ca.crt");
        assert!(lines_of("KC034", &relative).is_empty());
    }

    #[test]
    fn user_paths_and_variables_too() {
        let t = super::RULE
            .fixed
            .replace("client-key: /home/dev", "client-key: $HOME")
            .replace(
                "client-certificate: /home/dev",
                "client-certificate: ${HOME}",
            )
            + "    tokenFile: ~/token\n";
        assert_eq!(lines_of("KC034", &t), vec![17, 18, 19]);
        assert_eq!(shorthand("${HOME}/x"), Some("${HOME}"));
        assert_eq!(shorthand("$HOME/x"), Some("$HOME"));
        assert_eq!(shorthand("~dev/x"), Some("~"));
        assert_eq!(shorthand("$/x"), None);
        assert_eq!(shorthand("/x/~"), None);
    }

    #[test]
    fn an_unused_cluster_gets_a_warning() {
        let t = super::RULE
            .example
            .replace("cluster: dev\n    user", "cluster: other\n    user");
        assert!(findings(&t).contains(&("KC034", Some(7), "warning")));
    }

    /// kubectl 1.32 under `unshare -n`, `tokenFile: ~/token`: `error: open
    /// /tmp/kx/~/token: no such file or directory` with https://, no error
    /// with http://.
    #[test]
    fn a_token_file_is_not_read_over_plain_http() {
        let t = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: 'https://x'}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user:\n    tokenFile: ~/token\n";
        assert_eq!(super::super::testing::lines_of("KC034", t), vec![13]);
        let t = t.replace("https:", "http:");
        assert!(super::super::testing::lines_of("KC034", &t).is_empty());
    }
}
