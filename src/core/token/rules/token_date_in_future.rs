use super::prelude::*;
use crate::core::time::{format_rfc3339, relative};

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK002",
    name: "token-date-in-future",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The EKS token is dated more than 15 minutes ahead of now; STS refuses it as not yet valid.",
    what: "Flags an `X-Amz-Date` later than the current time plus the 15 minutes of clock skew STS tolerates.",
    why: "The authenticator itself only checks that the token is not too old, so it forwards the request; STS then answers 403 `Signature not yet current`, and the login fails as `Unauthorized`. It means the clock of the machine that ran `aws eks get-token` is ahead (a VM or laptop after sleep), or the clock eksplain was given is behind.",
    example: examples::FUTURE,
    fixed: examples::VALID,
    fix_summary: "Fix the clock of the machine that made the token (enable NTP / `timedatectl set-ntp true`), then get a new token.",
};

/// STS accepts signatures up to 15 minutes in the future.
pub const SKEW: i64 = 15 * 60;

pub fn evaluate(cx: &TokenCx) -> Verdict {
    let Ok(t) = &cx.decoded else {
        return undecodable();
    };
    let (Some(date), Some(now)) = (t.date(), cx.now) else {
        return Verdict::Skip("needs X-Amz-Date and the current time".into());
    };
    if date > now.saturating_add(SKEW) {
        Verdict::fail(
            format!(
                "The token is dated {}, {} ahead of the current time ({}): the signing machine's clock is ahead, or this is the wrong clock.",
                format_rfc3339(date),
                relative(date, now).trim_start_matches("in "),
                format_rfc3339(now)
            ),
            "Signature not yet current (STS, HTTP 403)",
        )
    } else {
        Verdict::Pass(format!("dated {}", relative(date, now)))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_a_token_from_the_future_only() {
        super::super::testing::assert_rule(&super::RULE, &[]);
    }
}
