use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT015",
    name: "weak-signature-hash",
    severity: Severity::Error,
    category: Category::Security,
    domain: Domain::Certificate,
    summary: "A certificate is signed with SHA-1 or MD5.",
    what: "Flags certificates whose signature uses SHA-1 or MD5 (`sha1WithRSAEncryption`, `ecdsa-with-SHA1`, \
           `md5WithRSAEncryption`). Self-signed CA certificates are not flagged: nobody verifies a trust \
           anchor's own signature, and CA data is only ever a set of trust anchors.",
    why: "Collisions for both hashes can be computed, so such signatures can be forged. Go has rejected SHA-1 \
          certificate signatures since Go 1.18 (Kubernetes 1.24): the API server refuses a SHA-1 signed client \
          certificate and kubectl a SHA-1 signed server certificate, with `x509: cannot verify signature: \
          insecure algorithm SHA1-RSA`. MD5 has been refused for much longer.",
    example: include_str!("../../../../tests/fixtures/certs/client-sha1.pem"),
    fixed: include_str!("../../../../tests/fixtures/certs/server-rsa2048.pem"),
    fix_summary: "Reissue the certificate signed with SHA-256 (`openssl x509 -req -sha256 …`, or any current CA tooling).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        if field.kind == FieldKind::CaData {
            continue;
        }
        for (i, c) in field.certs.iter().enumerate() {
            let s = &c.summary;
            let Some(hash) = s.signature.hash.filter(|h| h.is_weak()) else {
                continue;
            };
            if s.self_issued() {
                continue;
            }
            report_cert(
                sink,
                &RULE,
                field,
                i,
                RULE.severity,
                format!(
                    "{} is signed with {} (`{}`): Go, so kubectl and the API server, refuses to verify it (`x509: cannot verify signature: insecure algorithm`).",
                    cert_label(field, i),
                    hash.name(),
                    s.signature.name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_at_the_certificate() {
        assert_eq!(lines_of("CRT015", super::RULE.example), vec![1]);
        assert!(messages_of("CRT015", super::RULE.example)[0]
            .contains("SHA-1 (`sha1WithRSAEncryption`)"));
    }

    #[test]
    fn quiet_for_sha256() {
        assert!(lines_of("CRT015", super::RULE.fixed).is_empty());
    }

    #[test]
    fn fires_for_md5() {
        let md5 = include_str!("../../../../tests/fixtures/certs/client-md5.pem");
        assert_eq!(lines_of("CRT015", md5), vec![1]);
    }
}
