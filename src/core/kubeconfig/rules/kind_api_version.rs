use super::prelude::*;
use super::support::LOAD_NOTE;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC005",
    name: "kind-or-api-version-wrong",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "`kind` is not `Config` or `apiVersion` is not `v1` (or either is missing).",
    what: "Checks the two header fields of a kubeconfig. A value other than `kind: Config` / `apiVersion: v1` \
           is an error; a missing one is only noted.",
    why: "kubectl decodes the file through its API scheme, which knows exactly one type: `Config` in version \
          `v1`. Anything else (`kind: config`, `kind: KubeConfig`, `apiVersion: v2`, a manifest's \
          `kind: Pod`) stops it with `no kind \"X\" is registered for version \"Y\"` before any context is \
          read. When both fields are missing kubectl assumes `v1 Config` and carries on; other tools that \
          sniff file types by these fields may not.",
    example: "apiVersion: v1\nkind: KubeConfig\nclusters:\n- name: dev\n  cluster:\n    server: https://127.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://127.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Write `apiVersion: v1` and `kind: Config` (both case-sensitive) at the top of the file.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let c = cx.config;
    let kind = c.kind.as_deref().filter(|k| !k.is_empty());
    let api = c.api_version.as_deref().filter(|v| !v.is_empty());
    let shown_api = api.unwrap_or("v1");
    if let Some(k) = kind.filter(|k| *k != "Config") {
        let hint = if k.eq_ignore_ascii_case("config") {
            " (`kind` is case-sensitive)"
        } else {
            ""
        };
        sink.report(
            &RULE,
            Path::root().k("kind"),
            format!("`kind` is `{k}`, but a kubeconfig must say `kind: Config`{hint}; kubectl stops with `no kind \"{k}\" is registered for version \"{shown_api}\"`.{LOAD_NOTE}"),
        )
        .with_help("Set `kind: Config`.");
    }
    if let Some(v) = api.filter(|v| *v != "v1") {
        let shown_kind = kind.unwrap_or("Config");
        sink.report(
            &RULE,
            Path::root().k("apiVersion"),
            format!("`apiVersion` is `{v}`, but kubeconfig files only exist as `apiVersion: v1`; kubectl stops with `no kind \"{shown_kind}\" is registered for version \"{v}\"`.{LOAD_NOTE}"),
        )
        .with_help("Set `apiVersion: v1`.");
    }
    let has_content = !(c.clusters.is_empty() && c.contexts.is_empty() && c.users.is_empty());
    if has_content && (kind.is_none() || api.is_none()) {
        let missing = match (api.is_none(), kind.is_none()) {
            (true, true) => "`apiVersion` and `kind`",
            (true, false) => "`apiVersion`",
            _ => "`kind`",
        };
        sink.report(
            &RULE,
            Path::root(),
            format!("The file has no {missing}. kubectl accepts that and assumes `apiVersion: v1` / `kind: Config`, but tools that recognise kubeconfigs by these fields may not."),
        )
        .with_severity(Severity::Info)
        .with_help("Add `apiVersion: v1` and `kind: Config` at the top; `kubectl config view --raw` writes them.")
        .at(Some(crate::core::source::Pos::new(1, 1)));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_the_kind_line() {
        assert_eq!(lines_of("KC005", super::RULE.example), vec![2]);
    }

    #[test]
    fn a_wrong_api_version_is_an_error_and_a_missing_one_only_info() {
        let t =
            "apiVersion: v2\nkind: Config\nclusters: [{name: a, cluster: {server: 'https://x'}}]\n";
        assert!(findings(t).contains(&("KC005", Some(1), "error")));
        let t = "clusters: [{name: a, cluster: {server: 'https://x'}}]\n";
        assert_eq!(
            findings(t)
                .into_iter()
                .filter(|f| f.0 == "KC005")
                .collect::<Vec<_>>(),
            vec![("KC005", Some(1), "info")]
        );
    }

    #[test]
    fn quiet_on_v1_config() {
        assert!(lines_of("KC005", super::RULE.fixed).is_empty());
    }
}
