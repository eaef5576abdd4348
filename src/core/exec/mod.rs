//! Exec credential plugins in a kubeconfig: for each user that runs one, the
//! whole flow from the command kubectl runs to the server's decision
//! ([`ExecFlow`]), and the rules about the plugin's arguments (`EXE…`).

mod aws;
pub mod flow;
mod others;
pub mod plugin;
pub mod rules;

pub use flow::{ExecFlow, Section};
pub use plugin::Plugin;

use crate::core::finding::Sink;
use crate::core::kubeconfig::endpoint::{self, Endpoint};
use crate::core::kubeconfig::model::{Cluster, ExecConfig};
use crate::core::kubeconfig::Cx;

/// A context that uses an exec user, and the cluster entry it points at.
#[derive(Clone, Debug)]
pub struct Target<'a> {
    pub context: usize,
    pub context_name: &'a str,
    pub cluster: Option<usize>,
    pub cluster_name: &'a str,
}

/// A kubeconfig user that runs an exec plugin.
pub struct ExecUser<'a> {
    pub index: usize,
    pub name: &'a str,
    pub exec: &'a ExecConfig,
    pub plugin: Plugin,
    /// Contexts using this user, the current one first.
    pub targets: Vec<Target<'a>>,
}

impl<'a> ExecUser<'a> {
    /// The cluster entry of a target.
    pub fn cluster<'c>(&self, cx: &'c Cx, t: &Target) -> Option<&'c Cluster> {
        cx.config
            .clusters
            .get(t.cluster?)
            .and_then(|c| c.cluster.as_ref())
    }
}

/// Every user with an `exec` section.
pub fn exec_users<'x, 'c>(cx: &'x Cx<'c>) -> &'x [ExecUser<'c>] {
    // Seven rules and the flows ask for the same list: build it once.
    cx.exec_users.get_or_init(|| build_exec_users(cx))
}

fn build_exec_users<'c>(cx: &Cx<'c>) -> Vec<ExecUser<'c>> {
    let c: &'c crate::core::kubeconfig::model::Config = cx.config;
    c.users
        .iter()
        .enumerate()
        .filter_map(|(index, nu)| {
            let exec = nu.user.as_ref()?.exec.as_ref()?;
            let name = nu.name.as_deref().unwrap_or("(unnamed)");
            let mut targets: Vec<Target> = nu
                .name
                .as_deref()
                .map(|n| cx.contexts_using_user(n).collect::<Vec<_>>())
                .unwrap_or_default()
                .into_iter()
                .map(|ci| {
                    let ctx = &c.contexts[ci];
                    let cluster_name = ctx
                        .context
                        .as_ref()
                        .and_then(|x| x.cluster.as_deref())
                        .unwrap_or("");
                    Target {
                        context: ci,
                        context_name: ctx.name.as_deref().unwrap_or(""),
                        cluster: cx.names.cluster(cluster_name),
                        cluster_name,
                    }
                })
                .collect();
            targets.sort_by_key(|t| !cx.is_current(t.context));
            Some(ExecUser {
                index,
                name,
                exec,
                plugin: plugin::recognise(exec),
                targets,
            })
        })
        .collect()
}

pub use crate::core::kubeconfig::endpoint::{eks_name, EksName};

/// The EKS cluster a target points at, as far as names and server say:
/// `(name from an ARN or eksctl name, where it came from, server endpoint)`.
pub fn target_identity(
    cx: &Cx,
    u: &ExecUser,
    t: &Target,
) -> (Option<(EksName, &'static str)>, Endpoint) {
    (target_name(t), target_endpoint(cx, u, t))
}

/// The EKS cluster a target's names give (an ARN or an eksctl name), and
/// which name gave it. The rules that want only this or only the endpoint
/// ask for it alone: each runs for every context of a large kubeconfig.
pub fn target_name(t: &Target) -> Option<(EksName, &'static str)> {
    eks_name(t.cluster_name)
        .map(|n| (n, "cluster entry name"))
        .or_else(|| eks_name(t.context_name).map(|n| (n, "context name")))
}

/// What the target's cluster `server` is (an EKS endpoint, AKS, local…).
pub fn target_endpoint(cx: &Cx, u: &ExecUser, t: &Target) -> Endpoint {
    let server = u
        .cluster(cx, t)
        .and_then(|c| c.server.as_deref())
        .unwrap_or("");
    endpoint::classify(server)
}

/// Runs every exec rule (called from kubeconfig analysis).
pub fn check(cx: &Cx, sink: &mut Sink) {
    for (_, check) in rules::CHECKS {
        check(cx, sink);
    }
}

/// The flow of every exec user, in file order.
/// Those in `range` of the whole list: the page's preview of a large file
/// builds the ones it shows first, then the rest
/// ([`crate::core::report::analyze_with_preview`]).
pub fn flows(cx: &Cx, range: std::ops::Range<usize>) -> Vec<ExecFlow> {
    exec_users(cx)
        .iter()
        .skip(range.start)
        .take(range.len())
        .map(|u| flow::build(cx, u))
        .collect()
}

pub use rules::RULES;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cluster_names_from_arns_and_eksctl_names() {
        assert_eq!(
            eks_name("arn:aws:eks:us-west-2:111122223333:cluster/demo"),
            Some(EksName {
                cluster: "demo".into(),
                region: "us-west-2".into(),
                account: Some("111122223333".into()),
            })
        );
        assert_eq!(
            eks_name("admin@prod.eu-west-1.eksctl.io").map(|n| n.cluster),
            Some("prod".into())
        );
        assert_eq!(eks_name("arn:aws:iam::111122223333:role/x"), None);
        assert_eq!(eks_name("kind-kind"), None);
        assert_eq!(eks_name("arn:"), None);
    }
}
