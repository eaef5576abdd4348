//! Trust-policy rules: one file each, with its docs and tests. The order of
//! [`CHECKS`] is the order of the rule reference. Rules that IAM Access
//! Analyzer also has say so: their findings end with the Access Analyzer
//! finding type and title, and their severity follows its type (ERROR →
//! error, SECURITY_WARNING → security warning, WARNING → warning,
//! SUGGESTION → info).

use super::Cx;
use crate::core::finding::{Finding, Sink};
use crate::core::rule::RuleMeta;

pub mod action_missing;
pub mod action_unknown;
pub mod condition_key_case_duplicate;
pub mod condition_key_format;
pub mod condition_key_never_present;
pub mod condition_operator_invalid;
pub mod condition_value_mismatch;
pub mod condition_value_type;
pub mod duplicate_json_key;
pub mod effect_invalid;
pub mod federated_principal_invalid;
pub mod forallvalues_single_valued;
pub mod json_syntax;
pub mod not_principal;
pub mod oidc_aud_missing;
pub mod oidc_aud_wrong;
pub mod oidc_key_wrong_provider;
pub mod oidc_sub_unrestricted;
pub mod pod_identity_actions;
pub mod pod_identity_tag_key;
pub mod policy_too_large;
pub mod principal_key_invalid;
pub mod principal_missing;
pub mod principal_wildcard;
pub mod resource_in_trust_policy;
pub mod service_principal_typo;
pub mod sid_duplicate;
pub mod sid_invalid;
pub mod statement_missing;
pub mod subject_case_mismatch;
pub mod subject_invalid;
pub mod unknown_element;
pub mod variable_in_old_version;
pub mod version_invalid;
pub mod version_missing;
pub mod web_identity_action_mismatch;
pub mod wildcard_without_like;

/// A rule's check.
pub type Check = fn(&Cx, &mut Sink);

/// The IAM Access Analyzer finding types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AaType {
    Error,
    SecurityWarning,
    Warning,
    Suggestion,
}

impl AaType {
    pub fn as_str(self) -> &'static str {
        match self {
            AaType::Error => "ERROR",
            AaType::SecurityWarning => "SECURITY_WARNING",
            AaType::Warning => "WARNING",
            AaType::Suggestion => "SUGGESTION",
        }
    }
}

/// The Access Analyzer check a rule corresponds to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Aa {
    pub kind: AaType,
    pub title: &'static str,
}

impl Aa {
    pub const fn error(title: &'static str) -> Option<Aa> {
        Some(Aa {
            kind: AaType::Error,
            title,
        })
    }
    pub const fn security(title: &'static str) -> Option<Aa> {
        Some(Aa {
            kind: AaType::SecurityWarning,
            title,
        })
    }
    pub const fn warning(title: &'static str) -> Option<Aa> {
        Some(Aa {
            kind: AaType::Warning,
            title,
        })
    }
    pub const fn suggestion(title: &'static str) -> Option<Aa> {
        Some(Aa {
            kind: AaType::Suggestion,
            title,
        })
    }
}

/// A rule: its docs, its check, and its Access Analyzer counterpart.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Check,
    pub aa: Option<Aa>,
}

macro_rules! rule {
    ($m:ident) => {
        Rule {
            meta: &$m::RULE,
            check: $m::check,
            aa: $m::AA,
        }
    };
}

/// Every check that runs on a parsed policy (JSON syntax is checked while reading).
pub static CHECKS: &[Rule] = &[
    rule!(duplicate_json_key),
    rule!(unknown_element),
    rule!(version_missing),
    rule!(version_invalid),
    rule!(variable_in_old_version),
    rule!(statement_missing),
    rule!(sid_duplicate),
    rule!(sid_invalid),
    rule!(effect_invalid),
    rule!(principal_missing),
    rule!(principal_key_invalid),
    rule!(principal_wildcard),
    rule!(not_principal),
    rule!(action_missing),
    rule!(action_unknown),
    rule!(resource_in_trust_policy),
    rule!(condition_operator_invalid),
    rule!(condition_key_format),
    rule!(condition_key_case_duplicate),
    rule!(condition_value_type),
    rule!(condition_value_mismatch),
    rule!(wildcard_without_like),
    rule!(forallvalues_single_valued),
    rule!(federated_principal_invalid),
    rule!(web_identity_action_mismatch),
    rule!(oidc_key_wrong_provider),
    rule!(oidc_sub_unrestricted),
    rule!(oidc_aud_wrong),
    rule!(subject_invalid),
    rule!(subject_case_mismatch),
    rule!(pod_identity_actions),
    rule!(pod_identity_tag_key),
    rule!(condition_key_never_present),
    rule!(service_principal_typo),
    rule!(oidc_aud_missing),
    rule!(policy_too_large),
];

/// Every trust-policy rule, in documentation order.
pub static RULES: &[&RuleMeta] = &[
    &json_syntax::RULE,
    &duplicate_json_key::RULE,
    &unknown_element::RULE,
    &version_missing::RULE,
    &version_invalid::RULE,
    &variable_in_old_version::RULE,
    &statement_missing::RULE,
    &sid_duplicate::RULE,
    &sid_invalid::RULE,
    &effect_invalid::RULE,
    &principal_missing::RULE,
    &principal_key_invalid::RULE,
    &principal_wildcard::RULE,
    &not_principal::RULE,
    &action_missing::RULE,
    &action_unknown::RULE,
    &resource_in_trust_policy::RULE,
    &condition_operator_invalid::RULE,
    &condition_key_format::RULE,
    &condition_key_case_duplicate::RULE,
    &condition_value_type::RULE,
    &condition_value_mismatch::RULE,
    &wildcard_without_like::RULE,
    &forallvalues_single_valued::RULE,
    &federated_principal_invalid::RULE,
    &web_identity_action_mismatch::RULE,
    &oidc_key_wrong_provider::RULE,
    &oidc_sub_unrestricted::RULE,
    &oidc_aud_wrong::RULE,
    &subject_invalid::RULE,
    &subject_case_mismatch::RULE,
    &pod_identity_actions::RULE,
    &pod_identity_tag_key::RULE,
    &condition_key_never_present::RULE,
    &service_principal_typo::RULE,
    &oidc_aud_missing::RULE,
    &policy_too_large::RULE,
];

/// The Access Analyzer counterpart of the rule with this code.
pub fn access_analyzer(code: &str) -> Option<Aa> {
    if code == json_syntax::RULE.code {
        return json_syntax::AA;
    }
    CHECKS.iter().find(|r| r.meta.code == code)?.aa
}

/// Ends each finding's help with its Access Analyzer finding type and title.
/// A finding whose help already speaks of Access Analyzer (a rule that maps
/// one case to another AA check, or to none) is left as it is.
pub fn annotate(findings: &mut [Finding]) {
    for f in findings {
        if f.help.contains("IAM Access Analyzer") {
            continue;
        }
        if let Some(aa) = access_analyzer(f.code()) {
            f.help.push_str(&format!(
                "\nIAM Access Analyzer: {} “{}”.",
                aa.kind.as_str(),
                aa.title
            ));
        }
    }
}

/// Shared imports for rule files.
pub mod prelude {
    pub use super::Aa;
    pub use crate::core::finding::{Category, Severity, Sink};
    pub use crate::core::policy::model::{CondEntry, Statement, Text};
    pub use crate::core::policy::Cx;
    pub use crate::core::rule::{Domain, RuleMeta};
    pub use crate::core::source::Path;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::finding::Severity;

    #[test]
    fn every_check_is_documented_and_severity_follows_access_analyzer() {
        assert_eq!(CHECKS.len() + 1, RULES.len());
        for r in CHECKS {
            assert!(
                RULES.contains(&r.meta),
                "{} missing from RULES",
                r.meta.code
            );
        }
        for r in RULES {
            let Some(aa) = access_analyzer(r.code) else {
                continue;
            };
            let want = match aa.kind {
                AaType::Error => Severity::Error,
                AaType::SecurityWarning | AaType::Warning => Severity::Warning,
                AaType::Suggestion => Severity::Info,
            };
            assert_eq!(r.severity, want, "{}", r.code);
            if aa.kind == AaType::SecurityWarning {
                assert_eq!(
                    r.category,
                    crate::core::finding::Category::Security,
                    "{}",
                    r.code
                );
            }
        }
    }
}
