use super::prelude::*;
use crate::core::oidc::partition;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC010",
    name: "region-unknown",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The issuer's region is misspelt or not a region eksplain knows.",
    what: "Checks the region label of the issuer host against the regions of each partition (embedded, current \
           as of late 2025, including ap-southeast-5/6/7, ap-east-2, mx-central-1, ca-west-1 and il-central-1). A \
           label that is not shaped like a region (`us-east1`, `useast-1`, `US-EAST-1`) is an error; a well-formed \
           region that is not listed is a warning, since AWS opens new regions.",
    why: "The issuer host names the cluster's region exactly as EKS writes it, in lowercase. A misspelt region \
          makes a different string: the provider it names does not exist, and condition keys never match.",
    example: "https://oidc.eks.eu-west1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fixed: "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Write the region as EKS does (`us-east-1`); it is in the cluster's ARN.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(piece) = &cx.p.region else { return };
    let Some(region) = piece.real() else { return };
    if partition::of_region(region).is_some() {
        return;
    }
    let lower = region.to_ascii_lowercase();
    let (severity, message, help) = if lower != region && partition::is_region_shaped(&lower) {
        (
            Severity::Warning,
            format!("The region `{region}` is not in lowercase; EKS writes `{lower}`, and the provider's URL and condition keys are compared as written."),
            format!("Write `{lower}`."),
        )
    } else if partition::is_region_shaped(region) {
        (
            Severity::Warning,
            format!("`{region}` is not a region eksplain knows (its list is from late 2025); if AWS opened it since, ignore this."),
            "Check the region in the cluster's ARN: `aws eks describe-cluster --name CLUSTER --query cluster.arn --output text`.".to_string(),
        )
    } else {
        let all = partition::all_regions();
        let squeezed: String = lower.chars().filter(|c| *c != '-').collect();
        let suggestion = all
            .iter()
            .find(|r| r.replace('-', "") == squeezed)
            .copied()
            .or_else(|| crate::core::suggest::closest(&lower, &all));
        let help = match suggestion {
            Some(s) => format!("Did you mean `{s}`?"),
            None => "Write the region as EKS does (`us-east-1`); it is in the cluster's ARN."
                .to_string(),
        };
        (
            Severity::Error,
            format!("`{region}` is not a region name: regions read like `us-east-1` (area, direction, number)."),
            help,
        )
    };
    sink.report(&RULE, cx.path("region"), message)
        .at(cx.at(piece))
        .with_severity(severity)
        .with_help(help);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, messages_of};

    #[test]
    fn malformed_region_is_an_error_with_a_suggestion() {
        let f: Vec<_> = findings(super::RULE.example)
            .into_iter()
            .filter(|f| f.0 == "OIDC010")
            .collect();
        assert_eq!((f[0].2, f[0].3), (Some(18), "error"));
        let opts = crate::core::report::Options::default();
        let (all, _) = crate::core::oidc::analyze(super::RULE.example, &opts);
        assert!(all.iter().any(|f| f.help.contains("`eu-west-1`")));
    }

    #[test]
    fn unlisted_region_is_a_warning() {
        let t = "https://oidc.eks.eu-west-9.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8";
        let f: Vec<_> = findings(t)
            .into_iter()
            .filter(|f| f.0 == "OIDC010")
            .collect();
        assert_eq!(f[0].3, "warning");
        assert!(messages_of("OIDC010", t)[0].contains("late 2025"));
    }

    #[test]
    fn quiet_for_new_regions() {
        for r in [
            "ap-southeast-7",
            "mx-central-1",
            "ca-west-1",
            "il-central-1",
            "ap-southeast-5",
        ] {
            let t =
                format!("https://oidc.eks.{r}.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8");
            assert!(messages_of("OIDC010", &t).is_empty(), "{r}");
        }
        assert!(messages_of("OIDC010", super::RULE.fixed).is_empty());
    }
}
