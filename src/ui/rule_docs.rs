//! One rule's documentation — what / why / example / fixed / how to fix — as the
//! findings list shows it in place and the rule reference dialog lists it. The
//! same text as `eksplain rules --format markdown` and docs/rules.md.

use super::copy_button::CopyButton;
use super::rich_text::RichText;
use crate::core::RuleMeta;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RuleDocsProps {
    pub rule: &'static RuleMeta,
    /// Show the code, name and summary as a heading (the findings list already has them).
    #[prop_or_default]
    pub with_heading: bool,
}

#[function_component(RuleDocs)]
pub fn rule_docs(props: &RuleDocsProps) -> Html {
    let r = props.rule;
    html! {
        <div class="rule-docs">
            if props.with_heading {
                <p class="rule-meta">
                    <span class={classes!("badge", r.severity.as_str())}>{ r.severity.as_str() }</span>
                    <span class="category">{ r.category.as_str() }</span>
                    <span class="summary"><RichText text={r.summary} /></span>
                </p>
            } else {
                <h3>{ format!("{} {}", r.code, r.name) }</h3>
            }
            <div class="para"><strong>{"What it does. "}</strong><RichText text={r.what} /></div>
            <div class="para"><strong>{"Why it matters. "}</strong><RichText text={r.why} /></div>
            <div class="examples">
                <figure>
                    <figcaption>{"Example"}</figcaption>
                    <pre class="example" tabindex="0">{ r.example }</pre>
                </figure>
                <figure>
                    <figcaption>
                        {"Fixed "}
                        <CopyButton text={r.fixed} compact=true label={format!("Copy the fixed example of {}", r.code)} />
                    </figcaption>
                    <pre class="example fixed" tabindex="0">{ r.fixed }</pre>
                </figure>
            </div>
            <div class="para"><strong>{"How to fix. "}</strong><RichText text={r.fix_summary} /></div>
        </div>
    }
}
