use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK003",
    name: "token-too-long",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The EKS token is longer than 4096 bytes; the authenticator rejects it unread.",
    what: "Measures the whole token, `k8s-aws-v1.` included, against the authenticator's 4096-byte limit.",
    why: "The first thing the authenticator checks is the length: `token is too large`. Long tokens come from long session tokens (`X-Amz-Security-Token`), e.g. role sessions carrying many session tags or nested federation.",
    example: examples::TOO_LONG,
    fixed: examples::LONG_SESSION_OK,
    fix_summary: "Sign with credentials that have a shorter session token: fewer session tags or policies on the role session, or a plain assumed role.",
};

pub const MAX_LEN: usize = 4096;

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let n = cx.token.len();
    if n > MAX_LEN {
        Verdict::fail(
            format!("The token is {n} bytes long; the EKS authenticator rejects tokens over {MAX_LEN} bytes."),
            "token is too large",
        )
    } else {
        Verdict::Pass(format!("{n} bytes"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_a_token_over_4096_bytes_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }
}
