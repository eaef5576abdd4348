use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC026",
    name: "exec-with-auth-provider",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A user has both an `exec` plugin and an `auth-provider`.",
    what: "Flags users configured with both credential mechanisms.",
    why: "kubectl refuses the user: `authProvider cannot be provided in combination with an exec plugin for \
          dev`. It is typical of a half-done migration from the removed `gcp` or `azure` auth-provider to \
          `gke-gcloud-auth-plugin` or `kubelogin`, where the exec block was added but the old one not removed.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: gke\n  cluster:\n    server: https://34.1.2.3\ncontexts:\n- name: gke\n  context:\n    cluster: gke\n    user: gke\nusers:\n- name: gke\n  user:\n    auth-provider:\n      name: gcp\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: gke-gcloud-auth-plugin\n      provideClusterInfo: true\ncurrent-context: gke\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: gke\n  cluster:\n    server: https://34.1.2.3\ncontexts:\n- name: gke\n  context:\n    cluster: gke\n    user: gke\nusers:\n- name: gke\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: gke-gcloud-auth-plugin\n      provideClusterInfo: true\ncurrent-context: gke\n",
    fix_summary: "Delete the `auth-provider` block and keep `exec` (the auth-providers for GKE and AKS no longer exist).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        if u.exec.is_none() || u.auth_provider.is_none() {
            continue;
        }
        let scope = scoper.user(nu.name.as_deref());
        let name = display_name(nu.name.as_deref());
        let base = cx.user_path(i).k("user");
        let exec = sink.locate(&base.k("exec"));
        scope.report(sink, &RULE, base.k("auth-provider"), "user", format!("User `{name}` has both `auth-provider` and `exec`; kubectl stops with `authProvider cannot be provided in combination with an exec plugin for {name}`."))
        .with_related(exec);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_auth_provider() {
        assert_eq!(lines_of("KC026", super::RULE.example), vec![15]);
    }

    #[test]
    fn quiet_with_exec_alone() {
        assert!(lines_of("KC026", super::RULE.fixed).is_empty());
    }
}
