use super::prelude::*;
use crate::core::serviceaccount::role::{self, Problem};

pub static RULE: RuleMeta = RuleMeta {
    code: "SA001",
    name: "role-arn-not-a-role",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "`eks.amazonaws.com/role-arn` holds the ARN of something other than an IAM role.",
    what: "Flags role-arn annotations naming an assumed-role session (`arn:aws:sts::…:assumed-role/…`, what \
           `aws sts get-caller-identity` prints), a user, a policy, an instance profile or an OIDC provider.",
    why: "The webhook passes the value to the pod's SDK as `AWS_ROLE_ARN`, and the SDK calls \
          `sts:AssumeRoleWithWebIdentity` with it. Only a role can be assumed: anything else fails in the pod \
          with a validation or access-denied error long after the manifest was applied.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:sts::493827160542:assumed-role/payments-api/botocore-session-1767225600\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n",
    fix_summary: "Use the role's ARN, `arn:aws:iam::ACCOUNT:role/NAME` (`aws iam get-role --role-name NAME --query Role.Arn`).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some((value, path)) = super::string_annotation(cx, model::ROLE_ARN) else {
        return;
    };
    let Err(Problem::NotARole {
        service,
        resource_type,
    }) = role::check(value)
    else {
        return;
    };
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let (partition, account, resource) = match parts[..] {
        [_, p, _, _, a, r] => (p, a, r),
        _ => ("aws", "ACCOUNT", ""),
    };
    let (what, help) = match (service.as_str(), resource_type.as_str()) {
        ("sts", "assumed-role") => {
            let role_name = resource.split('/').nth(1).unwrap_or("ROLE");
            (
                "an STS assumed-role session (what `aws sts get-caller-identity` prints), not the role".to_string(),
                format!("The role is probably `arn:{partition}:iam::{account}:role/{role_name}` (add its path if it has one: `aws iam get-role --role-name {role_name} --query Role.Arn`)."),
            )
        }
        ("iam", "instance-profile") => (
            "an EC2 instance profile, not a role".to_string(),
            "Use the role inside it: `aws iam get-instance-profile --instance-profile-name NAME --query 'InstanceProfile.Roles[].Arn'` — and give that role an IRSA trust policy.".to_string(),
        ),
        ("iam", "policy") => (
            "a policy; the annotation names the role the policy is attached to".to_string(),
            "Create or choose a role with an IRSA trust policy, attach this policy to it, and annotate the role's ARN.".to_string(),
        ),
        ("iam", "user") => (
            "an IAM user; IRSA assumes roles only".to_string(),
            "Create a role with the user's permissions and an IRSA trust policy, and annotate the role's ARN.".to_string(),
        ),
        ("iam", "oidc-provider") => (
            "the cluster's OIDC provider, which belongs in the role's trust policy, not here".to_string(),
            "Annotate the role's ARN; the provider ARN goes into the role's trust policy as the `Federated` principal.".to_string(),
        ),
        (s, r) => (
            format!("a `{r}` of the `{s}` service, not an IAM role"),
            "Use the role's ARN, `arn:aws:iam::ACCOUNT:role/NAME`.".to_string(),
        ),
    };
    sink.report(
        &RULE,
        path.clone(),
        format!(
            "ServiceAccount `{}`: `eks.amazonaws.com/role-arn` is the ARN of {what}.",
            cx.sa.display_name()
        ),
    )
    .at(cx.value_pos(&path))
    .with_help(help);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{at, messages_of, sa};

    #[test]
    fn fires_on_the_value() {
        assert_eq!(at("SA001", super::RULE.example), vec![(7, 33)]);
        assert!(messages_of("SA001", super::RULE.example)[0].contains("assumed-role session"));
        let profile = sa(
            "    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:instance-profile/eks-node\n",
        );
        assert!(messages_of("SA001", &profile)[0].contains("instance profile"));
    }

    #[test]
    fn quiet_for_a_role() {
        assert!(at("SA001", super::RULE.fixed).is_empty());
    }
}
