use super::prelude::*;
use crate::core::cert::decode::Note;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT001",
    name: "base64-whitespace",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "base64 certificate data contains spaces (kubectl refuses the file) or line breaks.",
    what: "Flags whitespace inside base64: in a kubeconfig `*-data` value, spaces or tabs (an error); in pasted \
           base64, spaces and line breaks (information only: eksplain skips them).",
    why: "kubectl decodes `certificate-authority-data`, `client-certificate-data` and `client-key-data` with Go's \
          standard base64 decoder, which skips line breaks but rejects any other character. A long value that was \
          wrapped over several lines *without* a `|` block scalar is folded by YAML into one line with spaces, and \
          kubectl then refuses to load the whole file with `illegal base64 data at input byte N` — for every \
          context, not only the one that uses the value.",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-ca-wrapped-plain-scalar.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Put the base64 on one line (`base64 -w0 ca.crt`), or keep the line breaks inside a `|` block scalar.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        for note in &field.decoded.notes {
            let Note::Whitespace {
                first_space,
                first_break,
                spaces,
                line_breaks,
            } = note
            else {
                continue;
            };
            if field.kind == FieldKind::Pasted {
                let what = match (*spaces, *line_breaks) {
                    (0, n) => format!("{n} line break(s)"),
                    (s, 0) => format!("{s} space(s)"),
                    (s, n) => format!("{s} space(s) and {n} line break(s)"),
                };
                let pos = field.at(first_space.or(*first_break), cx.lines);
                report(sink, &RULE, field, pos, format!("The base64 contains {what}; eksplain skipped them."))
                    .with_severity(Severity::Info)
                    .with_help("Nothing to fix for eksplain. In a kubeconfig `*-data` value, keep base64 on one line: kubectl accepts line breaks there but not spaces.");
                continue;
            }
            let Some(at) = first_space else {
                continue; // line breaks only: kubectl skips them
            };
            sink.report(
                &RULE,
                field.path.clone(),
                format!(
                    "{} contains {spaces} space(s) in its base64 (the first at character {}): the value was wrapped over several lines without `|`, and YAML joined the lines with spaces. {}",
                    field.subject(),
                    at + 1,
                    kubectl_base64_error(*at)
                ),
            )
            .at(field.pos);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_the_wrapped_key_line_as_an_error() {
        assert_eq!(lines_of("CRT001", super::RULE.example), vec![4]);
        assert!(findings(super::RULE.example).contains(&("CRT001", Some(4), "error")));
    }

    #[test]
    fn quiet_for_one_line_and_for_block_scalars() {
        assert!(lines_of("CRT001", super::RULE.fixed).is_empty());
        let block =
            include_str!("../../../../tests/fixtures/kubeconfig/cert-ca-wrapped-block-scalar.yaml");
        assert!(lines_of("CRT001", block).is_empty());
    }

    #[test]
    fn pasted_base64_with_spaces_is_only_information() {
        let b64 = include_str!("../../../../tests/fixtures/certs/ca-ec-p256.der.b64").trim();
        let spaced = format!("{} {}", &b64[..80], &b64[80..]);
        assert_eq!(findings(&spaced), vec![("CRT001", Some(1), "info")]);
    }
}
