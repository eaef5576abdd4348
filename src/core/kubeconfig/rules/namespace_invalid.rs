use super::prelude::*;
use crate::core::kubeconfig::scope_note;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC009",
    name: "namespace-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A context's `namespace` is not a valid namespace name (a DNS-1123 label).",
    what: "Checks each context's `namespace` against the rules for namespace names: at most 63 characters, \
           lower-case letters, digits and `-`, starting and ending with a letter or digit.",
    why: "No namespace can have such a name, so every namespaced command in the context goes nowhere: `get` \
          answers `No resources found in My_App namespace.` and `apply` fails with `namespaces \"My_App\" not \
          found`. kubectl itself sends the requests without complaint; client-go's full validation rejects \
          the context (`does not conform to the kubernetes DNS_LABEL rules`).",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\n    namespace: My_App\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\n    namespace: my-app\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Set `namespace` to the real namespace name (lower case, digits and `-`, e.g. `my-app`); `kubectl get namespaces` lists them.",
};

/// Why `s` is not a DNS-1123 label, if it is not.
pub fn dns1123_label_problem(s: &str) -> Option<&'static str> {
    if s.len() > 63 {
        return Some("it is longer than 63 characters");
    }
    if s.chars().any(|c| c.is_ascii_uppercase()) {
        return Some("it contains upper-case letters");
    }
    if s.chars().any(|c| c.is_whitespace()) {
        return Some("it contains white space");
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Some("it contains characters other than lower-case letters, digits and `-`");
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Some("it starts or ends with `-`");
    }
    None
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for (i, nc) in cx.config.contexts.iter().enumerate() {
        let Some(ns) = nc.context.as_ref().and_then(|c| c.namespace.as_deref()) else {
            continue;
        };
        if ns.is_empty() {
            continue;
        }
        let Some(problem) = dns1123_label_problem(ns) else {
            continue;
        };
        let name = super::support::display_name(nc.name.as_deref());
        let shown: String = ns.chars().take(80).collect();
        let scope = scope_note(cx.is_current(i));
        let suggestion: String = ns
            .trim()
            .chars()
            .map(|c| match c.to_ascii_lowercase() {
                c @ ('a'..='z' | '0'..='9') => c,
                _ => '-',
            })
            .collect::<String>()
            .trim_matches('-')
            .to_string();
        let help = if !suggestion.is_empty() && dns1123_label_problem(&suggestion).is_none() {
            format!("Set `namespace` to the namespace's real name, probably `{suggestion}`; `kubectl get namespaces` lists them.")
        } else {
            RULE.fix_summary.to_string()
        };
        sink.report(
            &RULE,
            cx.context_path(i).k("context").k("namespace"),
            format!("Context `{name}` has namespace `{shown}`, which cannot be a namespace name ({problem}); namespaced commands find nothing (`No resources found`) or fail with `namespaces \"{shown}\" not found`.{scope}"),
        )
        .with_severity(cx.scoped(i, RULE.severity))
        .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;
    use super::dns1123_label_problem;

    #[test]
    fn fires_on_the_namespace_line() {
        assert_eq!(lines_of("KC009", super::RULE.example), vec![12]);
    }

    #[test]
    fn checks_the_dns_label_rules() {
        for ok in ["default", "kube-system", "a", "team-1", &"a".repeat(63)] {
            assert_eq!(dns1123_label_problem(ok), None, "{ok}");
        }
        for bad in [
            "My-App",
            "my_app",
            "-x",
            "x-",
            "my app",
            "a.b",
            &"a".repeat(64),
        ] {
            assert!(dns1123_label_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn quiet_for_a_valid_namespace() {
        assert!(lines_of("KC009", super::RULE.fixed).is_empty());
    }
}
