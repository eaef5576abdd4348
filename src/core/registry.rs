//! Every rule eksplain has, in documentation order.

use super::rule::RuleMeta;
use super::{awsauth, cert, exec, input, jwt, kubeconfig, oidc, policy, serviceaccount, token};

/// All rules, grouped by domain in the order the docs list them.
pub fn all() -> Vec<&'static RuleMeta> {
    let groups: &[&[&'static RuleMeta]] = &[
        input::rules::RULES,
        kubeconfig::rules::RULES,
        exec::RULES,
        token::rules::RULES,
        awsauth::rules::RULES,
        oidc::rules::RULES,
        jwt::rules::RULES,
        serviceaccount::rules::RULES,
        policy::rules::RULES,
        cert::rules::RULES,
    ];
    groups.iter().flat_map(|g| g.iter().copied()).collect()
}

/// The rule with this code.
pub fn by_code(code: &str) -> Option<&'static RuleMeta> {
    all()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

/// The fixed clock for rule examples and fixture snapshots: 2026-01-01T00:00:00Z.
pub const DOC_NOW: crate::core::UnixTime = 1_767_225_600;
