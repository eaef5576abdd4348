//! A `<details>` whose body is put in the page the first time it is opened.
//!
//! Measured (docs/performance.md, "The report's first render"): of the 6,600
//! elements the report of a 1,000-context kubeconfig put in the page at first,
//! 5,600 were inside the 50 closed certificate cards and 50 closed credential
//! flows, and creating them was most of the ~100 ms render. Closed, they show
//! nothing but their summary, so their bodies wait until the user opens one.
//!
//! What this changes for a user: find-in-page (Ctrl+F) does not find text in a
//! closed item that was never opened (it already misses items past "Show more");
//! the copied and downloaded reports are complete as before.
//!
//! Pass the body as a component (`<ItemBody .. />`) so that not even its
//! virtual DOM is built until it is shown: a component's view runs only once it
//! is in the page.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LazyDetailsProps {
    #[prop_or_default]
    pub class: Classes,
    /// Open at first; its body is then built at once.
    #[prop_or(false)]
    pub open: bool,
    /// What the `<summary>` holds.
    pub summary: Html,
    /// The body, shown once the element has been open.
    #[prop_or_default]
    pub children: Html,
}

#[function_component(LazyDetails)]
pub fn lazy_details(props: &LazyDetailsProps) -> Html {
    // Set by the first `toggle`: a closed element's first toggle is its opening.
    // Once built, the body stays (closing it again keeps what is inside as it was).
    let opened = use_state(|| false);
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |_: Event| {
            if !*opened {
                opened.set(true);
            }
        })
    };
    let shown = props.open || *opened;
    html! {
        <details class={props.class.clone()} open={props.open} {ontoggle}>
            <summary>{ props.summary.clone() }</summary>
            if shown {
                { props.children.clone() }
            }
        </details>
    }
}
