use super::prelude::*;
use crate::core::policy::issuer::{self, Issuer};
use crate::core::policy::{claim_entries, glob};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP039",
    name: "oidc-open-to-anyone",
    severity: Severity::Error,
    category: Category::Security,
    domain: Domain::TrustPolicy,
    summary: "A role trusts a provider anyone can get tokens from (GitHub Actions, GitLab.com, HCP Terraform, Buildkite, Cognito, Google) and no condition keeps strangers out.",
    what: "Flags an Allow statement whose `Federated` principal is an issuer shared by everyone who uses \
           the service — `token.actions.githubusercontent.com`, `gitlab.com`, `app.terraform.io`, \
           `agent.buildkite.com`, `cognito-identity.amazonaws.com`, `accounts.google.com` — when a token of someone else's \
           repository, project, organization or identity pool satisfies its conditions. eksplain makes up \
           such a token (owner `eksplain-stranger`, and for each `sub` pattern an owner its wildcards \
           allow; likewise for wildcards in GitHub's `repository` and `repository_owner` claims) and evaluates the policy for it as IAM would, Deny statements included. Conditions on claims the caller \
           chooses (branch, environment, workflow name, audience), on the reusable workflow it calls (`job_workflow_ref`) or on the actor (bots act in everyone's repositories) do not keep anyone out.",
    why: "Unlike an EKS cluster's issuer, these issuers are shared: every GitHub repository's workflows \
          get tokens from the same issuer, and a token with audience `sts.amazonaws.com` is a workflow \
          setting away. Without a condition on `sub` naming your repositories, anyone can run a workflow \
          that assumes the role. A wildcard in the owner's name (`repo:octo-org*`) is as open: anyone can \
          create the organization `octo-org-tools`. For Cognito, the `aud` claim is the identity pool: \
          without it, a user of any identity pool in any AWS account gets in.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\",\n        \"token.actions.githubusercontent.com:sub\": \"repo:octo-org/deploy:ref:refs/heads/main\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Add a `PROVIDER:sub` condition naming your repositories (`repo:OWNER/REPO:…`), with wildcards only after the owner and repository; for Cognito, pin `aud` to the identity pool.",
};

/// Access Analyzer reports a missing `sub` key ("Missing condition key for
/// oidc principal", a security warning: TP028's counterpart) but not a
/// pattern that admits other owners; the help says which applies.
pub const AA: Option<Aa> = None;

/// The help for a statement of `issuer` whose provider path is `path`.
fn help(issuer: Issuer, path: &str) -> String {
    let (claim, value) = issuer.example();
    let mut h = format!("Add `\"{path}:{claim}\": \"{value}\"` under `StringEquals`");
    if let Issuer::GitHub { .. } = issuer {
        h.push_str(&format!(
            ", or `\"{path}:sub\": \"repo:OWNER/REPO:*\"` under `StringLike` for every branch, tag, environment and pull request of one repository. Write the owner and repository out in full: a wildcard in them lets in other people's"
        ));
    }
    h.push('.');
    h
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let v2012 = cx
        .policy
        .version
        .as_ref()
        .is_some_and(|v| v.value == "2012-10-17");
    for (i, st) in cx.policy.statements.iter().enumerate() {
        if !st.is_allow() || st.computed.is_some() {
            continue;
        }
        // The first provider anyone can get tokens from whose strangers get in.
        let Some(((issuer, _, path), subject)) = issuer::all_of_statement(st)
            .into_iter()
            .filter(|t| t.0.shared())
            .find_map(|t| issuer::admitted_stranger(cx.policy, i, v2012, &t).map(|s| (t, s)))
        else {
            continue;
        };
        let everyone = issuer.everyone();
        // The positive `sub` value that lets the stranger in, if one does.
        let subs = claim_entries(st, "sub");
        let pattern = subs
            .iter()
            .filter(|c| matches!(c.op, Ok(op) if !op.base.negated()))
            .flat_map(|c| {
                let like = matches!(c.op, Ok(op) if op.base.wildcards());
                c.values.iter().map(move |v| (v, like))
            })
            .find(|(v, like)| {
                if *like {
                    glob::matches(&v.value, &subject, false)
                } else {
                    v.value == subject
                }
            })
            .map(|(v, _)| v);
        match pattern {
            Some(v) if subject.contains(issuer::STRANGER) => {
                sink.report(
                    &RULE,
                    v.path.clone(),
                    format!(
                        "The `sub` pattern `{}` matches any owner's subjects (`{subject}`): {everyone} can assume this role.",
                        v.value
                    ),
                )
                .at(Some(v.pos))
                .with_help(format!("{}\nIAM Access Analyzer does not report this: the condition names the provider's `sub`.", help(issuer, &path)));
            }
            Some(v) => {
                let owner = subject
                    .split([':', '/'])
                    .nth(1)
                    .unwrap_or_default()
                    .to_string();
                sink.report(
                    &RULE,
                    v.path.clone(),
                    format!(
                        "The `sub` pattern `{}` has a wildcard in the owner's name: it also matches `{subject}`, and `{owner}` is a name anyone can take, so other people's {} can assume this role.",
                        v.value,
                        issuer.callers()
                    ),
                )
                .at(Some(v.pos))
                .with_help(format!("{}\nIAM Access Analyzer does not report this: the condition names the provider's `sub`.", help(issuer, &path)));
            }
            None => {
                // At the principal, unless Terraform computes it (a finding
                // there would stand on a value only Terraform knows).
                let (at_path, pos) = match st.principals("Federated").next() {
                    Some(t) if !t.value.contains('$') => (t.path.clone(), Some(t.pos)),
                    _ => (st.path.clone(), Some(st.pos)),
                };
                let names_caller = st.conditions.iter().any(|c| {
                    matches!(c.op, Ok(op) if !op.base.negated())
                        && matches!(crate::core::policy::keys::classify(&c.key),
                            crate::core::policy::keys::KeyKind::Claim { claim, .. } if issuer.identifies(claim))
                });
                if names_caller
                    && subject.starts_with("repo:")
                    && !subject.contains(issuer::STRANGER)
                {
                    let owner = subject.split([':', '/']).nth(1).unwrap_or_default();
                    sink.report(
                        &RULE,
                        at_path,
                        format!(
                            "{} names the repository or its owner with a wildcard in the owner's name: it also admits `{subject}`, and `{owner}` is a name anyone can take, so other people's workflows can assume this role.",
                            st.label()
                        ),
                    )
                    .at(pos)
                    .with_help(help(issuer, &path));
                    continue;
                }
                let what = if st.conditions.is_empty() {
                    "has no condition"
                } else {
                    "has no condition that names who the token was issued to"
                };
                sink.report(
                    &RULE,
                    at_path,
                    format!(
                        "{} trusts {} tokens (`{path}`) and {what}: {everyone} can assume this role.",
                        st.label(),
                        issuer.name()
                    ),
                )
                .at(pos)
                .with_help(match issuer {
                    Issuer::Cognito => help(issuer, &path),
                    _ => format!("{}\nIAM Access Analyzer: SECURITY_WARNING “Missing condition key for oidc principal” (when no `sub` key is there at all).", help(issuer, &path)),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    const GH: &str = "token.actions.githubusercontent.com";

    fn with_sub(op: &str, value: &str) -> String {
        super::RULE
            .fixed
            .replace("StringEquals", op)
            .replace("repo:octo-org/deploy:ref:refs/heads/main", value)
    }

    #[test]
    fn fires_when_nothing_names_the_repository() {
        assert_eq!(lines_of("TP039", super::RULE.example), vec![6]);
        let m = &messages_of("TP039", super::RULE.example)[0];
        assert!(
            m.contains("a workflow in anyone's repository on GitHub can assume this role"),
            "{m}"
        );
        // The audience is the caller's to choose: pinning it changes nothing.
        assert!(m.contains("has no condition that names who"), "{m}");
    }

    #[test]
    fn quiet_for_one_repository_its_branches_or_an_owner() {
        assert!(lines_of("TP039", super::RULE.fixed).is_empty());
        for p in [
            "repo:octo-org/deploy:*",
            "repo:octo-org/*",
            "repo:octo-org/deploy:environment:prod*",
        ] {
            assert!(
                lines_of("TP039", &with_sub("StringLike", p)).is_empty(),
                "{p}"
            );
        }
        // The repository pinned by its own claim (STS's GitHub claims).
        let repo = super::RULE.example.replace(
            "\"sts.amazonaws.com\"}",
            &format!("\"sts.amazonaws.com\", \"{GH}:repository\": \"octo-org/deploy\"}}"),
        );
        assert!(lines_of("TP039", &repo).is_empty(), "{repo}");
    }

    #[test]
    fn fires_on_patterns_that_admit_other_owners() {
        for (p, want) in [
            ("*", "matches any owner's subjects"),
            ("repo:*", "matches any owner's subjects"),
            ("repo:*:environment:prod", "has a wildcard in the owner's name: it also matches `repo:zz/any-repo:environment:prod`"),
            ("repo:octo-org*", "it also matches `repo:octo-orgzz/any-repo:ref:refs/heads/main`, and `octo-orgzz` is a name anyone can take"),
            ("repo:*/deploy:*", "`zz` is a name anyone can take"),
        ] {
            let text = with_sub("StringLike", p);
            assert_eq!(lines_of("TP039", &text), vec![10], "{p}");
            let m = &messages_of("TP039", &text)[0];
            assert!(m.contains(want), "{p}: {m}");
        }
        // Under StringEquals `*` is a literal character: nobody's subject.
        assert!(lines_of("TP039", &with_sub("StringEquals", "repo:*")).is_empty());
    }

    #[test]
    fn a_condition_on_what_the_caller_chooses_keeps_nobody_out() {
        let env = super::RULE.example.replace(
            "\"sts.amazonaws.com\"}",
            &format!("\"sts.amazonaws.com\", \"{GH}:environment\": \"production\"}}"),
        );
        assert_eq!(lines_of("TP039", &env), vec![6]);
        // An exclusion only shuts out what it lists.
        let not = super::RULE
            .fixed
            .replace("\"StringEquals\": {", "\"StringNotEquals\": {");
        assert_eq!(lines_of("TP039", &not), vec![6]);
    }

    #[test]
    fn quiet_for_an_enterprise_issuer_and_eks() {
        let ent = super::RULE
            .example
            .replace(GH, &format!("{GH}/octocat-inc"));
        assert!(lines_of("TP039", &ent).is_empty());
    }

    #[test]
    fn cognito_needs_the_identity_pool() {
        let open = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "cognito-identity.amazonaws.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}
  }]
}"#;
        assert_eq!(lines_of("TP039", open), vec![5]);
        assert!(messages_of("TP039", open)[0]
            .contains("a user of any Cognito identity pool in any AWS account can assume"));
        let pinned = open.replace(
            "\"Condition\": {",
            "\"Condition\": {\"StringEquals\": {\"cognito-identity.amazonaws.com:aud\": \"us-east-1:12345678-1234-1234-1234-123456789012\"}, ",
        );
        assert!(lines_of("TP039", &pinned).is_empty(), "{pinned}");
    }

    #[test]
    fn a_deny_guard_keeps_strangers_out() {
        let text =
            include_str!("../../../../tests/fixtures/trust-policy/github-actions-deny-guard.json");
        assert!(lines_of("TP039", text).is_empty());
        // Without the guard the Allow is open.
        let allow_only = text.replacen("\"Effect\": \"Deny\"", "\"Effect\": \"Allow\"", 1);
        assert_eq!(lines_of("TP039", &allow_only), vec![6, 12]);
    }

    #[test]
    fn a_reusable_workflow_or_a_bot_names_nobody() {
        for (claim, value) in [
            (
                "job_workflow_ref",
                "octo-org/shared/.github/workflows/deploy.yml@refs/heads/main",
            ),
            ("actor", "dependabot[bot]"),
        ] {
            let text = super::RULE.example.replace(
                "\"sts.amazonaws.com\"}",
                &format!("\"sts.amazonaws.com\", \"{GH}:{claim}\": \"{value}\"}}"),
            );
            assert_eq!(lines_of("TP039", &text), vec![6], "{claim}");
        }
    }

    #[test]
    fn leading_wildcards_and_customised_subjects() {
        for p in [
            "*:environment:prod",
            "*/deploy:ref:refs/heads/main",
            "repository_owner_id:*:environment:prod",
        ] {
            assert_eq!(
                lines_of("TP039", &with_sub("StringLike", p)),
                vec![10],
                "{p}"
            );
        }
        // A customised subject whose first claim pins the owner.
        assert!(lines_of(
            "TP039",
            &with_sub("StringLike", "repository_owner_id:123456:environment:*")
        )
        .is_empty());
    }

    #[test]
    fn a_wildcard_owner_in_the_repository_claim() {
        let text = super::RULE.example.replace(
            "\"StringEquals\": {",
            &format!(
                "\"StringLike\": {{\"{GH}:repository\": \"octo-org*\"}}, \"StringEquals\": {{"
            ),
        );
        let m = messages_of("TP039", &text);
        assert!(
            m[0].contains("also admits `repo:octo-orgzz/any-repo:ref:refs/heads/main`"),
            "{m:?}"
        );
        let exact = text.replace("octo-org*", "octo-org/deploy");
        assert!(lines_of("TP039", &exact).is_empty());
    }

    #[test]
    fn many_subjects_stay_fast() {
        let values: Vec<String> = (0..3000).map(|i| format!("\"repo:o/r{i}:*\"")).collect();
        let text = with_sub("StringLike", "X").replace("\"X\"", &format!("[{}]", values.join(",")));
        assert!(lines_of("TP039", &text).is_empty());
    }

    #[test]
    fn review_two_cases() {
        // An owner or repository claim anywhere in a customised subject pins it.
        for p in [
            "job_workflow_ref:octo-org/shared/.github/workflows/deploy.yml@*:repository_owner_id:123456",
            "context:*:repository_owner:octo-org",
        ] {
            assert!(lines_of("TP039", &with_sub("StringLike", p)).is_empty(), "{p}");
        }
        // The 65th pattern is read too.
        let many: Vec<String> = (0..70)
            .map(|i| format!("\"repo:o/r{i}:*\""))
            .chain(std::iter::once("\"repo:octo-org*\"".to_string()))
            .collect();
        let text = with_sub("StringLike", "X").replace("\"X\"", &format!("[{}]", many.join(",")));
        assert_eq!(lines_of("TP039", &text), vec![10]);
        // A value that meets every condition on a claim the caller chooses,
        // whatever their order; `Null: true` is met by leaving it out.
        let order = super::RULE.example.replace(
            "\"StringEquals\": {\"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\"}",
            "\"StringNotEquals\": {\"token.actions.githubusercontent.com:ref\": \"refs/heads/dev\"}, \"StringLike\": {\"token.actions.githubusercontent.com:ref\": \"refs/heads/*\"}",
        );
        assert_eq!(lines_of("TP039", &order), vec![6], "{order}");
        let null = super::RULE.example.replace(
            "\"StringEquals\": {\"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\"}",
            "\"Null\": {\"token.actions.githubusercontent.com:environment\": \"true\"}",
        );
        assert_eq!(lines_of("TP039", &null), vec![6], "{null}");
        // GitHub's provider second in a Federated list.
        let multi = super::RULE.example.replace(
            "\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"",
            "\"Federated\": [\"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC\", \"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"]",
        );
        assert_eq!(lines_of("TP039", &multi), vec![6], "{multi}");
    }

    #[test]
    fn one_cognito_identity_or_google_account_is_pinned() {
        let cognito = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "cognito-identity.amazonaws.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:sub": "us-east-1:12345678-1234-1234-1234-123456789012"}}
  }]
}"#;
        assert!(lines_of("TP039", cognito).is_empty());
        let google = cognito
            .replace("cognito-identity.amazonaws.com", "accounts.google.com")
            .replace("us-east-1:12345678-1234-1234-1234-123456789012", "");
        // An empty `sub` is nobody's.
        assert!(lines_of("TP039", &google).is_empty(), "{google}");
    }
}
