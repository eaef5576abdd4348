use super::prelude::*;
use crate::core::token::sts;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK014",
    name: "token-scope-mismatch",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The token's credential scope does not match its STS host (region or service).",
    what: "Compares the region and service in `X-Amz-Credential` (`KEY/DATE/REGION/SERVICE/aws4_request`) with the host: a regional endpoint must be signed for its own region, the global one for us-east-1, and the service must be `sts`.",
    why: "The authenticator does not check this, but STS does when the authenticator forwards the request: it answers 403 (`Credential should be scoped to a valid region` / `…to correct service`), and the login fails as `Unauthorized`. It happens when a token is signed by a custom signer with the wrong region, or edited.",
    example: examples::SCOPE,
    fixed: examples::VALID,
    fix_summary: "Let the tool pick host and region together: `aws eks get-token --region REGION` signs for `sts.REGION.amazonaws.com` with scope REGION.",
};

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    let Some(scope) = &t.scope else {
        return Verdict::Skip("no readable X-Amz-Credential".into());
    };
    let Some(host) = sts::classify_host(&t.host) else {
        return Verdict::Skip("the host is not an STS endpoint".into());
    };
    let want = host.signing_region();
    if scope.service != "sts" {
        return Verdict::fail(
            format!("The token is signed for the service `{}`; an STS request must be signed for `sts`.", scope.service),
            "Credential should be scoped to correct service: 'sts' (STS, HTTP 403)",
        );
    }
    if scope.region != want {
        return Verdict::fail(
            format!(
                "The token is signed for region {} but sent to {}, which expects {want}.",
                scope.region, t.host
            ),
            format!(
                "Credential should be scoped to a valid region, not '{}' (STS, HTTP 403)",
                scope.region
            ),
        );
    }
    Verdict::Pass(format!(
        "{}/{} matches {}",
        scope.region, scope.service, t.host
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_a_region_mismatch_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }
}
