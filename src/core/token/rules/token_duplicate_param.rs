use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK008",
    name: "token-duplicate-query-param",
    severity: Severity::Error,
    category: Category::Security,
    domain: Domain::Token,
    summary: "A query parameter appears twice in the token's URL.",
    what: "Looks for a parameter given twice, exactly (`Action=…&Action=…`) or in another letter case (`Action` and `action`).",
    why: "Duplicates are how a forged URL would make the authenticator read one value and STS another, so the authenticator rejects them: `duplicate query parameter found` (different case) or `query parameter with multiple values not supported` (same name). Real tokens never repeat a parameter.",
    example: examples::DUPLICATE,
    fixed: examples::VALID,
    fix_summary: "Use the token exactly as `aws eks get-token` or `aws-iam-authenticator token` printed it.",
};

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    for (i, p) in t.params.iter().enumerate() {
        for q in t.params.iter().skip(i + 1) {
            if p.name == q.name {
                return Verdict::fail(
                    format!(
                        "The query parameter `{}` appears twice in the token's URL.",
                        p.name
                    ),
                    "query parameter with multiple values not supported",
                );
            }
            if p.name.eq_ignore_ascii_case(&q.name) {
                return Verdict::fail(
                    format!(
                        "The query parameters `{}` and `{}` are the same name in different case; the authenticator counts them as a duplicate.",
                        p.name, q.name
                    ),
                    format!("duplicate query parameter found: {:?}", q.name),
                );
            }
        }
    }
    Verdict::Pass(format!("{} parameters, all distinct", t.params.len()))
}

#[cfg(test)]
mod tests {
    use super::super::testing::codes;

    #[test]
    fn fires_on_a_repeated_parameter_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }

    #[test]
    fn a_case_variant_is_a_duplicate_too() {
        let t = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/token/tampered-duplicate-param.token"
        ))
        .unwrap();
        assert!(codes(&t).contains(&"TOK008"));
    }
}
