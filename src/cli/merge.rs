//! `eksplain view` and `eksplain merge`: kubeconfigs printed back like
//! `kubectl config view`, merged like `KUBECONFIG=a:b:…`. The YAML goes to
//! standard output (redacted unless `--raw`); what the merge dropped goes to
//! standard error, so `eksplain merge a b > merged.yaml` stays clean.

use super::{read_input, usage_error, Env, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::core::kubeconfig::merge::{merge as merge_inputs, Merged};
use crate::core::kubeconfig::views::{view as render_view, ViewOptions};
use crate::core::render;
use crate::core::source::LineIndex;

struct Args {
    opts: ViewOptions,
    files: Vec<String>,
}

fn parse(args: &[String], allow_minify: bool) -> Result<Args, String> {
    let mut opts = ViewOptions::default();
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--raw" => opts.raw = true,
            "--minify" if allow_minify => opts.minify = true,
            "--context" if allow_minify => {
                opts.context = Some(it.next().ok_or("--context needs a value")?.clone());
            }
            c if allow_minify && c.starts_with("--context=") => {
                opts.context = Some(c["--context=".len()..].to_string());
            }
            "-" => files.push("-".into()),
            f if f.starts_with('-') => return Err(format!("unknown option `{f}`")),
            f => files.push(f.to_string()),
        }
    }
    if files.is_empty() {
        return Err("give at least one FILE (or - for standard input)".into());
    }
    Ok(Args { opts, files })
}

fn load(env: &mut Env, a: &Args) -> Result<Merged, i32> {
    let mut texts = Vec::new();
    for f in &a.files {
        match read_input(env, f) {
            Ok(t) => texts.push((f.as_str(), t)),
            Err(e) => {
                let _ = writeln!(env.err, "eksplain: {e}");
                return Err(EXIT_USAGE);
            }
        }
    }
    let inputs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let merged = merge_inputs(&inputs);
    for (input, (name, text)) in merged.inputs.iter().zip(&texts) {
        let redacted = crate::core::redact::redact_text(text);
        let lines = LineIndex::new(&redacted);
        // The caret is placed through the redaction, as `check` places it.
        let original = LineIndex::new(text);
        let name = if *name == "-" { "<stdin>" } else { name };
        for f in &input.findings {
            let _ = write!(
                env.err,
                "{}",
                render::finding_text_in(name, Some(&original), &lines, f)
            );
        }
    }
    if merged.failed() {
        let _ = writeln!(
            env.err,
            "eksplain: kubectl would refuse to load these files together; the merge above skips the ones it cannot parse."
        );
    }
    Ok(merged)
}

fn print(env: &mut Env, merged: &Merged, opts: &ViewOptions) -> i32 {
    match render_view(&merged.config, opts) {
        Ok(yaml) => {
            let _ = write!(env.out, "{yaml}");
            if merged.failed() {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            }
        }
        Err(e) => {
            let _ = writeln!(env.err, "eksplain: {e}");
            EXIT_FINDINGS
        }
    }
}

/// `eksplain view [--minify] [--context NAME] [--raw] FILE...`
pub fn view(args: &[String], env: &mut Env) -> i32 {
    let a = match parse(args, true) {
        Ok(a) => a,
        Err(e) => return usage_error(env, &format!("view: {e}")),
    };
    match load(env, &a) {
        Ok(m) => print(env, &m, &a.opts),
        Err(code) => code,
    }
}

/// `eksplain merge [--raw] FILE...`
pub fn merge(args: &[String], env: &mut Env) -> i32 {
    let a = match parse(args, false) {
        Ok(a) => a,
        Err(e) => return usage_error(env, &format!("merge: {e}")),
    };
    let m = match load(env, &a) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let c = &m.config;
    let from = m
        .origins
        .current_context
        .and_then(|i| m.inputs.get(i))
        .map(|i| format!(" (from {})", i.name))
        .unwrap_or_default();
    let n = |k: usize, word: &str| format!("{k} {word}{}", if k == 1 { "" } else { "s" });
    let _ = writeln!(
        env.err,
        "eksplain: merged {}: {}, {}, {}; current-context: {}{from}",
        n(m.inputs.len(), "file"),
        n(c.clusters.len(), "cluster"),
        n(c.contexts.len(), "context"),
        n(c.users.len(), "user"),
        c.current_context.as_deref().unwrap_or("(none)"),
    );
    print(env, &m, &a.opts)
}
