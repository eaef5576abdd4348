//! The right-hand pane: what the input is, the verdict, the findings, and the
//! explanation; copy and download the report.
//!
//! A large report comes a part per frame (pace.rs): its first frame holds the
//! head, the verdict and the first findings; the rest of the findings' first
//! page follows, then the explanation, which starts below them. The explanation
//! also waits a frame after a large input's analysis on the page, which has
//! already used much of the first frame.

use super::copy_button::{CopyButton, CopyText};
use super::dom;
use super::explanation::ExplanationView;
use super::findings::{self, FindingList};
use super::headline::Headline;
use super::pace::use_frames;
use super::state::{Action, Analysis, Jump};
use super::view_model::human_size;
use crate::core::{render, InputKind, Severity};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportViewProps {
    pub analysis: Option<Rc<Analysis>>,
    pub name: AttrValue,
    /// The input changed since this analysis.
    pub stale: bool,
    /// A large input is being analysed (its size, for the progress message).
    pub analyzing: Option<usize>,
    pub reveal: bool,
    pub linked_line: Option<u32>,
    pub jump: Option<Jump>,
    pub dispatch: Callback<Action>,
}

/// Why Copy and Download wait while a preview is shown.
const FINISHING: &str = "The rest of the report is being built; this takes a moment.";

/// An input this long (bytes) has its explanation rendered a frame after the
/// rest of the report. Analysing a 58 KB trust policy on the page takes ~50 ms,
/// the whole of a frame; a 5 KB one takes a few.
pub const DEFER_EXPLANATION_ABOVE: usize = 16 * 1024;

#[function_component(ReportView)]
pub fn report_view(props: &ReportViewProps) -> Html {
    // The frames of a new report (hooks before any return): the findings' first
    // page, then, a frame later, the explanation.
    let (seq, first_page, long_input) = props.analysis.as_ref().map_or((0, 0, false), |a| {
        (
            a.seq,
            findings::first_page(&a.report),
            a.text.len() > DEFER_EXPLANATION_ABOVE,
        )
    });
    let findings_frames = findings::frames_for(first_page);
    let explanation_frame = findings_frames + u32::from(findings_frames > 0 || long_input);
    let frame = use_frames(seq, explanation_frame);
    // The kind of input whose explanation is in the page. A new analysis of the
    // same kind updates it at once instead: waiting would remount it, and the
    // simulator's form, opened items and the like would start over.
    let explained = use_mut_ref(|| None::<InputKind>);
    // An edit during a preview: the worker is on the new text now.
    let previewing = !props.stale && props.analysis.as_ref().is_some_and(|a| a.preview);
    let progress = props.analyzing.map(|size| {
        html! {
            <div class="progress" role="status">
                <span class="spinner" aria-hidden="true"></span>
                if previewing {
                    {"Building the rest of the report…"}
                } else {
                    { format!("Analysing {}…", human_size(size)) }
                }
            </div>
        }
    });
    let Some(analysis) = props.analysis.clone() else {
        *explained.borrow_mut() = None;
        return html! { <>{ progress }<Welcome /></> };
    };
    let report = &analysis.report;
    if report.kind == InputKind::Empty {
        *explained.borrow_mut() = None;
        return html! { <>{ progress }<Welcome /></> };
    }
    let explain = frame >= explanation_frame || *explained.borrow() == Some(report.kind);
    *explained.borrow_mut() = explain.then_some(report.kind);
    let markdown = {
        let (a, name, reveal) = (analysis.clone(), props.name.clone(), props.reveal);
        CopyText::Lazy(Callback::from(move |()| {
            render::markdown_with(&name, &a.text, &a.report, reveal)
        }))
    };
    let on_download = {
        let (a, name) = (analysis.clone(), props.name.clone());
        Callback::from(move |_: MouseEvent| {
            dom::download(
                "eksplain-report.json",
                "application/json",
                &render::json(&[(&name, &a.report)]),
            )
        })
    };
    let on_reveal = props.dispatch.reform(|_: MouseEvent| Action::ToggleReveal);
    let counts = [Severity::Error, Severity::Warning, Severity::Info].map(|s| (s, report.count(s)));
    let overridden = report.kind != report.detected;
    html! {
        <div class={classes!("report", props.stale.then_some("stale"))} aria-busy={props.stale.to_string()}>
            { progress }
            <div class="report-head">
                <p class="detected">
                    <span class="label-text">{"Detected: "}</span>
                    <strong class="kind-label" data-kind={report.detected.id()}>{ report.detected.label() }</strong>
                    if overridden {
                        <span class="override" data-kind={report.kind.id()}>{ format!(" — analysed as {}", report.kind.label()) }</span>
                    }
                </p>
                <p class="counts">
                    { for counts.iter().map(|(s, n)| html! {
                        <span class={classes!("count", s.as_str())} data-severity={s.as_str()} data-count={n.to_string()}>{ format!("{n} {}", plural(*s, *n)) }</span>
                    }) }
                </p>
                <div class="actions">
                    <button
                        type="button"
                        class="reveal"
                        aria-pressed={props.reveal.to_string()}
                        onclick={on_reveal}
                        title="Show secrets (tokens, keys, passwords) in the report and in what you copy. Off by default; nothing is stored either way."
                    >
                        { if props.reveal { "Secrets shown" } else { "Reveal secrets" } }
                    </button>
                    // A preview's report is not whole yet: what is copied must be.
                    if analysis.preview {
                        <button type="button" disabled=true title={FINISHING}>{"Copy report (Markdown)"}</button>
                        <button type="button" disabled=true title={FINISHING}>{"Download JSON"}</button>
                    } else {
                        <CopyButton text={markdown} label="Copy report (Markdown)" />
                        <button type="button" onclick={on_download}>{"Download JSON"}</button>
                    }
                </div>
            </div>
            if props.reveal {
                <p class="reveal-warning" role="note">
                    {"Secrets are shown, and included in the report you copy. Turn “Secrets shown” off before sharing your screen or the report."}
                </p>
            }
            <Headline analysis={analysis.clone()} dispatch={props.dispatch.clone()} />
            <FindingList
                analysis={analysis.clone()}
                linked_line={props.linked_line}
                jump={props.jump}
                budget={findings::budget(first_page, frame)}
                dispatch={props.dispatch.clone()}
            />
            if explain {
                <ExplanationView analysis={analysis.clone()} reveal={props.reveal} />
            }
        </div>
    }
}

fn plural(s: Severity, n: usize) -> &'static str {
    match (s, n == 1) {
        (Severity::Error, true) => "error",
        (Severity::Error, false) => "errors",
        (Severity::Warning, true) => "warning",
        (Severity::Warning, false) => "warnings",
        (Severity::Info, true) => "note",
        (Severity::Info, false) => "notes",
    }
}

#[function_component(Welcome)]
fn welcome() -> Html {
    html! {
        <div class="welcome">
            <h2>{"Paste something on the left"}</h2>
            <p>{"eksplain recognises what you paste and explains it:"}</p>
            <ul>
                <li>{"a kubeconfig — every cluster, context and user, what kubectl will do, and what is wrong, line by line"}</li>
                <li>{"a certificate — decoded like openssl x509 -text, and judged"}</li>
                <li>{"an EKS token or aws eks get-token output — decoded, with the checks the EKS authenticator makes"}</li>
                <li>{"an IAM trust policy, OIDC provider ARN, ServiceAccount or aws-auth ConfigMap — who can assume the role, and why a pod gets AccessDenied"}</li>
            </ul>
            <p>{"Or pick one from “Load sample…”. Nothing leaves this tab."}</p>
        </div>
    }
}
