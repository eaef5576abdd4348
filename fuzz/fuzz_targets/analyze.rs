//! The top level, as the page and `eksplain check` run it: decode a dropped
//! file, detect what it is, analyse it and render every output.
#![no_main]
use eksplain::core::{analyze, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = eksplain_fuzz::text(data);
    let report = analyze(&text, &eksplain_fuzz::opts());
    eksplain_fuzz::check_report(&text, &report);
    let _ = render::check_text("fuzz", &text, &report);
    let _ = render::json(&[("fuzz", &report)]);
    let _ = render::explanation_text(&report);
});
