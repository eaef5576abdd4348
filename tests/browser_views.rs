//! Browser tests of the explanation views for tokens, JWTs, OIDC providers,
//! ServiceAccounts and certificates: paste a sample as a user would and assert
//! on what they see — above all, that secrets stay hidden until revealed.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

mod support;
use support::{mount, paste, sleep, text_of};

wasm_bindgen_test_configure!(run_in_browser);

const TOKEN: &str = include_str!("fixtures/token/get-token-us-west-2.token");
const EXEC: &str = include_str!("../static/samples/exec-credential.json");
const JWT: &str = include_str!("../static/samples/service-account-token.jwt");
const OIDC_ARN: &str = include_str!("../static/samples/oidc-provider-arn.txt");
const SERVICE_ACCOUNT: &str = include_str!("../static/samples/service-account-irsa.yaml");
const CERT: &str = include_str!("fixtures/certs/ca-ec-p256.pem");

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

async fn toggle_reveal(root: &Element) {
    let el: web_sys::HtmlElement = root
        .query_selector("button.reveal")
        .unwrap()
        .expect("the Reveal secrets button")
        .dyn_into()
        .unwrap();
    el.click();
    yew::scheduler::flush().await;
}

/// The first 16 hex digits of the fixture token's X-Amz-Signature.
const TOKEN_SIGNATURE_START: &str = "24d7c6a742d8a14b";

#[wasm_bindgen_test]
async fn an_eks_token_shows_its_url_flow_and_checks_with_the_signature_hidden() {
    let root = mount().await;
    paste(&root, TOKEN).await;
    let view = text_of(&root, ".explanation.token");
    assert!(view.contains("live credential"), "{view}");
    let url = |label: &str| text_of(&root, &format!("table.token-url tr[data-label='{label}']"));
    assert!(url("Endpoint").contains("https://sts.us-west-2.amazonaws.com/"));
    assert!(url("Action").contains("GetCallerIdentity"));
    assert!(url("Signed headers").contains("host; x-k8s-aws-id"));
    assert!(
        url("Cluster (x-k8s-aws-id)").contains("signed, but not in the token"),
        "the cluster name is only inside the signature: {}",
        url("Cluster (x-k8s-aws-id)")
    );
    assert!(url("Credential scope").contains("20261125/us-west-2/sts/aws4_request"));
    assert!(url("X-Amz-Date").contains("2026-11-25T19:28:16Z"));
    assert!(url("Access key ID").contains("AKIA****************"));
    assert_eq!(count(&root, "tr.withheld[data-label=Signature]"), 1);
    assert!(!view.contains(TOKEN_SIGNATURE_START), "{view}");
    assert!(!view.contains("AKIAIOSFODNN7EXAMPLE"), "{view}");

    assert_eq!(count(&root, "ol.flow > li.step"), 4);
    assert!(text_of(&root, "ol.flow").contains("aws eks get-token"));
    assert!(text_of(&root, "ol.flow").contains("aws-auth / access entries"));
    assert!(count(&root, "table.checks[data-by='EKS authenticator'] tr.check") >= 10);
    assert!(text_of(&root, "table.checks[data-by=STS]").contains("the signature"));

    toggle_reveal(&root).await;
    assert!(url("Signature").contains(TOKEN_SIGNATURE_START));
    assert!(url("Access key ID").contains("AKIAIOSFODNN7EXAMPLE"));
    toggle_reveal(&root).await;
    assert!(!text_of(&root, ".explanation.token").contains(TOKEN_SIGNATURE_START));
    root.remove();
}

#[wasm_bindgen_test]
async fn an_exec_credential_shows_its_fields_and_its_token() {
    let root = mount().await;
    paste(&root, EXEC).await;
    let exec = text_of(&root, "table.exec-credential");
    assert!(
        exec.contains("client.authentication.k8s.io/v1beta1"),
        "{exec}"
    );
    assert!(exec.contains("2026-11-25T19:56:32Z"), "{exec}");
    assert_eq!(count(&root, "tr.withheld[data-label=Signature]"), 1);
    assert!(!text_of(&root, ".explanation.token").contains("ea6b766cb9907f00"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_service_account_token_reads_like_jwt_io_but_redacted() {
    let root = mount().await;
    paste(&root, JWT).await;
    let header = text_of(&root, ".jwt-header");
    assert!(
        header.contains("RS256") && header.contains("signature algorithm"),
        "{header}"
    );
    let claims = text_of(&root, ".jwt-claims");
    assert!(
        claims.contains("system:serviceaccount:payments:payments-api"),
        "{claims}"
    );
    assert!(
        claims.contains("service account payments-api in namespace payments"),
        "{claims}"
    );
    assert!(claims.contains("sts.amazonaws.com"), "{claims}");
    assert!(
        claims.contains("expires 2026-11-03T00:00:00Z"),
        "exp as a date: {claims}"
    );
    let signature = JWT.trim().rsplit('.').next().unwrap();
    let panel = text_of(&root, ".jwt-signature");
    assert!(panel.contains("Not verified"), "{panel}");
    assert!(!panel.contains(&signature[..24]), "{panel}");
    assert!(text_of(&root, "table.trust-keys").contains(":sub"));

    toggle_reveal(&root).await;
    assert!(text_of(&root, ".jwt-signature").contains(signature));
    root.remove();
}

#[wasm_bindgen_test]
async fn an_oidc_provider_arn_is_taken_apart_with_copyable_condition_keys() {
    let root = mount().await;
    paste(&root, OIDC_ARN).await;
    let parts = text_of(&root, "table.provider-parts");
    assert!(parts.contains("111122223333"), "{parts}");
    assert!(parts.contains("eu-west-1"), "{parts}");
    assert!(
        parts.contains("4F1A9B2C7D3E5F60718293A4B5C6D7E8"),
        "{parts}"
    );
    let host = "oidc.eks.eu-west-1.amazonaws.com/id/4F1A9B2C7D3E5F60718293A4B5C6D7E8";
    let forms = text_of(&root, "table.provider-forms");
    assert!(forms.contains(&format!("https://{host}")), "{forms}");
    assert!(forms.contains(&format!("{host}:sub")), "{forms}");
    assert!(forms.contains(&format!("{host}:aud")), "{forms}");
    assert_eq!(count(&root, "table.provider-forms button.copy"), 4);
    assert!(
        text_of(&root, "details.trust-policy-template").contains("sts:AssumeRoleWithWebIdentity")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_service_account_shows_the_sub_and_what_its_pods_get() {
    let root = mount().await;
    paste(&root, SERVICE_ACCOUNT).await;
    assert_eq!(
        text_of(&root, "code.sub"),
        "system:serviceaccount:payments:payments-api"
    );
    let role = text_of(&root, "table.role-parts");
    assert!(
        role.contains("payments-api-irsa") && role.contains("111122223333"),
        "{role}"
    );
    let env = text_of(&root, "table.pod-env");
    assert!(env.contains("AWS_ROLE_ARN"), "{env}");
    assert!(
        env.contains("/var/run/secrets/eks.amazonaws.com/serviceaccount/token"),
        "{env}"
    );
    assert!(env.contains("audience sts.amazonaws.com"), "{env}");
    root.remove();
}

/// The page says what the CLI says: `sts-regional-endpoints: "false"` leaves
/// the SDK's default, and `automountServiceAccountToken: false` does not stop
/// IRSA; a describe-cluster output names its authentication mode.
#[wasm_bindgen_test]
async fn a_service_account_and_a_cluster_description_say_what_the_cli_says() {
    let root = mount().await;
    let sa = format!(
        "{}    eks.amazonaws.com/sts-regional-endpoints: \"false\"\nautomountServiceAccountToken: false\n",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/api\n"
    );
    paste(&root, &sa).await;
    let fields = text_of(&root, "table.account-fields");
    assert!(
        fields.contains("regional in current SDKs, global in old ones"),
        "{fields}"
    );
    assert!(
        fields.contains("the webhook still mounts the IRSA token"),
        "{fields}"
    );
    paste(
        &root,
        include_str!("fixtures/oidc/describe-cluster-access-entries.json"),
    )
    .await;
    let mode = text_of(&root, "p.auth-mode");
    assert!(
        mode.starts_with(
            "API_AND_CONFIG_MAP (line 39) — IAM users and roles are mapped by access entries first"
        ),
        "{mode}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_pasted_certificate_shows_its_card() {
    let root = mount().await;
    paste(&root, CERT).await;
    assert_eq!(
        count(&root, ".explanation.certificates details.cert-card"),
        1
    );
    let card = text_of(&root, "table.cert-fields");
    assert!(
        card.contains("SHA-256") && card.contains("Not after"),
        "{card}"
    );
    root.remove();
}

/// A kubeconfig of `n` EKS contexts, each with its own `aws eks get-token` user.
fn eks_kubeconfig(n: usize) -> String {
    let (mut clusters, mut contexts, mut users) = (String::new(), String::new(), String::new());
    for i in 0..n {
        clusters += &format!(
            "- name: c{i}\n  cluster:\n    server: https://{i:032X}.gr7.eu-west-1.eks.amazonaws.com\n"
        );
        contexts += &format!("- name: ctx{i}\n  context:\n    cluster: c{i}\n    user: u{i}\n");
        users += &format!(
            "- name: u{i}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, c{i}, --region, eu-west-1]\n"
        );
    }
    format!("apiVersion: v1\nkind: Config\ncurrent-context: ctx0\nclusters:\n{clusters}contexts:\n{contexts}users:\n{users}")
}

#[wasm_bindgen_test]
async fn a_long_lists_closed_items_build_their_body_when_first_opened() {
    let root = mount().await;
    // Three users: their closed credential flows are in the page (find-in-page sees them).
    paste(&root, &eks_kubeconfig(3)).await;
    assert_eq!(count(&root, "details.exec-flow"), 3);
    assert_eq!(count(&root, "details.exec-flow:not([open]) ol.steps"), 3);
    // Twelve: a closed flow is only its summary until opened.
    paste(&root, &eks_kubeconfig(12)).await;
    assert_eq!(count(&root, "details.exec-flow"), 12);
    assert_eq!(count(&root, "details.exec-flow ol.steps"), 0);
    assert_eq!(
        count(&root, "details.story[open] pre"),
        1,
        "the current context's story is open"
    );
    // Only the open one, though the list grew from 3 (whose first story was open):
    // no item inherits another's built body.
    assert_eq!(count(&root, "details.story pre"), 1);
    let summary: web_sys::HtmlElement = root
        .query_selector("details.exec-flow summary")
        .unwrap()
        .expect("a flow")
        .dyn_into()
        .unwrap();
    summary.click();
    // The `toggle` event comes in a task of its own; then Yew renders the body.
    sleep(50).await;
    yew::scheduler::flush().await;
    assert_eq!(count(&root, "details.exec-flow[open] ol.steps"), 1);
    let flow = text_of(&root, "details.exec-flow[open]");
    assert!(flow.contains("kubectl runs: aws eks get-token"), "{flow}");
    assert_eq!(
        count(&root, "details.exec-flow ol.steps"),
        1,
        "the others wait"
    );
    root.remove();
}
