use super::prelude::*;
use crate::core::oidc::placeholder::Placeholder;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC018",
    name: "documentation-example",
    severity: Severity::Info,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The provider uses the AWS documentation's example account or OIDC ID.",
    what: "Recognises the values the AWS documentation uses in examples: the accounts `111122223333` and \
           `123456789012`, and the OIDC ID `EXAMPLED539D4633E53DE1B71EXAMPLE`.",
    why: "Copied examples are easy to miss because they look real. The example OIDC ID is not even hexadecimal, \
          so it can never name a cluster; an example account ID is almost certainly not yours.",
    example: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.region-code.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\n",
    fixed: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Replace the example values with your account ID and your cluster's OIDC ID.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let p = cx.p;
    let mut found: Vec<(&Piece, &str, &str)> = Vec::new();
    if let Some(a) = &p.arn {
        found.push((&a.account, "account", "account ID"));
    }
    if let Some(i) = &p.id {
        found.push((i, "id", "OIDC ID"));
    }
    for (piece, key, what) in found {
        if piece.placeholder != Some(Placeholder::DocExample) {
            continue;
        }
        let help = if key == "id" {
            "Use your cluster's ID: the last segment of `aws eks describe-cluster --name CLUSTER --query cluster.identity.oidc.issuer --output text`."
        } else {
            "Use your account ID: `aws sts get-caller-identity --query Account --output text`."
        };
        sink.report(
            &RULE,
            cx.path(key),
            format!(
                "`{}` is the example {what} from the AWS documentation, not a real one.",
                piece.text
            ),
        )
        .at(cx.at(piece))
        .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::columns_of;

    #[test]
    fn fires_on_each_example_value() {
        assert_eq!(columns_of("OIDC018", super::RULE.example), vec![14, 79]);
    }

    #[test]
    fn quiet_for_real_values() {
        assert!(columns_of("OIDC018", super::RULE.fixed).is_empty());
    }
}
