//! ServiceAccount rules: one file each, with its docs and tests. The order of
//! [`RULES`] is the order of the rule reference.

use super::Cx;
use crate::core::finding::Sink;
use crate::core::rule::rule_lists;

pub mod annotation_key_unknown;
pub mod annotation_not_string;
pub mod audience_not_sts;
pub mod namespace_missing;
pub mod no_service_account;
pub mod pod_role_stale;
pub mod role_arn_malformed;
pub mod role_arn_missing;
pub mod role_arn_not_a_role;
pub mod role_arn_placeholder;
pub mod sts_regional_invalid;
pub mod token_expiration_invalid;
pub mod workload_account_mismatch;

/// A rule's check on one ServiceAccount.
pub type Check = fn(&Cx, &mut Sink);

rule_lists! {
    Check;
    role_arn_not_a_role,
    role_arn_malformed,
    role_arn_placeholder,
    role_arn_missing,
    annotation_not_string,
    annotation_key_unknown,
    audience_not_sts,
    token_expiration_invalid,
    sts_regional_invalid,
    namespace_missing,
    elsewhere no_service_account,
    elsewhere workload_account_mismatch,
    elsewhere pod_role_stale,
}

/// Shared imports for rule files.
pub mod prelude {
    pub use crate::core::finding::{Category, Severity, Sink};
    pub use crate::core::rule::{Domain, RuleMeta};
    pub use crate::core::serviceaccount::model::{self, AnnotationValue};
    pub use crate::core::serviceaccount::Cx;
}

/// The string value of an annotation, with its path (non-strings are SA005's).
pub fn string_annotation<'a>(
    cx: &'a Cx,
    key: &str,
) -> Option<(&'a str, crate::core::source::Path)> {
    let v = cx.sa.annotation(key)?.as_str()?;
    Some((v, cx.sa.annotation_path(key)))
}

#[cfg(test)]
pub mod testing {
    use crate::core::registry::DOC_NOW;
    use crate::core::report::Options;
    use crate::core::testing as t;
    use crate::core::testing::Row;
    use crate::core::Finding;

    fn run(text: &str) -> Vec<Finding> {
        super::super::analyze(text, &Options { now: Some(DOC_NOW) }).0
    }

    /// `(code, line, column, severity, message)` of every finding.
    pub fn findings(text: &str) -> Vec<Row> {
        t::full_rows(run(text))
    }

    pub fn messages_of(code: &str, text: &str) -> Vec<String> {
        t::messages_of(code, &run(text))
    }

    /// `(line, column)` where `code` fires.
    pub fn at(code: &str, text: &str) -> Vec<(u32, u32)> {
        t::at(code, &run(text))
    }

    /// A ServiceAccount manifest with these annotation lines (already indented by 4).
    pub fn sa(annotations: &str) -> String {
        format!("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n{annotations}")
    }
}
