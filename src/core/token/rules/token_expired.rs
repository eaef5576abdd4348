use super::prelude::*;
use crate::core::time::{format_rfc3339, relative};
use crate::core::token::decode::VALIDITY_SECS;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK001",
    name: "token-expired",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The EKS token was signed more than 15 minutes ago; the authenticator rejects it.",
    what: "Compares the token's `X-Amz-Date` with the current time. A presigned STS URL, and so an EKS token, is accepted for 15 minutes after that date, whatever `X-Amz-Expires` says.",
    why: "The authenticator refuses the token before it even calls STS and logs `X-Amz-Date parameter is expired (15 minute expiration)`; kubectl only shows `error: You must be logged in to the server (Unauthorized)`. A token copied into a CI variable, a script or a static kubeconfig `token:` stops working a quarter of an hour later.",
    example: examples::EXPIRED,
    fixed: examples::VALID,
    fix_summary: "Get a fresh token (`aws eks get-token …`), or better, let kubectl run the exec plugin each time instead of storing a token.",
};

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    let Some(date) = t.date() else {
        return Verdict::Skip("no usable X-Amz-Date (see the check above)".into());
    };
    let Some(now) = cx.now else {
        return Verdict::Skip("no current time given".into());
    };
    let until = date.saturating_add(VALIDITY_SECS);
    if now > until {
        let go_time = format_rfc3339(date)
            .replace('T', " ")
            .replace('Z', " +0000 UTC");
        Verdict::fail(
            format!(
                "The token expired at {} ({}): it was signed at {} and is accepted for 15 minutes.",
                format_rfc3339(until),
                relative(until, now),
                format_rfc3339(date)
            ),
            format!("X-Amz-Date parameter is expired (15 minute expiration) {go_time}"),
        )
    } else if date > now {
        Verdict::Pass(format!(
            "not expired (signed {} — in the future, see the STS check below)",
            relative(date, now)
        ))
    } else {
        Verdict::Pass(format!(
            "valid until {} ({})",
            format_rfc3339(until),
            relative(until, now)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_rule, findings_at};
    use crate::core::time::parse_rfc3339;

    #[test]
    fn fires_on_an_old_token_only() {
        assert_rule(&super::RULE, &[]);
    }

    #[test]
    fn a_real_token_is_valid_for_fifteen_minutes_after_its_date() {
        let token = crate::core::token::decode::tests::REAL;
        let signed = parse_rfc3339("2026-11-25T19:28:16Z").unwrap();
        let at = |t| findings_at(token, t);
        assert!(at(signed + 5 * 60).is_empty(), "{:?}", at(signed + 5 * 60));
        assert!(at(signed + 15 * 60).is_empty());
        assert_eq!(at(signed + 15 * 60 + 1), vec![("TOK001", Some(1))]);
    }
}
