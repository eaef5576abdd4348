use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "AA003",
    name: "aws-auth-bad-username-template",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::AwsAuth,
    summary: "A username or group uses a `{{…}}` placeholder the authenticator does not know, or cannot fill.",
    what: "Checks placeholders in `username` and `groups`: only {{AccountID}}, {{SessionName}}, {{SessionNameRaw}}, {{AccessKeyID}} and {{EC2PrivateDNSName}} are replaced, exactly as written (case and spaces matter). {{EC2PrivateDNSName}} in mapUsers can never be filled: IAM users have no session name.",
    why: "An unknown placeholder stays in the name literally (`dev:{{SessionId}}`), so RBAC bindings written for the expected names never apply and the user is `Forbidden`. {{EC2PrivateDNSName}} without an EC2 instance session makes the authenticator fail the whole request (`SessionName did not contain an instance id`): `Unauthorized`.",
    example: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionId}}\n      groups:\n        - developers\n"),
    fixed: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n"),
    fix_summary: "Use one of {{AccountID}}, {{SessionName}}, {{SessionNameRaw}}, {{AccessKeyID}}, {{EC2PrivateDNSName}}, spelled exactly.",
};

const KNOWN: &[&str] = &[
    "AccountID",
    "SessionName",
    "SessionNameRaw",
    "AccessKeyID",
    "EC2PrivateDNSName",
];

/// The placeholders `{{…}}` in a template.
fn placeholders(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find("{{") {
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else { break };
        out.push(&after[..j]);
        rest = &after[j + 2..];
    }
    out
}

pub fn check(cx: &AwsAuthCx, sink: &mut Sink) {
    for e in &cx.aws.entries {
        let fields = e.username.iter().map(|u| (e.field("username"), u)).chain(
            e.groups
                .iter()
                .enumerate()
                .map(|(i, g)| (e.field("groups").i(i), g)),
        );
        for (path, value) in fields {
            for p in placeholders(value) {
                let message = if !KNOWN.contains(&p) {
                    let closest = crate::core::suggest::closest(p.trim(), KNOWN);
                    let hint = closest
                        .map(|k| format!(" (did you mean {{{{{k}}}}}?)"))
                        .unwrap_or_default();
                    // A node's user name must be `system:node:` + its node
                    // name, or the node authorizer and NodeRestriction
                    // refuse what its kubelet does.
                    let node = closest == Some("EC2PrivateDNSName")
                        && e.groups.iter().any(|g| g == "system:nodes");
                    let consequence = if node {
                        " Nodes of this role then cannot register: the node authorizer allows a kubelet only as `system:node:` followed by its own node name."
                    } else {
                        ""
                    };
                    format!("`{value}` uses {{{{{p}}}}}, which the authenticator does not replace{hint}: the name keeps the braces literally.{consequence}")
                } else if p == "EC2PrivateDNSName" && e.kind == Kind::User {
                    format!("`{value}` uses {{{{EC2PrivateDNSName}}}} in mapUsers: IAM users have no instance session, so the authenticator rejects every request of this user.")
                } else {
                    continue;
                };
                sink.report(&RULE, path.clone(), message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_username_line() {
        let ex = super::RULE.example;
        assert_eq!(lines_of("AA003", ex), vec![line_of(ex, "SessionId")]);
        assert!(lines_of("AA003", super::RULE.fixed).is_empty());
    }

    /// eksctl and the EKS docs write `system:node:{{EC2PrivateDNSName}}`; a
    /// node role with a misspelt one stops nodes joining, and says so.
    #[test]
    fn a_misspelt_node_name_placeholder_says_nodes_cannot_register() {
        let text = crate::core::awsauth::rules::aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/eks-node\n      username: system:node:{{EC2PrivateDnsName}}\n      groups:\n        - system:bootstrappers\n        - system:nodes\n");
        let m = crate::core::testing::messages_of("AA003", &crate::core::testing::detected(text));
        assert_eq!(m, vec!["`system:node:{{EC2PrivateDnsName}}` uses {{EC2PrivateDnsName}}, which the authenticator does not replace (did you mean {{EC2PrivateDNSName}}?): the name keeps the braces literally. Nodes of this role then cannot register: the node authorizer allows a kubelet only as `system:node:` followed by its own node name.".to_string()]);
        let not_a_node = text.replace("        - system:nodes\n", "");
        let m = crate::core::testing::messages_of(
            "AA003",
            &crate::core::testing::detected(&not_a_node),
        );
        assert!(
            m[0].ends_with("the name keeps the braces literally."),
            "{}",
            m[0]
        );
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(super::placeholders("a{{X}}b{{ Y }}{{"), vec!["X", " Y "]);
    }
}
