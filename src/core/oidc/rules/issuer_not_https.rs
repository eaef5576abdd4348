use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC014",
    name: "issuer-not-https",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The issuer URL uses `http://`.",
    what: "Flags issuer URLs starting with `http://`.",
    why: "IAM only registers OIDC providers whose URL begins with `https://`, and EKS issuers are always \
          `https://oidc.eks…`. An `http://` URL cannot be registered and never equals a token's `iss`.",
    example: "http://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fixed: "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Use `https://`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    if cx.p.form != Form::IssuerUrl {
        return;
    }
    let Some(scheme) = &cx.p.scheme else { return };
    if !scheme.text.eq_ignore_ascii_case("http://") {
        return;
    }
    sink.report(
        &RULE,
        cx.path("scheme"),
        "The issuer URL uses `http://`; IAM accepts only `https://` providers, and tokens' `iss` is `https://…`.",
    )
    .at(cx.at(scheme))
    .with_help(format!("Use `{}`.", cx.p.issuer()));
}

#[cfg(test)]
mod tests {
    use super::super::testing::columns_of;

    #[test]
    fn fires_on_the_scheme() {
        assert_eq!(columns_of("OIDC014", super::RULE.example), vec![1]);
    }

    #[test]
    fn quiet_for_https() {
        assert!(columns_of("OIDC014", super::RULE.fixed).is_empty());
    }
}
