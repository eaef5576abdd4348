//! Browser test: a report stays true while the tab stays open. A token that
//! expires a few seconds after it is pasted turns expired on screen, without
//! the user touching anything and without closing what they had opened.
#![cfg(target_arch = "wasm32")]

use base64::Engine as _;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

mod support;
use support::{mount, paste, sleep, text_of};

wasm_bindgen_test_configure!(run_in_browser);

fn jwt_expiring_at(exp: i64) -> String {
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    // `sts.amazonaws.co`: a typo, so that the report has a warning whose docs
    // the user can open before the token expires.
    let claims = format!(
        r#"{{"iss":"https://oidc.eks.us-east-1.amazonaws.com/id/ABC","sub":"system:serviceaccount:a:b","aud":["sts.amazonaws.co"],"exp":{exp}}}"#
    );
    format!("{}.{}.c2ln", b64(r#"{"alg":"RS256"}"#), b64(&claims))
}

#[wasm_bindgen_test]
async fn a_token_turns_expired_while_the_tab_stays_open() {
    let root = mount().await;
    let now = (js_sys::Date::now() / 1000.0) as i64;
    // Far enough ahead for the paste, the debounce and the render on a loaded machine.
    let exp = now + 6;
    paste(&root, &jwt_expiring_at(exp)).await;
    assert!(
        root.query_selector("li.finding[data-code=JWT004]")
            .unwrap()
            .is_none(),
        "not expired yet (a loaded machine took over 6 s to paste?)"
    );
    // Open the warning's rule docs.
    let toggle: HtmlElement = root
        .query_selector("li.finding[data-code=JWT006] button.docs-toggle")
        .unwrap()
        .expect("JWT006 docs toggle")
        .dyn_into()
        .unwrap();
    toggle.click();
    yew::scheduler::flush().await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );

    // Until `exp` the token is valid; the page re-checks at `exp` (and every
    // second before, as "in 2 seconds" counts down).
    let wait = (exp as f64 + 1.5) * 1000.0 - js_sys::Date::now();
    sleep(wait.max(0.0) as i32).await;
    yew::scheduler::flush().await;
    let expired = text_of(&root, "li.finding[data-code=JWT004]");
    assert!(expired.contains("The token expired"), "{expired}");
    let claims = text_of(&root, ".explanation");
    assert!(claims.contains("second"), "relative time shown: {claims}");
    // The docs the user opened are still open.
    let toggle = root
        .query_selector("li.finding[data-code=JWT006] button.docs-toggle")
        .unwrap()
        .expect("JWT006 still shown");
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    root.remove();
}
