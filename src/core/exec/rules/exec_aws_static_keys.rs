use super::prelude::*;
use crate::core::secret::mask;

pub static RULE: RuleMeta = RuleMeta {
    code: "EXE005",
    name: "exec-aws-static-keys",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::Exec,
    summary: "AWS access keys are written into the exec plugin's env.",
    what: "Flags `AWS_SECRET_ACCESS_KEY` or `AWS_SESSION_TOKEN` with a value in a user's `exec.env`.",
    why: "The kubeconfig now holds AWS credentials in plain text: anyone who reads or receives the file can use them against every AWS API the identity may call, not just this cluster. The token is then signed by whoever owns those keys — for AKIA keys a long-term IAM user key that never expires unless rotated; for ASIA keys, a session that stops working within hours and breaks kubectl.",
    example: eks_kubeconfig!("      command: aws\n      args: [--region, us-west-2, eks, get-token, --cluster-name, demo]\n      env:\n      - name: AWS_ACCESS_KEY_ID\n        value: AKIAIOSFODNN7EXAMPLE\n      - name: AWS_SECRET_ACCESS_KEY\n        value: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
    fixed: eks_kubeconfig!("      command: aws\n      args: [--region, us-west-2, eks, get-token, --cluster-name, demo]\n      env:\n      - name: AWS_PROFILE\n        value: demo-admin\n"),
    fix_summary: "Put the keys in a profile (`aws configure --profile NAME`, or better SSO) and reference it with `AWS_PROFILE`; rotate keys that were shared in a kubeconfig.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for u in exec_users(cx).iter() {
        for name in ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] {
            let Some((value, i)) = env(u.exec, name) else {
                continue;
            };
            if value.trim().is_empty() {
                continue;
            }
            let key = env(u.exec, "AWS_ACCESS_KEY_ID")
                .map(|(k, _)| format!(" (key {})", mask(k, 4)))
                .unwrap_or_default();
            sink.report(
                &RULE,
                env_path(cx, u, i),
                format!(
                    "User `{}` carries {name} in plain text in its exec env{key}: anyone with this kubeconfig holds those AWS credentials, for every AWS API they allow.",
                    u.name
                ),
            );
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_secret_value() {
        let ex = super::RULE.example;
        assert_eq!(lines_of("EXE005", ex), vec![line_of(ex, "value: wJal")]);
        assert!(lines_of("EXE005", super::RULE.fixed).is_empty());
    }

    #[test]
    fn the_message_never_shows_the_keys() {
        let r = crate::core::analyze(super::RULE.example, &Default::default());
        let m = &r
            .findings
            .iter()
            .find(|f| f.code() == "EXE005")
            .unwrap()
            .message;
        assert!(!m.contains("wJal") && !m.contains("IOSFODNN7"), "{m}");
    }
}
