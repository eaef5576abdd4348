//! "Would IAM let this caller assume the role?" — a form under a trust policy
//! and the decision with its trace, updated as the user types. The form state
//! and the evaluation live in `explain_model::simulator` (pure, tested
//! natively); this file only lays them out. Nothing is stored or put in the URL.

use super::explain_model::simulator::{
    load, simulate, PrincipalKind, SimAction, SimForm, SimResult, ACTIONS,
};
use super::explain_model::Status;
use super::pace::use_frames;
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

/// How many statement rows (over all actions) a new trace shows in its first
/// frame, and how many each following frame adds. A row is ~26 elements: a
/// policy of 100 statements put ~2,600 in one frame; twelve are ~310.
pub const STATEMENTS_PER_FRAME: usize = 12;

#[derive(Properties, PartialEq)]
pub struct SimulatorProps {
    pub analysis: Rc<Analysis>,
}

#[function_component(SimulatorView)]
pub fn simulator_view(props: &SimulatorProps) -> Html {
    // Once per analysis: the policy read again from its text, and the form it implies.
    let loaded = use_memo(props.analysis.clone(), |a| {
        let policy = load(&a.text);
        let prefill = match &policy {
            Some(l) => SimForm::prefill(&l.policy),
            None => SimForm::prefill(&Default::default()),
        };
        (policy, prefill)
    });
    let prefill = loaded.1.clone();
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
    // Once per analysis and form: each frame of a long trace renders this view again.
    let result = {
        let loaded = loaded.clone();
        use_memo((props.analysis.seq, form.0.clone()), move |(_, form)| {
            (loaded.0).as_ref().map(|l| simulate(l, form))
        })
    };
    // A long trace comes a part per frame when the view first shows (pace.rs);
    // after that, a new analysis or an edit of the form renders it whole.
    let rows: usize = match &*result {
        Some(Ok(r)) => r.actions.iter().map(|a| a.statements.len()).sum(),
        _ => 0,
    };
    let frames = u32::try_from(rows.saturating_sub(1) / STATEMENTS_PER_FRAME).unwrap_or(u32::MAX);
    let budget = STATEMENTS_PER_FRAME.saturating_mul(use_frames(0, frames) as usize + 1);
    let Some(result) = &*result else {
        return html! {};
    };
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
                { text_field("sim-principal", "Principal", f.kind.placeholder(), &f.principal, on(SimAction::Principal), true) }
                <label class="sim-field">
                    <span class="label-text">{"Action"}</span>
                    <select class="sim-action" onchange={on_select(|v| Some(SimAction::Action(v)))}>
                        { for ACTIONS.iter().map(|a| html! {
                            <option value={*a} selected={f.action == *a}>{ *a }</option>
                        }) }
                    </select>
                </label>
                if f.uses_token() || f.pod_identity() {
                    { text_field("sim-sub", f.sub_field().0, f.sub_field().1, &f.sub, on(SimAction::Sub), true) }
                }
                if f.uses_token() {
                    { text_field("sim-aud", f.aud_field().0, f.aud_field().1, &f.aud, on(SimAction::Aud), false) }
                }
                if f.other_claims() {
                    { text_field(
                        "sim-claims",
                        "Other claims (KEY=VALUE, comma-separated)",
                        "environment=production, amr=authenticated",
                        &f.claims, on(SimAction::Claims), true,
                    ) }
                }
                if f.pod_identity() {
                    { text_field("sim-cluster", "Cluster ARN (tags eks-cluster-arn and eks-cluster-name)", "arn:aws:eks:REGION:ACCOUNT:cluster/NAME", &f.cluster_arn, on(SimAction::ClusterArn), true) }
                    { text_field("sim-pod-name", "Pod name (tag kubernetes-pod-name)", "api-7d9f8c6b5-x2x4q", &f.pod_name, on(SimAction::PodName), false) }
                    { text_field("sim-pod-uid", "Pod UID (tag kubernetes-pod-uid)", "0b6a4f3e-2c1d-4e5f-8a9b-7c6d5e4f3a2b", &f.pod_uid, on(SimAction::PodUid), false) }
                    { text_field("sim-org-id", "Organization ID (aws:SourceOrgId)", "o-a1b2c3d4e5", &f.source_org_id, on(SimAction::SourceOrgId), false) }
                }
                if f.kind == PrincipalKind::Service {
                    { text_field("sim-source-account", "Source account (aws:SourceAccount)", "111122223333", &f.source_account, on(SimAction::SourceAccount), false) }
                    { text_field(
                        "sim-source-arn",
                        "Source ARN (aws:SourceArn)",
                        if f.pod_identity() {
                            "arn:aws:eks:REGION:ACCOUNT:podidentityassociation/CLUSTER/ID"
                        } else {
                            "arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE"
                        },
                        &f.source_arn, on(SimAction::SourceArn), true,
                    ) }
                }
                <button type="button" class="sim-reset" onclick={reset}>{"Reset to the policy's values"}</button>
            </form>
            // Only the verdict is announced as it changes; the trace below it is read on demand.
            <div class="sim-output">
                { match result {
                    Ok(r) => outcome(r, budget),
                    Err(e) => html! { <p class="lookup-error sim-error" role="status" aria-live="polite">{ e.clone() }</p> },
                } }
            </div>
        </section>
    }
}

/// One labelled text input of the form; `wide` fields take a whole row.
fn text_field(
    class: &'static str,
    label: &'static str,
    placeholder: &'static str,
    value: &str,
    oninput: Callback<InputEvent>,
    wide: bool,
) -> Html {
    html! {
        <label class={classes!("sim-field", wide.then_some("wide"))}>
            <span class="label-text">{ label }</span>
            <input type="text" {class} spellcheck="false" autocomplete="off"
                {placeholder} value={value.to_string()} {oninput} />
        </label>
    }
}

/// The verdict, its reason, and the checks of the first `budget` statement rows.
fn outcome(r: &SimResult, budget: usize) -> Html {
    let mut budget = budget;
    let class = match (r.allowed, r.verdict) {
        (true, _) => "pass",
        (false, "Unknown") => "unknown",
        _ => "fail",
    };
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
            { for r.actions.iter().map(|a| {
                let shown = a.statements.len().min(budget);
                budget -= shown;
                html! {
                <div class="sim-action-trace" data-action={a.action.clone()}>
                    <h4>{ &a.action }{": "}{ &a.outcome }</h4>
                    <ol class="sim-statements">
                        // Keyed: Yew pairs an unkeyed list's items from its end, so
                        // each frame's new rows would rewrite every row before them.
                        { for a.statements.iter().take(shown).enumerate().map(|(i, s)| html! {
                            <li key={i} class={classes!("sim-statement", s.status.class())}>
                                <div class="step-head">
                                    <strong>{ &s.label }</strong>
                                    <span class="sim-where">{ format!("[{}] {}", s.effect, s.at) }</span>
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
                }
            }) }
        </>
    }
}
