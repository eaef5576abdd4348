//! Token and ExecCredential rules, one file each. A token rule is one check of
//! the server side ([`super::checks`] orders them); its `evaluate` says pass,
//! fail (with the server's own error) or skip.

pub mod examples;

pub mod exec_credential_empty;
pub mod exec_credential_expired;
pub mod exec_credential_text_output;
pub mod token_cluster_id_unsigned;
pub mod token_date_in_future;
pub mod token_date_missing;
pub mod token_duplicate_param;
pub mod token_expired;
pub mod token_expires_out_of_range;
pub mod token_malformed;
pub mod token_not_https;
pub mod token_path_not_root;
pub mod token_scope_mismatch;
pub mod token_sts_host_rejected;
pub mod token_too_long;
pub mod token_unknown_param;
pub mod token_wrong_action;

use crate::core::rule::RuleMeta;

/// The result of one check on one token.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum Verdict {
    /// Passed; the text says what was seen.
    Pass(String),
    /// Failed. `message` reads on its own (it becomes the finding's message);
    /// `server_error` is what the authenticator or STS answers.
    Fail {
        message: String,
        server_error: String,
    },
    /// Could not be made (the token does not decode, no clock was given, …).
    Skip(String),
}

impl Verdict {
    pub fn fail(message: impl Into<String>, server_error: impl Into<String>) -> Self {
        Verdict::Fail {
            message: message.into(),
            server_error: server_error.into(),
        }
    }
    pub fn is_fail(&self) -> bool {
        matches!(self, Verdict::Fail { .. })
    }
}

/// The skip verdict for checks that need a decoded token.
pub fn undecodable() -> Verdict {
    Verdict::Skip("not reached: the token does not decode".into())
}

/// Every token-domain rule, in documentation order.
pub static RULES: &[&RuleMeta] = &[
    &token_expired::RULE,
    &token_date_in_future::RULE,
    &token_too_long::RULE,
    &token_malformed::RULE,
    &token_not_https::RULE,
    &token_sts_host_rejected::RULE,
    &token_path_not_root::RULE,
    &token_duplicate_param::RULE,
    &token_unknown_param::RULE,
    &token_wrong_action::RULE,
    &token_cluster_id_unsigned::RULE,
    &token_expires_out_of_range::RULE,
    &token_date_missing::RULE,
    &token_scope_mismatch::RULE,
    &exec_credential_expired::RULE,
    &exec_credential_empty::RULE,
    &exec_credential_text_output::RULE,
];

/// Shared imports for rule files.
pub mod prelude {
    pub use super::{examples, undecodable, Verdict};
    pub use crate::core::finding::{Category, Severity};
    pub use crate::core::rule::{Domain, RuleMeta};
    pub use crate::core::token::TokenCx;
}

#[cfg(test)]
pub mod testing {
    use crate::core::registry::DOC_NOW;
    use crate::core::{analyze, Options, UnixTime};

    /// `(code, line)` of every finding for an input, at `now`.
    pub fn findings_at(text: &str, now: UnixTime) -> Vec<(&'static str, Option<u32>)> {
        analyze(text, &Options { now: Some(now) })
            .findings
            .iter()
            .map(|f| (f.code(), f.line()))
            .collect()
    }

    /// The codes that fire at the docs' clock.
    pub fn codes(text: &str) -> Vec<&'static str> {
        findings_at(text, DOC_NOW)
            .into_iter()
            .map(|f| f.0)
            .collect()
    }

    /// Asserts the rule fires on its example (only it, among token-check rules,
    /// unless `also` lists others) and not on its fixed version.
    pub fn assert_rule(rule: &crate::core::RuleMeta, also: &[&str]) {
        let got = codes(rule.example);
        assert!(got.contains(&rule.code), "{} not fired: {got:?}", rule.code);
        for c in &got {
            assert!(
                *c == rule.code || also.contains(c),
                "{}: unexpected {c} on the example",
                rule.code
            );
        }
        let fixed = codes(rule.fixed);
        assert!(
            fixed.is_empty(),
            "{}: fixed example fires {fixed:?}",
            rule.code
        );
    }
}
