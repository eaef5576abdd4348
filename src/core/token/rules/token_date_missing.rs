use super::prelude::*;
use crate::core::token::decode::parse_amz_date;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK013",
    name: "token-date-missing",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The token's URL has no usable `X-Amz-Date`.",
    what: "Checks that `X-Amz-Date` is present and has the form `YYYYMMDDTHHMMSSZ`.",
    why: "The date is what the 15-minute lifetime counts from; without it the authenticator refuses the token (`X-Amz-Date parameter must be present in pre-signed URL`, or a parse error). A token cut short by a bad copy usually loses it.",
    example: examples::NO_DATE,
    fixed: examples::VALID,
    fix_summary: "Use the complete token as the plugin printed it; get a new one with `aws eks get-token`.",
};

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    match t.get("X-Amz-Date") {
        None | Some("") => Verdict::fail(
            "The token's URL has no X-Amz-Date, so its 15-minute lifetime has no start; EKS refuses it.",
            "X-Amz-Date parameter must be present in pre-signed URL",
        ),
        Some(d) => match parse_amz_date(d) {
            Some(_) => Verdict::Pass(d.to_string()),
            None => Verdict::fail(
                format!("X-Amz-Date is `{d}`, not a date of the form YYYYMMDDTHHMMSSZ."),
                format!("error parsing X-Amz-Date parameter {d} into format 20060102T150405Z"),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_without_a_date_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }
}
