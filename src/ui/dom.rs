//! The few places the page touches the browser directly: the clock, the panic
//! hook, selecting a line in the editor, the clipboard and downloads.

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

/// The browser's clock, as Unix seconds: the `now` passed into the core.
pub fn now() -> Option<crate::core::UnixTime> {
    Some((js_sys::Date::now() / 1000.0) as i64)
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
    let line_height = 20.0; // matches .editor line-height in static/style.css
    let target =
        ((line as f64 - 1.0) * line_height - textarea.client_height() as f64 / 3.0).max(0.0);
    textarea.set_scroll_top(target as i32);
    let _ = textarea.focus();
}

/// Copies text to the clipboard (best effort: the Clipboard API needs a secure context).
pub fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
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
