//! The input editor: a monospace textarea over a highlight-band layer, beside a
//! gutter of finding markers and line numbers; plus open-file and drag-and-drop.
//!
//! The textarea is uncontrolled: typing never round-trips the text through Yew.
//! Its value is set only when the state's text differs from what it shows (a
//! sample or file was loaded, another tab was selected).

use super::by_ptr::ByPtr;
use super::dom;
use super::gutter::{Bands, Gutter};
use super::input_toolbar::InputToolbar;
use super::large_input::{is_large, large_paste};
use super::source_view::SourceView;
use super::state::{Action, Analysis};
use super::view_model::{line_at_utf16_offset, line_at_y, line_count, markers};
use crate::core::InputKind;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{DragEvent, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The active input's id: a change means another tab was selected.
    pub input_id: u32,
    /// Compared by identity (by_ptr.rs): a big text is never compared byte by byte.
    pub text: ByPtr<str>,
    pub analysis: Option<Rc<Analysis>>,
    pub stale: bool,
    pub kind_override: Option<InputKind>,
    pub highlighted_line: Option<u32>,
    /// A new value re-shows the highlighted line even when it is the same line.
    pub highlight_seq: u32,
    /// Select the highlighted line and focus the editor (a finding was clicked, not a marker).
    pub select_highlighted: bool,
    /// The hovered or caret line, when it has findings.
    pub linked_line: Option<u32>,
    pub dispatch: Callback<Action>,
    /// Show the text in the read-only view (`SourceView`), not the textarea: it is
    /// large, and the user has not asked to edit it as text.
    #[prop_or_default]
    pub read_only: bool,
}

/// Reads a dropped or chosen file and loads it. The reader is kept alive in
/// `slot` until it finishes.
fn load_file(
    file: web_sys::File,
    slot: Rc<RefCell<Option<gloo::file::callbacks::FileReader>>>,
    dispatch: Callback<Action>,
) {
    let name = file.name();
    let file = gloo::file::File::from(file);
    let reader = gloo::file::callbacks::read_as_bytes(&file, move |res| {
        if let Ok(bytes) = res {
            dispatch.emit(Action::Load {
                name,
                text: crate::core::input::decode_bytes(&bytes),
            });
        }
    });
    *slot.borrow_mut() = Some(reader);
}

/// The `mousemove`/`mouseleave` pair that reports the hovered line
/// (`Action::HoverLine`), only when it changes: `line_of` says which line the
/// mouse is on. `last` is the component's memory of the last line reported.
pub(super) fn hover_callbacks(
    dispatch: &Callback<Action>,
    last: &Rc<RefCell<Option<u32>>>,
    line_of: impl Fn(&MouseEvent) -> Option<u32> + 'static,
) -> (Callback<MouseEvent>, Callback<MouseEvent>) {
    let on_move = {
        let (dispatch, last) = (dispatch.clone(), last.clone());
        Callback::from(move |e: MouseEvent| {
            let line = line_of(&e);
            if *last.borrow() != line {
                *last.borrow_mut() = line;
                dispatch.emit(Action::HoverLine(line));
            }
        })
    };
    let on_leave = {
        let (dispatch, last) = (dispatch.clone(), last.clone());
        Callback::from(move |_: MouseEvent| {
            if last.borrow_mut().take().is_some() {
                dispatch.emit(Action::HoverLine(None));
            }
        })
    };
    (on_move, on_leave)
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let gutter_lines = use_node_ref();
    let bands = use_node_ref();
    let reader = use_mut_ref(|| None);
    let dragging = use_state(|| false);
    // The last hover/caret line reported, so moving within a line dispatches nothing.
    let last_hover = use_mut_ref(|| None::<u32>);
    let last_caret = use_mut_ref(|| None::<u32>);

    // Keeps the gutter and the bands in step with the textarea's scroll.
    let sync = {
        let (textarea, gutter_lines, bands) =
            (textarea.clone(), gutter_lines.clone(), bands.clone());
        Rc::new(move || {
            if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                let top = t.scroll_top();
                for layer in [&gutter_lines, &bands] {
                    if let Some(l) = layer.cast::<HtmlElement>() {
                        dom::follow_scroll(&l, top);
                    }
                }
            }
        })
    };

    // The text the textarea last sent with `Action::Edit`: when the state's text is
    // that very string, the textarea already shows it (reading a big value back
    // to compare costs a copy of it on every keystroke).
    let typed = use_mut_ref(|| None::<Rc<str>>);

    // Show the state's text when it is not what the textarea holds (load, tab switch).
    {
        let (textarea, sync, typed) = (textarea.clone(), sync.clone(), typed.clone());
        // With the read-only view on, there is no textarea; leaving it puts one back, to be filled.
        use_effect_with(
            (props.input_id, props.text.clone(), props.read_only),
            move |(_, ByPtr(text), _)| {
                // Taken, so it answers once: after a tab switch the same text must be shown again.
                if typed.take().is_some_and(|t| Rc::ptr_eq(&t, text)) {
                    return;
                }
                if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                    if *t.value() != **text {
                        t.set_value(text);
                        t.set_scroll_top(0);
                    }
                }
                sync();
            },
        );
    }
    // A new tab starts at its top.
    {
        let (textarea, sync, last_hover, last_caret) = (
            textarea.clone(),
            sync.clone(),
            last_hover.clone(),
            last_caret.clone(),
        );
        use_effect_with(props.input_id, move |_| {
            if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                t.set_scroll_top(0);
            }
            *last_hover.borrow_mut() = None;
            *last_caret.borrow_mut() = None;
            sync();
        });
    }
    // Show the highlighted line: a finding's location was clicked, so select the
    // line and put the caret there; or a marker was clicked, so only scroll (the
    // findings list takes the focus).
    {
        let (textarea, sync, select) = (textarea.clone(), sync.clone(), props.select_highlighted);
        let key = (props.highlighted_line, props.highlight_seq);
        use_effect_with(key, move |(line, _)| {
            if let (Some(line), Some(t)) = (line, textarea.cast::<HtmlTextAreaElement>()) {
                if select {
                    dom::select_line(&t, *line);
                } else {
                    dom::scroll_line_into_view(&t, *line);
                }
            }
            sync();
        });
    }

    // `value` is the textarea's text when the caller has already read it.
    let caret_changed = {
        let (dispatch, last_caret) = (props.dispatch.clone(), last_caret.clone());
        Rc::new(move |t: &HtmlTextAreaElement, value: Option<&str>| {
            let line = t.selection_start().ok().flatten().map(|off| match value {
                Some(v) => line_at_utf16_offset(v, off),
                None => line_at_utf16_offset(&t.value(), off),
            });
            if *last_caret.borrow() != line {
                *last_caret.borrow_mut() = line;
                dispatch.emit(Action::CaretLine(line));
            }
        })
    };
    let on_input = {
        let (dispatch, caret_changed, typed) =
            (props.dispatch.clone(), caret_changed.clone(), typed.clone());
        Callback::from(move |e: InputEvent| {
            dom::mark("eksplain-input");
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            let text: Rc<str> = Rc::from(t.value());
            *typed.borrow_mut() = Some(text.clone());
            dispatch.emit(Action::Edit(text.clone()));
            caret_changed(&t, Some(&text));
        })
    };
    let on_caret_key = {
        let caret_changed = caret_changed.clone();
        Callback::from(move |e: KeyboardEvent| caret_changed(&e.target_unchecked_into(), None))
    };
    let on_caret_click = {
        let caret_changed = caret_changed.clone();
        Callback::from(move |e: MouseEvent| caret_changed(&e.target_unchecked_into(), None))
    };
    let on_blur = {
        let (dispatch, last_caret) = (props.dispatch.clone(), last_caret.clone());
        Callback::from(move |_: FocusEvent| {
            if last_caret.borrow_mut().take().is_some() {
                dispatch.emit(Action::CaretLine(None));
            }
        })
    };
    // Counted for the textarea only (a scan of the whole text, on every render).
    let lines = if props.read_only {
        0
    } else {
        line_count(&props.text)
    };
    let (on_mouse_move, on_mouse_leave) =
        hover_callbacks(&props.dispatch, &last_hover, move |e: &MouseEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            line_at_y(e.offset_y() as f64, t.scroll_top() as f64, lines)
        });
    let on_scroll = {
        let sync = sync.clone();
        Callback::from(move |_: Event| sync())
    };
    // A paste that would make the text large goes to the read-only view instead:
    // the textarea never holds it. A large text the user chose to edit as text
    // (it is already in the textarea) takes pastes as usual.
    let on_paste = {
        let (dispatch, as_text) = (props.dispatch.clone(), is_large(&props.text));
        Callback::from(move |e: Event| {
            if as_text {
                return;
            }
            let Some(pasted) = dom::pasted_text(&e) else {
                return;
            };
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            let selection = (
                t.selection_start().ok().flatten().unwrap_or(0),
                t.selection_end().ok().flatten().unwrap_or(0),
            );
            if let Some(text) = large_paste(&t.value(), selection, &pasted) {
                e.prevent_default();
                replace_soon(&dispatch, text);
            }
        })
    };
    let on_file = {
        let (reader, dispatch) = (reader.clone(), props.dispatch.clone());
        Callback::from(move |file| load_file(file, reader.clone(), dispatch.clone()))
    };
    let on_drop = {
        let (reader, dispatch, dragging) =
            (reader.clone(), props.dispatch.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                load_file(file, reader.clone(), dispatch.clone());
            }
        })
    };
    let on_dragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_dragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_marker = props.dispatch.reform(Action::JumpToFindings);

    let seq = props.analysis.as_ref().map(|a| a.seq);
    let marks = {
        let analysis = props.analysis.clone();
        use_memo(seq, move |_| {
            Rc::new(analysis.map(|a| markers(&a.report)).unwrap_or_default())
        })
    };
    // A band for the hovered or caret line only when that line has findings.
    let linked_band = props
        .linked_line
        .filter(|l| marks.iter().any(|m| m.line == *l));

    html! {
        <div class={classes!("editor-wrap", dragging.then_some("dragging"))} ondrop={on_drop} ondragover={on_dragover} ondragleave={on_dragleave}>
            <InputToolbar
                kind_override={props.kind_override}
                detected={props.analysis.as_ref().map(|a| a.report.detected)}
                {on_file}
                dispatch={props.dispatch.clone()}
            />
            if props.read_only {
                <SourceView
                    input_id={props.input_id}
                    text={props.text.clone()}
                    markers={(*marks).clone()}
                    stale={props.stale}
                    highlighted_line={props.highlighted_line}
                    highlight_seq={props.highlight_seq}
                    focus_highlighted={props.select_highlighted}
                    linked_line={linked_band}
                    dispatch={props.dispatch.clone()}
                />
            } else {
            <div class="editor">
                <div class="gutter" aria-hidden="true">
                    <div class="gutter-lines" ref={gutter_lines}>
                        <Gutter
                            line_count={lines}
                            markers={(*marks).clone()}
                            highlighted_line={props.highlighted_line}
                            stale={props.stale}
                            {on_marker}
                        />
                    </div>
                </div>
                <div class="source-area">
                    <div class="bands" ref={bands} aria-hidden="true">
                        <Bands highlighted_line={props.highlighted_line} linked_line={linked_band} />
                    </div>
                    <textarea
                        ref={textarea}
                        class="source"
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap="off"
                        aria-label="Input: paste a kubeconfig, trust policy, OIDC provider ARN, EKS token, certificate, aws-auth ConfigMap or ServiceAccount"
                        placeholder="Paste a kubeconfig, an IAM trust policy, an OIDC provider ARN, an EKS token, a certificate, an aws-auth ConfigMap or a ServiceAccount — or drop a file here."
                        oninput={on_input}
                        onscroll={on_scroll}
                        onkeyup={on_caret_key}
                        onclick={on_caret_click}
                        onblur={on_blur}
                        onmousemove={on_mouse_move}
                        onmouseleave={on_mouse_leave}
                        onpaste={on_paste}
                    />
                </div>
            </div>
            }
        </div>
    }
}

/// Replaces the input's text with a pasted one in a task of its own. Copying a
/// 10 MB paste in and rendering the read-only view for it took ~55–85 ms in
/// one task in Chromium (issue 8's budget is 50 ms); split, each half stays
/// under it. The `eksplain-input` mark is set then, when the text changes: an
/// analysis of the old text whose timer fires in between is not this one's.
pub(super) fn replace_soon(dispatch: &yew::Callback<super::state::Action>, text: String) {
    let dispatch = dispatch.clone();
    gloo::timers::callback::Timeout::new(0, move || {
        dom::mark("eksplain-input");
        dispatch.emit(super::state::Action::Replace(text.into()))
    })
    .forget();
}
