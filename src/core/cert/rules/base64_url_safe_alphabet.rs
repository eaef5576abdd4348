use super::prelude::*;
use crate::core::cert::decode::Note;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT003",
    name: "base64-url-safe-alphabet",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "base64 certificate data uses the URL-safe alphabet (`-` and `_`).",
    what: "Flags base64 written with the URL-safe alphabet of RFC 4648 §5 (`-` for `+`, `_` for `/`). eksplain \
           decodes it anyway.",
    why: "kubectl, like `base64 -d`, only accepts the standard alphabet: a `-` or `_` in a kubeconfig `*-data` \
          value makes it refuse the whole file with `illegal base64 data at input byte N`. URL-safe base64 comes \
          from JWT/JWK tooling and some secret stores.",
    example: include_str!("../../../../tests/fixtures/certs/ca-rsa2048.der.urlsafe.b64"),
    fixed: include_str!("../../../../tests/fixtures/certs/ca-ec-p256.der.b64"),
    fix_summary: "Translate back to the standard alphabet (`tr '_-' '/+'`) and add `=` padding, or re-encode the original file with `base64 -w0`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for field in &cx.a.fields {
        for note in &field.decoded.notes {
            let Note::UrlSafe { offset, ch } = note else {
                continue;
            };
            if field.kind == FieldKind::Pasted {
                let pos = field.at(Some(*offset), cx.lines);
                report(
                    sink,
                    &RULE,
                    field,
                    pos,
                    format!("The base64 uses the URL-safe alphabet (`{ch}` at character {}); eksplain decoded it anyway, but kubectl and `base64 -d` would not.", offset + 1),
                )
                .with_severity(Severity::Warning);
                continue;
            }
            sink.report(
                &RULE,
                field.path.clone(),
                format!(
                    "{} uses the URL-safe base64 alphabet (`{ch}` at character {}). {}",
                    field.subject(),
                    offset + 1,
                    kubectl_base64_error(*offset)
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
    fn fires_at_the_first_url_safe_character() {
        let lines = lines_of("CRT003", super::RULE.example);
        assert_eq!(lines, vec![1]);
        assert!(findings(super::RULE.example)
            .iter()
            .any(|f| f.0 == "CRT003" && f.2 == "warning"));
    }

    #[test]
    fn quiet_for_the_standard_alphabet() {
        assert!(lines_of("CRT003", super::RULE.fixed).is_empty());
    }
}
