//! The kubeconfig overview: contexts (current first), clusters, users.

use super::cert_view::CertCardView;
use super::explanation::ExplanationProps;
use crate::core::Explanation;
use yew::prelude::*;

#[function_component(KubeconfigView)]
pub fn kubeconfig_view(props: &ExplanationProps) -> Html {
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
                    { for o.contexts.iter().map(|c| html! {
                        <tr class={classes!(c.is_current.then_some("current"))}>
                            <td>{ if c.is_current { "★ " } else { "" } }{ &c.name }</td>
                            <td>{ &c.cluster }</td>
                            <td>{ &c.user }</td>
                            <td>{ &c.namespace }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <h3>{ format!("Clusters ({})", o.clusters.len()) }</h3>
            <ul class="entries clusters">
                { for o.clusters.iter().map(|c| html! {
                    <li>
                        <strong>{ &c.name }</strong>
                        <div><code>{ &c.server }</code></div>
                        <div class="what">{ c.endpoint.describe() }</div>
                        <div class="trust">{"TLS trust: "}{ &c.trust }</div>
                    </li>
                }) }
            </ul>
            if !o.exec_flows.is_empty() {
                <h3>{"How kubectl gets a credential"}</h3>
                { for o.exec_flows.iter().map(|f| html! {
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
            }
            if !o.stories.is_empty() {
                <h3>{"What `kubectl get pods` does, context by context"}</h3>
                { for o.stories.iter().map(|st| html! {
                    <details class="story" open={st.is_current}>
                        <summary><strong>{ &st.context }</strong>{ if st.is_current { " (current)" } else { "" } }</summary>
                        <pre class="explanation-text">{ st.to_text() }</pre>
                    </details>
                }) }
            }
            if !o.certificates.is_empty() {
                <h3>{ format!("Certificates and keys ({})", o.certificates.len()) }</h3>
                { for o.certificates.iter().map(|card| html! {
                    <CertCardView card={card.clone()} open={o.certificates.len() <= 2} />
                }) }
            }
            <h3>{ format!("Users ({})", o.users.len()) }</h3>
            <ul class="entries users">
                { for o.users.iter().map(|u| html! {
                    <li>
                        <strong>{ &u.name }</strong>
                        <div class="method">{ u.method }{": "}{ &u.detail }</div>
                    </li>
                }) }
            </ul>
        </div>
    }
}
