//! The top of the report: one sentence that says whether the input works, and
//! the most important finding with its fix — readable without clicking anything.

use super::rich_text::RichText;
use super::state::{Action, Analysis};
use super::view_model::{headline, Tone};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeadlineProps {
    pub analysis: Rc<Analysis>,
    pub dispatch: Callback<Action>,
}

#[function_component(Headline)]
pub fn headline_view(props: &HeadlineProps) -> Html {
    let report = &props.analysis.report;
    let h = headline(report);
    let lead = h.lead.and_then(|i| report.findings.get(i));
    let icon = match h.tone {
        Tone::Error => "✖",
        Tone::Warning => "▲",
        Tone::Ok => "✔",
    };
    html! {
        <section class={classes!("headline", h.tone.as_str())} aria-label="Verdict">
            <p class="verdict"><span class="icon" aria-hidden="true">{ icon }</span>{ h.verdict.clone() }</p>
            if let Some(f) = lead {
                <div class="lead-message">
                    <code class="code">{ f.rule.code }</code>
                    {" "}
                    if let Some(line) = f.line() {
                        <button type="button" class="goto" onclick={props.dispatch.reform(move |_: MouseEvent| Action::Highlight(Some(line)))} title="Show this line in the input">
                            { format!("line {line}") }
                        </button>
                        {" "}
                    }
                    <RichText text={f.message.clone()} />
                </div>
                <div class="lead-fix"><strong>{"Fix: "}</strong><RichText text={f.help.clone()} /></div>
            }
        </section>
    }
}
