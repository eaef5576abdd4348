use super::prelude::*;
use crate::core::policy::operator::Family;
use crate::core::policy::values;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP022",
    name: "condition-value-mismatch",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A condition value does not fit its operator (`Bool` with `yes`, `DateLessThan` with `01/31/2026`, `IpAddress` with a hostname).",
    what: "`Bool` and `Null` take `true` or `false`; `Numeric*` a number; `Date*` a W3C date \
           (`2026-01-31`, `2026-01-31T00:00:00Z`) or epoch seconds; `IpAddress` a CIDR such as \
           `10.0.0.0/8`. Flags values that are none of these (policy variables are left alone).",
    why: "IAM accepts the policy, but a value it cannot read never matches: the condition is false and the \
          statement never applies — or, under a negated operator, always applies.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"DateLessThan\": {\"aws:CurrentTime\": \"12/31/2026\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"DateLessThan\": {\"aws:CurrentTime\": \"2026-12-31T00:00:00Z\"}}\n    }\n  ]\n}\n",
    fix_summary: "Write the value in the operator's type: true/false, a number, an ISO 8601 date, or a CIDR range.",
};

pub const AA: Option<Aa> = Aa::warning("Type mismatch");

/// What is wrong with `value` for an operator of `family`, if anything.
pub fn problem(family: Family, value: &str) -> Option<&'static str> {
    if value.contains("${") {
        return None;
    }
    let ok = match family {
        Family::Bool | Family::Null => values::boolean(value).is_some(),
        Family::Numeric => values::number(value).is_some(),
        Family::Date => values::date(value).is_some(),
        Family::Ip => values::cidr(value).is_some(),
        Family::String | Family::Binary | Family::Arn => true,
    };
    if ok {
        return None;
    }
    Some(match family {
        Family::Bool | Family::Null => "`true` or `false`",
        Family::Numeric => "a number",
        Family::Date => "a date such as `2026-01-31` or `2026-01-31T00:00:00Z`",
        Family::Ip => "an IP range such as `10.0.0.0/8`",
        _ => "a value of its type",
    })
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        for c in &st.conditions {
            let Ok(op) = c.op else { continue };
            for v in &c.values {
                if let Some(want) = problem(op.base.family(), &v.value) {
                    sink.report(
                        &RULE,
                        v.path.clone(),
                        format!("`{}` under `{}` must be {want}; IAM cannot read `{}`, so this value never matches.", c.key, c.op_text, v.value),
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
    fn fires_on_a_us_style_date() {
        assert_eq!(lines_of("TP022", super::RULE.example), vec![8]);
    }

    #[test]
    fn quiet_for_an_iso_date() {
        assert!(lines_of("TP022", super::RULE.fixed).is_empty());
    }
}
