use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC013",
    name: "issuer-path-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The issuer's path is not `/id/ID`: the `id` segment or the ID is missing, or something follows it.",
    what: "Checks the path after an EKS issuer host. It must be exactly `/id/` and the OIDC ID. Flags a missing \
           path, a missing `id/` segment, a path ending at `/id/`, and anything after the ID — most often \
           `/.well-known/openid-configuration`, pasted from the discovery document's URL.",
    why: "The issuer, the IAM provider URL and the condition-key prefix all end with the ID. With the discovery \
          path or without `/id/`, the text names a provider that does not exist and keys that no request carries.",
    example: "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8/.well-known/openid-configuration\n",
    fixed: "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "End the issuer with `/id/` and the 32-character OIDC ID, nothing more.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let p = cx.p;
    if !p.is_eks() {
        return;
    }
    let path_at = p.host.offset + p.host.text.len();
    let (message, offset) = if let Some(extra) = &p.extra_path {
        if extra.text.contains(".well-known") {
            (
                format!("`{}` is the discovery document's path; the issuer (and the IAM provider's URL) ends at the OIDC ID.", extra.text),
                extra.offset,
            )
        } else {
            (
                format!(
                    "The path continues after the OIDC ID with `{}`; the issuer ends at the ID.",
                    extra.text
                ),
                extra.offset,
            )
        }
    } else if let Some(id) = &p.id {
        if p.id_label {
            return;
        }
        (
            "The path lacks the `id/` segment: EKS issuers end in `/id/` and the OIDC ID."
                .to_string(),
            id.offset,
        )
    } else if p.id_label {
        (
            "The path ends at `/id/` without the cluster's OIDC ID.".to_string(),
            path_at,
        )
    } else {
        ("The issuer has no path: EKS issuers end in `/id/` and the cluster's 32-character OIDC ID.".to_string(), path_at)
    };
    sink.report(&RULE, cx.path("path"), message)
        .at(Some(p.pos(offset)))
        .with_help(cx.use_instead_or_copy());
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_on_the_discovery_path() {
        assert_eq!(columns_of("OIDC013", super::RULE.example), vec![77]);
        assert!(messages_of("OIDC013", super::RULE.example)[0].contains("discovery"));
    }

    #[test]
    fn fires_without_id_segment_or_id() {
        let t = "https://oidc.eks.eu-west-1.amazonaws.com/5A1F2B3C4D5E6F708192A3B4C5D6E7F8";
        assert!(messages_of("OIDC013", t)[0].contains("lacks the `id/`"));
        let t = "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com";
        assert!(messages_of("OIDC013", t)[0].contains("no path"));
    }

    #[test]
    fn quiet_for_a_clean_path() {
        assert!(columns_of("OIDC013", super::RULE.fixed).is_empty());
    }
}
