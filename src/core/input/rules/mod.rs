//! Input-level rules.
use crate::core::rule::RuleMeta;

pub mod nesting_too_deep;
pub mod schema_type;
pub mod unknown_input;
pub mod yaml_syntax;

pub static RULES: &[&RuleMeta] = &[
    &yaml_syntax::RULE,
    &schema_type::RULE,
    &unknown_input::RULE,
    &nesting_too_deep::RULE,
];
