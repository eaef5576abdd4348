use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT013",
    name: "ca-cannot-sign",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "certificate-authority-data holds a certificate that is not a CA (no `CA:TRUE`, or no `Certificate Sign`).",
    what: "Flags a certificate in `certificate-authority-data` that may not sign other certificates: its basic \
           constraints say `CA:FALSE` (or, in a v3 certificate, are missing), or its key usage lacks \
           `Certificate Sign`. Typically the API server's own certificate, copied from `openssl s_client` or a \
           browser, instead of the CA that issued it.",
    why: "Go's verifier (kubectl) refuses to use such a certificate as an issuer: a server certificate signed by \
          it fails with `x509: certificate signed by unknown authority (possibly because of \"x509: invalid \
          signature: parent certificate cannot sign this kind of certificate\" …)`. It works only while the API \
          server presents exactly this certificate — and breaks at the server's next certificate rotation.",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-ca-is-server-cert.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Use the cluster's CA certificate (the issuer of the server's certificate), not the server's own certificate.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        if field.kind != FieldKind::CaData {
            continue;
        }
        for (i, c) in field.certs.iter().enumerate() {
            let s = &c.summary;
            if s.can_sign_certificates() {
                continue;
            }
            let why = match (&s.basic_constraints, &s.key_usage) {
                (Some(b), _) if !b.ca => "its basic constraints say CA:FALSE".to_string(),
                (None, _) => "it has no basic constraints (so it is not a CA)".to_string(),
                (_, Some(k)) => format!(
                    "its key usage ({}) lacks Certificate Sign",
                    k.names.join(", ")
                ),
                _ => "it may not sign certificates".to_string(),
            };
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
}
