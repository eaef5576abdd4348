use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "AA002",
    name: "aws-auth-session-arn",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::AwsAuth,
    summary: "An entry maps an STS session ARN (`arn:aws:sts::…:assumed-role/…`), which never matches.",
    what: "Flags `rolearn` or `userarn` values that are STS ARNs, typically copied from `aws sts get-caller-identity`.",
    why: "The authenticator converts the caller's assumed-role ARN to the IAM role ARN (`arn:aws:iam::ACCOUNT:role/NAME`) before the lookup, so an entry holding the STS form is never equal to anything: the role's users get `Unauthorized`.",
    example: aws_auth!("    - rolearn: arn:aws:sts::111122223333:assumed-role/Developers/jane@example.com\n      username: jane\n      groups:\n        - developers\n"),
    fixed: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n"),
    fix_summary: "Map the role: `rolearn: arn:aws:iam::ACCOUNT:role/NAME` (use `{{SessionName}}` in the username to tell sessions apart).",
};

pub fn check(cx: &AwsAuthCx, sink: &mut Sink) {
    for e in &cx.aws.entries {
        let Some(arn) = e.arn.as_deref().map(str::trim) else {
            continue;
        };
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let [_, partition, "sts", _, account, resource] = parts[..] else {
            continue;
        };
        let help = match resource
            .strip_prefix("assumed-role/")
            .and_then(|r| r.split('/').next())
        {
            Some(role) => {
                format!("Write `rolearn: arn:{partition}:iam::{account}:role/{role}` in mapRoles.")
            }
            None => RULE.fix_summary.to_string(),
        };
        sink.report(
            &RULE,
            e.field(e.kind.arn_field()),
            format!("{}[{}] maps the STS session ARN `{arn}`; the authenticator looks callers up by their IAM role ARN, so this entry never matches.", e.kind.key(), e.index),
        )
        .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_sts_arn() {
        let ex = super::RULE.example;
        assert_eq!(lines_of("AA002", ex), vec![line_of(ex, "assumed-role")]);
        assert!(lines_of("AA002", super::RULE.fixed).is_empty());
    }
}
