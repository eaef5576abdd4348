use crate::core::finding::{Category, Severity, Sink};
use crate::core::rule::{Domain, RuleMeta};
use crate::core::source::Path;
use crate::core::time::{parse_rfc3339, relative};
use crate::core::token::ExecCredentialCx;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK015",
    name: "exec-credential-expired",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The ExecCredential's `expirationTimestamp` has passed.",
    what: "Compares `status.expirationTimestamp` with the current time.",
    why: "kubectl keeps a plugin's credential only until this time, then runs the plugin again. A pasted or stored ExecCredential past it is stale: its token is no longer accepted (for EKS, the token itself expires a minute later, 15 minutes after signing).",
    example: "{\n  \"kind\": \"ExecCredential\",\n  \"apiVersion\": \"client.authentication.k8s.io/v1beta1\",\n  \"spec\": {},\n  \"status\": {\n    \"expirationTimestamp\": \"2025-12-31T12:00:00Z\",\n    \"token\": \"ya29.a0EXAMPLE-not-a-real-token\"\n  }\n}\n",
    fixed: "{\n  \"kind\": \"ExecCredential\",\n  \"apiVersion\": \"client.authentication.k8s.io/v1beta1\",\n  \"spec\": {},\n  \"status\": {\n    \"expirationTimestamp\": \"2026-01-01T00:30:00Z\",\n    \"token\": \"ya29.a0EXAMPLE-not-a-real-token\"\n  }\n}\n",
    fix_summary: "Run the plugin again for a fresh credential; do not store ExecCredential output.",
};

pub fn check(cx: &ExecCredentialCx, sink: &mut Sink) {
    let (Some(now), Some(raw)) = (
        cx.now,
        cx.ec
            .status
            .as_ref()
            .and_then(|s| s.expiration_timestamp.as_deref()),
    ) else {
        return;
    };
    let Some(t) = parse_rfc3339(raw) else {
        return;
    };
    if t < now {
        sink.report(
            &RULE,
            Path::root().k("status").k("expirationTimestamp"),
            format!("This credential expired at {raw} ({}); kubectl would already have run the plugin again.", relative(t, now)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings_at;
    use crate::core::registry::DOC_NOW;

    #[test]
    fn fires_on_the_expiration_line() {
        assert_eq!(
            findings_at(super::RULE.example, DOC_NOW),
            vec![("TOK015", Some(6))]
        );
        assert!(findings_at(super::RULE.fixed, DOC_NOW).is_empty());
    }
}
