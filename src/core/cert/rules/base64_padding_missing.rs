use super::prelude::*;
use crate::core::cert::decode::Note;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT002",
    name: "base64-padding-missing",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "base64 certificate data lacks its trailing `=` padding.",
    what: "Flags base64 whose length is not a multiple of four because the `=` padding at the end was dropped. \
           eksplain decodes it anyway; kubectl does not.",
    why: "Go's standard base64 decoder, which kubectl uses for every `*-data` field, requires the padding. \
          Padding gets lost when a value is copied out of a tool that strips `=` (URL-safe encoders, some \
          secret managers) or cut off at the end of a terminal line. kubectl then refuses to load the whole \
          file with `illegal base64 data at input byte N`.",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-ca-padding-stripped.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Re-encode the original file (`base64 -w0 ca.crt`) or add the missing `=` so the length is a multiple of four.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        for note in &field.decoded.notes {
            let Note::MissingPadding { offset, missing } = note else {
                continue;
            };
            let pad = "=".repeat(*missing);
            if field.kind == FieldKind::Pasted {
                let pos = field.at(Some(*offset), cx.lines);
                report(
                    sink,
                    &RULE,
                    field,
                    pos,
                    format!("The base64 lacks its final `{pad}`; eksplain decoded it anyway."),
                )
                .with_severity(Severity::Info);
                continue;
            }
            // Go reports the start of the incomplete last group of four.
            let go_byte = offset.saturating_sub(4 - missing);
            sink.report(
                &RULE,
                field.path.clone(),
                format!(
                    "{} lacks its final `{pad}` padding. {}",
                    field.subject(),
                    kubectl_base64_error(go_byte)
                ),
            )
            .at(field.pos)
            .with_help(format!(
                "Append `{pad}` to the value, or re-encode the original file with `base64 -w0`."
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of, messages_of};

    #[test]
    fn fires_on_the_key_line_with_kubectls_byte_offset() {
        assert_eq!(lines_of("CRT002", super::RULE.example), vec![4]);
        let value_len = super::RULE
            .example
            .lines()
            .nth(3)
            .unwrap()
            .trim()
            .trim_start_matches("certificate-authority-data: ")
            .len();
        let msg = &messages_of("CRT002", super::RULE.example)[0];
        assert!(
            msg.contains(&format!("input byte {}", value_len - value_len % 4)),
            "{msg}"
        );
    }

    #[test]
    fn quiet_when_padded() {
        assert!(lines_of("CRT002", super::RULE.fixed).is_empty());
    }

    #[test]
    fn pasted_unpadded_base64_is_information() {
        let b64 = include_str!("../../../../tests/fixtures/certs/ca-ec-p256.der.b64").trim();
        let stripped = b64.trim_end_matches('=');
        if stripped.len() != b64.len() {
            assert_eq!(findings(stripped), vec![("CRT002", Some(1), "info")]);
        }
    }
}
