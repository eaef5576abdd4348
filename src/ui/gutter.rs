//! The editor's gutter (finding markers and line numbers) and the highlight bands
//! behind the text. Both are `<pre>` layers with the textarea's font and line
//! height, so every marker and band sits on its line by construction; the editor
//! moves them with the textarea's scroll (`dom::follow_scroll`).
//!
//! Both components re-render only when their props change: typing re-renders the
//! gutter only when the number of lines changes, or when a new analysis brings
//! new markers.

use super::view_model::{line_numbers, mark_runs, MarkRun, Marker};
use std::rc::Rc;
use yew::prelude::*;

fn newlines(n: u32) -> String {
    "\n".repeat(n as usize)
}

#[derive(Properties, PartialEq)]
pub struct GutterProps {
    pub line_count: u32,
    pub markers: Rc<Vec<Marker>>,
    /// The highlighted line's marker is drawn as active.
    pub highlighted_line: Option<u32>,
    /// The markers belong to an older revision of the text.
    pub stale: bool,
    /// A marker was clicked: show the findings of its line.
    pub on_marker: Callback<u32>,
}

#[function_component(Gutter)]
pub fn gutter(props: &GutterProps) -> Html {
    let numbers = use_memo(props.line_count, |n| line_numbers(*n));
    let runs = mark_runs(&props.markers).into_iter().map(|run| match run {
        MarkRun::Gap(n) => html! { <>{ newlines(n) }</> },
        MarkRun::Mark(m) => {
            let line = m.line;
            let title = if m.count == 1 {
                format!("{} on line {line}: click to see it", m.severity.as_str())
            } else {
                format!("{} findings on line {line} (worst: {}): click to see them", m.count, m.severity.as_str())
            };
            html! {
                <>
                    <span
                        class={classes!("mark", m.severity.as_str(), (props.highlighted_line == Some(line)).then_some("active"))}
                        data-line={line.to_string()}
                        {title}
                        onclick={props.on_marker.reform(move |_: MouseEvent| line)}
                    ></span>
                    { "\n" }
                </>
            }
        }
    });
    html! {
        <>
            <pre class={classes!("marks", props.stale.then_some("stale"))}>{ for runs }</pre>
            <pre class="numbers">{ (*numbers).clone() }</pre>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct BandsProps {
    /// The line a finding or marker click selected.
    pub highlighted_line: Option<u32>,
    /// The line under the mouse or caret, when it has findings.
    pub linked_line: Option<u32>,
}

/// One band per line to light up, each a layer of `line - 1` empty lines and the band.
#[function_component(Bands)]
pub fn bands(props: &BandsProps) -> Html {
    let band = |line: Option<u32>, class: &'static str| {
        line.filter(|l| *l >= 1).map(|l| {
            html! {
                <pre class="band-layer">{ newlines(l - 1) }<span class={classes!("band", class)} data-line={l.to_string()}></span></pre>
            }
        })
    };
    html! {
        <>
            { band(props.linked_line.filter(|l| Some(*l) != props.highlighted_line), "linked") }
            { band(props.highlighted_line, "highlighted") }
        </>
    }
}
