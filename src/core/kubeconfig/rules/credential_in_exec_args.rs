use super::prelude::*;
use crate::core::kubeconfig::secrets::CredentialKind;
use crate::core::redact::ArgSecret;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC063",
    name: "credential-in-exec-args",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::Kubeconfig,
    summary: "An exec plugin gets a credential on its command line.",
    what: "Flags exec `args` that carry a credential: the value of a flag such as `--token`, `--password`, \
           `--client-secret` or `--aws-secret-access-key` (also written `--flag=value`), a JSON Web Token, or a \
           presigned EKS token (`k8s-aws-v1.…`).",
    why: "A secret in `args` is stored in the kubeconfig in clear text, and while the plugin runs it is on its \
          command line, which every user of the machine can read (`ps`, `/proc/PID/cmdline`) and which process \
          monitoring and CI logs record. An EKS token in `args` is also a mistake in itself: it is valid for 15 \
          minutes after it was made, and the plugin is supposed to create a fresh one each time.",
    example: "apiVersion: v1\nkind: Config\nusers:\n- name: oidc\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: kubectl\n      args:\n      - oidc-login\n      - get-token\n      - --oidc-issuer-url=https://login.example.com\n      - --oidc-client-id=kubernetes\n      - --oidc-client-secret=9f8e7d6c5b4a\n      interactiveMode: IfAvailable\n",
    fixed: "apiVersion: v1\nkind: Config\nusers:\n- name: oidc\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: kubectl\n      args:\n      - oidc-login\n      - get-token\n      - --oidc-issuer-url=https://login.example.com\n      - --oidc-client-id=kubernetes\n      - --oidc-use-pkce\n      interactiveMode: IfAvailable\n",
    fix_summary: "Do not pass secrets in `args`: let the plugin read them from its own credential store, or use a flow that needs none (PKCE, device code, an AWS profile).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for c in cx.credentials() {
        let CredentialKind::Arg { index, kind, flag } = &c.kind else {
            continue;
        };
        let user = cx.config.users[c.user]
            .name
            .as_deref()
            .unwrap_or("(unnamed)");
        let n = index + 1;
        let (severity, message) = match kind {
            ArgSecret::FlagValue => {
                let flag = flag.as_deref().map(|f| format!("`{f}`, ")).unwrap_or_default();
                (Severity::Warning, format!("User `{user}`'s exec plugin gets a credential on its command line ({flag}argument {n}). The value is stored in this file in clear text and, while the plugin runs, readable by every user of the machine (`ps`)."))
            }
            ArgSecret::Jwt => (Severity::Warning, format!("User `{user}`'s exec plugin gets a JSON Web Token as argument {n}. Until it expires it is a bearer credential; it is stored in this file in clear text and readable by every user of the machine while the plugin runs.")),
            ArgSecret::EksToken => (Severity::Info, format!("User `{user}`'s exec plugin is given a presigned EKS token (`k8s-aws-v1.…`) as argument {n}. It stops working 15 minutes after it was made, and until then it is your AWS identity's way into the cluster; the plugin should create a fresh one each time (`aws eks get-token`), not receive one.")),
        };
        sink.report(&RULE, c.path.clone(), message)
            .with_severity(severity);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_the_argument_line() {
        assert_eq!(lines_of("KC063", super::RULE.example), vec![14]);
    }

    #[test]
    fn quiet_without_secret_arguments() {
        assert!(lines_of("KC063", super::RULE.fixed).is_empty());
    }

    #[test]
    fn a_bare_flag_points_at_its_value_and_eks_tokens_are_info() {
        let text = "users:\n- name: a\n  user:\n    exec:\n      command: x\n      args:\n      - --token\n      - abc\n      - k8s-aws-v1.aHR0cHM6Ly9zdHM\n";
        let f = findings(text);
        assert!(f.contains(&("KC063", Some(8), "warning")), "{f:?}");
        assert!(f.contains(&("KC063", Some(9), "info")), "{f:?}");
    }
}
