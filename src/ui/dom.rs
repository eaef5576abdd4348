//! The few places the page touches the browser directly: the clock, the panic
//! hook, selecting a line in the editor, scrolling layers in step with it, the
//! clipboard, downloads, the theme attribute and Performance API marks.
//!
//! Styles are set through the CSSOM (`element.style.setProperty`), which the
//! page's CSP (`style-src 'self'`, no `'unsafe-inline'`) allows, unlike `style="…"`
//! attributes in markup.

use super::view_model::{EDITOR_PAD_PX, LINE_HEIGHT_PX};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlTextAreaElement};

/// The browser's clock, as Unix seconds: the `now` passed into the core.
pub fn now() -> Option<crate::core::UnixTime> {
    Some((js_sys::Date::now() / 1000.0) as i64)
}

/// Milliseconds from the browser's clock to the start of second `t`.
pub fn millis_until(t: crate::core::UnixTime) -> f64 {
    t as f64 * 1000.0 - js_sys::Date::now()
}

/// True while the tab is in the background (`document.hidden`).
pub fn tab_hidden() -> bool {
    gloo::utils::document().hidden()
}

/// If anything panics, show a readable message instead of a frozen page. The
/// editor's text stays where it is, so the user loses nothing.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(div) = doc.create_element("div") else {
            return;
        };
        div.set_class_name("panic-banner");
        div.set_attribute("role", "alert").ok();
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        div.set_text_content(Some(&format!(
            "eksplain hit an internal error{place} and stopped. Your input is still in the editor: copy it, reload the page, and please report the input that caused this (with secrets removed)."
        )));
        if let Some(body) = doc.body() {
            let _ = body.prepend_with_node_1(&div);
        }
        // A panic in the first render: the shell's "Loading" is no longer true.
        remove_boot_shell();
    }));
}

/// Selects line `line` (1-based) of the editor, scrolls it into view and focuses it.
pub fn select_line(textarea: &HtmlTextAreaElement, line: u32) {
    let text = textarea.value();
    let mut start = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        let len = l.encode_utf16().count();
        if i + 1 == line as usize {
            let _ = textarea.set_selection_range(start as u32, (start + len) as u32);
            break;
        }
        start += len + 1;
    }
    scroll_line_into_view(textarea, line);
    let _ = textarea.focus();
}

/// Scrolls the editor so that `line` sits a third of the way down, unless it is
/// already comfortably visible.
pub fn scroll_line_into_view(textarea: &HtmlTextAreaElement, line: u32) {
    let top = (line as f64 - 1.0) * LINE_HEIGHT_PX + EDITOR_PAD_PX;
    let (scroll, height) = (
        textarea.scroll_top() as f64,
        textarea.client_height() as f64,
    );
    if top >= scroll + LINE_HEIGHT_PX && top + 2.0 * LINE_HEIGHT_PX <= scroll + height {
        return;
    }
    textarea.set_scroll_top((top - height / 3.0).max(0.0) as i32);
}

/// Moves a layer (the gutter's lines, the highlight bands) up by `scroll_top`
/// pixels so it stays in step with the textarea. A transform has no scroll
/// range to run out of, so the layer lines up even at the very bottom, where a
/// horizontal scrollbar makes the textarea's scroll range longer than the gutter's.
pub fn follow_scroll(layer: &HtmlElement, scroll_top: i32) {
    let _ = layer
        .style()
        .set_property("transform", &format!("translateY({}px)", -scroll_top));
}

/// Sets (or, for `None`, removes) `data-theme` on `<html>`; static/style.css does the rest.
pub fn set_theme_attribute(value: Option<&str>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match value {
        Some(v) => root.set_attribute("data-theme", v),
        None => root.remove_attribute("data-theme"),
    };
}

/// Performance API marks around analysis (`eksplain-analyze-start` / `-end`, and
/// an `eksplain-analyze` measure between them) so tools and the e2e suite can
/// time "input set → report rendered". Only the latest pair is kept.
pub fn mark_analyze_start() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        p.clear_marks_with_mark_name("eksplain-analyze-start");
        p.clear_marks_with_mark_name("eksplain-analyze-end");
        let _ = p.mark("eksplain-analyze-start");
    }
}

/// Where the last analysis ran, `page` or `worker`: `<html data-eksplain-analyzed-in>`
/// (for tests and tooling).
pub fn set_analyzed_in(place: &str) {
    if let Some(html) = gloo::utils::document().document_element() {
        let _ = html.set_attribute("data-eksplain-analyzed-in", place);
    }
}

/// Removes index.html's loading shell (the header shown from the first paint). The
/// stylesheet already hides it once the app is in the body; removing it keeps one
/// header in the DOM for assistive technology and tests.
pub fn remove_boot_shell() {
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot-shell"))
    {
        shell.remove();
    }
}

/// Sets the Performance API mark `name`, replacing an earlier one of that name:
/// `eksplain-input` (the editor's text changed), `eksplain-analyzed` (the reducer
/// finished an analysis; with `eksplain-analyze` it splits analysis from
/// rendering), `eksplain-first-render` (the app's first render is in the DOM).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        p.clear_marks_with_mark_name(name);
        let _ = p.mark(name);
    }
}

pub fn mark_analyze_end() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        if p.get_entries_by_name("eksplain-analyze-start").length() == 0 {
            return; // a re-render that no analysis started
        }
        let _ = p.mark("eksplain-analyze-end");
        p.clear_measures_with_measure_name("eksplain-analyze");
        let _ = p.measure_with_start_mark_and_end_mark(
            "eksplain-analyze",
            "eksplain-analyze-start",
            "eksplain-analyze-end",
        );
        p.clear_marks_with_mark_name("eksplain-analyze-start");
    }
}

/// Copies text to the clipboard: the Clipboard API where the page is a secure
/// context (https, localhost), else the older `execCommand("copy")` on a
/// temporary textarea. Resolves to whether it worked.
pub async fn copy(text: String) -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let nav = w.navigator();
    // `navigator.clipboard` is undefined outside secure contexts; calling a
    // method on it would throw through the wasm frames.
    let has_api = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if has_api {
        let promise = nav.clipboard().write_text(&text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return true;
        }
    }
    legacy_copy(&text)
}

fn legacy_copy(text: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let (Some(body), Ok(el)) = (doc.body(), doc.create_element("textarea")) else {
        return false;
    };
    let Ok(ta) = el.dyn_into::<HtmlTextAreaElement>() else {
        return false;
    };
    ta.set_value(text);
    ta.set_class_name("visually-hidden");
    let _ = ta.set_attribute("aria-hidden", "true");
    let active = doc.active_element();
    let ok = body.append_child(&ta).is_ok() && {
        ta.select();
        doc.dyn_ref::<web_sys::HtmlDocument>()
            .and_then(|d| d.exec_command("copy").ok())
            .unwrap_or(false)
    };
    ta.remove();
    if let Some(a) = active.and_then(|a| a.dyn_into::<HtmlElement>().ok()) {
        let _ = a.focus();
    }
    ok
}

/// Offers `text` as a file download. Nothing is sent anywhere: the file is a
/// local blob URL, revoked right after the click.
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = doc
        .create_element("a")
        .map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// A `DataTransfer` whose `getData` keeps the text a JS string.
    type Transfer;
    #[wasm_bindgen(method, catch, js_name = getData)]
    fn get_data(this: &Transfer, format: &str) -> Result<js_sys::JsString, JsValue>;
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(
        this: &Utf8Encoder,
        text: &js_sys::JsString,
        into: &js_sys::Uint8Array,
    ) -> Encoded;
    type Encoded;
    #[wasm_bindgen(method, getter)]
    fn read(this: &Encoded) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &Encoded) -> u32;
}

/// The text of a `paste` event, if it carries any. Large pastes are the reason
/// for the detour: wasm-bindgen copies a JS string into wasm one UTF-16 unit at
/// a time in a JS loop (~30 ms for a 10 MB paste in Chromium), while
/// `TextEncoder.encodeInto` writes it straight into wasm memory (~13 ms).
pub fn pasted_text(e: &web_sys::Event) -> Option<String> {
    let data = e.dyn_ref::<web_sys::ClipboardEvent>()?.clipboard_data()?;
    let text = data
        .unchecked_into::<Transfer>()
        .get_data("text/plain")
        .ok()?;
    Some(utf8_of(&text))
}

/// `text` as UTF-8, encoded by the browser into a buffer in wasm memory.
fn utf8_of(text: &js_sys::JsString) -> String {
    let encoder = Utf8Encoder::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut rest = text.clone();
    // First as if every unit were ASCII (one byte each); if not, the rest with
    // room for three bytes per unit, the most one UTF-16 unit can take.
    let mut per_unit = 1;
    while rest.length() > 0 && per_unit <= 3 {
        let start = bytes.len();
        let room = rest.length() as usize * per_unit;
        bytes.resize(start + room, 0);
        // A view of the buffer's free part, made after the resize (which may grow
        // memory and detach older views).
        let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
        let view = js_sys::Uint8Array::new_with_byte_offset_and_length(
            &memory.buffer(),
            (bytes.as_ptr() as usize + start) as u32,
            room as u32,
        );
        let done = encoder.encode_into(&rest, &view);
        bytes.truncate(start + done.written() as usize);
        rest = rest.slice(done.read(), rest.length());
        per_unit += 2;
    }
    // encodeInto writes U+FFFD for a lone surrogate, so the bytes are UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
