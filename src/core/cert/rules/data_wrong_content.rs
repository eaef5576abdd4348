use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT009",
    name: "data-wrong-content",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A kubeconfig field holds the wrong kind of PEM block: a key where a certificate belongs, or the reverse.",
    what: "Flags `client-certificate-data` holding a private key and `client-key-data` holding a certificate \
           (the two values swapped), `client-certificate-data` holding a certificate signing request (the \
           CSR instead of the certificate issued from it) or another non-certificate block, \
           `certificate-authority-data` holding no certificate but a key or another block (a public key such \
           as kubeadm's `sa.pub`), and \
           `certificate-authority-data` that carries a private key next to its certificates.",
    why: "kubectl looks for `CERTIFICATE` blocks in the certificate fields and `PRIVATE KEY` blocks in the key \
          field. Swapped values fail with `tls: failed to find certificate PEM data in certificate input, but \
          did find a private key; PEM inputs may have been switched`; a CSR with `tls: failed to find \
          \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: \
          [CERTIFICATE REQUEST]`; CA data without a certificate with `unable to load root certificates: no \
          valid certificate authority data seen`. A private key inside CA data is ignored \
          by kubectl, but it is handed to everyone who receives the kubeconfig: if it is the CA's key, anyone \
          can mint cluster credentials.",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-swapped-cert-and-key.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Put the certificate in `client-certificate-data`, the key in `client-key-data`, and only CA certificates in `certificate-authority-data`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        let (certs, keys) = (field.certs.len(), field.keys.len());
        let (message, help, severity) = match field.kind {
            FieldKind::ClientCertData if certs == 0 && keys > 0 => (
                format!("{} holds a private key, not a certificate: kubectl fails with `tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched`.", field.subject()),
                "Swap the values of `client-certificate-data` and `client-key-data`.",
                Severity::Error,
            ),
            FieldKind::ClientCertData if certs == 0 && keys == 0 && !field.others.is_empty() && field.others.iter().all(|o| o.error.is_none()) => {
                let labels: Vec<&str> = field.others.iter().map(|o| o.label.as_str()).collect();
                let csr = labels.iter().any(|l| l.ends_with("CERTIFICATE REQUEST"));
                let what = if csr {
                    "a certificate signing request (CSR), not the certificate a CA issued from it".to_string()
                } else {
                    format!("`{}` PEM data, not a certificate", labels.first().copied().unwrap_or_default())
                };
                (
                    format!(
                        "{} holds {what}: kubectl fails with `tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: [{}]`.",
                        field.subject(),
                        labels.join(" ")
                    ),
                    if csr {
                        "Put the issued certificate here: after `kubectl certificate approve NAME`, `kubectl get csr NAME -o jsonpath='{.status.certificate}'` prints it already base64-encoded."
                    } else {
                        "Put the client certificate (a `CERTIFICATE` PEM block, base64-encoded) here."
                    },
                    Severity::Error,
                )
            }
            FieldKind::ClientKeyData if keys == 0 && certs > 0 => (
                format!("{} holds a certificate, not a private key: kubectl fails with `tls: found a certificate rather than a key in the PEM for the private key`.", field.subject()),
                "Swap the values of `client-certificate-data` and `client-key-data`.",
                Severity::Error,
            ),
            FieldKind::CaData if certs == 0 && keys == 0 && !field.others.is_empty() && field.others.iter().all(|o| o.error.is_none()) => (
                format!(
                    "{} holds `{}` PEM data and no certificate: kubectl fails with `unable to load root certificates: no valid certificate authority data seen`.",
                    field.subject(),
                    field.others.first().map(|o| o.label.as_str()).unwrap_or_default()
                ),
                "Put the cluster's CA certificate here (a `CERTIFICATE` PEM block, base64-encoded): kubeadm's /etc/kubernetes/pki/ca.crt, or on EKS `aws eks describe-cluster --name CLUSTER --query cluster.certificateAuthority.data --output text`.",
                Severity::Error,
            ),
            FieldKind::CaData if certs == 0 && keys > 0 => (
                format!("{} holds a private key and no certificate: kubectl fails with `unable to load root certificates: unable to parse bytes as PEM block`, and the key is exposed to everyone with this file.", field.subject()),
                "Put the CA certificate (not its key) here; if this key is the CA's key, treat it as leaked and rotate the CA.",
                Severity::Error,
            ),
            FieldKind::CaData if certs > 0 && keys > 0 => (
                format!("{} carries a private key next to its certificate(s): kubectl ignores it, but everyone with this kubeconfig has it.", field.subject()),
                "Remove the key block; if it is the CA's key, treat it as leaked and rotate the CA.",
                Severity::Warning,
            ),
            _ => continue,
        };
        report(sink, &RULE, field, None, message)
            .with_severity(scoped(field, severity))
            .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_both_swapped_fields() {
        assert_eq!(lines_of("CRT009", super::RULE.example), vec![18, 19]);
    }

    #[test]
    fn fires_on_a_csr_in_client_certificate_data() {
        let kubeconfig = include_str!(
            "../../../../tests/fixtures/kubeconfig/cert-csr-instead-of-certificate.yaml"
        );
        let line = kubeconfig
            .lines()
            .position(|l| l.trim_start().starts_with("client-certificate-data:"))
            .map(|n| n as u32 + 1);
        assert_eq!(Some(lines_of("CRT009", kubeconfig)), line.map(|l| vec![l]));
        let m = &messages_of("CRT009", kubeconfig)[0];
        assert!(
            m.contains("holds a certificate signing request (CSR)"),
            "{m}"
        );
        assert!(m.contains("[CERTIFICATE REQUEST]"), "{m}");
    }

    #[test]
    fn fires_on_a_public_key_in_certificate_authority_data() {
        let kubeconfig =
            include_str!("../../../../tests/fixtures/kubeconfig/cert-ca-is-sa-pub.yaml");
        assert_eq!(lines_of("CRT009", kubeconfig), vec![4]);
        let m = &messages_of("CRT009", kubeconfig)[0];
        assert!(
            m.contains("holds `PUBLIC KEY` PEM data and no certificate"),
            "{m}"
        );
        assert!(
            m.contains("no valid certificate authority data seen"),
            "{m}"
        );
    }

    #[test]
    fn quiet_when_each_field_holds_its_kind() {
        assert!(lines_of("CRT009", super::RULE.fixed).is_empty());
    }
}
