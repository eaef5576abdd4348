//! Helpers for rule tests, shared by every domain: each domain's `testing`
//! module says how its tests analyse a text (its own `analyze` or the
//! detecting [`crate::core::analyze`], with or without the docs' clock) and
//! these pick out what the assertions compare.

use crate::core::kubeconfig::model::ExecConfig;
use crate::core::registry::DOC_NOW;
use crate::core::{analyze, Finding, Options};

/// The findings of a (detected) input, analysed at the docs' clock.
pub fn detected(text: &str) -> Vec<Finding> {
    analyze(text, &Options { now: Some(DOC_NOW) }).findings
}

/// `code`'s findings among `findings`.
fn of<'a>(code: &'a str, findings: &'a [Finding]) -> impl Iterator<Item = &'a Finding> + 'a {
    findings.iter().filter(move |f| f.code() == code)
}

/// The lines at which `code` fires (0 for a finding without a position).
pub fn lines_of(code: &str, findings: &[Finding]) -> Vec<u32> {
    of(code, findings).map(|f| f.line().unwrap_or(0)).collect()
}

/// The columns at which `code` fires (0 for a finding without a position).
pub fn columns_of(code: &str, findings: &[Finding]) -> Vec<u32> {
    of(code, findings)
        .map(|f| f.column().unwrap_or(0))
        .collect()
}

/// `(line, column)` where `code` fires (0 for what is missing).
pub fn at(code: &str, findings: &[Finding]) -> Vec<(u32, u32)> {
    of(code, findings)
        .map(|f| (f.line().unwrap_or(0), f.column().unwrap_or(0)))
        .collect()
}

/// The messages of `code`'s findings.
pub fn messages_of(code: &str, findings: &[Finding]) -> Vec<String> {
    of(code, findings).map(|f| f.message.clone()).collect()
}

/// `(code, line, column, severity, message)` of one finding.
pub type Row = (&'static str, Option<u32>, Option<u32>, &'static str, String);

/// `(code, line, column, severity, message)` of every finding.
pub fn full_rows(findings: Vec<Finding>) -> Vec<Row> {
    findings
        .into_iter()
        .map(|f| {
            (
                f.code(),
                f.line(),
                f.column(),
                f.severity.as_str(),
                f.message,
            )
        })
        .collect()
}

/// `(code, line, severity)` of every finding.
pub fn rows(findings: &[Finding]) -> Vec<(&'static str, Option<u32>, &'static str)> {
    findings
        .iter()
        .map(|f| (f.code(), f.line(), f.severity.as_str()))
        .collect()
}

/// An exec config running `cmd` with `args`.
pub fn exec(cmd: &str, args: &[&str]) -> ExecConfig {
    ExecConfig {
        command: Some(cmd.into()),
        args: args.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}
