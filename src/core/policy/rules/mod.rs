//! Trust-policy rules: one file each, with its docs and tests. The order of
//! [`CHECKS`] is the order of the rule reference. Rules that IAM Access
//! Analyzer also has say so: their findings end with the Access Analyzer
//! finding type and title, and their severity follows its type (ERROR →
//! error, SECURITY_WARNING → security warning, WARNING → warning,
//! SUGGESTION → info).

use super::Cx;
use crate::core::finding::{Finding, Sink};
use crate::core::rule::{rule_lists, RuleMeta};

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
pub mod oidc_open_to_anyone;
pub mod oidc_sub_unrestricted;
pub mod pod_identity_actions;
pub mod pod_identity_tag_key;
pub mod policy_template;
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

/// Errors that mean the statement works, for far more callers than meant:
/// a principal of `*`, a provider anyone can get tokens from.
pub const OPEN_TO_ANYONE: &[&str] = &["TP013", "TP039"];

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

rule_lists! {
    Rule = rule;
    elsewhere json_syntax,
    duplicate_json_key,
    unknown_element,
    version_missing,
    version_invalid,
    variable_in_old_version,
    statement_missing,
    sid_duplicate,
    sid_invalid,
    effect_invalid,
    principal_missing,
    principal_key_invalid,
    principal_wildcard,
    not_principal,
    action_missing,
    action_unknown,
    resource_in_trust_policy,
    condition_operator_invalid,
    condition_key_format,
    condition_key_case_duplicate,
    condition_value_type,
    condition_value_mismatch,
    wildcard_without_like,
    forallvalues_single_valued,
    federated_principal_invalid,
    web_identity_action_mismatch,
    oidc_key_wrong_provider,
    oidc_sub_unrestricted,
    oidc_open_to_anyone,
    oidc_aud_wrong,
    subject_invalid,
    subject_case_mismatch,
    pod_identity_actions,
    pod_identity_tag_key,
    condition_key_never_present,
    service_principal_typo,
    oidc_aud_missing,
    policy_too_large,
    policy_template,
}

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
