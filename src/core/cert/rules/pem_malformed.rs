use super::prelude::*;
use crate::core::cert::decode::Note;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT005",
    name: "pem-malformed",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A PEM block has no END line, a mismatched END line, or starts in the middle of a line.",
    what: "Flags PEM structure problems: a `-----BEGIN CERTIFICATE-----` whose `-----END …-----` is missing (the \
           text was cut short), an END label that differs from its BEGIN label, and a BEGIN line glued to the \
           previous END line (`-----END CERTIFICATE----------BEGIN CERTIFICATE-----`).",
    why: "Go's PEM decoder, which kubectl uses, only finds a block whose BEGIN line starts a line and whose END \
          line matches. A truncated block is skipped, so kubectl says `unable to load root certificates: unable \
          to parse bytes as PEM block` or `tls: failed to find any PEM data in certificate input`. Two files \
          joined with `cat` when the first lacks a final newline produce the glued form: the second certificate \
          is silently ignored — often the CA that was just added.",
    example: include_str!("../../../../tests/fixtures/certs/truncated-no-end.pem"),
    fixed: include_str!("../../../../tests/fixtures/certs/ca-ec-p256.pem"),
    fix_summary: "Copy the whole PEM again, END line included; put each BEGIN line on a line of its own.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        for note in &field.decoded.notes {
            let (offset, message, help) = match note {
                Note::PemNoEnd { label, offset } => (
                    *offset,
                    format!("the PEM block `{label}` has no `-----END {label}-----` line: the text was cut short, so this block is not read."),
                    "Copy the whole block again, from its BEGIN line to its END line.".to_string(),
                ),
                Note::PemEndMismatch { begin, end, offset } => (
                    *offset,
                    format!("the PEM block begun as `{begin}` ends as `{end}`: two blocks were mixed up, and PEM decoders (Go's, openssl) reject it."),
                    format!("Make the END line `-----END {begin}-----`, or copy the block again."),
                ),
                Note::PemJoined { label, offset } => (
                    *offset,
                    format!("`-----BEGIN {label}-----` does not start a line (two PEM files were joined without a newline): Go's PEM decoder, so kubectl, does not see this block."),
                    "Insert a line break before `-----BEGIN`.".to_string(),
                ),
                _ => continue,
            };
            let in_value = field.kind != FieldKind::Pasted;
            let message = if in_value {
                format!("In {}, {message}", field.describe())
            } else {
                capitalize(&message)
            };
            let pos = if in_value {
                field.pos
            } else {
                field.at(offset, cx.lines)
            };
            report(sink, &RULE, field, pos, message).with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_at_the_begin_line_of_a_truncated_block() {
        assert_eq!(lines_of("CRT005", super::RULE.example), vec![1]);
    }

    #[test]
    fn quiet_for_a_complete_block() {
        assert!(lines_of("CRT005", super::RULE.fixed).is_empty());
    }

    #[test]
    fn fires_where_two_files_were_glued() {
        let pem = include_str!("../../../../tests/fixtures/certs/ca-ec-p256.pem");
        let glued = format!("{}{pem}", pem.trim_end());
        assert_eq!(lines_of("CRT005", &glued), vec![pem.lines().count() as u32]);
    }
}
