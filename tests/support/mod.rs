//! What every browser test does: mount the real App, paste as a user would,
//! wait for the debounced analysis, read what is on the screen.
// Each test file uses only some of these helpers.
#![allow(dead_code)]

use eksplain::ui::App;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};

/// Mounts a fresh App into its own element.
pub async fn mount() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Puts `text` into the editor as a paste would, and waits for the debounced analysis.
pub async fn paste(root: &Element, text: &str) {
    let ta: HtmlTextAreaElement = root
        .query_selector("textarea.source")
        .unwrap()
        .expect("editor textarea")
        .dyn_into()
        .unwrap();
    ta.set_value(text);
    ta.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    // Longer than the debounce; then let the re-render finish.
    sleep(400).await;
    yew::scheduler::flush().await;
}

/// The text of the first element matching `selector`, or "" when there is none.
pub fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

/// Pastes `text` and returns how many elements matched `selector` after each
/// change of the DOM that changed that number (zeros left out): how a report
/// fills in, frame by frame.
pub async fn counts_while_pasting(root: &Element, selector: &str, text: &str) -> Vec<u32> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use web_sys::{MutationObserver, MutationObserverInit};

    let seen = Rc::new(RefCell::new(Vec::<u32>::new()));
    let record = {
        let (root, seen, selector) = (root.clone(), seen.clone(), selector.to_string());
        Closure::<dyn FnMut()>::new(move || {
            let n = root.query_selector_all(&selector).unwrap().length();
            let mut seen = seen.borrow_mut();
            if seen.last() != Some(&n) {
                seen.push(n);
            }
        })
    };
    let observer = MutationObserver::new(record.as_ref().unchecked_ref()).unwrap();
    let options = MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    observer.observe_with_options(root, &options).unwrap();
    paste(root, text).await;
    // A slow (debug, loaded) build may still be filling the report in.
    let html = gloo::utils::document().document_element().unwrap();
    for _ in 0..200 {
        if !html.has_attribute("data-eksplain-filling") {
            break;
        }
        sleep(50).await;
        yew::scheduler::flush().await;
    }
    observer.disconnect();
    let counts = seen.borrow().iter().copied().filter(|&n| n > 0).collect();
    counts
}
