//! The page: header, the input editor on the left, the report on the right.

use super::cross_view::CrossView;
use super::dom;
use super::editor::Editor;
use super::report_view::ReportView;
use super::state::{Action, State};
use std::rc::Rc;
use yew::prelude::*;

/// How long typing must pause before the input is analysed.
const DEBOUNCE_MS: u32 = 150;

/// The reducer wrapper Yew needs; the logic is `State::reduce`.
#[derive(Clone, Default)]
struct Store(State);

impl Reducible for Store {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Store(Rc::unwrap_or_clone(self).0.reduce(action)))
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(Store::default);
    let state = &store.0;
    let dispatch = {
        let store = store.clone();
        Callback::from(move |a: Action| store.dispatch(a))
    };

    // Debounced analysis: every edit restarts the timer; dropping the Timeout cancels it.
    let revisions: Vec<u32> = state.inputs.iter().map(|i| i.revision).collect();
    {
        let dispatch = dispatch.clone();
        use_effect_with(revisions, move |_| {
            let t = gloo::timers::callback::Timeout::new(DEBOUNCE_MS, move || {
                dispatch.emit(Action::Analyze { now: dom::now() })
            });
            move || drop(t)
        });
    }

    let input = state.active_input();
    // Comparisons between inputs (provider ↔ cluster, token ↔ cluster, …) that involve this one.
    let cross = {
        let named: Vec<(&str, &str, &crate::core::Report)> = state
            .inputs
            .iter()
            .filter_map(|i| {
                i.report
                    .as_deref()
                    .map(|r| (i.name.as_str(), i.text.as_str(), r))
            })
            .collect();
        let ids: Vec<u32> = state
            .inputs
            .iter()
            .filter(|i| i.report.is_some())
            .map(|i| i.id)
            .collect();
        // Nothing to compare with one input; with several, this is a comparison of
        // finished reports (plus a trust-policy read), cheap next to analysis.
        let checks = if named.len() < 2 {
            Vec::new()
        } else {
            crate::core::cross::cross_check(&named)
        };
        checks
            .into_iter()
            .filter(|c| {
                ids.get(c.inputs.0) == Some(&input.id) || ids.get(c.inputs.1) == Some(&input.id)
            })
            .collect::<Vec<_>>()
    };
    let on_add = dispatch.reform(|_: MouseEvent| Action::AddInput);
    let tabs = state.inputs.iter().enumerate().map(|(i, inp)| {
        let selected = i == state.active;
        let kind = inp.report.as_ref().map(|r| r.kind.label()).unwrap_or("…");
        let on_select = dispatch.reform(move |_: MouseEvent| Action::Select(i));
        let id = inp.id;
        let on_close = dispatch.reform(move |e: MouseEvent| {
            e.stop_propagation();
            Action::RemoveInput(id)
        });
        html! {
            <div class={classes!("tab", selected.then_some("selected"))} role="tab" aria-selected={selected.to_string()} key={inp.id}>
                <button class="tab-name" onclick={on_select} title={kind}>{ &inp.name }</button>
                <button class="tab-close" onclick={on_close} aria-label={format!("Close {}", inp.name)}>{"×"}</button>
            </div>
        }
    });

    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{"eksplain"}</h1>
                <p class="tagline">{"Kubernetes access, explained — kubeconfigs, certificates, EKS tokens, IRSA trust policies."}</p>
                <p class="privacy" id="privacy">{"Private by design: everything runs in this tab. Nothing you paste is sent anywhere or stored."}</p>
            </header>
            <main class="panes">
                <section class="pane input-pane" aria-label="Input">
                    <div class="tabs" role="tablist">
                        { for tabs }
                        <button class="tab-add" onclick={on_add} aria-label="Add another input">{"+ input"}</button>
                    </div>
                    <Editor
                        text={input.text.clone()}
                        name={input.name.clone()}
                        report={input.report.clone()}
                        kind_override={input.kind_override}
                        highlighted_line={state.highlighted_line}
                        dispatch={dispatch.clone()}
                    />
                </section>
                <section class="pane report-pane" aria-label="Explanation" aria-live="polite">
                    <ReportView
                        report={input.report.clone()}
                        text={input.text.clone()}
                        name={input.name.clone()}
                        stale={input.is_stale()}
                        dispatch={dispatch.clone()}
                    />
                    <CrossView checks={cross} />
                </section>
            </main>
        </div>
    }
}
