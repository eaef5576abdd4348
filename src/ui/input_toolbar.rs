//! Above the editor: open a file, load a sample, and the kind picker ("Detect"
//! shows what detection found; choosing a kind overrides it).

use super::state::Action;
use crate::core::InputKind;
use crate::samples::{groups, SAMPLES};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InputToolbarProps {
    pub kind_override: Option<InputKind>,
    /// What detection found in the last analysis.
    pub detected: Option<InputKind>,
    /// A file was chosen.
    pub on_file: Callback<web_sys::File>,
    pub dispatch: Callback<Action>,
}

#[function_component(InputToolbar)]
pub fn input_toolbar(props: &InputToolbarProps) -> Html {
    let on_file = {
        let cb = props.on_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                cb.emit(file);
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
    let kind_options = InputKind::CHOOSABLE.iter().map(|k| {
        html! { <option value={k.id()} selected={props.kind_override == Some(*k)}>{ k.label() }</option> }
    });
    let auto_label = match props.detected {
        Some(d) if d != InputKind::Empty => format!("Detect (found: {})", d.label()),
        _ => "Detect automatically".to_string(),
    };
    let sample_groups = groups().map(|g| {
        html! {
            <optgroup label={g}>
                { for SAMPLES.iter().filter(|s| s.group == g).map(|s| html! { <option value={s.id}>{ s.label }</option> }) }
            </optgroup>
        }
    });
    html! {
        <div class="toolbar">
            <label class="button file-button">
                {"Open file…"}
                <input type="file" class="visually-hidden" onchange={on_file} />
            </label>
            <select class="samples" onchange={on_sample} aria-label="Load a sample input">
                <option value="" selected=true>{"Load sample…"}</option>
                { for sample_groups }
            </select>
            <label class="select-label">
                <span class="label-text">{"Analyse as"}</span>
                <select class="kind" onchange={on_kind}>
                    <option value="" selected={props.kind_override.is_none()}>{ auto_label }</option>
                    { for kind_options }
                </select>
            </label>
        </div>
    }
}
