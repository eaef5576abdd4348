//! Spreading a large report's first render over a few frames.
//!
//! Issue 8 asks that the page never block for more than 50 ms. Creating the
//! report's DOM is what costs (docs/performance.md, "A report a part per
//! frame"): the 62 findings that followed a 400 KB kubeconfig's first 20 made a
//! ~58 ms frame (~1,050 elements), a 100-statement simulator trace (~2,600)
//! most of an 80–200 ms render. So a large report shows what is at the top of
//! the screen in its first frame and adds the rest, a part of a few hundred
//! elements per frame, in the order it appears: the findings' first page
//! (findings.rs), then the explanation (report_view.rs), whose long lists come
//! in parts of their own (the kubeconfig overview, the simulator's trace).
//! What ends up in the page is what was there before, a few frames later;
//! copied and downloaded reports never depended on it.
//!
//! While any part is still to come, `<html>` has `data-eksplain-filling`: tests
//! and timing tools wait for it to go before reading the report.

use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// How many frames have been painted since `key` last changed, counting up to
/// `frames`: 0 on the first render for a key, then one more after each paint
/// until `frames`. With `frames == 0` it is always 0 and schedules nothing.
///
/// Each step waits for an animation frame (which runs before the paint of what
/// is already there) and then for a task (which runs after it), so each part
/// gets a frame of its own. A new key starts again from 0; steps scheduled for
/// an older key are cancelled.
#[hook]
pub fn use_frames(key: u64, frames: u32) -> u32 {
    let state = use_state(|| (key, 0u32));
    let done = if state.0 == key { state.1 } else { 0 }.min(frames);
    {
        let state = state.clone();
        use_effect_with((key, done, frames), move |&(key, done, frames)| {
            // The pending step (either its frame or its task), dropped on cleanup.
            let timeout = Rc::new(RefCell::new(None::<Timeout>));
            let pending = done < frames;
            if pending {
                filling(1);
            }
            let frame: Option<AnimationFrame> = pending.then(|| {
                let timeout = timeout.clone();
                request_animation_frame(move |_| {
                    let next = Timeout::new(0, move || state.set((key, done + 1)));
                    *timeout.borrow_mut() = Some(next);
                })
            });
            move || {
                drop(frame);
                drop(timeout.borrow_mut().take());
                if pending {
                    filling(-1);
                }
            }
        });
    }
    done
}

thread_local! {
    /// How many `use_frames` have a step still to come.
    static FILLING: Cell<i32> = const { Cell::new(0) };
}

/// Counts a pacer (or a preview waiting for its whole report, app.rs) in or
/// out, and says on `<html>` whether any is left; when none is, the
/// Performance mark `eksplain-filled` says when the report was complete.
pub fn filling(delta: i32) {
    let n = FILLING.with(|f| {
        f.set(f.get() + delta);
        f.get()
    });
    let html = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(html) = html {
        let _ = if n > 0 {
            html.set_attribute("data-eksplain-filling", "")
        } else {
            super::dom::mark("eksplain-filled");
            html.remove_attribute("data-eksplain-filling")
        };
    }
}
