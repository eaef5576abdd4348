//! The input editor: a monospace textarea with a line-number gutter carrying
//! finding markers, plus open-file, drag-and-drop, samples and the kind picker.

use super::dom;
use super::state::Action;
use crate::core::{InputKind, Report, Severity};
use crate::samples::SAMPLES;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{DragEvent, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: String,
    pub name: String,
    pub report: Option<Rc<Report>>,
    pub kind_override: Option<InputKind>,
    pub highlighted_line: Option<u32>,
    pub dispatch: Callback<Action>,
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

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let gutter = use_node_ref();
    let reader = use_mut_ref(|| None);
    let dragging = use_state(|| false);

    // Jump to the highlighted line when a finding is clicked.
    {
        let textarea = textarea.clone();
        use_effect_with(props.highlighted_line, move |line| {
            if let (Some(line), Some(t)) = (line, textarea.cast::<HtmlTextAreaElement>()) {
                dom::select_line(&t, *line);
            }
        });
    }

    let on_input = props.dispatch.reform(|e: InputEvent| {
        Action::Edit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
    });
    let on_scroll = {
        let (textarea, gutter) = (textarea.clone(), gutter.clone());
        Callback::from(move |_: Event| {
            if let (Some(t), Some(g)) = (
                textarea.cast::<HtmlTextAreaElement>(),
                gutter.cast::<web_sys::HtmlElement>(),
            ) {
                g.set_scroll_top(t.scroll_top());
            }
        })
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
            dragging.set(true);
        })
    };
    let on_dragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_file = {
        let (reader, dispatch) = (reader.clone(), props.dispatch.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                load_file(file, reader.clone(), dispatch.clone());
            }
            input.set_value("");
        })
    };
    let on_sample = props.dispatch.reform(|e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        let id = sel.value();
        sel.set_value("");
        match crate::samples::by_id(&id) {
            Some(s) => Action::Load {
                name: format!("sample: {}", s.id),
                text: s.text.to_string(),
            },
            None => Action::Highlight(None),
        }
    });
    let on_kind = props.dispatch.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::SetKind(InputKind::from_id(&v))
    });

    let line_count = props.text.split('\n').count().max(1);
    let numbers = use_memo(line_count, |n| {
        (1..=*n)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    });
    // One marker per line with findings, coloured by its worst severity.
    let markers = props.report.as_ref().map(|r| {
        let mut lines: Vec<(u32, Severity)> = Vec::new();
        for f in &r.findings {
            if let Some(l) = f.line() {
                match lines.iter_mut().find(|(x, _)| *x == l) {
                    Some((_, s)) => *s = (*s).min(f.severity),
                    None => lines.push((l, f.severity)),
                }
            }
        }
        lines
    });
    let markers = markers.unwrap_or_default().into_iter().map(|(line, sev)| {
        let active = props.highlighted_line == Some(line);
        let style = format!("top: {}px", (line - 1) * 20 + 8);
        html! { <span class={classes!("marker", sev.as_str(), active.then_some("active"))} style={style} title={format!("{} on line {line}", sev.as_str())} /> }
    });

    let detected = props.report.as_ref().map(|r| r.detected);
    let kind_options = InputKind::CHOOSABLE.iter().map(|k| {
        html! { <option value={k.id()} selected={props.kind_override == Some(*k)}>{ k.label() }</option> }
    });
    let auto_label = match detected {
        Some(d) => format!("Detect ({})", d.label()),
        _ => "Detect".to_string(),
    };

    html! {
        <div class={classes!("editor-wrap", dragging.then_some("dragging"))} ondrop={on_drop} ondragover={on_dragover} ondragleave={on_dragleave}>
            <div class="toolbar">
                <label class="button">{"Open file…"}<input type="file" class="visually-hidden" onchange={on_file} /></label>
                <label class="select-label">
                    <span class="visually-hidden">{"Load a sample"}</span>
                    <select class="samples" onchange={on_sample} aria-label="Load a sample">
                        <option value="" selected=true>{"Load sample…"}</option>
                        { for SAMPLES.iter().map(|s| html! { <option value={s.id}>{ s.label }</option> }) }
                    </select>
                </label>
                <label class="select-label">
                    <span class="label-text">{"Analyse as"}</span>
                    <select class="kind" onchange={on_kind} aria-label="Analyse as">
                        <option value="" selected={props.kind_override.is_none()}>{ auto_label }</option>
                        { for kind_options }
                    </select>
                </label>
            </div>
            <div class="editor">
                <div class="gutter" ref={gutter} aria-hidden="true">
                    <pre class="numbers">{ (*numbers).clone() }</pre>
                    { for markers }
                </div>
                <textarea
                    ref={textarea}
                    class="source"
                    spellcheck="false"
                    autocomplete="off"
                    wrap="off"
                    aria-label="Paste a kubeconfig, trust policy, OIDC provider ARN, EKS token, certificate, aws-auth ConfigMap or ServiceAccount"
                    placeholder="Paste a kubeconfig, an IAM trust policy, an OIDC provider ARN, an EKS token, a certificate, an aws-auth ConfigMap or a ServiceAccount — or drop a file here."
                    value={props.text.clone()}
                    oninput={on_input}
                    onscroll={on_scroll}
                />
            </div>
        </div>
    }
}
