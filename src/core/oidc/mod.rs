//! OIDC providers: IAM OIDC provider ARNs, EKS issuer URLs and condition-key
//! prefixes. Finds every provider (and EKS API endpoint) in the input, checks
//! each with the [`rules`], cross-checks providers against endpoints, and shows
//! each provider written all three ways with the commands to compare it
//! against the account.
//!
//! [`parse_provider`] is the reusable parser (the trust-policy analysis uses it
//! for `Federated` principals and condition keys); [`check_provider`] runs the
//! rules on one parsed provider wherever it came from.

pub mod arn;
pub mod cross_check;
mod hostpath;
pub mod overview;
pub mod parse;
pub mod partition;
pub mod placeholder;
pub mod provider;
pub mod rules;
pub mod scan;

pub use cross_check::cross_check;
pub use overview::Overview;
pub use parse::{parse_at, parse_provider, Form, HostKind, NotAProvider, Piece, ProviderParse};
pub use partition::Partition;

use super::finding::{sort_findings, Finding, NoPositions, Sink};
use super::report::{Explanation, Options};
use super::source::{Path, Pos};

/// What every OIDC rule gets to look at: one provider.
pub struct Cx<'a> {
    pub p: &'a ProviderParse,
    /// Path of this provider in the input: the root, or `[n]` when the input lists several.
    pub base: Path,
    pub opts: &'a Options,
}

impl Cx<'_> {
    /// Where a piece of the provider starts.
    pub fn at(&self, piece: &Piece) -> Option<Pos> {
        Some(self.p.pos(piece.offset))
    }
    /// A path below this provider.
    pub fn path(&self, key: &str) -> Path {
        self.base.k(key)
    }
    /// Help that gives the correct form, or, when it cannot be worked out,
    /// says where to copy the issuer from.
    pub fn use_instead_or_copy(&self) -> String {
        match self.use_instead() {
            Some(fixed) => format!("Use `{fixed}`."),
            None => "Copy the issuer from `aws eks describe-cluster --name CLUSTER --query cluster.identity.oidc.issuer --output text`.".into(),
        }
    }
    /// The provider in its correct form, as a sentence fragment for help texts.
    pub fn use_instead(&self) -> Option<String> {
        let c = self.p.canonical()?;
        Some(match self.p.form {
            Form::Arn => c.arn().unwrap_or_else(|| c.arn_with_account("ACCOUNT_ID")),
            Form::IssuerUrl => c.issuer(),
            Form::HostPath => c.key_prefix(),
            Form::ConditionKey => {
                let suffix = self
                    .p
                    .key_suffix
                    .as_ref()
                    .map(|s| s.text.as_str())
                    .unwrap_or(":sub");
                format!("{}{suffix}", c.key_prefix())
            }
        })
    }
}

/// Runs every OIDC rule on one provider. `base` prefixes the findings' paths.
pub fn check_provider(p: &ProviderParse, base: Path, opts: &Options) -> Vec<Finding> {
    let cx = Cx { p, base, opts };
    let mut sink = Sink::new(&NoPositions);
    for (_, check) in rules::CHECKS {
        check(&cx, &mut sink);
    }
    sink.into_findings()
}

/// Analyses an input holding one or more providers (and perhaps EKS endpoints).
pub fn analyze(text: &str, opts: &Options) -> (Vec<Finding>, Explanation) {
    let found = scan::scan(text);
    let several = found.providers.len() > 1;
    let mut findings = Vec::new();
    let mut parsed = Vec::new();
    for (i, (token, origin)) in found.providers.iter().enumerate() {
        let base = if several {
            Path::root().i(i)
        } else {
            Path::root()
        };
        match parse_at(token, *origin) {
            Ok(p) => {
                findings.extend(check_provider(&p, base, opts));
                parsed.push(p);
            }
            Err(why) => findings.push(rules::not_a_provider::finding(&why, token, *origin, base)),
        }
    }
    if found.providers.is_empty() {
        findings.push(rules::not_a_provider::finding(
            &NotAProvider::Unrecognised,
            text.trim(),
            Pos::new(1, 1),
            Path::root(),
        ));
    }
    findings.extend(cross_check::against_endpoints(&parsed, &found.endpoints));
    findings.extend(rules::client_id_not_sts::check_input(text, &parsed));
    sort_findings(&mut findings);
    let overview = overview::build(
        &parsed,
        &found.endpoints,
        &found.clusters,
        found.auth_mode.clone(),
    );
    (findings, Explanation::OidcProvider(Box::new(overview)))
}
