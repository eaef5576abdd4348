use super::exec_api_version_invalid::V1;
use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC030",
    name: "exec-interactive-mode-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "An exec plugin's `interactiveMode` is missing where `v1` requires it, or is not Never, IfAvailable or Always.",
    what: "Checks `exec.interactiveMode`: with `apiVersion: client.authentication.k8s.io/v1` it must be set; \
           when set it must be exactly `Never`, `IfAvailable` or `Always`.",
    why: "For v1beta1 plugins kubectl assumes `IfAvailable`; for v1 it insists on an explicit choice and stops \
          with `interactiveMode must be specified for dev to use exec authentication plugin`. Any other \
          value (including lower-case `never`) fails with `invalid interactiveMode for dev: \"never\"`.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: eks\n  cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: eks\n  context:\n    cluster: eks\n    user: eks\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo]\ncurrent-context: eks\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: eks\n  cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: eks\n  context:\n    cluster: eks\n    user: eks\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo]\n      interactiveMode: Never\ncurrent-context: eks\n",
    fix_summary: "Set `interactiveMode: Never` for plugins that never prompt (aws, gke-gcloud-auth-plugin, non-interactive kubelogin) or `IfAvailable` for ones that may ask for input.",
};

const MODES: &[&str] = &["Never", "IfAvailable", "Always"];

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        let Some(exec) = &u.exec else {
            continue;
        };
        let base = cx.user_path(i).field("user").field("exec");
        let name = display_name(nu.name.as_deref());
        let (path, message, help) = match exec.interactive_mode.as_deref().filter(|m| !m.is_empty()) {
            None if exec.api_version.as_deref() == Some(V1) => (
                base.field("apiVersion"),
                format!("The exec plugin of user `{name}` uses apiVersion v1 without `interactiveMode`; kubectl stops with `interactiveMode must be specified for {name} to use exec authentication plugin`."),
                RULE.fix_summary.to_string(),
            ),
            Some(m) if !MODES.contains(&m) => {
                let shown: String = m.chars().take(40).collect();
                let meant = MODES.iter().find(|x| x.eq_ignore_ascii_case(m.trim()));
                let help = match meant {
                    Some(x) => format!("Write it exactly `{x}` (the value is case-sensitive)."),
                    None => "Use `Never`, `IfAvailable` or `Always`.".to_string(),
                };
                (
                    base.field("interactiveMode"),
                    format!("The exec plugin of user `{name}` has interactiveMode `{shown}`; kubectl accepts only Never, IfAvailable or Always and stops with `invalid interactiveMode for {name}: \"{shown}\"`."),
                    help,
                )
            }
            _ => continue,
        };
        let scope = scoper.user(nu.name.as_deref());
        scope
            .report(sink, &RULE, path, "user", message)
            .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_v1_without_mode() {
        assert_eq!(lines_of("KC030", super::RULE.example), vec![16]);
    }

    #[test]
    fn a_wrong_case_is_an_error_on_its_line() {
        let t = super::RULE.fixed.replace("Never", "never");
        assert_eq!(lines_of("KC030", &t), vec![19]);
    }

    #[test]
    fn quiet_with_a_mode() {
        assert!(lines_of("KC030", super::RULE.fixed).is_empty());
    }
}
