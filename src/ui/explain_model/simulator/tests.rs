//! The simulator form, natively: prefill, requests and decisions.

use super::*;

const IRSA: &str = include_str!("../../../../static/samples/irsa-trust-policy.json");
const KEY: &str = "oidc.eks.eu-west-1.amazonaws.com/id/4F1A9B2C7D3E5F60718293A4B5C6D7E8";

fn run(text: &str, form: &SimForm) -> SimResult {
    simulate(&load(text).unwrap(), form).unwrap()
}

fn prefilled(text: &str) -> SimForm {
    SimForm::prefill(&load(text).unwrap().policy)
}

#[test]
fn the_irsa_sample_prefills_the_request_it_was_written_for() {
    let form = prefilled(IRSA);
    assert_eq!(form.kind, PrincipalKind::Federated);
    assert_eq!(
        form.principal,
        format!("arn:aws:iam::111122223333:oidc-provider/{KEY}")
    );
    assert_eq!(form.action, "sts:AssumeRoleWithWebIdentity");
    assert_eq!(form.sub, "system:serviceaccount:payments:payments-api");
    assert_eq!(form.aud, "sts.amazonaws.com");
    let req = form.request().unwrap();
    assert_eq!(req.get(&format!("{KEY}:sub")).unwrap().len(), 1);
    let r = run(IRSA, &form);
    assert!(r.allowed, "{r:?}");
    assert_eq!(r.verdict, "Allowed");
    assert!(r.reason.contains("allowed by Statement[0]"), "{}", r.reason);
}

#[test]
fn another_namespace_is_denied_naming_the_sub_condition() {
    let form = prefilled(IRSA).reduce(SimAction::Sub(
        "system:serviceaccount:default:payments-api".into(),
    ));
    let r = run(IRSA, &form);
    assert!(!r.allowed);
    assert_eq!(r.verdict, "Denied (implicit)");
    assert!(
        r.reason.contains(&format!("StringEquals `{KEY}:sub`")),
        "{}",
        r.reason
    );
    assert!(
        r.reason
            .contains("system:serviceaccount:default:payments-api"),
        "{}",
        r.reason
    );
    let checks = &r.actions[0].statements[0].checks;
    assert_eq!(checks[0].0, Status::Pass, "the principal matches");
    assert!(checks
        .iter()
        .any(|(s, t)| *s == Status::Fail && t.contains(":sub")));
}

#[test]
fn a_wrong_audience_principal_or_action_is_denied() {
    let base = prefilled(IRSA);
    let aud = base.clone().reduce(SimAction::Aud("sts.amazon.com".into()));
    assert!(run(IRSA, &aud).reason.contains(":aud"));
    let other = base.clone().reduce(SimAction::Principal(
        "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/OTHER".into(),
    ));
    assert!(run(IRSA, &other).reason.contains("principal"));
    let role = base
        .reduce(SimAction::Kind(PrincipalKind::Aws))
        .reduce(SimAction::Principal(
            "arn:aws:iam::111122223333:role/ci".into(),
        ))
        .reduce(SimAction::Action("sts:AssumeRole".into()));
    let r = run(IRSA, &role);
    assert_eq!(r.verdict, "Denied (implicit)");
    assert!(r.actions[0].statements[0].checks[0]
        .1
        .contains("AWS `arn:aws:iam::111122223333:role/ci`"));
}

#[test]
fn the_form_says_what_to_fix() {
    let base = prefilled(IRSA);
    let empty = base.clone().reduce(SimAction::Principal("  ".into()));
    assert!(empty
        .request()
        .unwrap_err()
        .starts_with("Enter the principal"));
    let bad = base
        .clone()
        .reduce(SimAction::Principal("oidc.eks.x".into()));
    assert!(bad
        .request()
        .unwrap_err()
        .contains("not an OIDC provider ARN"));
    let role = base.reduce(SimAction::Kind(PrincipalKind::Aws));
    assert!(role.request().is_ok(), "a Federated ARN is still an ARN");
}

#[test]
fn like_patterns_are_made_concrete_and_pod_identity_and_roles_prefill() {
    let like = IRSA
        .replace("StringEquals", "StringLike")
        .replace("payments-api", "*");
    let form = prefilled(&like);
    assert_eq!(form.sub, "system:serviceaccount:payments:example");
    assert!(run(&like, &form).allowed);

    let pod = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#;
    let form = prefilled(pod);
    assert_eq!(form.kind, PrincipalKind::Service);
    assert_eq!(form.action, "sts:AssumeRole + sts:TagSession");
    assert!(run(pod, &form).allowed);
    let only = form.reduce(SimAction::Action("sts:AssumeRoleWithWebIdentity".into()));
    assert!(!run(pod, &only).allowed);

    let tagged = pod.replace(
        r#""Action""#,
        r#""Condition":{"StringEquals":{"aws:RequestTag/kubernetes-namespace":"payments","aws:RequestTag/kubernetes-service-account":"api"}},"Action""#,
    );
    let form = prefilled(&tagged);
    assert!(form.pod_identity());
    assert_eq!(form.sub, "system:serviceaccount:payments:api");
    assert!(run(&tagged, &form).allowed, "{:?}", run(&tagged, &form));
    let web = form.reduce(SimAction::Sub("payments:web".into()));
    let r = run(&tagged, &web);
    assert!(!r.allowed);
    assert!(
        r.reason.contains("kubernetes-service-account"),
        "{}",
        r.reason
    );
    let bad = web.reduce(SimAction::Sub("nocolon".into()));
    assert!(bad.request().unwrap_err().contains("NAMESPACE:NAME"));

    let acct = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}"#;
    let form = prefilled(acct);
    assert_eq!(form.principal, "arn:aws:iam::444455556666:role/example");
    assert!(run(acct, &form).allowed);
    // The example caller stays in the account's partition, or the
    // account principal would not name it.
    let cn = acct.replace("arn:aws:", "arn:aws-cn:");
    let form = prefilled(&cn);
    assert_eq!(form.principal, "arn:aws-cn:iam::444455556666:role/example");
    assert!(run(&cn, &form).allowed);
}

/// The shape the EKS User Guide, eksctl and Terraform modules write, with
/// the cluster pinned by its ARN tag and the source account.
const POD: &str =
    include_str!("../../../../tests/fixtures/trust-policy/pod-identity-pinned-cluster.json");
const PROD: &str = "arn:aws:eks:eu-west-1:111122223333:cluster/payments-prod";

#[test]
fn a_pod_identity_policy_pinning_its_cluster_prefills_the_request_it_was_written_for() {
    let form = prefilled(POD);
    assert!(form.pod_identity());
    assert_eq!(form.action, "sts:AssumeRole + sts:TagSession");
    assert_eq!(form.sub, "system:serviceaccount:payments:api");
    assert_eq!(form.cluster_arn, PROD);
    assert_eq!(form.source_account, "111122223333");
    assert_eq!((form.pod_name.as_str(), form.pod_uid.as_str()), ("", ""));
    let req = form.request().unwrap();
    assert_eq!(
        req.get("aws:RequestTag/eks-cluster-name").unwrap(),
        ["payments-prod"]
    );
    assert_eq!(
        req.get("aws:TagKeys").unwrap(),
        [
            "eks-cluster-arn",
            "eks-cluster-name",
            "kubernetes-namespace",
            "kubernetes-service-account"
        ]
    );
    let r = run(POD, &form);
    assert!(r.allowed, "{r:?}");
    // What was left out is named, key by key, with the empty field.
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    let note = &r.notes[0];
    for missing in [
        "aws:RequestTag/kubernetes-pod-name (the Pod name field is empty)",
        "aws:RequestTag/kubernetes-pod-uid (the Pod UID field is empty)",
        "aws:SourceArn (the Source ARN field is empty)",
    ] {
        assert!(note.contains(missing), "{note}");
    }
    assert!(!note.contains("eks-cluster-arn"), "{note}");
}

#[test]
fn another_cluster_is_denied_naming_the_cluster_condition() {
    let staging = prefilled(POD).reduce(SimAction::ClusterArn(PROD.replace("prod", "staging")));
    let r = run(POD, &staging);
    assert_eq!(r.verdict, "Denied (implicit)");
    assert!(
        r.reason
            .contains("StringEquals `aws:RequestTag/eks-cluster-arn`"),
        "{}",
        r.reason
    );
    assert!(r.reason.contains("payments-staging"), "{}", r.reason);
    let checks = &r.actions[0].statements[0].checks;
    assert!(checks
        .iter()
        .any(|(s, t)| *s == Status::Fail && t.contains("eks-cluster-arn")));
    let other_account = prefilled(POD).reduce(SimAction::SourceAccount("444455556666".into()));
    assert!(run(POD, &other_account)
        .reason
        .contains("aws:SourceAccount"));
}

#[test]
fn an_empty_cluster_field_leaves_the_cluster_tags_out_and_says_so() {
    let form = prefilled(POD).reduce(SimAction::ClusterArn("  ".into()));
    let req = form.request().unwrap();
    assert!(req.get("aws:RequestTag/eks-cluster-arn").is_none());
    assert!(req.get("aws:RequestTag/eks-cluster-name").is_none());
    let r = run(POD, &form);
    assert!(!r.allowed);
    assert!(
        r.reason.contains("`aws:RequestTag/eks-cluster-arn`")
            && r.reason.contains("the request has no such key"),
        "{}",
        r.reason
    );
    assert!(
        r.notes[0].contains(
            "aws:RequestTag/eks-cluster-arn and aws:RequestTag/eks-cluster-name (the Cluster ARN field is empty)"
        ),
        "{:?}",
        r.notes
    );
    let bad = form.reduce(SimAction::ClusterArn("payments-prod".into()));
    assert!(bad
        .request()
        .unwrap_err()
        .contains("is not an EKS cluster ARN"));
}

#[test]
fn the_cluster_is_found_by_its_name_or_the_source_arn_and_like_patterns_are_filled() {
    let by_name = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringLike":{"aws:RequestTag/eks-cluster-name":"payments-*","aws:RequestTag/kubernetes-pod-name":"api-*"}}}]}"#;
    let form = prefilled(by_name);
    assert_eq!(
        form.cluster_arn,
        "arn:aws:eks:us-east-1:111122223333:cluster/payments-example"
    );
    assert_eq!(form.pod_name, "api-example");
    assert!(run(by_name, &form).allowed, "{:?}", run(by_name, &form));

    // aws:SourceArn as reported for Pod Identity: the association's ARN.
    let by_source = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"},"ArnLike":{"aws:SourceArn":"arn:aws:eks:*:111122223333:podidentityassociation/payments-prod/*"}}}]}"#;
    let form = prefilled(by_source);
    assert_eq!(
        form.source_arn,
        "arn:aws:eks:example:111122223333:podidentityassociation/payments-prod/example"
    );
    assert_eq!(
        form.cluster_arn,
        "arn:aws:eks:example:111122223333:cluster/payments-prod"
    );
    assert!(run(by_source, &form).allowed, "{:?}", run(by_source, &form));
    assert!(!run(by_source, &form).notes[0].contains("reported"));
    let r = run(
        by_source,
        &form.clone().reduce(SimAction::SourceArn(String::new())),
    );
    assert!(r.reason.contains("`aws:SourceArn`"), "{}", r.reason);

    // A cluster ARN as the source ARN is simulated as written, with a warning.
    let cluster = form.reduce(SimAction::SourceArn(
        "arn:aws:eks:eu-west-1:111122223333:cluster/payments-prod".into(),
    ));
    let notes = cluster.request().unwrap().notes;
    assert!(
        notes[0].starts_with("aws:SourceArn is the cluster's ARN")
            && notes[0].contains("podidentityassociation"),
        "{notes:?}"
    );
}

#[test]
fn the_best_practices_guides_organization_condition_is_allowed() {
    let org = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:SourceOrgId":"${aws:ResourceOrgId}"}}}]}"#;
    let form = prefilled(org);
    assert_eq!(form.source_org_id, "o-exampleorgid");
    assert!(run(org, &form).allowed, "{:?}", run(org, &form));
    let r = run(org, &form.reduce(SimAction::SourceOrgId(String::new())));
    assert!(!r.allowed);
    assert!(r.reason.contains("`aws:SourceOrgId`"), "{}", r.reason);
    assert!(
        r.notes[0].contains("aws:SourceOrgId and aws:ResourceOrgId (the Organization ID field is empty; sent only for an account in an AWS Organization)"),
        "{:?}",
        r.notes
    );
}

#[test]
fn another_service_gets_its_source_account_and_arn_from_the_policy() {
    let fargate = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks-fargate-pods.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:eks:eu-west-1:111122223333:fargateprofile/payments-prod/*"}}}]}"#;
    let form = prefilled(fargate);
    assert!(!form.pod_identity());
    assert_eq!(
        form.source_arn,
        "arn:aws:eks:eu-west-1:111122223333:fargateprofile/payments-prod/example"
    );
    assert_eq!(form.cluster_arn, "", "only Pod Identity sends cluster tags");
    let r = run(fargate, &form);
    assert!(r.allowed, "{r:?}");
    assert_eq!(
        r.notes,
        [
            "no session tags in the request",
            "not in the request: aws:SourceAccount (the Source account field is empty)"
        ]
    );
    let r = run(fargate, &form.reduce(SimAction::SourceArn(String::new())));
    assert!(!r.allowed);
    assert!(r.reason.contains("`aws:SourceArn`"), "{}", r.reason);
}

#[test]
fn a_session_from_get_caller_identity_is_named_by_its_role() {
    let role = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/platform/ci"},"Action":"sts:AssumeRole"}]}"#;
    let form = prefilled(role).reduce(SimAction::Principal(
        "arn:aws:sts::111122223333:assumed-role/ci/gha-run-42".into(),
    ));
    let r = run(role, &form);
    assert!(r.allowed, "{r:?}");
    assert!(r.actions[0].statements[0].checks[0]
        .1
        .contains("a session of it"));
}

#[test]
fn an_explicit_deny_is_reported_as_such() {
    let deny = IRSA.replace(
        "  ]\n}",
        r#"  ,{"Effect": "Deny", "Principal": "*", "Action": "sts:*"}]}"#,
    );
    let r = run(&deny, &prefilled(&deny));
    assert_eq!(r.verdict, "Denied (explicit)", "{deny}");
    assert!(r.reason.contains("Statement[1]"), "{}", r.reason);
}

/// A Terraform policy whose provider is a reference: the form gets an example
/// provider, the simulation takes the references to be it, and says so.
#[test]
fn a_terraform_policy_is_simulated_with_its_references_as_the_forms_provider() {
    let tf =
        include_str!("../../../../tests/fixtures/trust-policy/terraform-jsonencode-blueprints.tf");
    let form = prefilled(tf);
    assert_eq!(form.principal, "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE");
    assert_eq!(form.sub, "system:serviceaccount:karpenter:karpenter");
    let r = run(tf, &form);
    assert_eq!(r.verdict, "Allowed", "{r:#?}");
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("condition key `${local.oidc_provider}:sub` taken to be")),
        "{:#?}",
        r.notes
    );
    let r = run(
        tf,
        &SimForm {
            sub: "system:serviceaccount:karpenter:other".into(),
            ..form
        },
    );
    assert_eq!(r.verdict, "Denied (implicit)");
}

/// The AWS documentation's shell template: the subject is a placeholder, so
/// the form asks for a real one, and the trace says the value decides.
#[test]
fn a_shell_template_prefills_no_placeholder_into_the_request() {
    let sh = "cat >trust-relationship.json <<EOF\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::$account_id:oidc-provider/$oidc_provider\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"$oidc_provider:aud\": \"sts.amazonaws.com\",\n        \"$oidc_provider:sub\": \"system:serviceaccount:$namespace:$service_account\"\n      }}\n    }\n  ]\n}\nEOF\n";
    let form = prefilled(sh);
    assert_eq!(form.sub, "system:serviceaccount:default:default");
    let r = run(sh, &form);
    assert!(!r.allowed);
    assert!(
        r.notes.iter().any(|n| n.contains("is compared as written")),
        "{:#?}",
        r.notes
    );
}

/// A URL-encoded policy is one line: the trace gives columns, as findings do.
#[test]
fn a_url_encoded_policy_trace_names_columns() {
    let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
    let form = prefilled(encoded);
    let r = run(encoded, &form);
    let row = &r.actions[0].statements[0];
    assert!(row.at.starts_with("line 1, column "), "{row:#?}");
    assert!(
        row.checks
            .iter()
            .all(|(_, t)| t.contains("(line 1, column ")),
        "{row:#?}"
    );
}

/// A statement whose Effect Terraform computes: the page says the answer
/// depends on it instead of a plain denial.
#[test]
fn a_computed_effect_makes_the_verdict_unknown() {
    let tf = "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect = var.effect\n      Principal = { Federated = \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC\" }\n      Action = \"sts:AssumeRoleWithWebIdentity\"\n    }]\n  })\n}\n";
    let form = prefilled(tf);
    let r = run(tf, &form);
    assert_eq!(r.verdict, "Unknown", "{r:#?}");
    assert!(r.reason.contains("depends on `var.effect`"), "{}", r.reason);
    assert_eq!(r.actions[0].statements[0].status, Status::Unknown);
}

const GITHUB_NO_SUB: &str =
    include_str!("../../../../tests/fixtures/trust-policy/github-actions-no-sub.json");
const GITHUB_CORRECT: &str =
    include_str!("../../../../tests/fixtures/trust-policy/github-actions-correct.json");
const COGNITO: &str =
    include_str!("../../../../tests/fixtures/trust-policy/cognito-identity-pool-no-aud.json");

/// A GitHub Actions policy asks for a workflow's subject, not a service
/// account's, and the request carries what such a token does.
#[test]
fn a_github_policy_asks_for_a_workflow() {
    let form = prefilled(GITHUB_CORRECT);
    assert_eq!(form.sub, "repo:octo-org/infra:ref:refs/heads/main");
    assert_eq!(form.aud, "sts.amazonaws.com");
    assert!(form
        .sub_field()
        .0
        .starts_with("Token sub: the workflow (repo:OWNER/REPO"));
    assert!(form.other_claims());
    let r = run(GITHUB_CORRECT, &form);
    assert!(r.allowed, "{r:#?}");
    assert!(
        !r.notes.iter().any(|n| n.contains("system:serviceaccount")),
        "{:#?}",
        r.notes
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("repository octo-org/infra, ref refs/heads/main (from the sub")),
        "{:#?}",
        r.notes
    );
    let req = form.request().unwrap();
    assert_eq!(
        req.get("token.actions.githubusercontent.com:repository")
            .unwrap(),
        ["octo-org/infra"]
    );
    let dev = form.reduce(SimAction::Sub(
        "repo:octo-org/infra:ref:refs/heads/dev".into(),
    ));
    assert!(!run(GITHUB_CORRECT, &dev).allowed);

    // Without a sub condition, any workflow's example subject gets in.
    let open = prefilled(GITHUB_NO_SUB);
    assert_eq!(open.sub, "repo:OWNER/REPO:ref:refs/heads/main");
    assert!(run(GITHUB_NO_SUB, &open).allowed);

    // Claims the user gives reach the request; a malformed one is named.
    let env = open.clone().reduce(SimAction::Claims(
        "environment=production, actor=octocat".into(),
    ));
    let req = env.request().unwrap();
    assert_eq!(
        req.get("token.actions.githubusercontent.com:environment")
            .unwrap(),
        ["production"]
    );
    let bad = open.reduce(SimAction::Claims("environment".into()));
    let e = bad.request().unwrap_err();
    assert!(
        e.starts_with("Other claims: `environment` is not KEY=VALUE"),
        "{e}"
    );
}

/// Cognito's provider is named without an ARN; the form prefills the claims
/// the policy tests, and names the ones it lacks.
#[test]
fn a_cognito_policy_is_simulated_with_its_bare_provider_name() {
    let form = prefilled(COGNITO);
    assert_eq!(form.kind, PrincipalKind::Federated);
    assert_eq!(form.principal, "cognito-identity.amazonaws.com");
    assert_eq!(form.claims, "amr=authenticated");
    assert_eq!(form.aud, "us-east-1:EXAMPLE-IDENTITY-POOL-ID");
    assert!(form.aud_field().0.contains("identity pool"));
    let r = run(COGNITO, &form);
    assert!(r.allowed, "{r:#?}");
    let guest = form.reduce(SimAction::Claims(String::new()));
    let r = run(COGNITO, &guest);
    assert!(!r.allowed);
    assert!(
        r.notes.iter().any(|n| n.starts_with(
            "the policy tests `amr`, which this request does not carry (give them in the Other claims field)"
        )),
        "{:#?}",
        r.notes
    );
    // Neither an ARN nor a built-in provider.
    let other = guest.reduce(SimAction::Principal("example.com".into()));
    assert!(other
        .request()
        .unwrap_err()
        .contains("cognito-identity.amazonaws.com or accounts.google.com"));
}
