//! Messages and help texts as people read them: `code spans` set as code, a copy
//! button next to every command (`aws eks update-kubeconfig …`), and indented
//! lines (the corrected lines of a fix) as a code block with its own copy button.
//! Renders block content: put it in a `<div>`, not a `<p>`.

use super::copy_button::CopyButton;
use super::view_model::{blocks, spans, Block, Span};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RichTextProps {
    pub text: AttrValue,
}

fn inline(text: &str) -> Html {
    let parts = spans(text).into_iter().map(|s| match s {
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

#[function_component(RichText)]
pub fn rich_text(props: &RichTextProps) -> Html {
    let parts = blocks(props.text.as_str()).into_iter().map(|b| match b {
        Block::Prose(t) => html! { <span class="prose">{ inline(t) }</span> },
        Block::Code(code) => html! {
            <div class="code-block">
                <pre tabindex="0">{ code.clone() }</pre>
                <CopyButton text={code} compact=true label="Copy these lines" />
            </div>
        },
    });
    html! { <>{ for parts }</> }
}
