//! Rule metadata: the user-facing documentation of every finding eksplain can
//! report. The app, the CLI (`eksplain rules`) and docs/rules.md all render it.

use super::finding::{Category, Severity};

/// What the input a rule applies to is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Domain {
    Input,
    Kubeconfig,
    Certificate,
    Exec,
    Token,
    AwsAuth,
    TrustPolicy,
    OidcProvider,
    ServiceAccount,
}

/// The documentation and defaults of one rule. One `static` per rule file.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code, e.g. `KC012`. Never reused for another meaning.
    pub code: &'static str,
    /// Short kebab-case name after the problem, e.g. `exec-api-version-removed`.
    pub name: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub domain: Domain,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// What it does, in a paragraph.
    pub what: &'static str,
    /// Why it matters: the consequence for the user.
    pub why: &'static str,
    /// A complete input that fires the rule (tested: it must fire).
    pub example: &'static str,
    /// The same input, fixed (tested: it must not fire).
    pub fixed: &'static str,
    /// One line on how to fix, used as a finding's default help.
    pub fix_summary: &'static str,
}
