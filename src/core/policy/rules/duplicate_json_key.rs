use super::prelude::*;
use crate::core::json::{Kind, Value};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP002",
    name: "duplicate-json-key",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "The same key appears twice in one JSON object, so one of the two values is silently lost.",
    what: "Flags an object that repeats a key exactly — most often two `\"StringEquals\"` blocks in one \
           `Condition`, or the same condition key written twice to allow two service accounts.",
    why: "JSON readers keep only one of the two (the last, in the tools that upload policies: Terraform's \
          `jsonencode`, CloudFormation, the AWS SDKs), without a warning. The `sub` check in the first \
          `StringEquals` block disappears and the role trusts every service account — or the first of two \
          allowed service accounts is dropped and its pods get `AccessDenied`.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\n        \"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"},\n        \"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\"}\n      }\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\n        \"StringEquals\": {\n          \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\",\n          \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\"\n        }\n      }\n    }\n  ]\n}\n",
    fix_summary: "Merge the duplicates: one operator object holding every key, and several values for one key as an array.",
};

pub const AA: Option<Aa> = None;

pub fn check(cx: &Cx, sink: &mut Sink) {
    // Iterative walk: the tree is depth-limited already, but a stack keeps it obvious.
    let mut stack: Vec<(&Value, Path)> = vec![(cx.root, Path::root())];
    while let Some((v, path)) = stack.pop() {
        match &v.kind {
            Kind::Object(members) => {
                for (i, m) in members.iter().enumerate() {
                    if let Some(first) = members[..i].iter().find(|f| f.key == m.key) {
                        report(cx, sink, &path, &first.key_pos, m);
                    }
                }
                for m in members.iter().rev() {
                    stack.push((&m.value, path.k(&m.key)));
                }
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, path.i(i)));
                }
            }
            _ => {}
        }
    }
}

fn report(
    cx: &Cx,
    sink: &mut Sink,
    parent: &Path,
    first: &crate::core::source::Pos,
    m: &crate::core::json::Member,
) {
    let in_condition = matches!(parent.segments().last(), Some(crate::core::source::Seg::Key(k)) if k == "Condition");
    let at = cx.line_at(*first);
    let (message, help) = if in_condition {
        (
            format!(
                "Condition operator `{}` appears twice in this Condition block (first at {at}); JSON readers keep only the last, so the keys of the block at {at} are silently dropped.",
                m.key
            ),
            format!("Merge both blocks into one `\"{}\": {{…}}` object that lists every key.", m.key),
        )
    } else {
        (
            format!(
                "Key `{}` appears twice in this object (first at {at}); JSON readers keep only the last value, so the one at {at} is silently lost.",
                m.key
            ),
            format!("Keep one `{}`. To allow several values for one condition key, give them as an array: \"key\": [\"a\", \"b\"].", m.key),
        )
    };
    let related = crate::core::finding::Location {
        path: parent.k(&m.key),
        pos: Some(*first),
    };
    sink.report(&RULE, parent.k(&m.key), message)
        .at(Some(m.key_pos))
        .with_help(help)
        .with_related(related);
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_at_the_second_block() {
        assert_eq!(lines_of("TP002", super::RULE.example), vec![10]);
        assert!(messages_of("TP002", super::RULE.example)[0].contains("first at line 9"));
    }

    #[test]
    fn fires_for_a_condition_key_given_twice() {
        let text = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"}, \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n \"Condition\": {\"StringEquals\": {\n \"aws:RequestTag/kubernetes-namespace\": \"a\",\n \"aws:RequestTag/kubernetes-namespace\": \"b\"}}}}";
        assert_eq!(lines_of("TP002", text), vec![4]);
    }

    #[test]
    fn quiet_when_merged() {
        assert!(lines_of("TP002", super::RULE.fixed).is_empty());
    }
}
