use super::prelude::*;
use crate::core::cert::key::KeyProblem;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT020",
    name: "private-key-unsupported",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A private key is in a format or algorithm kubectl cannot load, or is malformed.",
    what: "Flags keys that Go's TLS stack (kubectl) does not read: OpenSSH keys, DSA, Ed448 and X25519 keys, \
           unknown PEM labels, and key blocks whose DER is broken. An error in `client-key-data`, a warning \
           when pasted.",
    why: "kubectl reads only `RSA PRIVATE KEY` (PKCS#1), `EC PRIVATE KEY` (SEC 1) and unencrypted `PRIVATE KEY` \
          (PKCS#8) holding an RSA, ECDSA or Ed25519 key; anything else fails with `tls: failed to parse private \
          key`. An SSH key (`ssh-keygen` output) is not a TLS key even when the algorithm matches.",
    example: include_str!("../../../../tests/fixtures/certs/openssh-ed25519.key.pem"),
    fixed: include_str!("../../../../tests/fixtures/certs/client-ed25519.key.pem"),
    fix_summary: "Use the key the client certificate was issued for, in PEM (PKCS#8: `openssl pkey -in KEY -out key.pem`).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        if !matches!(field.kind, FieldKind::ClientKeyData | FieldKind::Pasted) {
            continue;
        }
        for k in &field.keys {
            let why = match &k.summary.problem {
                Some(KeyProblem::Unsupported(why)) => format!("it is {why}"),
                Some(KeyProblem::Malformed(why)) => why.clone(),
                _ => continue,
            };
            let (subject, severity) = if field.kind == FieldKind::Pasted {
                ("This private key".to_string(), Severity::Warning)
            } else {
                (
                    format!("The private key in {}", field.describe()),
                    Severity::Error,
                )
            };
            report(
                sink,
                &RULE,
                field,
                k.pos,
                format!("{subject} cannot be used by kubectl (`tls: failed to parse private key`): {why}."),
            )
            .with_severity(scoped(field, severity));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_at_the_openssh_key() {
        assert_eq!(lines_of("CRT020", super::RULE.example), vec![1]);
        assert!(findings(super::RULE.example).contains(&("CRT020", Some(1), "warning")));
    }

    #[test]
    fn quiet_for_a_pkcs8_ed25519_key() {
        assert!(lines_of("CRT020", super::RULE.fixed).is_empty());
    }
}
