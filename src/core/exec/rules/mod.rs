//! Exec plugin rules (`EXE…`), one file each, run as part of kubeconfig
//! analysis. They are about what the plugin's arguments and environment make it
//! do; client-go's own validation of `exec` lives in the kubeconfig rules.

pub mod exec_aws_static_keys;
pub mod exec_cluster_name_mismatch;
pub mod exec_cluster_name_missing;
pub mod exec_command_relative;
pub mod exec_output_not_exec_credential;
pub mod exec_region_mismatch;
pub mod exec_sts_legacy_no_global;

use crate::core::kubeconfig::rules::Check;
use crate::core::rule::rule_lists;

rule_lists! {
    Check;
    exec_region_mismatch,
    exec_cluster_name_mismatch,
    exec_cluster_name_missing,
    exec_command_relative,
    exec_aws_static_keys,
    exec_sts_legacy_no_global,
    exec_output_not_exec_credential,
}

/// A kubeconfig for the EKS cluster `demo` in us-west-2, as
/// `aws eks update-kubeconfig` writes it, with the given `exec` body.
macro_rules! eks_kubeconfig {
    ($exec:literal) => {
        concat!(
            "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\n  name: arn:aws:eks:us-west-2:111122223333:cluster/demo\ncontexts:\n- context:\n    cluster: arn:aws:eks:us-west-2:111122223333:cluster/demo\n    user: arn:aws:eks:us-west-2:111122223333:cluster/demo\n  name: arn:aws:eks:us-west-2:111122223333:cluster/demo\ncurrent-context: arn:aws:eks:us-west-2:111122223333:cluster/demo\nusers:\n- name: arn:aws:eks:us-west-2:111122223333:cluster/demo\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n",
            $exec
        )
    };
}
pub(crate) use eks_kubeconfig;

/// Shared imports for rule files.
pub mod prelude {
    pub(crate) use super::eks_kubeconfig;
    pub use crate::core::exec::plugin::{env, Plugin};
    pub use crate::core::exec::{exec_users, target_endpoint, target_name, ExecUser};
    pub use crate::core::finding::{Category, Severity, Sink};
    pub use crate::core::kubeconfig::Cx;
    pub use crate::core::rule::{Domain, RuleMeta};
    pub use crate::core::source::Path;

    /// The path of an exec user's `args[i]`.
    pub fn arg_path(cx: &Cx, u: &ExecUser, i: usize) -> Path {
        cx.user_path(u.index)
            .field("user")
            .field("exec")
            .field("args")
            .i(i)
    }
    /// The path of an exec user's `env[i].value`.
    pub fn env_path(cx: &Cx, u: &ExecUser, i: usize) -> Path {
        cx.user_path(u.index)
            .field("user")
            .field("exec")
            .field("env")
            .i(i)
            .field("value")
    }
    /// The path of an exec user's `exec.command`.
    pub fn command_path(cx: &Cx, u: &ExecUser) -> Path {
        cx.user_path(u.index)
            .field("user")
            .field("exec")
            .field("command")
    }
    /// The severity for a problem of a user: full for the current context,
    /// at most a warning for others.
    pub fn scoped(cx: &Cx, u: &ExecUser, s: Severity) -> Severity {
        cx.scoped_entry(u.targets.iter().map(|t| t.context), s)
    }
}

#[cfg(test)]
pub mod testing {
    use crate::core::testing as t;

    /// The lines at which `code` fires on a (detected) input.
    pub fn lines_of(code: &str, text: &str) -> Vec<u32> {
        t::lines_of(code, &t::detected(text))
    }

    /// The 1-based line of the first line of `text` containing `needle`.
    pub fn line_of(text: &str, needle: &str) -> u32 {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i as u32 + 1)
            .expect("needle in text")
    }
}
