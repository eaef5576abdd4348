//! The findings list: grouped by severity with counts; each finding links to its
//! source line, lights up while the editor's mouse or caret is on that line, and
//! opens its rule's documentation in place (Escape closes it).
//!
//! A new report shows its first [`FIRST_FRAME`] findings at once and the rest of
//! each group's first page [`PER_FRAME`] a frame (pace.rs; `ReportView` counts
//! the frames). Measured (docs/performance.md, "The report's first render"): of
//! the frame that showed a 400 KB kubeconfig with 11,136 findings, the list's 82
//! items (~1,400 elements) were a third — ~20 ms of script and ~20 ms of style,
//! layout and paint. Twenty items more than fill the screen, so the first frame
//! shows what it always showed.

use super::rich_text::RichText;
use super::rule_docs::RuleDocs;
use super::show_more::use_show_more;
use super::state::{Action, Analysis, Jump};
use crate::core::Severity;
use std::rc::Rc;
use web_sys::{
    HtmlElement, KeyboardEvent, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition,
};
use yew::prelude::*;

/// How many findings, over all groups, a new report shows in its first frame.
pub const FIRST_FRAME: usize = 20;

/// How many more findings each following frame adds, up to the first page of
/// each group: ~340 elements (the 62 that followed the first 20 at once made
/// a ~58 ms frame).
pub const PER_FRAME: usize = 20;

/// The frames after the first that a new report's findings take to show the
/// first page of every group (`first_page` findings in all).
pub fn frames_for(first_page: usize) -> u32 {
    let later = first_page.saturating_sub(FIRST_FRAME).div_ceil(PER_FRAME);
    u32::try_from(later).unwrap_or(u32::MAX)
}

/// How many findings a new report's first page holds over all groups: what
/// `use_show_more` shows of each before any "Show more".
pub fn first_page(report: &crate::core::Report) -> usize {
    [Severity::Error, Severity::Warning, Severity::Info]
        .map(|s| report.count(s).min(super::show_more::PAGE))
        .iter()
        .sum()
}

/// How many findings to render after `frame` frames of a new report (0 is its
/// first frame), or `None` once the first page is complete.
pub fn budget(first_page: usize, frame: u32) -> Option<usize> {
    (frame < frames_for(first_page)).then(|| FIRST_FRAME + frame as usize * PER_FRAME)
}

#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    pub analysis: Rc<Analysis>,
    /// The editor line under the mouse or caret: its findings are highlighted.
    pub linked_line: Option<u32>,
    /// The last gutter-marker click: its line's first finding scrolls into view.
    pub jump: Option<Jump>,
    /// While a new report is shown a part at a time: how many findings, over
    /// all groups, to render now ([`budget`]); `None` renders them all.
    #[prop_or_default]
    pub budget: Option<usize>,
    pub dispatch: Callback<Action>,
}

/// A severity group's item keys so far, and how often each place repeated.
#[derive(Default)]
struct GroupKeys {
    keys: Vec<yew::virtual_dom::Key>,
    repeats: std::collections::HashMap<String, usize>,
}

#[function_component(FindingList)]
pub fn finding_list(props: &FindingListProps) -> Html {
    let r = &props.analysis.report;
    // Each group shows its first findings (show_more.rs): a broken 400 KB
    // kubeconfig can have 10,000 of them. Hooks first, one per severity.
    // Keyed by the view, not the analysis: a re-check at a later clock keeps
    // the lists as the user left them (state.rs, `Analysis::view`).
    let seq = props.analysis.view;
    let shown = [
        use_show_more(r.count(Severity::Error), "errors", seq),
        use_show_more(r.count(Severity::Warning), "warnings", seq),
        use_show_more(r.count(Severity::Info), "notes", seq),
    ];
    // A marker click renders the whole list at once: its finding may be further
    // down. Items already in the page are updated, never taken out to come back
    // a frame later (a re-analysis while typing), so the budget only adds to them.
    let in_page = use_mut_ref(|| 0usize);
    let mut budget = match props.jump {
        Some(_) => usize::MAX,
        None => props
            .budget
            .map_or(usize::MAX, |b| b.max(*in_page.borrow())),
    };
    let mut total_rendered = 0;
    if r.findings.is_empty() {
        *in_page.borrow_mut() = 0;
        return html! {};
    }
    // The first finding on the jumped-to line is the one that scrolls and takes focus.
    let jump_target = props.jump.and_then(|j| {
        r.findings
            .iter()
            .position(|f| f.line() == Some(j.line))
            .map(|i| (i, j.seq))
    });
    // Each group's item keys (below), made once per analysis as far as rendered:
    // the list re-renders on every hover and caret move.
    let keys = use_mut_ref(|| (u64::MAX, <[GroupKeys; 3]>::default()));
    if keys.borrow().0 != props.analysis.seq {
        *keys.borrow_mut() = (props.analysis.seq, Default::default());
    }
    let groups = [Severity::Error, Severity::Warning, Severity::Info].into_iter().zip(shown).enumerate().map(|(g, (sev, shown))| (g, sev, shown)).filter_map(|(g, sev, (visible, more))| {
        let items: Vec<usize> = (0..r.findings.len()).filter(|&i| r.findings[i].severity == sev).collect();
        if items.is_empty() {
            return None;
        }
        let total = items.len();
        // A marker click on a line further down shows the list up to its finding.
        let visible = match jump_target.and_then(|(t, _)| items.iter().position(|&i| i == t)) {
            Some(p) if p >= visible => p + 1,
            _ => visible,
        };
        let rendered = visible.min(budget);
        budget -= rendered;
        total_rendered += rendered;
        let title = match sev {
            Severity::Error => "Errors",
            Severity::Warning => "Warnings",
            Severity::Info => "Notes",
        };
        let heading_id = format!("findings-{}", sev.as_str());
        // Keys that survive a re-check at a later clock, where a finding can
        // appear (a token expired) and messages change ("2 minutes ago"): the
        // rule and the place, numbered when they repeat. An item the user
        // opened stays open, and stays with its finding.
        let group_keys: Vec<yew::virtual_dom::Key> = {
            let mut cache = keys.borrow_mut();
            let GroupKeys { keys, repeats } = &mut cache.1[g];
            for &i in items.iter().take(rendered).skip(keys.len()) {
                let f = &r.findings[i];
                let place = format!("{} {} {:?}", f.code(), f.location.path, f.location.pos);
                let n = repeats.entry(place.clone()).or_default();
                *n += 1;
                keys.push(format!("{place} {n}").into());
            }
            keys[..rendered.min(keys.len())].to_vec()
        };
        Some(html! {
            <section key={sev.as_str()} class={classes!("finding-group", sev.as_str())} aria-labelledby={heading_id.clone()}>
                <h2 id={heading_id}>{ title }<span class={classes!("count", sev.as_str())}>{ total }</span></h2>
                <ul class="findings">
                    { for items.into_iter().zip(group_keys).map(|(i, key)| {
                        let line = r.findings[i].line();
                        html! {
                            <FindingItem
                                {key}
                                analysis={props.analysis.clone()}
                                index={i}
                                linked={line.is_some() && line == props.linked_line}
                                jump_seq={jump_target.filter(|(t, _)| *t == i).map(|(_, s)| s)}
                                dispatch={props.dispatch.clone()}
                            />
                        }
                    }) }
                </ul>
                if visible < total { { more } }
            </section>
        })
    });
    // Collected first: rendering them counts what is in the page.
    let groups: Vec<Html> = groups.collect();
    *in_page.borrow_mut() = total_rendered;
    html! { <div class="finding-groups">{ for groups }</div> }
}

#[derive(Properties, PartialEq)]
pub struct FindingItemProps {
    pub analysis: Rc<Analysis>,
    pub index: usize,
    pub linked: bool,
    /// Set when a marker click asks this finding to scroll into view and take focus.
    pub jump_seq: Option<u32>,
    pub dispatch: Callback<Action>,
}

#[function_component(FindingItem)]
pub fn finding_item(props: &FindingItemProps) -> Html {
    let item = use_node_ref();
    let toggle_ref = use_node_ref();
    let open = use_state(|| false);
    {
        let item = item.clone();
        use_effect_with(props.jump_seq, move |seq| {
            if seq.is_some() {
                if let Some(el) = item.cast::<HtmlElement>() {
                    let opts = ScrollIntoViewOptions::new();
                    opts.set_block(ScrollLogicalPosition::Nearest);
                    opts.set_behavior(ScrollBehavior::Smooth);
                    el.scroll_into_view_with_scroll_into_view_options(&opts);
                    let _ = el.focus_with_options(&{
                        let o = web_sys::FocusOptions::new();
                        o.set_prevent_scroll(true);
                        o
                    });
                }
            }
        });
    }
    let Some(f) = props.analysis.report.findings.get(props.index) else {
        return html! {};
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_key = {
        let (open, toggle_ref) = (open.clone(), toggle_ref.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *open {
                e.stop_propagation();
                open.set(false);
                if let Some(b) = toggle_ref.cast::<HtmlElement>() {
                    let _ = b.focus();
                }
            }
        })
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
    let docs_id = format!("docs-{}-{}", props.analysis.view, props.index);
    html! {
        <li
            ref={item}
            class={classes!("finding", f.severity.as_str(), props.linked.then_some("linked"))}
            data-code={rule.code}
            data-line={line.map(|l| l.to_string())}
            tabindex="-1"
            onkeydown={on_key}
        >
            <div class="finding-head">
                <span class={classes!("badge", f.severity.as_str())}>{ f.severity.as_str() }</span>
                <code class="code">{ rule.code }</code>
                <button type="button" class="goto" onclick={goto} disabled={line.is_none()} title="Show this line in the input">{ at }</button>
                <span class="category">{ f.category().as_str() }</span>
            </div>
            <div class="message"><RichText text={f.message.clone()} /></div>
            if !f.location.path.is_root() {
                <p class="path"><code>{ f.location.path.to_string() }</code></p>
            }
            <div class="help"><strong>{"Fix: "}</strong><RichText text={f.help.clone()} /></div>
            <button
                type="button"
                ref={toggle_ref}
                class="docs-toggle"
                onclick={toggle}
                aria-expanded={open.to_string()}
                aria-controls={open.then(|| docs_id.clone())}
            >
                { if *open { "Hide rule docs" } else { "Why? (rule docs)" } }
            </button>
            if *open {
                <div id={docs_id}><RuleDocs rule={rule} /></div>
            }
        </li>
    }
}
