use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT022",
    name: "client-cert-not-for-client-auth",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A client certificate's extended key usage does not allow client authentication.",
    what: "Flags `client-certificate-data` whose extended key usage is present but lists neither `TLS Web \
           Client Authentication` nor `Any Extended Key Usage` — typically a server certificate used as a \
           client certificate.",
    why: "The API server verifies client certificates for client authentication only; any other usage fails \
          with `x509: certificate specifies an incompatible key usage`, and kubectl reports `error: You must \
          be logged in to the server (Unauthorized)`.",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-client-server-auth-only.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Issue the client certificate with `extendedKeyUsage = clientAuth` (a Kubernetes CSR with `signerName: kubernetes.io/kube-apiserver-client` does this).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        if field.kind != FieldKind::ClientCertData {
            continue;
        }
        let Some(c) = field.certs.first() else {
            continue;
        };
        let Some(eku) = &c.summary.ext_key_usage else {
            continue;
        };
        if eku.client_auth || eku.any {
            continue;
        }
        report_cert(
            sink,
            &RULE,
            field,
            0,
            RULE.severity,
            format!(
                "{} may only be used for {}, not TLS Web Client Authentication: the API server rejects it (`x509: certificate specifies an incompatible key usage`, kubectl shows `Unauthorized`).",
                cert_label(field, 0),
                eku.names.join(", ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_client_certificate_line() {
        assert_eq!(lines_of("CRT022", super::RULE.example), vec![18]);
    }

    #[test]
    fn quiet_for_a_client_auth_certificate() {
        assert!(lines_of("CRT022", super::RULE.fixed).is_empty());
    }
}
