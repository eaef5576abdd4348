//! The kubeconfig overview: contexts (current first), clusters, users.
//!
//! A long overview comes in three frames when it first shows (pace.rs): the
//! contexts and clusters, then the credential flows and stories, then the
//! certificates and users. With 50 of each shown that is ~570, ~310 and ~310
//! elements, where the ~1,200 at once made a frame of their own over 50 ms.

use super::cert_view::CertCardView;
use super::explanation::ExplanationProps;
use super::lazy_details::{lazy_for, LazyDetails};
use super::pace::use_frames;
use super::show_more::use_show_more;
use super::state::Analysis;
use crate::core::kubeconfig::Overview;
use crate::core::report::PREVIEW_ITEMS;
use crate::core::Explanation;
use std::rc::Rc;
use yew::prelude::*;

// A preview holds at least the first page of each list.
const _: () = assert!(super::show_more::PAGE <= PREVIEW_ITEMS);

/// An overview showing more items than this, over all its lists, shows its
/// other parts a frame apart.
pub const SPLIT_ABOVE: usize = 100;

#[function_component(KubeconfigView)]
pub fn kubeconfig_view(props: &ExplanationProps) -> Html {
    // Each long list shows its first items (show_more.rs says why). Hooks come
    // before the early return so they run on every render.
    let len = |f: fn(&crate::core::kubeconfig::Overview) -> usize| match &props
        .analysis
        .report
        .explanation
    {
        Explanation::Kubeconfig(o) => f(o),
        _ => 0,
    };
    // A re-check at a later clock keeps the view (state.rs, `Analysis::view`).
    let seq = props.analysis.view;
    let (n_contexts, more_contexts) = use_show_more(len(|o| o.contexts.len()), "contexts", seq);
    let (n_clusters, more_clusters) = use_show_more(len(|o| o.clusters.len()), "clusters", seq);
    // A preview's cut lists (one item past PREVIEW_ITEMS: there are more) offer
    // no "Show more" until the whole report is in.
    let preview = props.analysis.preview;
    let held = |n: usize| if preview { n.min(PREVIEW_ITEMS) } else { n };
    let (n_flows, more_flows) =
        use_show_more(held(len(|o| o.exec_flows.len())), "credential flows", seq);
    let (n_stories, more_stories) = use_show_more(held(len(|o| o.stories.len())), "contexts", seq);
    let (n_certs, more_certs) = use_show_more(
        held(len(|o| o.certificates.len())),
        "certificates and keys",
        seq,
    );
    let (n_users, more_users) = use_show_more(len(|o| o.users.len()), "users", seq);
    let items = n_contexts + n_clusters + n_flows + n_stories + n_certs + n_users;
    let split = items > SPLIT_ABOVE;
    // Counted from the first render of this view, not per analysis, and kept
    // once shown: a new analysis updates what is already in the page.
    let frame = use_frames(0, if split { 2 } else { 0 });
    let shown = use_mut_ref(|| 0u32);
    let parts = if split { frame.max(*shown.borrow()) } else { 2 };
    *shown.borrow_mut() = parts;
    let Explanation::Kubeconfig(o) = &props.analysis.report.explanation else {
        return html! {};
    };
    // A preview (state.rs) has the first items of the lists below; the rest
    // are on their way from the worker.
    let cut = |len: usize| preview && len > PREVIEW_ITEMS;
    let pending = |len: usize| {
        cut(len).then(|| {
            html! {
                <p class="show-more pending">
                    { format!("Showing the first {PREVIEW_ITEMS}; the rest are still being built…") }
                </p>
            }
        })
    };
    let cert_heading = if cut(o.certificates.len()) {
        "Certificates and keys".to_string()
    } else {
        format!("Certificates and keys ({})", o.certificates.len())
    };
    html! {
        <div class="explanation kubeconfig">
            <h2>{"Overview"}</h2>
            <p class="current">
                {"Current context: "}
                <strong>{ o.current_context.clone().unwrap_or_else(|| "(none set)".into()) }</strong>
            </p>
            <h3>{ format!("Contexts ({})", o.contexts.len()) }</h3>
            <table class="entries contexts">
                <thead><tr><th>{"Context"}</th><th>{"Cluster"}</th><th>{"User"}</th><th>{"Namespace"}</th></tr></thead>
                <tbody>
                    { for o.contexts.iter().take(n_contexts).map(|c| html! {
                        <tr class={classes!(c.is_current.then_some("current"))}>
                            <td>{ if c.is_current { "★ " } else { "" } }{ &c.name }</td>
                            <td>{ &c.cluster }</td>
                            <td>{ &c.user }</td>
                            <td>{ &c.namespace }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            { more_contexts }
            <h3>{ format!("Clusters ({})", o.clusters.len()) }</h3>
            <ul class="entries clusters">
                { for o.clusters.iter().take(n_clusters).map(|c| html! {
                    <li>
                        <strong>{ &c.name }</strong>
                        <div><code>{ &c.server }</code></div>
                        <div class="what">{ c.endpoint.describe() }</div>
                        <div class="trust">{"TLS trust: "}{ &c.trust }</div>
                    </li>
                }) }
            </ul>
            { more_clusters }
            // The items below are keyed by position: Yew pairs an unkeyed list's
            // items from its end, so when a list grows, an item that was opened
            // would hand its state (its body built) to another one.
            if parts >= 1 {
                if !o.exec_flows.is_empty() {
                    <h3>{"How kubectl gets a credential"}</h3>
                    { for o.exec_flows.iter().enumerate().take(n_flows).map(|(i, f)| html! {
                        <LazyDetails
                            key={i}
                            class="exec-flow"
                            open={o.exec_flows.len() == 1}
                            lazy={lazy_for(o.exec_flows.len())}
                            summary={html! { <><strong>{ &f.user }</strong>{" — "}{ f.plugin }</> }}
                        >
                            <ExecFlowBody analysis={props.analysis.clone()} index={i} />
                        </LazyDetails>
                    }) }
                    { more_flows }
                    { pending(o.exec_flows.len()) }
                }
                if !o.stories.is_empty() {
                    <h3>{"What `kubectl get pods` does, context by context"}</h3>
                    { for o.stories.iter().enumerate().take(n_stories).map(|(i, st)| html! {
                        <LazyDetails
                            key={i}
                            class="story"
                            open={st.is_current}
                            lazy={lazy_for(o.stories.len())}
                            summary={html! { <><strong>{ &st.context }</strong>{ if st.is_current { " (current)" } else { "" } }</> }}
                        >
                            <StoryBody analysis={props.analysis.clone()} index={i} />
                        </LazyDetails>
                    }) }
                    { more_stories }
                    { pending(o.stories.len()) }
                }
            }
            if parts >= 2 {
                if !o.certificates.is_empty() {
                    <h3>{ cert_heading }</h3>
                    { for o.certificates.iter().enumerate().take(n_certs).map(|(i, card)| html! {
                        <CertCardView
                            key={i}
                            card={Rc::new(card.clone())}
                            open={o.certificates.len() <= 2}
                            lazy={lazy_for(o.certificates.len())}
                        />
                    }) }
                    { more_certs }
                    { pending(o.certificates.len()) }
                }
                <h3>{ format!("Users ({})", o.users.len()) }</h3>
                <ul class="entries users">
                    { for o.users.iter().take(n_users).map(|u| html! {
                        <li>
                            <strong>{ &u.name }</strong>
                            <div class="method">{ u.method }{": "}{ &u.detail }</div>
                        </li>
                    }) }
                </ul>
                { more_users }
            }
        </div>
    }
}

/// One item of one of the overview's lists, by index: cheap to compare, and
/// its body is built only when shown (lazy_details.rs).
#[derive(Properties, PartialEq)]
struct ItemProps {
    analysis: Rc<Analysis>,
    index: usize,
}

fn overview(analysis: &Analysis) -> Option<&Overview> {
    match &analysis.report.explanation {
        Explanation::Kubeconfig(o) => Some(o),
        _ => None,
    }
}

/// What an open credential flow shows: the command, the steps, the exec info.
#[function_component(ExecFlowBody)]
fn exec_flow_body(props: &ItemProps) -> Html {
    let Some(f) = overview(&props.analysis).and_then(|o| o.exec_flows.get(props.index)) else {
        return html! {};
    };
    html! {
        <>
            <p>{"kubectl runs: "}<code>{ &f.command_line }</code></p>
            if let Some(hint) = &f.install_hint {
                <p class="what">{"If it is missing: "}{ hint }</p>
            }
            <ol class="steps">
                { for f.sections.iter().map(|sec| html! {
                    <li>
                        <strong>{ &sec.title }</strong>
                        <ul>{ for sec.lines.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                    </li>
                }) }
            </ol>
            <details class="exec-info">
                <summary>{"KUBERNETES_EXEC_INFO sent to the plugin"}</summary>
                <pre>{ &f.exec_info }</pre>
            </details>
        </>
    }
}

/// What an open context story shows: its text.
#[function_component(StoryBody)]
fn story_body(props: &ItemProps) -> Html {
    let Some(st) = overview(&props.analysis).and_then(|o| o.stories.get(props.index)) else {
        return html! {};
    };
    html! { <pre class="explanation-text">{ st.to_text() }</pre> }
}
