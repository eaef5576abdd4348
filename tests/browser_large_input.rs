//! Browser tests of the read-only view that shows large inputs instead of the
//! textarea: a paste event that would make the text large never reaches the
//! textarea, only a window of lines is in the DOM, and the view follows the
//! scroll position and the highlighted line. The page's stylesheet is loaded,
//! since scrolling is layout.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

mod support;
use support::{mount, sleep, text_of};

wasm_bindgen_test_configure!(run_in_browser);

const V1ALPHA1: &str = include_str!("../static/samples/eks-v1alpha1.yaml");
const STYLE: &str = include_str!("../static/style.css");
/// Line of the v1alpha1 exec apiVersion (KC010) in the sample.
const KC010_LINE: u32 = 19;
const PADDING: u32 = 20_000;

/// The v1alpha1 sample with 20,000 comment lines before its line 19, the exec
/// apiVersion that KC010 flags: the finding moves to line 20,019, and detection
/// still sees a kubeconfig at the top.
fn large_input() -> String {
    let lines: Vec<&str> = V1ALPHA1.split_inclusive('\n').collect();
    let (head, tail) = lines.split_at(KC010_LINE as usize - 1);
    format!(
        "{}{}{}",
        head.concat(),
        "# padding line\n".repeat(PADDING as usize),
        tail.concat()
    )
}

fn load_style() {
    let doc = web_sys::window().unwrap().document().unwrap();
    if doc.query_selector("style#page-style").unwrap().is_none() {
        let style = doc.create_element("style").unwrap();
        style.set_id("page-style");
        style.set_text_content(Some(STYLE));
        doc.head().unwrap().append_child(&style).unwrap();
    }
}

fn el<T: JsCast>(root: &Element, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap()
}

/// Pastes `text` into `target` as a user's Ctrl+V does: a `paste` event carrying
/// the text. When the page does not take it (`preventDefault`), does what the
/// browser would: replaces the textarea's text and fires `input`. Returns
/// whether the page took it.
async fn paste_event(target: &Element, text: &str) -> bool {
    let data = web_sys::DataTransfer::new().unwrap();
    data.set_data("text/plain", text).unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_clipboard_data(Some(&data));
    init.set_bubbles(true);
    init.set_cancelable(true);
    // Firefox's constructor ignores `clipboardData` and reads these two instead.
    for (k, v) in [("dataType", "text/plain"), ("data", text)] {
        js_sys::Reflect::set(&init, &k.into(), &v.into()).unwrap();
    }
    let ev = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    let taken = !target.dispatch_event(&ev).unwrap();
    if !taken {
        let ta: HtmlTextAreaElement = target.clone().dyn_into().unwrap();
        ta.set_value(text);
        ta.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
    } else {
        // A taken paste replaces the text a task later (editor::replace_soon).
        sleep(0).await;
    }
    yew::scheduler::flush().await;
    taken
}

/// Waits (up to 20 s: a debug build analyses slowly) until `selector` matches.
async fn wait_for(root: &Element, selector: &str) {
    for _ in 0..200 {
        if root.query_selector(selector).unwrap().is_some() {
            return;
        }
        sleep(100).await;
        yew::scheduler::flush().await;
    }
    panic!("{selector} never appeared");
}

/// Lets a scroll event and the re-render it causes run.
async fn settle() {
    sleep(50).await;
    yew::scheduler::flush().await;
}

fn rendered_lines(root: &Element) -> Vec<u32> {
    let rows = root.query_selector_all(".vsource .vline").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.get(i)?.dyn_into::<Element>().ok())
        .filter_map(|r| r.get_attribute("data-line")?.parse().ok())
        .collect()
}

/// True when line `line`'s row lies inside the view's visible box.
fn line_is_visible(root: &Element, line: u32) -> bool {
    let Some(row) = root
        .query_selector(&format!(".vsource .vline[data-line=\"{line}\"]"))
        .unwrap()
    else {
        return false;
    };
    let view = el::<Element>(root, ".vsource").get_bounding_client_rect();
    let r = row.get_bounding_client_rect();
    r.top() >= view.top() && r.bottom() <= view.bottom()
}

async fn mount_with_large_input() -> (Element, String) {
    load_style();
    let root = mount().await;
    let text = large_input();
    let ta: Element = el(&root, "textarea.source");
    assert!(
        paste_event(&ta, &text).await,
        "the page takes the large paste"
    );
    (root, text)
}

#[wasm_bindgen_test]
async fn a_large_paste_is_shown_read_only_with_only_a_window_of_lines_in_the_dom() {
    let (root, _) = mount_with_large_input().await;
    assert!(
        root.query_selector("textarea.source").unwrap().is_none(),
        "the text never went into a textarea"
    );
    let banner = text_of(&root, ".large-input");
    assert!(banner.contains("20,031 lines"), "{banner}");
    assert!(banner.contains("shown read-only"), "{banner}");
    let lines = rendered_lines(&root);
    assert_eq!(lines.first(), Some(&1));
    assert!(
        (20..400).contains(&lines.len()),
        "{} rows rendered",
        lines.len()
    );
    assert_eq!(
        text_of(&root, ".vline[data-line=\"30\"] .vtext"),
        "# padding line"
    );
    assert_eq!(
        text_of(&root, ".vline[data-line=\"1\"] .vtext"),
        "apiVersion: v1"
    );
    let view: HtmlElement = el(&root, ".vsource");
    assert_eq!(
        view.tab_index(),
        0,
        "keyboard users can focus and scroll it"
    );
    assert!(view
        .get_attribute("aria-label")
        .unwrap()
        .contains("read-only"));
    // The scroll range is as tall as every line.
    assert!(view.scroll_height() >= 20_031 * 20);
    root.remove();
}

#[wasm_bindgen_test]
async fn scrolling_the_view_renders_the_lines_scrolled_to() {
    let (root, _) = mount_with_large_input().await;
    let view: HtmlElement = el(&root, ".vsource");
    view.set_scroll_top(9_999 * 20 + 8);
    settle().await;
    let lines = rendered_lines(&root);
    assert!(
        lines.contains(&10_000),
        "{:?}",
        (lines.first(), lines.last())
    );
    assert!(!lines.contains(&1));
    assert!(lines.len() < 400);
    assert!(line_is_visible(&root, 10_000));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_finding_click_scrolls_its_line_into_view_and_highlights_it() {
    let (root, _) = mount_with_large_input().await;
    let line = PADDING + KC010_LINE;
    wait_for(&root, "li.finding[data-code=KC010] button.goto").await;
    // The marker is there once its line is rendered; not yet.
    assert!(!line_is_visible(&root, line));
    el::<HtmlElement>(&root, "li.finding[data-code=KC010] button.goto").click();
    yew::scheduler::flush().await;
    assert!(
        line_is_visible(&root, line),
        "line {line} scrolled into view"
    );
    let row: Element = el(&root, &format!(".vline[data-line=\"{line}\"]"));
    assert!(row.class_list().contains("highlighted"));
    assert!(row
        .query_selector(".mark.warning, .mark.error, .mark.info")
        .unwrap()
        .is_some());
    // Its marker, like the gutter's, brings the finding into view and focus.
    el::<HtmlElement>(&root, &format!(".vline[data-line=\"{line}\"] .mark")).click();
    yew::scheduler::flush().await;
    sleep(100).await;
    let focused = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert!(focused.matches("li.finding[data-code=KC010]").unwrap());
    assert!(line_is_visible(&root, line));
    // Scrolled away, a second click on the same location brings the line back.
    el::<HtmlElement>(&root, ".vsource").set_scroll_top(0);
    settle().await;
    assert!(!line_is_visible(&root, line));
    el::<HtmlElement>(&root, "li.finding[data-code=KC010] button.goto").click();
    yew::scheduler::flush().await;
    settle().await;
    assert!(line_is_visible(&root, line), "line {line} shown again");
    root.remove();
}

#[wasm_bindgen_test]
async fn edit_as_text_moves_the_input_into_the_textarea() {
    let (root, text) = mount_with_large_input().await;
    el::<HtmlElement>(&root, "button.edit-as-text").click();
    yew::scheduler::flush().await;
    let ta: HtmlTextAreaElement = el(&root, "textarea.source");
    assert_eq!(ta.value().len(), text.len());
    assert!(ta.value() == text);
    assert!(root.query_selector(".vsource").unwrap().is_none());
    // Now it is text being edited: a paste goes into the textarea as usual.
    let ta: Element = el(&root, "textarea.source");
    assert!(!paste_event(&ta, &format!("{text}# more\n")).await);
    root.remove();
}

#[wasm_bindgen_test]
async fn small_pastes_go_into_the_textarea_and_a_paste_into_the_view_replaces_the_input() {
    load_style();
    let root = mount().await;
    let ta: Element = el(&root, "textarea.source");
    assert!(
        !paste_event(&ta, V1ALPHA1).await,
        "a small paste is the textarea's"
    );
    assert_eq!(
        el::<HtmlTextAreaElement>(&root, "textarea.source").value(),
        V1ALPHA1
    );
    // A large paste over the whole text goes to the view.
    let ta: HtmlTextAreaElement = el(&root, "textarea.source");
    ta.select();
    assert!(paste_event(&ta, &large_input()).await);
    assert!(root.query_selector(".vsource").unwrap().is_some());
    // Pasting into the view replaces the input: a small one is back in the textarea.
    let view: Element = el(&root, ".vsource");
    assert!(paste_event(&view, V1ALPHA1).await);
    assert_eq!(
        el::<HtmlTextAreaElement>(&root, "textarea.source").value(),
        V1ALPHA1
    );
    root.remove();
}

/// The pasted text reaches the page byte for byte, whatever its characters: a
/// 2-, 3- and 4-byte UTF-8 character before 20,000 ASCII lines (the paste is
/// encoded straight into wasm memory, first as if it were all ASCII).
#[wasm_bindgen_test]
async fn a_large_paste_keeps_every_character() {
    load_style();
    let root = mount().await;
    let first = "# café 東京 😀 — ü";
    let text = format!("{first}\r\n{}", large_input());
    let ta: Element = el(&root, "textarea.source");
    assert!(paste_event(&ta, &text).await);
    assert_eq!(text_of(&root, ".vline[data-line=\"1\"] .vtext"), first);
    assert_eq!(
        text_of(&root, ".vline[data-line=\"2\"] .vtext"),
        "apiVersion: v1"
    );
    let banner = text_of(&root, ".large-input");
    assert!(banner.contains("20,032 lines"), "{banner}");
    root.remove();
}
