use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC065",
    name: "oidc-config-incomplete",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "An `oidc` auth-provider lacks `idp-issuer-url` or `client-id`.",
    what: "Flags a user whose `oidc` auth-provider config has no (or an empty) `idp-issuer-url` or \
           `client-id`.",
    why: "kubectl's built-in `oidc` provider needs both to refresh the ID token, and checks them before \
          sending anything, even while the stored `id-token` is still valid: it stops with `Must provide \
          idp-issuer-url` (checked first) or `Must provide client-id`. Hand-written or trimmed kubeconfigs \
          often keep only the tokens.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: jane\ncurrent-context: dev\nusers:\n- name: jane\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        idp-issuer-url: https://issuer.example.com\n        id-token: eyJhbGciOiJSUzI1NiJ9.e30.c2ln\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: jane\ncurrent-context: dev\nusers:\n- name: jane\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        idp-issuer-url: https://issuer.example.com\n        client-id: kubernetes\n        id-token: eyJhbGciOiJSUzI1NiJ9.e30.c2ln\n",
    fix_summary: "Add the identity provider's `idp-issuer-url` and the `client-id` the API server trusts (from its `--oidc-issuer-url` and `--oidc-client-id`), or log in again with the `oidc-login` exec plugin.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        // Next to `exec`, KC026 already refuses the user.
        let Some(ap) = u.auth_provider.as_ref().filter(|_| u.exec.is_none()) else {
            continue;
        };
        // kubectl sets the provider up only for an https server (1.32 with
        // `http://`: no error).
        if ap.name.as_deref() != Some("oidc")
            || !super::support::read_over_https(cx, nu.name.as_deref())
        {
            continue;
        }
        let set = |k: &str| ap.config.get(k).is_some_and(|v| !v.expose().is_empty());
        let Some(key) = ["idp-issuer-url", "client-id"]
            .into_iter()
            .find(|k| !set(k))
        else {
            continue;
        };
        let name = display_name(nu.name.as_deref());
        let path = cx.user_path(i).k("user").k("auth-provider");
        let path = if ap.config.contains_key(key) {
            path.k("config").k(key)
        } else {
            path.k("name")
        };
        scoper
            .user(nu.name.as_deref())
            .report(sink, &RULE, path, "user", format!("User `{name}` has an `oidc` auth-provider without `{key}`; kubectl stops with `Must provide {key}` before sending anything."))
            .with_help(format!("Add `{key}` under `auth-provider.config` (the API server's `--oidc-{}`).", if key == "client-id" { "client-id" } else { "issuer-url" }));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{first, lines_of};

    /// kubectl 1.32 under `unshare -n`: `error: Must provide client-id`;
    /// without the issuer too, `Must provide idp-issuer-url`; with `http://`
    /// no error at all.
    #[test]
    fn fires_on_the_provider_name_with_kubectls_words() {
        let (at, m, _) = first("KC065", super::RULE.example).unwrap_or_default();
        assert_eq!(at, "17:7");
        assert_eq!(m, "User `jane` has an `oidc` auth-provider without `client-id`; kubectl stops with `Must provide client-id` before sending anything. The current context `dev` uses this user, so plain `kubectl` commands are affected.");
        let t = super::RULE.fixed.replace("issuer.example.com", "");
        let t = t.replace("url: https://", "url: ''");
        assert_eq!(lines_of("KC065", &t), vec![19]);
        let t = super::RULE.example.replace("https://10", "http://10");
        assert!(lines_of("KC065", &t).is_empty());
    }

    #[test]
    fn quiet_with_both() {
        assert!(lines_of("KC065", super::RULE.fixed).is_empty());
    }
}
