use super::prelude::*;
use crate::core::kubeconfig::endpoint::Endpoint;
use crate::core::token::sts::LEGACY_GLOBAL_REGIONS;

pub static RULE: RuleMeta = RuleMeta {
    code: "EXE006",
    name: "exec-sts-legacy-no-global",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Exec,
    summary: "`AWS_STS_REGIONAL_ENDPOINTS=legacy` for a cluster in a partition without a global STS endpoint.",
    what: "Flags `AWS_STS_REGIONAL_ENDPOINTS=legacy` in the exec env of a user whose cluster is in aws-cn, aws-us-gov or another partition than `aws`.",
    why: "Only the commercial partition has the global endpoint `sts.amazonaws.com`, and only clusters there accept tokens signed for it (`global endpoint unsupported in partition aws-cn`). `legacy` sends tokens to that endpoint whenever the signing region is one of the 16 older commercial regions — for example when `--region` is missing and the profile says us-east-1. For China and GovCloud regions it has no effect at all, so at best it is misleading.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.yl4.cn-north-1.eks.amazonaws.com.cn\n  name: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\ncontexts:\n- context:\n    cluster: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\n    user: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\n  name: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\ncurrent-context: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\nusers:\n- name: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo-cn]\n      env:\n      - name: AWS_STS_REGIONAL_ENDPOINTS\n        value: legacy\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.yl4.cn-north-1.eks.amazonaws.com.cn\n  name: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\ncontexts:\n- context:\n    cluster: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\n    user: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\n  name: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\ncurrent-context: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\nusers:\n- name: arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo-cn\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [--region, cn-north-1, eks, get-token, --cluster-name, demo-cn]\n      env:\n      - name: AWS_STS_REGIONAL_ENDPOINTS\n        value: regional\n",
    fix_summary: "Set `AWS_STS_REGIONAL_ENDPOINTS=regional` (or remove it) and pass the cluster's `--region`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for u in exec_users(cx).iter().filter(|u| u.plugin.is_aws()) {
        let Some((value, i)) = env(u.exec, "AWS_STS_REGIONAL_ENDPOINTS") else {
            continue;
        };
        if !value.trim().eq_ignore_ascii_case("legacy") {
            continue;
        }
        let partition = u
            .targets
            .iter()
            .find_map(|t| match target_endpoint(cx, u, t) {
                Endpoint::Eks { partition, .. } if partition != "aws" => Some(partition),
                _ => None,
            });
        let Some(partition) = partition else {
            continue;
        };
        let region = u
            .plugin
            .region_arg()
            .map(|a| a.value.clone())
            .or_else(|| env(u.exec, "AWS_REGION").map(|(v, _)| v.to_string()))
            .or_else(|| env(u.exec, "AWS_DEFAULT_REGION").map(|(v, _)| v.to_string()));
        let (message, severity) = match region.as_deref() {
            Some(r) if LEGACY_GLOBAL_REGIONS.contains(&r) => (
                format!("User `{}` signs in {r} with AWS_STS_REGIONAL_ENDPOINTS=legacy, so its tokens go to the global endpoint sts.amazonaws.com, which a cluster in {partition} refuses (`global endpoint unsupported in partition {partition}`).", u.name),
                scoped(cx, u, Severity::Error),
            ),
            Some(r) => (
                format!("User `{}` sets AWS_STS_REGIONAL_ENDPOINTS=legacy for a cluster in {partition}, which has no global STS endpoint; for {r} it has no effect, but it would send tokens to sts.amazonaws.com (refused) if the region were a commercial one.", u.name),
                Severity::Info,
            ),
            None => (
                format!("User `{}` sets AWS_STS_REGIONAL_ENDPOINTS=legacy for a cluster in {partition}, which has no global STS endpoint, and gives no region: if the profile's region is one of the older commercial regions, tokens go to sts.amazonaws.com and are refused.", u.name),
                RULE.severity,
            ),
        };
        sink.report(&RULE, env_path(cx, u, i), message)
            .with_severity(severity);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_legacy_value() {
        let ex = super::RULE.example;
        assert_eq!(lines_of("EXE006", ex), vec![line_of(ex, "value: legacy")]);
        assert!(lines_of("EXE006", super::RULE.fixed).is_empty());
    }
}
