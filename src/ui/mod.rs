//! The web page: thin Yew function components that render core reports.
//! `state` is pure and compiled everywhere (tested natively); the components
//! exist only on wasm32.

pub mod state;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod cross_view;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod editor;
#[cfg(target_arch = "wasm32")]
mod findings;
#[cfg(target_arch = "wasm32")]
mod kubeconfig_view;
#[cfg(target_arch = "wasm32")]
mod report_view;

#[cfg(target_arch = "wasm32")]
pub use app::App;

/// Mounts the app into `<body>`; called by the wasm entry point.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    dom::install_panic_hook();
    yew::Renderer::<App>::new().render();
}
