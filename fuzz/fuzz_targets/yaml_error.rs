//! YAML error findings and their hints: for any text serde_yaml rejects, the
//! finding has a position inside the text and a message of bounded size.
#![no_main]
use eksplain::core::{input, kubeconfig};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = eksplain_fuzz::text(data);
    if let Err(e) = kubeconfig::parse(&text) {
        let f = input::yaml_error(&text, &e);
        let pos = f.location.pos.expect("a YAML error has a position");
        eksplain_fuzz::assert_inside(&text, pos, "yaml_error");
        assert!(
            f.message.len() < 2_000,
            "a {}-byte message",
            f.message.len()
        );
    }
});
