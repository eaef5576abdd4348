use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP008",
    name: "sid-duplicate",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "Two statements have the same `Sid`.",
    what: "Flags a `Sid` used by more than one statement — typically after a statement was copied to trust a \
           second service account and its `Sid` was left unchanged.",
    why: "In IAM policies statement IDs must be unique; IAM refuses the document.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"PodIdentity\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\"aws:RequestTag/kubernetes-namespace\": \"payments\"}}\n    },\n    {\n      \"Sid\": \"PodIdentity\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\"aws:RequestTag/kubernetes-namespace\": \"billing\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"PodIdentityPayments\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\"aws:RequestTag/kubernetes-namespace\": \"payments\"}}\n    },\n    {\n      \"Sid\": \"PodIdentityBilling\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\"aws:RequestTag/kubernetes-namespace\": \"billing\"}}\n    }\n  ]\n}\n",
    fix_summary: "Give every statement its own `Sid` (or drop the `Sid`s; they are optional).",
};

pub const AA: Option<Aa> = Aa::error("Unique Sids required");

pub fn check(cx: &Cx, sink: &mut Sink) {
    let sids: Vec<&Text> = cx
        .policy
        .statements
        .iter()
        .filter_map(|s| s.sid.as_ref())
        .filter(|s| !s.value.is_empty())
        .collect();
    for (i, sid) in sids.iter().enumerate() {
        if let Some(first) = sids[..i].iter().find(|f| f.value == sid.value) {
            let related = sink.locate(&first.path);
            sink.report(
                &RULE,
                sid.path.clone(),
                format!("Sid `{}` is already used by the statement at {}; statement IDs must be unique.", sid.value, cx.line_at(first.pos)),
            )
            .at(Some(sid.pos))
            .with_related(related);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_the_second_sid() {
        assert_eq!(lines_of("TP008", super::RULE.example), vec![12]);
    }

    #[test]
    fn quiet_for_distinct_sids() {
        assert!(lines_of("TP008", super::RULE.fixed).is_empty());
    }
}
