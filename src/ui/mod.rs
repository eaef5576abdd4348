//! The web page: thin Yew function components that render core reports.
//! `state` (the reducer) and `view_model` (what the components derive from a
//! report) are pure and compiled everywhere, so they are tested natively; the
//! components exist only on wasm32, one per file.

pub mod by_ptr;
pub mod explain_model;
pub mod large_input;
pub mod state;
pub mod view_model;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod awsauth_view;
#[cfg(target_arch = "wasm32")]
mod cert_view;
#[cfg(target_arch = "wasm32")]
mod copy_button;
#[cfg(target_arch = "wasm32")]
mod cross_view;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod editor;
#[cfg(target_arch = "wasm32")]
mod explanation;
#[cfg(target_arch = "wasm32")]
mod fields;
#[cfg(target_arch = "wasm32")]
mod findings;
#[cfg(target_arch = "wasm32")]
mod gutter;
#[cfg(target_arch = "wasm32")]
mod headline;
#[cfg(target_arch = "wasm32")]
mod input_toolbar;
#[cfg(target_arch = "wasm32")]
mod jwt_view;
#[cfg(target_arch = "wasm32")]
mod kubeconfig_view;
#[cfg(target_arch = "wasm32")]
mod lazy_details;
#[cfg(target_arch = "wasm32")]
mod oidc_view;
#[cfg(target_arch = "wasm32")]
mod pace;
#[cfg(target_arch = "wasm32")]
mod report_view;
#[cfg(target_arch = "wasm32")]
mod retire;
#[cfg(target_arch = "wasm32")]
mod rich_text;
#[cfg(target_arch = "wasm32")]
mod rule_docs;
#[cfg(target_arch = "wasm32")]
mod rules_dialog;
#[cfg(target_arch = "wasm32")]
mod serviceaccount_view;
#[cfg(target_arch = "wasm32")]
mod show_more;
#[cfg(target_arch = "wasm32")]
mod simulator_view;
#[cfg(target_arch = "wasm32")]
mod source_view;
#[cfg(target_arch = "wasm32")]
mod tabs;
#[cfg(target_arch = "wasm32")]
mod theme;
#[cfg(target_arch = "wasm32")]
mod token_view;
#[cfg(target_arch = "wasm32")]
mod worker;

#[cfg(target_arch = "wasm32")]
pub use app::App;
#[cfg(target_arch = "wasm32")]
pub use copy_button::{CopyButton, CopyText};
#[cfg(target_arch = "wasm32")]
pub use explanation::ExplanationProps;

/// Mounts the app into `<body>`; called by the wasm entry point.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    // The analysis worker runs this module too (static/worker.js): no window there.
    if web_sys::window().is_none() {
        return worker::install_worker_panic_hook();
    }
    dom::install_panic_hook();
    yew::Renderer::<App>::new().render();
}
