//! Tables of labelled values (a token's URL parameters, a JWT's claims, the
//! parts of an ARN), each with what it means and, where worth it, a copy button.

use super::copy_button::CopyButton;
use super::explain_model::{Field, Status};
use super::rich_text::RichText;
use yew::prelude::*;

/// A `<table>` of `fields`; `class` names what it lists (for styles and tests).
pub fn field_table(fields: &[Field], class: &'static str) -> Html {
    html! {
        <table class={classes!("entries", "fields", class)}>
            <tbody>
                { for fields.iter().map(row) }
            </tbody>
        </table>
    }
}

fn row(f: &Field) -> Html {
    html! {
        <tr class={classes!(f.hidden.then_some("withheld"))} data-label={f.label.clone()}>
            <th scope="row">{ &f.label }</th>
            <td>
                <code class="value">{ &f.value }</code>
                if f.copy {
                    <CopyButton text={f.value.clone()} compact=true label={format!("Copy {}", f.label)} />
                }
                if let Some(n) = &f.note {
                    <div class="what"><RichText text={n.clone()} plain=true /></div>
                }
            </td>
        </tr>
    }
}

/// A pass / fail / not-checked mark that reads without colour.
pub fn status_mark(s: Status) -> Html {
    html! { <span class={classes!("status", s.class())}>{ s.mark() }</span> }
}
