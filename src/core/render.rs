//! Renders reports: linter-style text (CLI), the stable JSON schema (CLI and the
//! page's download), Markdown (the page's "copy report") and the rule reference.
//! Everything rendered is redacted: messages never carry secrets and source
//! excerpts pass through [`redact`](super::redact).

use super::detect::InputKind;
use super::finding::Finding;
use super::redact::{redact_line_within, redacted_column};
use super::registry;
use super::report::{Explanation, Report};
use super::rule::RuleMeta;
use super::source::LineIndex;
use serde::Serialize;

/// The JSON schema version of `--format json`.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct JsonDoc<'a> {
    pub version: u32,
    pub inputs: Vec<JsonInput<'a>>,
}

#[derive(Serialize)]
pub struct JsonInput<'a> {
    pub path: &'a str,
    pub kind: &'static str,
    pub findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub code: &'static str,
    pub severity: &'static str,
    pub category: &'static str,
    pub message: &'a str,
    pub path: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub help: &'a str,
}

impl<'a> JsonFinding<'a> {
    pub fn from(f: &'a Finding) -> Self {
        JsonFinding {
            code: f.code(),
            severity: f.severity.as_str(),
            category: f.category().as_str(),
            message: &f.message,
            path: f.location.path.to_string(),
            line: f.line(),
            column: f.column(),
            help: &f.help,
        }
    }
}

/// `{"version":1,"inputs":[…]}` for several named reports.
pub fn json(inputs: &[(&str, &Report)]) -> String {
    let doc = JsonDoc {
        version: JSON_VERSION,
        inputs: inputs
            .iter()
            .map(|(path, r)| JsonInput {
                path,
                kind: r.kind.id(),
                findings: r.findings.iter().map(JsonFinding::from).collect(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into())
}

/// One finding as compiler-style text with the (redacted) source line and a
/// caret. `lines` index the redacted text; the caret is at the finding's
/// column as it is (kept on the text shown), which is right only on lines
/// where redaction changed nothing before it: [`finding_text_in`] knows the
/// original and moves it.
pub fn finding_text(name: &str, lines: &LineIndex, f: &Finding) -> String {
    finding_text_in(name, None, lines, f)
}

/// [`finding_text`] for a finding in `original`, quoted from `lines`, the
/// redacted text: the caret follows the text that redaction shortened or
/// lengthened (a token before the column becomes `REDACTED`).
pub fn finding_text_in(
    name: &str,
    original: Option<&LineIndex>,
    lines: &LineIndex,
    f: &Finding,
) -> String {
    finding_text_with(name, original, lines, f, &mut LongLines::default())
}

/// What [`finding_text_with`] learnt about long lines, kept across the
/// findings of one input: for each line number, the byte offset of every
/// character when redaction left the line as it was, `None` when it did not.
/// Without it, each finding on a 200 KB one-line policy compared and walked
/// the line up to its column again: quadratic in the number of findings.
#[derive(Default)]
pub struct LongLines(std::collections::HashMap<u32, Option<Vec<usize>>>);

/// On a line over this many characters, a finding past it shows the text
/// around its column, not the line's start.
const EXCERPT_CHARS: usize = 160;

fn finding_text_with(
    name: &str,
    original: Option<&LineIndex>,
    lines: &LineIndex,
    f: &Finding,
    long: &mut LongLines,
) -> String {
    let mut out = String::new();
    let at = match f.location.pos {
        Some(p) => format!("{name}:{}:{}", p.line, p.column),
        None => name.to_string(),
    };
    out.push_str(&format!(
        "{at}: {}[{}] {}\n",
        f.severity,
        f.code(),
        f.message
    ));
    if let Some(p) = f.location.pos {
        if let Some(src) = lines.line(p.line) {
            let col0 = (p.column as usize).saturating_sub(1);
            let gutter = p.line.to_string();
            let pad = " ".repeat(gutter.len());
            // A long line that redaction left as it was (a minified or
            // URL-encoded policy): show the characters around the column, so
            // the caret points at the mistake.
            if let Some(window) = long_line_window(original, src, p.line, col0, long) {
                out.push_str(&format!("  {gutter} | …{window}\n"));
                out.push_str(&format!(
                    "  {pad} | {}^\n",
                    " ".repeat(EXCERPT_CHARS / 2 + 1)
                ));
                return finish(out, f);
            }
            // The lines around may name the secret on this one (an env
            // entry's `name` above or below its `value`). Only the start of
            // each is shown or needed: redact no more than that (lines can be
            // megabytes).
            let near = |l: u32| lines.line(l).map(|s| head(s, 1000));
            let before: Vec<&str> = (p.line.saturating_sub(2)..p.line)
                .filter(|&l| l > 0)
                .filter_map(near)
                .collect();
            let after: Vec<&str> = (p.line + 1..=p.line + 8).map_while(near).collect();
            let shown = redact_line_within(&before, head(src, 1000), &after);
            let column = match original.and_then(|o| o.line(p.line)) {
                Some(o) => redacted_column(head(o, 1000), &shown, p.column as usize),
                // Without the original, at least stay on the text shown.
                None => (p.column as usize).min(shown.chars().count() + 1),
            };
            let text: String = shown.chars().take(EXCERPT_CHARS).collect();
            let caret_col = column.saturating_sub(1).min(EXCERPT_CHARS);
            out.push_str(&format!("  {gutter} | {text}\n"));
            out.push_str(&format!("  {pad} | {}^\n", " ".repeat(caret_col)));
        }
    }
    finish(out, f)
}

/// A finding's text after its excerpt: where, and how to fix it.
fn finish(mut out: String, f: &Finding) -> String {
    if !f.location.path.is_root() {
        out.push_str(&format!("  at: {}\n", f.location.path));
    }
    for l in f.help.lines() {
        out.push_str(&format!("  help: {l}\n"));
    }
    out
}

/// The [`EXCERPT_CHARS`] characters of `shown` around character `col0`, when
/// the column is past them and the line is exactly as written (redaction
/// changed nothing on it, so its columns are the finding's). `None` otherwise:
/// the caller shows the line's start.
fn long_line_window<'s>(
    original: Option<&LineIndex>,
    shown: &'s str,
    line: u32,
    col0: usize,
    long: &mut LongLines,
) -> Option<&'s str> {
    if col0 < EXCERPT_CHARS {
        return None;
    }
    let original = original?.line(line)?;
    let starts = long
        .0
        .entry(line)
        .or_insert_with(|| {
            (original == shown).then(|| shown.char_indices().map(|(i, _)| i).collect())
        })
        .as_ref()?;
    let half = EXCERPT_CHARS / 2;
    let from = *starts.get(col0 - half)?;
    // The column itself must be on the line, or just past its end (where a
    // text cut short stops).
    if col0 > starts.len() {
        return None;
    }
    let to = starts.get(col0 + half).copied().unwrap_or(shown.len());
    let window = shown.get(from..to)?;
    // Defence in depth: the window of an already redacted line gains nothing
    // from redaction; if it would change, show the line's start instead.
    (redact_line_within(&[], window, &[]) == window).then_some(window)
}

/// The first `n` characters of `s`.
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The counts line: `2 errors, 1 warning, 0 infos`.
pub fn summary(report: &Report) -> String {
    use super::finding::Severity::*;
    format!(
        "{}, {}, {}",
        plural(report.count(Error), "error"),
        plural(report.count(Warning), "warning"),
        plural(report.count(Info), "info")
    )
}

/// `eksplain check`'s text output for one input.
pub fn check_text(name: &str, text: &str, report: &Report) -> String {
    // Redact the whole text, not line by line: whether a line holds a secret
    // can depend on the line before it (`- name: AWS_SECRET_ACCESS_KEY`).
    // Only when a finding shows a line: on a megabyte input with nothing to
    // report, redacting and indexing would cost more than the analysis.
    let (text, redacted) = if report.findings.is_empty() {
        ("", String::new())
    } else {
        (text, super::redact::redact_text(text))
    };
    let lines = LineIndex::new(&redacted);
    let original = LineIndex::new(text);
    let mut out = String::new();
    let mut long = LongLines::default();
    for f in &report.findings {
        out.push_str(&finding_text_with(
            name,
            Some(&original),
            &lines,
            f,
            &mut long,
        ));
        out.push('\n');
    }
    out.push_str(&format!(
        "{name}: {} — {}\n",
        report.kind.label(),
        summary(report)
    ));
    out
}

/// The explanation as plain text, as `eksplain explain` prints it.
pub fn explanation_text(report: &Report) -> String {
    match &report.explanation {
        Explanation::None => String::new(),
        Explanation::Kubeconfig(o) => o.to_text(),
        Explanation::Token(t) => t.to_text(),
        Explanation::AwsAuth(a) => a.to_text(),
        Explanation::OidcProvider(o) => o.to_text(),
        Explanation::Jwt(o) => o.to_text(),
        Explanation::ServiceAccount(o) => o.to_text(),
        Explanation::TrustPolicy(t) => t.to_text(),
        Explanation::Certificates(c) => c.to_text(),
    }
}

/// A report as Markdown (the page's "copy report"), source excerpts redacted.
pub fn markdown(name: &str, text: &str, report: &Report) -> String {
    markdown_with(name, text, report, false)
}

/// [`markdown`], with source excerpts left as they are when `reveal` (the user
/// revealed secrets on the page).
pub fn markdown_with(name: &str, text: &str, report: &Report, reveal: bool) -> String {
    // Redact in context (a `value:` under a secret env name, the word after
    // `--token`), not line by line.
    // A bare token is a credential from end to end, wrapped or split however it
    // was pasted: no excerpt of it is quoted (the redactor recognises a token by
    // its start, and a token broken by spaces would show its tail).
    let whole_secret = !reveal && matches!(report.kind, InputKind::Jwt | InputKind::EksToken);
    let source = if reveal {
        text.to_string()
    } else if whole_secret {
        String::new()
    } else {
        super::redact::redact_text(text)
    };
    let lines = LineIndex::new(&source);
    let mut out = format!(
        "## eksplain: {name} ({})\n\n{}\n\n",
        report.kind.label(),
        summary(report)
    );
    for f in &report.findings {
        let at = f
            .location
            .pos
            .map(|p| format!("line {}:{}", p.line, p.column))
            .unwrap_or_default();
        out.push_str(&format!(
            "- **{} {}** {} — {}\n",
            f.severity,
            f.code(),
            at,
            f.message
        ));
        if let Some(src) = f
            .location
            .pos
            .filter(|_| !whole_secret)
            .and_then(|p| lines.line(p.line))
        {
            // A line can be megabytes: the excerpt is its start.
            out.push_str(&format!("  `{}`\n", head(src, 1000).trim()));
        }
        out.push_str(&format!("  Fix: {}\n", f.help.replace('\n', "\n  ")));
    }
    let expl = explanation_text(report);
    if !expl.is_empty() {
        out.push_str("\n```text\n");
        out.push_str(&expl);
        out.push_str("```\n");
    }
    out
}

/// One rule's documentation as Markdown.
pub fn rule_markdown(r: &RuleMeta) -> String {
    format!(
        "### {code} {name}\n\n*{sev}, {cat}* — {summary}\n\n**What it does.** {what}\n\n**Why it matters.** {why}\n\n**Example**\n\n```\n{ex}```\n\n**Fixed**\n\n```\n{fixed}```\n\n**How to fix.** {fix}\n\n",
        code = r.code,
        name = r.name,
        sev = r.severity,
        cat = r.category,
        summary = r.summary,
        what = r.what,
        why = r.why,
        ex = ensure_nl(r.example),
        fixed = ensure_nl(r.fixed),
        fix = r.fix_summary,
    )
}

fn ensure_nl(s: &str) -> String {
    if s.ends_with('\n') {
        s.to_string()
    } else {
        format!("{s}\n")
    }
}

/// The whole rule reference (docs/rules.md is this, checked by a test).
pub fn rules_markdown() -> String {
    let mut out = String::from("# eksplain rule reference\n\nGenerated by `eksplain rules --format markdown`; do not edit by hand.\n\n| code | name | severity | category | summary |\n|---|---|---|---|---|\n");
    let rules = registry::all();
    for r in &rules {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} | {} |\n",
            r.code,
            anchor(r),
            r.name,
            r.severity,
            r.category,
            r.summary.replace('|', "\\|")
        ));
    }
    out.push('\n');
    for r in &rules {
        out.push_str(&rule_markdown(r));
    }
    out
}

fn anchor(r: &RuleMeta) -> String {
    format!("{}-{}", r.code, r.name).to_ascii_lowercase()
}

/// The rule list as plain text (`eksplain rules`).
pub fn rules_text() -> String {
    registry::all()
        .iter()
        .map(|r| {
            format!(
                "{:<7} {:<8} {:<12} {:<36} {}\n",
                r.code,
                r.severity.as_str(),
                r.category.as_str(),
                r.name,
                r.summary
            )
        })
        .collect()
}

/// Cross-checks between inputs as text (after `eksplain check a b …`'s per-file output).
pub fn cross_text(checks: &[super::cross::CrossCheck]) -> String {
    if checks.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nAcross inputs:\n");
    for c in checks {
        let mark = match c.ok {
            Some(true) => "ok  ",
            Some(false) => "FAIL",
            None => "?   ",
        };
        out.push_str(&format!("  {mark} {}\n", c.text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{analyze, Options};

    /// The excerpt and the character the caret is under, from `check_text`.
    fn caret(out: &str, line: u32) -> (String, Option<char>) {
        let gutter = format!("  {line} | ");
        let mut rows = out.lines().skip_while(|l| !l.starts_with(&gutter));
        let src = rows.next().unwrap_or_default()[gutter.len()..].to_string();
        let under = rows.next().unwrap_or_default()[gutter.len()..].len() - 1;
        let c = src.chars().nth(under);
        (src, c)
    }

    #[test]
    fn a_caret_points_at_the_same_character_once_a_credential_is_redacted() {
        let kc = |line: &str| format!("apiVersion: v1\nkind: Config\nusers:\n- name: u\n{line}\n");
        for (line, want) in [
            // The syntax error after a token: redaction shortens what precedes it.
            (
                "  user: {token: abcdefghijklmnopqrstuvwxyz0123456789, username: admin]",
                ']',
            ),
            (
                "  user: {username: admin, password: \"s3cr3t-s3cr3t-s3cr3t\" \"x\"}",
                '"',
            ),
            // A short secret (`x`) lengthens it.
            ("  user: {token: x, username: admin, ]", ']'),
            // The error before the token: nothing moves.
            (
                "  user: {\"a\" \"b\", token: abcdefghijklmnopqrstuvwxyz0123456789}",
                '"',
            ),
        ] {
            let text = kc(line);
            let r = analyze(&text, &Options::default());
            assert_eq!(r.findings[0].code(), "IN001", "{:?}", r.findings);
            let out = check_text("kc", &text, &r);
            let (src, under) = caret(&out, 5);
            assert!(src.contains("REDACTED"), "{out}");
            assert!(
                !out.contains("abcdefghijk") && !out.contains("s3cr3t"),
                "{out}"
            );
            // The character under the caret is the one the parser stopped at.
            let col = r.findings[0].location.pos.unwrap().column as usize;
            let at = line.chars().nth(col - 1);
            assert_eq!((at, under), (Some(want), Some(want)), "{out}");
            // Given only the redacted text, the caret stays on what is shown.
            let redacted = crate::core::redact::redact_text(&text);
            let alone = finding_text("kc", &LineIndex::new(&redacted), &r.findings[0]);
            let (src, _) = caret(&alone, 5);
            let caret_row = alone.lines().nth(2).unwrap_or_default();
            assert!(caret_row.len() <= "    | ".len() + src.len() + 1, "{alone}");
        }
    }

    #[test]
    fn a_long_line_is_shown_around_the_column_with_the_caret_on_it() {
        // A minified policy: the mistake is far past the first 160 characters.
        let text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\":\"system:serviceaccount:payments:*\"}}}]}";
        let out = check_text("p.json", text, &analyze(text, &Options::default()));
        let mut lines = out.lines().skip_while(|l| !l.contains("TP023"));
        let (src, caret) = (lines.nth(1).unwrap_or(""), lines.next().unwrap_or(""));
        assert!(src.starts_with("  1 | …"), "{out}");
        let want = src
            .find("\"system:serviceaccount:payments:*\"")
            .map(|i| src[..i].chars().count());
        assert_eq!(
            caret.find('^').map(|i| caret[..i].chars().count()),
            want,
            "{out}"
        );
    }

    #[test]
    fn markdown_excerpts_are_redacted_unless_revealed() {
        let text = "apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user:\n    token: s3cr3t-value      client-key-data: x\n";
        let r = analyze(text, &Options::default());
        let excerpt = |md: &str| {
            md.lines()
                .find(|l| l.starts_with("  `"))
                .map(str::to_string)
                .unwrap_or_default()
        };
        let hidden = markdown("in", text, &r);
        assert!(excerpt(&hidden).contains("token: REDACTED"), "{hidden}");
        assert_eq!(hidden, markdown_with("in", text, &r, false));
        let shown = markdown_with("in", text, &r, true);
        assert!(excerpt(&shown).contains("token: s3cr3t-value"), "{shown}");
    }

    #[test]
    fn a_token_split_by_spaces_is_not_quoted_in_markdown() {
        // Found by the `jwt` fuzz target: the decoder reads a token with a run of
        // spaces in its payload (as pasted from a wrapped terminal); the line
        // redactor saw only its first part as a token and quoted the rest.
        let token = include_str!("../../tests/fixtures/jwt/irsa-expired.jwt").trim();
        let (head, sig) = token.rsplit_once('.').unwrap();
        let cut = head.len() - 20;
        let text = format!("{}          {}.{sig}\n", &head[..cut], &head[cut..]);
        let r = crate::core::analyze(
            &text,
            &Options {
                now: Some(1_767_225_600),
            },
        );
        assert_eq!(r.kind, InputKind::Jwt);
        assert!(!r.findings.is_empty(), "a finding with a location to quote");
        let md = markdown("in", &text, &r);
        assert!(!md.contains(&sig[..16]), "{md}");
        assert!(!md.contains(&head[cut..]), "{md}");
        // Revealed, the excerpt is the user's own text again.
        assert!(markdown_with("in", &text, &r, true).contains(&sig[..16]));
    }
}
