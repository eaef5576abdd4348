//! The findings list: grouped by severity with counts; each finding links to its
//! source line and opens its rule's documentation in place.

use super::state::Action;
use crate::core::{Finding, Report, Severity};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    pub report: Rc<Report>,
    pub dispatch: Callback<Action>,
}

#[function_component(FindingList)]
pub fn finding_list(props: &FindingListProps) -> Html {
    let r = &props.report;
    if r.findings.is_empty() {
        return html! { <p class="no-findings">{"No findings: nothing wrong that eksplain knows how to detect."}</p> };
    }
    let groups = [Severity::Error, Severity::Warning, Severity::Info].into_iter().filter_map(|sev| {
        let items: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == sev).collect();
        if items.is_empty() {
            return None;
        }
        let title = match sev {
            Severity::Error => "Errors",
            Severity::Warning => "Warnings",
            Severity::Info => "Notes",
        };
        Some(html! {
            <section class={classes!("finding-group", sev.as_str())}>
                <h3>{ format!("{title} ({})", items.len()) }</h3>
                <ul class="findings">
                    { for items.into_iter().map(|f| html! { <FindingItem finding={f.clone()} dispatch={props.dispatch.clone()} /> }) }
                </ul>
            </section>
        })
    });
    html! { <div class="finding-groups">{ for groups }</div> }
}

#[derive(Properties, PartialEq)]
pub struct FindingItemProps {
    pub finding: Finding,
    pub dispatch: Callback<Action>,
}

#[function_component(FindingItem)]
pub fn finding_item(props: &FindingItemProps) -> Html {
    let f = &props.finding;
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let line = f.line();
    let goto = props
        .dispatch
        .reform(move |_: MouseEvent| Action::Highlight(line));
    let at = match f.location.pos {
        Some(p) => format!("line {}:{}", p.line, p.column),
        None => "whole input".into(),
    };
    let rule = f.rule;
    html! {
        <li class={classes!("finding", f.severity.as_str())} data-code={rule.code}>
            <div class="finding-head">
                <span class={classes!("badge", f.severity.as_str())}>{ f.severity.as_str() }</span>
                <code class="code">{ rule.code }</code>
                <button class="goto" onclick={goto} disabled={line.is_none()} title="Show this line in the input">{ at }</button>
                <span class="category">{ f.category().as_str() }</span>
            </div>
            <p class="message">{ &f.message }</p>
            if !f.location.path.is_root() {
                <p class="path"><code>{ f.location.path.to_string() }</code></p>
            }
            <p class="help"><strong>{"Fix: "}</strong>{ &f.help }</p>
            <button class="docs-toggle" onclick={toggle} aria-expanded={open.to_string()}>
                { if *open { "Hide rule docs" } else { "Why? (rule docs)" } }
            </button>
            if *open {
                <div class="rule-docs">
                    <h4>{ format!("{} {}", rule.code, rule.name) }</h4>
                    <p><strong>{"What it does. "}</strong>{ rule.what }</p>
                    <p><strong>{"Why it matters. "}</strong>{ rule.why }</p>
                    <p><strong>{"Example"}</strong></p>
                    <pre class="example">{ rule.example }</pre>
                    <p><strong>{"Fixed"}</strong></p>
                    <pre class="example fixed">{ rule.fixed }</pre>
                </div>
            }
        </li>
    }
}
