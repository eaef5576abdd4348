//! The analysis worker: inputs over `LARGE_INPUT_BYTES` are analysed in a module
//! Web Worker (static/worker.js) so the page stays responsive. The worker runs
//! this very wasm module: the page posts it the compiled `WebAssembly.Module` and
//! the URL of wasm-bindgen's glue, so nothing is downloaded twice. Reports come
//! back in the page's wire format (`core::wire`).
//!
//! One job runs at a time; a newer job for the same input replaces a queued one.
//! If the worker cannot start or fails on an input, [`Event::Failed`] tells the
//! app, which then analyses on the page as it did before there was a worker.

use crate::core::{self, InputKind, Report, UnixTime};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

/// One input to analyse.
pub struct Job {
    pub input_id: u32,
    pub revision: u32,
    pub text: Rc<str>,
    pub kind: Option<InputKind>,
    pub now: Option<UnixTime>,
    /// Send a preview of a large kubeconfig first ([`Event::Done`] with
    /// `preview`). Not for a re-check: its report replaces one already shown.
    pub preview: bool,
}

/// What the worker tells the app.
pub enum Event {
    /// A report; a `preview` (`core::report::analyze_with_preview`) comes
    /// first and the whole report follows.
    Done {
        input_id: u32,
        revision: u32,
        report: Report,
        preview: bool,
    },
    /// The worker is gone; jobs it had are not coming back.
    Failed,
}

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Starting,
    Ready,
    Failed,
}

struct Inner {
    worker: Worker,
    status: Status,
    busy: bool,
    queue: Vec<Job>,
    /// The report arriving in parts, one message each (`core::wire::encode_parts`).
    arriving: Option<Arriving>,
    on_event: Callback<Event>,
}

struct Arriving {
    input_id: u32,
    revision: u32,
    preview: bool,
    parts_left: u32,
    assembly: core::wire::Assembly,
}

/// The page's handle on the worker; dropping it terminates the worker.
pub struct AnalysisWorker {
    inner: Rc<RefCell<Inner>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for AnalysisWorker {
    fn drop(&mut self) {
        self.inner.borrow().worker.terminate();
    }
}

/// The worker's state, for tests and tooling: `<html data-eksplain-worker=…>`.
fn set_status_attribute(value: &str) {
    if let Some(html) = gloo::utils::document().document_element() {
        let _ = html.set_attribute("data-eksplain-worker", value);
    }
}

impl AnalysisWorker {
    /// Starts the worker, or `None` where the browser cannot (the app then
    /// analyses everything on the page).
    pub fn start(on_event: Callback<Event>) -> Option<Self> {
        let doc = gloo::utils::document();
        let base = doc.base_uri().ok()??;
        let glue = doc
            .query_selector("script[data-eksplain-js]")
            .ok()??
            .get_attribute("data-eksplain-js")?;
        let glue = web_sys::Url::new_with_base(&glue, &base).ok()?.href();
        let script = web_sys::Url::new_with_base("worker.js", &base).ok()?.href();
        let opts = WorkerOptions::new();
        opts.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&script, &opts).ok()?;
        let inner = Rc::new(RefCell::new(Inner {
            worker: worker.clone(),
            status: Status::Starting,
            busy: false,
            queue: Vec::new(),
            arriving: None,
            on_event,
        }));
        let weak = Rc::downgrade(&inner);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            on_message(&weak, e.data())
        });
        let weak = Rc::downgrade(&inner);
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| fail(&weak));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let init = js_sys::Object::new();
        set(&init, "type", &"init".into());
        set(&init, "module", &wasm_bindgen::module());
        set(&init, "js", &glue.into());
        worker.post_message(&init).ok()?;
        set_status_attribute("starting");
        Some(AnalysisWorker {
            inner,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// False once the worker has failed: analyse on the page instead.
    pub fn available(&self) -> bool {
        self.inner.borrow().status != Status::Failed
    }

    /// Queues `job` (replacing a queued job for the same input) and starts it
    /// when the worker is free.
    pub fn submit(&self, job: Job) {
        let mut inner = self.inner.borrow_mut();
        inner.queue.retain(|j| j.input_id != job.input_id);
        inner.queue.push(job);
        drop(inner);
        post_next(&self.inner);
    }
}

fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &key.into(), value);
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Posts the next queued job if the worker is free; if posting fails, the
/// worker is given up (the app then analyses on the page).
fn post_next(rc: &Rc<RefCell<Inner>>) {
    let posted = try_post_next(&mut rc.borrow_mut());
    if !posted {
        fail(&Rc::downgrade(rc));
    }
}

/// False when a job could not be posted.
fn try_post_next(inner: &mut Inner) -> bool {
    if inner.status != Status::Ready || inner.busy || inner.queue.is_empty() {
        return true;
    }
    let job = inner.queue.remove(0);
    let msg = js_sys::Object::new();
    set(&msg, "type", &"analyze".into());
    set(&msg, "input", &job.input_id.into());
    set(&msg, "revision", &job.revision.into());
    set(&msg, "kind", &job.kind.map_or("", InputKind::id).into());
    set(&msg, "now", &job.now.map(|t| t as f64).into());
    set(&msg, "preview", &job.preview.into());
    // The text as UTF-8 bytes, moved rather than copied to the worker.
    let bytes = js_sys::Uint8Array::from(job.text.as_bytes());
    set(&msg, "text", &bytes);
    let transfer = js_sys::Array::of1(&bytes.buffer());
    if inner
        .worker
        .post_message_with_transfer(&msg, &transfer)
        .is_ok()
    {
        inner.busy = true;
        true
    } else {
        false
    }
}

fn on_message(weak: &Weak<RefCell<Inner>>, data: JsValue) {
    let Some(inner) = weak.upgrade() else { return };
    let kind = get(&data, "type").as_string().unwrap_or_default();
    match kind.as_str() {
        "ready" => {
            set_status_attribute("ready");
            inner.borrow_mut().status = Status::Ready;
            post_next(&inner);
        }
        // A report's head, then its parts, each in its own message so that no
        // task on the page decodes more than a part (about a millisecond). A
        // preview comes the same way before the whole report.
        "report" | "preview" => {
            super::dom::mark("eksplain-report-received");
            let assembly = bytes_of(&data).and_then(|b| core::wire::Assembly::start(&b));
            let Some(assembly) = assembly else {
                return fail(weak);
            };
            if inner.borrow().arriving.is_some() {
                return fail(weak); // the last report's parts are not all in
            }
            inner.borrow_mut().arriving = Some(Arriving {
                input_id: get(&data, "input").as_f64().unwrap_or(0.0) as u32,
                revision: get(&data, "revision").as_f64().unwrap_or(0.0) as u32,
                preview: kind == "preview",
                parts_left: get(&data, "parts").as_f64().unwrap_or(0.0) as u32,
                assembly,
            });
            arrived(&inner);
        }
        "part" => {
            let added = {
                let mut inner = inner.borrow_mut();
                match (inner.arriving.as_mut(), bytes_of(&data)) {
                    (Some(a), Some(bytes)) if a.parts_left > 0 => {
                        a.parts_left -= 1;
                        a.assembly.add(&bytes).is_some()
                    }
                    _ => false,
                }
            };
            if !added {
                return fail(weak);
            }
            arrived(&inner);
        }
        _ => fail(weak),
    }
}

fn bytes_of(data: &JsValue) -> Option<Vec<u8>> {
    let bytes = get(data, "bytes").dyn_into::<js_sys::Uint8Array>().ok()?;
    Some(bytes.to_vec())
}

/// Hands the report to the app once its last part is in.
fn arrived(inner: &Rc<RefCell<Inner>>) {
    let (arriving, on_event) = {
        let mut inner = inner.borrow_mut();
        if inner.arriving.as_ref().is_some_and(|a| a.parts_left > 0) {
            return;
        }
        let Some(arriving) = inner.arriving.take() else {
            return;
        };
        // After a preview the worker is still building the whole report.
        inner.busy = arriving.preview;
        (arriving, inner.on_event.clone())
    };
    let preview = arriving.preview;
    on_event.emit(Event::Done {
        input_id: arriving.input_id,
        revision: arriving.revision,
        report: arriving.assembly.finish(),
        preview,
    });
    if !preview {
        post_next(inner);
    }
}

fn fail(weak: &Weak<RefCell<Inner>>) {
    let Some(inner) = weak.upgrade() else { return };
    let on_event = {
        let mut inner = inner.borrow_mut();
        if inner.status == Status::Failed {
            return;
        }
        inner.status = Status::Failed;
        inner.queue.clear();
        if let Some(cut_short) = inner.arriving.take() {
            super::retire::retire_report(cut_short.assembly.finish());
        }
        inner.worker.terminate();
        inner.on_event.clone()
    };
    set_status_attribute("failed");
    on_event.emit(Event::Failed);
}

/// The worker's side, called by static/worker.js with the input's UTF-8 bytes,
/// the kind's id ("" to detect) and the time: the report, encoded for the page
/// as its head and then its parts (`core::wire::encode_parts`), one message each.
/// With `preview`, a large kubeconfig's preview goes to it first, encoded the
/// same way (`core::report::analyze_with_preview`).
#[wasm_bindgen]
pub fn analyze_for_worker(
    text: &[u8],
    kind: &str,
    now: Option<f64>,
    preview: Option<js_sys::Function>,
) -> js_sys::Array {
    let text = String::from_utf8_lossy(text);
    let opts = core::Options {
        now: now.map(|t| t as UnixTime),
    };
    let kind = InputKind::from_id(kind);
    let mut report = match preview {
        Some(f) => core::report::analyze_with_preview(&text, kind, &opts, &mut |r| {
            // A preview that cannot be posted is no loss: the whole report follows.
            let _ = f.call1(&JsValue::NULL, &encoded(r));
        }),
        None => match kind {
            Some(kind) => core::analyze_as(&text, kind, &opts),
            None => core::analyze(&text, &opts),
        },
    };
    drop(text);
    encoded(&mut report)
}

fn encoded(report: &mut Report) -> js_sys::Array {
    core::wire::encode_parts(report, core::wire::PART_BYTES)
        .iter()
        .map(|part| js_sys::Uint8Array::from(&part[..]))
        .collect()
}

/// The worker's first work, before it says it is ready (`samples::warm_up`): a
/// fresh page's first paste then runs on compiled, optimised code, in the worker
/// and, as they share the module, on the page (docs/performance.md, "The first
/// paste").
#[wasm_bindgen]
pub fn warm_up(now: f64) {
    crate::samples::warm_up(&core::Options {
        now: Some(now as UnixTime),
    });
}

/// In the worker: a panic is written to the console (the worker's `postMessage`
/// then reports the failure and the page analyses on its own).
pub fn install_worker_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("eksplain analysis worker: {info}").into());
    }));
}
