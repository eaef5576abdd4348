//! Differential test of the YAML fast path (src/core/yamlfast.rs): on every
//! fixture and malformed-corpus file, and on generated tool-shaped
//! kubeconfigs, whatever the fast path accepts must deserialise to exactly
//! what serde_yaml gives — as a self-describing `serde_yaml::Value` (every
//! scalar, secrets included) and as the typed kubeconfig model.

use eksplain::core::input::decode_bytes;
use eksplain::core::kubeconfig::model::Config;
use eksplain::core::yamlfast;
use serde::Deserialize;
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else if p.extension().and_then(|e| e.to_str()) != Some("expected") {
            out.push(p);
        }
    }
}

/// serde_yaml's reading of the first document, as `kubeconfig::parse` does it.
fn slow<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
    let doc = serde_yaml::Deserializer::from_str(text).next()?;
    T::deserialize(doc).ok()
}

/// Checks one text; returns whether the fast path took it.
fn check(name: &str, text: &str) -> bool {
    let fast_value: Option<serde_yaml::Value> = yamlfast::from_str(text);
    if let Some(v) = &fast_value {
        let s: Option<serde_yaml::Value> = slow(text);
        assert_eq!(Some(v), s.as_ref(), "{name}: Value differs from serde_yaml");
    }
    let fast_config: Option<Config> = yamlfast::from_str(text);
    if let Some(c) = &fast_config {
        let s: Option<Config> = slow(text);
        assert!(
            s.is_some(),
            "{name}: fast path accepted what serde_yaml rejects"
        );
        assert_eq!(
            format!("{c:?}"),
            format!("{:?}", s.unwrap()),
            "{name}: Config differs from serde_yaml"
        );
    }
    fast_config.is_some()
}

#[test]
fn fast_path_agrees_with_serde_yaml_on_every_corpus_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files = Vec::new();
    files_under(&root.join("fixtures"), &mut files);
    files_under(&root.join("malformed"), &mut files);
    let mut taken = 0;
    for f in &files {
        let text = decode_bytes(&std::fs::read(f).unwrap());
        taken += usize::from(check(&f.display().to_string(), &text));
    }
    // The fast path must actually be exercised by the corpus.
    assert!(
        taken >= 3,
        "fast path took only {taken} of {} files",
        files.len()
    );
}

#[test]
fn fast_path_takes_tool_written_kubeconfigs() {
    let mut text = String::from("apiVersion: v1\nclusters:\n");
    for i in 0..20 {
        text.push_str(&format!(
            "- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n    server: https://ABC{i}.gr7.us-west-2.eks.amazonaws.com\n  name: arn:aws:eks:us-west-2:111122223333:cluster/c{i}\n"
        ));
    }
    text.push_str("contexts:\n- context:\n    cluster: arn:aws:eks:us-west-2:111122223333:cluster/c0\n    namespace: \"default\"\n    user: 'u''0'\n  name: c0\ncurrent-context: c0\nkind: Config\npreferences: {}\nusers:\n- name: u'0\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n      - --region\n      - us-west-2\n      - eks\n      - get-token\n      - --cluster-name\n      - c0\n      command: aws\n      env:\n      - name: AWS_PROFILE\n        value: prod\n      provideClusterInfo: false\n    token: null\n");
    assert!(
        check("generated", &text),
        "fast path gave up on a tool-written kubeconfig"
    );
    // kubectl's own `config view` style (comments, `---`, a kind-style context).
    let kubectl = "---\n# written by kubectl\napiVersion: v1\nclusters:\n- cluster:\n    insecure-skip-tls-verify: true\n    server: https://127.0.0.1:6443 # kind\n  name: kind-kind\ncontexts: null\nusers: []\n";
    assert!(check("kubectl", kubectl));
}
