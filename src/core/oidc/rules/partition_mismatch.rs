use super::prelude::*;
use crate::core::oidc::partition::{self, Partition};

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC006",
    name: "partition-mismatch",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The ARN's partition, the issuer host's domain and the region do not belong together.",
    what: "Checks that the partition (`aws`, `aws-cn`, `aws-us-gov`), the issuer host's DNS suffix \
           (`.amazonaws.com`, `.amazonaws.com.cn`) and the region agree: China regions (`cn-…`) use `aws-cn` and \
           `.amazonaws.com.cn`; GovCloud regions (`us-gov-…`) use `aws-us-gov` and `.amazonaws.com`; all others \
           use `aws` and `.amazonaws.com`.",
    why: "Partitions are separate: a provider in China cannot be named with `arn:aws:`, and a China cluster's \
          issuer is never under `.amazonaws.com`. Templates written for the commercial partition and reused in \
          China or GovCloud are the usual cause. The ARN then names no provider and STS answers \
          `InvalidIdentityToken: No OpenIDConnect provider found` or denies the role.",
    example: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.cn-northwest-1.amazonaws.com.cn/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fixed: "arn:aws-cn:iam::493827160542:oidc-provider/oidc.eks.cn-northwest-1.amazonaws.com.cn/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Use the partition and domain of the cluster's region: `arn:aws-cn:` with `.amazonaws.com.cn` in China, `arn:aws-us-gov:` in GovCloud.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let p = cx.p;
    if !p.is_eks() {
        return;
    }
    let host = p.host.text.to_ascii_lowercase();
    let host_cn = host.ends_with(".com.cn");
    let region = p
        .region
        .as_ref()
        .and_then(|r| r.real())
        .filter(|r| partition::is_region_shaped(r));
    let region_part = region.map(partition::implied_by_region);
    let fix = cx.use_instead().map(|f| format!("Use `{f}`."));

    // The classic host's domain against the region. (Dual-stack hosts are
    // rewritten to the classic one by OIDC015's advice anyway.)
    let classic_suffix = [".amazonaws.com.cn", ".amazonaws.com"]
        .into_iter()
        .find(|s| host.ends_with(s));
    if let (Some(rp), Some(suffix)) = (region_part, classic_suffix) {
        if host_cn != (rp == Partition::AwsCn) {
            let suffix_at = p.host.offset + p.host.text.len() - suffix.len() + 1;
            let f = sink
                .report(
                    &RULE,
                    cx.path("host"),
                    format!(
                        "Region {} is in the {} partition, whose issuer hosts end in `.{}`, but this host ends in `{suffix}`.",
                        region.unwrap_or(""),
                        rp.name(),
                        rp.dns_suffix(),
                    ),
                )
                .at(Some(p.pos(suffix_at)));
            if let Some(h) = &fix {
                f.with_help(h.clone());
            }
            return;
        }
    }
    // The ARN's partition against the region (or, without one, the host).
    let Some(arn) = &p.arn else { return };
    let Some(arn_part) = Partition::from_id(&arn.partition.text) else {
        return;
    };
    let actual = region_part.unwrap_or(if host_cn { Partition::AwsCn } else { arn_part });
    if actual == arn_part {
        return;
    }
    let whose = match region {
        Some(r) => format!("region {r}"),
        None => format!("host `{}`", p.host.text),
    };
    let f = sink
        .report(
            &RULE,
            cx.path("partition"),
            format!(
                "The ARN is in partition `{}`, but {whose} is in {} (`{}`): partitions are separate, so this ARN names no provider.",
                arn_part.id(),
                actual.name(),
                actual.id()
            ),
        )
        .at(cx.at(&arn.partition));
    if let Some(h) = fix {
        f.with_help(h);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_on_the_partition_field() {
        assert_eq!(columns_of("OIDC006", super::RULE.example), vec![5]);
    }

    #[test]
    fn fires_on_a_commercial_domain_for_a_china_region() {
        let t = "https://oidc.eks.cn-north-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8";
        assert_eq!(columns_of("OIDC006", t), vec![29]);
        assert!(messages_of("OIDC006", t)[0].contains("end in `.amazonaws.com.cn`"));
    }

    #[test]
    fn govcloud_arn_needs_its_partition() {
        let t = "arn:aws:iam::493827160542:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8";
        assert!(messages_of("OIDC006", t)[0].contains("`aws-us-gov`"));
        let ok = t.replace("arn:aws:", "arn:aws-us-gov:");
        assert!(columns_of("OIDC006", &ok).is_empty());
    }

    #[test]
    fn quiet_when_all_agree() {
        assert!(columns_of("OIDC006", super::RULE.fixed).is_empty());
    }
}
