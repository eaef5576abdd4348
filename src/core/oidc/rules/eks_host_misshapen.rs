use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC009",
    name: "eks-host-misshapen",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The issuer host is not `oidc.eks.REGION.amazonaws.com`: labels swapped or missing.",
    what: "Flags EKS issuer hosts in the wrong shape: `oidc.REGION.eks.amazonaws.com` (the labels swapped), \
           `oidc.eks.amazonaws.com` (no region) and `oidc.REGION.amazonaws.com` (no `eks`).",
    why: "EKS issuers are exactly `https://oidc.eks.REGION.amazonaws.com/id/ID` (`.amazonaws.com.cn` in China). \
          The swapped form `oidc.REGION.eks.amazonaws.com` circulates in older READMEs and blog posts and looks \
          right at a glance, but it is a different string: the provider it names does not exist and the trust \
          policy's condition keys never match.",
    example: "arn:aws:iam::493827160542:oidc-provider/oidc.eu-west-1.eks.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fixed: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Write the host as `oidc.eks.REGION.amazonaws.com` (`.amazonaws.com.cn` in China).",
};

/// The labels of the host before its AWS domain.
fn labels(host: &str) -> Vec<String> {
    let h = host.to_ascii_lowercase();
    let head = [
        ".api.amazonwebservices.com.cn",
        ".amazonaws.com.cn",
        ".api.aws",
        ".amazonaws.com",
    ]
    .iter()
    .find_map(|s| h.strip_suffix(s).map(str::to_string))
    .unwrap_or(h);
    head.split('.').map(str::to_string).collect()
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    if cx.p.host_kind != HostKind::Misshapen {
        return;
    }
    let host = &cx.p.host.text;
    let l = labels(host);
    let l: Vec<&str> = l.iter().map(String::as_str).collect();
    let region = cx.p.region().unwrap_or("REGION");
    let how = match l[..] {
        ["oidc", r, "eks"] => format!(
            "swaps `eks` and the region: EKS issuers are `oidc.eks.{r}.…`, not `oidc.{r}.eks.…`"
        ),
        ["oidc", "eks"] => "has no region: EKS issuers are `oidc.eks.REGION.…`".to_string(),
        ["oidc", r] => format!("lacks the `eks` label: EKS issuers are `oidc.eks.{r}.…`"),
        _ => format!("is not of the form `oidc.eks.{region}.amazonaws.com`"),
    };
    sink.report(
        &RULE,
        cx.path("host"),
        format!("The issuer host `{host}` {how}."),
    )
    .at(cx.at(&cx.p.host))
    .with_help(cx.use_instead_or_copy());
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_on_the_host() {
        assert_eq!(columns_of("OIDC009", super::RULE.example), vec![41]);
        assert!(messages_of("OIDC009", super::RULE.example)[0].contains("swaps"));
        let no_region = "https://oidc.eks.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8";
        assert!(messages_of("OIDC009", no_region)[0].contains("has no region"));
    }

    #[test]
    fn quiet_for_the_right_shape() {
        assert!(columns_of("OIDC009", super::RULE.fixed).is_empty());
    }
}
