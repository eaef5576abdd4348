//! The pure core: text in, [`Report`] out. Nothing here touches the DOM, the
//! clock, the network or the file system; the current time is an argument.

pub mod awsauth;
pub mod cert;
pub mod cross;
pub mod deadline;
pub mod detect;
pub mod exec;
pub mod finding;
pub mod input;
pub mod json;
pub mod jwt;
pub mod kubeconfig;
pub mod oidc;
pub mod policy;
pub mod redact;
pub mod registry;
pub mod render;
pub mod report;
pub mod rule;
pub mod secret;
pub mod serviceaccount;
pub mod source;
pub mod suggest;
#[cfg(test)]
pub mod testing;
pub mod time;
pub mod token;
#[cfg(any(test, target_arch = "wasm32"))]
pub mod wire;
pub mod yamlpos;

// Fast paths for whole-input passes (numbers in docs/bench.md).
pub mod fxhash;
pub mod scan;
pub mod yamlfast;

/// A string literal (`&'static str`) held in a report. The alias exists for the
/// page's wire format (`wire::static_str`): serde's derive treats a field written
/// `&'static str` as borrowed from the input, which a report decoded from a
/// message buffer cannot be.
pub type StaticStr = &'static str;

pub use detect::{detect, InputKind};
pub use finding::{Category, Finding, Severity};
pub use report::{analyze, analyze_as, Explanation, Options, Report};
pub use rule::RuleMeta;
pub use source::{Path, Pos};

/// A point in time as seconds since the Unix epoch (UTC). Passed in, never read.
pub type UnixTime = i64;
