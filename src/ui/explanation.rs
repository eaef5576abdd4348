//! The explanation part of the report: one component per `Explanation` variant.
//!
//! To add a view for a new kind of input, write `src/ui/<kind>_view.rs` with a
//! function component taking [`ExplanationProps`], and add its arm below. The
//! component gets the whole analysis (report and analysed text, compared by
//! identity, so it re-renders only when a new analysis arrives) and whether the
//! user revealed secrets — views that show a credential mask it unless `reveal`
//! is set, and use `CopyButton` for fingerprints, commands and generated policies.
//! What a view shows is shaped in `explain_model` (pure, tested natively); the
//! component only lays it out.

use super::kubeconfig_view::KubeconfigView;
use super::state::Analysis;
use crate::core::Explanation;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    pub analysis: Rc<Analysis>,
    /// The user chose to see secrets unredacted.
    pub reveal: bool,
}

#[function_component(ExplanationView)]
pub fn explanation_view(props: &ExplanationProps) -> Html {
    let props = ExplanationProps {
        analysis: props.analysis.clone(),
        reveal: props.reveal,
    };
    match &props.analysis.report.explanation {
        Explanation::None => html! {},
        Explanation::Kubeconfig(_) => html! { <KubeconfigView ..props /> },
        Explanation::AwsAuth(_) => html! { <super::awsauth_view::AwsAuthView ..props /> },
        Explanation::Token(_) => html! { <super::token_view::TokenView ..props /> },
        Explanation::Jwt(_) => html! { <super::jwt_view::JwtView ..props /> },
        Explanation::OidcProvider(_) => html! { <super::oidc_view::OidcView ..props /> },
        Explanation::ServiceAccount(_) => {
            html! { <super::serviceaccount_view::ServiceAccountView ..props /> }
        }
        Explanation::Certificates(_) => html! { <super::cert_view::CertificatesView ..props /> },
        // A trust policy: its explanation, and the corrected policy ready to copy.
        Explanation::TrustPolicy(v) => html! {
            <div class="explanation as-text trust-policy">
                <h2>{"Explanation"}</h2>
                if let Some(fixed) = &v.corrected {
                    <div class="corrected-policy">
                        <h3>{"Corrected policy"}</h3>
                        <pre class="explanation-text">{ fixed.clone() }</pre>
                        <super::CopyButton text={fixed.clone()} label="Copy the corrected policy" />
                        // What the correction leaves out, next to it: copying it
                        // without reading this would drop a cluster silently.
                        if !v.omitted.is_empty() {
                            <div class="corrected-omitted" role="note">
                                <strong>{"Left out of the corrected policy:"}</strong>
                                <ul>{ for v.omitted.iter().map(|o| html! { <li>{ o.clone() }</li> }) }</ul>
                            </div>
                        }
                    </div>
                }
                <super::simulator_view::SimulatorView analysis={props.analysis.clone()} />
                <pre class="explanation-text">{ crate::core::render::explanation_text(&props.analysis.report) }</pre>
            </div>
        },
    }
}
