//! The trust-policy fixtures: every file in tests/fixtures/trust-policy/ that
//! is a policy, not its `.expected` snapshot or its `.probes`, in name order.

use std::path::PathBuf;

pub fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trust-policy");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            !matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("expected") | Some("probes")
            )
        })
        .collect();
    entries.sort();
    entries
}
