//! Cross-checks between the pasted inputs that involve the active one.

use crate::core::cross::CrossCheck;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CrossViewProps {
    pub checks: Vec<CrossCheck>,
}

#[function_component(CrossView)]
pub fn cross_view(props: &CrossViewProps) -> Html {
    if props.checks.is_empty() {
        return html! {};
    }
    html! {
        <section class="cross" aria-label="Across inputs">
            <h2>{"Across your inputs"}</h2>
            <ul class="cross-checks">
                { for props.checks.iter().map(|c| {
                    let (class, mark) = match c.ok {
                        Some(true) => ("ok", "✓"),
                        Some(false) => ("fail", "✗"),
                        None => ("unknown", "?"),
                    };
                    html! { <li class={classes!("cross-check", class)}><span class="mark" aria-hidden="true">{ mark }</span>{ &c.text }</li> }
                }) }
            </ul>
        </section>
    }
}
