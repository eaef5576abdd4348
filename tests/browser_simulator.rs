//! Browser test of the trust-policy simulator: paste the IRSA sample, see the
//! request it was written for allowed, name another service account and see
//! the denial with the condition that refused it, then go back; and a Pod
//! Identity policy pinning its cluster, allowed for that cluster only.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

mod support;
use support::{counts_while_pasting, mount, paste, text_of};

wasm_bindgen_test_configure!(run_in_browser);

const IRSA: &str = include_str!("../static/samples/irsa-trust-policy.json");
const KEY: &str = "oidc.eks.eu-west-1.amazonaws.com/id/4F1A9B2C7D3E5F60718293A4B5C6D7E8";

fn input(root: &Element, selector: &str) -> HtmlInputElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap()
}

/// Types `value` into the field as a user would.
async fn type_into(root: &Element, selector: &str, value: &str) {
    let el = input(root, selector);
    el.set_value(value);
    el.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_simulator_allows_the_policys_own_request_and_denies_another_service_account() {
    let root = mount().await;
    paste(&root, IRSA).await;
    let sim = "section.simulator";
    assert!(
        input(&root, "input.sim-principal")
            .value()
            .ends_with(&format!("oidc-provider/{KEY}")),
        "the principal is prefilled from the policy"
    );
    assert_eq!(
        input(&root, "input.sim-sub").value(),
        "system:serviceaccount:payments:payments-api"
    );
    assert_eq!(input(&root, "input.sim-aud").value(), "sts.amazonaws.com");
    assert_eq!(text_of(&root, ".sim-decision"), "Allowed");
    assert!(root.query_selector(".sim-verdict.pass").unwrap().is_some());

    type_into(
        &root,
        "input.sim-sub",
        "system:serviceaccount:default:payments-api",
    )
    .await;
    assert_eq!(text_of(&root, ".sim-decision"), "Denied (implicit)");
    let verdict = text_of(&root, ".sim-verdict");
    assert!(
        verdict.contains(&format!("StringEquals {KEY}:sub")),
        "{verdict}"
    );
    assert!(
        verdict.contains("system:serviceaccount:default:payments-api"),
        "{verdict}"
    );
    assert!(
        text_of(&root, &format!("{sim} li.sim-check.fail")).contains(":sub"),
        "the failing check is the sub condition"
    );
    assert!(text_of(&root, &format!("{sim} label")).contains("Principal type"));

    type_into(
        &root,
        "input.sim-sub",
        "system:serviceaccount:payments:payments-api",
    )
    .await;
    assert_eq!(text_of(&root, ".sim-decision"), "Allowed");
    root.remove();
}

/// Terraform that builds the trust policy with `jsonencode` and references to
/// the cluster's provider: read as a policy, simulated with the references
/// standing for the form's provider, and the notes say so.
#[wasm_bindgen_test]
async fn a_terraform_policy_is_simulated_on_its_concrete_subject() {
    let root = mount().await;
    paste(
        &root,
        include_str!("fixtures/trust-policy/terraform-jsonencode-blueprints.tf"),
    )
    .await;
    assert_eq!(text_of(&root, ".sim-decision"), "Allowed");
    let sim = text_of(&root, "section.simulator");
    assert!(
        sim.contains("`${local.oidc_provider}:sub` taken to be"),
        "{sim}"
    );
    type_into(
        &root,
        "input.sim-sub",
        "system:serviceaccount:karpenter:other",
    )
    .await;
    assert_eq!(text_of(&root, ".sim-decision"), "Denied (implicit)");
    root.remove();
}

const POD: &str = include_str!("fixtures/trust-policy/pod-identity-pinned-cluster.json");

#[wasm_bindgen_test]
async fn a_pod_identity_policy_pinning_its_cluster_is_allowed_for_that_cluster_only() {
    let root = mount().await;
    paste(&root, POD).await;
    let prod = "arn:aws:eks:eu-west-1:111122223333:cluster/payments-prod";
    assert_eq!(input(&root, "input.sim-cluster").value(), prod);
    assert_eq!(
        input(&root, "input.sim-source-account").value(),
        "111122223333"
    );
    assert_eq!(input(&root, "input.sim-pod-name").value(), "");
    assert_eq!(text_of(&root, ".sim-decision"), "Allowed");
    assert!(
        text_of(&root, ".sim-notes").contains("aws:RequestTag/kubernetes-pod-name"),
        "the note names the keys left out"
    );

    type_into(&root, "input.sim-cluster", &prod.replace("prod", "staging")).await;
    assert_eq!(text_of(&root, ".sim-decision"), "Denied (implicit)");
    let verdict = text_of(&root, ".sim-verdict");
    assert!(
        verdict.contains("aws:RequestTag/eks-cluster-arn"),
        "{verdict}"
    );

    type_into(&root, "input.sim-cluster", "").await;
    assert_eq!(text_of(&root, ".sim-decision"), "Denied (implicit)");
    assert!(
        text_of(&root, ".sim-notes").contains("the Cluster ARN field is empty"),
        "the note says why the cluster tags are missing"
    );
    assert!(text_of(&root, "section.simulator label").contains("Principal type"));
    root.remove();
}

/// An IRSA trust policy with `n` statements, one per service account (~580
/// bytes each).
fn long_policy(n: usize) -> String {
    let statements: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"    {{
      "Sid": "Irsa{i:04}",
      "Effect": "Allow",
      "Principal": {{ "Federated": "arn:aws:iam::111122223333:oidc-provider/{KEY}" }},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {{
        "StringEquals": {{
          "{KEY}:sub": "system:serviceaccount:team-{i}:app-{i:05}",
          "{KEY}:aud": "sts.amazonaws.com"
        }}
      }}
    }}"#
            )
        })
        .collect();
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n{}\n  ]\n}}\n",
        statements.join(",\n")
    )
}

#[wasm_bindgen_test]
async fn a_long_trace_fills_in_frame_by_frame_and_a_new_analysis_keeps_the_form() {
    let root = mount().await;
    // The number of statement rows in the page after each change of the DOM.
    let policy = long_policy(50);
    let shown = counts_while_pasting(&root, "li.sim-statement", &policy).await;
    assert_eq!(shown, [12, 24, 36, 48, 50], "12 statements a frame");
    assert_eq!(text_of(&root, ".sim-decision"), "Allowed");

    // What the user typed stays through a new analysis of the same policy, and
    // the whole trace is there at once.
    let other = "system:serviceaccount:default:other";
    type_into(&root, "input.sim-sub", other).await;
    assert_eq!(text_of(&root, ".sim-decision"), "Denied (implicit)");
    paste(&root, &format!("{policy}\n")).await;
    assert_eq!(input(&root, "input.sim-sub").value(), other);
    assert_eq!(
        root.query_selector_all("li.sim-statement")
            .unwrap()
            .length(),
        50
    );
    root.remove();
}
