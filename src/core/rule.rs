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

/// Declares a domain's `RULES` (every rule, in documentation order) and
/// `CHECKS` (the rules that run on the domain's context, in the same order)
/// from ONE list of rule modules, so that no rule can be documented without
/// running or run without being documented. Each module has a `RULE` and a
/// `check`; a module marked `elsewhere` is reported outside the check loop
/// (while parsing, say) and is left out of `CHECKS`. With `Entry = mac;`,
/// `CHECKS` holds `mac!(module)` for each module instead of `(&RULE, check)`.
///
/// ```ignore
/// rule_lists! { Check; elsewhere not_three_segments, unsigned, expired }
/// rule_lists! { Rule = rule; elsewhere json_syntax, version_missing }
/// ```
macro_rules! rule_lists {
    ($entry_ty:ty = $entry:ident; $($items:tt)*) => {
        $crate::core::rule::rule_lists!(@lists $entry_ty, $entry; $($items)*);
    };
    ($check:ty; $($items:tt)*) => {
        $crate::core::rule::rule_lists!(@lists (&'static $crate::core::rule::RuleMeta, $check), default; $($items)*);
    };
    (@lists $entry_ty:ty, $entry:ident; $($items:tt)*) => {
        /// Every rule of this domain, in documentation order.
        pub static RULES: &[&$crate::core::rule::RuleMeta] =
            $crate::core::rule::rule_lists!(@rules [] $($items)*);
        /// The rules that run on this domain's context, in documentation
        /// order (findings are sorted afterwards, so the order does not show).
        pub static CHECKS: &[$entry_ty] =
            $crate::core::rule::rule_lists!(@checks $entry [] $($items)*);
    };
    (@rules [$($o:tt)*] $(,)?) => { &[$($o)*] };
    (@rules [$($o:tt)*] elsewhere $m:ident $(, $($rest:tt)*)?) => {
        $crate::core::rule::rule_lists!(@rules [$($o)* &$m::RULE,] $($($rest)*)?)
    };
    (@rules [$($o:tt)*] $m:ident $(, $($rest:tt)*)?) => {
        $crate::core::rule::rule_lists!(@rules [$($o)* &$m::RULE,] $($($rest)*)?)
    };
    (@checks $e:ident [$($o:tt)*] $(,)?) => { &[$($o)*] };
    (@checks $e:ident [$($o:tt)*] elsewhere $m:ident $(, $($rest:tt)*)?) => {
        $crate::core::rule::rule_lists!(@checks $e [$($o)*] $($($rest)*)?)
    };
    (@checks default [$($o:tt)*] $m:ident $(, $($rest:tt)*)?) => {
        $crate::core::rule::rule_lists!(@checks default [$($o)* (&$m::RULE, $m::check),] $($($rest)*)?)
    };
    (@checks $e:ident [$($o:tt)*] $m:ident $(, $($rest:tt)*)?) => {
        $crate::core::rule::rule_lists!(@checks $e [$($o)* $e!($m),] $($($rest)*)?)
    };
}
pub(crate) use rule_lists;
