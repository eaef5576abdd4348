//! OIDC providers: each taken apart (partition, account, region, issuer ID),
//! written the ways IRSA needs it, the condition keys a trust policy must use,
//! and a trust policy to start from — all copyable.

use super::copy_button::CopyButton;
use super::explain_model::identity::{oidc_model, ProviderModel};
use super::explanation::ExplanationProps;
use super::fields::field_table;
use super::rich_text::RichText;
use crate::core::oidc::overview::{auth_mode_note, AUTH_MODE_SCOPE};
use crate::core::Explanation;
use yew::prelude::*;

#[function_component(OidcView)]
pub fn oidc_view(props: &ExplanationProps) -> Html {
    let Explanation::OidcProvider(o) = &props.analysis.report.explanation else {
        return html! {};
    };
    let m = oidc_model(o);
    html! {
        <div class="explanation oidc">
            <h2>{"Explanation"}</h2>
            if m.providers.is_empty() {
                <p>{"No OIDC provider could be read from the input."}</p>
            }
            { for m.providers.iter().map(provider) }
            if let Some((mode, pos)) = &o.auth_mode {
                <h3>{"Cluster authentication mode"}</h3>
                <p class="auth-mode">
                    <code>{ mode }</code>{ format!(" (line {}) — {}. {}", pos.line, auth_mode_note(mode), AUTH_MODE_SCOPE) }
                </p>
            }
            if !m.endpoints.is_empty() {
                <h3>{"EKS API endpoints"}</h3>
                { field_table(&m.endpoints, "endpoints") }
            }
        </div>
    }
}

fn provider(p: &ProviderModel) -> Html {
    html! {
        <section class="provider">
            <h3>{ &p.title }</h3>
            <p><code class="written">{ &p.written }</code></p>
            { field_table(&p.parts, "provider-parts") }
            if !p.forms.is_empty() {
                <h4>{"The same provider, written each way IRSA needs it"}</h4>
                { field_table(&p.forms, "provider-forms") }
            }
            { for p.notes.iter().map(|n| html! { <p class="what">{ n }</p> }) }
            if let Some(policy) = &p.trust_policy {
                <details class="trust-policy-template">
                    <summary>{"A trust policy for a role that one service account may assume"}</summary>
                    <div class="code-block">
                        <pre tabindex="0">{ policy }</pre>
                        <CopyButton text={policy.clone()} compact=true label="Copy the trust policy" />
                    </div>
                    <p class="what">{"Replace NAMESPACE and SERVICE_ACCOUNT with the pod's service account."}</p>
                </details>
            }
            if !p.commands.is_empty() {
                <h4>{"Compare with what the account has"}</h4>
                { for p.commands.iter().map(|c| html! {
                    <div class="command-line"><RichText text={format!("`{c}`")} /></div>
                }) }
            }
        </section>
    }
}
