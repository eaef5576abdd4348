use super::prelude::*;
use crate::core::cert::verify::Signature;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT016",
    name: "bundle-does-not-chain",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "The certificates of a pasted chain do not link up: a missing intermediate, a wrong order, or a forged-looking link.",
    what: "For pasted PEM with several certificates, checks each certificate's signature against the \
           certificates in the bundle whose subject is its issuer. Flags a certificate whose issuer is missing \
           while more certificates follow it (a gap in the chain), an issuer that comes before the certificate \
           it signed (chains are listed leaf first), and an issuer whose name matches but whose key did not \
           sign it (an error: certificates from two CA instances mixed up). A bundle of independent roots — a \
           CA bundle during rotation — is fine.",
    why: "A server that sends a chain with a gap or in the wrong order fails verification in clients that do \
          not fetch missing intermediates — Go, and so kubectl, among them: `x509: certificate signed by \
          unknown authority`. A name match without a signature match is the signature of a regenerated CA \
          (kubeadm reset, a recreated kind cluster): the names agree, the keys do not.",
    example: include_str!("../../../../tests/fixtures/certs/bundle-missing-intermediate.pem"),
    fixed: include_str!("../../../../tests/fixtures/certs/bundle-chain.pem"),
    fix_summary: "List the leaf first, then each issuer in turn; take every certificate from the same CA.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for (fi, field) in cx.a.fields.iter().enumerate() {
        if field.kind != FieldKind::Pasted || field.certs.len() < 2 {
            continue;
        }
        let n = field.certs.len();
        let issued_by = |child: usize| -> Option<usize> {
            cx.a.issuers_of((fi, child))
                .find(|i| i.signature == Signature::Valid)
                .map(|i| i.issuer.1)
        };
        let issues_someone =
            |issuer: usize| (0..n).any(|c| c != issuer && issued_by(c) == Some(issuer));
        for (i, c) in field.certs.iter().enumerate() {
            let s = &c.summary;
            if s.self_issued() {
                continue;
            }
            if let Some(j) = issued_by(i) {
                if j < i {
                    report_cert(
                        sink,
                        &RULE,
                        field,
                        i,
                        RULE.severity,
                        format!(
                            "{} is signed by certificate {} (`{}`), which comes before it: a chain lists the leaf first, then each issuer.",
                            cert_label(field, i),
                            j + 1,
                            field.certs[j].summary.subject.short()
                        ),
                    );
                }
                continue;
            }
            let forged =
                cx.a.issuers_of((fi, i))
                    .find(|x| x.name_matches && x.signature == Signature::Invalid);
            if let Some(x) = forged {
                report_cert(
                    sink,
                    &RULE,
                    field,
                    i,
                    Severity::Error,
                    format!(
                        "{} names certificate {} (`{}`) as its issuer, but that certificate's key did not sign it: they come from two different CAs of the same name.",
                        cert_label(field, i),
                        x.issuer.1 + 1,
                        s.issuer.short()
                    ),
                );
                continue;
            }
            if i + 1 < n && !issues_someone(i) {
                report_cert(
                    sink,
                    &RULE,
                    field,
                    i,
                    RULE.severity,
                    format!(
                        "{} names `{}` as its issuer, which is not in the bundle, yet certificate {} (`{}`) follows it: the chain has a gap (a missing intermediate?).",
                        cert_label(field, i),
                        s.issuer.short(),
                        i + 2,
                        field.certs[i + 1].summary.subject.short()
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_at_the_certificate_before_the_gap() {
        assert_eq!(lines_of("CRT016", super::RULE.example), vec![1]);
        assert!(messages_of("CRT016", super::RULE.example)[0].contains("example-intermediate-ca"));
    }

    #[test]
    fn quiet_for_a_whole_chain_and_for_a_set_of_roots() {
        assert!(lines_of("CRT016", super::RULE.fixed).is_empty());
        let roots = include_str!("../../../../tests/fixtures/certs/bundle-two-roots.pem");
        assert!(lines_of("CRT016", roots).is_empty());
    }

    #[test]
    fn fires_on_the_leaf_listed_after_its_issuer() {
        let wrong = include_str!("../../../../tests/fixtures/certs/bundle-wrong-order.pem");
        let second_begin = wrong
            .lines()
            .position(|l| l.starts_with("-----BEGIN"))
            .map(|first| {
                wrong
                    .lines()
                    .skip(first + 1)
                    .position(|l| l.starts_with("-----BEGIN"))
                    .unwrap()
                    + first
                    + 2
            })
            .unwrap();
        assert_eq!(lines_of("CRT016", wrong), vec![second_begin as u32]);
    }
}
