//! A `<details>` whose body is put in the page the first time it is opened.
//!
//! Measured (docs/performance.md, "The report's first render"): of the 6,600
//! elements the report of a 1,000-context kubeconfig put in the page at first,
//! 5,600 were inside the 50 closed certificate cards and 50 closed credential
//! flows, and creating them was most of the ~100 ms render. Closed, they show
//! nothing but their summary, so their bodies wait until the user opens one.
//!
//! Only long lists wait ([`LAZY_ABOVE`]): a kubeconfig with a few users keeps
//! every body in the page, so find-in-page (Ctrl+F) finds text in closed items
//! as before. In a longer list it does not find text in a closed item never
//! opened (it already misses items past "Show more"); the copied and downloaded
//! reports are complete either way.
//!
//! Pass the body as a component (`<ItemBody .. />`) so that not even its
//! virtual DOM is built until it is shown: a component's view runs only once it
//! is in the page.

use yew::prelude::*;

/// Lists with more items than this build the bodies of closed items on first
/// opening. Ten closed certificate cards are ~670 elements, about 10 ms to
/// create (scaled from the 50 cards measured).
pub const LAZY_ABOVE: usize = 10;

/// Whether the closed items of a list of `len` wait until opened.
pub fn lazy_for(len: usize) -> bool {
    len > LAZY_ABOVE
}

#[derive(Properties, PartialEq)]
pub struct LazyDetailsProps {
    #[prop_or_default]
    pub class: Classes,
    /// Open at first; its body is then built at once.
    #[prop_or(false)]
    pub open: bool,
    /// Build the body only once opened; when false it is always built.
    #[prop_or(true)]
    pub lazy: bool,
    /// What the `<summary>` holds.
    pub summary: Html,
    /// The body, shown once the element has been open.
    #[prop_or_default]
    pub children: Html,
}

#[function_component(LazyDetails)]
pub fn lazy_details(props: &LazyDetailsProps) -> Html {
    // Set once the element is seen open. Checked on the element itself, not taken
    // from the event: Yew passes an event on to the listeners of the target's
    // ancestors too (a nested `<details>` toggling). Once built, the body stays
    // (closing it again keeps what is inside as it was).
    let opened = use_state(|| false);
    let details = use_node_ref();
    let ontoggle = {
        let (opened, details) = (opened.clone(), details.clone());
        Callback::from(move |_: Event| {
            let open = details
                .cast::<web_sys::Element>()
                .is_some_and(|d| d.has_attribute("open"));
            if open && !*opened {
                opened.set(true);
            }
        })
    };
    let shown = !props.lazy || props.open || *opened;
    html! {
        <details ref={details} class={props.class.clone()} open={props.open} {ontoggle}>
            <summary>{ props.summary.clone() }</summary>
            if shown {
                { props.children.clone() }
            }
        </details>
    }
}
