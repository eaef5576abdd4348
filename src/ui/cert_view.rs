//! One certificate card (a decoded value: its certificates, keys, notes and
//! the openssl commands that show the same), shared by the kubeconfig overview
//! and pasted certificates.

use super::copy_button::CopyButton;
use super::explanation::ExplanationProps;
use super::lazy_details::LazyDetails;
use super::rich_text::RichText;
use crate::core::cert::card::CertCard;
use crate::core::Explanation;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CertCardProps {
    pub card: Rc<CertCard>,
    /// Shown unfolded.
    #[prop_or(true)]
    pub open: bool,
    /// A folded card builds its body only once opened: a card in a long list
    /// (lazy_details.rs says why).
    #[prop_or(false)]
    pub lazy: bool,
}

#[function_component(CertCardView)]
pub fn cert_card_view(props: &CertCardProps) -> Html {
    let card = &props.card;
    let summary = html! { <><strong>{ &card.title }</strong>{" — "}{ &card.encoding }</> };
    html! {
        <LazyDetails class="cert-card" open={props.open} lazy={props.lazy} {summary}>
            <CertCardBody card={card.clone()} />
        </LazyDetails>
    }
}

#[derive(Properties, PartialEq)]
struct CertCardBodyProps {
    card: Rc<CertCard>,
}

/// What an open card shows: its certificates, keys, notes and openssl commands.
#[function_component(CertCardBody)]
fn cert_card_body(props: &CertCardBodyProps) -> Html {
    let card = &props.card;
    let several = card.certs.len() > 1;
    html! {
        <>
            { for card.certs.iter().enumerate().map(|(i, c)| html! {
                <section class="cert">
                    <h4>
                        { if several { format!("[{}] ", i + 1) } else { String::new() } }
                        { c.role.label() }{" "}<code>{ c.summary.subject.short() }</code>
                        <span class={classes!("cert-status", c.status.starts_with("valid").then_some("pass"))}>{" — "}{ &c.status }</span>
                    </h4>
                    <table class="entries fields cert-fields">
                        <tbody>
                            { for c.rows().into_iter().map(|(label, value)| html! {
                                <tr><th scope="row">{ label }</th><td>{ value }</td></tr>
                            }) }
                            if let Some(id) = &c.identity {
                                <tr class="identity">
                                    <th scope="row">{"Kubernetes identity"}</th>
                                    <td><RichText text={id.describe()} plain=true /></td>
                                </tr>
                            }
                            { for c.signed_by.iter().map(|l| {
                                let (mark, class) = match l.verified {
                                    Some(true) => ("✓", "pass"),
                                    Some(false) => ("✗", "fail"),
                                    None => ("?", "unknown"),
                                };
                                html! {
                                    <tr class="chain">
                                        <th scope="row">{"Chain"}</th>
                                        <td><span class={classes!("status", class)}>{ mark }</span>{" "}{ &l.issuer }{": "}{ &l.detail }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </section>
            }) }
            { for card.keys.iter().map(|k| html! {
                <div class="key">
                    <p><strong><RichText text={k.description.clone()} plain=true /></strong>{" — content not shown"}</p>
                    if let Some(m) = &k.matches { <p class="what"><RichText text={m.clone()} plain=true /></p> }
                    if let Some(p) = &k.problem { <p class="lookup-error"><RichText text={p.clone()} plain=true /></p> }
                </div>
            }) }
            { for card.notes.iter().map(|n| html! { <div class="what note"><RichText text={n.clone()} /></div> }) }
            { for card.openssl.iter().map(|cmd| html! {
                <p class="command"><code>{ cmd }</code><CopyButton text={cmd.clone()} compact=true label="Copy command" /></p>
            }) }
        </>
    }
}

/// Pasted certificates and keys: their card.
#[function_component(CertificatesView)]
pub fn certificates_view(props: &ExplanationProps) -> Html {
    let Explanation::Certificates(c) = &props.analysis.report.explanation else {
        return html! {};
    };
    html! {
        <div class="explanation certificates">
            <h2>{"Certificates and keys"}</h2>
            <CertCardView card={Rc::new(c.card.clone())} />
        </div>
    }
}
