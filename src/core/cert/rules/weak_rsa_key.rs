use super::prelude::*;
use crate::core::cert::model::KeyAlg;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT014",
    name: "weak-rsa-key",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::Certificate,
    summary: "A certificate has an RSA key shorter than 2048 bits.",
    what: "Flags RSA public keys under 2048 bits — an error under 1024 bits, which current kubectl builds refuse.",
    why: "1024-bit RSA is within reach of well-funded attackers and has been disallowed by NIST since 2013; \
          keys this short usually come from old scripts (`openssl genrsa 1024`). Go 1.24, and so kubectl 1.33 \
          and later, rejects RSA keys under 1024 bits outright (`crypto/rsa: N-bit keys are insecure`, \
          unless `GODEBUG=rsa1024min=0`).",
    example: include_str!("../../../../tests/fixtures/certs/client-rsa1024.pem"),
    fixed: include_str!("../../../../tests/fixtures/certs/server-rsa2048.pem"),
    fix_summary: "Reissue the certificate with an RSA key of at least 2048 bits, or an ECDSA P-256 key.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        for (i, c) in field.certs.iter().enumerate() {
            let KeyAlg::Rsa { bits, .. } = c.summary.public_key.alg else {
                continue;
            };
            if bits == 0 || bits >= 2048 {
                continue;
            }
            let (severity, consequence) = if bits < 1024 {
                (
                    Severity::Error,
                    "kubectl 1.33 and later (Go 1.24) refuse RSA keys under 1024 bits",
                )
            } else {
                (
                    Severity::Warning,
                    "it is below the 2048-bit minimum NIST has required since 2013",
                )
            };
            report_cert(
                sink,
                &RULE,
                field,
                i,
                severity,
                format!(
                    "{} has a {bits}-bit RSA key: {consequence}.",
                    cert_label(field, i)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_at_the_certificate() {
        assert_eq!(lines_of("CRT014", super::RULE.example), vec![1]);
        assert!(findings(super::RULE.example).contains(&("CRT014", Some(1), "warning")));
    }

    #[test]
    fn quiet_for_2048_bits() {
        assert!(lines_of("CRT014", super::RULE.fixed).is_empty());
    }
}
