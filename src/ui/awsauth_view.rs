//! The aws-auth ConfigMap: its explanation, and a box where an IAM ARN can be
//! typed to see the Kubernetes user and groups the EKS authenticator gives it.

use super::explanation::ExplanationProps;
use crate::core::awsauth::{canonicalize, map_identity, MappedIdentity};
use crate::core::{render, Explanation};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(AwsAuthView)]
pub fn aws_auth_view(props: &ExplanationProps) -> Html {
    let arn = use_state(String::new);
    let Explanation::AwsAuth(view) = &props.analysis.report.explanation else {
        return html! {};
    };
    let on_input = {
        let arn = arn.clone();
        Callback::from(move |e: InputEvent| {
            arn.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let typed = arn.trim();
    let result = if typed.is_empty() {
        html! {}
    } else {
        match canonicalize(typed) {
            Err(e) => html! { <p class="lookup-error">{ e }</p> },
            Ok(p) => {
                let found = match map_identity(&view.aws, typed) {
                    Some(m) => html! {
                        <>
                            { mapping(&m) }
                            if !m.others.is_empty() {
                                <p class="lookup-ambiguous">{ format!(
                                    "But {} too: the authenticator keeps them all and answers each request with whichever it finds first, in no fixed order:",
                                    if m.others.len() == 1 { "1 other entry matches" } else { "other entries match" }
                                ) }</p>
                                { for m.others.iter().map(mapping) }
                            }
                        </>
                    },
                    None => html! {
                        <p class="lookup-none">{"No entry maps it: requests are Unauthorized, unless an EKS access entry maps this principal."}</p>
                    },
                };
                html! {
                    <>
                        <p class="what">{"Looked up as "}<code>{ p.canonical.clone() }</code>{ p.note.clone().map(|n| format!(" ({n})")).unwrap_or_default() }</p>
                        { found }
                    </>
                }
            }
        }
    };
    html! {
        <div class="explanation as-text aws-auth">
            <h2>{"Who gets which Kubernetes identity"}</h2>
            <label class="lookup">
                <span class="label-text">{"IAM ARN (user, role, or assumed-role session)"}</span>
                <input type="text" class="aws-arn" spellcheck="false" autocomplete="off"
                    placeholder="arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice"
                    value={(*arn).clone()} oninput={on_input} />
            </label>
            { result }
            <pre class="explanation-text">{ render::explanation_text(&props.analysis.report) }</pre>
        </div>
    }
}

/// One entry's answer: where it matched, the user and groups it gives.
fn mapping(m: &MappedIdentity) -> Html {
    html! {
        <dl class="lookup-result">
            <dt>{"Matched"}</dt><dd><code>{ m.via.clone() }</code></dd>
            <dt>{"Kubernetes user"}</dt>
            <dd>
                if m.username.is_empty() { { m.shown_username() } }
                else { <code class="mapped-user">{ m.username.clone() }</code> }
            </dd>
            <dt>{"Groups"}</dt>
            <dd>{ if m.groups.is_empty() { "(none)".to_string() } else { m.groups.join(", ") } }</dd>
            if let Some(d) = &m.denied {
                <dt>{"But denied"}</dt><dd>{ d.clone() }</dd>
            }
        </dl>
    }
}
