//! Freeing a large report a little at a time. Dropping the report of a
//! 5,000-context kubeconfig frees millions of allocations, ~30 ms in one task;
//! the page replaces it when the next report arrives, in the same task that
//! renders the new one. Instead, a replaced analysis of a large input is handed
//! here: once nothing else holds it (the views let go at their next render), it
//! is cut into pieces (`core::wire::shed`) and freed a few pieces per task.

use super::state::Analysis;
use crate::core::Report;
use gloo::timers::callback::Timeout;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// List items per piece, and how long one task may spend freeing.
const ITEMS_PER_PIECE: usize = 100;
const BUDGET_MS: f64 = 4.0;
/// How many tasks to wait for the views to let go before dropping our hold
/// anyway (whoever still holds the analysis then frees it, as before).
const PATIENCE: u32 = 100;

#[derive(Default)]
struct Queue {
    waiting: Vec<(Rc<Analysis>, u32)>,
    pieces: Vec<Box<dyn Any>>,
    scheduled: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::default();
}

/// Frees `analysis` later, in small steps, if it is large; else now.
pub fn retire(analysis: Rc<Analysis>) {
    if !super::large_input::is_large(&analysis.text) {
        return;
    }
    QUEUE.with(|q| q.borrow_mut().waiting.push((analysis, 0)));
    schedule();
}

/// Frees `report` later, in small steps: a worker's report that arrived for a
/// text edited meanwhile, or one cut short by a failure.
pub fn retire_report(report: Report) {
    let pieces = crate::core::wire::shed(report, ITEMS_PER_PIECE);
    QUEUE.with(|q| q.borrow_mut().pieces.extend(pieces));
    schedule();
}

fn schedule() {
    let start = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        let start = !q.scheduled && (!q.waiting.is_empty() || !q.pieces.is_empty());
        q.scheduled |= start;
        start
    });
    if start {
        Timeout::new(0, step).forget();
    }
}

fn step() {
    let now = || js_sys::Date::now();
    let deadline = now() + BUDGET_MS;
    // Analyses nobody else holds become pieces; the others wait a little longer.
    let waiting = QUEUE.with(|q| std::mem::take(&mut q.borrow_mut().waiting));
    let mut still = Vec::new();
    for (analysis, tries) in waiting {
        match Rc::try_unwrap(analysis) {
            Ok(Analysis { report, .. }) => {
                let pieces = crate::core::wire::shed(report, ITEMS_PER_PIECE);
                QUEUE.with(|q| q.borrow_mut().pieces.extend(pieces));
            }
            Err(analysis) if tries < PATIENCE => still.push((analysis, tries + 1)),
            Err(_) => {}
        }
    }
    // Free pieces until the budget is spent; each drop runs outside the borrow.
    while now() < deadline {
        let Some(piece) = QUEUE.with(|q| q.borrow_mut().pieces.pop()) else {
            break;
        };
        drop(piece);
    }
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        q.waiting.extend(still);
        q.scheduled = false;
    });
    schedule();
}
