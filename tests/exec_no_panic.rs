//! The exec, token and aws-auth analysers never panic (a panic kills the web
//! page): every prefix of every fixture of these domains, and a set of
//! mangled tokens, is analysed, with and without a clock, as every input kind.

use eksplain::core::{analyze, analyze_as, render, InputKind, Options};
use std::path::Path;

fn fixtures() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in ["token", "exec", "aws-auth"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for p in files {
            if p.extension().is_some_and(|e| e == "expected" || e == "md") {
                continue;
            }
            out.push(std::fs::read_to_string(p).unwrap());
        }
    }
    out
}

fn exercise(text: &str) {
    for now in [None, Some(0), Some(1_767_225_600), Some(i64::MAX / 2)] {
        let opts = Options { now };
        let r = analyze(text, &opts);
        let _ = render::explanation_text(&r);
        for kind in [
            InputKind::EksToken,
            InputKind::ExecCredential,
            InputKind::AwsAuth,
            InputKind::Kubeconfig,
        ] {
            let r = analyze_as(text, kind, &opts);
            let _ = render::explanation_text(&r);
        }
    }
}

#[test]
fn every_prefix_of_every_fixture_is_analysed_without_panicking() {
    for text in fixtures() {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let step = if text.len() > 2000 { 13 } else { 3 };
        for &b in bounds.iter().step_by(step) {
            let prefix = &text[..b];
            let opts = Options {
                now: Some(1_767_225_600),
            };
            let r = analyze(prefix, &opts);
            let _ = render::explanation_text(&r);
        }
        exercise(&text);
    }
}

#[test]
fn mangled_tokens_never_panic() {
    let cases = [
        "k8s-aws-v1.",
        "k8s-aws-v1.=",
        "k8s-aws-v1.____",
        "k8s-aws-v1.aHR0cHM6Ly8",
        "k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_JXo",
        "k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_WC1BbXotRGF0ZT3DqQ",
        "k8s-aws-v1.aHR0cHM6Ly9bOjoxXTo0NDMvP0FjdGlvbj0",
        "k8s-aws-v1.\u{1F600}\u{1F600}",
        "{\"kind\":\"ExecCredential\",\"status\":{\"token\":\"k8s-aws-v1.\u{e9}\",\"expirationTimestamp\":\"2\u{e9}26-01-01T00:00:00Z\"}}",
        "{\"kind\":\"ExecCredential\",\"status\":null}",
        "kind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n  mapRoles: |\n    - {{\n",
        "kind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n  mapRoles: [1, 2]\n  mapUsers: |\n    - 7\n    - userarn: [x]\n      groups: {a: b}\n",
    ];
    for c in cases {
        exercise(c);
    }
}
