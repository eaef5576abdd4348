//! The web entry point (built by Trunk for wasm32). On native targets it only
//! says where to look.
fn main() {
    #[cfg(target_arch = "wasm32")]
    eksplain::ui::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("`app` is the web page's entry point: run `make serve`. The command-line tool is `eksplain`.");
}
