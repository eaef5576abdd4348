//! The editor's gutter (finding markers and line numbers) and the highlight bands
//! behind the text. Both are `<pre>` layers with the textarea's font and line
//! height, so every marker and band sits on its line by construction; the editor
//! moves them with the textarea's scroll (`dom::follow_scroll`).
//!
//! Every layer is cut into blocks of `LINES_PER_BLOCK` lines. All blocks but the
//! last have the class `line-block`, which fixes their height to that many lines and
//! lets the browser skip the ones far from the viewport (`content-visibility`),
//! so a huge paste does not lay out every line number. The last block has its
//! natural height; in the numbers column it also holds the widest number, so the
//! column's width never depends on which blocks are laid out.
//!
//! Both components re-render only when their props change: typing re-renders the
//! gutter only when the number of lines changes, or when a new analysis brings
//! new markers.

use super::view_model::{
    block_start, line_number_blocks, mark_blocks, MarkRun, Marker, LINES_PER_BLOCK,
};
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

/// A line's finding marker: coloured by its worst severity, `active` on the
/// highlighted line; clicking it brings the line's findings into view.
pub(super) fn marker_span(m: &Marker, active: bool, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <span
            class={classes!("mark", m.severity.as_str(), active.then_some("active"))}
            data-line={m.line.to_string()}
            title={m.title()}
            {onclick}
        ></span>
    }
}

#[function_component(Gutter)]
pub fn gutter(props: &GutterProps) -> Html {
    let numbers = use_memo(props.line_count, |n| {
        line_number_blocks(*n)
            .into_iter()
            .map(AttrValue::from)
            .collect::<Vec<_>>()
    });
    let run = |run: MarkRun| match run {
        MarkRun::Gap(n) => html! { <>{ newlines(n) }</> },
        MarkRun::Mark(m) => {
            let line = m.line;
            html! {
                <>
                    { marker_span(&m, props.highlighted_line == Some(line), props.on_marker.reform(move |_: MouseEvent| line)) }
                    { "\n" }
                </>
            }
        }
    };
    let marks = mark_blocks(&props.markers);
    let last_marks = marks.len().saturating_sub(1);
    let marks = marks.into_iter().enumerate().map(|(i, runs)| {
        html! { <div class={block_class(i < last_marks)}>{ for runs.into_iter().map(run) }</div> }
    });
    let last_numbers = numbers.len().saturating_sub(1);
    let numbers = numbers.iter().enumerate().map(|(i, text)| {
        let first = i as u32 * LINES_PER_BLOCK + 1;
        html! { <div class={block_class(i < last_numbers)} data-first={first.to_string()}>{ text.clone() }</div> }
    });
    html! {
        <>
            <pre class={classes!("marks", props.stale.then_some("stale"))}>{ for marks }</pre>
            <pre class="numbers">{ for numbers }</pre>
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

/// `line-block` for a block of exactly `LINES_PER_BLOCK` lines (all but a layer's last).
fn block_class(full: bool) -> Option<&'static str> {
    full.then_some("line-block")
}

/// One band per line to light up, each a layer of `line - 1` empty lines (whole
/// blocks, then the rest of the band's block) and the band.
#[function_component(Bands)]
pub fn bands(props: &BandsProps) -> Html {
    let band = |line: Option<u32>, class: &'static str| {
        line.filter(|l| *l >= 1).map(|l| {
            html! {
                <pre class="band-layer">
                    { for (1..block_start(l)).step_by(LINES_PER_BLOCK as usize).map(|_| html! { <div class="line-block"></div> }) }
                    { newlines(l - block_start(l)) }<span class={classes!("band", class)} data-line={l.to_string()}></span></pre>
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
