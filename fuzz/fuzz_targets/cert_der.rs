//! Certificate and key DER, structure-aware: the fuzzer mutates the DER itself
//! (seeded with the fixtures' certificates and keys as DER), not the base64
//! around it. Each input goes through the X.509 summary, the self-signature
//! check with its own public key (RSA, RSA-PSS, ECDSA P-256/P-384, Ed25519),
//! the key summaries for every PEM label, and then, wrapped as PEM, through
//! the pasted-certificate analysis and a kubeconfig that embeds it as a client
//! certificate and key.
//!
//! Beyond "no panic": findings inside the text, and the key's base64 (as PEM
//! body lines and as the kubeconfig's client-key-data) in no output.
#![no_main]
use eksplain::core::cert::{key, model, verify};
use eksplain::core::{report, InputKind};
use libfuzzer_sys::fuzz_target;

const KEY_LABELS: [&str; 4] = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", ""];

fn pem(label: &str, der: &[u8]) -> String {
    let body = eksplain_fuzz::b64(der);
    let mut s = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        s.push('\n');
    }
    s.push_str(&format!("-----END {label}-----\n"));
    s
}

fuzz_target!(|der: &[u8]| {
    let opts = eksplain_fuzz::opts();
    if let Ok(cert) = model::summarize(der) {
        let _ = verify::check(&cert, &cert.public_key);
        let _ = (cert.subject.short(), cert.serial_display(), cert.is_ca());
    }
    for label in KEY_LABELS {
        let k = key::summarize(label, der, false);
        let _ = k.describe();
    }
    let key_label = KEY_LABELS[der.len() % 3];
    let text = format!("{}{}", pem("CERTIFICATE", der), pem(key_label, der));
    let r = report::analyze_as(&text, InputKind::Certificate, &opts);
    eksplain_fuzz::check_report(&text, &r);
    let out = eksplain_fuzz::rendered(&text, &r);
    let body = eksplain_fuzz::b64(der);
    if body.len() >= 64 {
        // The first full line of the key's body, which is also the
        // certificate's: only the certificate may show it, and eksplain
        // shows certificates by summary, never by their base64.
        eksplain_fuzz::assert_absent(&out, &body[..64], "the key's base64");
    }

    let cert_data = eksplain_fuzz::b64(pem("CERTIFICATE", der).as_bytes());
    let key_data = eksplain_fuzz::b64(pem(key_label, der).as_bytes());
    let kubeconfig = format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: k\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: {cert_data}\ncontexts:\n- name: c\n  context:\n    cluster: k\n    user: u\nusers:\n- name: u\n  user:\n    client-certificate-data: {cert_data}\n    client-key-data: {key_data}\n"
    );
    let r = report::analyze_as(&kubeconfig, InputKind::Kubeconfig, &opts);
    eksplain_fuzz::check_report(&kubeconfig, &r);
    let out = eksplain_fuzz::rendered(&kubeconfig, &r);
    if key_data.len() >= 16 {
        eksplain_fuzz::assert_absent(&out, &key_data, "client-key-data");
    }
});
