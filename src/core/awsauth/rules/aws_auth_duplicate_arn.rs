use super::prelude::*;
use crate::core::awsauth::map::kept;
use crate::core::fxhash::FxHashMap;

pub static RULE: RuleMeta = RuleMeta {
    code: "AA007",
    name: "aws-auth-duplicate-arn",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::AwsAuth,
    summary: "The same ARN is mapped twice: only the later entry counts, or, for mapUsers ARNs that differ in case, either one at random.",
    what: "Looks for two mapRoles (or two mapUsers) entries with the same ARN, compared ignoring case as the authenticator compares callers' ARNs.",
    why: "The authenticator stores mapRoles entries by their lower-cased ARN: a later entry for the same role silently replaces the earlier, so the groups you read first are not the ones applied. It stores mapUsers entries by the ARN as written: an exact repeat replaces the earlier entry, but `user/Alice` and `user/alice` (the same IAM user: IAM names ignore case) are both kept, and each request gets whichever the authenticator finds first, which varies — permissions that come and go. Duplicates appear when tools (eksctl, Terraform, a manual edit) each append their own entry.",
    example: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n    - rolearn: arn:aws:iam::111122223333:role/developers\n      username: dev:{{SessionName}}\n      groups:\n        - viewers\n"),
    fixed: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n        - viewers\n"),
    fix_summary: "Keep one entry per ARN with all the groups it needs.",
};

pub fn check(cx: &AwsAuthCx, sink: &mut Sink) {
    let entries = &cx.aws.entries;
    // The first entry for each ARN, ignoring case (as callers are matched),
    // and for mapUsers also as written (as the authenticator stores them).
    let mut first: FxHashMap<(Kind, String), usize> = FxHashMap::default();
    let mut first_as_written: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, e) in entries.iter().enumerate() {
        // As written: the authenticator keys entries by the (for mapRoles
        // lower-cased) ARN, untrimmed, so `X` and `"X "` are two entries
        // (the second matches nobody, AA008).
        let Some(arn) = e.arn.as_deref().filter(|_| kept(e)) else {
            continue;
        };
        let j = *first.entry((e.kind, arn.to_ascii_lowercase())).or_insert(i);
        if j == i {
            if e.kind == Kind::User {
                first_as_written.insert(arn, i);
            }
            continue;
        }
        // The entry this one replaces (mapRoles: same ARN in any case;
        // mapUsers: the same as written), else the one it competes with.
        let (j, replaced) = match e.kind {
            Kind::Role => (j, true),
            Kind::User => match first_as_written.get(arn) {
                Some(&k) => (k, true),
                None => {
                    first_as_written.insert(arn, i);
                    (j, false)
                }
            },
        };
        let Some(o) = entries.get(j) else { continue };
        let related = sink.locate(&o.path());
        if replaced {
            sink.report(
                &RULE,
                e.field(e.kind.arn_field()),
                format!(
                    "{}[{}] maps `{arn}` again ({}[{}] already does); the authenticator keeps only this later entry, with username `{}` and groups {}.",
                    e.kind.key(), e.index, o.kind.key(), o.index,
                    e.username.as_deref().unwrap_or(""),
                    groups(e),
                ),
            )
            .with_related(related);
            continue;
        }
        let same = e.username == o.username && e.groups == o.groups;
        let outcome = if same {
            "Both give the same username and groups, so nothing changes between requests yet"
                .to_string()
        } else {
            format!(
                "Each request gets either username `{}` with groups {}, or `{}` with {}",
                o.username.as_deref().unwrap_or(""),
                groups(o),
                e.username.as_deref().unwrap_or(""),
                groups(e),
            )
        };
        sink.report(
            &RULE,
            e.field(e.kind.arn_field()),
            format!(
                "mapUsers[{}] maps `{arn}`, which differs from mapUsers[{}]'s `{}` only in case. The authenticator stores mapUsers by the ARN as written, so it keeps both; it matches callers ignoring case and takes whichever of the two it finds first, in no fixed order. {outcome}.",
                e.index, o.index, o.arn.as_deref().unwrap_or(""),
            ),
        )
        .with_severity(if same { Severity::Warning } else { Severity::Error })
        .with_related(related)
        .with_help("Keep one entry for this user, with its ARN written as `aws iam get-user --user-name NAME --query User.Arn` prints it, and the groups it needs.");
    }
}

fn groups(e: &Entry) -> String {
    if e.groups.is_empty() {
        "(none)".to_string()
    } else {
        e.groups.join(", ")
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

    /// aws-iam-authenticator stores mapRoles by `strings.ToLower(RoleARN)`
    /// (the later entry replaces the earlier) but mapUsers by `UserARN` as
    /// written, and looks callers up with `strings.EqualFold` over a Go map:
    /// two mapUsers ARNs differing in case are both kept, and which one
    /// answers is not fixed.
    #[test]
    fn mapusers_arns_differing_in_case_are_both_kept() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/alice\n      username: alice\n      groups:\n        - system:masters\n    - userarn: arn:aws:iam::111122223333:user/Alice\n      username: alice\n      groups:\n        - viewers\n";
        let findings = crate::core::testing::detected(text);
        let rows: Vec<_> = crate::core::testing::full_rows(findings.clone())
            .into_iter()
            .filter(|r| r.0 == "AA007")
            .collect();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].1, Some(line_of(text, "user/Alice")));
        assert_eq!(rows[0].3, "error");
        assert_eq!(rows[0].4, "mapUsers[1] maps `arn:aws:iam::111122223333:user/Alice`, which differs from mapUsers[0]'s `arn:aws:iam::111122223333:user/alice` only in case. The authenticator stores mapUsers by the ARN as written, so it keeps both; it matches callers ignoring case and takes whichever of the two it finds first, in no fixed order. Each request gets either username `alice` with groups system:masters, or `alice` with viewers.");
        // The same mapping twice: only a warning.
        let same = text.replace("- viewers", "- system:masters");
        let f = crate::core::testing::detected(&same);
        assert_eq!(
            crate::core::testing::rows(&f)
                .iter()
                .filter(|r| r.0 == "AA007")
                .map(|r| r.2)
                .collect::<Vec<_>>(),
            vec!["warning"]
        );
        // Written the same: the later replaces the earlier, as in mapRoles.
        let exact = text.replace("user/Alice", "user/alice");
        let m = crate::core::testing::messages_of("AA007", &crate::core::testing::detected(&exact));
        assert_eq!(m, vec!["mapUsers[1] maps `arn:aws:iam::111122223333:user/alice` again (mapUsers[0] already does); the authenticator keeps only this later entry, with username `alice` and groups viewers.".to_string()]);
        // A third entry repeating the second replaces the second, not the first.
        let third = format!("{text}    - userarn: arn:aws:iam::111122223333:user/Alice\n      username: alice\n      groups:\n        - viewers\n");
        let m = crate::core::testing::messages_of("AA007", &crate::core::testing::detected(&third));
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m[1].starts_with("mapUsers[2] maps `arn:aws:iam::111122223333:user/Alice` again (mapUsers[1] already does)"), "{}", m[1]);
    }

    /// An entry the authenticator drops (both `rolearn` and `sso`) replaces
    /// nothing: the earlier entry stays, and AA006 reports the dropped one.
    #[test]
    fn a_dropped_entry_is_no_duplicate() {
        let ex = super::RULE.example.replace(
            "role/developers\n",
            "role/developers\n      sso:\n        permissionSetName: Dev\n        accountID: \"111122223333\"\n",
        );
        assert!(lines_of("AA007", &ex).is_empty());
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
