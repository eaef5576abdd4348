use super::prelude::*;
use crate::core::suggest::closest;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP003",
    name: "unknown-policy-element",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "An element of the policy or of a statement is not one IAM knows (`Conditions`, `effect`, `Principals`…).",
    what: "Checks the names of the top-level elements (`Version`, `Id`, `Statement`) and of each statement's \
           elements (`Sid`, `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, \
           `NotResource`, `Condition`). Names are checked as IAM spells them; a near miss gets a suggestion.",
    why: "IAM rejects a policy with an element it does not know. Worse, a tool that tolerates it (or a reader \
          skimming the JSON) treats a misspelt `Conditions` block as if it restricted something — it does not.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Conditions\": {\"StringEquals\": {\"aws:RequestTag/kubernetes-namespace\": \"payments\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\"aws:RequestTag/kubernetes-namespace\": \"payments\"}}\n    }\n  ]\n}\n",
    fix_summary: "Use the element names IAM defines, spelt exactly (`Condition`, `Effect`, `Principal`, …).",
};

pub const AA: Option<Aa> = Aa::error("Invalid policy element");

pub const TOP: &[&str] = &["Version", "Id", "Statement"];
pub const STATEMENT: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// The element `key` was probably meant to be.
pub fn suggestion(key: &str, known: &[&'static str]) -> Option<&'static str> {
    known
        .iter()
        .copied()
        .find(|k| k.eq_ignore_ascii_case(key))
        .or_else(|| {
            let singular = key.strip_suffix('s').unwrap_or(key);
            known
                .iter()
                .copied()
                .find(|k| k.eq_ignore_ascii_case(singular))
        })
        .or_else(|| closest(key, known))
}

fn check_object(
    sink: &mut Sink,
    members: &[crate::core::json::Member],
    path: &Path,
    known: &[&'static str],
    what: &str,
) {
    for m in members {
        if known.contains(&m.key.as_str()) {
            continue;
        }
        let (msg, help) = match suggestion(&m.key, known) {
            Some(s) => (
                format!(
                    "`{}` is not a {what} element; did you mean `{s}`? IAM rejects the policy.",
                    m.key
                ),
                format!("Rename `{}` to `{s}`.", m.key),
            ),
            None => (
                format!(
                    "`{}` is not a {what} element; IAM rejects the policy.",
                    m.key
                ),
                format!(
                    "Remove `{}`. A {what} may contain only: {}.",
                    m.key,
                    known.join(", ")
                ),
            ),
        };
        sink.report(&RULE, path.k(&m.key), msg)
            .at(Some(m.key_pos))
            .with_help(help);
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(top) = cx.root.as_object() else {
        return;
    };
    check_object(sink, top, &Path::root(), TOP, "policy");
    for st in &cx.policy.statements {
        if let Some((v, _)) = cx.root.lookup(&st.path) {
            if let Some(members) = v.as_object() {
                check_object(sink, members, &st.path, STATEMENT, "statement");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_the_misspelt_element() {
        assert_eq!(lines_of("TP003", super::RULE.example), vec![8]);
        assert!(messages_of("TP003", super::RULE.example)[0].contains("did you mean `Condition`"));
    }

    #[test]
    fn element_names_are_checked_as_iam_spells_them() {
        let text = "{\"version\": \"2012-10-17\", \"Statement\": []}";
        assert!(messages_of("TP003", text)[0].contains("did you mean `Version`"));
    }

    #[test]
    fn quiet_for_known_elements() {
        assert!(lines_of("TP003", super::RULE.fixed).is_empty());
    }
}
