//! aws-auth rules (`AA…`), one file each.

pub mod aws_auth_arn_not_a_principal;
pub mod aws_auth_assumed_role_arn;
pub mod aws_auth_bad_template;
pub mod aws_auth_duplicate_arn;
pub mod aws_auth_entry_invalid;
pub mod aws_auth_role_arn_path;
pub mod aws_auth_system_masters;
pub mod aws_auth_yaml_invalid;

use super::AwsAuthCx;
use crate::core::finding::Sink;
use crate::core::rule::rule_lists;

pub type Check = fn(&AwsAuthCx, &mut Sink);

rule_lists! {
    Check;
    aws_auth_role_arn_path,
    aws_auth_assumed_role_arn,
    aws_auth_bad_template,
    aws_auth_system_masters,
    aws_auth_yaml_invalid,
    aws_auth_entry_invalid,
    aws_auth_duplicate_arn,
    aws_auth_arn_not_a_principal,
}

/// An aws-auth ConfigMap with the given mapRoles content (indented 4 spaces).
macro_rules! aws_auth {
    ($roles:literal) => {
        concat!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n",
            $roles
        )
    };
}
pub(crate) use aws_auth;

pub mod prelude {
    pub(crate) use super::aws_auth;
    pub use crate::core::awsauth::model::{Entry, Kind};
    pub use crate::core::awsauth::AwsAuthCx;
    pub use crate::core::finding::{Category, Severity, Sink};
    pub use crate::core::rule::{Domain, RuleMeta};
    pub use crate::core::source::Path;

    /// The key of `entry` as written that matches `name` case-insensitively.
    pub fn key_as_written(text_keys: &[String], name: &str) -> String {
        text_keys
            .iter()
            .find(|k| k.eq_ignore_ascii_case(name))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }
}

#[cfg(test)]
pub mod testing {
    pub use crate::core::exec::rules::testing::{line_of, lines_of};
}
