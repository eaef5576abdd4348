use super::prelude::*;
use crate::core::cert::decode::Note;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT008",
    name: "data-pem-not-base64",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A kubeconfig `*-data` value holds PEM text instead of base64 of it.",
    what: "Flags `certificate-authority-data`, `client-certificate-data` or `client-key-data` whose value is the \
           PEM itself (`-----BEGIN CERTIFICATE-----…`), pasted from a .crt file.",
    why: "The `*-data` fields hold the file's bytes base64-encoded. `-` is not a base64 character, so kubectl \
          refuses to load the whole file with `illegal base64 data at input byte 0`, for every context. (The \
          fields without `-data`, such as `certificate-authority`, take a file path instead.)",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-ca-pem-not-base64.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Replace the PEM by `base64 -w0 FILE` of it, on one line; or save it to a file and use the field without `-data`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        if !field.decoded.notes.contains(&Note::PemNotEncoded) {
            continue;
        }
        let what = if field.kind == FieldKind::ClientKeyData {
            "a PEM private key"
        } else {
            "PEM text"
        };
        report(
            sink,
            &RULE,
            field,
            None,
            format!(
                "{} holds {what} instead of base64 of it. {}",
                field.subject(),
                kubectl_base64_error(0)
            ),
        )
        .with_severity(Severity::Error)
        .with_help(format!(
            "Replace the value by the output of `base64 -w0 FILE` (one line), or save the PEM to a file and use `{}` with its path.",
            field.kind.key().trim_end_matches("-data")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_key_line() {
        assert_eq!(lines_of("CRT008", super::RULE.example), vec![4]);
    }

    #[test]
    fn quiet_for_base64() {
        assert!(lines_of("CRT008", super::RULE.fixed).is_empty());
    }
}
