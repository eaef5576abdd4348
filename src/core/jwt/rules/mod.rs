//! JWT rules: one file each, with its docs and tests. The order of [`RULES`]
//! is the order of the rule reference.

use super::decode::DecodeError;
use super::Cx;
use crate::core::finding::{Finding, NoPositions, Sink};
use crate::core::rule::rule_lists;
use crate::core::source::{Path, Pos};

pub mod alg_not_accepted;
pub mod audience_not_sts;
pub mod expired;
pub mod issuer_not_eks;
pub mod legacy_secret_token;
pub mod not_three_segments;
pub mod not_yet_valid;
pub mod segment_not_base64url;
pub mod segment_not_json;
pub mod subject_mismatch;
pub mod unsigned;

/// A rule's check on a decoded token.
pub type Check = fn(&Cx, &mut Sink);

rule_lists! {
    Check;
    elsewhere not_three_segments,
    elsewhere segment_not_base64url,
    elsewhere segment_not_json,
    unsigned,
    alg_not_accepted,
    expired,
    not_yet_valid,
    audience_not_sts,
    issuer_not_eks,
    legacy_secret_token,
    subject_mismatch,
}

/// The finding for a token that cannot be decoded. Positions point into the
/// token unless it was wrapped over several lines (then at its start).
pub fn malformed(e: &DecodeError, origin: Pos, wrapped: bool) -> Finding {
    let at = |offset: usize| {
        if wrapped {
            origin
        } else {
            Pos::new(origin.line, origin.column + offset as u32)
        }
    };
    let mut sink = Sink::new(&NoPositions);
    match e {
        DecodeError::Segments { count } => {
            sink.report(
                &not_three_segments::RULE,
                Path::root(),
                not_three_segments::message(*count),
            )
            .at(Some(origin));
        }
        DecodeError::Base64 {
            segment,
            offset,
            problem,
        } => {
            sink.report(
                &segment_not_base64url::RULE,
                Path::root().k(super::decode::SEGMENT_NAMES[(*segment).min(2)]),
                format!(
                    "The token's {} segment is not valid base64url: {problem}.",
                    super::decode::SEGMENT_NAMES[(*segment).min(2)]
                ),
            )
            .at(Some(at(*offset)));
        }
        DecodeError::Json {
            segment,
            offset,
            json_line,
            json_column,
            message,
        } => {
            let name = super::decode::SEGMENT_NAMES[(*segment).min(2)];
            let place = if *json_line > 1 {
                format!("line {json_line}, column {json_column}")
            } else {
                format!("column {json_column}")
            };
            sink.report(
                &segment_not_json::RULE,
                Path::root().k(name),
                format!("The token's {name} segment decodes, but not to a JSON object: {message} (at {place} of the decoded JSON)."),
            )
            .at(Some(at(*offset)));
        }
    }
    sink.into_findings().pop().expect("one finding")
}

/// Shared imports for rule files.
pub mod prelude {
    pub use crate::core::finding::{Category, Severity, Sink};
    pub use crate::core::jwt::Cx;
    pub use crate::core::rule::{Domain, RuleMeta};
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

    /// `(code, line, column, severity, message)` of every finding for a token.
    pub fn findings(text: &str) -> Vec<Row> {
        t::full_rows(run(text))
    }

    pub fn messages_of(code: &str, text: &str) -> Vec<String> {
        t::messages_of(code, &run(text))
    }

    /// The columns at which `code` fires.
    pub fn columns_of(code: &str, text: &str) -> Vec<u32> {
        t::columns_of(code, &run(text))
    }

    /// A token with these header and claims JSON texts and a fixed fake signature.
    pub fn token(header: &str, claims: &str) -> String {
        use base64::Engine;
        let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.{}",
            e.encode(header),
            e.encode(claims),
            "c2lnbmF0dXJlLW5vdC12ZXJpZmlhYmxlLW9mZmxpbmU"
        )
    }
}
