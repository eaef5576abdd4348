use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "AA004",
    name: "aws-auth-system-masters",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::AwsAuth,
    summary: "An entry grants `system:masters`, which bypasses RBAC and cannot be revoked by RBAC.",
    what: "Flags `system:masters` in the groups of a mapRoles or mapUsers entry.",
    why: "Members of system:masters pass every authorization check before RBAC is even consulted: no Role, binding or policy can limit or revoke it, and it shows up in no RoleBinding when you audit who is admin. Anyone who can assume the role (or holds the user's keys) owns the cluster.",
    example: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - system:masters\n"),
    fixed: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n"),
    fix_summary: "Map to a group bound to the right ClusterRole (e.g. `cluster-admin` through a ClusterRoleBinding), or use an access entry with AmazonEKSClusterAdminPolicy, which can be revoked.",
};

pub fn check(cx: &AwsAuthCx, sink: &mut Sink) {
    for e in &cx.aws.entries {
        for (i, g) in e.groups.iter().enumerate() {
            if g.trim() == "system:masters" {
                let who = e
                    .arn
                    .clone()
                    .unwrap_or_else(|| format!("{}[{}]", e.kind.key(), e.index));
                sink.report(
                    &RULE,
                    e.field("groups").i(i),
                    format!("`{who}` is mapped into system:masters: unrestricted cluster-admin that RBAC cannot limit or revoke."),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_group_item() {
        let ex = super::RULE.example;
        assert_eq!(lines_of("AA004", ex), vec![line_of(ex, "- system:masters")]);
        assert!(lines_of("AA004", super::RULE.fixed).is_empty());
    }
}
