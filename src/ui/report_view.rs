//! The right-hand pane: what the input is, the findings, and the explanation.

use super::dom;
use super::findings::FindingList;
use super::kubeconfig_view::KubeconfigView;
use super::state::Action;
use crate::core::{render, Explanation, InputKind, Report, Severity};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportViewProps {
    pub report: Option<Rc<Report>>,
    pub text: String,
    pub name: String,
    pub stale: bool,
    pub dispatch: Callback<Action>,
}

#[function_component(ReportView)]
pub fn report_view(props: &ReportViewProps) -> Html {
    let Some(report) = props.report.clone() else {
        return html! { <Welcome /> };
    };
    if report.kind == InputKind::Empty {
        return html! { <Welcome /> };
    }
    let on_copy = {
        let (r, text, name) = (report.clone(), props.text.clone(), props.name.clone());
        Callback::from(move |_: MouseEvent| dom::copy(&render::markdown(&name, &text, &r)))
    };
    let on_download = {
        let (r, name) = (report.clone(), props.name.clone());
        Callback::from(move |_: MouseEvent| {
            dom::download(
                "eksplain-report.json",
                "application/json",
                &render::json(&[(&name, &r)]),
            )
        })
    };
    let counts = [Severity::Error, Severity::Warning, Severity::Info].map(|s| (s, report.count(s)));
    let overridden = report.kind != report.detected;
    html! {
        <div class={classes!("report", props.stale.then_some("stale"))}>
            <div class="report-head">
                <p class="detected">
                    <span class="label-text">{"Detected: "}</span>
                    <strong class="kind-label">{ report.detected.label() }</strong>
                    if overridden {
                        <span class="override">{ format!(" — analysed as {}", report.kind.label()) }</span>
                    }
                </p>
                <p class="counts">
                    { for counts.iter().map(|(s, n)| html! { <span class={classes!("count", s.as_str())}>{ format!("{n} {}", plural(*s, *n)) }</span> }) }
                </p>
                <div class="actions">
                    <button onclick={on_copy}>{"Copy report (Markdown)"}</button>
                    <button onclick={on_download}>{"Download JSON"}</button>
                </div>
            </div>
            <FindingList report={report.clone()} dispatch={props.dispatch.clone()} />
            { explanation(&report) }
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

fn explanation(report: &Report) -> Html {
    match &report.explanation {
        Explanation::None => html! {},
        Explanation::Kubeconfig(o) => {
            html! { <KubeconfigView overview={Rc::new((**o).clone())} /> }
        }
        // Kinds without a dedicated view yet show the same text `eksplain explain` prints.
        _ => html! {
            <div class="explanation as-text">
                <h2>{"Explanation"}</h2>
                <pre class="explanation-text">{ render::explanation_text(report) }</pre>
            </div>
        },
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
            <p>{"Or pick a sample from the menu. Nothing leaves this tab."}</p>
        </div>
    }
}
