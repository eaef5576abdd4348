use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC012",
    name: "oidc-id-lowercase",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The OIDC ID is in lowercase; EKS writes it in uppercase.",
    what: "Flags OIDC IDs with lowercase hex letters. In a condition key this is info only; in an ARN or issuer \
           URL it is a warning.",
    why: "EKS writes the ID in uppercase in the issuer URL and in every token's `iss`. The OpenID Connect spec \
          defines `iss` as a case-sensitive URL, and STS finds the IAM provider by the token's `iss`, so a \
          provider registered with the lowercased URL — or a `Federated` ARN naming one — is not the one the \
          tokens name. Condition-key names, on the other hand, are compared case-insensitively by IAM (its \
          documentation says so for all context keys), so a lowercase ID in `…/id/ID:sub` still matches. \
          Lowercase IDs usually come from a `lower()` in Terraform or from an endpoint host name copied by hand.",
    example: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5a1f2b3c4d5e6f708192a3b4c5d6e7f8\n",
    fixed: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Write the ID in uppercase, exactly as `aws eks describe-cluster --query cluster.identity.oidc.issuer` prints it.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    if !cx.p.is_eks() {
        return;
    }
    let Some(piece) = &cx.p.id else { return };
    let Some(id) = piece.real() else { return };
    if id.len() != 32
        || !id.bytes().all(|b| b.is_ascii_hexdigit())
        || !id.bytes().any(|b| b.is_ascii_lowercase())
    {
        return;
    }
    let upper = id.to_ascii_uppercase();
    let (severity, message) = if cx.p.form == Form::ConditionKey {
        (
            Severity::Info,
            format!("The OIDC ID `{id}` is in lowercase. Harmless in a condition key (IAM compares key names case-insensitively), but the provider ARN and issuer use `{upper}`."),
        )
    } else {
        (
            Severity::Warning,
            format!("The OIDC ID `{id}` is in lowercase, but EKS writes `{upper}` in tokens' `iss`, which is case-sensitive: a provider registered or named with the lowercase ID does not match the tokens."),
        )
    };
    let f = sink
        .report(&RULE, cx.path("id"), message)
        .at(cx.at(piece))
        .with_severity(severity);
    if let Some(fixed) = cx.use_instead() {
        f.with_help(format!("Use `{fixed}`."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, messages_of};

    #[test]
    fn fires_on_the_id_as_a_warning() {
        let f: Vec<_> = findings(super::RULE.example)
            .into_iter()
            .filter(|f| f.0 == "OIDC012")
            .collect();
        assert_eq!((f[0].2, f[0].3), (Some(77), "warning"));
    }

    #[test]
    fn only_info_in_a_condition_key() {
        let key = "oidc.eks.eu-west-1.amazonaws.com/id/5a1f2b3c4d5e6f708192a3b4c5d6e7f8:sub";
        let f: Vec<_> = findings(key)
            .into_iter()
            .filter(|f| f.0 == "OIDC012")
            .collect();
        assert_eq!(f[0].3, "info");
    }

    #[test]
    fn quiet_for_uppercase() {
        assert!(messages_of("OIDC012", super::RULE.fixed).is_empty());
    }
}
