use super::prelude::*;
use crate::core::awsauth::map::PARTITIONS;

pub static RULE: RuleMeta = RuleMeta {
    code: "AA008",
    name: "aws-auth-arn-not-a-principal",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::AwsAuth,
    summary: "A `rolearn` or `userarn` is not the ARN of an IAM role or user (an instance profile, an IAM group, a role ID, a mistyped account), so it never matches.",
    what: "Checks that each `rolearn`/`userarn` has the shape of an ARN STS can report for a caller: `arn:PARTITION:iam::ACCOUNT:role/NAME`, `…:user/PATH/NAME` or `…:root`, with a 12-digit account, an empty region field and no whitespace around it. Flags instance-profile and group ARNs, bare names and IDs, and ARNs with a region or a short account ID. (STS session ARNs and role paths have their own rules, AA002 and AA001.)",
    why: "The authenticator compares the caller's ARN, as STS reports it, with each entry, character for character (ignoring case). A node presents its role, never its instance profile (`instance-profile/…`, copied from the EC2 console), so nodes mapped that way never join. IAM groups are not principals: STS reports the user, never a group it belongs to, so `group/…` maps nobody. A role name or ID (`AROA…`), an 11-digit account or `arn:aws:iam:us-east-1:…` can never be equal to a caller's ARN either.",
    example: aws_auth!("    - rolearn: arn:aws:iam::111122223333:instance-profile/eks-node-profile\n      username: system:node:{{EC2PrivateDNSName}}\n      groups:\n        - system:bootstrappers\n        - system:nodes\n"),
    fixed: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/eks-node-role\n      username: system:node:{{EC2PrivateDNSName}}\n      groups:\n        - system:bootstrappers\n        - system:nodes\n"),
    fix_summary: "Map the IAM role (or user) itself: `arn:aws:iam::ACCOUNT:role/NAME`, as `aws iam get-role --role-name NAME --query Role.Arn` prints it (without the path).",
};

/// Why `arn` can never equal an ARN STS reports for a caller, or `None` when
/// it can (or another rule says why not).
fn never_matches(arn: &str) -> Option<(String, Option<String>)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", partition, service, region, account, resource] = parts[..] else {
        return Some((
            "is not an ARN (`arn:aws:iam::ACCOUNT:role/NAME`)".into(),
            None,
        ));
    };
    if !PARTITIONS.contains(&partition) {
        return Some((format!("has the partition `{partition}`, which is none of AWS's (`aws`, `aws-cn`, `aws-us-gov`, …)"), None));
    }
    if service == "sts" {
        return None; // assumed-role: AA002; federated-user: a valid caller.
    }
    if service != "iam" {
        return Some((
            format!("is an ARN of the `{service}` service, not an IAM role or user"),
            None,
        ));
    }
    let (kind, name) = resource.split_once('/').unwrap_or((resource, ""));
    let fixed_account = if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        None
    } else {
        Some(account)
    };
    let canonical =
        |kind: &str, name: &str| format!("arn:{partition}:iam::{account}:{kind}/{name}");
    match kind {
        "role" | "user" if name.is_empty() => {
            return Some((format!("names no {kind} after `{kind}/`"), None))
        }
        "role" | "user" | "root" => {}
        "instance-profile" => {
            return Some((
                "is an instance profile: nodes (and anything else on EC2) call AWS as the role inside the profile, never as the profile".into(),
                Some(format!("Map the profile's role: `aws iam get-instance-profile --instance-profile-name {} --query 'InstanceProfile.Roles[].Arn'` prints it (write it without its path).", name.rsplit('/').next().unwrap_or(name))),
            ))
        }
        "group" => {
            return Some((
                "is an IAM group: STS reports the user who calls, never the groups the user is in".into(),
                Some("Map each user in mapUsers, or better, give the group permission to assume a role and map that role in mapRoles.".into()),
            ))
        }
        _ => {
            return Some((
                format!("is an IAM `{kind}`, not a role or user"),
                None,
            ))
        }
    }
    if let Some(acct) = fixed_account {
        return Some((
            format!("has the account ID `{acct}` (account IDs have exactly 12 digits)"),
            Some("Copy the account ID from `aws sts get-caller-identity --query Account` (keep leading zeros).".into()),
        ));
    }
    if !region.is_empty() {
        return Some((
            format!("has the region `{region}` (IAM is global: its ARNs read `iam::ACCOUNT`)"),
            Some(format!("Write `{}`.", canonical(kind, name))),
        ));
    }
    None
}

pub fn check(cx: &AwsAuthCx, sink: &mut Sink) {
    for e in &cx.aws.entries {
        let Some(raw) = e.arn.as_deref() else {
            continue;
        };
        let arn = raw.trim();
        let found = if arn != raw && never_matches(arn).is_none() {
            Some((
                "has a space (or line break) before or after it, inside the quotes: the authenticator compares the value as written".into(),
                Some(format!("Write `{arn}` without the surrounding whitespace.")),
            ))
        } else {
            never_matches(arn)
        };
        let Some((why, help)) = found else {
            continue;
        };
        let f = sink.report(
            &RULE,
            e.field(e.kind.arn_field()),
            format!(
                "{}[{}] maps `{arn}`, which {why}. No caller's ARN is ever equal to it: this entry maps nobody.",
                e.kind.key(),
                e.index
            ),
        );
        if let Some(h) = help {
            f.with_help(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};
    use super::never_matches;

    #[test]
    fn fires_on_the_instance_profile_arn() {
        let ex = super::RULE.example;
        assert_eq!(lines_of("AA008", ex), vec![line_of(ex, "instance-profile")]);
        assert!(lines_of("AA008", super::RULE.fixed).is_empty());
    }

    #[test]
    fn says_why_each_shape_never_matches() {
        let why = |a: &str| never_matches(a).map(|(w, _)| w);
        for ok in [
            "arn:aws:iam::111122223333:role/Admin",
            "arn:aws:iam::111122223333:user/ops/alice",
            "arn:aws:iam::111122223333:root",
            "arn:aws-cn:iam::111122223333:role/eks-node",
            "arn:aws-us-gov:iam::111122223333:role/gov/path/eks-node",
            "arn:aws:sts::111122223333:assumed-role/Admin/jane",
            "arn:aws:sts::111122223333:federated-user/bob",
        ] {
            assert_eq!(why(ok), None, "{ok}");
        }
        assert!(why("AROAEXAMPLEID1234567").unwrap().contains("not an ARN"));
        assert!(why("eks-admins").unwrap().contains("not an ARN"));
        assert!(why("arn:aws:iam::111122223333:group/Admins")
            .unwrap()
            .contains("IAM group"));
        assert!(why("arn:aws:iam::11112222333:role/Admin")
            .unwrap()
            .contains("`11112222333`"));
        assert!(why("arn:aws:iam:us-east-1:111122223333:role/Admin")
            .unwrap()
            .contains("`us-east-1`"));
        assert!(why("arn:aws:iam::111122223333:policy/Admin")
            .unwrap()
            .contains("`policy`"));
        assert!(why("arn:aws:eks:eu-west-1:111122223333:cluster/prod")
            .unwrap()
            .contains("`eks`"));
        assert!(why("arn:aws:iam::111122223333:role/")
            .unwrap()
            .contains("names no role"));
    }

    #[test]
    fn a_quoted_arn_with_a_trailing_space_is_flagged() {
        let text = crate::core::awsauth::rules::aws_auth!("    - rolearn: \"arn:aws:iam::111122223333:role/ReadOnly \"\n      username: ro:{{SessionName}}\n      groups:\n        - viewers\n");
        let findings = crate::core::testing::detected(text);
        assert_eq!(lines_of("AA008", text), vec![line_of(text, "ReadOnly")]);
        assert_eq!(
            crate::core::testing::messages_of("AA008", &findings),
            vec!["mapRoles[0] maps `arn:aws:iam::111122223333:role/ReadOnly`, which has a space (or line break) before or after it, inside the quotes: the authenticator compares the value as written. No caller's ARN is ever equal to it: this entry maps nobody.".to_string()]
        );
    }

    #[test]
    fn the_help_names_the_profile_to_look_up() {
        let findings = crate::core::testing::detected(super::RULE.example);
        let help: Vec<&str> = findings.iter().map(|f| f.help.as_str()).collect();
        assert_eq!(help, vec!["Map the profile's role: `aws iam get-instance-profile --instance-profile-name eks-node-profile --query 'InstanceProfile.Roles[].Arn'` prints it (write it without its path)."]);
    }
}
