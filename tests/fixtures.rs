//! Snapshot tests over the fixture corpus in tests/fixtures/<kind>/. Each input
//! file has a `.expected` file beside it holding exactly what `eksplain check`
//! prints for it (with the clock fixed at registry::DOC_NOW). Set
//! UPDATE_SNAPSHOTS=1 to rewrite them, then review the diff.
//!
//! Also: every rule in the registry is fired by at least one fixture.

use eksplain::core::{analyze, input, registry, render, Options};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("expected") | Some("md") | Some("txt") | Some("json5") | Some("probes")
            ) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn expected_path(p: &Path) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(".expected");
    PathBuf::from(s)
}

#[test]
fn fixtures_match_their_snapshots_and_cover_every_rule() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let opts = Options {
        now: Some(registry::DOC_NOW),
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut fired = BTreeSet::new();
    let mut failures = Vec::new();
    let files = fixture_files();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let text = input::decode_bytes(&bytes);
        let report = analyze(&text, &opts);
        fired.extend(report.findings.iter().map(|f| f.code()));
        let name = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let got = render::check_text(&name, &text, &report);
        let exp = expected_path(path);
        if update {
            std::fs::write(&exp, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&exp) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!(
                "{name}: output differs\n--- expected\n{want}\n--- got\n{got}"
            )),
            Err(_) => failures.push(format!(
                "{name}: no .expected snapshot (run with UPDATE_SNAPSHOTS=1)"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    let missing: Vec<&str> = registry::all()
        .iter()
        .map(|r| r.code)
        .filter(|c| !fired.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "rules with no fixture that fires them: {missing:?}"
    );
}
