//! JWTs, above all Kubernetes service-account tokens: decoded locally (header
//! and claims, never the whole token), checked with the [`rules`], and explained —
//! who the token speaks for, for whom it is meant, when it is valid, and what an
//! IRSA trust policy sees of it. The signature cannot be verified offline; the
//! explanation says so.

pub mod claims;
pub mod decode;
pub mod overview;
pub mod rules;

pub use claims::{Claims, TokenKind};
pub use decode::{decode, DecodeError, Decoded};
pub use overview::Overview;

use super::finding::{Finding, NoPositions, Sink};
use super::report::{Explanation, Options};
use super::source::{Path, Pos};

/// What every JWT rule gets to look at.
pub struct Cx<'a> {
    pub d: &'a Decoded,
    pub c: &'a Claims,
    pub opts: &'a Options,
}

impl Cx<'_> {
    /// Where the header segment starts.
    pub fn header_pos(&self) -> Option<Pos> {
        Some(self.d.segment_pos(0))
    }
    /// Where the claims segment starts (claim findings point here).
    pub fn claims_pos(&self) -> Option<Pos> {
        Some(self.d.segment_pos(1))
    }
    pub fn signature_pos(&self) -> Option<Pos> {
        Some(self.d.segment_pos(2))
    }
    /// `claims.NAME`
    pub fn claim(&self, name: &str) -> Path {
        Path::root().k("claims").k(name)
    }
    /// True when the token is meant for IRSA or is a Kubernetes service-account
    /// token (the tokens IRSA-specific rules are about).
    pub fn is_service_account_token(&self) -> bool {
        self.c.kind() == TokenKind::Projected
            || self
                .c
                .iss
                .as_deref()
                .is_some_and(|i| super::oidc::parse_provider(i).is_ok_and(|p| p.is_eks()))
    }
}

/// Analyses a pasted token.
pub fn analyze(text: &str, opts: &Options) -> (Vec<Finding>, Explanation) {
    let d = match decode(text) {
        Ok(d) => d,
        Err(e) => {
            let (origin, wrapped) = decode::origin_of(text);
            return (
                vec![rules::malformed(&e, origin, wrapped)],
                Explanation::None,
            );
        }
    };
    let c = Claims::read(&d.claims);
    let cx = Cx { d: &d, c: &c, opts };
    let mut sink = Sink::new(&NoPositions);
    for (_, check) in rules::CHECKS {
        check(&cx, &mut sink);
    }
    let overview = overview::build(&d, &c, opts);
    (sink.into_findings(), Explanation::Jwt(Box::new(overview)))
}
