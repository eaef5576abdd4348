//! The top level, as the page and `eksplain check` run it: decode a dropped
//! file, detect what it is, analyse it and render every output.
#![no_main]
use eksplain::core::{analyze, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = eksplain_fuzz::text(data);
    let report = analyze(&text, &eksplain_fuzz::opts());
    eksplain_fuzz::check_report(&text, &report);
    // `eksplain check` skips the explanation: its findings must not change.
    let quick = eksplain::core::report::check(&text, &eksplain_fuzz::opts());
    assert_eq!(quick.findings, report.findings, "check and analyze disagree");
    let _ = render::check_text("fuzz", &text, &report);
    let _ = render::json(&[("fuzz", &report)]);
    let _ = render::explanation_text(&report);
});
