use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP014",
    name: "not-principal",
    severity: Severity::Error,
    category: Category::Security,
    domain: Domain::TrustPolicy,
    summary: "A statement uses `NotPrincipal`, which role trust policies do not support.",
    what: "Flags `NotPrincipal` in a role trust policy.",
    why: "IAM does not accept `NotPrincipal` in a role trust policy. Even where it is accepted, `Allow` with \
          `NotPrincipal` trusts everyone except the listed principals — including anonymous and \
          other-account callers — which is never the intent of a trust relationship.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"NotPrincipal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"},\n      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"},\n      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}\n",
    fix_summary: "Use `Principal` and list the principals that may assume the role.",
};

pub const AA: Option<Aa> = Aa::error("Role trust policy syntax error notprincipal");

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        if cx.root.lookup(&st.path.k("NotPrincipal")).is_none() {
            continue;
        }
        let extra = if st.is_allow() {
            " With `Allow` it would trust every principal except the ones listed."
        } else {
            ""
        };
        sink.report(
            &RULE,
            st.path.k("NotPrincipal"),
            format!(
                "{} uses `NotPrincipal`, which role trust policies do not support.{extra}",
                st.label()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_not_principal() {
        assert_eq!(lines_of("TP014", super::RULE.example), vec![6]);
    }

    #[test]
    fn quiet_for_principal() {
        assert!(lines_of("TP014", super::RULE.fixed).is_empty());
    }
}
