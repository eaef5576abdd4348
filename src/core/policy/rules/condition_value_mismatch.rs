use super::prelude::*;
use crate::core::policy::keys::{classify, KeyKind};
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
           `10.0.0.0/8`. Flags values that are none of these (policy variables are left alone). `Arn*` \
           operators compare ARNs field by field and fit keys whose values are ARNs \
           (`aws:PrincipalArn`, `aws:SourceArn`); on a web-identity token claim such as `:sub` or `:aud`, \
           whose value is a plain string like `system:serviceaccount:payments:api`, they are flagged \
           too — as an error unless negated, since the statement then admits no token.",
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

/// An `Arn*` operator on a token claim: the claim is a string, never an ARN.
fn arn_operator_on_claim(c: &CondEntry, sink: &mut Sink) -> bool {
    let Ok(op) = c.op else { return false };
    let KeyKind::Claim { claim, .. } = classify(&c.key) else {
        return false;
    };
    if op.base.family() != Family::Arn {
        return false;
    }
    let string_op = c.op_text.replacen("Arn", "String", 1);
    let outcome = if op.base.negated() {
        "the test never matches, so the condition always holds and excludes nobody"
    } else {
        "no token ever matches it"
    };
    let example = c
        .values
        .first()
        .map(|v| format!(" `{}`", v.value))
        .unwrap_or_default();
    sink.report(
        &RULE,
        c.path.clone(),
        format!(
            "`{}` compares ARNs field by field, but the token claim `{claim}` is a plain string, not an ARN: IAM cannot compare{example} with it as an ARN, so {outcome}.",
            c.op_text
        ),
    )
    .at(Some(c.key_pos))
    // Like a wildcard under `StringEquals` (TP023): the statement then
    // matches no request.
    .with_severity(if op.base.negated() {
        Severity::Warning
    } else {
        Severity::Error
    })
    .with_help(format!(
        "Write `{string_op}` (string operators compare claims; `*` works under `StringLike`).\nIAM accepts the policy as it is, and IAM Access Analyzer may not flag it: only the comparison fails."
    ));
    true
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        for c in &st.conditions {
            if arn_operator_on_claim(c, sink) {
                continue;
            }
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
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_a_us_style_date() {
        assert_eq!(lines_of("TP022", super::RULE.example), vec![8]);
    }

    #[test]
    fn an_arn_operator_on_sub_or_aud_says_it_never_matches() {
        let irsa = super::super::oidc_sub_unrestricted::RULE.fixed;
        let text = irsa.replace("StringEquals", "ArnLike");
        assert_eq!(lines_of("TP022", &text), vec![9, 10]);
        let m = messages_of("TP022", &text);
        assert!(m[0].starts_with("`ArnLike` compares ARNs field by field, but the token claim `aud` is a plain string, not an ARN: IAM cannot compare `sts.amazonaws.com` with it as an ARN, so no token ever matches it."), "{}", m[0]);
        assert!(m[0].contains("Write `StringLike`"), "{}", m[0]);
        let rows = super::super::super::testing::findings(&text);
        assert!(rows.contains(&("TP022", Some(10), "error")), "{rows:?}");
        let negated = irsa.replace("StringEquals", "ForAnyValue:ArnNotEqualsIfExists");
        let m = messages_of("TP022", &negated);
        assert!(
            m[0].contains("the condition always holds and excludes nobody"),
            "{}",
            m[0]
        );
        assert!(
            m[0].contains("Write `ForAnyValue:StringNotEqualsIfExists`"),
            "{}",
            m[0]
        );
        let rows = super::super::super::testing::findings(&negated);
        assert!(rows.contains(&("TP022", Some(10), "warning")), "{rows:?}");
        // ARN-valued keys are what ARN operators are for.
        let principal = super::RULE.fixed.replace(
            "\"DateLessThan\": {\"aws:CurrentTime\": \"2026-12-31T00:00:00Z\"}",
            "\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:eks:us-east-1:111122223333:cluster/*\"}",
        );
        assert!(principal.contains("ArnLike"));
        assert!(lines_of("TP022", &principal).is_empty());
    }

    #[test]
    fn quiet_for_an_iso_date() {
        assert!(lines_of("TP022", super::RULE.fixed).is_empty());
    }
}
