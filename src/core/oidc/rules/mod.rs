//! OIDC provider rules: one file each, with its docs and tests. The order of
//! [`RULES`] is the order of the rule reference.

use super::Cx;
use crate::core::finding::Sink;
use crate::core::rule::RuleMeta;

pub mod account_id_invalid;
pub mod arn_region_not_empty;
pub mod arn_service_not_iam;
pub mod documentation_example;
pub mod dual_stack_issuer;
pub mod eks_host_misshapen;
pub mod issuer_not_https;
pub mod issuer_path_invalid;
pub mod not_a_provider;
pub mod not_an_eks_issuer;
pub mod oidc_id_invalid;
pub mod oidc_id_lowercase;
pub mod partition_mismatch;
pub mod partition_unknown;
pub mod provider_cluster_mismatch;
pub mod region_unknown;
pub mod scheme_misplaced;
pub mod template_placeholder;
pub mod trailing_slash;

/// A rule's check on one provider.
pub type Check = fn(&Cx, &mut Sink);

/// Per-provider checks. OIDC001 (not a provider) and OIDC019 (cross-check)
/// are reported by the analysis itself.
pub static CHECKS: &[(&RuleMeta, Check)] = &[
    (&arn_service_not_iam::RULE, arn_service_not_iam::check),
    (&arn_region_not_empty::RULE, arn_region_not_empty::check),
    (&account_id_invalid::RULE, account_id_invalid::check),
    (&partition_unknown::RULE, partition_unknown::check),
    (&partition_mismatch::RULE, partition_mismatch::check),
    (&scheme_misplaced::RULE, scheme_misplaced::check),
    (&trailing_slash::RULE, trailing_slash::check),
    (&eks_host_misshapen::RULE, eks_host_misshapen::check),
    (&region_unknown::RULE, region_unknown::check),
    (&oidc_id_invalid::RULE, oidc_id_invalid::check),
    (&oidc_id_lowercase::RULE, oidc_id_lowercase::check),
    (&issuer_path_invalid::RULE, issuer_path_invalid::check),
    (&issuer_not_https::RULE, issuer_not_https::check),
    (&dual_stack_issuer::RULE, dual_stack_issuer::check),
    (&not_an_eks_issuer::RULE, not_an_eks_issuer::check),
    (&template_placeholder::RULE, template_placeholder::check),
    (&documentation_example::RULE, documentation_example::check),
];

pub static RULES: &[&RuleMeta] = &[
    &not_a_provider::RULE,
    &arn_service_not_iam::RULE,
    &arn_region_not_empty::RULE,
    &account_id_invalid::RULE,
    &partition_unknown::RULE,
    &partition_mismatch::RULE,
    &scheme_misplaced::RULE,
    &trailing_slash::RULE,
    &eks_host_misshapen::RULE,
    &region_unknown::RULE,
    &oidc_id_invalid::RULE,
    &oidc_id_lowercase::RULE,
    &issuer_path_invalid::RULE,
    &issuer_not_https::RULE,
    &dual_stack_issuer::RULE,
    &not_an_eks_issuer::RULE,
    &template_placeholder::RULE,
    &documentation_example::RULE,
    &provider_cluster_mismatch::RULE,
];

/// Shared imports for rule files.
pub mod prelude {
    pub use crate::core::finding::{Category, Severity, Sink};
    pub use crate::core::oidc::parse::{Form, HostKind, Piece};
    pub use crate::core::oidc::Cx;
    pub use crate::core::rule::{Domain, RuleMeta};
}

#[cfg(test)]
pub mod testing {
    use crate::core::registry::DOC_NOW;
    use crate::core::report::Options;

    /// `(code, line, column, severity)` of every finding for an input.
    pub fn findings(text: &str) -> Vec<(&'static str, Option<u32>, Option<u32>, &'static str)> {
        let opts = Options { now: Some(DOC_NOW) };
        let (f, _) = super::super::analyze(text, &opts);
        f.iter()
            .map(|f| (f.code(), f.line(), f.column(), f.severity.as_str()))
            .collect()
    }

    /// The columns at which `code` fires (inputs are one line).
    pub fn columns_of(code: &str, text: &str) -> Vec<u32> {
        findings(text)
            .into_iter()
            .filter(|f| f.0 == code)
            .map(|f| f.2.unwrap_or(0))
            .collect()
    }

    /// The messages of `code`'s findings.
    pub fn messages_of(code: &str, text: &str) -> Vec<String> {
        let opts = Options { now: Some(DOC_NOW) };
        let (f, _) = super::super::analyze(text, &opts);
        f.into_iter()
            .filter(|f| f.code() == code)
            .map(|f| f.message)
            .collect()
    }
}
