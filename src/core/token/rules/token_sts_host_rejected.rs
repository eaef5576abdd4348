use super::prelude::*;
use crate::core::token::sts;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK006",
    name: "token-sts-host-rejected",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The token is signed for a host that is not an STS endpoint the cluster's partition accepts.",
    what: "Checks the URL's host: `sts.REGION.DOMAIN` (or `sts-fips.`, or the dual-stack domain) of the cluster's partition, or the global `sts.amazonaws.com`, which only the `aws` partition has.",
    why: "The authenticator refuses other hosts so that a token cannot make it call an arbitrary server: `unexpected hostname` or `global endpoint unsupported in partition aws-cn`. Typical causes: an STS VPC endpoint name set through `AWS_ENDPOINT_URL_STS` or `--endpoint-url`, or a token signed with `AWS_STS_REGIONAL_ENDPOINTS=legacy` (global endpoint) for a cluster in China or GovCloud.",
    example: examples::VPCE_HOST,
    fixed: examples::VALID,
    fix_summary: "Sign for the regional STS endpoint: unset `AWS_ENDPOINT_URL_STS` / `--endpoint-url` for the token, set `AWS_STS_REGIONAL_ENDPOINTS=regional`, pass the cluster's `--region`.",
};

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    match sts::host_allowed(&t.host, cx.partition) {
        Ok(h) => Verdict::Pass(format!("{} — {}", t.host, h.describe())),
        Err(e) => {
            let why = match sts::classify_host(&t.host) {
                Some(sts::StsHost::Global) => format!(
                    "it is the global STS endpoint, which exists only in the aws partition, and the cluster is in {}",
                    cx.partition
                ),
                Some(h) => format!(
                    "it is an STS endpoint of {}, but the cluster is in {}",
                    h.partition(),
                    cx.partition
                ),
                None => "it is not an STS endpoint name (`sts.REGION.amazonaws.com` and its FIPS and dual-stack forms)".into(),
            };
            Verdict::fail(
                format!(
                    "The token is signed for `{}`, which the EKS authenticator refuses: {why}.",
                    t.host
                ),
                e,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_a_vpc_endpoint_host_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }
}
