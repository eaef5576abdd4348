//! Meta-tests over the rule registry: every rule has docs, a unique stable code,
//! an example that fires it and a fixed version that does not, and the rule
//! reference in docs/rules.md is current.

use eksplain::core::{analyze, registry, render, Options};
use std::collections::HashSet;

fn opts() -> Options {
    Options {
        now: Some(registry::DOC_NOW),
    }
}

#[test]
fn every_rule_has_complete_docs_and_a_unique_code() {
    let rules = registry::all();
    assert!(rules.len() >= 5);
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for r in &rules {
        assert!(codes.insert(r.code), "duplicate code {}", r.code);
        assert!(names.insert(r.name), "duplicate name {}", r.name);
        let (letters, digits) = r.code.split_at(r.code.len() - 3);
        assert!(
            (2..=4).contains(&letters.len())
                && letters.chars().all(|c| c.is_ascii_uppercase())
                && digits.chars().all(|c| c.is_ascii_digit()),
            "code {} must be 2-4 capitals and 3 digits",
            r.code
        );
        assert!(
            r.name.starts_with(|c: char| c.is_ascii_lowercase())
                && r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "name {} must be kebab-case",
            r.name
        );
        for (field, text) in [
            ("summary", r.summary),
            ("what", r.what),
            ("why", r.why),
            ("example", r.example),
            ("fixed", r.fixed),
            ("fix_summary", r.fix_summary),
        ] {
            assert!(text.trim().len() >= 10, "{} has no {field}", r.code);
        }
        assert_ne!(
            r.example, r.fixed,
            "{}: example and fixed are the same",
            r.code
        );
    }
}

#[test]
fn every_rule_example_fires_it_and_its_fixed_version_does_not() {
    for r in registry::all() {
        let fired: Vec<&str> = analyze(r.example, &opts())
            .findings
            .iter()
            .map(|f| f.code())
            .collect();
        assert!(
            fired.contains(&r.code),
            "{}: its example does not fire it (fired: {fired:?})",
            r.code
        );
        let fixed: Vec<&str> = analyze(r.fixed, &opts())
            .findings
            .iter()
            .map(|f| f.code())
            .collect();
        assert!(
            !fixed.contains(&r.code),
            "{}: its fixed example still fires it",
            r.code
        );
    }
}

#[test]
fn rule_reference_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let want = render::rules_markdown();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(have == want, "docs/rules.md is stale: run `UPDATE_SNAPSHOTS=1 cargo test --test registry` (or `make docs`)");
}
