use super::prelude::*;
use crate::core::cert::verify::Signature;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT017",
    name: "client-cert-not-signed-by-ca",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A client certificate was not signed by the CA of the cluster it is used with.",
    what: "For each context that pairs a user's `client-certificate-data` with a cluster's \
           `certificate-authority-data`, verifies the client certificate's signature with the CA's public key \
           (RSA PKCS#1 v1.5 and PSS, ECDSA P-256/P-384, Ed25519). An error when the issuer's name matches the \
           CA but its key did not sign the certificate; a warning when the certificate names another issuer.",
    why: "The API server accepts a client certificate only if it chains to its client CA. kubeadm, kind and \
          minikube use the cluster CA for that, so a certificate from anywhere else is rejected with \
          `error: You must be logged in to the server (Unauthorized)`. Same name but another key is the \
          classic symptom of a regenerated cluster (kubeadm reset, a recreated kind cluster) with an old \
          admin.conf. Some distributions (k3s, RKE2) sign client certificates with a separate client CA, which \
          a kubeconfig does not show: there a different issuer is expected.",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-ca-regenerated.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Get a client certificate issued by this cluster's CA (or the CA for the right cluster), e.g. a fresh admin.conf.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let a = cx.a;
    for use_ in &a.clients {
        let Some(client) = a.fields.get(use_.cert) else {
            continue;
        };
        let Some(cert) = client.certs.first() else {
            continue;
        };
        for &ca_idx in &use_.cas {
            let Some(ca) = a.fields.get(ca_idx) else {
                continue;
            };
            if ca.certs.is_empty() {
                continue;
            }
            let checks: Vec<_> = a
                .issuers_of((use_.cert, 0))
                .filter(|i| i.issuer.0 == ca_idx)
                .collect();
            // The leaf may come with its intermediate(s) in the same field:
            // leaf → intermediate → CA is as good as leaf → CA.
            let via_intermediate = a
                .issuers_of((use_.cert, 0))
                .filter(|i| i.issuer.0 == use_.cert && i.signature == Signature::Valid)
                .any(|i| {
                    a.issuers_of(i.issuer)
                        .any(|j| j.issuer.0 == ca_idx && j.signature == Signature::Valid)
                });
            if via_intermediate {
                continue;
            }
            if checks.iter().any(|i| i.signature == Signature::Valid)
                || checks
                    .iter()
                    .all(|i| matches!(i.signature, Signature::Unchecked(_)))
            {
                continue;
            }
            let ca_names: Vec<String> = ca
                .certs
                .iter()
                .map(|c| format!("`{}`", c.summary.subject.short()))
                .collect();
            let same_name = checks.iter().any(|i| i.name_matches);
            let issuer = cert.summary.issuer.short();
            let (severity, message) = if same_name {
                (
                    Severity::Error,
                    format!(
                        "{} names `{issuer}` as its issuer, like the CA in {}, but that CA's key did not sign it: the cluster's CA was regenerated after this certificate was issued, or the kubeconfig mixes two clusters. The API server rejects it (`Unauthorized`).",
                        cert_label(client, 0),
                        ca.describe()
                    ),
                )
            } else {
                (
                    Severity::Warning,
                    format!(
                        "{} was issued by `{issuer}`, not by the cluster's CA {} ({}). Where the API server checks client certificates against the cluster CA (kubeadm, kind, minikube) it rejects this one (`Unauthorized`); k3s and RKE2 use a separate client CA, which a kubeconfig does not show.",
                        cert_label(client, 0),
                        ca_names.join(", "),
                        ca.describe()
                    ),
                )
            };
            let related = sink.locate(&ca.path);
            let contexts = if use_.contexts.is_empty() {
                String::new()
            } else {
                format!(
                    " Context `{}` uses them together.",
                    use_.contexts.join("`, `")
                )
            };
            report(sink, &RULE, client, None, format!("{message}{contexts}"))
                .with_severity(scoped(client, severity))
                .with_related(related);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_the_client_certificate_line() {
        assert_eq!(lines_of("CRT017", super::RULE.example), vec![18]);
        assert!(findings(super::RULE.example).contains(&("CRT017", Some(18), "error")));
    }

    #[test]
    fn quiet_when_the_ca_signed_it() {
        assert!(lines_of("CRT017", super::RULE.fixed).is_empty());
        let rsa = include_str!("../../../../tests/fixtures/kubeconfig/cert-kubeadm-admin.yaml");
        assert!(lines_of("CRT017", rsa).is_empty());
        let ed = include_str!("../../../../tests/fixtures/kubeconfig/cert-ed25519.yaml");
        assert!(lines_of("CRT017", ed).is_empty());
    }

    #[test]
    fn a_leaf_sent_with_its_intermediate_chains_to_the_ca() {
        // client-certificate-data: leaf + intermediate; CA data: the root.
        let leaf = include_str!("../../../../tests/fixtures/certs/server-under-intermediate.pem");
        let int = include_str!("../../../../tests/fixtures/certs/intermediate-ca.pem");
        let root = include_str!("../../../../tests/fixtures/certs/ca-rsa4096.pem");
        use base64::Engine;
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let kc = format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://x\n    certificate-authority-data: {}\ncontexts:\n- name: x\n  context: {{cluster: c, user: u}}\ncurrent-context: x\nusers:\n- name: u\n  user:\n    client-certificate-data: {}\n",
            b64(root),
            b64(&format!("{leaf}{int}"))
        );
        assert!(lines_of("CRT017", &kc).is_empty());
        let without_intermediate = kc.replace(&b64(&format!("{leaf}{int}")), &b64(leaf));
        assert_eq!(lines_of("CRT017", &without_intermediate), vec![15]);
    }

    #[test]
    fn another_issuer_is_a_warning() {
        let other =
            include_str!("../../../../tests/fixtures/kubeconfig/cert-client-from-other-ca.yaml");
        assert!(findings(other).contains(&("CRT017", Some(18), "warning")));
    }
}
