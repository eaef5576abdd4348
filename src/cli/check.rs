//! `eksplain check`, `explain` and `rules`.

use super::{
    options, parse_common, read_input, usage_error, Env, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE,
};
use crate::core::{self, render};

fn analyze(text: &str, c: &super::Common, env: &Env) -> core::Report {
    let opts = options(c, env);
    match c.kind {
        Some(kind) => core::analyze_as(text, kind, &opts),
        None => core::analyze(text, &opts),
    }
}

/// Findings without the explanation, which `check` prints only through
/// cross-checks between several inputs.
fn findings_only(text: &str, c: &super::Common, env: &Env) -> core::Report {
    let opts = options(c, env);
    match c.kind {
        Some(kind) => core::report::check_as(text, kind, &opts),
        None => core::report::check(text, &opts),
    }
}

/// Whether `report` makes the exit code 1: a finding at `--fail-on`'s
/// severity or worse (Severity orders Error < Warning < Info), by default an
/// error.
fn fails(report: &core::Report, c: &super::Common) -> bool {
    let fail_on = c.fail_on.unwrap_or(core::Severity::Error);
    report.findings.iter().any(|f| f.severity <= fail_on)
}

pub fn check(args: &[String], env: &mut Env) -> i32 {
    let c = match parse_common(args) {
        Ok(c) => c,
        Err(e) => return usage_error(env, &e),
    };
    let format = c.format.clone().unwrap_or_else(|| "text".into());
    if !matches!(format.as_str(), "text" | "json" | "github" | "sarif") {
        return usage_error(
            env,
            &format!("--format must be text, json, github or sarif, not `{format}`"),
        );
    }
    if c.files.is_empty() {
        return usage_error(
            env,
            "check needs at least one FILE (or - for standard input)",
        );
    }
    let mut texts = Vec::new();
    for f in &c.files {
        match read_input(env, f) {
            Ok(t) => texts.push((f.as_str(), t)),
            Err(e) => {
                let _ = writeln!(env.err, "eksplain: {e}");
                return EXIT_USAGE;
            }
        }
    }
    // Cross-checks between inputs read their explanations; a single input
    // needs none, and building it is most of the work on a large kubeconfig.
    let single = texts.len() == 1;
    let reports: Vec<(&str, core::Report)> = texts
        .iter()
        .map(|(n, t)| {
            let r = if single {
                findings_only(t, &c, env)
            } else {
                analyze(t, &c, env)
            };
            (*n, r)
        })
        .collect();
    let failed = reports.iter().any(|(_, r)| fails(r, &c));
    let refs: Vec<(&str, &core::Report)> = reports.iter().map(|(n, r)| (*n, r)).collect();
    if format == "json" {
        let _ = writeln!(env.out, "{}", render::json(&refs));
    } else if format == "github" {
        let _ = write!(env.out, "{}", super::annotations::github(&refs));
    } else if format == "sarif" {
        let _ = writeln!(env.out, "{}", super::annotations::sarif(&refs));
    } else {
        for ((name, text), (_, report)) in texts.iter().zip(&reports) {
            let name = if *name == "-" { "<stdin>" } else { name };
            let _ = write!(env.out, "{}", render::check_text(name, text, report));
        }
        let refs: Vec<(&str, &str, &core::Report)> = texts
            .iter()
            .zip(&reports)
            .map(|((n, t), (_, r))| (*n, t.as_str(), r))
            .collect();
        let _ = write!(
            env.out,
            "{}",
            render::cross_text(&core::cross::cross_check(&refs))
        );
    }
    if failed {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

pub fn explain(args: &[String], env: &mut Env) -> i32 {
    let c = match parse_common(args) {
        Ok(c) => c,
        Err(e) => return usage_error(env, &e),
    };
    let [file] = c.files.as_slice() else {
        return usage_error(
            env,
            "explain takes exactly one FILE (or - for standard input)",
        );
    };
    let text = match read_input(env, file) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(env.err, "eksplain: {e}");
            return EXIT_USAGE;
        }
    };
    let report = analyze(&text, &c, env);
    let name = if file == "-" {
        "<stdin>"
    } else {
        file.as_str()
    };
    let _ = writeln!(env.out, "{name}: {}\n", report.kind.label());
    let expl = render::explanation_text(&report);
    if !expl.is_empty() {
        let _ = writeln!(env.out, "{expl}");
    }
    let _ = write!(env.out, "{}", render::check_text(name, &text, &report));
    if fails(&report, &c) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

pub fn rules(args: &[String], env: &mut Env) -> i32 {
    let c = match parse_common(args) {
        Ok(c) => c,
        Err(e) => return usage_error(env, &e),
    };
    match c.format.as_deref().unwrap_or("text") {
        "text" => {
            let _ = write!(env.out, "{}", render::rules_text());
        }
        "markdown" | "md" => {
            let _ = write!(env.out, "{}", render::rules_markdown());
        }
        f => {
            return usage_error(
                env,
                &format!("--format must be text or markdown, not `{f}`"),
            )
        }
    }
    EXIT_OK
}
