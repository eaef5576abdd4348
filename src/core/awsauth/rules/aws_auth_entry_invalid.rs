use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "AA006",
    name: "aws-auth-entry-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::AwsAuth,
    summary: "An aws-auth entry the authenticator drops or misreads: no ARN, a misspelt key, a key given twice, or a field of the wrong type.",
    what: "Checks each entry like the authenticator: mapRoles needs `rolearn` (or `sso`, not both), mapUsers needs `userarn`; keys are matched case-insensitively and unknown ones are ignored; a key given twice keeps only its last value; `groups` must be a list. An entry without `username` is kept but maps to an empty user name (a warning).",
    why: "An entry without its ARN is dropped (`one of rolearn or SSO must be supplied`, `value for userarn must be supplied`), typically because the key is misspelt (`rolarn`, `role_arn`) and silently ignored. `groups: system:masters` written as a single value is ignored too, so the identity is authenticated but has no groups — `Forbidden` everywhere. A second `groups:` added below the first (instead of an item added to the list) replaces the first list without any error.",
    example: aws_auth!("    - role_arn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n"),
    fixed: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n"),
    fix_summary: "Give each mapRoles entry `rolearn` (mapUsers: `userarn`), `username` and a `groups` list; remove unknown keys.",
};

pub fn check(cx: &AwsAuthCx, sink: &mut Sink) {
    for e in &cx.aws.entries {
        let who = format!("{}[{}]", e.kind.key(), e.index);
        if e.not_a_mapping {
            sink.report(&RULE, e.path(), format!("{who} is not a mapping of keys (`- rolearn: …`); the authenticator cannot read it."));
            continue;
        }
        let known: &[&str] = match e.kind {
            Kind::Role => &["rolearn", "username", "groups", "userid", "sso"],
            Kind::User => &["userarn", "username", "groups", "userid"],
        };
        // `userarn` in a mapRoles entry (or `rolearn` in mapUsers): the
        // other list's key. The ARN key of each list is fixed, whatever the
        // ARN; the authenticator looks a caller up in both lists.
        let other = match e.kind {
            Kind::Role => Kind::User,
            Kind::User => Kind::Role,
        };
        let swapped = e
            .unknown_keys
            .iter()
            .find(|k| k.eq_ignore_ascii_case(other.arn_field()));
        if let (Some(k), None) = (swapped, &e.arn) {
            sink.report(
                &RULE,
                e.field(k),
                format!(
                    "{who} uses `{k}`, the key of {} entries; in {} the key is `{}`, so the authenticator finds no ARN and drops the entry.",
                    other.key(),
                    e.kind.key(),
                    e.kind.arn_field()
                ),
            )
            .with_help(format!(
                "Rename the key to `{}` (any IAM role or user ARN may stand in either list: the authenticator looks callers up in both), or move the entry to {}.",
                e.kind.arn_field(),
                other.key()
            ));
        }
        for k in &e.unknown_keys {
            if swapped == Some(k) && e.arn.is_none() {
                continue;
            }
            let hint =
                crate::core::suggest::closest(&k.to_ascii_lowercase().replace('_', ""), known)
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
            sink.report(
                &RULE,
                e.field(k),
                format!("{who} has the key `{k}`, which the authenticator ignores{hint}."),
            );
        }
        for k in &e.overridden_keys {
            let kept = match k.to_ascii_lowercase().as_str() {
                "groups" if e.groups.is_empty() => " (no groups)".to_string(),
                "groups" => format!(" (groups {})", e.groups.join(", ")),
                "username" => e
                    .username
                    .as_deref()
                    .map(|u| format!(" (`{u}`)"))
                    .unwrap_or_default(),
                "rolearn" | "userarn" => e
                    .arn
                    .as_deref()
                    .map(|a| format!(" (`{a}`)"))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            sink.report(
                &RULE,
                e.field(k),
                format!("{who} gives `{k}` twice; the authenticator keeps only this last value{kept} and ignores the earlier one."),
            )
            .with_help(format!("Keep one `{k}` in the entry: merge the two values (for `groups`, one list with every group) and delete the other."));
        }
        for b in &e.bad_fields {
            sink.report(
                &RULE,
                e.field(&b.key),
                format!("{who}: `{}` {}.", b.key, b.why),
            );
        }
        let missing = match e.kind {
            Kind::Role if e.arn.is_some() && e.sso.is_some() => Some("has both `rolearn` and `sso`; only one is allowed (`only one of rolearn or SSO can be supplied`), so it is dropped".to_string()),
            _ if swapped.is_some() && e.arn.is_none() => None,
            Kind::Role if e.arn.is_none() && e.sso.is_none() => Some("has no `rolearn` (or `sso`); the authenticator drops it (`one of rolearn or SSO must be supplied`)".to_string()),
            Kind::User if e.arn.is_none() => Some("has no `userarn`; the authenticator drops it (`value for userarn must be supplied`)".to_string()),
            _ => None,
        };
        let dropped = missing.is_some() || (swapped.is_some() && e.arn.is_none());
        if let Some(m) = missing {
            sink.report(&RULE, e.path(), format!("{who} {m}."));
        }
        if !dropped {
            no_username(e, &who, sink);
        }
    }
}

/// An entry without `username` is kept: the authenticator renders the
/// missing template as an empty string and the API server accepts an
/// authenticated user with an empty name. Only its groups then carry
/// permissions.
fn no_username(e: &Entry, who: &str, sink: &mut Sink) {
    if e.username.as_deref().is_some_and(|u| !u.trim().is_empty()) {
        return;
    }
    // A misspelt `username` key is already reported with its correction.
    let misspelt = e.unknown_keys.iter().any(|k| {
        crate::core::suggest::closest(
            &k.to_ascii_lowercase().replace(['_', '-'], ""),
            &["username"],
        )
        .is_some()
    });
    if misspelt {
        return;
    }
    let groups = if e.groups.is_empty() {
        "it has no groups either, so it can do nothing".to_string()
    } else {
        format!("only its groups ({}) grant anything", e.groups.join(", "))
    };
    let example = match e.kind {
        Kind::Role => {
            let role = e
                .arn
                .as_deref()
                .and_then(|a| a.rsplit('/').next())
                .filter(|r| !r.is_empty() && !r.contains(':'))
                .unwrap_or("ROLE");
            format!("`username: {role}:{{{{SessionName}}}}` (the session name tells the people or pods using the role apart)")
        }
        Kind::User => {
            let user = e
                .arn
                .as_deref()
                .and_then(|a| a.rsplit('/').next())
                .filter(|u| !u.is_empty() && !u.contains(':'))
                .unwrap_or("NAME");
            format!("`username: {user}`")
        }
    };
    sink.report(
        &RULE,
        e.path(),
        format!("{who} has no `username`: the authenticator still accepts the entry and gives Kubernetes an empty user name, which no RoleBinding can name and audit logs show blank; {groups}."),
    )
    .with_severity(Severity::Warning)
    .with_help(format!("Add {example}."));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_misspelt_key_and_the_entry() {
        let ex = super::RULE.example;
        let l = line_of(ex, "role_arn");
        assert_eq!(lines_of("AA006", ex), vec![l, l]);
        assert!(lines_of("AA006", super::RULE.fixed).is_empty());
    }

    /// No `username`: kept, with an empty user name (aws-iam-authenticator
    /// validates only the ARN; the API server takes the empty name).
    #[test]
    fn an_entry_without_username_warns_that_the_name_is_empty() {
        let text = crate::core::awsauth::rules::aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/Developers\n      groups:\n        - developers\n    - rolearn: arn:aws:iam::111122223333:role/ReadOnly\n      username: \"\"\n      groups: []\n");
        let findings = crate::core::testing::detected(text);
        let rows = crate::core::testing::full_rows(findings.clone());
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].1, Some(line_of(text, "role/Developers")));
        assert_eq!(rows[0].3, "warning");
        assert_eq!(rows[0].4, "mapRoles[0] has no `username`: the authenticator still accepts the entry and gives Kubernetes an empty user name, which no RoleBinding can name and audit logs show blank; only its groups (developers) grant anything.");
        assert_eq!(findings[0].help, "Add `username: Developers:{{SessionName}}` (the session name tells the people or pods using the role apart).");
        assert!(
            rows[1]
                .4
                .ends_with("it has no groups either, so it can do nothing."),
            "{}",
            rows[1].4
        );
        assert_eq!(
            findings[1].help,
            "Add `username: ReadOnly:{{SessionName}}` (the session name tells the people or pods using the role apart)."
        );
        // A misspelt key is reported as such, once.
        let misspelt = text.replace(
            "      groups:\n        - developers",
            "      user_name: dev\n      groups:\n        - developers",
        );
        let f = crate::core::testing::detected(&misspelt);
        assert!(f[0].message.contains("has the key `user_name`, which the authenticator ignores (did you mean `username`?)"), "{}", f[0].message);
        assert!(!f
            .iter()
            .any(|f| f.message.starts_with("mapRoles[0] has no `username`")));
    }

    /// `userarn` in mapRoles is one mistake, reported once, with its fix.
    #[test]
    fn the_other_lists_arn_key_is_named_once() {
        let text = crate::core::awsauth::rules::aws_auth!("    - userarn: arn:aws:iam::111122223333:user/alice\n      username: alice\n      groups:\n        - devs\n");
        let findings = crate::core::testing::detected(text);
        assert_eq!(
            crate::core::testing::full_rows(findings.clone()),
            vec![(
                "AA006",
                Some(line_of(text, "userarn")),
                Some(7),
                "error",
                "mapRoles[0] uses `userarn`, the key of mapUsers entries; in mapRoles the key is `rolearn`, so the authenticator finds no ARN and drops the entry.".to_string(),
            )]
        );
        assert!(findings[0].help.starts_with("Rename the key to `rolearn`"));
    }

    /// The authenticator's YAML-to-JSON is not strict: a key given twice keeps
    /// its last value, and the block (with every other entry) is still read.
    #[test]
    fn a_key_given_twice_keeps_the_last_value_and_the_block() {
        let text = crate::core::awsauth::rules::aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/eks-node\n      username: system:node:{{EC2PrivateDNSName}}\n      groups:\n        - system:nodes\n    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n      groups:\n        - viewers\n");
        let findings = crate::core::testing::detected(text);
        let second_groups = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == "groups:")
            .nth(2)
            .map(|(i, _)| i as u32 + 1);
        assert_eq!(
            crate::core::testing::full_rows(findings),
            vec![(
                "AA006",
                second_groups,
                Some(7),
                "error",
                "mapRoles[1] gives `groups` twice; the authenticator keeps only this last value (groups viewers) and ignores the earlier one.".to_string(),
            )]
        );
        let a = crate::core::awsauth::parse_text(text).unwrap();
        assert_eq!(a.entries.len(), 2);
        // Equal values given twice change nothing.
        let same = text.replace("- viewers", "- developers");
        assert!(lines_of("AA006", &same).is_empty());
    }
}
