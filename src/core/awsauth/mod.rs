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

/// The line of `Data` in `kubectl describe configmap` output (`Data`, then a
/// `====` rule), if `text` is that.
fn describe_output_data_line(text: &str) -> Option<u32> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let starts_like_describe = lines.first().is_some_and(|l| l.starts_with("Name:"));
    let at = lines
        .windows(2)
        .position(|w| w[0] == "Data" && w[1].starts_with("===="))?;
    starts_like_describe.then_some(at as u32 + 1)
}

pub fn analyze(text: &str, opts: &Options) -> (Vec<Finding>, Explanation) {
    let doc: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            let mut f = super::input::yaml_error(text, &e);
            if let Some(line) = describe_output_data_line(text) {
                f.message = "This is `kubectl describe configmap` output, not the ConfigMap: describe prints each data value as bare text under a `----` rule, not as YAML, so the mappings cannot be read back from it.".into();
                f.help = "Paste the ConfigMap as the cluster stores it: `kubectl get configmap aws-auth -n kube-system -o yaml`.".into();
                f.location.pos = Some(super::source::Pos::new(line, 1));
            }
            return (vec![f], Explanation::None);
        }
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

#[cfg(test)]
mod tests {
    /// People paste `kubectl describe configmap aws-auth` mid-outage; a bare
    /// YAML error about `====` does not tell them what to paste instead.
    #[test]
    fn describe_output_says_what_to_paste_instead() {
        let text = "Name:         aws-auth\nNamespace:    kube-system\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nmapRoles:\n----\n- groups:\n  - system:bootstrappers\n  - system:nodes\n  rolearn: arn:aws:iam::111122223333:role/eks-node\n  username: system:node:{{EC2PrivateDNSName}}\n\n\nBinaryData\n====\n\nEvents:  <none>\n";
        let findings = crate::core::testing::detected(text);
        assert_eq!(crate::core::testing::at("IN001", &findings), vec![(6, 1)]);
        let f = &findings[0];
        assert!(
            f.message
                .starts_with("This is `kubectl describe configmap` output"),
            "{}",
            f.message
        );
        assert!(f
            .help
            .contains("kubectl get configmap aws-auth -n kube-system -o yaml"));
        assert_eq!(super::describe_output_data_line("Data\n====\n"), None);
    }
}
