//! The rule reference in the page: every rule of `core::registry::all()` with its
//! documentation, searchable. A modal `<dialog>`: focus stays inside, Escape closes.

use super::rich_text::RichText;
use super::rule_docs::RuleDocs;
use super::view_model::rules_matching;
use crate::core::registry;
use web_sys::{HtmlDialogElement, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RulesDialogProps {
    pub open: bool,
    pub on_close: Callback<()>,
}

#[function_component(RulesDialog)]
pub fn rules_dialog(props: &RulesDialogProps) -> Html {
    let dialog = use_node_ref();
    let query = use_state(String::new);
    {
        let dialog = dialog.clone();
        use_effect_with(props.open, move |open| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                if *open && !d.open() {
                    let _ = d.show_modal();
                } else if !*open && d.open() {
                    d.close();
                }
            }
        });
    }
    // Escape (the browser's `cancel`) and the close button both end in `close`.
    let on_close = props.on_close.reform(|_: Event| ());
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                d.close();
            }
        })
    };
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let total = registry::all().len();
    let hits = if props.open {
        rules_matching(&query)
    } else {
        Vec::new()
    };
    let shown = hits.len();
    html! {
        <dialog ref={dialog} class="rules-dialog" aria-labelledby="rules-title" onclose={on_close}>
            <div class="dialog-head">
                <h2 id="rules-title">{"Rule reference"}</h2>
                <button type="button" class="dialog-close" onclick={close} aria-label="Close the rule reference">{"Close"}</button>
            </div>
            <p class="dialog-intro">
                {"Every check eksplain makes, with the same text as "}<code>{"eksplain rules --format markdown"}</code>
                {". Codes are stable: search for one you saw in a report or a CI log."}
            </p>
            <label class="search">
                <span class="label-text">{"Search"}</span>
                <input type="search" value={(*query).clone()} oninput={on_search} placeholder="code, name or words, e.g. KC010 or v1alpha1" />
            </label>
            <p class="rule-count" role="status">{ format!("{shown} of {total} rules") }</p>
            <ul class="rule-list">
                { for hits.into_iter().map(|r| html! {
                    <li key={r.code} data-code={r.code}>
                        <details>
                            <summary>
                                <code class="code">{ r.code }</code>{" "}
                                <span class="rule-name">{ r.name }</span>
                                <span class={classes!("badge", r.severity.as_str())}>{ r.severity.as_str() }</span>
                                <span class="rule-summary"><RichText text={r.summary} /></span>
                            </summary>
                            <RuleDocs rule={r} with_heading=true />
                        </details>
                    </li>
                }) }
            </ul>
        </dialog>
    }
}
