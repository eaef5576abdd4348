use super::prelude::*;
use crate::core::cert::decode::Note;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT004",
    name: "base64-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "base64 certificate data contains a character that is not base64, or is cut short.",
    what: "Flags a character outside the base64 alphabet (a stray `*`, a quote, a `\\` from a shell \
           continuation, a second value joined after `=` padding), or base64 whose length leaves one character \
           over — the tail of a value cut off. Nothing is decoded past it.",
    why: "The certificate cannot be read at all. In a kubeconfig, kubectl refuses to load the whole file with \
          `illegal base64 data at input byte N`, for every context. In a PEM block, Go's PEM decoder skips the \
          block, so kubectl reports that it found no certificate.",
    example: include_str!("../../../../tests/fixtures/kubeconfig/cert-ca-stray-character.yaml"),
    fixed: include_str!("../../../../tests/fixtures/kubeconfig/cert-ec-developer.yaml"),
    fix_summary: "Copy the value again from its source (`kubectl config view --raw`, `base64 -w0 FILE`); remove stray characters.",
};

fn shown(ch: char) -> String {
    if ch.is_control() || ch.is_whitespace() {
        format!("U+{:04X}", ch as u32)
    } else {
        format!("`{ch}`")
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        for note in &field.decoded.notes {
            let (offset, detail) = match note {
                Note::InvalidChar {
                    offset,
                    ch: '=',
                    in_pem,
                    ..
                } => (*offset, format!("has `=` padding before its end{}: two base64 values were joined, or the value was pasted twice", if *in_pem { " inside a PEM block" } else { "" })),
                Note::InvalidChar {
                    offset,
                    ch,
                    count,
                    in_pem,
                } => {
                    let more = if *count > 1 {
                        format!(" ({count} characters in all)")
                    } else {
                        String::new()
                    };
                    let place = if *in_pem { " inside a PEM block" } else { "" };
                    (*offset, format!("contains {}{place}, which is not base64{more}", shown(*ch)))
                }
                Note::Truncated { offset } => (
                    *offset,
                    "ends in the middle of a base64 group: the value was cut short".to_string(),
                ),
                _ => continue,
            };
            let in_value = field.kind != FieldKind::Pasted;
            let mut message = if in_value {
                let at = offset
                    .map(|o| format!(" (character {})", o + 1))
                    .unwrap_or_default();
                format!("{} {detail}{at}.", field.subject())
            } else {
                format!("The input {detail}; nothing after it can be decoded.")
            };
            if in_value {
                if let Some(o) = offset {
                    message.push(' ');
                    message.push_str(&kubectl_base64_error(o));
                }
            }
            let pos = if in_value {
                field.pos
            } else {
                field.at(offset, cx.lines)
            };
            report(sink, &RULE, field, pos, message).with_severity(Severity::Error);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_the_key_line_with_the_character_offset() {
        assert_eq!(lines_of("CRT004", super::RULE.example), vec![4]);
        let m = &messages_of("CRT004", super::RULE.example)[0];
        assert!(
            m.contains("`*`") && m.contains("character 101") && m.contains("input byte 100"),
            "{m}"
        );
    }

    #[test]
    fn quiet_for_clean_base64() {
        assert!(lines_of("CRT004", super::RULE.fixed).is_empty());
    }

    #[test]
    fn points_into_pasted_text_at_the_bad_character() {
        let pem = include_str!("../../../../tests/fixtures/certs/ca-ec-p256.pem");
        let broken = pem.replacen("MII", "MI!", 1);
        assert_eq!(lines_of("CRT004", &broken), vec![2]);
    }

    #[test]
    fn never_points_inside_a_private_key() {
        let key = include_str!("../../../../tests/fixtures/certs/client-jane-ec.key.pem");
        let broken = key.replacen("MH", "M!", 1);
        assert_eq!(lines_of("CRT004", &broken), vec![1]);
    }
}
