//! The server-side checks a token goes through, in the order the EKS
//! authenticator (aws-iam-authenticator `pkg/token`, `Verify`) makes them, then
//! the ones STS makes when the authenticator forwards the URL. Each check is a
//! rule in [`super::rules`]; this module only orders them.

use super::rules::{self, Verdict};
use super::TokenCx;
use crate::core::rule::RuleMeta;

/// Who makes a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum Checker {
    /// The EKS authenticator, before it calls STS. Its errors are logged as
    /// `input token was not properly formatted: …`.
    Authenticator,
    /// STS, when the authenticator sends it the presigned request.
    Sts,
}

/// A check's definition: the rule, a label, who checks, and the evaluation.
pub struct CheckDef {
    pub rule: &'static RuleMeta,
    pub label: &'static str,
    pub by: Checker,
    pub eval: fn(&TokenCx) -> Verdict,
}

/// One check's outcome for one token.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Outcome {
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::rule")
    )]
    pub rule: &'static RuleMeta,
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub label: crate::core::StaticStr,
    pub by: Checker,
    pub verdict: Verdict,
}

/// Every check, in the order they are made.
pub static CHECKS: &[CheckDef] = &[
    CheckDef {
        rule: &rules::token_too_long::RULE,
        label: "at most 4096 bytes long",
        by: Checker::Authenticator,
        eval: rules::token_too_long::evaluate,
    },
    CheckDef {
        rule: &rules::token_malformed::RULE,
        label: "`k8s-aws-v1.` + unpadded base64url of a URL with a valid query",
        by: Checker::Authenticator,
        eval: rules::token_malformed::evaluate,
    },
    CheckDef {
        rule: &rules::token_not_https::RULE,
        label: "scheme is https",
        by: Checker::Authenticator,
        eval: rules::token_not_https::evaluate,
    },
    CheckDef {
        rule: &rules::token_sts_host_rejected::RULE,
        label: "host is an STS endpoint of the cluster's partition",
        by: Checker::Authenticator,
        eval: rules::token_sts_host_rejected::evaluate,
    },
    CheckDef {
        rule: &rules::token_path_not_root::RULE,
        label: "path is `/`",
        by: Checker::Authenticator,
        eval: rules::token_path_not_root::evaluate,
    },
    CheckDef {
        rule: &rules::token_duplicate_param::RULE,
        label: "no query parameter given twice",
        by: Checker::Authenticator,
        eval: rules::token_duplicate_param::evaluate,
    },
    CheckDef {
        rule: &rules::token_unknown_param::RULE,
        label: "only the nine known query parameters",
        by: Checker::Authenticator,
        eval: rules::token_unknown_param::evaluate,
    },
    CheckDef {
        rule: &rules::token_wrong_action::RULE,
        label: "Action=GetCallerIdentity",
        by: Checker::Authenticator,
        eval: rules::token_wrong_action::evaluate,
    },
    CheckDef {
        rule: &rules::token_cluster_id_unsigned::RULE,
        label: "x-k8s-aws-id is a signed header",
        by: Checker::Authenticator,
        eval: rules::token_cluster_id_unsigned::evaluate,
    },
    CheckDef {
        rule: &rules::token_expires_out_of_range::RULE,
        label: "0 ≤ X-Amz-Expires ≤ 900",
        by: Checker::Authenticator,
        eval: rules::token_expires_out_of_range::evaluate,
    },
    CheckDef {
        rule: &rules::token_date_missing::RULE,
        label: "X-Amz-Date present and well-formed",
        by: Checker::Authenticator,
        eval: rules::token_date_missing::evaluate,
    },
    CheckDef {
        rule: &rules::token_expired::RULE,
        label: "signed less than 15 minutes ago",
        by: Checker::Authenticator,
        eval: rules::token_expired::evaluate,
    },
    CheckDef {
        rule: &rules::token_scope_mismatch::RULE,
        label: "credential scope is REGION/sts for the host's region",
        by: Checker::Sts,
        eval: rules::token_scope_mismatch::evaluate,
    },
    CheckDef {
        rule: &rules::token_date_in_future::RULE,
        label: "X-Amz-Date not more than 15 minutes ahead",
        by: Checker::Sts,
        eval: rules::token_date_in_future::evaluate,
    },
];

/// Runs every check on a token.
pub fn run(cx: &TokenCx) -> Vec<Outcome> {
    CHECKS
        .iter()
        .map(|c| Outcome {
            rule: c.rule,
            label: c.label,
            by: c.by,
            verdict: (c.eval)(cx),
        })
        .collect()
}

/// The error the authenticator returns for the first failing check, as its log
/// line shows it.
pub fn first_authenticator_error(outcomes: &[Outcome]) -> Option<String> {
    outcomes.iter().find_map(|o| match &o.verdict {
        Verdict::Fail { server_error, .. } if o.by == Checker::Authenticator => Some(format!(
            "input token was not properly formatted: {server_error}"
        )),
        _ => None,
    })
}
