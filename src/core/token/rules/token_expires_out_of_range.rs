use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK012",
    name: "token-expires-out-of-range",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "`X-Amz-Expires` is missing, not a number, or outside 0–900 seconds.",
    what: "Parses `X-Amz-Expires` as an integer and checks 0 ≤ value ≤ 900.",
    why: "STS ignores the value for GetCallerIdentity (the URL is good for 15 minutes after `X-Amz-Date` anyway), but the authenticator insists on it being in range and rejects the token otherwise: `invalid X-Amz-Expires parameter in pre-signed URL`. Tools set it to 60; a presigner asked for a longer lifetime sets more and produces tokens EKS refuses.",
    example: examples::EXPIRES,
    fixed: examples::VALID,
    fix_summary: "Presign with an expiry of at most 900 seconds (the AWS CLI uses 60); the token lives 15 minutes regardless.",
};

/// Go's `strconv.Atoi`: an optional sign and ASCII digits.
fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    let raw = t.get("X-Amz-Expires");
    match raw.and_then(atoi) {
        Some(v) if (0..=900).contains(&v) => Verdict::Pass(format!(
            "{v} seconds (ignored by STS: the token lives 15 minutes after X-Amz-Date)"
        )),
        parsed => Verdict::fail(
            match raw {
                None => "The token's URL has no X-Amz-Expires; the EKS authenticator requires one between 0 and 900.".to_string(),
                Some(r) => format!("X-Amz-Expires is `{r}`; the EKS authenticator requires a whole number of seconds between 0 and 900."),
            },
            format!(
                "invalid X-Amz-Expires parameter in pre-signed URL: {}",
                parsed.unwrap_or(0)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_3600_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }
}
