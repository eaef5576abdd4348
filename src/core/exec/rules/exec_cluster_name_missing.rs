use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "EXE003",
    name: "exec-cluster-name-missing",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Exec,
    summary: "`aws eks get-token` without `--cluster-name`, or `aws-iam-authenticator token` without `-i`.",
    what: "Checks that the AWS token plugin is told which cluster to sign for: `--cluster-name` (or `--cluster-id` on Outposts) for the AWS CLI, `-i` / `--cluster-id` (or `KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID` in the entry's env) for aws-iam-authenticator.",
    why: "Without it there is no cluster name to sign: the AWS CLI stops with `Either parameter --cluster-name or --cluster-id must be specified.` and aws-iam-authenticator with `Error: cluster ID not specified`, so every kubectl command fails with `exec: executable aws failed with exit code 1` (unless the variable happens to be set in your shell).",
    example: eks_kubeconfig!("      command: aws\n      args: [--region, us-west-2, eks, get-token]\n"),
    fixed: eks_kubeconfig!("      command: aws\n      args: [--region, us-west-2, eks, get-token, --cluster-name, demo]\n"),
    fix_summary: "Add `--cluster-name CLUSTER` (AWS CLI) or `-i CLUSTER` (aws-iam-authenticator) to the args.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for u in exec_users(cx).iter() {
        let (missing, flag) = match &u.plugin {
            Plugin::AwsEksGetToken(a) => (
                a.cluster_name.is_none() && a.cluster_id.is_none(),
                "--cluster-name",
            ),
            Plugin::AwsIamAuthenticator(a) => (
                a.cluster_id.is_none()
                    && env(u.exec, "KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID").is_none(),
                "-i",
            ),
            _ => continue,
        };
        if !missing {
            continue;
        }
        let name = u
            .targets
            .iter()
            .find_map(target_name)
            .map(|(n, _)| n.cluster);
        let f = sink
            .report(
                &RULE,
                cx.user_path(u.index).k("user").k("exec").k("args"),
                format!(
                    "User `{}` runs the AWS token plugin without {flag}: it has no cluster name to sign and exits with an error, so kubectl fails for every context using this user.",
                    u.name
                ),
            )
            .with_severity(scoped(cx, u, RULE.severity));
        if let Some(n) = name {
            f.with_help(format!(
                "Add `{flag} {n}` to the args (the cluster this user's context points at)."
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_args() {
        let ex = super::RULE.example;
        assert_eq!(lines_of("EXE003", ex), vec![line_of(ex, "args:")]);
        assert!(lines_of("EXE003", super::RULE.fixed).is_empty());
    }
}
