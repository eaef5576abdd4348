use super::prelude::*;
use crate::core::serviceaccount::role::{self, Problem};

pub static RULE: RuleMeta = RuleMeta {
    code: "SA002",
    name: "role-arn-malformed",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "`eks.amazonaws.com/role-arn` is not a well-formed IAM role ARN.",
    what: "Checks the role-arn annotation as the webhook and STS read it: `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME` \
           with a known partition, an empty region, a 12-digit account and a valid role name, and no surrounding \
           whitespace. A bare role name is flagged too.",
    why: "The webhook only logs a warning for a malformed ARN and injects it anyway, so the mistake surfaces in \
          the pod, as an SDK error such as `ValidationError: Request ARN is invalid`. A `|` block scalar adds a \
          newline to the value; an 11-digit account has lost its leading zero; a bare role name is expanded \
          only when the webhook runs with `--compose-role-arn`, which EKS does not do.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::93827160542:role/payments-api\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::093827160542:role/payments-api\n",
    fix_summary: "Write the full role ARN, `arn:aws:iam::ACCOUNT:role/NAME`, as `aws iam get-role --role-name NAME --query Role.Arn` prints it.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some((value, path)) = super::string_annotation(cx, model::ROLE_ARN) else {
        return;
    };
    let Err(problem) = role::check(value) else {
        return;
    };
    let name = cx.sa.display_name();
    let (message, offset) = match problem {
        Problem::Whitespace => {
            let what = if value.trim_end().len() < value.len() && value.ends_with('\n') {
                "ends with a newline (a `|` block scalar keeps it; use a plain or quoted scalar)"
            } else {
                "has leading or trailing whitespace"
            };
            (format!("the role ARN {what}, so it is not a valid ARN."), 0)
        }
        Problem::NotArn { name_like: true } => (
            format!("`{value}` is a role name, not an ARN; on EKS the webhook does not expand names, so the SDK receives an invalid role ARN."),
            0,
        ),
        Problem::NotArn { name_like: false } => (format!("`{value}` is not an ARN."), 0),
        Problem::Truncated { fields } => (
            format!("the role ARN has {fields} of the 6 colon-separated fields: it was probably cut off."),
            0,
        ),
        Problem::Region { offset, region } => (
            format!("the role ARN has region `{region}`; IAM is global and its ARNs read `iam::ACCOUNT`."),
            offset,
        ),
        Problem::Account { offset, account } => (
            format!(
                "the role ARN's account ID is invalid: {}.",
                crate::core::oidc::rules::account_id_invalid::problem(&account)
                    .unwrap_or_else(|| format!("`{account}`"))
            ),
            offset,
        ),
        Problem::Partition { offset, partition } => (
            format!("`{partition}` is not an AWS partition; use `aws`, `aws-cn` or `aws-us-gov`."),
            offset,
        ),
        Problem::Name { offset, why } => (format!("the role ARN is invalid: {why}."), offset),
        Problem::NotARole { .. } | Problem::Placeholder { .. } => return,
    };
    sink.report(
        &RULE,
        path.clone(),
        format!("ServiceAccount `{name}`: {message}"),
    )
    .at(cx.value_offset_pos(&path, value, offset));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{at, messages_of, sa};

    #[test]
    fn fires_on_the_account() {
        assert_eq!(at("SA002", super::RULE.example), vec![(7, 46)]);
        assert!(messages_of("SA002", super::RULE.example)[0].contains("leading zero"));
    }

    #[test]
    fn fires_on_block_scalars_and_bare_names() {
        let block = sa("    eks.amazonaws.com/role-arn: |\n      arn:aws:iam::493827160542:role/payments-api\n");
        assert!(messages_of("SA002", &block)[0].contains("newline"));
        let bare = sa("    eks.amazonaws.com/role-arn: payments-api\n");
        assert!(messages_of("SA002", &bare)[0].contains("role name, not an ARN"));
    }

    #[test]
    fn quiet_for_a_valid_arn() {
        assert!(at("SA002", super::RULE.fixed).is_empty());
    }
}
