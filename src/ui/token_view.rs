//! An EKS token or an ExecCredential: the presigned STS URL as a table, the
//! four steps from `aws eks get-token` to a Kubernetes identity, and every check
//! the server side makes with its outcome. The signature, session token and full
//! access key ID show only when the user revealed secrets.

use super::explain_model::token::{model, TokenParts, LIVE_CREDENTIAL};
use super::explanation::ExplanationProps;
use super::fields::{field_table, status_mark};
use super::rich_text::RichText;
use crate::core::Explanation;
use yew::prelude::*;

#[function_component(TokenView)]
pub fn token_view(props: &ExplanationProps) -> Html {
    let Explanation::Token(e) = &props.analysis.report.explanation else {
        return html! {};
    };
    let revealed = props.reveal.then(|| &*props.analysis.text);
    let m = model(e, revealed);
    html! {
        <div class="explanation token">
            <h2>{"Explanation"}</h2>
            if m.token.is_some() || !m.exec.is_empty() {
                <p class="live-credential" role="note">{ LIVE_CREDENTIAL }</p>
            }
            if !m.exec.is_empty() {
                <h3>{"ExecCredential — what the plugin printed for kubectl"}</h3>
                { field_table(&m.exec, "exec-credential") }
            }
            if let Some(t) = &m.token { { parts(t) } }
        </div>
    }
}

fn parts(t: &TokenParts) -> Html {
    html! {
        <>
            <h3>{"The presigned STS URL inside the token"}</h3>
            <div class="what"><RichText text={t.summary.clone()} plain=true /></div>
            if let Some(e) = &t.decode_error {
                <p class="lookup-error">{ e }</p>
            }
            if !t.url.is_empty() { { field_table(&t.url, "token-url") } }
            <h3>{"From aws eks get-token to a Kubernetes identity"}</h3>
            <ol class="flow">
                { for t.flow.iter().map(|s| html! {
                    <li class={classes!("step", s.status.class())}>
                        <div class="step-head"><strong>{ s.title }</strong>{ status_mark(s.status) }</div>
                        <div class="what"><RichText text={s.detail.clone()} plain=true /></div>
                    </li>
                }) }
            </ol>
            <h3>{"What the server side checks"}</h3>
            { checks(t, "EKS authenticator", "The EKS authenticator, in order; it stops at the first failure") }
            { checks(t, "STS", "STS, when the authenticator replays the URL") }
            <div class={classes!("token-verdict", t.verdict_status.class())}>
                <RichText text={t.verdict.clone()} plain=true />
            </div>
        </>
    }
}

/// The checks one party makes, as a table.
fn checks(t: &TokenParts, by: &'static str, title: &'static str) -> Html {
    html! {
        <>
            <h4>{ title }</h4>
            <table class="entries checks" data-by={by}>
                <thead><tr><th>{"Check"}</th><th class="result">{"Result"}</th></tr></thead>
                <tbody>
                    { for t.checks.iter().filter(|c| c.by == by).map(|c| html! {
                        <tr class={classes!("check", c.status.class())} data-code={c.code}>
                            <td>
                                <RichText text={c.label.clone()} plain=true />
                                <div class="what"><RichText text={c.detail.clone()} plain=true /></div>
                            </td>
                            <td class="result">{ status_mark(c.status) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </>
    }
}
