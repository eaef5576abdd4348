//! The page: header, the inputs as tabs with the editor on the left, the report
//! on the right (stacked on narrow screens), and the rule reference dialog.

use super::cross_view::CrossView;
use super::dom;
use super::editor::Editor;
use super::pace;
use super::report_view::ReportView;
use super::retire;
use super::rules_dialog::RulesDialog;
use super::state::{Action, Analysis, State};
use super::tabs::{tab_id, InputTabs, TabInfo, PANEL_ID};
use super::theme::ThemePicker;
use super::worker::{AnalysisWorker, Event, Job};
use crate::core::{render, UnixTime};
use gloo::events::EventListener;
use gloo::render::AnimationFrame;
use gloo::timers::callback::{Interval, Timeout};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// How long typing must pause before the input is analysed.
const DEBOUNCE_MS: u32 = 150;

/// The reducer wrapper Yew needs; the logic is `State::reduce`.
#[derive(Clone, Default)]
struct Store(State);

impl Reducible for Store {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let analyzed_in = match action {
            Action::Analyze { .. } => Some("page"),
            Action::Analyzed { .. } => Some("worker"),
            _ => None,
        };
        // A replaced analysis is freed later, a little at a time (src/ui/retire.rs),
        // and so is a worker's report on text edited meanwhile.
        let action = match action {
            Action::Analyzed {
                input_id,
                revision,
                report,
                preview,
            } if !self.0.keeps_report(input_id, revision) => {
                retire::retire_report(*report);
                let nothing =
                    crate::core::analyze_as("", crate::core::InputKind::Empty, &Default::default());
                Action::Analyzed {
                    input_id,
                    revision,
                    report: Box::new(nothing),
                    preview,
                }
            }
            action => action,
        };
        let before: Vec<Rc<Analysis>> = self
            .0
            .inputs
            .iter()
            .filter_map(|i| i.analysis.clone())
            .collect();
        let analyses = self.0.analyses_made();
        let next = Rc::new(Store(Rc::unwrap_or_clone(self).0.reduce(action)));
        // Only when it made an analysis (a stale timer's may have had none to make).
        if let Some(place) = analyzed_in.filter(|_| next.0.analyses_made() != analyses) {
            dom::mark("eksplain-analyzed");
            dom::set_analyzed_in(place);
        }
        for old in before {
            let kept = next
                .0
                .inputs
                .iter()
                .any(|i| i.analysis.as_ref().is_some_and(|a| Rc::ptr_eq(a, &old)));
            if !kept {
                retire::retire(old);
            }
        }
        next
    }
}

/// Analyses the stale inputs on the page; large ones only when `large` (there
/// is no worker for them).
fn analyze(dispatch: &Callback<Action>, large: bool) {
    dom::mark_analyze_start();
    dispatch.emit(Action::Analyze {
        now: dom::now(),
        large,
    });
}

/// Analyses on the page; a large input first shows its progress indication, then
/// is analysed once the browser has painted it (the next animation frame, then a task).
fn analyze_on_page(
    dispatch: Callback<Action>,
    large: bool,
    frame: &RefCell<Option<AnimationFrame>>,
) {
    if !large {
        return analyze(&dispatch, false);
    }
    dispatch.emit(Action::AnalysisPending);
    *frame.borrow_mut() = Some(gloo::render::request_animation_frame(move |_| {
        Timeout::new(0, move || analyze(&dispatch, true)).forget();
    }));
}

#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(Store::default);
    let state = &store.0;
    let dispatch = {
        let store = store.clone();
        Callback::from(move |a: Action| store.dispatch(a))
    };

    let frame = use_mut_ref(|| None::<AnimationFrame>);
    // The analysis worker, started once the app is on screen (src/ui/worker.rs).
    // If it fails, what it had is analysed on the page.
    let worker = use_mut_ref(|| None::<AnalysisWorker>);
    {
        let (dispatch, worker, frame) = (dispatch.clone(), worker.clone(), frame.clone());
        use_effect_with((), move |_| {
            let on_event = Callback::from(move |e: Event| match e {
                Event::Done {
                    input_id,
                    revision,
                    report,
                    preview,
                } => dispatch.emit(Action::Analyzed {
                    input_id,
                    revision,
                    report: Box::new(report),
                    preview,
                }),
                Event::Failed => {
                    dispatch.emit(Action::WorkerFailed);
                    analyze_on_page(dispatch.clone(), true, &frame);
                }
            });
            *worker.borrow_mut() = AnalysisWorker::start(on_event);
        });
    }
    // For the re-checks at a report's deadline, below.
    let recheck_worker = worker.clone();
    // Debounced analysis: every edit restarts the timer; dropping the Timeout cancels
    // it. Large inputs go to the worker when there is one; the rest are analysed here.
    let revisions: Vec<u32> = state.inputs.iter().map(|i| i.revision).collect();
    {
        let dispatch = dispatch.clone();
        let large: Vec<Job> = state
            .inputs
            .iter()
            .filter(|i| i.needs_analysis() && i.is_large() && !i.awaits_worker())
            .map(|i| Job {
                input_id: i.id,
                revision: i.revision,
                text: Rc::clone(&i.text),
                kind: i.kind_override,
                now: None,
                preview: true,
            })
            .collect();
        let small = state
            .inputs
            .iter()
            .any(|i| i.needs_analysis() && !i.is_large() && !i.awaits_worker());
        use_effect_with(revisions, move |_| {
            let t = Timeout::new(DEBOUNCE_MS, move || {
                let worker = worker.borrow();
                match worker.as_ref().filter(|w| w.available()) {
                    Some(w) if !large.is_empty() => {
                        dom::mark_analyze_start();
                        let now = dom::now();
                        for mut job in large {
                            job.now = now;
                            dispatch.emit(Action::Offload {
                                input_id: job.input_id,
                                revision: job.revision,
                            });
                            w.submit(job);
                        }
                        if small {
                            dispatch.emit(Action::Analyze { now, large: false });
                        }
                    }
                    _ => analyze_on_page(dispatch, !large.is_empty(), &frame),
                }
            });
            move || drop(t)
        });
    }
    // Reports that depend on the clock say when they stop being true
    // (core::deadline); at that instant the inputs due are re-analysed, keeping
    // what the user opened (Action::Tick; large inputs by the worker).
    let wake = use_state(|| 0u32);
    {
        let deadline = state.next_deadline();
        // The large inputs with a deadline, as the jobs that would re-check them.
        let large: Vec<(Job, UnixTime)> = state
            .inputs
            .iter()
            .filter(|i| i.is_large())
            .filter_map(|i| {
                let job = Job {
                    input_id: i.id,
                    revision: i.revision,
                    text: Rc::clone(&i.text),
                    kind: i.kind_override,
                    now: None,
                    preview: false,
                };
                Some((job, i.deadline()?))
            })
            .collect();
        let shown: Vec<(u32, Option<u64>)> = state
            .inputs
            .iter()
            .map(|i| (i.revision, i.analysis.as_ref().map(|a| a.seq)))
            .collect();
        let (dispatch, worker, wake) = (dispatch.clone(), recheck_worker, wake.clone());
        use_effect_with((deadline, *wake, shown), move |&(deadline, ..)| {
            // Re-checks what is due at the wall clock's now, if anything is.
            let fire = Rc::new(move || {
                let (Some(deadline), Some(now)) = (deadline, dom::now()) else {
                    return;
                };
                // A background tab does no work; it re-checks when shown again.
                if dom::tab_hidden() || deadline > now {
                    return;
                }
                let worker = worker.borrow();
                let worker = worker.as_ref().filter(|w| w.available());
                if let Some(w) = worker {
                    for (job, _) in large.iter().filter(|(_, due)| *due <= now) {
                        let (input_id, revision) = (job.input_id, job.revision);
                        dispatch.emit(Action::Recheck {
                            input_id,
                            revision,
                            now,
                        });
                        w.submit(Job {
                            input_id,
                            revision,
                            text: Rc::clone(&job.text),
                            kind: job.kind,
                            now: Some(now),
                            preview: false,
                        });
                    }
                }
                let large = worker.is_none();
                dispatch.emit(Action::Tick { now, large });
                // Schedule the next deadline even if nothing was re-analysed.
                wake.set(*wake + 1);
            });
            // A timer for the deadline (50 ms past its second, so that the clock
            // read in `fire` is in it; setTimeout takes at most ~24.8 days), and
            // a check of the wall clock every minute: setTimeout's clock stops
            // while a laptop sleeps, so after a week asleep the first timer could
            // still be a day away from a certificate that expired meanwhile.
            let timers = deadline.map(|t| {
                let ms = (dom::millis_until(t) + 50.0).clamp(0.0, f64::from(i32::MAX));
                let (once, every) = (Rc::clone(&fire), Rc::clone(&fire));
                (
                    Timeout::new(ms as u32, move || once()),
                    Interval::new(60_000, move || every()),
                )
            });
            let visible = deadline.map(|_| {
                EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                    fire()
                })
            });
            move || drop((timers, visible))
        });
    }
    // The report of the last analysis is on the screen: close the Performance measure.
    let analyses: Vec<u64> = state
        .inputs
        .iter()
        .filter_map(|i| i.analysis.as_ref().map(|a| a.seq))
        .collect();
    use_effect_with(analyses, |_| dom::mark_analyze_end());
    // A preview on screen is a report still filling in (as a paced render is).
    let previewing = state.inputs.iter().any(|i| i.is_preview());
    use_effect_with(previewing, |&previewing| {
        if previewing {
            pace::filling(1);
        }
        move || {
            if previewing {
                pace::filling(-1);
            }
        }
    });
    use_effect_with((), |_| {
        dom::remove_boot_shell();
        dom::mark("eksplain-first-render");
    });
    use_effect_with(state.theme, |t| dom::set_theme_attribute(t.attribute()));

    let input = state.active_input();
    let analysis = input.analysis.clone();
    // Comparisons between inputs (provider ↔ cluster, token ↔ cluster, ServiceAccount
    // ↔ trust policy). Computed once per new set of analyses, not on every render
    // (a keystroke re-renders the page but changes no analysis until the debounce fires).
    let analysed: Vec<(u32, String, Rc<Analysis>)> = state
        .inputs
        .iter()
        .filter_map(|i| i.analysis.clone().map(|a| (i.id, i.name.clone(), a)))
        .collect();
    let all_cross = use_memo(analysed, |analysed| {
        if analysed.len() < 2 {
            return Vec::new();
        }
        let named: Vec<(&str, &str, &crate::core::Report)> = analysed
            .iter()
            .map(|(_, n, a)| (n.as_str(), &*a.text, &a.report))
            .collect();
        crate::core::cross::cross_check(&named)
            .into_iter()
            .map(|c| (analysed[c.inputs.0].0, analysed[c.inputs.1].0, c))
            .collect::<Vec<_>>()
    });
    // The ones that involve the input on screen.
    let cross: Vec<_> = all_cross
        .iter()
        .filter(|(a, b, _)| *a == input.id || *b == input.id)
        .map(|(_, _, c)| c.clone())
        .collect();
    let announce = match analysis.as_deref() {
        Some(a) if a.report.kind != crate::core::InputKind::Empty => {
            format!(
                "{}: {} — {}",
                input.name,
                a.report.kind.label(),
                render::summary(&a.report)
            )
        }
        _ => String::new(),
    };
    let on_rules = dispatch.reform(|_: MouseEvent| Action::ShowRules(true));
    let on_rules_closed = dispatch.reform(|()| Action::ShowRules(false));

    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{"eksplain"}</h1>
                <p class="tagline">{"Kubernetes access, explained — kubeconfigs, certificates, EKS tokens, IRSA trust policies."}</p>
                <div class="top-actions">
                    <button type="button" class="rules-button" onclick={on_rules} aria-haspopup="dialog">{"Rules"}</button>
                    <ThemePicker theme={state.theme} dispatch={dispatch.clone()} />
                </div>
                <p class="privacy" id="privacy">
                    {"Private by design: everything runs in this tab. Nothing you paste is sent anywhere or stored; once loaded, the page works offline."}
                </p>
            </header>
            <main class="panes">
                <section class="pane input-pane" aria-label="Input">
                    <InputTabs tabs={TabInfo::list(state)} active={state.active} dispatch={dispatch.clone()} />
                    <div class="tab-panel" id={PANEL_ID} role="tabpanel" aria-labelledby={tab_id(input.id)}>
                        <Editor
                            input_id={input.id}
                            text={input.text.clone()}
                            analysis={analysis.clone()}
                            stale={input.is_stale()}
                            kind_override={input.kind_override}
                            highlighted_line={state.highlighted_line}
                            highlight_seq={state.highlight_seq}
                            select_highlighted={state.jump.is_none()}
                            linked_line={state.linked_line()}
                            dispatch={dispatch.clone()}
                            read_only={input.read_only_view()}
                        />
                    </div>
                </section>
                <section class="pane report-pane" aria-label="Explanation">
                    <ReportView
                        analysis={analysis}
                        name={AttrValue::from(input.name.clone())}
                        stale={input.is_stale()}
                        analyzing={state.analyzing.then_some(input.text.len())}
                        reveal={state.reveal_secrets}
                        linked_line={state.linked_line()}
                        jump={state.jump}
                        dispatch={dispatch.clone()}
                    />
                    <CrossView checks={cross} />
                </section>
            </main>
            <p class="visually-hidden" role="status" aria-live="polite">{ announce }</p>
            <RulesDialog open={state.rules_open} on_close={on_rules_closed} />
        </div>
    }
}
