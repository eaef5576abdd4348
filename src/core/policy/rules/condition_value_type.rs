use super::prelude::*;
use crate::core::json::{Kind, Value};
use crate::core::policy::operator;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP021",
    name: "condition-value-type",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A `Condition` is not shaped `{operator: {key: value(s)}}` — e.g. one operator nested inside another.",
    what: "Checks the shape of `Condition`: an object of operators, each an object of condition keys, each \
           key a string, number or boolean, or a non-empty array of them. The classic mistake is a second \
           operator written inside the first one's braces.",
    why: "IAM rejects the policy (`Syntax errors in policy`); an empty array of values matches nothing, so \
          the statement never applies.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\n        \"StringEquals\": {\n          \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n          \"StringLike\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:*\"}\n        }\n      }\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\n        \"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\"},\n        \"StringLike\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:*\"}\n      }\n    }\n  ]\n}\n",
    fix_summary: "Write each operator directly under `Condition`, each mapping keys to a value or a non-empty array of values.",
};

pub const AA: Option<Aa> = None;

fn scalar(v: &Value) -> bool {
    matches!(v.kind, Kind::String(_) | Kind::Number(_) | Kind::Bool(_))
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        let cpath = st.path.k("Condition");
        let Some((cond, _)) = cx.root.lookup(&cpath) else {
            continue;
        };
        let Some(blocks) = cond.as_object() else {
            sink.report(
                &RULE,
                cpath,
                format!(
                    "`Condition` is {}; it must be an object of condition operators.",
                    cond.type_name()
                ),
            )
            .at(Some(cond.pos));
            continue;
        };
        for b in blocks {
            let bpath = cpath.k(&b.key);
            let Some(entries) = b.value.as_object() else {
                if operator::parse(&b.key).is_ok() {
                    sink.report(
                        &RULE,
                        bpath,
                        format!(
                            "`{}` is {}; it must be an object mapping condition keys to values.",
                            b.key,
                            b.value.type_name()
                        ),
                    )
                    .at(Some(b.value.pos))
                    .with_help(format!("Write \"{}\": {{\"KEY\": \"value\"}}.", b.key));
                }
                continue;
            };
            for e in entries {
                let epath = bpath.k(&e.key);
                let v = &e.value;
                match &v.kind {
                    Kind::Object(_) if operator::parse(&e.key).is_ok() => {
                        sink.report(&RULE, epath, format!("`{}` is nested inside `{}`; condition operators belong directly under `Condition`.", e.key, b.key))
                            .at(Some(e.key_pos))
                            .with_help(format!("Close the `{}` block before `\"{}\"`, so both are members of `Condition`.", b.key, e.key));
                    }
                    Kind::Array(items) if items.is_empty() => {
                        sink.report(
                            &RULE,
                            epath,
                            format!("`{}` has no values: the condition can never be met.", e.key),
                        )
                        .at(Some(v.pos));
                    }
                    Kind::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            if !scalar(item) {
                                sink.report(&RULE, epath.i(i), format!("A value of `{}` is {}; values are strings, numbers or booleans.", e.key, item.type_name()))
                                    .at(Some(item.pos));
                            }
                        }
                    }
                    _ if scalar(v) => {}
                    _ => {
                        sink.report(&RULE, epath, format!("The value of `{}` is {}; it must be a string, number, boolean or an array of them.", e.key, v.type_name()))
                            .at(Some(v.pos));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_the_nested_operator() {
        assert_eq!(lines_of("TP021", super::RULE.example), vec![11]);
    }

    #[test]
    fn quiet_when_operators_are_siblings() {
        assert!(lines_of("TP021", super::RULE.fixed).is_empty());
    }
}
