use super::prelude::*;
use crate::core::cert::decode::Note;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT006",
    name: "certificate-unreadable",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "Certificate data decodes, but not to a certificate: truncated or corrupt DER, or no PEM at all.",
    what: "Flags a `CERTIFICATE` block (or bare DER) that is not a valid X.509 certificate — usually cut short \
           by a bad copy — and values that decode to something that is neither PEM nor DER.",
    why: "kubectl skips certificates it cannot parse. When none is left it fails with `unable to load root \
          certificates: unable to parse bytes as PEM block` (CA data) or `tls: failed to find any PEM data in \
          certificate input` (client certificate); when others remain, the broken one is silently missing \
          from the trust store.",
    example: include_str!("../../../../tests/fixtures/certs/truncated-der.pem"),
    fixed: include_str!("../../../../tests/fixtures/certs/ca-ec-p256.pem"),
    fix_summary: "Copy the certificate again from its source (`kubectl config view --raw`, the original .crt file).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        // Named only for a report: almost every field reads fine.
        let prefix = || match field.kind {
            FieldKind::Pasted => String::new(),
            _ => format!("In {}, ", field.describe()),
        };
        for other in &field.others {
            let Some(error) = &other.error else {
                continue;
            };
            report(
                sink,
                &RULE,
                field,
                other.pos,
                capitalize(&format!(
                    "{}the `{}` block cannot be read: {error}.",
                    prefix(),
                    other.label
                )),
            );
        }
        for note in &field.decoded.notes {
            let Note::NothingFound { head, len } = note else {
                continue;
            };
            // Never echo the content of a key field: it may be a credential.
            let what = if head.is_empty() || field.kind == FieldKind::ClientKeyData {
                format!("{len} bytes that are neither PEM nor DER")
            } else {
                format!("text that is not PEM (it starts with `{head}`)")
            };
            let subject = field.subject();
            report(
                sink,
                &RULE,
                field,
                None,
                format!("{subject} decodes to {what}: there is no certificate or key in it."),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_at_the_truncated_block() {
        assert_eq!(lines_of("CRT006", super::RULE.example), vec![1]);
        assert!(messages_of("CRT006", super::RULE.example)[0].contains("cut short"));
    }

    #[test]
    fn quiet_for_a_whole_certificate() {
        assert!(lines_of("CRT006", super::RULE.fixed).is_empty());
    }
}
