//! OIDC provider rules: one file each, with its docs and tests. The order of
//! [`RULES`] is the order of the rule reference.

use super::Cx;
use crate::core::finding::Sink;
use crate::core::rule::rule_lists;

pub mod account_id_invalid;
pub mod arn_region_not_empty;
pub mod arn_service_not_iam;
pub mod client_id_not_sts;
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

rule_lists! {
    Check;
    elsewhere not_a_provider,
    arn_service_not_iam,
    arn_region_not_empty,
    account_id_invalid,
    partition_unknown,
    partition_mismatch,
    scheme_misplaced,
    trailing_slash,
    eks_host_misshapen,
    region_unknown,
    oidc_id_invalid,
    oidc_id_lowercase,
    issuer_path_invalid,
    issuer_not_https,
    dual_stack_issuer,
    not_an_eks_issuer,
    template_placeholder,
    documentation_example,
    elsewhere provider_cluster_mismatch,
    elsewhere client_id_not_sts,
}

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
    use crate::core::testing as t;
    use crate::core::Finding;

    fn run(text: &str) -> Vec<Finding> {
        super::super::analyze(text, &Options { now: Some(DOC_NOW) }).0
    }

    /// `(code, line, column, severity)` of every finding for an input.
    pub fn findings(text: &str) -> Vec<(&'static str, Option<u32>, Option<u32>, &'static str)> {
        run(text)
            .iter()
            .map(|f| (f.code(), f.line(), f.column(), f.severity.as_str()))
            .collect()
    }

    /// The columns at which `code` fires (inputs are one line).
    pub fn columns_of(code: &str, text: &str) -> Vec<u32> {
        t::columns_of(code, &run(text))
    }

    /// The messages of `code`'s findings.
    pub fn messages_of(code: &str, text: &str) -> Vec<String> {
        t::messages_of(code, &run(text))
    }
}
