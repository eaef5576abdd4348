//! Messages and help texts with their `code spans` set as code, and a copy
//! button next to every command (`aws eks update-kubeconfig …`).

use super::copy_button::CopyButton;
use super::view_model::{spans, Span};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RichTextProps {
    pub text: AttrValue,
}

#[function_component(RichText)]
pub fn rich_text(props: &RichTextProps) -> Html {
    let parts = spans(props.text.as_str()).into_iter().map(|s| match s {
        Span::Text(t) => html! { { t } },
        Span::Code(c) => html! { <code>{ c }</code> },
        Span::Command(c) => html! {
            <span class="command">
                <code>{ c }</code>
                <CopyButton text={c} compact=true label="Copy command" />
            </span>
        },
    });
    html! { <>{ for parts }</> }
}
