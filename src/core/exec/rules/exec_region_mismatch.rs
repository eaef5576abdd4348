use super::prelude::*;
use crate::core::kubeconfig::endpoint::Endpoint;
use crate::core::token::sts::partition_of_region;

pub static RULE: RuleMeta = RuleMeta {
    code: "EXE001",
    name: "exec-region-mismatch",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Exec,
    summary: "The AWS token plugin signs in a different region than the EKS cluster's endpoint.",
    what: "Compares the region given to `aws eks get-token` / `aws-iam-authenticator` (`--region`, or `AWS_REGION` / `AWS_DEFAULT_REGION` in the entry's env) with the region in the cluster's EKS endpoint host name.",
    why: "Within one partition EKS accepts a token signed for any region's STS, so it still works, but logins then depend on STS in that other region (and fail if the region is not enabled for the account), and a wrong region usually means the entry was copied from another cluster, with the wrong cluster name too. Across partitions (a commercial region for a China or GovCloud cluster) it never works: the authenticator refuses the STS host.",
    example: eks_kubeconfig!("      command: aws\n      args: [--region, eu-west-1, eks, get-token, --cluster-name, demo]\n"),
    fixed: eks_kubeconfig!("      command: aws\n      args: [--region, us-west-2, eks, get-token, --cluster-name, demo]\n"),
    fix_summary: "Use the cluster's own region: re-run `aws eks update-kubeconfig --name CLUSTER --region REGION`, or fix `--region`.",
};

/// Which setting gave the token's region.
enum From {
    Arg(usize),
    Env(usize),
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for u in exec_users(cx).iter().filter(|u| u.plugin.is_aws()) {
        // Where the token's region comes from; its path is built only for a
        // finding (this runs for every user of a large kubeconfig).
        let (region, from, at) = match u.plugin.region_arg() {
            Some(a) => (a.value.as_str(), "--region", From::Arg(a.index)),
            None => match env(u.exec, "AWS_REGION")
                .map(|v| (v, "AWS_REGION"))
                .or_else(|| env(u.exec, "AWS_DEFAULT_REGION").map(|v| (v, "AWS_DEFAULT_REGION")))
            {
                Some(((v, i), name)) => (v, name, From::Env(i)),
                None => continue,
            },
        };
        for t in &u.targets {
            let Endpoint::Eks {
                region: cluster_region,
                partition,
                ..
            } = target_endpoint(cx, u, t)
            else {
                continue;
            };
            if cluster_region == region {
                continue;
            }
            let token_partition = partition_of_region(region);
            let (message, severity) = if token_partition != partition {
                (
                    format!(
                        "User `{}` signs its token in {region} ({from}, partition {token_partition}) but cluster `{}` is in {cluster_region}, partition {partition}: the cluster's authenticator refuses STS hosts of another partition, so every login fails as Unauthorized.",
                        u.name, t.cluster_name
                    ),
                    scoped(cx, u, Severity::Error),
                )
            } else {
                (
                    format!(
                        "User `{}` signs its token in {region} ({from}) but cluster `{}` is in {cluster_region}. EKS accepts it (any STS region of the partition works), but logins then depend on STS in {region}, and a copied entry often carries the wrong cluster name too.",
                        u.name, t.cluster_name
                    ),
                    RULE.severity,
                )
            };
            let path = match at {
                From::Arg(i) => arg_path(cx, u, i),
                From::Env(i) => env_path(cx, u, i),
            };
            sink.report(&RULE, path, message).with_severity(severity);
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_region_argument() {
        let ex = super::RULE.example;
        assert_eq!(
            lines_of("EXE001", ex),
            vec![line_of(ex, "args: [--region, eu-west-1")]
        );
        assert!(lines_of("EXE001", super::RULE.fixed).is_empty());
    }
}
