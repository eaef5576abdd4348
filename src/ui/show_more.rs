//! Long lists in the report show their first items and buttons for the rest.
//!
//! Measured (tools/e2e/bench.mjs): for a 1,000-context kubeconfig the analysis
//! takes tens of milliseconds in wasm, but building the report's DOM — every
//! context, cluster, credential flow, story and certificate card, tens of
//! thousands of elements — blocked the tab for seconds. Showing the first
//! [`PAGE`] of each list keeps a large paste's report as cheap as a small one's;
//! everything stays one click away, and the copied and downloaded reports are
//! always complete.

use yew::prelude::*;

/// How many items of a list are shown at first, and added per "Show more".
pub const PAGE: usize = 50;

/// How many of `total` items to render, and the buttons that show more (empty
/// when all are shown). The count goes back to [`PAGE`] when `reset` changes (a
/// new analysis of new text: `Analysis::view`), so a large paste never inherits
/// an expanded list, while a re-check at a later clock keeps it.
#[hook]
pub fn use_show_more(total: usize, noun: &'static str, reset: u64) -> (usize, Html) {
    let shown = use_state(|| (reset, PAGE));
    let limit = if shown.0 == reset { shown.1 } else { PAGE };
    let visible = total.min(limit);
    if visible == total {
        return (visible, Html::default());
    }
    let more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set((reset, limit + PAGE)))
    };
    let all = Callback::from(move |_: MouseEvent| shown.set((reset, usize::MAX)));
    let hidden = total - visible;
    let buttons = html! {
        <p class="show-more" data-hidden={hidden.to_string()}>
            { format!("Showing {visible} of {total} {noun}. ") }
            <button type="button" onclick={more}>{ format!("Show {} more", hidden.min(PAGE)) }</button>
            <button type="button" onclick={all}>{ format!("Show all {total}") }</button>
        </p>
    };
    (visible, buttons)
}
