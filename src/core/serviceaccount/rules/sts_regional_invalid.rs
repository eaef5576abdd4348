use super::prelude::*;
use crate::core::serviceaccount::overview::parse_bool;

pub static RULE: RuleMeta = RuleMeta {
    code: "SA009",
    name: "sts-regional-endpoints-invalid",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "`eks.amazonaws.com/sts-regional-endpoints` is not `\"true\"` or `\"false\"`.",
    what: "Reads the annotation as the webhook does (Go's `strconv.ParseBool`: `true`, `false`, `1`, `0`, `t`, \
           `f` and their capitalisations) and flags anything else, such as `\"yes\"`, `\"regional\"` or `\"enabled\"`.",
    why: "The webhook ignores a value it cannot parse and keeps its own default, so the pods do not get \
          `AWS_STS_REGIONAL_ENDPOINTS=regional` and older SDKs keep calling the global STS endpoint in us-east-1 — \
          slower, and unavailable when that region has trouble.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n    eks.amazonaws.com/sts-regional-endpoints: regional\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n    eks.amazonaws.com/sts-regional-endpoints: \"true\"\n",
    fix_summary: "Write `\"true\"` (or `\"false\"`), quoted.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some((value, path)) = super::string_annotation(cx, model::STS_REGIONAL) else {
        return;
    };
    if parse_bool(value).is_some() {
        return;
    }
    sink.report(
        &RULE,
        path.clone(),
        format!("`{value}` is not a boolean; the webhook ignores it, so the pods do not get `AWS_STS_REGIONAL_ENDPOINTS=regional`."),
    )
    .at(cx.value_pos(&path));
}

#[cfg(test)]
mod tests {
    use super::super::testing::at;

    #[test]
    fn fires_on_the_value() {
        assert_eq!(at("SA009", super::RULE.example), vec![(8, 47)]);
    }

    #[test]
    fn quiet_for_true() {
        assert!(at("SA009", super::RULE.fixed).is_empty());
    }
}
