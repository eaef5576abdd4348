//! What the explanation views show for tokens, JWTs, OIDC providers and
//! ServiceAccounts, shaped from the core's explanations without touching the
//! DOM. Pure and compiled everywhere, so it is tested natively; the components
//! (`token_view.rs`, `jwt_view.rs`, …) only lay these out.
//!
//! Redaction follows the page's "Reveal secrets": a model function takes the
//! analysed text only when the user revealed secrets, and reads a secret (a
//! signature, a full access key ID) back from it only then. The core never keeps
//! them, so without that text there is nothing to leak.

pub mod identity;
pub mod simulator;
pub mod token;

/// One labelled value of a table: a URL parameter, a claim, a part of an ARN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub value: String,
    /// What it means, in words.
    pub note: Option<String>,
    /// The value is a secret that is withheld (shown muted, with how to see it).
    pub hidden: bool,
    /// The value is worth copying (an ARN, a condition key, an env value).
    pub copy: bool,
}

impl Field {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Field {
            label: label.into(),
            value: value.into(),
            note: None,
            hidden: false,
            copy: false,
        }
    }
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
    pub fn maybe_note(mut self, note: Option<String>) -> Self {
        self.note = note;
        self
    }
    pub fn hidden(mut self, hidden: bool) -> Self {
        self.hidden = hidden;
        self
    }
    pub fn copyable(mut self) -> Self {
        self.copy = true;
        self
    }
}

/// The outcome of a check or a step, as a mark and a CSS class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    /// Not decidable offline, or not reached.
    Unknown,
}

impl Status {
    pub fn class(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
        }
    }
    /// A mark that reads without colour.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Pass => "✓ pass",
            Status::Fail => "✗ fail",
            Status::Unknown => "? not checked",
        }
    }
}

/// What a withheld secret shows instead of its value.
pub const HIDDEN_HINT: &str = "turn on “Reveal secrets” to see it";
