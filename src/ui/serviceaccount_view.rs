//! ServiceAccounts: the IRSA annotation (the role ARN taken apart), what the
//! pod identity webhook gives its pods, the `sub` their tokens present, and the
//! conditions the role's trust policy must have.

use super::copy_button::CopyButton;
use super::explain_model::identity::{service_account_model, AccountModel};
use super::explanation::ExplanationProps;
use super::fields::field_table;
use super::rich_text::RichText;
use crate::core::Explanation;
use yew::prelude::*;

#[function_component(ServiceAccountView)]
pub fn service_account_view(props: &ExplanationProps) -> Html {
    let Explanation::ServiceAccount(o) = &props.analysis.report.explanation else {
        return html! {};
    };
    let m = service_account_model(o);
    html! {
        <div class="explanation service-account">
            <h2>{"Explanation"}</h2>
            if m.accounts.is_empty() {
                <p>{"No ServiceAccount in the input."}</p>
            }
            { for m.accounts.iter().map(account) }
            if !m.other_kinds.is_empty() {
                <p class="what">{ format!("{}: {}", crate::core::serviceaccount::overview::OTHER_DOCUMENTS, m.other_kinds.join(", ")) }</p>
            }
        </div>
    }
}

fn account(a: &AccountModel) -> Html {
    html! {
        <section class="account">
            <h3>{"ServiceAccount "}<code>{ &a.title }</code></h3>
            { field_table(&a.fields, "account-fields") }
            if !a.role.is_empty() {
                <h4>{"The role ARN, taken apart"}</h4>
                { field_table(&a.role, "role-parts") }
            }
            <h4>{"The identity its pods present"}</h4>
            <p class="subject">
                {"Token "}<code>{"sub"}</code>{": "}<code class="sub">{ &a.subject }</code>
                <CopyButton text={a.subject.clone()} compact=true label="Copy the sub" />
            </p>
            if a.env.is_empty() {
                <p class="what">{"No role annotation: the pod identity webhook injects nothing, and pods get AWS credentials only from the node (or EKS Pod Identity)."}</p>
            } else {
                <h4>{"What the EKS pod identity webhook adds to its pods"}</h4>
                { field_table(&a.env, "pod-env") }
                <p class="what">{"Pods get these only when they are created: restart running pods after changing the annotations."}</p>
                <h4>{"What the role's trust policy must allow (sts:AssumeRoleWithWebIdentity from the cluster's OIDC provider)"}</h4>
                { field_table(&a.conditions, "conditions") }
            }
            { for a.commands.iter().map(|c| html! {
                <div class="command-line"><RichText text={format!("Compare: `{c}`")} /></div>
            }) }
        </section>
    }
}
