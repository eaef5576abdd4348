use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "AA001",
    name: "aws-auth-role-arn-with-path",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::AwsAuth,
    summary: "A mapRoles `rolearn` includes the role's path, so it never matches.",
    what: "Flags `rolearn: arn:aws:iam::ACCOUNT:role/PATH/NAME` in mapRoles, including IAM Identity Center roles (`role/aws-reserved/sso.amazonaws.com/…/AWSReservedSSO_…`).",
    why: "STS reports a role session as `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION` — without the path — and the authenticator turns that into `arn:aws:iam::ACCOUNT:role/NAME` before looking it up. An entry with the path is never equal to it, so everyone using the role gets `Unauthorized` (and a node role written this way keeps nodes from joining). EKS access entries accept paths; aws-auth does not.",
    example: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/platform/eks-admins\n      username: admin:{{SessionName}}\n      groups:\n        - eks-admins\n"),
    fixed: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/eks-admins\n      username: admin:{{SessionName}}\n      groups:\n        - eks-admins\n"),
    fix_summary: "Remove the path: `arn:aws:iam::ACCOUNT:role/NAME`.",
};

pub fn check(cx: &AwsAuthCx, sink: &mut Sink) {
    for e in cx.aws.entries.iter().filter(|e| e.kind == Kind::Role) {
        let Some(arn) = e.arn.as_deref().map(str::trim) else {
            continue;
        };
        let Some((head, rest)) = arn.split_once(":role/") else {
            continue;
        };
        if !head.contains(":iam:") || !rest.contains('/') {
            continue;
        }
        let (path, name) = rest.rsplit_once('/').unwrap_or(("", rest));
        let fixed = format!("{head}:role/{name}");
        let sso = if path.starts_with("aws-reserved/sso.amazonaws.com") {
            " (IAM Identity Center creates its roles there; IAM shows the path, STS does not)"
        } else {
            ""
        };
        sink.report(
            &RULE,
            e.field("rolearn"),
            format!("mapRoles[{}] maps `{arn}`, a role ARN with the path `/{path}/`{sso}; sessions of this role are looked up as `{fixed}`, so the entry never matches.", e.index),
        )
        .with_help(format!("Write `rolearn: {fixed}`."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    /// An Identity Center role's path has a region only when Identity
    /// Center lives outside us-east-1: name the path as it is written.
    #[test]
    fn the_message_names_the_path_to_remove() {
        for (path, region) in [
            ("aws-reserved/sso.amazonaws.com/eu-west-1", true),
            ("aws-reserved/sso.amazonaws.com", false),
        ] {
            let text = super::RULE.example.replace(
                "platform/eks-admins",
                &format!("{path}/AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b"),
            );
            let m =
                crate::core::testing::messages_of("AA001", &crate::core::testing::detected(&text));
            assert_eq!(m, vec![format!("mapRoles[0] maps `arn:aws:iam::111122223333:role/{path}/AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b`, a role ARN with the path `/{path}/` (IAM Identity Center creates its roles there; IAM shows the path, STS does not); sessions of this role are looked up as `arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b`, so the entry never matches.")], "region: {region}");
        }
    }

    #[test]
    fn fires_on_the_rolearn_line_inside_the_block() {
        let ex = super::RULE.example;
        assert_eq!(lines_of("AA001", ex), vec![line_of(ex, "rolearn:")]);
        assert!(lines_of("AA001", super::RULE.fixed).is_empty());
    }
}
