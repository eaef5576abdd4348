use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC007",
    name: "scheme-misplaced",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "`https://` inside an OIDC provider ARN or a condition key.",
    what: "Flags `https://` (or `http://`) after `oidc-provider/` in an ARN, and at the start of a trust-policy \
           condition key such as `https://oidc.eks.…/id/ID:sub`.",
    why: "The issuer URL carries `https://`, but IAM names the provider by host and path only: the ARN is \
          `…:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID` and the condition keys are \
          `oidc.eks.REGION.amazonaws.com/id/ID:sub` and `…:aud`. Pasting the issuer URL where the host belongs is \
          one of the most common IRSA mistakes: the ARN names no provider, and a key with the scheme is never \
          present in the request, so `StringEquals` on it never matches and the role cannot be assumed.",
    example: "arn:aws:iam::493827160542:oidc-provider/https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fixed: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Drop `https://`: ARNs and condition keys use the issuer's host and path only.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(scheme) = &cx.p.scheme else { return };
    let what = match cx.p.form {
        Form::Arn => "The ARN contains the issuer URL's scheme",
        Form::ConditionKey => "The condition key starts with the issuer URL's scheme",
        Form::IssuerUrl | Form::HostPath => return,
    };
    let consequence = match cx.p.form {
        Form::Arn => "IAM names providers by host and path only, so this ARN matches no provider",
        _ => "the request's keys are `HOST/id/ID:sub` and `:aud` without it, so this key is never present and the condition never matches",
    };
    let f = sink
        .report(
            &RULE,
            cx.path("scheme"),
            format!("{} `{}`: {consequence}.", what, scheme.text),
        )
        .at(cx.at(scheme));
    if let Some(fixed) = cx.use_instead() {
        f.with_help(format!("Use `{fixed}`."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::columns_of;

    #[test]
    fn fires_where_the_scheme_starts() {
        assert_eq!(columns_of("OIDC007", super::RULE.example), vec![41]);
        let key =
            "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8:sub";
        assert_eq!(columns_of("OIDC007", key), vec![1]);
    }

    #[test]
    fn quiet_for_issuer_urls_and_clean_arns() {
        assert!(columns_of("OIDC007", super::RULE.fixed).is_empty());
        let url = "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8";
        assert!(columns_of("OIDC007", url).is_empty());
    }
}
