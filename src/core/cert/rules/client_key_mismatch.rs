use super::prelude::*;
use crate::core::cert::key::matches;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT018",
    name: "client-key-mismatch",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "The private key does not belong to the client certificate.",
    what: "Compares the public key derived from `client-key-data` (or a key pasted together with a certificate) \
           with the certificate's public key. Nothing of the private key is shown.",
    why: "TLS client authentication proves possession of the certificate's key. With another key kubectl fails \
          before connecting: `tls: private key does not match public key` (or `… type does not match …` for an \
          RSA key with an EC certificate). It happens when a certificate is renewed with a new key but only one \
          of the two values is updated.",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-key-mismatch.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Put the key the certificate was issued for in client-key-data (compare `openssl x509 -pubkey -noout` with `openssl pkey -pubout`).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let a = cx.a;
    for use_ in &a.clients {
        let (Some(cert_field), Some(key_field)) = (
            a.fields.get(use_.cert),
            use_.key.and_then(|k| a.fields.get(k)),
        ) else {
            continue;
        };
        let (Some(cert), Some(key)) = (cert_field.certs.first(), key_field.keys.first()) else {
            continue;
        };
        if matches(&cert.summary.public_key.material, &key.summary.public) == Some(false) {
            let related = sink.locate(&cert_field.path);
            // The key's certificate is in the field, just not first: Go's
            // tls.X509KeyPair takes the first certificate as the client's.
            let later = cert_field.certs.iter().enumerate().skip(1).find(|(_, c)| {
                matches(&c.summary.public_key.material, &key.summary.public) == Some(true)
            });
            if let Some((j, owner)) = later {
                report(
                    sink,
                    &RULE,
                    key_field,
                    None,
                    format!(
                        "The private key in {} belongs to certificate {} of {} (`{}`) in {}, but kubectl takes the first certificate (`{}`) as the client certificate and fails with `tls: private key does not match public key`.",
                        key_field.describe(),
                        j + 1,
                        cert_field.certs.len(),
                        owner.summary.subject.short(),
                        cert_field.describe(),
                        cert.summary.subject.short(),
                    ),
                )
                .with_related(related)
                .with_help(format!(
                    "Reorder client-certificate-data: the client certificate `{}` first, then its issuers (or the client certificate alone).",
                    owner.summary.subject.short()
                ));
                continue;
            }
            report(
                sink,
                &RULE,
                key_field,
                None,
                format!(
                    "The {} in {} does not belong to the {} certificate `{}` in {}: kubectl fails with `tls: private key {} match public key{}`.",
                    key.summary.alg.as_ref().map(|a| format!("{} private key", a.describe())).unwrap_or_else(|| "private key".into()),
                    key_field.describe(),
                    cert.summary.public_key.alg.describe(),
                    cert.summary.subject.short(),
                    cert_field.describe(),
                    if same_type(cert, key) { "does not" } else { "type does not" },
                    if same_type(cert, key) { "" } else { " type" },
                ),
            )
            .with_related(related);
        }
    }
    // Pasted text holding a certificate and a key (kubelet-client-current.pem style).
    for field in a.fields.iter().filter(|f| f.kind == FieldKind::Pasted) {
        let (Some(cert), Some(key)) = (field.leaf(), field.keys.first()) else {
            continue;
        };
        if matches(&cert.summary.public_key.material, &key.summary.public) == Some(false) {
            report(
                sink,
                &RULE,
                field,
                key.pos,
                format!(
                    "The {} does not belong to the {} certificate `{}` pasted with it: a TLS client using the pair fails (`tls: private key {} match public key{}`).",
                    key.summary.alg.as_ref().map(|a| format!("{} private key", a.describe())).unwrap_or_else(|| "private key".into()),
                    cert.summary.public_key.alg.describe(),
                    cert.summary.subject.short(),
                    if same_type(cert, key) { "does not" } else { "type does not" },
                    if same_type(cert, key) { "" } else { " type" },
                ),
            );
        }
    }
}

fn same_type(cert: &crate::core::cert::CertEntry, key: &crate::core::cert::KeyEntry) -> bool {
    use crate::core::cert::model::PublicMaterial::*;
    matches!(
        (&cert.summary.public_key.material, &key.summary.public),
        (Rsa { .. }, Rsa { .. }) | (Ec { .. }, Ec { .. }) | (Ed25519(_), Ed25519(_))
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_key_line() {
        assert_eq!(lines_of("CRT018", super::RULE.example), vec![19]);
    }

    #[test]
    fn quiet_for_the_right_key_of_every_type() {
        assert!(lines_of("CRT018", super::RULE.fixed).is_empty());
        for kc in [
            include_str!("../../../../tests/fixtures/kubeconfig/cert-kubeadm-admin.yaml"),
            include_str!("../../../../tests/fixtures/kubeconfig/cert-ed25519.yaml"),
        ] {
            assert!(lines_of("CRT018", kc).is_empty());
        }
        let pasted = include_str!("../../../../tests/fixtures/certs/client-jane-ec-with-key.pem");
        assert!(lines_of("CRT018", pasted).is_empty());
    }

    #[test]
    fn says_the_client_certificate_is_not_first_when_the_key_matches_a_later_one() {
        let kc =
            include_str!("../../../../tests/fixtures/kubeconfig/cert-client-chain-ca-first.yaml");
        assert_eq!(lines_of("CRT018", kc), vec![19]);
        let m = &super::super::testing::messages_of("CRT018", kc)[0];
        assert!(
            m.contains("belongs to certificate 2 of 2 (`kubernetes-admin`)")
                && m.contains("takes the first certificate (`kubernetes`)"),
            "{m}"
        );
    }

    #[test]
    fn fires_for_a_pasted_pair_that_does_not_match() {
        let cert = include_str!("../../../../tests/fixtures/certs/client-admin-rsa.pem");
        let key = include_str!("../../../../tests/fixtures/certs/unrelated-rsa.key.pem");
        let text = format!("{cert}{key}");
        assert_eq!(
            lines_of("CRT018", &text),
            vec![cert.lines().count() as u32 + 1]
        );
    }

    /// Go's tls.X509KeyPair: keys of another type fail with `private key type
    /// does not match public key type`, keys of the same type with `private
    /// key does not match public key` (crypto/tls's own tests).
    #[test]
    fn the_error_names_a_type_mismatch_as_one() {
        let cert = include_str!("../../../../tests/fixtures/certs/client-admin-rsa.pem");
        let ec_key = include_str!("../../../../tests/fixtures/certs/client-jane-ec.key.pem");
        let m = super::super::testing::messages_of("CRT018", &format!("{cert}{ec_key}"));
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].starts_with("The EC"), "{}", m[0]);
        assert!(
            m[0].ends_with("(`tls: private key type does not match public key type`)."),
            "{}",
            m[0]
        );
        let p384 = include_str!("../../../../tests/fixtures/certs/client-p384.key.pem");
        let ec_cert = include_str!("../../../../tests/fixtures/certs/client-jane-ec.pem");
        let m = super::super::testing::messages_of("CRT018", &format!("{ec_cert}{p384}"));
        assert!(
            m[0].ends_with("(`tls: private key does not match public key`)."),
            "{}",
            m[0]
        );
    }
}
