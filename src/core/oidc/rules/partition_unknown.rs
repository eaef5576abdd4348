use super::prelude::*;
use crate::core::oidc::partition::{Partition, UNCHECKED_PARTITIONS};

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC005",
    name: "partition-unknown",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The ARN's partition is not `aws`, `aws-cn` or `aws-us-gov`.",
    what: "Flags provider ARNs whose second field is not a partition, such as `aws-china`, `aws-gov` or `amazon`. \
           The isolated partitions (`aws-iso`, `aws-iso-b`, …) and the European Sovereign Cloud (`aws-eusc`) \
           exist but are reported as info: eksplain does not know their EKS issuer hosts.",
    why: "The partition is part of every ARN: `aws` for the commercial regions, `aws-cn` for China (Beijing, \
          Ningxia), `aws-us-gov` for GovCloud (US). With a made-up partition the ARN names nothing, and the trust \
          policy matches no token.",
    example: "arn:aws-china:iam::493827160542:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fixed: "arn:aws-cn:iam::493827160542:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Use the partition of the cluster's region: `aws`, `aws-cn` (China) or `aws-us-gov` (GovCloud).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(arn) = &cx.p.arn else { return };
    let part = &arn.partition;
    if part.placeholder.is_some() || Partition::from_id(&part.text).is_some() {
        return;
    }
    if UNCHECKED_PARTITIONS.contains(&part.text.as_str()) {
        sink.report(
            &RULE,
            cx.path("partition"),
            format!(
                "Partition `{}` exists, but eksplain does not know its EKS issuer hosts, so the host and region are not checked.",
                part.text
            ),
        )
        .at(cx.at(part))
        .with_severity(Severity::Info)
        .with_help("Nothing to fix if this is an isolated or sovereign partition; compare with `aws iam list-open-id-connect-providers` in that partition.");
        return;
    }
    let implied =
        cx.p.region
            .as_ref()
            .and_then(|r| r.real())
            .map(crate::core::oidc::partition::implied_by_region)
            .or(cx.p.host_partition);
    let ids: Vec<&str> = Partition::ALL.iter().map(|p| p.id()).collect();
    let suggestion = implied
        .map(|p| p.id())
        .or_else(|| crate::core::suggest::closest(&part.text, &ids));
    let f = sink
        .report(
            &RULE,
            cx.path("partition"),
            format!(
                "`{}` is not an AWS partition; ARNs use `aws`, `aws-cn` (China) or `aws-us-gov` (GovCloud).",
                part.text
            ),
        )
        .at(cx.at(part));
    if let Some(s) = suggestion {
        f.with_help(format!(
            "Use `arn:{s}:…`: that is the partition of this issuer's region."
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, findings};

    #[test]
    fn fires_on_the_partition_field() {
        assert_eq!(columns_of("OIDC005", super::RULE.example), vec![5]);
    }

    #[test]
    fn isolated_partitions_are_info() {
        let iso = "arn:aws-iso:iam::493827160542:oidc-provider/oidc.eks.us-iso-east-1.c2s.ic.gov/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8";
        let f: Vec<_> = findings(iso)
            .into_iter()
            .filter(|f| f.0 == "OIDC005")
            .collect();
        assert_eq!(f[0].3, "info");
    }

    #[test]
    fn quiet_for_known_partitions() {
        assert!(columns_of("OIDC005", super::RULE.fixed).is_empty());
    }
}
