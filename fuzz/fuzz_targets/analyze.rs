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
    // The page's worker: a large kubeconfig's preview first, then the whole
    // report, which must be `analyze`'s, with the preview's findings.
    let mut previewed = None;
    let whole = eksplain::core::report::analyze_with_preview(
        &text,
        None,
        &eksplain_fuzz::opts(),
        &mut |p| previewed = Some(p.findings.clone()),
    );
    assert!(whole == report, "the worker's whole report differs from analyze");
    if let Some(findings) = previewed {
        assert_eq!(findings, report.findings, "the preview's findings differ");
    }
    let _ = render::check_text("fuzz", &text, &report);
    let _ = render::json(&[("fuzz", &report)]);
    let _ = render::explanation_text(&report);
});
