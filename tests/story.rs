//! Snapshots of the explanation text — the overview and the story of each
//! context — for the kubeconfigs that EKS, GKE, kind and minikube write
//! (tests/fixtures/kubeconfig/story-*.yaml). The snapshots live in
//! tests/snapshots/story/; regenerate with `UPDATE_SNAPSHOTS=1 cargo test
//! --test story` and review the diff like code.

use eksplain::core::{analyze, registry, render, Options};
use std::path::Path;

const STORIES: &[&str] = &[
    "story-eks-update-kubeconfig",
    "story-gke-get-credentials",
    "story-kind",
    "story-minikube",
];

#[test]
fn story_text_matches_the_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let opts = Options {
        now: Some(registry::DOC_NOW),
    };
    let mut failures = Vec::new();
    for name in STORIES {
        let input = root.join(format!("fixtures/kubeconfig/{name}.yaml"));
        let text = std::fs::read_to_string(&input).unwrap();
        let got = render::explanation_text(&analyze(&text, &opts));
        let snap = root.join(format!("snapshots/story/{name}.txt"));
        if update {
            std::fs::write(&snap, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&snap) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!(
                "{name}: story differs\n--- snapshot\n{want}\n--- now\n{got}"
            )),
            Err(_) => failures.push(format!("{name}: no snapshot (run with UPDATE_SNAPSHOTS=1)")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_current_context_comes_first_and_every_step_is_told() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/kubeconfig/story-eks-update-kubeconfig.yaml"
    ))
    .unwrap();
    let report = analyze(&text, &Options::default());
    let eksplain::core::Explanation::Kubeconfig(o) = &report.explanation else {
        panic!("not a kubeconfig");
    };
    assert_eq!(o.stories.len(), 2);
    assert!(o.stories[0].is_current);
    assert_eq!(o.stories[1].context, "staging");
    for s in &o.stories {
        assert_eq!(s.steps.len(), 7, "{}", s.context);
        assert!(s.steps[5].text.contains("/api/v1/namespaces/"));
    }
}

/// Every fixture kubectl 1.32 refuses before sending anything (its verdict
/// in tests/fixtures/kubeconfig/kubectl-1.32.txt is `rejected`) has a current
/// story that says where kubectl stops, not a request that goes out; or no
/// story at all (the file does not parse).
#[test]
fn a_file_kubectl_rejects_has_a_story_that_stops() {
    // The connect step already says how kubectl fails on these URLs.
    const URL_FAILS: &[&str] = &[
        "proxy-url-without-scheme.yaml",
        "server-trailing-space.yaml",
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kubeconfig");
    let verdicts = std::fs::read_to_string(dir.join("kubectl-1.32.txt")).unwrap();
    let opts = Options {
        now: Some(registry::DOC_NOW),
    };
    let mut told = Vec::new();
    for line in verdicts.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(name), Some("rejected")) = (cols.next(), cols.next()) else {
            continue;
        };
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let shown = render::explanation_text(&analyze(&text, &opts));
        let Some(story) = shown.split("\nContext `").nth(1) else {
            continue;
        };
        let stops = story.contains("kubectl stops")
            || (URL_FAILS.contains(&name) && story.contains("fails with"));
        if !stops {
            told.push(name.to_string());
        }
    }
    assert!(
        told.is_empty(),
        "kubectl rejects these, but their story goes on: {told:?}"
    );
}

/// Where kubectl 1.32 silently falls back to http://localhost:8080
/// (verdict `localhost-fallback`) or prompts for a username (`prompts`), the
/// first story says so.
#[test]
fn a_fallback_or_a_prompt_is_told_as_kubectl_does_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kubeconfig");
    let verdicts = std::fs::read_to_string(dir.join("kubectl-1.32.txt")).unwrap();
    let opts = Options {
        now: Some(registry::DOC_NOW),
    };
    let mut told = Vec::new();
    for line in verdicts.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(name), Some(verdict)) = (cols.next(), cols.next()) else {
            continue;
        };
        let want = match verdict {
            "localhost-fallback" => "http://localhost:8080",
            "prompts" => "Please enter Username:",
            _ => continue,
        };
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let shown = render::explanation_text(&analyze(&text, &opts));
        // A file with no context has no story; its overview says it.
        let Some(story) = shown.split("\nContext `").nth(1) else {
            continue;
        };
        if !story.replace("\n     ", " ").contains(want) {
            told.push(name.to_string());
        }
    }
    assert!(
        told.is_empty(),
        "kubectl falls back or prompts, the story does not say so: {told:?}"
    );
}

/// The other direction: where kubectl 1.32 goes as far as connecting (or
/// running the plugin), the current story does not say it stops.
#[test]
fn a_file_kubectl_accepts_has_a_story_that_does_not_stop() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kubeconfig");
    let verdicts = std::fs::read_to_string(dir.join("kubectl-1.32.txt")).unwrap();
    let opts = Options {
        now: Some(registry::DOC_NOW),
    };
    let mut told = Vec::new();
    for line in verdicts.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(name), Some("accepted")) = (cols.next(), cols.next()) else {
            continue;
        };
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let shown = render::explanation_text(&analyze(&text, &opts));
        let story = shown.split("\nContext `").nth(1).unwrap_or_default();
        let story = story.split("\nContext `").next().unwrap_or_default();
        if story.contains("kubectl stops") {
            told.push(name.to_string());
        }
    }
    assert!(
        told.is_empty(),
        "kubectl accepts these, but their story stops: {told:?}"
    );
}
