use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC010",
    name: "exec-api-version-removed",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "An exec plugin uses `client.authentication.k8s.io/v1alpha1`, removed in kubectl 1.24.",
    what: "Flags `users[].user.exec.apiVersion: client.authentication.k8s.io/v1alpha1`.",
    why: "kubectl 1.24 and later no longer understand v1alpha1 and fail with `exec plugin: invalid apiVersion \
          \"client.authentication.k8s.io/v1alpha1\"` before running the plugin. Old `aws eks update-kubeconfig` \
          versions (aws-cli before 1.24.0 / 2.7.0) wrote it, so it survives in many ~/.kube/config files.",
    example: "apiVersion: v1\nkind: Config\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1alpha1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo]\n",
    fixed: "apiVersion: v1\nkind: Config\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo]\n",
    fix_summary: "Use `client.authentication.k8s.io/v1beta1`: upgrade the AWS CLI (≥ 1.24.0 / 2.7.0) and re-run `aws eks update-kubeconfig`, or edit the apiVersion.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    // Linear: which contexts use a user is indexed once, not searched per user.
    let scoper = super::support::Scoper::new(cx);
    for (i, nu) in cx.config.users.iter().enumerate() {
        let Some(exec) = nu.user.as_ref().and_then(|u| u.exec.as_ref()) else {
            continue;
        };
        if exec.api_version.as_deref().map(str::trim)
            != Some("client.authentication.k8s.io/v1alpha1")
        {
            continue;
        }
        // The version is checked when the plugin is set up, which kubectl
        // does only for an https server (1.32 with `http://`: no error).
        if !super::support::read_over_https(cx, nu.name.as_deref()) {
            continue;
        }
        let name = nu.name.as_deref().unwrap_or("(unnamed)");
        let severity = scoper.user(nu.name.as_deref()).severity(RULE.severity);
        let is_aws = exec
            .command
            .as_deref()
            .is_some_and(|c| c.ends_with("aws") || c.contains("aws-iam-authenticator"));
        let help = if is_aws {
            "Change it to `client.authentication.k8s.io/v1beta1`. Better: upgrade the AWS CLI (≥ 1.24.0 or ≥ 2.7.0) and re-run `aws eks update-kubeconfig --name CLUSTER --region REGION`, which writes v1beta1."
        } else {
            "Change it to `client.authentication.k8s.io/v1beta1` (or v1 with `interactiveMode`), after checking that the plugin version supports it."
        };
        sink.report(
            &RULE,
            cx.user_path(i).k("user").k("exec").k("apiVersion"),
            format!("User `{name}` uses exec apiVersion client.authentication.k8s.io/v1alpha1; kubectl ≥ 1.24 fails with `exec plugin: invalid apiVersion`."),
        )
        .with_severity(severity)
        .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_api_version_line() {
        assert_eq!(lines_of("KC010", super::RULE.example), vec![7]);
    }

    /// kubectl 1.32 under `unshare -n` with a v1alpha1 plugin: `exec plugin:
    /// invalid apiVersion` for an https server; for `http://` it connects
    /// and never looks at the plugin.
    #[test]
    fn quiet_for_a_user_used_only_over_plain_http() {
        let t = super::RULE.example.replace(
            "users:",
            "clusters:\n- name: c\n  cluster: {server: 'http://10.0.0.1:8080'}\ncontexts:\n- name: c\n  context: {cluster: c, user: eks}\ncurrent-context: c\nusers:",
        );
        assert!(lines_of("KC010", &t).is_empty());
        assert!(!lines_of("KC010", &t.replace("http:", "https:")).is_empty());
    }

    #[test]
    fn quiet_for_v1beta1() {
        assert!(lines_of("KC010", super::RULE.fixed).is_empty());
    }
}
