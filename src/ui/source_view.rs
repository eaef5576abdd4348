//! The read-only view of a large input: a scroll container as tall as all the
//! lines, holding only the lines near the viewport (`large_input::window`), each
//! with its number and its finding marker. The textarea would make the browser
//! lay out every line of a 2 MB paste; this view lays out about 150.
//!
//! The window is this component's own state: scrolling re-renders the view (every
//! `WINDOW_STEP` lines), never the report. Browsers fire `scroll` at most once per
//! frame, so the handler is already frame-paced. Heights and offsets are set
//! through the CSSOM (the CSP forbids `style` attributes).

use super::by_ptr::ByPtr;
use super::copy_button::{CopyButton, CopyText};
use super::dom;
use super::editor::hover_callbacks;
use super::gutter::marker_span;
use super::large_input::{line_starts, line_text, scroll_to_show, window};
use super::state::Action;
use super::view_model::{human_size, Marker, EDITOR_PAD_PX, LINE_HEIGHT_PX};
use std::ops::Range;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SourceViewProps {
    /// The active input's id: a change means another tab was selected.
    pub input_id: u32,
    /// Compared by identity (by_ptr.rs): a big text is never compared byte by byte.
    pub text: ByPtr<str>,
    pub markers: Rc<Vec<Marker>>,
    /// The markers belong to an older revision of the text.
    pub stale: bool,
    pub highlighted_line: Option<u32>,
    /// A new value re-shows the highlighted line even when it is the same line.
    pub highlight_seq: u32,
    /// Focus the view when a line is highlighted (a finding's location was clicked).
    pub focus_highlighted: bool,
    /// The hovered line, when it has findings.
    pub linked_line: Option<u32>,
    pub dispatch: Callback<Action>,
}

/// How many lines to render before the view has measured its height.
const FIRST_WINDOW: Range<u32> = 1..121;

/// `1,234,567`.
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The view's height, and never more than the window's: should a stylesheet fail to
/// bound the view, it still renders a screenful of lines, not all of them.
fn viewport(view: &HtmlElement) -> f64 {
    let window = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(2000.0);
    (view.client_height() as f64).min(window)
}

fn set_style(el: &HtmlElement, name: &str, value: &str) {
    let _ = el.style().set_property(name, value);
}

#[function_component(SourceView)]
pub fn source_view(props: &SourceViewProps) -> Html {
    let scroller = use_node_ref();
    let inner = use_node_ref();
    let rows = use_node_ref();
    let shown = use_state_eq(|| FIRST_WINDOW);
    let last_hover = use_mut_ref(|| None::<u32>);
    // Where each line starts: once per text, not per scroll.
    let starts = use_memo(props.text.clone(), |t| line_starts(t));
    let lines = u32::try_from(starts.len()).unwrap_or(u32::MAX);

    // Moves the window to what the scroll position shows.
    let update = {
        let (scroller, shown) = (scroller.clone(), shown.clone());
        Rc::new(move || {
            if let Some(s) = scroller.cast::<HtmlElement>() {
                shown.set(window(s.scroll_top() as f64, viewport(&s), lines));
            }
        })
    };

    // A new text or tab: size the scroll range and start at the top.
    {
        let (scroller, inner, update) = (scroller.clone(), inner.clone(), update.clone());
        use_effect_with((props.input_id, props.text.clone()), move |_| {
            if let (Some(s), Some(i)) =
                (scroller.cast::<HtmlElement>(), inner.cast::<HtmlElement>())
            {
                let height = lines as f64 * LINE_HEIGHT_PX + 2.0 * EDITOR_PAD_PX;
                set_style(&i, "height", &format!("{height}px"));
                set_style(&s, "--digits", &lines.to_string().len().to_string());
                s.set_scroll_top(0);
            }
            update();
        });
    }
    // The rendered lines sit where their lines are.
    {
        let rows = rows.clone();
        use_effect_with(shown.start, move |first| {
            if let Some(r) = rows.cast::<HtmlElement>() {
                let top = (*first as f64 - 1.0) * LINE_HEIGHT_PX + EDITOR_PAD_PX;
                set_style(&r, "transform", &format!("translateY({top}px)"));
            }
        });
    }
    // Bring the highlighted line into view (a finding's location or a marker was clicked).
    {
        let (scroller, update, focus) = (scroller.clone(), update.clone(), props.focus_highlighted);
        use_effect_with(
            (props.highlighted_line, props.highlight_seq),
            move |(line, _)| {
                if let (Some(line), Some(s)) = (line, scroller.cast::<HtmlElement>()) {
                    if let Some(top) = scroll_to_show(*line, s.scroll_top() as f64, viewport(&s)) {
                        s.set_scroll_top(top as i32);
                    }
                    // Now, not at the next scroll event: the line must be there when it is looked for.
                    update();
                    if focus {
                        let _ = s.focus();
                    }
                }
            },
        );
    }

    let on_scroll = {
        let update = update.clone();
        Callback::from(move |_: Event| update())
    };
    // A paste here replaces the input (there is no caret to paste at).
    let on_paste = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(text) = dom::pasted_text(&e).filter(|t| !t.is_empty()) else {
                return;
            };
            e.prevent_default();
            let text = super::large_input::normalize_newlines(text);
            super::editor::replace_soon(&dispatch, text);
        })
    };
    let (on_mouse_move, on_mouse_leave) =
        hover_callbacks(&props.dispatch, &last_hover, |e: &MouseEvent| {
            e.target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest(".vline").ok().flatten())
                .and_then(|row| row.get_attribute("data-line"))
                .and_then(|l| l.parse::<u32>().ok())
        });
    let on_edit = props.dispatch.reform(|_: MouseEvent| Action::EditAsText);
    let copy_all = {
        let text = props.text.0.clone();
        CopyText::Lazy(Callback::from(move |()| text.to_string()))
    };

    // The markers of the shown lines (they are in line order).
    let first_mark = props.markers.partition_point(|m| m.line < shown.start);
    let mut marks = props.markers[first_mark..]
        .iter()
        .take_while(|m| m.line < shown.end)
        .peekable();
    let row = |line: u32, mark: Option<&Marker>| {
        let (content, cut) = line_text(&props.text, &starts, line);
        let marker = match mark {
            Some(m) => marker_span(
                m,
                props.highlighted_line == Some(line),
                props
                    .dispatch
                    .reform(move |_: MouseEvent| Action::JumpToFindings(line)),
            ),
            None => html! { <span class="mark-space"></span> },
        };
        let class = classes!(
            "vline",
            (props.highlighted_line == Some(line)).then_some("highlighted"),
            (props.linked_line == Some(line) && props.highlighted_line != Some(line))
                .then_some("linked"),
        );
        html! {
            <div key={line} {class} data-line={line.to_string()}>
                <span class="vgutter" aria-hidden="true">{ marker }<span class="vnum">{ line }</span></span>
                <span class="vtext">{ content.to_string() }</span>
                if cut > 0 {
                    <span class="vcut">{ format!(" … {} more on this line (Copy all or Edit as text to see it)", human_size(cut)) }</span>
                }
            </div>
        }
    };
    let rendered = (*shown).clone().filter(|l| *l <= lines).map(|line| {
        let mark = marks.next_if(|m| m.line == line);
        row(line, mark)
    });

    let size = human_size(props.text.len());
    let count = thousands(lines);
    html! {
        <>
            <div class="large-input" role="note">
                <p>
                    <strong>{ format!("Large input ({size}, {count} lines)") }</strong>
                    { " — shown read-only so the page stays responsive; paste here to replace it. Select-all and find-in-page reach only the lines on screen." }
                </p>
                <div class="large-input-actions">
                    <CopyButton text={copy_all} label="Copy all" />
                    <button type="button" class="edit-as-text" onclick={on_edit}
                        title="Puts the text in the editable text box, which the browser lays out in full: the page may freeze for a moment now and after each change.">
                        { "Edit as text" }
                    </button>
                    <span class="muted">{ "(the text box lays out every line: expect the page to pause)" }</span>
                </div>
            </div>
            <div class="editor">
                <div
                    ref={scroller}
                    class={classes!("vsource", props.stale.then_some("stale"))}
                    tabindex="0"
                    role="region"
                    aria-label={format!("Input, read-only: {count} lines. Arrow keys and Page Up/Down scroll; paste to replace it.")}
                    onscroll={on_scroll}
                    onpaste={on_paste}
                    onmousemove={on_mouse_move}
                    onmouseleave={on_mouse_leave}
                >
                    <div class="vsource-inner" ref={inner}>
                        <div class="vsource-rows" ref={rows}>{ for rendered }</div>
                    </div>
                </div>
            </div>
        </>
    }
}
