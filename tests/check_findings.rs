//! `eksplain check` skips building the explanation for a single input (it
//! prints findings only, and the kubeconfig stories and exec flows are most of
//! the work on a large file). Its findings must be exactly `analyze`'s.

use eksplain::core::{analyze, input::decode_bytes, registry, report, Options};
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else if p.extension().and_then(|e| e.to_str()) != Some("expected") {
            out.push(p);
        }
    }
}

#[test]
fn check_reports_the_same_findings_as_analyze() {
    let opts = Options {
        now: Some(registry::DOC_NOW),
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files = Vec::new();
    files_under(&root.join("fixtures"), &mut files);
    files_under(&root.join("malformed"), &mut files);
    assert!(files.len() > 100);
    for f in &files {
        let text = decode_bytes(&std::fs::read(f).unwrap());
        let full = analyze(&text, &opts);
        let quick = report::check(&text, &opts);
        assert_eq!(full.kind, quick.kind, "{}", f.display());
        assert_eq!(full.findings, quick.findings, "{}", f.display());
    }
}
