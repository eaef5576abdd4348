//! The finding model every analyser reports in: a stable code, a severity, a
//! category, a message that reads on its own, a location (a path into the input
//! *and* a line:column), and help that says how to fix it.

use super::rule::RuleMeta;
use super::source::{Path, Pos};
use serde::Serialize;
use std::fmt;

/// How bad a finding is. Ordered: `Error` sorts first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(any(test, target_arch = "wasm32"), derive(serde::Deserialize))]
pub enum Severity {
    /// The input does not work, or does something the user cannot want.
    Error,
    /// It works, but is risky or likely wrong.
    Warning,
    /// Worth knowing; nothing is broken.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of problem a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(any(test, target_arch = "wasm32"), derive(serde::Deserialize))]
pub enum Category {
    /// Credentials, trust, exposure.
    Security,
    /// The input will not do what it is meant to do.
    Correctness,
    /// Tidiness: redundant, deprecated or confusing, but working.
    Hygiene,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Correctness => "correctness",
            Category::Hygiene => "hygiene",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding points: a structural path and, where it exists, a 1-based
/// line and column in the text the user gave.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Location {
    pub path: Path,
    pub pos: Option<Pos>,
}

/// One thing eksplain has to say about an input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Finding {
    #[cfg_attr(any(test, target_arch = "wasm32"), serde(with = "super::wire::rule"))]
    pub rule: &'static RuleMeta,
    /// Usually the rule's severity; a rule may lower or raise it for one case
    /// (e.g. "only matters for a context that is not current").
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    pub help: String,
    /// Other places that matter for this finding (e.g. the first of two duplicates).
    pub related: Vec<Location>,
}

impl Finding {
    pub fn code(&self) -> &'static str {
        self.rule.code
    }
    pub fn category(&self) -> Category {
        self.rule.category
    }
    pub fn line(&self) -> Option<u32> {
        self.location.pos.map(|p| p.line)
    }
    pub fn column(&self) -> Option<u32> {
        self.location.pos.map(|p| p.column)
    }
}

/// Something that turns a structural [`Path`] into a position in the text.
pub trait Locate {
    fn locate(&self, path: &Path) -> Option<Pos>;
}

/// A locator that knows no positions (inputs without text, tests).
pub struct NoPositions;

impl Locate for NoPositions {
    fn locate(&self, _path: &Path) -> Option<Pos> {
        None
    }
}

/// Where rules report. The sink fills code, severity and category from the
/// rule's metadata and resolves the path to a line and column, so a rule only
/// says *what* is wrong and *where* in the structure.
pub struct Sink<'a> {
    locator: &'a dyn Locate,
    findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub fn new(locator: &'a dyn Locate) -> Self {
        Sink {
            locator,
            findings: Vec::new(),
        }
    }

    /// Reports a finding of `rule` at `path`. The returned builder may override
    /// help, severity, position or add related locations.
    pub fn report(
        &mut self,
        rule: &'static RuleMeta,
        path: Path,
        message: impl Into<String>,
    ) -> &mut Finding {
        let pos = self.locator.locate(&path);
        self.findings.push(Finding {
            rule,
            severity: rule.severity,
            message: message.into(),
            location: Location { path, pos },
            help: rule.fix_summary.to_string(),
            related: Vec::new(),
        });
        self.findings.last_mut().expect("just pushed")
    }

    /// Resolves a path with this sink's locator (for related locations).
    pub fn locate(&self, path: &Path) -> Location {
        Location {
            pos: self.locator.locate(path),
            path: path.clone(),
        }
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Findings sorted by line, then severity, then code — the order users read them in.
    pub fn into_findings(mut self) -> Vec<Finding> {
        sort_findings(&mut self.findings);
        self.findings
    }
}

pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let la = a
            .location
            .pos
            .map(|p| (p.line, p.column))
            .unwrap_or((u32::MAX, 0));
        let lb = b
            .location
            .pos
            .map(|p| (p.line, p.column))
            .unwrap_or((u32::MAX, 0));
        la.cmp(&lb)
            .then(a.severity.cmp(&b.severity))
            .then(a.rule.code.cmp(b.rule.code))
    });
}

impl Finding {
    pub fn with_help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = help.into();
        self
    }
    pub fn with_severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }
    pub fn at(&mut self, pos: Option<Pos>) -> &mut Self {
        if pos.is_some() {
            self.location.pos = pos;
        }
        self
    }
    pub fn with_related(&mut self, location: Location) -> &mut Self {
        self.related.push(location);
        self
    }
}
