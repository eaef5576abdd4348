//! Browser tests: mount the real App in headless Chromium and Firefox, paste
//! through the DOM, and assert on what a user sees.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

mod support;
use support::{counts_while_pasting, mount, paste, text_of};

wasm_bindgen_test_configure!(run_in_browser);

const EKS: &str = include_str!("../static/samples/eks-kubeconfig.yaml");

#[wasm_bindgen_test]
async fn pasting_a_kubeconfig_shows_its_overview() {
    let root = mount().await;
    assert!(text_of(&root, ".welcome").contains("Paste something"));
    paste(&root, EKS).await;
    assert_eq!(text_of(&root, ".kind-label"), "kubeconfig");
    let overview = text_of(&root, ".explanation.kubeconfig");
    assert!(
        overview
            .contains("Current context: arn:aws:eks:eu-west-1:111122223333:cluster/payments-prod"),
        "{overview}"
    );
    assert!(overview.contains("Contexts (1)"), "{overview}");
    assert!(overview.contains("Amazon EKS API endpoint"), "{overview}");
    assert!(overview.contains("region eu-west-1"), "{overview}");
    assert!(
        overview.contains("aws --region eu-west-1 eks get-token --cluster-name payments-prod"),
        "{overview}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn broken_yaml_shows_the_line_and_column() {
    let root = mount().await;
    paste(&root, "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: LS0t=      server: https://127.0.0.1:6443\n").await;
    let finding = text_of(&root, "li.finding");
    assert!(finding.contains("IN001"), "{finding}");
    assert!(finding.contains("line 5:"), "{finding}");
    assert!(
        finding.contains("mapping values are not allowed"),
        "{finding}"
    );
    assert!(
        finding.contains("certificate-authority-data: LS0t="),
        "the offending line is shown: {finding}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn clicking_a_finding_selects_its_source_line() {
    let root = mount().await;
    let v1alpha1 = EKS.replace("v1beta1", "v1alpha1");
    paste(&root, &v1alpha1).await;
    let finding = root
        .query_selector("li.finding[data-code=KC010]")
        .unwrap()
        .expect("KC010 finding");
    let button: web_sys::HtmlElement = finding
        .query_selector("button.goto")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(button.text_content().unwrap(), "line 19:7");
    button.click();
    yew::scheduler::flush().await;
    let ta: HtmlTextAreaElement = root
        .query_selector("textarea.source")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let (start, end) = (
        ta.selection_start().unwrap().unwrap() as usize,
        ta.selection_end().unwrap().unwrap() as usize,
    );
    let selected: String = v1alpha1
        .encode_utf16()
        .skip(start)
        .take(end - start)
        .map(|u| u as u8 as char)
        .collect();
    assert_eq!(
        selected.trim(),
        "apiVersion: client.authentication.k8s.io/v1alpha1"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn pasted_text_is_not_stored_or_put_in_the_url() {
    let root = mount().await;
    let with_token = EKS.replace(
        "    exec:",
        "    token: eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.c2ln\n    exec:",
    );
    paste(&root, &with_token).await;
    let w = web_sys::window().unwrap();
    assert_eq!(w.local_storage().unwrap().unwrap().length().unwrap(), 0);
    assert_eq!(w.session_storage().unwrap().unwrap().length().unwrap(), 0);
    let href = w.location().href().unwrap();
    assert!(
        !href.contains("eyJ") && !href.contains("payments"),
        "{href}"
    );
    let report = text_of(&root, ".report-pane");
    assert!(
        !report.contains("c2VjcmV0LXRva2Vu"),
        "the token must not appear in the report"
    );
    root.remove();
}

fn click(root: &Element, selector: &str) {
    let el: web_sys::HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap();
    el.click();
}

fn attr(root: &Element, selector: &str, name: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.get_attribute(name))
}

fn key(target: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn tabs_follow_the_keyboard_pattern() {
    let root = mount().await;
    paste(&root, EKS).await;
    click(&root, "button.tab-add");
    yew::scheduler::flush().await;
    let tabs = root.query_selector_all("[role=tab]").unwrap();
    assert_eq!(tabs.length(), 2);
    let second: Element = tabs.get(1).unwrap().dyn_into().unwrap();
    assert_eq!(
        second.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert_eq!(second.get_attribute("tabindex").as_deref(), Some("0"));
    // ArrowRight wraps around to the first tab, which gets the selection and its text back.
    key(&second, "ArrowRight");
    yew::scheduler::flush().await;
    let first: Element = root
        .query_selector_all("[role=tab]")
        .unwrap()
        .get(0)
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(
        first.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    let ta: HtmlTextAreaElement = root
        .query_selector("textarea.source")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(ta.value(), EKS);
    assert_eq!(
        attr(&root, "[role=tabpanel]", "aria-labelledby"),
        first.get_attribute("id")
    );
    // Delete closes the focused tab.
    key(&first, "Delete");
    yew::scheduler::flush().await;
    assert_eq!(root.query_selector_all("[role=tab]").unwrap().length(), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn secrets_are_redacted_until_revealed() {
    let root = mount().await;
    paste(&root, EKS).await;
    assert_eq!(
        attr(&root, "button.reveal", "aria-pressed").as_deref(),
        Some("false")
    );
    assert!(root.query_selector(".reveal-warning").unwrap().is_none());
    click(&root, "button.reveal");
    yew::scheduler::flush().await;
    assert_eq!(
        attr(&root, "button.reveal", "aria-pressed").as_deref(),
        Some("true")
    );
    assert!(text_of(&root, ".reveal-warning").contains("Secrets are shown"));
    click(&root, "button.reveal");
    yew::scheduler::flush().await;
    assert!(root.query_selector(".reveal-warning").unwrap().is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_theme_picker_sets_data_theme_for_the_visit() {
    let root = mount().await;
    let html = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap();
    assert_eq!(html.get_attribute("data-theme"), None);
    click(&root, "[data-theme-option=dark]");
    yew::scheduler::flush().await;
    assert_eq!(html.get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(
        attr(&root, "[data-theme-option=dark]", "aria-pressed").as_deref(),
        Some("true")
    );
    click(&root, "[data-theme-option=system]");
    yew::scheduler::flush().await;
    assert_eq!(html.get_attribute("data-theme"), None);
    // Nothing remembers it: the choice lasts as long as the page.
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(storage.length().unwrap(), 0);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_kubeconfig_with_a_ca_and_client_certificate_shows_their_cards() {
    let root = mount().await;
    paste(
        &root,
        include_str!("fixtures/kubeconfig/cert-kubeadm-admin.yaml"),
    )
    .await;
    let cards = root.query_selector_all("details.cert-card").unwrap();
    assert!(
        cards.length() >= 2,
        "a card for the CA and one for the client certificate"
    );
    let text = text_of(&root, ".explanation.kubeconfig");
    assert!(text.contains("CN = kubernetes"), "{text}");
    assert!(
        text.contains("O = system:masters, CN = kubernetes-admin"),
        "{text}"
    );
    assert!(text.contains("SHA-256"), "fingerprints are shown: {text}");
    assert!(
        !text.contains("MIIEowIBAAKCAQEA"),
        "nothing of the private key is shown"
    );
    root.remove();
}

/// Types into an `<input>` as a user would.
async fn type_into(root: &Element, selector: &str, text: &str) {
    let input: web_sys::HtmlInputElement = root
        .query_selector(selector)
        .unwrap()
        .expect("input")
        .dyn_into()
        .unwrap();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn an_iam_arn_typed_next_to_aws_auth_shows_its_kubernetes_identity() {
    let root = mount().await;
    paste(
        &root,
        include_str!("../static/samples/aws-auth-configmap.yaml"),
    )
    .await;
    type_into(
        &root,
        "input.aws-arn",
        "arn:aws:iam::111122223333:user/alice",
    )
    .await;
    assert_eq!(text_of(&root, "code.mapped-user"), "alice");
    assert!(text_of(&root, "dl.lookup-result").contains("payments-developers"));
    // The role has a path (/platform/); the authenticator drops it from a session ARN, so nothing matches.
    type_into(
        &root,
        "input.aws-arn",
        "arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice",
    )
    .await;
    assert!(
        text_of(&root, ".lookup-none").contains("No entry maps it"),
        "{}",
        text_of(&root, ".aws-auth")
    );
    root.remove();
}

/// mapUsers entries whose ARNs differ only in case are both kept by the
/// authenticator, and either may answer; one of them has no username.
#[wasm_bindgen_test]
async fn an_arn_two_entries_match_shows_both_answers_and_names_an_empty_username() {
    let root = mount().await;
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/Alice\n      username: alice\n      groups:\n        - system:masters\n    - userarn: arn:aws:iam::111122223333:user/alice\n      groups:\n        - viewers\n";
    paste(&root, cm).await;
    type_into(
        &root,
        "input.aws-arn",
        "arn:aws:iam::111122223333:user/alice",
    )
    .await;
    let shown = text_of(&root, ".aws-auth");
    assert!(shown.contains("other entry matches too"), "{shown}");
    assert_eq!(
        root.query_selector_all("dl.lookup-result")
            .unwrap()
            .length(),
        2,
        "{shown}"
    );
    assert!(shown.contains("empty Kubernetes user name"), "{shown}");
    assert!(
        shown.contains("system:masters") && shown.contains("viewers"),
        "{shown}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn inputs_pasted_together_are_checked_against_each_other() {
    let root = mount().await;
    paste(&root, EKS).await;
    click(&root, "button.tab-add");
    yew::scheduler::flush().await;
    let other_cluster = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0000000000000000000000000000ABCD";
    paste(&root, other_cluster).await;
    let cross = text_of(&root, "ul.cross-checks");
    assert!(cross.contains("another cluster"), "{cross}");
    assert!(root
        .query_selector("li.cross-check.fail")
        .unwrap()
        .is_some());
    root.remove();
}

/// A kubeconfig whose `n` contexts name clusters and users it does not have:
/// two errors (the current context's) and 2n - 2 warnings.
fn dangling_contexts(n: usize) -> String {
    let contexts: String = (0..n)
        .map(|i| format!("- name: ctx{i}\n  context:\n    cluster: c{i}\n    user: u{i}\n"))
        .collect();
    format!("apiVersion: v1\nkind: Config\ncurrent-context: ctx0\nclusters: []\nusers: []\ncontexts:\n{contexts}")
}

#[wasm_bindgen_test]
async fn a_long_findings_list_shows_its_first_items_at_once_and_the_rest_frame_by_frame() {
    let root = mount().await;
    // The number of findings in the page after each change of the DOM.
    // 2 errors and 58 warnings: the first page is 2 + 50 findings.
    let shown = counts_while_pasting(&root, "li.finding", &dangling_contexts(30)).await;
    assert_eq!(
        shown,
        [20, 40, 52],
        "first 20, then 20 a frame up to the first page"
    );
    assert_eq!(
        root.query_selector_all("section.finding-group.error li.finding")
            .unwrap()
            .length(),
        2
    );
    assert!(
        text_of(&root, ".finding-group.warning .show-more").contains("Showing 50 of 58 warnings")
    );
    root.remove();
}
