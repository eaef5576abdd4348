//! Certificates, end to end, over the corpus tools/gen-certs.sh made with openssl:
//!
//! - parity: every field eksplain shows equals what `openssl x509 -noout -text`
//!   printed for the same certificate (recorded in NAME.openssl.txt, so the
//!   test needs no openssl);
//! - signatures and key pairs: every algorithm verifies against its real
//!   issuer and fails against another;
//! - robustness: thousands of truncations and bit flips of real certificates,
//!   keys and kubeconfigs, and a huge input, go through the whole analysis
//!   without a panic;
//! - explanations: the text `eksplain explain` prints, as reviewed snapshots.

use eksplain::core::cert::decode::{decode, Expect};
use eksplain::core::cert::key;
use eksplain::core::cert::model::{summarize, CertSummary, KeyAlg};
use eksplain::core::cert::verify::{check, Signature};
use eksplain::core::{analyze, analyze_as, registry, render, InputKind, Options};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/certs")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn cert(name: &str) -> CertSummary {
    let d = decode(&read(name), Expect::Any);
    summarize(&d.blocks[0].der).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn opts() -> Options {
    Options {
        now: Some(registry::DOC_NOW),
    }
}

// ---------------------------------------------------------------- parity

/// What openssl printed, by field.
#[derive(Default, Debug)]
struct Openssl {
    fields: BTreeMap<&'static str, String>,
    /// (heading, critical) of every X509v3 extension, and its first value line.
    extensions: Vec<(String, bool, String)>,
}

fn month(m: &str) -> u32 {
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|x| *x == m)
    .unwrap() as u32
        + 1
}

/// `Jun  1 00:00:00 2025 GMT` → RFC 3339.
fn openssl_date(s: &str) -> String {
    let p: Vec<&str> = s.split_whitespace().collect();
    format!(
        "{}-{:02}-{:02}T{}Z",
        p[3],
        month(p[0]),
        p[1].parse::<u32>().unwrap(),
        p[2]
    )
}

fn parse_openssl(text: &str) -> Openssl {
    let mut o = Openssl::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut in_ext = false;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");
        let mut put = |k: &'static str, v: &str| {
            o.fields.entry(k).or_insert_with(|| v.trim().to_string());
        };
        if let Some(v) = line.strip_prefix("Version: ") {
            put("version", v.split(' ').next().unwrap());
        } else if let Some(v) = line.strip_prefix("Serial Number:") {
            put("serial", if v.trim().is_empty() { next } else { v });
        } else if let Some(v) = line.strip_prefix("Signature Algorithm: ") {
            put("signature", v);
        } else if let Some(v) = line.strip_prefix("Issuer: ") {
            put("issuer", v);
        } else if let Some(v) = line.strip_prefix("Subject: ") {
            put("subject", v);
        } else if let Some(v) = line.strip_prefix("Not Before: ") {
            put("not_before", &openssl_date(v));
        } else if let Some(v) = line.strip_prefix("Not After : ") {
            put("not_after", &openssl_date(v));
        } else if let Some(v) = line.strip_prefix("Public Key Algorithm: ") {
            put("key_algorithm", v);
        } else if let Some(v) = line.strip_prefix("Public-Key: (") {
            put("key_bits", v.trim_end_matches(" bit)"));
        } else if let Some(v) = line.strip_prefix("Exponent: ") {
            put("exponent", v.split(' ').next().unwrap());
        } else if let Some(v) = line.strip_prefix("ASN1 OID: ") {
            put("curve_asn1", v);
        } else if let Some(v) = line.strip_prefix("NIST CURVE: ") {
            put("curve", v);
        } else if let Some(v) = line.strip_prefix("sha256 Fingerprint=") {
            put("sha256", v);
        } else if let Some(v) = line.strip_prefix("sha1 Fingerprint=") {
            put("sha1", v);
        } else if line == "X509v3 extensions:" {
            in_ext = true;
        } else if line.starts_with("Signature Value") {
            in_ext = false;
        } else if in_ext && raw.starts_with("            ") && !raw.starts_with("             ") {
            let (heading, critical) = match line.strip_suffix("critical") {
                Some(h) => (h.trim().trim_end_matches(':').to_string(), true),
                None => (line.trim_end_matches(':').to_string(), false),
            };
            o.extensions.push((heading, critical, next.to_string()));
        }
    }
    o
}

/// openssl prints IPv6 SANs uncompressed (`0:0:0:0:0:0:0:1`); compare as addresses.
fn normalize_sans(s: &str) -> Vec<String> {
    s.split(", ")
        .map(|n| match n.strip_prefix("IP Address:") {
            Some(ip) => format!(
                "IP Address:{}",
                ip.parse::<std::net::IpAddr>()
                    .map(|a| a.to_string())
                    .unwrap_or(ip.to_string())
            ),
            None => n.to_string(),
        })
        .collect()
}

#[test]
fn every_field_matches_openssl_x509_text() {
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir()).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".openssl.txt") else {
            continue;
        };
        let o = parse_openssl(&std::fs::read_to_string(&path).unwrap());
        let s = cert(&format!("{stem}.pem"));
        let want = |k: &str| {
            o.fields
                .get(k)
                .unwrap_or_else(|| panic!("{stem}: openssl printed no {k}"))
                .clone()
        };
        assert_eq!(s.version.to_string(), want("version"), "{stem}: version");
        assert_eq!(s.serial_display(), want("serial"), "{stem}: serial");
        assert_eq!(s.signature.name, want("signature"), "{stem}: signature");
        assert_eq!(s.issuer.display, want("issuer"), "{stem}: issuer");
        assert_eq!(s.subject.display, want("subject"), "{stem}: subject");
        let t = eksplain::core::time::format_rfc3339;
        assert_eq!(t(s.not_before), want("not_before"), "{stem}: not before");
        assert_eq!(t(s.not_after), want("not_after"), "{stem}: not after");
        assert_eq!(
            s.public_key.algorithm,
            want("key_algorithm"),
            "{stem}: key algorithm"
        );
        match &s.public_key.alg {
            KeyAlg::Rsa { bits, exponent } => {
                assert_eq!(bits.to_string(), want("key_bits"), "{stem}: RSA bits");
                assert_eq!(
                    exponent.unwrap().to_string(),
                    want("exponent"),
                    "{stem}: exponent"
                );
            }
            KeyAlg::Ec { curve, asn1, bits } => {
                assert_eq!(bits.to_string(), want("key_bits"), "{stem}: EC bits");
                assert_eq!(asn1, &want("curve_asn1"), "{stem}: curve OID name");
                assert_eq!(curve.unwrap(), want("curve"), "{stem}: NIST curve");
            }
            KeyAlg::Ed25519 => assert_eq!(want("key_algorithm"), "ED25519"),
            other => panic!("{stem}: unexpected key {other:?}"),
        }
        assert_eq!(s.sha256, want("sha256"), "{stem}: SHA-256 fingerprint");
        assert_eq!(s.sha1, want("sha1"), "{stem}: SHA-1 fingerprint");

        // The same extensions, in the same order, with the same criticality and values.
        let ours: Vec<(String, bool)> = s.extensions.clone();
        let theirs: Vec<(String, bool)> = o
            .extensions
            .iter()
            .map(|(h, c, _)| (h.clone(), *c))
            .collect();
        assert_eq!(ours, theirs, "{stem}: extensions");
        for (heading, _, value) in &o.extensions {
            match heading.as_str() {
                "X509v3 Basic Constraints" => {
                    let b = s.basic_constraints.unwrap();
                    let mine = format!(
                        "CA:{}{}",
                        if b.ca { "TRUE" } else { "FALSE" },
                        b.path_len
                            .map(|p| format!(", pathlen:{p}"))
                            .unwrap_or_default()
                    );
                    assert_eq!(&mine, value, "{stem}: basic constraints");
                }
                "X509v3 Key Usage" => {
                    assert_eq!(
                        &s.key_usage.as_ref().unwrap().names.join(", "),
                        value,
                        "{stem}: key usage"
                    );
                }
                "X509v3 Extended Key Usage" => assert_eq!(
                    &s.ext_key_usage.as_ref().unwrap().names.join(", "),
                    value,
                    "{stem}: extended key usage"
                ),
                "X509v3 Subject Key Identifier" => assert_eq!(
                    s.subject_key_id.as_ref().unwrap(),
                    value,
                    "{stem}: subject key id"
                ),
                "X509v3 Authority Key Identifier" => assert_eq!(
                    s.authority_key_id.as_ref().unwrap(),
                    value,
                    "{stem}: authority key id"
                ),
                "X509v3 Subject Alternative Name" => {
                    let mine: Vec<String> = s.sans.iter().map(|n| n.display()).collect();
                    assert_eq!(mine, normalize_sans(value), "{stem}: SANs");
                }
                other => panic!("{stem}: extension {other} not compared"),
            }
        }
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} certificates compared");
}

// ------------------------------------------------- signatures and key pairs

#[test]
fn signatures_verify_with_the_real_issuer_for_every_algorithm() {
    let cases = [
        (
            "server-rsa2048.pem",
            "ca-rsa2048.pem",
            "RSA PKCS#1 v1.5 SHA-256",
        ),
        ("client-sha1.pem", "ca-rsa2048.pem", "RSA PKCS#1 v1.5 SHA-1"),
        ("intermediate-ca.pem", "ca-rsa4096.pem", "RSA-4096 signer"),
        ("client-rsa-pss.pem", "ca-rsa4096.pem", "RSA-PSS SHA-256"),
        ("client-jane-ec.pem", "ca-ec-p256.pem", "ECDSA P-256"),
        ("client-p384.pem", "ca-ec-p384.pem", "ECDSA P-384"),
        ("client-ed25519.pem", "ca-ed25519.pem", "Ed25519"),
        (
            "server-under-intermediate.pem",
            "intermediate-ca.pem",
            "RSA signer, EC leaf",
        ),
        (
            "ca-ec-p384.pem",
            "ca-ec-p384.pem",
            "self-signed P-384 with SHA-384",
        ),
    ];
    for (child, issuer, what) in cases {
        let (c, i) = (cert(child), cert(issuer));
        assert_eq!(
            check(&c, &i.public_key),
            Signature::Valid,
            "{what}: {child} by {issuer}"
        );
    }
    for (child, issuer) in [
        ("client-signed-by-regenerated-ca.pem", "ca-rsa2048.pem"),
        ("client-admin-rsa.pem", "ca-rsa2048-regenerated.pem"),
        ("client-jane-ec.pem", "ca-ec-p384.pem"),
        ("client-p384.pem", "ca-ec-p256.pem"),
        ("client-rsa-pss.pem", "ca-rsa2048.pem"),
        ("server-rsa2048.pem", "ca-ed25519.pem"),
    ] {
        assert_eq!(
            check(&cert(child), &cert(issuer).public_key),
            Signature::Invalid,
            "{child} must not verify with {issuer}"
        );
    }
    assert!(matches!(
        check(&cert("client-md5.pem"), &cert("ca-rsa2048.pem").public_key),
        Signature::Unchecked(_)
    ));
}

#[test]
fn a_tampered_certificate_fails_its_signature() {
    let mut c = cert("client-jane-ec.pem");
    let ca = cert("ca-ec-p256.pem");
    // Flip one bit inside the subject (well inside the signed part).
    let at = c.der.windows(4).position(|w| w == b"jane").unwrap();
    c.der[at] ^= 0x01;
    assert_eq!(check(&c, &ca.public_key), Signature::Invalid);
}

#[test]
fn private_keys_match_their_certificates_and_only_them() {
    let pairs = [
        (
            "client-admin-rsa.key.pem",
            "client-admin-rsa.pem",
            "RSA 2048 bit",
            "PKCS#1",
        ),
        (
            "client-jane-ec.key.pem",
            "client-jane-ec.pem",
            "EC P-256",
            "SEC 1",
        ),
        (
            "client-p384.key.pem",
            "client-p384.pem",
            "EC P-384",
            "PKCS#8",
        ),
        (
            "client-ed25519.key.pem",
            "client-ed25519.pem",
            "Ed25519",
            "PKCS#8",
        ),
    ];
    for (k, c, alg, format) in pairs {
        let d = decode(&read(k), Expect::Any);
        let b = &d.blocks[0];
        let ks = key::summarize(&b.label, &b.der, b.encrypted_header);
        assert!(ks.problem.is_none(), "{k}: {:?}", ks.problem);
        assert!(ks.describe().starts_with(alg), "{k}: {}", ks.describe());
        assert!(ks.describe().contains(format), "{k}: {}", ks.describe());
        assert_eq!(
            key::matches(&cert(c).public_key.material, &ks.public),
            Some(true),
            "{k}"
        );
        for (_, other, _, _) in pairs.iter().filter(|p| p.1 != c) {
            assert_eq!(
                key::matches(&cert(other).public_key.material, &ks.public),
                Some(false),
                "{k} must not match {other}"
            );
        }
    }
    let unrelated = decode(&read("unrelated-rsa.key.pem"), Expect::Any);
    let u = key::summarize("RSA PRIVATE KEY", &unrelated.blocks[0].der, false);
    assert_eq!(
        key::matches(&cert("client-admin-rsa.pem").public_key.material, &u.public),
        Some(false)
    );
}

#[test]
fn nothing_of_a_private_key_reaches_any_output() {
    for name in [
        "client-admin-rsa.key.pem",
        "client-jane-ec.key.pem",
        "client-jane-ec-with-key.pem",
        "client-ed25519.key.pem",
        "openssh-ed25519.key.pem",
    ] {
        let text = read(name);
        let report = analyze(&text, &opts());
        let shown = format!(
            "{}{}{}{:?}",
            render::explanation_text(&report),
            render::check_text(name, &text, &report),
            render::json(&[(name, &report)]),
            report.explanation
        );
        let key_lines = text
            .lines()
            .skip_while(|l| !l.contains("PRIVATE KEY-----"))
            .skip(1)
            .take_while(|l| !l.starts_with("-----END"));
        for line in key_lines {
            assert!(
                !shown.contains(line.trim()),
                "{name}: key material leaked: {line}"
            );
        }
    }
    let kc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/kubeconfig/cert-key-mismatch.yaml"),
    )
    .unwrap();
    let key_b64 = kc
        .lines()
        .find_map(|l| l.trim().strip_prefix("client-key-data: "))
        .unwrap();
    let report = analyze(&kc, &opts());
    let shown = format!(
        "{}{}{:?}",
        render::explanation_text(&report),
        render::check_text("kc", &kc, &report),
        report.explanation
    );
    assert!(!shown.contains(&key_b64[..40]), "client-key-data leaked");
}

// ------------------------------------------------------------- robustness

/// A deterministic stream of numbers (xorshift), so the property test needs no rand crate.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn run_everything(text: &str) {
    // Detection decides (a truncated paste may stop looking like a certificate)…
    let r = analyze(text, &opts());
    let _ = render::explanation_text(&r);
    // …and forced, as when the user picks the kind, without a clock.
    let r = analyze_as(text, InputKind::Certificate, &Options { now: None });
    let _ = render::explanation_text(&r);
}

#[test]
fn truncations_and_bit_flips_of_real_inputs_never_panic() {
    let der = std::fs::read(dir().join("ca-ec-p256.der")).unwrap();
    let mut inputs: Vec<(String, Vec<u8>)> = vec![("ca-ec-p256.der".into(), der)];
    for name in [
        "ca-rsa2048.pem",
        "client-rsa-pss.pem",
        "client-ed25519.pem",
        "bundle-chain.pem",
        "client-jane-ec-with-key.pem",
        "client-admin-rsa.key.pem",
        "client-p384.key.pem",
        "client-ed25519.key.pem",
    ] {
        let text = read(name);
        let d = decode(&text, Expect::Any);
        for (i, b) in d.blocks.iter().enumerate() {
            inputs.push((format!("{name}#{i} (DER)"), b.der.clone()));
        }
        inputs.push((name.into(), text.into_bytes()));
    }
    let kc = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    )
    .unwrap();
    inputs.push(("cert-ec-developer.yaml".into(), kc));

    let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15);
    let mut runs = 0usize;
    for (name, bytes) in &inputs {
        let t0 = std::time::Instant::now();
        let is_der = name.ends_with("(DER)") || name.ends_with(".der");
        // As the analysis sees them: DER goes in as base64 (what a drop or paste gives).
        let as_text = |b: &[u8]| -> String {
            if is_der {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.encode(b)
            } else {
                String::from_utf8_lossy(b).into_owned()
            }
        };
        // Every truncation inside the first 64 bytes (the headers), then
        // every other one of DER and a spread of those of text.
        let step = if is_der {
            2
        } else {
            (bytes.len() / 300).max(1)
        };
        let cuts = (0..bytes.len().min(64)).chain((64..bytes.len()).step_by(step));
        for cut in cuts {
            run_everything(&as_text(&bytes[..cut]));
            runs += 1;
        }
        // Random bit flips, one to three at a time (fewer for keys: deriving
        // a P-384 public key unoptimised is slow, and keys are small).
        let flips = if name.contains("key") { 120 } else { 400 };
        for _ in 0..flips {
            let mut b = bytes.clone();
            for _ in 0..=rng.below(3) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            run_everything(&as_text(&b));
            // And straight into the parsers, bypassing the text layer.
            let _ = summarize(&b);
            let _ = key::summarize("", &b, false);
            runs += 1;
        }
        eprintln!("TIMING {name}: {:?}", t0.elapsed());
    }
    assert!(runs > 10_000, "only {runs} runs");
}

#[test]
fn huge_and_hostile_inputs_finish_quickly_without_panicking() {
    let pem = read("ca-ec-p256.pem");
    let cases: Vec<String> = vec![
        // 1,000 copies of a certificate: only the first 256 are analysed.
        pem.repeat(1_000),
        // 4 MB of base64 that is not a certificate.
        format!("MII{}", "A".repeat(4_000_000)),
        // BEGIN markers and nothing else.
        "-----BEGIN CERTIFICATE-----\n".repeat(20_000),
        // A BEGIN line with an endless label.
        format!("-----BEGIN {}", "X".repeat(100_000)),
        // Binary noise pretending to be DER.
        format!("MII{}", "/".repeat(200_000)),
        "-----BEGIN CERTIFICATE-----\n\u{0}\u{feff}é€\n-----END CERTIFICATE-----\n".into(),
    ];
    for text in cases {
        let started = std::time::Instant::now();
        run_everything(&text);
        assert!(
            started.elapsed().as_secs() < 20,
            "took {:?} on input starting {:?}",
            started.elapsed(),
            &text[..text.len().min(40)]
        );
    }
    let r = analyze(&pem.repeat(1_000), &opts());
    match r.explanation {
        eksplain::core::Explanation::Certificates(c) => assert_eq!(c.card.certs.len(), 256),
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------- explanations

#[test]
fn explanations_match_their_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    for input in [
        "tests/fixtures/certs/bundle-chain.pem",
        "tests/fixtures/certs/bundle-signed-by-server-cert.pem",
        "tests/fixtures/certs/client-jane-ec-with-key.pem",
        "tests/fixtures/certs/client-jane-ec.csr.pem",
        "tests/fixtures/certs/self-signed-server.pem",
        "tests/fixtures/kubeconfig/cert-kubeadm-admin.yaml",
        "tests/fixtures/kubeconfig/cert-client-from-regenerated-ca.yaml",
        "tests/fixtures/kubeconfig/cert-ca-file-path.yaml",
    ] {
        let text = eksplain::core::input::decode_bytes(&std::fs::read(root.join(input)).unwrap());
        let got = render::explanation_text(&analyze(&text, &opts()));
        let snap = root.join("tests/fixtures/explain").join(format!(
            "{}.txt",
            Path::new(input).file_name().unwrap().to_string_lossy()
        ));
        if update {
            std::fs::create_dir_all(snap.parent().unwrap()).unwrap();
            std::fs::write(&snap, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&snap) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!("{input}:\n--- expected\n{want}\n--- got\n{got}")),
            Err(_) => failures.push(format!("{input}: no snapshot (UPDATE_SNAPSHOTS=1)")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
