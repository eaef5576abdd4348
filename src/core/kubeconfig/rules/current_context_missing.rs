use super::prelude::*;
use super::support::{hidden_at, hidden_mismatch, retype_both};
use crate::core::suggest::{closest, find_hidden, show_hidden, what_copying_carries};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC002",
    name: "current-context-not-found",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "`current-context` names a context that is not defined, or is empty.",
    what: "Checks that `current-context` is set and names one of the `contexts`. When the names differ \
           only by a character that cannot be seen (a zero-width space, a byte order mark, a no-break \
           space pasted from a web page or chat), it says which character and where.",
    why: "With a dangling `current-context` kubectl stops with `Error in configuration: context was not \
          found for specified context: x` (or, when it is empty, falls back to `http://localhost:8080`). \
          It often happens after a context was renamed or deleted, or after merging files.",
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
    let shown = |names: &[&str]| {
        names
            .iter()
            .map(|n| show_hidden(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let list = match names.len() {
        0 => "none are defined".to_string(),
        n if n <= 5 => format!("defined: {}", shown(&names)),
        n => format!("defined: {} and {} more", shown(&names[..5]), n - 5),
    };
    match c.current_context.as_deref() {
        Some(cur) if !cur.is_empty() && cx.current.is_some() => {}
        Some(cur) if !cur.is_empty() => {
            let hidden = hidden_mismatch(cur, &names, "context");
            let path = Path::root().k("current-context");
            let (why, help) = match &hidden {
                Some((why, Some(meant))) if find_hidden(cur).is_some() && find_hidden(meant).is_some() => (
                    format!(" {why}"),
                    Some(retype_both(cx, (cur, &path, "`current-context`"), meant, "context", "contexts")),
                ),
                Some((why, Some(meant))) if find_hidden(cur).is_some() => (
                    format!(" {why}"),
                    Some(format!("Run `kubectl config use-context {meant}`, or retype the value of `current-context` by hand: copying it carries {} along.", what_copying_carries(cur))),
                ),
                Some((why, Some(meant))) => (
                    format!(" {why}"),
                    Some(format!("Retype the context's `name:` by hand, so that it reads `{cur}` (copying it carries {} along), or run `kubectl config rename-context` on it.", what_copying_carries(meant))),
                ),
                Some((why, None)) => (format!(" {why}"), None),
                None => (String::new(), None),
            };
            let help = help.or_else(|| {
                closest(cur, &names).map(|s| {
                    let s = show_hidden(s);
                    format!("Did you mean `{s}`? Run `kubectl config use-context {s}`.")
                })
            });
            let f = sink.report(
                    &RULE,
                    Path::root().k("current-context"),
                    format!("current-context is `{cur_shown}`, but no context has that name ({list}).{why} kubectl fails with `Error in configuration: context was not found for specified context: {cur_shown}`.", cur_shown = show_hidden(cur)),
                );
            if let Some(h) = help {
                f.with_help(h);
            }
            // The caret goes under the invisible character, where there is one.
            if find_hidden(cur).is_some() {
                f.at(hidden_at(cx, &path, cur));
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
    use super::super::testing::{findings, first, lines_of};

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

    /// A zero-width space pasted into `current-context`: the message names it
    /// and its place, the caret sits under it.
    #[test]
    fn an_invisible_character_in_current_context_is_named_and_pointed_at() {
        let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: prod\ncurrent-context: pro\u{200b}d\nusers:\n- name: prod\n  user:\n    token: abc\n";
        let (at, message, help) = first("KC002", text).unwrap();
        assert_eq!(at, "12:21");
        assert!(
            message.starts_with("current-context is `pro<U+200B>d`, but no context has that name (defined: prod). The name contains an invisible character, U+200B (zero-width space), at character 4, after `pro`; without it the name is `prod`, which is defined."),
            "{message}"
        );
        assert!(
            help.starts_with("Run `kubectl config use-context prod`"),
            "{help}"
        );
    }

    #[test]
    fn an_invisible_character_in_the_context_name_is_named_too() {
        let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: \"prod\\u200d\"\n  context:\n    cluster: prod\n    user: prod\ncurrent-context: prod\nusers:\n- name: prod\n  user:\n    token: abc\n";
        let (at, message, _) = first("KC002", text).unwrap();
        assert_eq!(at, "12:1");
        assert!(
            message.contains("(defined: prod<U+200D>). The context it was meant to match is named `prod<U+200D>`: that name contains an invisible character, U+200D (zero-width joiner), at character 5, after `prod`"),
            "{message}"
        );
    }

    #[test]
    fn kubectl_is_quoted_as_it_speaks() {
        let (_, message, _) = first("KC002", super::RULE.example).unwrap();
        assert!(
            message.ends_with("kubectl fails with `Error in configuration: context was not found for specified context: prod`."),
            "{message}"
        );
    }

    /// Both `current-context` and the context's name hold a hidden
    /// character: the help names both places; kubectl's words show the
    /// character as it shows everywhere else.
    #[test]
    fn hidden_characters_on_both_sides_are_both_to_be_retyped() {
        let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: \"prod\\u200c\"\n  context:\n    cluster: prod\n    user: prod\ncurrent-context: prod\u{200b}\nusers:\n- name: prod\n  user:\n    token: abc\n";
        let (at, message, help) = first("KC002", text).unwrap();
        assert_eq!(at, "12:22");
        assert!(
            message.contains("; the context it was meant to match, `prod<U+200C>`, also contains an invisible character, U+200C (zero-width non-joiner), at character 5, after `prod`, so the two still differ."),
            "{message}"
        );
        assert!(
            message.ends_with("kubectl fails with `Error in configuration: context was not found for specified context: prod<U+200B>`."),
            "{message}"
        );
        assert_eq!(
            help,
            "Retype both by hand so that each reads `prod`: `current-context`, whose U+200B (zero-width space) is at line 12, column 22, and the `name:` of context `prod<U+200C>`, whose U+200C (zero-width non-joiner) is at line 8, column 9. Fixing only one leaves them different; copying either carries its character along."
        );
    }

    /// A name that is nothing but an invisible character.
    #[test]
    fn a_name_that_is_only_an_invisible_character() {
        let text = "contexts:\n- name: a\n  context: {cluster: a, user: a}\ncurrent-context: \"\\u200b\"\n";
        let (_, message, _) = first("KC002", text).unwrap();
        assert!(
            message.contains(
                "The name contains only an invisible character, U+200B (zero-width space)."
            ),
            "{message}"
        );
    }
}
