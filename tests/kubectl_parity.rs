//! Parity with real kubectl. tests/fixtures/kubeconfig/kubectl-1.32.txt holds
//! kubectl 1.32's own verdict on every kubeconfig fixture, recorded offline by
//! tools/kubectl-verdicts.sh. This test holds eksplain to it:
//!
//! - every fixture kubectl refuses (or where it silently falls back to
//!   localhost:8080, or prompts for a password) gets at least one eksplain
//!   error, on the line listed in `WHERE` — the line a user has to change;
//! - where eksplain reports an error for a file kubectl accepts, the reason is
//!   written down in `STRICTER`, so a new disagreement cannot slip in unnoticed;
//! - the verdict file covers every fixture (rerun the script after adding one).

use eksplain::core::{analyze, registry, Options, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// For each fixture kubectl does not accept: the line of the error eksplain
/// must report (the line to change, not where kubectl's parser gave up).
const WHERE: &[(&str, u32)] = &[
    ("cert-ca-der-not-pem.yaml", 4),
    ("cert-ca-is-sa-pub.yaml", 4),
    ("cert-client-chain-ca-first.yaml", 19),
    ("cert-csr-instead-of-certificate.yaml", 18),
    ("cert-ca-padding-stripped.yaml", 4),
    ("cert-ca-pem-not-base64.yaml", 4),
    ("cert-ca-stray-character.yaml", 4),
    ("cert-ca-wrapped-plain-scalar.yaml", 4),
    ("cert-key-encrypted.yaml", 19),
    ("cert-key-mismatch.yaml", 19),
    ("cert-ec-key-mismatch.yaml", 19),
    ("cert-swapped-cert-and-key.yaml", 18),
    ("aks-azure-auth-provider-removed.yaml", 25),
    ("args-as-string.yaml", 19),
    ("cluster-without-server.yaml", 5),
    ("config-view-redacted.yaml", 4),
    ("context-points-at-missing-entries.yaml", 10),
    ("current-context-zero-width-space.yaml", 12),
    ("duplicate-user-after-hand-merge.yaml", 27),
    ("eks-exec-api-version-typo.yaml", 20),
    ("eks-exec-command-missing.yaml", 18),
    ("eks-exec-env-shorthand.yaml", 30),
    ("eks-exec-env-profile-account-id.yaml", 33),
    ("eks-exec-missing-api-version.yaml", 18),
    ("eks-exec-v1-without-interactive-mode.yaml", 20),
    ("eks-v1alpha1-old-awscli.yaml", 19),
    ("eksctl-interactive-mode-lowercase.yaml", 31),
    ("empty-after-bad-merge.yaml", 1),
    ("gke-gcp-auth-provider-removed.yaml", 26),
    ("gke-half-migrated.yaml", 18),
    ("insecure-skip-tls-verify-quoted-yes.yaml", 6),
    ("joined-lines-bad-paste.yaml", 4),
    ("json-with-comment.json", 24),
    ("kind-ca-double-base64.yaml", 4),
    ("kind-ca-wrapped-by-editor.yaml", 4),
    ("kind-ca-wrapped-unindented.yaml", 4),
    ("kind-config-view.yaml", 4),
    ("kind-cert-without-key.yaml", 18),
    ("kind-insecure-with-ca.yaml", 5),
    ("kind-key-without-cert.yaml", 18),
    ("kind-renamed-context.yaml", 12),
    ("kind-swapped-cert-and-key.yaml", 18),
    ("kind-tab-indentation.yaml", 5),
    ("kubeadm-client-key-file-and-data.yaml", 19),
    ("minikube-ca-file-and-data.yaml", 4),
    ("minikube-client-cert-file-and-data.yaml", 31),
    ("minikube-tilde-paths.yaml", 32),
    ("missing-colon.yaml", 7),
    ("oidc-missing-client-id.yaml", 19),
    ("proxy-url-without-scheme.yaml", 7),
    ("secrets-everywhere.yaml", 9),
    ("server-trailing-space.yaml", 7),
    ("service-account-impersonate-groups-only.yaml", 19),
    ("service-account-token-and-basic-auth.yaml", 18),
    ("template-placeholders.yaml", 6),
    ("terraform-output-insecure.json", 10),
    ("token-quote-never-closed.yaml", 16),
    ("typo-fields.yaml", 19),
    ("unknown-auth-provider.yaml", 19),
    ("wrong-kind.yaml", 2),
];

/// Files kubectl accepts but eksplain reports an error for, and why eksplain
/// is right to be stricter: kubectl goes on and does something the user
/// cannot want.
const STRICTER: &[(&str, &str)] = &[
    (
        "basic-auth-password-quoted-over-lines.yaml",
        "the misspelt `insecure-skip-tls-verfy` and `as-group` are ignored: kubectl verifies the certificate and impersonates no group",
    ),
    (
        "cert-ec-ca-regenerated.yaml",
        "the cluster's CA has the client certificate issuer's name but another key (the CA was regenerated after the certificate was issued): the API server rejects the certificate, which kubectl only reports as Unauthorized",
    ),
    (
        "cert-client-from-regenerated-ca.yaml",
        "the client certificate's issuer has the cluster CA's name but not its key (the CA was regenerated): the API server rejects the certificate with `x509: certificate signed by unknown authority`, which kubectl only reports as Unauthorized",
    ),
    (
        "cert-client-server-auth-only.yaml",
        "the client certificate's extended key usage allows only serverAuth: the API server refuses it for client authentication, so every request is Unauthorized",
    ),
    (
        "cert-expired-client.yaml",
        "the client certificate expired before the fixed clock (2026-01-01): kubectl loads it, the API server rejects it and kubectl says only `Unauthorized`",
    ),
    (
        "cat-of-two-kubeconfigs.yaml",
        "every top-level key appears twice; kubectl silently keeps the last value of each, dropping the first file",
    ),
    (
        "eks-static-token-next-to-exec.yaml",
        "a static token next to `exec`: kubectl sends the stale token and never runs the plugin",
    ),
    (
        "kind-ca-field-typo.yaml",
        "`certificate-authority-date` is ignored, so TLS verification fails once kubectl connects",
    ),
    (
        "server-without-scheme.yaml",
        "no https:// scheme: kubectl speaks plain HTTP and drops the client certificate and CA",
    ),
    (
        "service-account-token-block-newline.yaml",
        "the token ends in a newline (a `|` block scalar): kubectl loads the file, then cannot build the Authorization header and fails with `net/http: invalid header field value` before anything is sent (which the verdict script counts as getting as far as connecting)",
    ),
    (
        "service-account-namespace-invalid.yaml",
        "client-go's full validation rejects the namespace; kubectl sends every request to a namespace that cannot exist",
    ),
];

const VERDICTS: &[&str] = &["accepted", "rejected", "prompts", "localhost-fallback"];

fn dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/kubeconfig"
    ))
}

/// fixture → (verdict, kubectl's first error line)
fn verdicts() -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(dir().join("kubectl-1.32.txt"))
        .expect("tests/fixtures/kubeconfig/kubectl-1.32.txt (run tools/kubectl-verdicts.sh)");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let name = parts.next().unwrap_or_default().to_string();
            let verdict = parts.next().unwrap_or_default().to_string();
            let first = parts.next().unwrap_or_default().to_string();
            (name, (verdict, first))
        })
        .collect()
}

/// The lines of eksplain's error findings for a fixture.
fn error_lines(name: &str) -> Vec<u32> {
    let text = std::fs::read_to_string(dir().join(name)).unwrap();
    let opts = Options {
        now: Some(registry::DOC_NOW),
    };
    analyze(&text, &opts)
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.line().unwrap_or(0))
        .collect()
}

#[test]
fn the_verdicts_cover_every_kubeconfig_fixture() {
    let recorded: BTreeSet<String> = verdicts().into_keys().collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".json"))
        .collect();
    let missing: Vec<_> = on_disk.difference(&recorded).collect();
    let stale: Vec<_> = recorded.difference(&on_disk).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "kubectl-1.32.txt is out of date (run tools/kubectl-verdicts.sh): no verdict for {missing:?}, verdict for missing files {stale:?}"
    );
    for (name, (verdict, _)) in verdicts() {
        assert!(
            VERDICTS.contains(&verdict.as_str()),
            "{name}: unknown verdict {verdict:?}"
        );
    }
}

#[test]
fn every_file_kubectl_does_not_accept_gets_an_error_on_the_line_to_fix() {
    let want: BTreeMap<&str, u32> = WHERE.iter().copied().collect();
    let mut failures = Vec::new();
    for (name, (verdict, kubectl_says)) in verdicts() {
        if verdict == "accepted" {
            assert!(
                !want.contains_key(name.as_str()),
                "{name}: kubectl accepts it now; remove it from WHERE"
            );
            continue;
        }
        let lines = error_lines(&name);
        match want.get(name.as_str()) {
            None => failures.push(format!(
                "{name}: kubectl says `{kubectl_says}` ({verdict}); add the line to fix to WHERE"
            )),
            Some(_) if lines.is_empty() => failures.push(format!(
                "{name}: kubectl says `{kubectl_says}` ({verdict}), eksplain reports no error"
            )),
            Some(line) if !lines.contains(line) => failures.push(format!(
                "{name}: kubectl says `{kubectl_says}`; eksplain's errors are on lines {lines:?}, not {line}"
            )),
            Some(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn where_eksplain_is_stricter_than_kubectl_the_reason_is_recorded() {
    let explained: BTreeMap<&str, &str> = STRICTER.iter().copied().collect();
    let mut failures = Vec::new();
    for (name, (verdict, _)) in verdicts() {
        let stricter = verdict == "accepted" && !error_lines(&name).is_empty();
        match (stricter, explained.contains_key(name.as_str())) {
            (true, false) => failures.push(format!(
                "{name}: kubectl accepts it but eksplain reports an error; fix the rule or explain it in STRICTER"
            )),
            (false, true) => failures.push(format!(
                "{name}: listed in STRICTER but eksplain and kubectl now agree; remove it"
            )),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
