use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "AA007",
    name: "aws-auth-duplicate-arn",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::AwsAuth,
    summary: "The same ARN is mapped twice; only the later entry counts.",
    what: "Looks for two mapRoles (or two mapUsers) entries with the same ARN, compared case-insensitively like the authenticator.",
    why: "The authenticator keeps one mapping per ARN: the later entry silently replaces the earlier, so the groups you read first are not the ones applied. This happens when tools (eksctl, Terraform, a manual edit) each append their own entry for the same role.",
    example: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n    - rolearn: arn:aws:iam::111122223333:role/developers\n      username: dev:{{SessionName}}\n      groups:\n        - viewers\n"),
    fixed: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n        - viewers\n"),
    fix_summary: "Keep one entry per ARN with all the groups it needs.",
};

pub fn check(cx: &AwsAuthCx, sink: &mut Sink) {
    let entries = &cx.aws.entries;
    for (i, e) in entries.iter().enumerate() {
        // As written: the authenticator keys entries by the lower-cased ARN,
        // untrimmed, so `X` and `"X "` are two entries (the second matches
        // nobody, AA008).
        let Some(arn) = e.arn.as_deref() else {
            continue;
        };
        let earlier = entries[..i].iter().find(|o| {
            o.kind == e.kind
                && o.arn
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(arn))
        });
        if let Some(o) = earlier {
            let related = sink.locate(&o.path());
            sink.report(
                &RULE,
                e.field(e.kind.arn_field()),
                format!(
                    "{}[{}] maps `{arn}` again ({}[{}] already does); the authenticator keeps only this later entry, with username `{}` and groups {}.",
                    e.kind.key(), e.index, o.kind.key(), o.index,
                    e.username.as_deref().unwrap_or(""),
                    if e.groups.is_empty() { "(none)".to_string() } else { e.groups.join(", ") }
                ),
            )
            .with_related(related);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_second_entry() {
        let ex = super::RULE.example;
        assert_eq!(lines_of("AA007", ex), vec![line_of(ex, "role/developers")]);
        assert!(lines_of("AA007", super::RULE.fixed).is_empty());
    }

    #[test]
    fn a_trailing_space_makes_another_entry_not_a_duplicate() {
        let ex = super::RULE.example.replace(
            "rolearn: arn:aws:iam::111122223333:role/developers",
            "rolearn: \"arn:aws:iam::111122223333:role/developers \"",
        );
        assert!(lines_of("AA007", &ex).is_empty());
        assert_eq!(
            lines_of("AA008", &ex),
            vec![line_of(&ex, "role/developers")]
        );
    }
}
