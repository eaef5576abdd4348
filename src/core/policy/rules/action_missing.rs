use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP015",
    name: "action-missing",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A statement has no `Action`, an empty one, or both `Action` and `NotAction`.",
    what: "Every statement needs exactly one of `Action` and `NotAction`, with at least one action. For IRSA \
           that is `sts:AssumeRoleWithWebIdentity`; for Pod Identity `sts:AssumeRole` and `sts:TagSession`.",
    why: "IAM rejects a statement without an action or with both elements; an empty list allows nothing, so \
          the role cannot be assumed.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Add an `Action` with the STS actions the principal needs.",
};

pub const AA: Option<Aa> = Aa::error("Missing action");

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        let action = cx.root.lookup(&st.path.k("Action"));
        let not_action = cx.root.lookup(&st.path.k("NotAction"));
        match (action, not_action) {
            (None, None) => {
                sink.report(
                    &RULE,
                    st.path.clone(),
                    format!("{} has no `Action`: it allows nothing.", st.label()),
                )
                .with_help(match crate::core::policy::use_of(st) {
                    crate::core::policy::Use::WebIdentity => {
                        "Add `\"Action\": \"sts:AssumeRoleWithWebIdentity\"`."
                    }
                    crate::core::policy::Use::PodIdentity => {
                        "Add `\"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]`."
                    }
                    crate::core::policy::Use::Other => RULE.fix_summary,
                });
            }
            (Some(_), Some(_)) => {
                sink.report(
                    &RULE,
                    st.path.k("NotAction"),
                    format!(
                        "{} has both `Action` and `NotAction`; IAM accepts only one of them.",
                        st.label()
                    ),
                )
                .with_help("Remove `NotAction`.");
            }
            (Some((v, _)), None) | (None, Some((v, _))) => {
                let empty = match &v.kind {
                    crate::core::json::Kind::Array(a) => a.is_empty(),
                    crate::core::json::Kind::String(s) => s.is_empty(),
                    _ => false,
                };
                if empty {
                    let name = if st.action.is_some() {
                        "Action"
                    } else {
                        "NotAction"
                    };
                    sink.report(
                        &RULE,
                        st.path.k(name),
                        format!("`{name}` is empty: the statement allows nothing."),
                    )
                    .at(Some(v.pos));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_the_statement_without_action() {
        assert_eq!(lines_of("TP015", super::RULE.example), vec![4]);
    }

    #[test]
    fn quiet_with_an_action() {
        assert!(lines_of("TP015", super::RULE.fixed).is_empty());
    }
}
