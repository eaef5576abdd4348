use super::prelude::*;
use crate::core::cert::key::KeyProblem;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT019",
    name: "private-key-encrypted",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A private key is protected by a passphrase, which kubectl cannot use.",
    what: "Flags `ENCRYPTED PRIVATE KEY` blocks (PKCS#8) and traditional PEM keys with `Proc-Type: \
           4,ENCRYPTED`: an error in `client-key-data`, information when pasted on its own.",
    why: "kubectl has no way to ask for a key passphrase: an encrypted key fails with `tls: failed to parse \
          private key`. Keys exported from some tools (Windows certificate stores, `openssl pkcs12` without \
          `-nodes`/`-noenc`) are encrypted by default.",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-key-encrypted.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Decrypt the key (`openssl pkey -in key.pem -out key-plain.pem`, enter the passphrase) and base64-encode the result; keep that file private.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        if !matches!(field.kind, FieldKind::ClientKeyData | FieldKind::Pasted) {
            continue;
        }
        for k in &field.keys {
            if k.summary.problem != Some(KeyProblem::Encrypted) {
                continue;
            }
            if field.kind == FieldKind::Pasted {
                report(
                    sink,
                    &RULE,
                    field,
                    k.pos,
                    format!("This private key is encrypted ({}): fine for storage, but kubectl cannot use it in client-key-data.", k.summary.format.describe()),
                )
                .with_severity(Severity::Info);
            } else {
                report(
                    sink,
                    &RULE,
                    field,
                    k.pos,
                    format!(
                        "{} holds an encrypted private key ({}): kubectl cannot ask for its passphrase and fails with `tls: failed to parse private key`.",
                        field.subject(),
                        k.summary.format.describe()
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_the_key_line() {
        assert_eq!(lines_of("CRT019", super::RULE.example), vec![19]);
    }

    #[test]
    fn quiet_for_a_plain_key() {
        assert!(lines_of("CRT019", super::RULE.fixed).is_empty());
    }

    #[test]
    fn pasted_encrypted_keys_are_information() {
        for key in [
            include_str!("../../../../tests/fixtures/certs/client-jane-ec.encrypted-pkcs8.key.pem"),
            include_str!(
                "../../../../tests/fixtures/certs/client-admin-rsa.encrypted-legacy.key.pem"
            ),
        ] {
            assert_eq!(findings(key), vec![("CRT019", Some(1), "info")]);
        }
    }
}
