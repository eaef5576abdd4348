//! The `aws-auth` ConfigMap: how EKS maps IAM roles and users to Kubernetes
//! users and groups (`mapRoles`, `mapUsers`, `mapAccounts`), the rules about
//! entries that never match or grant too much (`AA…`), which user and groups an
//! IAM ARN gets ([`map_identity`]), and EKS access entries, which take
//! precedence over it.

mod loose;
pub mod map;
pub mod model;
pub mod rules;
mod view;

pub use map::{canonicalize, map_identity, MappedIdentity, Principal};
pub use model::{AwsAuth, Entry, Kind};
pub use view::AwsAuthView;

use super::finding::{Finding, Sink};
use super::report::{Explanation, Options};

/// What every aws-auth rule gets to look at.
pub struct AwsAuthCx<'a> {
    pub aws: &'a AwsAuth,
    pub opts: &'a Options,
}

/// Parses an aws-auth ConfigMap (YAML or JSON) without reporting anything.
pub fn parse_text(text: &str) -> Result<AwsAuth, serde_yaml::Error> {
    let doc: serde_yaml::Value = serde_yaml::from_str(text)?;
    Ok(model::parse(text, &doc).0)
}

pub fn analyze(text: &str, opts: &Options) -> (Vec<Finding>, Explanation) {
    let doc: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(d) => d,
        Err(e) => return (vec![super::input::yaml_error(text, &e)], Explanation::None),
    };
    let (aws, locator) = model::parse(text, &doc);
    let mut sink = Sink::new(&locator);
    let cx = AwsAuthCx { aws: &aws, opts };
    for (_, check) in rules::CHECKS {
        check(&cx, &mut sink);
    }
    let view = AwsAuthView::new(&aws, &locator);
    (sink.into_findings(), Explanation::AwsAuth(Box::new(view)))
}
