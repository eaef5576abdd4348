//! kubeconfig rules: one file each, with its docs and tests. The order of
//! [`CHECKS`] is the order of the rule reference.

use super::Cx;
use crate::core::finding::Sink;
use crate::core::rule::rule_lists;

pub mod auth_methods_conflict;
pub mod auth_provider_unsupported;
pub mod bool_quoted;
pub mod ca_file_and_data;
pub mod client_cert_file_and_data;
pub mod client_cert_key_unpaired;
pub mod client_key_file_and_data;
pub mod cluster_server_missing;
pub mod context_cluster_missing;
pub mod context_user_missing;
pub mod credential_in_exec_args;
pub mod credential_in_kubeconfig;
pub mod current_context_missing;
pub mod duplicate_name;
pub mod empty_config;
pub mod entry_name_missing;
pub mod exec_api_version_invalid;
pub mod exec_api_version_removed;
pub mod exec_command_missing;
pub mod exec_env_name_missing;
pub mod exec_interactive_mode_invalid;
pub mod exec_with_auth_provider;
pub mod impersonation_without_user;
pub mod insecure_with_ca;
pub mod kind_api_version;
pub mod merge_conflict;
pub mod merge_current_context_ignored;
pub mod multiple_documents;
pub mod namespace_invalid;
pub mod oidc_config_incomplete;
pub mod path_not_expanded;
pub mod placeholder_value;
pub mod proxy_url_invalid;
pub mod server_plain_http;
pub mod server_url_invalid;
pub mod tls_verify_disabled;
pub mod token_not_bare;
pub mod unknown_field;
pub mod value_not_string;

pub(crate) mod data;
pub mod support;

/// A rule's check.
pub type Check = fn(&Cx, &mut Sink);

rule_lists! {
    Check;
    empty_config,
    current_context_missing,
    context_cluster_missing,
    context_user_missing,
    exec_api_version_removed,
    merge_conflict,
    merge_current_context_ignored,
    credential_in_kubeconfig,
    credential_in_exec_args,
    multiple_documents,
    kind_api_version,
    unknown_field,
    duplicate_name,
    entry_name_missing,
    namespace_invalid,
    cluster_server_missing,
    server_url_invalid,
    server_plain_http,
    proxy_url_invalid,
    ca_file_and_data,
    tls_verify_disabled,
    insecure_with_ca,
    placeholder_value,
    client_cert_file_and_data,
    client_key_file_and_data,
    client_cert_key_unpaired,
    auth_methods_conflict,
    impersonation_without_user,
    exec_with_auth_provider,
    exec_command_missing,
    exec_api_version_invalid,
    exec_env_name_missing,
    exec_interactive_mode_invalid,
    auth_provider_unsupported,
    value_not_string,
    token_not_bare,
    path_not_expanded,
    oidc_config_incomplete,
}

/// Shared imports for rule files.
pub mod prelude {
    pub use crate::core::finding::{Category, Severity, Sink};
    pub use crate::core::kubeconfig::Cx;
    pub use crate::core::rule::{Domain, RuleMeta};
    pub use crate::core::source::Path;
}

// Moved to core::suggest (every domain uses them); re-exported for the rules here.
pub use crate::core::suggest::{closest, edit_distance};

#[cfg(test)]
pub mod testing {
    use crate::core::report::Options;
    use crate::core::testing as t;
    use crate::core::Finding;

    fn run(text: &str) -> Vec<Finding> {
        super::super::analyze(text, &Options::default()).0
    }

    /// `(code, line, severity)` of every finding for a kubeconfig text.
    pub fn findings(text: &str) -> Vec<(&'static str, Option<u32>, &'static str)> {
        t::rows(&run(text))
    }

    /// The lines at which `code` fires.
    pub fn lines_of(code: &str, text: &str) -> Vec<u32> {
        t::lines_of(code, &run(text))
    }

    /// The first finding with `code`: `line:col`, message and help.
    pub fn first(code: &str, text: &str) -> Option<(String, String, String)> {
        run(text).into_iter().find(|f| f.code() == code).map(|f| {
            let at = f.location.pos.map(|p| p.to_string()).unwrap_or_default();
            (at, f.message, f.help)
        })
    }
}
