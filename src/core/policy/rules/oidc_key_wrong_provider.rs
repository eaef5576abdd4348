use super::prelude::*;
use crate::core::policy::keys::{self, KeyKind};
use crate::core::policy::provider::{Provider, ProviderArn};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP027",
    name: "oidc-key-wrong-provider",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A `:sub`/`:aud` condition key does not name the provider in the principal (`https://` in the key, the full ARN, another cluster's ID).",
    what: "The claims of a web identity token are keyed by the provider's host and path — exactly the part \
           of the provider ARN after `oidc-provider/`: `oidc.eks.REGION.amazonaws.com/id/ID:sub`. Flags keys \
           that start with `https://`, with the whole provider ARN, or with a different cluster ID or region \
           than the `Federated` principal.",
    why: "A key for another provider is never present in the request, so the condition is false and every \
          pod gets `Not authorized to perform sts:AssumeRoleWithWebIdentity` — typical after copying a \
          policy from another cluster and changing only the principal.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub\": \"system:serviceaccount:payments:api\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Key the condition with the principal's provider path: `oidc.eks.REGION.amazonaws.com/id/ID:sub`.",
};

pub const AA: Option<Aa> = None;

/// What is wrong with `prefix` as the key prefix for `want`, if anything.
pub fn problem(prefix: &str, want: &Provider) -> Option<String> {
    // Condition key names are not case-sensitive, so neither is the prefix.
    if prefix.eq_ignore_ascii_case(&want.path) {
        return None;
    }
    let lower = prefix.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        let stripped = prefix.split_once("://").map(|x| x.1).unwrap_or(prefix);
        return Some(match Provider::from_path(stripped) {
            Some(p) if p.path.eq_ignore_ascii_case(&want.path) => {
                "starts with `https://`; condition keys name the provider without a scheme".into()
            }
            _ => format!(
                "starts with `https://` and names a different provider than the principal (`{}`)",
                want.path
            ),
        });
    }
    if lower.starts_with("arn:") {
        return Some(match ProviderArn::parse(prefix) {
            Some(p) if p.provider.path.eq_ignore_ascii_case(&want.path) => "is the provider's whole ARN; condition keys use only the part after `oidc-provider/`".into(),
            _ => format!("is an ARN, and not of the principal's provider (`{}`)", want.path),
        });
    }
    let Some(p) = Provider::from_path(prefix) else {
        return Some(format!(
            "does not name an OIDC provider; the principal's is `{}`",
            want.path
        ));
    };
    Some(match (&p.eks, &want.eks) {
        (Some(a), Some(b)) if a.id != b.id => format!(
            "names cluster ID `{}`, but the principal trusts cluster `{}`: tokens from that cluster never carry this key",
            a.id, b.id
        ),
        (Some(a), Some(b)) if a.region != b.region => format!(
            "names region `{}`, but the principal's provider is in `{}`",
            a.region, b.region
        ),
        _ => format!("names provider `{}`, but the principal trusts `{}`", p.path, want.path),
    })
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        let mut providers: Vec<Provider> = crate::core::policy::oidc_principals(st)
            .into_iter()
            .filter_map(|(_, p)| p.map(|p| p.provider))
            .collect();
        if providers.is_empty() {
            // A near-miss principal (TP025): compare with what it means.
            providers.extend(crate::core::policy::provider_of(st).map(|p| p.provider));
        }
        let Some(want) = providers.first() else {
            continue;
        };
        for c in &st.conditions {
            let KeyKind::Claim { prefix, claim } = keys::classify(&c.key) else {
                continue;
            };
            if providers.iter().any(|p| problem(prefix, p).is_none()) {
                continue;
            }
            let Some(problem) = problem(prefix, want) else {
                continue;
            };
            sink.report(
                &RULE,
                c.path.clone(),
                format!("Condition key `{}` {problem}.", c.key),
            )
            .at(Some(c.key_pos))
            .with_help(format!("Write `{}`.", want.key(claim)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_another_clusters_id() {
        assert_eq!(lines_of("TP027", super::RULE.example), vec![8]);
        assert!(messages_of("TP027", super::RULE.example)[0]
            .contains("names cluster ID `0123456789ABCDEF0123456789ABCDEF`"));
    }

    #[test]
    fn fires_on_https_and_arn_prefixes() {
        let sub = "\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\"";
        let https = super::RULE
            .fixed
            .replace(sub, &sub.replacen('"', "\"https://", 1));
        assert!(messages_of("TP027", &https)[0].contains("without a scheme"));
        let arn = super::RULE.fixed.replace(
            sub,
            &sub.replacen('"', "\"arn:aws:iam::111122223333:oidc-provider/", 1),
        );
        assert!(messages_of("TP027", &arn)[0].contains("whole ARN"));
    }

    #[test]
    fn quiet_for_the_same_provider() {
        assert!(lines_of("TP027", super::RULE.fixed).is_empty());
    }
}
