//! A JWT in three panels, like jwt.io but offline and redacted: the header, the
//! claims with what each means (times relative to now), and the signature —
//! its length, why it is not verified, and its value only when revealed.

use super::explain_model::identity::jwt_model;
use super::explanation::ExplanationProps;
use super::fields::field_table;
use super::rich_text::RichText;
use crate::core::Explanation;
use yew::prelude::*;

#[function_component(JwtView)]
pub fn jwt_view(props: &ExplanationProps) -> Html {
    let Explanation::Jwt(o) = &props.analysis.report.explanation else {
        return html! {};
    };
    let m = jwt_model(o, props.reveal.then(|| &*props.analysis.text));
    html! {
        <div class="explanation jwt">
            <h2>{"Explanation"}</h2>
            <div class="jwt-summary"><RichText text={m.summary.clone()} plain=true /></div>
            <section class="jwt-panel jwt-header">
                <h3>{"Header"}</h3>
                { field_table(&m.header, "jwt-header-fields") }
            </section>
            <section class="jwt-panel jwt-claims">
                <h3>{"Claims"}</h3>
                { field_table(&m.claims, "jwt-claims-fields") }
            </section>
            <section class="jwt-panel jwt-signature">
                <h3>{"Signature"}</h3>
                { field_table(std::slice::from_ref(&m.signature), "jwt-signature-fields") }
            </section>
            if !m.trust_keys.is_empty() {
                <h3>{"What an IRSA trust policy sees when this token is exchanged"}</h3>
                <p class="what">{"sts:AssumeRoleWithWebIdentity compares these condition keys with the role's trust policy:"}</p>
                { field_table(&m.trust_keys, "trust-keys") }
            }
        </div>
    }
}
