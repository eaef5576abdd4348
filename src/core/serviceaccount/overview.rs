//! The explanation of ServiceAccounts: who each is to IAM, the settings the
//! pod identity webhook will apply (defaults filled in), what it injects into
//! pods, and what the role's trust policy must allow.

use super::model::{self, Parsed};
use super::{identity, role, Identity};
use crate::core::source::Pos;
use crate::core::yamlpos::PosTree;

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Overview {
    pub accounts: Vec<AccountView>,
    /// Kinds of the other documents in the input.
    pub other_kinds: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct AccountView {
    pub identity: Identity,
    pub pos: Option<Pos>,
    /// `(role name, account)` when the role ARN is valid.
    pub role: Option<(String, String)>,
    pub audience_is_default: bool,
    /// The token lifetime the webhook will request, in seconds, and how it came about.
    pub token_expiration: i64,
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub token_expiration_note: crate::core::StaticStr,
    /// `Some(true)` when the annotation asks for regional STS endpoints.
    pub regional_sts: Option<bool>,
    /// `automountServiceAccountToken: false` on the account.
    #[cfg_attr(any(test, target_arch = "wasm32"), serde(default))]
    pub no_automount: bool,
}

/// `sts-regional-endpoints: "false"`: the webhook sets
/// AWS_STS_REGIONAL_ENDPOINTS only for "true", so the SDK decides.
pub const STS_SDK_DEFAULT: &str = "the SDK's default endpoint (the webhook sets nothing): regional in current SDKs, global in old ones";

/// `automountServiceAccountToken: false` on an IRSA account.
pub const NO_AUTOMOUNT: &str =
    "false — stops only the Kubernetes API token; the webhook still mounts the IRSA token";

/// What is said of the documents next to the ServiceAccounts.
pub const OTHER_DOCUMENTS: &str = "Other documents (for Pods and workloads, only the ServiceAccount they run as and AWS_ROLE_ARN are checked)";

/// `strconv.ParseBool`, as the webhook uses for `sts-regional-endpoints`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The token lifetime the webhook requests for an annotation value.
pub fn effective_expiration(value: Option<&str>) -> (i64, &'static str) {
    match value.map(|v| v.parse::<i64>()) {
        None => (model::DEFAULT_TOKEN_EXPIRATION, "the webhook's default"),
        Some(Err(_)) => (
            model::DEFAULT_TOKEN_EXPIRATION,
            "the webhook's default: the annotation is not a whole number of seconds and is ignored",
        ),
        Some(Ok(n)) if n < model::MIN_TOKEN_EXPIRATION => (
            model::MIN_TOKEN_EXPIRATION,
            "raised by the webhook to its minimum",
        ),
        Some(Ok(n)) => (n, "from the annotation"),
    }
}

pub fn build(parsed: &Parsed, pos: &PosTree) -> Overview {
    let accounts = parsed
        .accounts
        .iter()
        .map(|sa| {
            let text = |k: &str| sa.annotation(k).map(|v| v.text().to_string());
            let (token_expiration, token_expiration_note) =
                effective_expiration(text(model::TOKEN_EXPIRATION).as_deref());
            AccountView {
                identity: identity(sa),
                pos: pos.locate(sa.doc, &sa.base),
                role: text(model::ROLE_ARN)
                    .and_then(|r| role::check(&r).ok())
                    .map(|r| (r.name, r.account)),
                audience_is_default: sa.annotation(model::AUDIENCE).is_none(),
                token_expiration,
                token_expiration_note,
                regional_sts: text(model::STS_REGIONAL).and_then(|v| parse_bool(&v)),
                no_automount: sa.automount == Some(false),
            }
        })
        .collect();
    let mut other_kinds: Vec<String> = parsed
        .kinds
        .iter()
        .filter(|k| k.as_str() != "ServiceAccount" && k.as_str() != "List")
        .cloned()
        .collect();
    other_kinds.dedup();
    Overview {
        accounts,
        other_kinds,
    }
}

/// A token lifetime as the API gives it, with hours when it is whole hours.
pub fn duration(secs: i64) -> String {
    if secs % 3600 == 0 {
        let h = secs / 3600;
        format!("{secs} s ({h} hour{})", if h == 1 { "" } else { "s" })
    } else {
        format!("{secs} s")
    }
}

impl AccountView {
    fn to_text(&self, out: &mut String) {
        let id = &self.identity;
        let line = self
            .pos
            .map(|p| format!(" (line {})", p.line))
            .unwrap_or_default();
        out.push_str(&format!(
            "ServiceAccount {}/{}{line}\n",
            id.namespace, id.name
        ));
        let ns_note = if id.namespace_given {
            ""
        } else {
            " — not in the manifest: kubectl applies it to the current context's namespace, assumed `default` here"
        };
        out.push_str(&format!("  namespace   {}{ns_note}\n", id.namespace));
        match (&id.role_arn, &self.role) {
            (Some(arn), Some((name, account))) => out.push_str(&format!(
                "  role        {arn} (role `{name}` in account {account})\n"
            )),
            (Some(arn), None) => out.push_str(&format!("  role        {arn} (not a valid role ARN)\n")),
            (None, _) => out.push_str(
                "  role        none: without `eks.amazonaws.com/role-arn` the webhook leaves this account's pods alone\n",
            ),
        }
        let default = if self.audience_is_default {
            " (the default)"
        } else {
            ""
        };
        out.push_str(&format!("  audience    {}{default}\n", id.audience));
        out.push_str(&format!(
            "  token       valid {} — {}\n",
            duration(self.token_expiration),
            self.token_expiration_note
        ));
        if let Some(r) = self.regional_sts {
            out.push_str(&format!(
                "  STS         {}\n",
                if r {
                    "regional endpoint"
                } else {
                    STS_SDK_DEFAULT
                }
            ));
        }
        if self.no_automount {
            out.push_str(&format!("  automount   {NO_AUTOMOUNT}\n"));
        }
        let Some(arn) = &id.role_arn else {
            out.push('\n');
            return;
        };
        out.push_str(
            "\n  What the EKS pod identity webhook adds to pods created with this account:\n",
        );
        out.push_str(&format!("    AWS_ROLE_ARN={arn}\n"));
        out.push_str("    AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token\n");
        out.push_str("    AWS_REGION, AWS_DEFAULT_REGION (the cluster's region)\n");
        if self.regional_sts == Some(true) {
            out.push_str("    AWS_STS_REGIONAL_ENDPOINTS=regional\n");
        }
        out.push_str(&format!(
            "    a projected token volume at /var/run/secrets/eks.amazonaws.com/serviceaccount (audience {}, expirationSeconds {})\n",
            id.audience, self.token_expiration
        ));
        out.push_str("  Pods only get these when created: restart running pods after changing the annotations.\n");
        // IAM looks the provider up in the role's own account: a role in
        // another account than the cluster needs the provider created there too.
        let registered = match &self.role {
            Some((_, account)) => format!(", as registered in the role's account {account},"),
            None => String::new(),
        };
        out.push_str(&format!("\n  The role's trust policy must allow sts:AssumeRoleWithWebIdentity from the cluster's OIDC provider{registered} with:\n"));
        out.push_str(&format!(
            "    OIDC_HOST/id/OIDC_ID:sub = {}\n",
            id.subject()
        ));
        out.push_str(&format!("    OIDC_HOST/id/OIDC_ID:aud = {}\n", id.audience));
        if let Some((name, _)) = &self.role {
            out.push_str(&format!(
                "  Compare: aws iam get-role --role-name {name} --query Role.AssumeRolePolicyDocument\n"
            ));
        }
        out.push('\n');
    }
}

impl Overview {
    /// The explanation as plain text, as `eksplain explain` prints it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.accounts.is_empty() {
            out.push_str("No ServiceAccount in the input.\n");
        }
        for a in &self.accounts {
            a.to_text(&mut out);
        }
        if !self.other_kinds.is_empty() {
            out.push_str(&format!(
                "{OTHER_DOCUMENTS}: {}\n",
                self.other_kinds.join(", ")
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiration_follows_the_webhook() {
        assert_eq!(effective_expiration(None).0, 86_400);
        assert_eq!(effective_expiration(Some("300")).0, 600);
        assert_eq!(effective_expiration(Some("900")).0, 900);
        assert_eq!(effective_expiration(Some("7200")).0, 7_200);
        assert_eq!(effective_expiration(Some("1h")).0, 86_400);
        assert_eq!(parse_bool("True"), Some(true));
        assert_eq!(parse_bool("yes"), None);
    }

    fn explained(text: &str) -> String {
        let r = crate::core::report::analyze(text, &crate::core::report::Options::default());
        crate::core::render::explanation_text(&r)
    }

    #[test]
    fn regional_false_and_automount_false_say_what_they_do() {
        let text = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/api\n    eks.amazonaws.com/sts-regional-endpoints: \"false\"\nautomountServiceAccountToken: false\n";
        let e = explained(text);
        assert!(e.contains("  STS         the SDK's default endpoint (the webhook sets nothing): regional in current SDKs, global in old ones\n"), "{e}");
        assert!(e.contains("  automount   false — stops only the Kubernetes API token; the webhook still mounts the IRSA token\n"), "{e}");
        assert!(
            !explained(&text.replace("automountServiceAccountToken: false\n", ""))
                .contains("automount")
        );
    }
}
