//! ServiceAccount manifests for IRSA: the `eks.amazonaws.com/*` annotations the
//! EKS pod identity webhook reads, checked with the [`rules`], and explained as
//! what the webhook will inject into the account's pods and what the role's
//! trust policy must allow.
//!
//! [`identity`] gives the namespace, name, role ARN and audience of an account,
//! for cross-checking against a trust policy.

pub mod model;
pub mod overview;
pub mod role;
pub mod rules;

pub use model::{parse, AnnotationValue, Parsed, ServiceAccount};
pub use overview::Overview;

use super::finding::{Finding, Sink};
use super::report::{Explanation, Options};
use super::source::{Path, Pos};
use super::yamlpos::{DocLocator, PosTree};

/// Who a ServiceAccount is to IAM: what the trust policy sees in the token's
/// `sub` and `aud`, and the role its pods will ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Identity {
    /// `metadata.namespace`, or `default` when the manifest has none.
    pub namespace: String,
    /// False when the namespace was not written and `default` was assumed.
    pub namespace_given: bool,
    pub name: String,
    /// The `eks.amazonaws.com/role-arn` annotation, as written.
    pub role_arn: Option<String>,
    /// The `eks.amazonaws.com/audience` annotation, or the webhook's default `sts.amazonaws.com`.
    pub audience: String,
}

impl Identity {
    /// `system:serviceaccount:NAMESPACE:NAME`, the token's `sub`.
    pub fn subject(&self) -> String {
        format!("system:serviceaccount:{}:{}", self.namespace, self.name)
    }
}

/// The identity of a ServiceAccount (see [`Identity`]).
pub fn identity(sa: &ServiceAccount) -> Identity {
    Identity {
        namespace: sa.namespace.clone().unwrap_or_else(|| "default".into()),
        namespace_given: sa.namespace.is_some(),
        name: sa.display_name().to_string(),
        role_arn: sa.annotation(model::ROLE_ARN).map(|v| v.text().to_string()),
        audience: sa
            .annotation(model::AUDIENCE)
            .map(|v| v.text().to_string())
            .unwrap_or_else(|| model::DEFAULT_AUDIENCE.into()),
    }
}

/// What every ServiceAccount rule gets to look at: one account.
pub struct Cx<'a> {
    pub text: &'a str,
    pub sa: &'a ServiceAccount,
    pub pos: &'a PosTree,
    pub opts: &'a Options,
}

impl Cx<'_> {
    /// Where a path's key is.
    pub fn key_pos(&self, path: &Path) -> Option<Pos> {
        self.pos.locate(self.sa.doc, path)
    }
    /// Where the value at a path starts (its key when the value cannot be found).
    pub fn value_pos(&self, path: &Path) -> Option<Pos> {
        self.pos
            .locate_value(self.sa.doc, path)
            .or_else(|| self.key_pos(path))
    }
    /// The position of a byte offset within a single-line annotation value.
    pub fn value_offset_pos(&self, path: &Path, value: &str, offset: usize) -> Option<Pos> {
        let mut start = self.value_pos(path)?;
        // A quoted scalar's value starts after its quote.
        let quoted = super::source::LineIndex::new(self.text)
            .line(start.line)
            .and_then(|l| l.chars().nth(start.column.saturating_sub(1) as usize))
            .is_some_and(|c| c == '"' || c == '\'');
        if quoted {
            start.column += 1;
        }
        let mut o = offset.min(value.len());
        while !value.is_char_boundary(o) {
            o -= 1;
        }
        if value[..o].contains('\n') {
            return Some(start);
        }
        Some(Pos::new(
            start.line,
            start.column + value[..o].chars().count() as u32,
        ))
    }
}

/// Analyses an input holding one or more ServiceAccounts.
pub fn analyze(text: &str, opts: &Options) -> (Vec<Finding>, Explanation) {
    let parsed = match parse(text) {
        Ok(p) => p,
        Err(e) => return (vec![super::input::yaml_error(text, &e)], Explanation::None),
    };
    let pos = PosTree::new(text);
    let locator = DocLocator { tree: &pos, doc: 0 };
    let mut sink = Sink::new(&locator);
    if parsed.accounts.is_empty() {
        rules::no_service_account::report(&parsed, &mut sink);
    }
    for sa in &parsed.accounts {
        let cx = Cx {
            text,
            sa,
            pos: &pos,
            opts,
        };
        for (_, check) in rules::CHECKS {
            check(&cx, &mut sink);
        }
    }
    rules::workload_account_mismatch::report(&parsed, &pos, &mut sink);
    rules::pod_role_stale::report(&parsed, &pos, &mut sink);
    let overview = overview::build(&parsed, &pos);
    (
        sink.into_findings(),
        Explanation::ServiceAccount(Box::new(overview)),
    )
}
