//! Snapshot tests of the exec flow explanation (what kubectl runs, what the
//! plugin returns, how it makes the credential, what the server does) for the
//! plugins eksplain knows, as `eksplain explain` renders it. The inputs are the
//! kubeconfigs under tests/fixtures/exec/; the expected text is in
//! tests/snapshots/exec/NAME.txt. Set UPDATE_SNAPSHOTS=1 to rewrite them, then
//! read the diff.

use eksplain::core::{analyze, registry, Explanation, Options};
use std::path::Path;

fn flows_text(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/fixtures/exec").join(name)).unwrap();
    let report = analyze(
        &text,
        &Options {
            now: Some(registry::DOC_NOW),
        },
    );
    let Explanation::Kubeconfig(overview) = &report.explanation else {
        panic!("{name} is not analysed as a kubeconfig");
    };
    assert!(!overview.exec_flows.is_empty(), "{name} has no exec flow");
    overview.exec_flows.iter().map(|f| f.to_text()).collect()
}

fn check(name: &str) {
    let got = flows_text(name);
    let snap = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/exec")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snap, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&snap).unwrap_or_else(|_| {
        panic!(
            "no snapshot {} (run with UPDATE_SNAPSHOTS=1)",
            snap.display()
        )
    });
    assert!(
        want == got,
        "{name}: exec flow differs from {}\n--- got\n{got}",
        snap.display()
    );
}

#[test]
fn aws_eks_update_kubeconfig_user() {
    check("aws-eks-update-kubeconfig.yaml");
}

#[test]
fn eksctl_aws_iam_authenticator_user() {
    check("eksctl-aws-iam-authenticator.yaml");
}

#[test]
fn gke_gcloud_auth_plugin_user() {
    check("gke-gcloud-auth-plugin.yaml");
}

#[test]
fn azure_kubelogin_user() {
    check("aks-kubelogin-azurecli.yaml");
}

#[test]
fn oidc_login_user() {
    check("oidc-login-int128.yaml");
}

#[test]
fn flows_never_show_secrets() {
    for name in ["oidc-login-int128.yaml", "eks-static-keys-in-env.yaml"] {
        let t = flows_text(name);
        for secret in ["8f2b3c1d-EXAMPLE", "wJalrXUtnFEMI", "AKIAIOSFODNN7EXAMPLE"] {
            assert!(!t.contains(secret), "{name}: {secret} leaked:\n{t}");
        }
    }
}

#[test]
fn the_whole_explanation_never_shows_secret_args() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("tests/fixtures/exec/oidc-login-int128.yaml")).unwrap();
    let report = analyze(
        &text,
        &Options {
            now: Some(registry::DOC_NOW),
        },
    );
    let out = eksplain::core::render::explanation_text(&report);
    assert!(!out.contains("8f2b3c1d-EXAMPLE"), "{out}");
}
