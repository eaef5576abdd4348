//! "Would IAM let this caller assume the role?" — a form under a trust policy
//! and the decision with its trace, updated as the user types. The form state
//! and the evaluation live in `explain_model::simulator` (pure, tested
//! natively); this file only lays them out. Nothing is stored or put in the URL.

use super::explain_model::simulator::{
    load, simulate, PrincipalKind, SimAction, SimForm, SimResult, ACTIONS,
};
use super::explain_model::Status;
use super::rich_text::RichText;
use super::state::Analysis;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The form as Yew state; the reducer is `SimForm::reduce`.
#[derive(PartialEq)]
struct Form(SimForm);

impl Reducible for Form {
    type Action = SimAction;
    fn reduce(self: Rc<Self>, action: SimAction) -> Rc<Self> {
        let next = self.0.clone().reduce(action);
        if next == self.0 {
            self
        } else {
            Rc::new(Form(next))
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SimulatorProps {
    pub analysis: Rc<Analysis>,
}

#[function_component(SimulatorView)]
pub fn simulator_view(props: &SimulatorProps) -> Html {
    let policy = use_memo(props.analysis.clone(), |a| load(&a.text));
    let prefill = (*policy)
        .as_ref()
        .map(|(p, _)| SimForm::prefill(p))
        .unwrap_or_else(|| SimForm::prefill(&Default::default()));
    let form = {
        let prefill = prefill.clone();
        use_reducer(move || Form(prefill))
    };
    // The form follows the policy when what the policy implies changes; typing
    // in the policy elsewhere keeps what the user entered here.
    {
        let form = form.dispatcher();
        use_effect_with(prefill.clone(), move |p| {
            form.dispatch(SimAction::Reset(Box::new(p.clone())))
        });
    }
    let Some((p, v2012)) = &*policy else {
        return html! {};
    };
    let result = simulate(p, *v2012, &form.0);
    let on = |make: fn(String) -> SimAction| {
        let d = form.dispatcher();
        Callback::from(move |e: InputEvent| {
            d.dispatch(make(e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    let on_select = |make: fn(String) -> Option<SimAction>| {
        let d = form.dispatcher();
        Callback::from(move |e: Event| {
            if let Some(a) = make(e.target_unchecked_into::<HtmlSelectElement>().value()) {
                d.dispatch(a)
            }
        })
    };
    let reset = {
        let d = form.dispatcher();
        let prefill = prefill.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(SimAction::Reset(Box::new(prefill.clone()))))
    };
    let f = &form.0;
    html! {
        <section class="simulator" aria-labelledby="simulator-title">
            <h3 id="simulator-title">{"Simulate a request"}</h3>
            <p class="what">{"Who asks STS for this role, and what IAM decides — evaluated here, offline. Filled in from the policy; change any field. A session-tag or source field left empty is left out of the request."}</p>
            <form class="sim-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label class="sim-field">
                    <span class="label-text">{"Principal type"}</span>
                    <select class="sim-kind" onchange={on_select(|v| PrincipalKind::from_key(&v).map(SimAction::Kind))}>
                        { for PrincipalKind::ALL.into_iter().map(|k| html! {
                            <option value={k.key()} selected={f.kind == k}>{ k.label() }</option>
                        }) }
                    </select>
                </label>
                <label class="sim-field wide">
                    <span class="label-text">{"Principal"}</span>
                    <input type="text" class="sim-principal" spellcheck="false" autocomplete="off"
                        placeholder={f.kind.placeholder()} value={f.principal.clone()}
                        oninput={on(SimAction::Principal)} />
                </label>
                <label class="sim-field">
                    <span class="label-text">{"Action"}</span>
                    <select class="sim-action" onchange={on_select(|v| Some(SimAction::Action(v)))}>
                        { for ACTIONS.iter().map(|a| html! {
                            <option value={*a} selected={f.action == *a}>{ *a }</option>
                        }) }
                    </select>
                </label>
                if f.uses_token() || f.pod_identity() {
                    <label class="sim-field wide">
                        <span class="label-text">{ if f.uses_token() {
                            "Token sub (system:serviceaccount:NAMESPACE:NAME)"
                        } else {
                            "Service account (NAMESPACE:NAME), sent as session tags"
                        } }</span>
                        <input type="text" class="sim-sub" spellcheck="false" autocomplete="off"
                            placeholder="system:serviceaccount:NAMESPACE:NAME" value={f.sub.clone()}
                            oninput={on(SimAction::Sub)} />
                    </label>
                }
                if f.uses_token() {
                    <label class="sim-field">
                        <span class="label-text">{"Token aud (comma-separated)"}</span>
                        <input type="text" class="sim-aud" spellcheck="false" autocomplete="off"
                            placeholder="sts.amazonaws.com" value={f.aud.clone()}
                            oninput={on(SimAction::Aud)} />
                    </label>
                }
                if f.pod_identity() {
                    <label class="sim-field wide">
                        <span class="label-text">{"Cluster ARN (tags eks-cluster-arn and eks-cluster-name)"}</span>
                        <input type="text" class="sim-cluster" spellcheck="false" autocomplete="off"
                            placeholder="arn:aws:eks:REGION:ACCOUNT:cluster/NAME" value={f.cluster_arn.clone()}
                            oninput={on(SimAction::ClusterArn)} />
                    </label>
                    <label class="sim-field">
                        <span class="label-text">{"Pod name (tag kubernetes-pod-name)"}</span>
                        <input type="text" class="sim-pod-name" spellcheck="false" autocomplete="off"
                            placeholder="api-7d9f8c6b5-x2x4q" value={f.pod_name.clone()}
                            oninput={on(SimAction::PodName)} />
                    </label>
                    <label class="sim-field">
                        <span class="label-text">{"Pod UID (tag kubernetes-pod-uid)"}</span>
                        <input type="text" class="sim-pod-uid" spellcheck="false" autocomplete="off"
                            placeholder="0b6a4f3e-2c1d-4e5f-8a9b-7c6d5e4f3a2b" value={f.pod_uid.clone()}
                            oninput={on(SimAction::PodUid)} />
                    </label>
                    <label class="sim-field">
                        <span class="label-text">{"Organization ID (aws:SourceOrgId)"}</span>
                        <input type="text" class="sim-org-id" spellcheck="false" autocomplete="off"
                            placeholder="o-a1b2c3d4e5" value={f.source_org_id.clone()}
                            oninput={on(SimAction::SourceOrgId)} />
                    </label>
                }
                if f.kind == PrincipalKind::Service {
                    <label class="sim-field">
                        <span class="label-text">{"Source account (aws:SourceAccount)"}</span>
                        <input type="text" class="sim-source-account" spellcheck="false" autocomplete="off"
                            placeholder="111122223333" value={f.source_account.clone()}
                            oninput={on(SimAction::SourceAccount)} />
                    </label>
                    <label class="sim-field wide">
                        <span class="label-text">{"Source ARN (aws:SourceArn)"}</span>
                        <input type="text" class="sim-source-arn" spellcheck="false" autocomplete="off"
                            placeholder={ if f.pod_identity() {
                                "arn:aws:eks:REGION:ACCOUNT:podidentityassociation/CLUSTER/ID"
                            } else {
                                "arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE"
                            } }
                            value={f.source_arn.clone()}
                            oninput={on(SimAction::SourceArn)} />
                    </label>
                }
                <button type="button" class="sim-reset" onclick={reset}>{"Reset to the policy's values"}</button>
            </form>
            // Only the verdict is announced as it changes; the trace below it is read on demand.
            <div class="sim-output">
                { match &result {
                    Ok(r) => outcome(r),
                    Err(e) => html! { <p class="lookup-error sim-error" role="status" aria-live="polite">{ e.clone() }</p> },
                } }
            </div>
        </section>
    }
}

/// The verdict, its reason, and every statement's checks.
fn outcome(r: &SimResult) -> Html {
    let class = if r.allowed { "pass" } else { "fail" };
    html! {
        <>
            <div class={classes!("sim-verdict", class)} role="status" aria-live="polite">
                <strong class="sim-decision">{ r.verdict }</strong>{" — "}
                <RichText text={r.reason.clone()} plain=true />
            </div>
            if !r.notes.is_empty() {
                <ul class="sim-notes">
                    { for r.notes.iter().map(|n| html! { <li>{"Note: "}{ n }</li> }) }
                </ul>
            }
            { for r.actions.iter().map(|a| html! {
                <div class="sim-action-trace" data-action={a.action.clone()}>
                    <h4>{ &a.action }{": "}{ &a.outcome }</h4>
                    <ol class="sim-statements">
                        { for a.statements.iter().map(|s| html! {
                            <li class={classes!("sim-statement", s.status.class())}>
                                <div class="step-head">
                                    <strong>{ &s.label }</strong>
                                    <span class="sim-where">{ format!("[{}] line {}", s.effect, s.line) }</span>
                                    <span class={classes!("status", s.status.class())}>{ s.verdict }</span>
                                </div>
                                <ul class="sim-checks">
                                    { for s.checks.iter().map(|(st, text)| html! {
                                        <li class={classes!("sim-check", st.class())}>
                                            <span class="mark">{ if *st == Status::Pass { "✓ " } else { "✗ " } }</span>
                                            <RichText text={text.clone()} plain=true />
                                        </li>
                                    }) }
                                </ul>
                            </li>
                        }) }
                    </ol>
                </div>
            }) }
        </>
    }
}
