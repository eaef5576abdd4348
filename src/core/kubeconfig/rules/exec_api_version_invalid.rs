use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC028",
    name: "exec-api-version-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "An exec plugin has no `apiVersion`, or one kubectl does not know.",
    what: "Checks `exec.apiVersion` is `client.authentication.k8s.io/v1beta1` or `client.authentication.k8s.io/v1`. \
           (The removed `v1alpha1` is KC010.)",
    why: "The apiVersion tells kubectl which ExecCredential format the plugin speaks. Without it kubectl \
          stops with `apiVersion must be specified for dev to use exec authentication plugin` (and, because \
          the default interactive mode depends on it, also `interactiveMode must be specified`); an unknown \
          value fails with `exec plugin: invalid apiVersion`.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: eks\n  cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: eks\n  context:\n    cluster: eks\n    user: eks\nusers:\n- name: eks\n  user:\n    exec:\n      command: aws\n      args: [eks, get-token, --cluster-name, demo, --region, us-west-2]\ncurrent-context: eks\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: eks\n  cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: eks\n  context:\n    cluster: eks\n    user: eks\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo, --region, us-west-2]\ncurrent-context: eks\n",
    fix_summary: "Add `apiVersion: client.authentication.k8s.io/v1beta1`, which aws, aws-iam-authenticator, gke-gcloud-auth-plugin and kubelogin all speak.",
};

pub const V1: &str = "client.authentication.k8s.io/v1";
pub const V1BETA1: &str = "client.authentication.k8s.io/v1beta1";
const V1ALPHA1: &str = "client.authentication.k8s.io/v1alpha1";

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        let Some(exec) = &u.exec else {
            continue;
        };
        let api = exec.api_version.as_deref().unwrap_or("");
        if api == V1 || api == V1BETA1 || api.trim() == V1ALPHA1 {
            continue;
        }
        let scope = scoper.user(nu.name.as_deref());
        let name = display_name(nu.name.as_deref());
        let base = cx.user_path(i).k("user").k("exec");
        let (path, message, help) = if api.is_empty() {
            (
                base,
                format!("The exec plugin of user `{name}` has no `apiVersion`; kubectl stops with `apiVersion must be specified for {name} to use exec authentication plugin`."),
                RULE.fix_summary.to_string(),
            )
        } else {
            let shown: String = api.chars().take(80).collect();
            let meant = if api.trim() == V1 || api.trim() == V1BETA1 {
                format!(
                    "Remove the white space around it: `apiVersion: {}`.",
                    api.trim()
                )
            } else if api.ends_with("/v1") {
                format!("Use `{V1}` (and set `interactiveMode`) or `{V1BETA1}`.")
            } else {
                format!("Use `{V1BETA1}` (or `{V1}` with `interactiveMode`).")
            };
            (
                base.k("apiVersion"),
                format!("The exec plugin of user `{name}` has apiVersion `{shown}`, which kubectl does not know; it fails with `exec plugin: invalid apiVersion \"{shown}\"` (kubectl 1.32 first reports `interactiveMode must be specified`: only v1beta1 plugins get a default mode)."),
                meant,
            )
        };
        scope
            .report(sink, &RULE, path, "user", message)
            .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_exec_block() {
        assert_eq!(lines_of("KC028", super::RULE.example), vec![15]);
    }

    #[test]
    fn an_unknown_version_is_flagged_on_its_line() {
        let t = super::RULE.fixed.replace("v1beta1", "v2");
        assert_eq!(lines_of("KC028", &t), vec![16]);
    }

    #[test]
    fn quiet_for_v1beta1() {
        assert!(lines_of("KC028", super::RULE.fixed).is_empty());
    }
}
