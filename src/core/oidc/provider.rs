//! What a parsed provider names: its parts, the forms IRSA needs (issuer URL,
//! provider ARN, condition-key prefix) as written, and its correct form.

use super::parse::{HostKind, ProviderParse};
use super::partition::{self, Partition};
use super::placeholder::{self, Slot};
use crate::core::source::Pos;

/// The provider in its correct form, built from what could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Canonical {
    pub partition: Partition,
    pub host: String,
    pub id: String,
    /// The account, when the input had one (placeholders are kept as written).
    pub account: Option<String>,
}

impl Canonical {
    /// `https://HOST/id/ID` — what EKS writes into tokens' `iss`.
    pub fn issuer(&self) -> String {
        format!("https://{}/id/{}", self.host, self.id)
    }
    /// `HOST/id/ID` — the prefix of trust-policy condition keys and the IAM provider's URL.
    pub fn key_prefix(&self) -> String {
        format!("{}/id/{}", self.host, self.id)
    }
    /// `arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST/id/ID`, when the account is known.
    pub fn arn(&self) -> Option<String> {
        self.account.as_ref().map(|a| self.arn_with_account(a))
    }
    pub fn arn_with_account(&self, account: &str) -> String {
        format!(
            "arn:{}:iam::{account}:oidc-provider/{}",
            self.partition.id(),
            self.key_prefix()
        )
    }
}

impl ProviderParse {
    /// The 1-based line and column of a byte offset into [`ProviderParse::text`].
    pub fn pos(&self, offset: usize) -> Pos {
        let mut o = offset.min(self.text.len());
        while !self.text.is_char_boundary(o) {
            o -= 1;
        }
        let chars = self.text[..o].chars().count() as u32;
        Pos::new(self.origin.line, self.origin.column + chars)
    }

    /// True for EKS issuer hosts, well-formed or not.
    pub fn is_eks(&self) -> bool {
        self.host_kind != HostKind::Other
    }

    /// The partition: the ARN's when it names a known one, else the host's.
    pub fn partition(&self) -> Option<Partition> {
        self.arn
            .as_ref()
            .and_then(|a| Partition::from_id(&a.partition.text))
            .or(self.host_partition)
    }

    pub fn account(&self) -> Option<&str> {
        self.arn.as_ref().map(|a| a.account.text.as_str())
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_ref().map(|r| r.text.as_str())
    }

    pub fn id(&self) -> Option<&str> {
        self.id.as_ref().map(|r| r.text.as_str())
    }

    pub fn host(&self) -> &str {
        &self.host.text
    }

    /// The path after the host as written, without trailing slashes (`/id/ID`).
    pub fn path(&self) -> String {
        let start = self.host.offset + self.host.text.len();
        let end = self
            .trailing_slash
            .as_ref()
            .map(|t| t.offset)
            .or(self.key_suffix.as_ref().map(|k| k.offset))
            .unwrap_or(self.text.len());
        self.text
            .get(start..end.max(start))
            .unwrap_or("")
            .to_string()
    }

    /// `HOST/PATH` as written, without scheme and trailing slash: the IAM provider's
    /// URL and the trust-policy condition key prefix, exactly as this text names them.
    pub fn key_prefix(&self) -> String {
        format!("{}{}", self.host.text, self.path())
    }

    /// The issuer URL this text names (`https://` + [`key_prefix`](Self::key_prefix)).
    pub fn issuer(&self) -> String {
        format!("https://{}", self.key_prefix())
    }

    /// The provider ARN this text names, when the account is known.
    pub fn arn(&self) -> Option<String> {
        let account = self.account()?;
        let partition = self
            .arn
            .as_ref()
            .map(|a| a.partition.text.clone())
            .or_else(|| self.partition().map(|p| p.id().to_string()))?;
        Some(format!(
            "arn:{partition}:iam::{account}:oidc-provider/{}",
            self.key_prefix()
        ))
    }

    /// The correct form of this provider — `oidc.eks.REGION.SUFFIX`, uppercase ID,
    /// no scheme in the ARN, no trailing slash — when host, region and ID can be read.
    /// Placeholders are kept as they are.
    pub fn canonical(&self) -> Option<Canonical> {
        if !self.is_eks() {
            return None;
        }
        let region = self.region.as_ref()?;
        let id = self.id.as_ref()?;
        let region_text = if region.placeholder.is_some() {
            region.text.clone()
        } else {
            region.text.to_ascii_lowercase()
        };
        // A listed region decides. An unlisted one (a typo, a new region)
        // decides by its name, as it does when the canonical issuer is read
        // back — except that a China partition or host keeps the `.cn` host.
        let partition = match region.real().map(str::to_ascii_lowercase) {
            Some(r) => partition::of_region(&r).unwrap_or(match self.partition() {
                Some(Partition::AwsCn) => Partition::AwsCn,
                _ => partition::implied_by_region(&r),
            }),
            None => self.partition().unwrap_or(Partition::Aws),
        };
        // In an ARN a pasted condition-key suffix stays in the ID
        // (`…/id/ID:aud`); it is no part of the provider.
        let bare = id.text.split(':').next().unwrap_or_default();
        if bare.is_empty() {
            return None;
        }
        let id_text = if placeholder::classify(bare, Slot::Id).is_some() {
            bare.to_string()
        } else {
            bare.to_ascii_uppercase()
        };
        Some(Canonical {
            partition,
            host: partition.issuer_host(&region_text),
            id: id_text,
            account: self.account().map(str::to_string),
        })
    }
}
