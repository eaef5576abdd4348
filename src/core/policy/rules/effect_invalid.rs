use super::prelude::*;
use crate::core::suggest::closest;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP010",
    name: "effect-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A statement has no `Effect`, or one that is not exactly `Allow` or `Deny`.",
    what: "Every statement needs `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`, spelt with a capital \
           letter. Flags a missing `Effect` and values such as `allow`, `ALLOW` or `Permit`.",
    why: "IAM rejects the document, so the role's trust policy is not updated and the pods that needed the \
          change keep getting `AccessDenied`.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Write `\"Effect\": \"Allow\"` (or `\"Deny\"`), capitalised exactly so.",
};

pub const AA: Option<Aa> = Aa::error("Invalid effect");

/// `Allow` or `Deny` for a near miss.
pub fn suggestion(effect: &str) -> Option<&'static str> {
    ["Allow", "Deny"]
        .into_iter()
        .find(|e| e.eq_ignore_ascii_case(effect.trim()))
        .or_else(|| closest(effect, &["Allow", "Deny"]))
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        let path = st.path.k("Effect");
        match cx.root.lookup(&path) {
            None => {
                sink.report(
                    &RULE,
                    st.path.clone(),
                    format!(
                        "{} has no `Effect`; IAM rejects a statement without one.",
                        st.label()
                    ),
                )
                .with_help("Add `\"Effect\": \"Allow\"`.");
            }
            Some((v, _)) => match v.as_str() {
                Some("Allow") | Some("Deny") => {}
                Some(s) => {
                    let f = sink
                        .report(
                            &RULE,
                            path,
                            format!("`Effect` is `{s}`; it must be exactly `Allow` or `Deny`."),
                        )
                        .at(Some(v.pos));
                    if let Some(sug) = suggestion(s) {
                        f.with_help(format!("Write `\"Effect\": \"{sug}\"`."));
                    }
                }
                None => {
                    sink.report(
                        &RULE,
                        path,
                        format!(
                            "`Effect` is {}; it must be the string `Allow` or `Deny`.",
                            v.type_name()
                        ),
                    )
                    .at(Some(v.pos));
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_lower_case_allow() {
        assert_eq!(lines_of("TP010", super::RULE.example), vec![5]);
        assert!(messages_of("TP010", super::RULE.example)[0].contains("\"Effect\": \"Allow\""));
    }

    #[test]
    fn fires_on_a_missing_effect() {
        let text = super::RULE
            .fixed
            .replace("      \"Effect\": \"Allow\",\n", "");
        assert_eq!(lines_of("TP010", &text), vec![4]);
    }

    #[test]
    fn quiet_for_allow() {
        assert!(lines_of("TP010", super::RULE.fixed).is_empty());
    }
}
