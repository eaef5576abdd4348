use super::prelude::*;
use crate::core::cert::decode::Note;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT007",
    name: "data-wrong-encoding",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A kubeconfig `*-data` value is base64 of DER, or base64 encoded twice, instead of base64 of PEM.",
    what: "Flags `certificate-authority-data`, `client-certificate-data` and `client-key-data` values that decode \
           to binary DER (`base64 ca.der`) or to another layer of base64 (`base64` run twice).",
    why: "kubectl base64-decodes the value once and then expects PEM text (`-----BEGIN …`). DER or base64 text \
          is not PEM, so kubectl fails with `unable to load root certificates: unable to parse bytes as PEM \
          block` for CA data, or `tls: failed to find any PEM data` for a client certificate or key.",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-ca-der-not-pem.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Encode the PEM file once: `base64 -w0 ca.crt` (convert DER first: `openssl x509 -inform der -in ca.der -out ca.crt`).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        for note in &field.decoded.notes {
            let (message, help) = match note {
                Note::DerNotPem => (
                    format!("{} holds base64 of binary DER, not base64 of PEM: kubectl decodes it and finds no `-----BEGIN` line ({}).", field.subject(), kubectl_says(field.kind)),
                    if field.kind == FieldKind::ClientKeyData {
                        "Convert to PEM, then encode: `openssl pkey -inform der -in key.der | base64 -w0`."
                    } else {
                        "Convert to PEM, then encode: `openssl x509 -inform der -in cert.der | base64 -w0`."
                    }
                    .to_string(),
                ),
                Note::DoubleEncoded => (
                    format!("{} is base64 encoded twice: one decode gives base64 text, not PEM ({}).", field.subject(), kubectl_says(field.kind)),
                    "Decode it once and use the result: `echo VALUE | base64 -d`.".to_string(),
                ),
                _ => continue,
            };
            report(sink, &RULE, field, None, message).with_help(help);
        }
    }
}

/// kubectl's error for a value that is not PEM after decoding.
pub fn kubectl_says(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::CaData => {
            "`unable to load root certificates: unable to parse bytes as PEM block`"
        }
        FieldKind::ClientKeyData => "`tls: failed to find any PEM data in key input`",
        _ => "`tls: failed to find any PEM data in certificate input`",
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_the_ca_data_line() {
        assert_eq!(lines_of("CRT007", super::RULE.example), vec![4]);
    }

    #[test]
    fn quiet_for_base64_of_pem() {
        assert!(lines_of("CRT007", super::RULE.fixed).is_empty());
    }

    #[test]
    fn base64_der_pasted_alone_is_fine() {
        let b64 = include_str!("../../../../tests/fixtures/certs/ca-ec-p256.der.b64");
        assert!(findings(b64).is_empty());
    }
}
