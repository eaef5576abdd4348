//! Certificate and key text: the lenient decoder (PEM, base64 of PEM, base64
//! of DER, base64 twice, URL-safe, unpadded, wrapped) as a pasted input and as
//! a kubeconfig `*-data` value, then the whole certificate analysis.
//!
//! Beyond "no panic": every offset the decoder reports is a char boundary of
//! the text, a block's offset is where its `-----BEGIN` is, every finding is
//! inside the text, and no line of a private key's PEM body reaches any output.
#![no_main]
use eksplain::core::cert::decode::{decode, Expect};
use eksplain::core::cert::{key, Field, FieldKind};
use eksplain::core::{report, InputKind, Path};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = eksplain_fuzz::text(data);
    for expect in [Expect::Any, Expect::Base64OfPem] {
        let d = decode(&text, expect);
        for note in &d.notes {
            if let Some(o) = note.offset() {
                eksplain_fuzz::assert_offset(&text, o, &format!("{note:?}"));
            }
        }
        for block in &d.blocks {
            if let Some(o) = block.offset {
                eksplain_fuzz::assert_offset(&text, o, "block");
                assert!(
                    text[o..].starts_with("-----BEGIN"),
                    "block offset {o} is not at a BEGIN line"
                );
            }
        }
    }
    // A kubeconfig key field keeps no key material once summarised.
    let key = Field::decode(FieldKind::ClientKeyData, &text, Path::root(), None, None);
    if !key.keys.is_empty() {
        for b in &key.decoded.blocks {
            assert!(
                b.der.is_empty() || !key::is_key_label(&b.label),
                "{} DER kept",
                b.label
            );
        }
    }

    let r = report::analyze_as(&text, InputKind::Certificate, &eksplain_fuzz::opts());
    eksplain_fuzz::check_report(&text, &r);
    let out = eksplain_fuzz::rendered(&text, &r);
    for line in private_key_lines(&text) {
        // Only lines that say nothing else in the input (a key line could
        // also be pasted as a certificate's, which is shown).
        if text.matches(line).count() == 1 {
            eksplain_fuzz::assert_absent(&out, line, "a private key line");
        }
    }
});

/// The base64 lines (24 characters or more) of well-formed private key
/// blocks: a `-----BEGIN … PRIVATE KEY-----` line, base64 lines, and the
/// matching END line. Damaged framing (a BEGIN inside a line, a missing END)
/// is read differently by the decoder and the excerpt redaction, and a line
/// there may belong to a certificate, which is shown.
fn private_key_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut block: Option<(&str, Vec<&str>)> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some(label) = t
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        {
            block = label.ends_with("PRIVATE KEY").then(|| (label, Vec::new()));
        } else if let Some((label, body)) = block.as_mut() {
            if t.strip_prefix("-----END ")
                .and_then(|l| l.strip_suffix("-----"))
                == Some(*label)
            {
                lines.append(body);
                block = None;
            } else if t.contains("-----") || t.contains(':') {
                block = None;
            } else if t.len() >= 24
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
            {
                body.push(t);
            }
        }
    }
    lines
}
