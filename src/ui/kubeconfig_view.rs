//! The kubeconfig overview: contexts (current first), clusters, users.

use super::cert_view::CertCardView;
use super::explanation::ExplanationProps;
use super::show_more::use_show_more;
use crate::core::Explanation;
use yew::prelude::*;

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
    let seq = props.analysis.seq;
    let (n_contexts, more_contexts) = use_show_more(len(|o| o.contexts.len()), "contexts", seq);
    let (n_clusters, more_clusters) = use_show_more(len(|o| o.clusters.len()), "clusters", seq);
    let (n_flows, more_flows) = use_show_more(len(|o| o.exec_flows.len()), "credential flows", seq);
    let (n_stories, more_stories) = use_show_more(len(|o| o.stories.len()), "contexts", seq);
    let (n_certs, more_certs) =
        use_show_more(len(|o| o.certificates.len()), "certificates and keys", seq);
    let (n_users, more_users) = use_show_more(len(|o| o.users.len()), "users", seq);
    let Explanation::Kubeconfig(o) = &props.analysis.report.explanation else {
        return html! {};
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
            if !o.exec_flows.is_empty() {
                <h3>{"How kubectl gets a credential"}</h3>
                { for o.exec_flows.iter().take(n_flows).map(|f| html! {
                    <details class="exec-flow" open={o.exec_flows.len() == 1}>
                        <summary><strong>{ &f.user }</strong>{" — "}{ f.plugin }</summary>
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
                    </details>
                }) }
                { more_flows }
            }
            if !o.stories.is_empty() {
                <h3>{"What `kubectl get pods` does, context by context"}</h3>
                { for o.stories.iter().take(n_stories).map(|st| html! {
                    <details class="story" open={st.is_current}>
                        <summary><strong>{ &st.context }</strong>{ if st.is_current { " (current)" } else { "" } }</summary>
                        <pre class="explanation-text">{ st.to_text() }</pre>
                    </details>
                }) }
                { more_stories }
            }
            if !o.certificates.is_empty() {
                <h3>{ format!("Certificates and keys ({})", o.certificates.len()) }</h3>
                { for o.certificates.iter().take(n_certs).map(|card| html! {
                    <CertCardView card={card.clone()} open={o.certificates.len() <= 2} />
                }) }
                { more_certs }
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
        </div>
    }
}
