use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK007",
    name: "token-url-path-not-root",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The token's presigned URL has a path other than `/`.",
    what: "Checks that the decoded URL's path is exactly `/`, the path of STS's query API.",
    why: "The authenticator rejects any other path (`unexpected path in pre-signed URL`). The real tools never produce one; a path comes from a custom STS endpoint URL with a path, or from editing.",
    example: examples::PATH,
    fixed: examples::VALID,
    fix_summary: "Sign against the plain STS endpoint (no custom endpoint URL with a path) with `aws eks get-token`.",
};

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    if t.path == "/" {
        Verdict::Pass("/".into())
    } else {
        Verdict::fail(
            format!(
                "The token's URL has the path `{}`; the EKS authenticator only accepts `/`.",
                t.path
            ),
            "unexpected path in pre-signed URL",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_a_path_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }
}
