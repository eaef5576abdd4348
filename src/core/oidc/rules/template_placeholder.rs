use super::prelude::*;
use crate::core::finding::Location;
use crate::core::oidc::placeholder::{how_to_fill, Slot};

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC017",
    name: "template-placeholder",
    severity: Severity::Info,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The provider is a template: placeholders stand where the account, region or ID belong.",
    what: "Recognises placeholders — `<account-id>`, `<region>`, `${AWS_ACCOUNT_ID}`, `$OIDC_ID`, \
           `{{ .Values.accountId }}`, `ACCOUNT_ID`, `region-code`, `XXXXXXXXXXXX` — and says what each stands for \
           and how to find the real value, instead of reporting them as malformed.",
    why: "Runbooks, Terraform, Helm charts and the AWS documentation show provider ARNs as templates. Pasted \
          unfilled, the placeholder ends up in a trust policy where it matches nothing. Recognising it as a \
          template keeps the report about what is actually wrong.",
    example: "arn:aws:iam::<account-id>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>\n",
    fixed: "arn:aws:iam::493827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Fill in each placeholder with the real value.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let p = cx.p;
    let mut found: Vec<(&Piece, Slot, &str)> = Vec::new();
    if let Some(a) = &p.arn {
        found.push((&a.partition, Slot::Partition, "partition"));
        found.push((&a.account, Slot::Account, "account"));
    }
    if let Some(r) = &p.region {
        found.push((r, Slot::Region, "region"));
    }
    if let Some(i) = &p.id {
        found.push((i, Slot::Id, "id"));
    }
    found.retain(|(piece, _, _)| piece.placeholder.is_some_and(|ph| ph.is_template()));
    let Some((first, _, first_key)) = found.first() else {
        return;
    };
    let parts: Vec<String> = found
        .iter()
        .map(|(piece, slot, _)| format!("`{}` for {}", piece.text, how_to_fill(*slot).0))
        .collect();
    let help: Vec<String> = found
        .iter()
        .map(|(piece, slot, _)| format!("`{}`: {}.", piece.text, how_to_fill(*slot).1))
        .collect();
    let f = sink
        .report(
            &RULE,
            cx.path(first_key),
            format!(
                "This is a template with placeholders: {}.",
                parts.join(", ")
            ),
        )
        .at(cx.at(first))
        .with_help(help.join("\n"));
    for (piece, _, key) in found.iter().skip(1) {
        f.with_related(Location {
            path: cx.path(key),
            pos: cx.at(piece),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, messages_of};

    #[test]
    fn one_finding_lists_every_placeholder() {
        let f: Vec<_> = findings(super::RULE.example)
            .into_iter()
            .filter(|f| f.0 == "OIDC017")
            .collect();
        assert_eq!((f.len(), f[0].2), (1, Some(14)));
        let m = &messages_of("OIDC017", super::RULE.example)[0];
        assert!(
            m.contains("`<account-id>` for the 12-digit")
                && m.contains("`<region>`")
                && m.contains("`<id>`"),
            "{m}"
        );
    }

    #[test]
    fn placeholders_are_not_reported_as_garbage() {
        let all = findings(super::RULE.example);
        assert!(all.iter().all(|f| f.3 == "info"), "{all:?}");
        let shell = "arn:aws:iam::${AWS_ACCOUNT_ID}:oidc-provider/oidc.eks.${AWS_REGION}.amazonaws.com/id/${OIDC_ID}";
        assert!(
            findings(shell).iter().all(|f| f.3 == "info"),
            "{:?}",
            findings(shell)
        );
    }

    #[test]
    fn quiet_for_real_values() {
        assert!(messages_of("OIDC017", super::RULE.fixed).is_empty());
    }
}
