use super::prelude::*;
use crate::core::cert::verify::Signature;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT013",
    name: "ca-cannot-sign",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A certificate used as a CA — in certificate-authority-data, or as an issuer in a pasted chain — is not one (no `CA:TRUE`, or no `Certificate Sign`).",
    what: "Flags a certificate in `certificate-authority-data` that may not sign other certificates: its basic \
           constraints say `CA:FALSE` (or, in a v3 certificate, are missing), or its key usage lacks \
           `Certificate Sign`. Typically the API server's own certificate, copied from `openssl s_client` or a \
           browser, instead of the CA that issued it. In a pasted chain, flags a certificate that signed another \
           one in the chain without being a CA: a user certificate signed with the API server's key \
           (`apiserver.key`) instead of the CA's (`ca.key`).",
    why: "Go's verifier (kubectl) refuses to use such a certificate as an issuer: a server certificate signed by \
          it fails with `x509: certificate signed by unknown authority (possibly because of \"x509: invalid \
          signature: parent certificate cannot sign this kind of certificate\" …)`. It works only while the API \
          server presents exactly this certificate — and breaks at the server's next certificate rotation. \
          A certificate signed by a non-CA is rejected everywhere: by the API server's client-certificate check \
          as by `openssl verify` (`invalid CA certificate`).",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-ca-is-server-cert.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Use the cluster's CA certificate (the issuer of the server's certificate), not the server's own certificate.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    check_ca_data(cx, sink);
    check_pasted_issuers(cx, sink);
}

/// Why `s` may not sign certificates, as a clause.
fn why_not_ca(s: &crate::core::cert::model::CertSummary) -> String {
    match (&s.basic_constraints, &s.key_usage) {
        (Some(b), _) if !b.ca => "its basic constraints say CA:FALSE".to_string(),
        (None, _) => "it has no basic constraints (so it is not a CA)".to_string(),
        (_, Some(k)) => format!(
            "its key usage ({}) lacks Certificate Sign",
            k.names.join(", ")
        ),
        _ => "it may not sign certificates".to_string(),
    }
}

/// A certificate of a pasted chain whose key signed another certificate of
/// the chain, although it may not sign certificates.
fn check_pasted_issuers(cx: &Cx, sink: &mut Sink) {
    for (fi, field) in cx.a.fields.iter().enumerate() {
        if field.kind != FieldKind::Pasted || field.certs.len() < 2 {
            continue;
        }
        for (j, issuer) in field.certs.iter().enumerate() {
            let s = &issuer.summary;
            if s.can_sign_certificates() {
                continue;
            }
            let children: Vec<usize> = (0..field.certs.len())
                .filter(|&c| {
                    c != j
                        && cx
                            .a
                            .issuers_of((fi, c))
                            .any(|x| x.issuer == (fi, j) && x.signature == Signature::Valid)
                })
                .collect();
            let Some(&first) = children.first() else {
                continue;
            };
            let signed = children
                .iter()
                .map(|&c| format!("{} (`{}`)", c + 1, field.certs[c].summary.subject.short()))
                .collect::<Vec<_>>()
                .join(", ");
            let plural = if children.len() > 1 { "s" } else { "" };
            report_cert(
                sink,
                &RULE,
                field,
                j,
                Severity::Error,
                format!(
                    "{} signed certificate{plural} {signed} but is not a CA: {}. Verifiers reject what it signed: `openssl verify` says `invalid CA certificate`, Go (kubectl, the API server) `x509: certificate signed by unknown authority`, and a client certificate gets `Unauthorized`.",
                    cert_label(field, j),
                    why_not_ca(s)
                ),
            )
            .with_help(format!(
                "Sign certificate {} with the cluster's CA key (kubeadm: /etc/kubernetes/pki/ca.key), not with the key of a server or client certificate.",
                first + 1
            ));
        }
    }
}

fn check_ca_data(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        if field.kind != FieldKind::CaData {
            continue;
        }
        for (i, c) in field.certs.iter().enumerate() {
            let s = &c.summary;
            if s.can_sign_certificates() {
                continue;
            }
            let why = why_not_ca(s);
            let looks_like_server =
                s.ext_key_usage.as_ref().is_some_and(|e| e.server_auth) || !s.sans.is_empty();
            let hint = if looks_like_server {
                " It looks like a server certificate (it has server names or TLS Web Server Authentication)."
            } else {
                ""
            };
            report_cert(
                sink,
                &RULE,
                field,
                i,
                RULE.severity,
                format!(
                    "{} is not a CA: {why}. kubectl trusts the API server only if it presents exactly this certificate; any certificate it signed is rejected (`x509: certificate signed by unknown authority`).{hint}",
                    cert_label(field, i)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_the_ca_data_line() {
        assert_eq!(lines_of("CRT013", super::RULE.example), vec![4]);
        assert!(messages_of("CRT013", super::RULE.example)[0].contains("CA:FALSE"));
    }

    #[test]
    fn quiet_for_a_real_ca() {
        assert!(lines_of("CRT013", super::RULE.fixed).is_empty());
    }

    #[test]
    fn fires_on_a_server_certificate_that_signed_a_client_certificate_in_a_chain() {
        let chain =
            include_str!("../../../../tests/fixtures/certs/bundle-signed-by-server-cert.pem");
        let second_begin = chain
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with("-----BEGIN"))
            .nth(1)
            .map(|(n, _)| n as u32 + 1);
        assert_eq!(
            Some(lines_of("CRT013", chain)),
            second_begin.map(|l| vec![l])
        );
        let msg = &messages_of("CRT013", chain)[0];
        assert!(
            msg.contains("Certificate 2 of 3 (`kube-apiserver`) signed certificate 1 (`jane`)"),
            "{msg}"
        );
        assert!(msg.contains("CA:FALSE"), "{msg}");
    }

    #[test]
    fn quiet_for_a_chain_of_real_cas() {
        let chain = include_str!("../../../../tests/fixtures/certs/bundle-chain.pem");
        assert!(lines_of("CRT013", chain).is_empty());
    }
}
