use super::prelude::*;
use crate::core::policy::provider::{arn_problem, corrected_arn, ProviderArn};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP025",
    name: "federated-principal-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A `Federated` principal is not an OIDC provider ARN (an issuer URL, a bare host, `https://` inside the ARN, a trailing slash…).",
    what: "For IRSA, `Federated` is the ARN of the cluster's IAM OIDC provider: \
           `arn:aws:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID`. Flags the issuer URL \
           (`https://…`), the host without the ARN prefix, `https://` inside the ARN, a trailing `/`, \
           `oidc.REGION.eks…` host order, and role ARNs put where a provider belongs; and, as a warning, \
           an EKS OIDC ID written in lowercase (tokens carry it in uppercase).",
    why: "IAM rejects a malformed federated principal (`Invalid principal in policy`). If the value names a \
          provider that does not exist, STS answers every pod with \
          `InvalidIdentityToken: No OpenIDConnect provider found in your account for https://…`.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Use the provider ARN exactly as `aws iam list-open-id-connect-providers` prints it.",
};

pub const AA: Option<Aa> = Aa::error("Invalid federated principal syntax in role trust policy");

pub fn check(cx: &Cx, sink: &mut Sink) {
    let account = crate::core::policy::account_hint(cx.policy);
    for st in &cx.policy.statements {
        for t in st.principals("Federated") {
            let Some(problem) = arn_problem(&t.value) else {
                lowercase_id(t, sink);
                continue;
            };
            let help = match corrected_arn(&t.value, account.as_deref()) {
                Some(fixed) => format!("Write `{fixed}`."),
                None if t.value.starts_with("https://") || t.value.starts_with("oidc") => {
                    let path = t.value.trim_start_matches("https://").trim_end_matches('/');
                    let partition = crate::core::policy::provider::Provider::from_path(path)
                        .map(|p| p.partition())
                        .unwrap_or("aws");
                    format!("Write `arn:{partition}:iam::ACCOUNT_ID:oidc-provider/{path}` with the role's 12-digit account ID.")
                }
                None => RULE.fix_summary.to_string(),
            };
            sink.report(
                &RULE,
                t.path.clone(),
                format!("Federated principal `{}` {problem}.", t.value),
            )
            .at(Some(t.pos))
            .with_help(help);
        }
    }
}

/// An EKS provider ARN with the OIDC ID in lowercase (a `lower()` in
/// Terraform, an ID copied from a host name): tokens carry the uppercase ID
/// in `iss`, so the principal names another provider than theirs.
fn lowercase_id(t: &Text, sink: &mut Sink) {
    let Some(p) = ProviderArn::parse(&t.value) else {
        return;
    };
    let Some(e) = &p.provider.eks else { return };
    let id = e.id.as_str();
    if id.len() != 32
        || !id.bytes().all(|b| b.is_ascii_hexdigit())
        || !id.bytes().any(|b| b.is_ascii_lowercase())
    {
        return;
    }
    let upper = id.to_ascii_uppercase();
    sink.report(
        &RULE,
        t.path.clone(),
        format!(
            "Federated principal `{}` has the OIDC ID in lowercase, but EKS writes `{upper}` in every token's `iss`, which is case-sensitive: this principal does not name the provider the tokens come from.",
            t.value
        ),
    )
    .at(Some(t.pos))
    .with_severity(Severity::Warning)
    .with_help(format!(
        "Write `{}`, with the ID as `aws eks describe-cluster --query cluster.identity.oidc.issuer` prints it.\nIAM Access Analyzer does not report this: the ARN is well formed.",
        t.value.replace(id, &upper)
    ));
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_https_inside_the_arn_and_shows_the_fix() {
        assert_eq!(lines_of("TP025", super::RULE.example), vec![6]);
        assert!(messages_of("TP025", super::RULE.example)[0]
            .contains("Write `arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`"));
    }

    #[test]
    fn warns_on_a_lowercase_oidc_id() {
        let lower = super::RULE.fixed.replacen(
            "EXAMPLED539D4633E53DE1B71EXAMPLE",
            "5c5d3f8b0e2a4f1b9c7d6e5a4b3c2d1e",
            1,
        );
        assert_eq!(lines_of("TP025", &lower), vec![6]);
        let m = &messages_of("TP025", &lower)[0];
        assert!(m.contains("has the OIDC ID in lowercase, but EKS writes `5C5D3F8B0E2A4F1B9C7D6E5A4B3C2D1E` in every token's `iss`"), "{m}");
        assert!(m.contains("Write `arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C5D3F8B0E2A4F1B9C7D6E5A4B3C2D1E`"), "{m}");
        assert!(m.contains("Access Analyzer does not report this"), "{m}");
    }

    #[test]
    fn quiet_for_a_provider_arn_and_other_federations() {
        assert!(lines_of("TP025", super::RULE.fixed).is_empty());
        let cognito = super::RULE.fixed.replace(
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
            "cognito-identity.amazonaws.com",
        );
        assert!(lines_of("TP025", &cognito).is_empty());
    }
}
