//! A button that copies a text and says so ("Copied", or that it failed) for a
//! moment. Used for fixes, commands, rule examples, the Markdown report, and by
//! the explanation views for fingerprints and generated policies.
//!
//! The text is produced only when the button is pressed (`text` is a callback),
//! so a redacted-or-revealed choice is made at that moment and a large report is
//! not rendered on every keystroke just in case someone copies it.

use super::dom;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::html::IntoPropValue;
use yew::prelude::*;

/// How long the feedback stays.
const FEEDBACK_MS: u32 = 1600;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Idle,
    Copied,
    Failed,
}

/// What to copy: a fixed text, or one made when the button is pressed.
#[derive(Clone, PartialEq)]
pub enum CopyText {
    Fixed(Rc<str>),
    Lazy(Callback<(), String>),
}

impl CopyText {
    fn get(&self) -> String {
        match self {
            CopyText::Fixed(s) => s.to_string(),
            CopyText::Lazy(f) => f.emit(()),
        }
    }
}

impl IntoPropValue<CopyText> for &str {
    fn into_prop_value(self) -> CopyText {
        CopyText::Fixed(Rc::from(self))
    }
}

impl IntoPropValue<CopyText> for String {
    fn into_prop_value(self) -> CopyText {
        CopyText::Fixed(Rc::from(self))
    }
}

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: CopyText,
    /// The visible label; with `compact`, only the accessible name.
    #[prop_or(AttrValue::Static("Copy"))]
    pub label: AttrValue,
    /// An icon-sized button (next to a command or a fingerprint).
    #[prop_or_default]
    pub compact: bool,
    #[prop_or_default]
    pub title: Option<AttrValue>,
}

#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let status = use_state(|| Status::Idle);
    // Dropping the previous timer cancels it, so a second click restarts the feedback.
    let timer = use_mut_ref(|| None::<Timeout>);
    let onclick = {
        let (status, timer, text) = (status.clone(), timer.clone(), props.text.clone());
        Callback::from(move |_: MouseEvent| {
            let (status, timer, text) = (status.clone(), timer.clone(), text.get());
            wasm_bindgen_futures::spawn_local(async move {
                let ok = dom::copy(text).await;
                status.set(if ok { Status::Copied } else { Status::Failed });
                let status = status.clone();
                *timer.borrow_mut() =
                    Some(Timeout::new(FEEDBACK_MS, move || status.set(Status::Idle)));
            });
        })
    };
    let (shown, feedback) = match *status {
        Status::Idle => (None, ""),
        Status::Copied => (Some("Copied"), "Copied to the clipboard"),
        Status::Failed => (
            Some("Copy failed"),
            "Copying failed: the browser refused access to the clipboard. Select the text and copy it by hand.",
        ),
    };
    let label = if props.compact {
        icon(*status == Status::Copied)
    } else {
        html! { { shown.unwrap_or(props.label.as_str()) } }
    };
    html! {
        <>
            <button
                type="button"
                class={classes!("copy", props.compact.then_some("compact"), (*status == Status::Copied).then_some("copied"))}
                aria-label={props.compact.then(|| props.label.clone())}
                title={props.title.clone().or_else(|| props.compact.then(|| props.label.clone()))}
                {onclick}
            >
                { label }
            </button>
            // Announced to screen readers; visually the button's label says it.
            <span class="visually-hidden" role="status">{ feedback }</span>
        </>
    }
}

/// A copy (two sheets) or done (a tick) icon, drawn inline: no font or image needed.
fn icon(done: bool) -> Html {
    let shape = if done {
        html! { <path d="M3 8.5l3 3 7-7" /> }
    } else {
        html! {
            <>
                <rect x="5.5" y="5.5" width="8.5" height="8.5" rx="1.5" />
                <path d="M3.5 10.5H3A1.5 1.5 0 0 1 1.5 9V3A1.5 1.5 0 0 1 3 1.5h6A1.5 1.5 0 0 1 10.5 3v.5" />
            </>
        }
    };
    html! {
        <svg class="copy-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">
            { shape }
        </svg>
    }
}
