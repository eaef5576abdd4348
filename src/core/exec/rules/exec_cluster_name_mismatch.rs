use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "EXE002",
    name: "exec-cluster-name-mismatch",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Exec,
    summary: "The token plugin signs for a different cluster name than the EKS cluster the context points at.",
    what: "Compares the cluster name given to `aws eks get-token --cluster-name` or `aws-iam-authenticator token -i` with the name in the cluster's ARN (`arn:aws:eks:REGION:ACCOUNT:cluster/NAME`, as `aws eks update-kubeconfig` names entries) or eksctl name (`NAME.REGION.eksctl.io`).",
    why: "The name is signed into the token (header `x-k8s-aws-id`) and the cluster's authenticator replays the request with its own name: when they differ, STS rejects the signature and kubectl says only `error: You must be logged in to the server (Unauthorized)` — with perfectly valid AWS credentials. It typically happens when a user entry is copied or shared between clusters.",
    example: eks_kubeconfig!("      command: aws\n      args: [--region, us-west-2, eks, get-token, --cluster-name, demo-old]\n"),
    fixed: eks_kubeconfig!("      command: aws\n      args: [--region, us-west-2, eks, get-token, --cluster-name, demo]\n"),
    fix_summary: "Sign for the right cluster: re-run `aws eks update-kubeconfig --name CLUSTER --region REGION`, or fix `--cluster-name` / `-i`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for u in exec_users(cx).iter().filter(|u| u.plugin.is_aws()) {
        if let Plugin::AwsEksGetToken(a) = &u.plugin {
            if a.cluster_name.is_none() {
                continue; // --cluster-id (Outposts) binds an ID, not the name.
            }
        }
        let Some(arg) = u.plugin.cluster_name() else {
            continue;
        };
        for t in &u.targets {
            let Some((eks, from)) = target_name(t) else {
                continue;
            };
            if eks.cluster == arg.value {
                continue;
            }
            let flag = if matches!(u.plugin, Plugin::AwsEksGetToken(_)) {
                "--cluster-name"
            } else {
                "-i"
            };
            sink.report(
                &RULE,
                arg_path(cx, u, arg.index),
                format!(
                    "User `{}` signs its token for cluster `{}` ({flag}), but context `{}` points at EKS cluster `{}` (from its {from}); STS will reject the signature and kubectl reports Unauthorized.",
                    u.name, arg.value, t.context_name, eks.cluster
                ),
            )
            .with_severity(cx.scoped(t.context, RULE.severity))
            .with_help(format!(
                "Use `{flag} {}`, or re-run `aws eks update-kubeconfig --name {} --region {}`.",
                eks.cluster, eks.cluster, eks.region
            ));
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_cluster_name_argument() {
        let ex = super::RULE.example;
        assert_eq!(lines_of("EXE002", ex), vec![line_of(ex, "demo-old")]);
        assert!(lines_of("EXE002", super::RULE.fixed).is_empty());
    }

    #[test]
    fn reads_eksctl_names_too() {
        let text = "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://ABC.gr7.eu-west-1.eks.amazonaws.com\n  name: prod.eu-west-1.eksctl.io\ncontexts:\n- context:\n    cluster: prod.eu-west-1.eksctl.io\n    user: admin@prod.eu-west-1.eksctl.io\n  name: admin@prod.eu-west-1.eksctl.io\ncurrent-context: admin@prod.eu-west-1.eksctl.io\nusers:\n- name: admin@prod.eu-west-1.eksctl.io\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws-iam-authenticator\n      args:\n      - token\n      - -i\n      - staging\n";
        assert_eq!(lines_of("EXE002", text), vec![line_of(text, "- staging")]);
    }
}
