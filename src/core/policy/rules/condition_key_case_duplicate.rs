use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP020",
    name: "condition-key-case-duplicate",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "One condition operator lists the same key twice, spelt in different case.",
    what: "Condition key names are not case-sensitive: `…/id/ABC:sub` and `…/id/abc:SUB` are the same key. \
           Flags two such keys inside one operator block.",
    why: "Both entries test the same request value and both must hold, so two different values can never be \
          satisfied at once; usually one was meant to replace the other. IAM Access Analyzer reports this \
          as an error.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\n        \"StringEquals\": {\n          \"aws:RequestTag/kubernetes-namespace\": \"payments\",\n          \"aws:requesttag/kubernetes-namespace\": \"billing\"\n        }\n      }\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\n        \"StringEquals\": {\n          \"aws:RequestTag/kubernetes-namespace\": [\"payments\", \"billing\"]\n        }\n      }\n    }\n  ]\n}\n",
    fix_summary: "Keep one spelling of the key and list all allowed values in one array.",
};

pub const AA: Option<Aa> = Aa::error("Duplicate keys with different case");

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        let cpath = st.path.k("Condition");
        let Some(blocks) = cx.root.lookup(&cpath).and_then(|(v, _)| v.as_object()) else {
            continue;
        };
        for b in blocks {
            let Some(entries) = b.value.as_object() else {
                continue;
            };
            for (i, e) in entries.iter().enumerate() {
                let Some(first) = entries[..i]
                    .iter()
                    .find(|f| f.key != e.key && f.key.eq_ignore_ascii_case(&e.key))
                else {
                    continue;
                };
                let related = crate::core::finding::Location {
                    path: cpath.k(&b.key).k(&first.key),
                    pos: Some(first.key_pos),
                };
                sink.report(
                    &RULE,
                    cpath.k(&b.key).k(&e.key),
                    format!("`{}` is the same condition key as `{}` ({}): key names ignore case, so both must hold at once.", e.key, first.key, cx.line_at(first.key_pos)),
                )
                .at(Some(e.key_pos))
                .with_related(related);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_the_second_spelling() {
        assert_eq!(lines_of("TP020", super::RULE.example), vec![11]);
    }

    #[test]
    fn quiet_for_one_key_with_two_values() {
        assert!(lines_of("TP020", super::RULE.fixed).is_empty());
    }
}
