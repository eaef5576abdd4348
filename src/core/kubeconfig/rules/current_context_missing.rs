use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC002",
    name: "current-context-not-found",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "`current-context` names a context that is not defined, or is empty.",
    what: "Checks that `current-context` is set and names one of the `contexts`.",
    why: "With a dangling `current-context` kubectl stops with `error: context \"x\" does not exist` (or, \
          when it is empty, falls back to `http://localhost:8080`). It often happens after a context was \
          renamed or deleted, or after merging files.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://127.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: prod\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://127.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Run `kubectl config use-context NAME` with one of the defined contexts, or fix the name.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let c = cx.config;
    let names: Vec<&str> = c
        .contexts
        .iter()
        .filter_map(|n| n.name.as_deref())
        .collect();
    // A file can hold a thousand contexts: name a few, count the rest.
    let list = match names.len() {
        0 => "none are defined".to_string(),
        n if n <= 5 => format!("defined: {}", names.join(", ")),
        n => format!("defined: {} and {} more", names[..5].join(", "), n - 5),
    };
    match c.current_context.as_deref() {
        Some(cur) if !cur.is_empty() && cx.current.is_some() => {}
        Some(cur) if !cur.is_empty() => {
            let suggestion = crate::core::suggest::closest(cur, &names);
            let f = sink.report(
                    &RULE,
                    Path::root().k("current-context"),
                    format!("current-context is `{cur}`, but no context has that name ({list}). kubectl fails with `context \"{cur}\" does not exist`."),
                );
            if let Some(s) = suggestion {
                f.with_help(format!(
                    "Did you mean `{s}`? Run `kubectl config use-context {s}`."
                ));
            }
        }
        _ if !c.contexts.is_empty() => {
            sink.report(
                &RULE,
                Path::root().k("current-context"),
                format!("current-context is not set, so plain `kubectl` commands use no context and fall back to http://localhost:8080 ({list})."),
            )
            .with_severity(Severity::Warning);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_at_the_current_context_line() {
        assert_eq!(lines_of("KC002", super::RULE.example), vec![16]);
    }

    #[test]
    fn unset_current_context_is_a_warning() {
        let text = "contexts:\n- name: a\n  context: {cluster: a, user: a}\n";
        assert!(findings(text).contains(&("KC002", Some(1), "warning")));
    }

    #[test]
    fn quiet_when_it_exists() {
        assert!(lines_of("KC002", super::RULE.fixed).is_empty());
    }
}
