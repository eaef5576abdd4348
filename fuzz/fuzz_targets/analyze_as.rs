//! Every analyser with the kind chosen by hand, as the page's "analyse as"
//! menu and `eksplain check --as KIND` run them: the first byte picks the kind
//! (and whether a clock is given), the rest is the text. Forcing the kind
//! reaches each parser with inputs detection would send elsewhere — a
//! kubeconfig read as a trust policy, a certificate read as an aws-auth map.
#![no_main]
use eksplain::core::{report, InputKind, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let kinds = InputKind::CHOOSABLE;
    let kind = kinds[selector as usize % kinds.len()];
    let opts = if selector & 0x80 == 0 {
        eksplain_fuzz::opts()
    } else {
        Options { now: None }
    };
    let text = eksplain_fuzz::text(rest);
    let full = report::analyze_as(&text, kind, &opts);
    assert_eq!(
        full.kind, kind,
        "analyze_as({kind:?}) analysed as another kind"
    );
    // Every finding on a line of the input, at a column of that line.
    eksplain_fuzz::check_report(&text, &full);
    let quick = report::check_as(&text, kind, &opts);
    assert_eq!(
        quick.findings, full.findings,
        "check_as and analyze_as disagree"
    );
    let _ = eksplain_fuzz::rendered(&text, &full);
});
