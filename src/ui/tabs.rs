//! The inputs as tabs (WAI-ARIA tabs pattern): one tab stop for the list, arrow
//! keys / Home / End move between tabs, Delete closes the focused tab. Each tab
//! says what its input was detected as and how many errors it has.

use super::state::{Action, State};
use super::view_model::tab_after_key;
use crate::core::Severity;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// The id of the tab panel the tabs control (the editor and report of the selected input).
pub const PANEL_ID: &str = "input-panel";

pub fn tab_id(input_id: u32) -> String {
    format!("tab-{input_id}")
}

#[derive(Clone, PartialEq)]
pub struct TabInfo {
    pub id: u32,
    pub name: String,
    pub kind: Option<&'static str>,
    pub errors: usize,
}

impl TabInfo {
    pub fn list(state: &State) -> Vec<TabInfo> {
        state
            .inputs
            .iter()
            .map(|i| TabInfo {
                id: i.id,
                name: i.name.clone(),
                kind: i.report().map(|r| r.kind.label()),
                errors: i.report().map_or(0, |r| r.count(Severity::Error)),
            })
            .collect()
    }
}

#[derive(Properties, PartialEq)]
pub struct InputTabsProps {
    pub tabs: Vec<TabInfo>,
    pub active: usize,
    pub dispatch: Callback<Action>,
}

/// Focuses the tab button of input `id` (after a keyboard move).
fn focus_tab(id: u32) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&tab_id(id)))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[function_component(InputTabs)]
pub fn input_tabs(props: &InputTabsProps) -> Html {
    // After a keyboard move, focus follows the selection once the new tab is rendered.
    let focus_next = use_mut_ref(|| None::<u32>);
    {
        let focus_next = focus_next.clone();
        use_effect(move || {
            if let Some(id) = focus_next.borrow_mut().take() {
                focus_tab(id);
            }
        });
    }
    let len = props.tabs.len();
    let on_key = {
        let (tabs, active, dispatch, focus_next) = (
            props.tabs.clone(),
            props.active,
            props.dispatch.clone(),
            focus_next.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if let Some(next) = tab_after_key(active, tabs.len(), &key) {
                e.prevent_default();
                *focus_next.borrow_mut() = Some(tabs[next].id);
                dispatch.emit(Action::Select(next));
                focus_tab(tabs[next].id);
            } else if key == "Delete" && tabs.len() > 1 {
                e.prevent_default();
                let neighbour = if active > 0 { active - 1 } else { 1 };
                *focus_next.borrow_mut() = tabs.get(neighbour).map(|t| t.id);
                dispatch.emit(Action::RemoveInput(tabs[active].id));
            }
        })
    };
    let tabs = props.tabs.iter().enumerate().map(|(i, t)| {
        let selected = i == props.active;
        let on_select = props.dispatch.reform(move |_: MouseEvent| Action::Select(i));
        let id = t.id;
        let on_close = props.dispatch.reform(move |e: MouseEvent| {
            e.stop_propagation();
            Action::RemoveInput(id)
        });
        let title = match t.kind {
            Some(k) if len > 1 => format!("{} — {k}. Delete closes this tab.", t.name),
            Some(k) => format!("{} — {k}", t.name),
            None => t.name.clone(),
        };
        html! {
            <button
                type="button"
                role="tab"
                id={tab_id(t.id)}
                class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()}
                aria-controls={PANEL_ID}
                tabindex={if selected { "0" } else { "-1" }}
                key={t.id}
                {title}
                onclick={on_select}
                onkeydown={on_key.clone()}
            >
                <span class="tab-name">{ &t.name }</span>
                if t.errors > 0 {
                    <span class="tab-errors">
                        { t.errors }
                        <span class="visually-hidden">{ if t.errors == 1 { " error" } else { " errors" } }</span>
                    </span>
                }
                if len > 1 {
                    // Mouse affordance only: a nested button is not allowed in a tab;
                    // keyboard users press Delete on the tab.
                    <span class="tab-close" aria-hidden="true" onclick={on_close}>{"×"}</span>
                }
            </button>
        }
    });
    let on_add = props.dispatch.reform(|_: MouseEvent| Action::AddInput);
    html! {
        <div class="tabbar">
            <div class="tabs" role="tablist" aria-label="Inputs">
                { for tabs }
            </div>
            <button type="button" class="tab-add" onclick={on_add} title="Add another input (a kubeconfig, a trust policy, a token…) in its own tab">
                {"+ Add input"}
            </button>
        </div>
    }
}
