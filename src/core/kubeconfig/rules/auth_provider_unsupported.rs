use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC031",
    name: "auth-provider-unsupported",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A user's `auth-provider` is one kubectl no longer has (`gcp`, `azure`) or never had.",
    what: "Checks `auth-provider.name`. kubectl 1.26 and later only keep `oidc`; `gcp` and `azure` were \
           removed in favour of the exec plugins `gke-gcloud-auth-plugin` and `kubelogin`.",
    why: "kubectl stops before sending a request: `The gcp auth plugin has been removed. Please use the \
          \"gke-gcloud-auth-plugin\" kubectl/client-go credential plugin instead.` (likewise for `azure` and \
          kubelogin), or `no Auth Provider found for name \"x\"` for any other name. Old `gcloud` and `az` \
          versions wrote these blocks, so they linger in long-lived kubeconfigs.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: gke_proj_europe-west1_prod\n  cluster:\n    server: https://34.1.2.3\ncontexts:\n- name: gke_proj_europe-west1_prod\n  context:\n    cluster: gke_proj_europe-west1_prod\n    user: gke_proj_europe-west1_prod\nusers:\n- name: gke_proj_europe-west1_prod\n  user:\n    auth-provider:\n      name: gcp\n      config:\n        cmd-path: /usr/lib/google-cloud-sdk/bin/gcloud\n        cmd-args: config config-helper --format=json\n        token-key: '{.credential.access_token}'\n        expiry-key: '{.credential.token_expiry}'\ncurrent-context: gke_proj_europe-west1_prod\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: gke_proj_europe-west1_prod\n  cluster:\n    server: https://34.1.2.3\ncontexts:\n- name: gke_proj_europe-west1_prod\n  context:\n    cluster: gke_proj_europe-west1_prod\n    user: gke_proj_europe-west1_prod\nusers:\n- name: gke_proj_europe-west1_prod\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: gke-gcloud-auth-plugin\n      installHint: Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin\n      provideClusterInfo: true\ncurrent-context: gke_proj_europe-west1_prod\n",
    fix_summary: "Replace the `auth-provider` block with the exec plugin: GKE `gcloud components install gke-gcloud-auth-plugin` then `gcloud container clusters get-credentials`; AKS `az aks get-credentials` then `kubelogin convert-kubeconfig -l azurecli`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        // Next to `exec`, KC026 already says to delete the block: that is the whole fix.
        let Some(ap) = u.auth_provider.as_ref().filter(|_| u.exec.is_none()) else {
            continue;
        };
        // kubectl looks the provider up only for an https server (1.32 with
        // `gcp` and the cluster missing: `GET http://localhost:8080`, no error).
        if !super::support::read_over_https(cx, nu.name.as_deref()) {
            continue;
        }
        let provider = ap.name.as_deref().unwrap_or("");
        let name = display_name(nu.name.as_deref());
        let (what, help) = match provider {
            "oidc" => continue,
            "gcp" => (
                "uses the `gcp` auth-provider, removed in kubectl 1.26; kubectl stops with `The gcp auth plugin has been removed` and points to the `gke-gcloud-auth-plugin` credential plugin".to_string(),
                "Install the plugin (`gcloud components install gke-gcloud-auth-plugin`, or the OS package `google-cloud-cli-gke-gcloud-auth-plugin`) and run `gcloud container clusters get-credentials CLUSTER --region REGION` again; it writes an `exec` block using `gke-gcloud-auth-plugin`.".to_string(),
            ),
            "azure" => (
                "uses the `azure` auth-provider, removed in kubectl 1.26; kubectl stops with `The azure auth plugin has been removed` and points to the `kubelogin` credential plugin".to_string(),
                "Install kubelogin (`az aks install-cli`) and convert the file: `kubelogin convert-kubeconfig -l azurecli` (or run `az aks get-credentials` again); it writes an `exec` block using `kubelogin get-token`.".to_string(),
            ),
            "" => (
                "has an `auth-provider` without a `name`; kubectl stops with `no Auth Provider found for name \"\"`".to_string(),
                "Replace the block with the cluster's `exec` credential plugin, or delete it.".to_string(),
            ),
            other => {
                let shown: String = other.chars().take(40).collect();
                (
                    format!("uses the auth-provider `{shown}`, which kubectl does not have (only `oidc` is built in); kubectl stops with `no Auth Provider found for name \"{shown}\"`"),
                    "Replace the block with the provider's `exec` credential plugin (see its documentation), or use `oidc` with the int128/kubelogin `oidc-login` plugin.".to_string(),
                )
            }
        };
        let scope = scoper.user(nu.name.as_deref());
        let path = cx.user_path(i).k("user").k("auth-provider");
        let path = if provider.is_empty() {
            path
        } else {
            path.k("name")
        };
        scope
            .report(sink, &RULE, path, "user", format!("User `{name}` {what}."))
            .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_provider_name() {
        assert_eq!(lines_of("KC031", super::RULE.example), vec![16]);
    }

    #[test]
    fn quiet_for_a_user_used_only_over_plain_http() {
        let t = super::RULE.example.replace("https://", "http://");
        assert_ne!(t, super::RULE.example);
        assert!(lines_of("KC031", &t).is_empty());
    }

    #[test]
    fn oidc_is_still_supported() {
        let t = super::RULE.example.replace("name: gcp", "name: oidc");
        assert!(lines_of("KC031", &t).is_empty());
    }

    #[test]
    fn quiet_for_the_exec_plugin() {
        assert!(lines_of("KC031", super::RULE.fixed).is_empty());
    }
}
