//! The position index: built from any text, every position it gives for the
//! keys it found (and for paths below them) lies inside the text.
#![no_main]
use eksplain::core::{yamlpos::PosTree, Path};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = eksplain_fuzz::text(data);
    let tree = PosTree::new(&text);
    for doc in 0..tree.doc_count().min(4) {
        let mut frontier = vec![Path::root()];
        let mut visited = 0;
        while let Some(path) = frontier.pop() {
            visited += 1;
            if visited > 200 {
                break;
            }
            if let Some(p) = tree.locate(doc, &path) {
                eksplain_fuzz::assert_inside(&text, p, "locate");
            }
            if let Some(p) = tree.locate_value(doc, &path) {
                eksplain_fuzz::assert_inside(&text, p, "locate_value");
            }
            for (key, p) in tree.keys(doc, &path) {
                eksplain_fuzz::assert_inside(&text, p, "keys");
                frontier.push(path.k(&key));
            }
            frontier.push(path.i(0));
        }
    }
});
