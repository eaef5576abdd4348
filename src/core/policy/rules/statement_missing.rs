use super::prelude::*;
use crate::core::json::Kind;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP007",
    name: "statement-missing",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "The policy has no usable `Statement` (missing, empty, or not an object or array of objects).",
    what: "A trust policy is an object with a `Statement` that is one statement object or an array of them. \
           Flags a policy that is not an object, lacks `Statement`, has an empty one, or has array entries \
           that are not objects (a stray string, a nested array).",
    why: "IAM rejects a policy without statements; entries that are not objects make the whole document \
          invalid. Pasting only the inner statement, or only the `Condition`, is a common way to get here.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Give the policy a `Statement` array holding at least one statement object.",
};

pub const AA: Option<Aa> = Aa::error("Missing statement");

pub fn check(cx: &Cx, sink: &mut Sink) {
    if cx.root.as_object().is_none() {
        sink.report(
            &RULE,
            Path::root(),
            format!(
                "The policy is {}, not a JSON object with `Version` and `Statement`.",
                cx.root.type_name()
            ),
        );
        return;
    }
    let path = Path::root().k("Statement");
    let Some(st) = cx.root.get("Statement") else {
        let hint = if cx.root.member("Effect").is_some() || cx.root.member("Principal").is_some() {
            "This looks like a single statement: wrap it as {\"Version\": \"2012-10-17\", \"Statement\": [ … ]}."
        } else {
            RULE.fix_summary
        };
        sink.report(
            &RULE,
            Path::root(),
            "The policy has no `Statement`: it trusts no one.",
        )
        .with_help(hint);
        return;
    };
    match &st.kind {
        Kind::Object(_) => {}
        Kind::Array(items) if items.is_empty() => {
            sink.report(
                &RULE,
                path,
                "`Statement` is empty: the policy trusts no one.",
            );
        }
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if item.as_object().is_none() {
                    sink.report(
                        &RULE,
                        path.i(i),
                        format!("Statement[{i}] is {}, not a statement object.", item.type_name()),
                    )
                    .with_help("Each entry of `Statement` is an object with `Effect`, `Principal`, `Action` and optionally `Condition`.");
                }
            }
        }
        _ => {
            sink.report(
                &RULE,
                path,
                format!(
                    "`Statement` is {}; it must be a statement object or an array of them.",
                    st.type_name()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_an_empty_statement_list() {
        assert_eq!(lines_of("TP007", super::RULE.example), vec![3]);
    }

    #[test]
    fn fires_on_entries_that_are_not_objects() {
        let text = "{\"Version\": \"2012-10-17\",\n\"Statement\": [\n\"sts:AssumeRole\"]}";
        assert_eq!(lines_of("TP007", text), vec![3]);
    }

    #[test]
    fn quiet_with_a_statement() {
        assert!(lines_of("TP007", super::RULE.fixed).is_empty());
    }
}
