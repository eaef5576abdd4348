//! Robustness and privacy over the OIDC-provider, JWT and ServiceAccount
//! fixtures: every prefix of every fixture, analysed as each of the three kinds,
//! must not panic (a panic kills the web page); and no rendering of a token —
//! check text, JSON, Markdown, explanation — may contain the token's signature
//! or its encoded claims.

use eksplain::core::{analyze, analyze_as, input, registry, render, InputKind, Options};
use std::path::{Path, PathBuf};

fn fixtures(dir: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut out: Vec<(PathBuf, String)> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) != Some("expected"))
        .map(|p| {
            let text = input::decode_bytes(&std::fs::read(&p).unwrap());
            (p, text)
        })
        .collect();
    out.sort();
    out
}

fn opts() -> Options {
    Options {
        now: Some(registry::DOC_NOW),
    }
}

#[test]
fn every_prefix_of_every_fixture_analyses_without_panicking() {
    let kinds = [
        InputKind::OidcProvider,
        InputKind::Jwt,
        InputKind::ServiceAccount,
    ];
    let mut runs = 0;
    for dir in ["oidc", "jwt", "serviceaccount"] {
        for (_, text) in fixtures(dir) {
            let cuts: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .step_by(7)
                .chain([text.len()])
                .collect();
            for cut in cuts {
                let t = &text[..cut];
                for kind in kinds {
                    let r = analyze_as(t, kind, &opts());
                    let _ = render::explanation_text(&r);
                    runs += 1;
                }
            }
        }
    }
    assert!(runs > 1000, "only {runs} runs");
}

#[test]
fn no_rendering_shows_a_tokens_signature_or_encoded_claims() {
    for (path, text) in fixtures("jwt") {
        let token = text.trim().trim_start_matches("Bearer ");
        let secrets: Vec<&str> = token.split('.').skip(1).filter(|s| s.len() >= 8).collect();
        let report = analyze(&text, &opts());
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let shown = [
            render::check_text(&name, &text, &report),
            render::json(&[(name.as_str(), &report)]),
            render::markdown(&name, &text, &report),
            render::explanation_text(&report),
            format!("{:?}", report.findings),
            format!("{:?}", report.explanation),
        ];
        for out in &shown {
            for s in &secrets {
                assert!(
                    !out.contains(s),
                    "{name}: a token segment leaked into:\n{out}"
                );
            }
        }
    }
}
