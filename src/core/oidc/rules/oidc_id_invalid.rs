use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC011",
    name: "oidc-id-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The OIDC ID is not 32 hexadecimal characters.",
    what: "Checks the ID after `/id/`: EKS issues 32 hexadecimal characters (`0-9`, `A-F`). Flags IDs that are \
           shorter or longer — usually cut off while copying — or contain other characters, such as the letter \
           `O` typed for a zero.",
    why: "The ID is what tells one cluster's issuer from another's. A wrong ID names a provider that does not \
          exist (`InvalidIdentityToken: No OpenIDConnect provider found`) or, in a trust policy, a condition no \
          token satisfies.",
    example: "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7\n",
    fixed: "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Copy the whole ID from `aws eks describe-cluster --name CLUSTER --query cluster.identity.oidc.issuer --output text`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    if !cx.p.is_eks() {
        return;
    }
    let Some(piece) = &cx.p.id else { return };
    let Some(id) = piece.real() else { return };
    let len = id.chars().count();
    let bad = id.char_indices().find(|(_, c)| !c.is_ascii_hexdigit());
    let (message, offset) = if let Some((i, c)) = bad {
        let hint = if c == 'O' || c == 'o' {
            " (the letter O where a zero belongs?)"
        } else {
            ""
        };
        (
            format!("The OIDC ID `{id}` contains `{c}`{hint}: EKS OIDC IDs are hexadecimal, `0-9` and `A-F`."),
            piece.offset + i,
        )
    } else if len != 32 {
        let cut = if len < 32 {
            " — it was probably cut off while copying"
        } else {
            ""
        };
        (
            format!("The OIDC ID `{id}` has {len} characters; EKS OIDC IDs have 32{cut}."),
            piece.offset,
        )
    } else {
        return;
    };
    sink.report(&RULE, cx.path("id"), message)
        .at(Some(cx.p.pos(offset)));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_on_a_short_id() {
        assert_eq!(columns_of("OIDC011", super::RULE.example), vec![45]);
        assert!(messages_of("OIDC011", super::RULE.example)[0].contains("30 characters"));
    }

    #[test]
    fn points_at_a_non_hex_character() {
        let t = "https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F7O8192A3B4C5D6E7F8";
        assert_eq!(columns_of("OIDC011", t), vec![60]);
        assert!(messages_of("OIDC011", t)[0].contains("letter O"));
    }

    #[test]
    fn quiet_for_32_hex() {
        assert!(columns_of("OIDC011", super::RULE.fixed).is_empty());
    }
}
