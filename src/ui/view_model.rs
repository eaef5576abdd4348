//! What the components show, computed from a report without touching the DOM:
//! gutter markers, the report's headline, keyboard navigation of the tabs, the
//! rule search, geometry of the editor's lines. Pure and compiled everywhere, so
//! it is tested natively like the reducer.

use crate::core::{registry, Report, RuleMeta, Severity};

/// Height of one editor line in CSS pixels and the editor's top padding. Must match
/// `.source`, `.numbers` and `.marks` in static/style.css (the e2e suite checks
/// that markers and the highlight band line up with the textarea's lines).
pub const LINE_HEIGHT_PX: f64 = 20.0;
pub const EDITOR_PAD_PX: f64 = 8.0;

/// Inputs longer than this (in bytes) show a progress indication while they are analysed,
/// and are shown by the read-only view rather than the textarea (`large_input`): a textarea
/// of 213 KB already took 53–98 ms to lay out (docs/performance.md, "Large inputs").
pub const LARGE_INPUT_BYTES: usize = 200 * 1024;

/// A gutter marker: a line with findings, coloured by its worst severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    pub line: u32,
    pub severity: Severity,
    /// How many findings point at this line.
    pub count: u32,
}

impl Marker {
    /// The marker's tooltip: what clicking it does.
    pub fn title(&self) -> String {
        let (line, severity) = (self.line, self.severity.as_str());
        if self.count == 1 {
            format!("{severity} on line {line}: click to see it")
        } else {
            format!(
                "{} findings on line {line} (worst: {severity}): click to see them",
                self.count
            )
        }
    }
}

/// One marker per line that has findings, in line order. (A map, not a search
/// of the markers so far: a big input can have 10,000 findings on as many lines.)
pub fn markers(report: &Report) -> Vec<Marker> {
    let mut by_line: std::collections::BTreeMap<u32, Marker> = Default::default();
    for f in &report.findings {
        let Some(line) = f.line() else { continue };
        by_line
            .entry(line)
            .and_modify(|m| {
                m.severity = m.severity.min(f.severity);
                m.count += 1;
            })
            .or_insert(Marker {
                line,
                severity: f.severity,
                count: 1,
            });
    }
    by_line.into_values().collect()
}

/// The editor's gutter and highlight bands are drawn in blocks of this many
/// lines. Every block but the last is exactly this many lines tall (`.line-block` in
/// static/style.css, which must agree), so the browser can skip laying out the
/// blocks far from the viewport: a 20,000-line paste lays out about 1,000 line
/// numbers, not 20,000.
pub const LINES_PER_BLOCK: u32 = 500;

/// The first line of the block that holds `line` (1-based).
pub fn block_start(line: u32) -> u32 {
    line.saturating_sub(1) / LINES_PER_BLOCK * LINES_PER_BLOCK + 1
}

/// The marker column as text runs: `Gap(n)` is n empty lines, `Mark(m)` one
/// marked line. Rendered as lines of a `<pre>` with the editor's line height, the
/// markers sit on their lines by construction, at any scroll position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkRun {
    Gap(u32),
    Mark(Marker),
}

/// The marker column in blocks of `LINES_PER_BLOCK` lines, up to the block of
/// the last marker; each block's runs count from the block's first line.
pub fn mark_blocks(markers: &[Marker]) -> Vec<Vec<MarkRun>> {
    let mut blocks: Vec<Vec<MarkRun>> = Vec::new();
    let mut next_line = 1u32;
    for m in markers {
        if m.line < next_line {
            continue; // unsorted or duplicate input: never draw two marks on one line
        }
        let start = block_start(m.line);
        let index = (start / LINES_PER_BLOCK) as usize;
        if blocks.len() <= index {
            blocks.resize_with(index + 1, Vec::new);
            next_line = next_line.max(start);
        }
        if let Some(runs) = blocks.last_mut() {
            if m.line > next_line {
                runs.push(MarkRun::Gap(m.line - next_line));
            }
            runs.push(MarkRun::Mark(*m));
        }
        next_line = m.line + 1;
    }
    blocks
}

/// What the top of the report says before anything is clicked.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    pub tone: Tone,
    /// One sentence: the verdict.
    pub verdict: String,
    /// The most important finding (the first error, else the first warning), shown
    /// with its fix.
    pub lead: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Error,
    Warning,
    Ok,
}

impl Tone {
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Error => "error",
            Tone::Warning => "warning",
            Tone::Ok => "ok",
        }
    }
}

fn count_words(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub fn headline(report: &Report) -> Headline {
    let (errors, warnings, notes) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    let first = |sev: Severity| report.findings.iter().position(|f| f.severity == sev);
    if errors > 0 {
        let more = if errors > 1 {
            format!("; the first of {errors} errors")
        } else {
            String::new()
        };
        let lead = first(Severity::Error);
        // A role open to anyone works: that is the problem.
        let open = lead.is_some_and(|i| {
            crate::core::policy::rules::OPEN_TO_ANYONE.contains(&report.findings[i].code())
        });
        let verdict = if open {
            format!("This works, but for anyone{more}:")
        } else {
            format!("This will not work as it is{more}:")
        };
        return Headline {
            tone: Tone::Error,
            verdict,
            lead,
        };
    }
    if warnings > 0 {
        return Headline {
            tone: Tone::Warning,
            verdict: format!(
                "No errors, but {}; the first:",
                count_words(warnings, "warning", "warnings")
            ),
            lead: first(Severity::Warning),
        };
    }
    let verdict = if notes > 0 {
        format!(
            "No problems found ({} below).",
            count_words(notes, "note", "notes")
        )
    } else {
        "No problems found.".to_string()
    };
    Headline {
        tone: Tone::Ok,
        verdict,
        lead: None,
    }
}

/// Where a key press on a tab moves the selection (WAI-ARIA tabs pattern:
/// arrows wrap, Home and End jump). `None`: the key is not a tab-navigation key.
pub fn tab_after_key(current: usize, len: usize, key: &str) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let current = current.min(len - 1);
    match key {
        "ArrowRight" | "ArrowDown" => Some((current + 1) % len),
        "ArrowLeft" | "ArrowUp" => Some((current + len - 1) % len),
        "Home" => Some(0),
        "End" => Some(len - 1),
        _ => None,
    }
}

/// The 1-based line of a caret at `utf16_offset` (what `selectionStart` counts).
pub fn line_at_utf16_offset(text: &str, utf16_offset: u32) -> u32 {
    let mut seen = 0u32;
    let mut line = 1u32;
    for c in text.chars() {
        if seen >= utf16_offset {
            break;
        }
        if c == '\n' {
            line += 1;
        }
        seen += c.len_utf16() as u32;
    }
    line
}

/// The line under a pointer `y` CSS pixels below the top of the editor's text
/// box, scrolled by `scroll_top`; `None` above the first line or below the last.
pub fn line_at_y(y: f64, scroll_top: f64, line_count: u32) -> Option<u32> {
    let content_y = y + scroll_top - EDITOR_PAD_PX;
    if content_y < 0.0 || !content_y.is_finite() {
        return None;
    }
    let line = (content_y / LINE_HEIGHT_PX).floor() as u64 + 1;
    (line <= line_count as u64).then_some(line as u32)
}

/// Number of lines as the editor shows them (a trailing newline starts an empty line).
pub fn line_count(text: &str) -> u32 {
    let n = text.bytes().filter(|b| *b == b'\n').count() + 1;
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The gutter's line numbers, one per line, in blocks of `LINES_PER_BLOCK`.
pub fn line_number_blocks(count: u32) -> Vec<String> {
    let mut blocks = Vec::with_capacity(count.div_ceil(LINES_PER_BLOCK) as usize);
    let mut block = String::new();
    for i in 1..=count {
        if !block.is_empty() {
            block.push('\n');
        }
        block.push_str(&i.to_string());
        if i % LINES_PER_BLOCK == 0 || i == count {
            blocks.push(std::mem::take(&mut block));
        }
    }
    blocks
}

/// A byte count for people: `950 B`, `12.3 KB`, `4.1 MB`.
pub fn human_size(bytes: usize) -> String {
    let b = bytes as f64;
    if b < 1000.0 {
        format!("{bytes} B")
    } else if b < 1_000_000.0 {
        format!("{:.1} KB", b / 1000.0)
    } else {
        format!("{:.1} MB", b / 1_000_000.0)
    }
}

/// Rules whose code, name, summary, severity, category or domain contain every
/// word of `query` (case-insensitive), in registry order.
pub fn rules_matching(query: &str) -> Vec<&'static RuleMeta> {
    let words: Vec<String> = query.split_whitespace().map(|w| w.to_lowercase()).collect();
    let mut hits: Vec<&'static RuleMeta> = registry::all()
        .into_iter()
        .filter(|r| {
            let hay = format!(
                "{} {} {} {} {} {:?} {}",
                r.code, r.name, r.summary, r.severity, r.category, r.domain, r.what
            )
            .to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect();
    // A rule whose code was typed comes first (other rules may mention it).
    hits.sort_by_key(|r| !words.iter().any(|w| r.code.eq_ignore_ascii_case(w)));
    hits
}

/// A piece of a message or help text: prose, or a `code span` (between
/// backticks). Code spans that are shell commands get a copy button.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span<'a> {
    Text(&'a str),
    Code(&'a str),
    Command(&'a str),
}

/// Commands the help texts tell users to run.
const COMMANDS: &[&str] = &[
    "aws ",
    "kubectl ",
    "eksctl ",
    "openssl ",
    "gcloud ",
    "az ",
    "kubelogin ",
];

/// Splits `text` on backticks. An unmatched backtick is kept as text.
pub fn spans(text: &str) -> Vec<Span<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('`') else { break };
        if open > 0 {
            out.push(Span::Text(&rest[..open]));
        }
        let code = &after[..close];
        if COMMANDS.iter().any(|c| code.starts_with(c)) {
            out.push(Span::Command(code));
        } else {
            out.push(Span::Code(code));
        }
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Span::Text(rest));
    }
    out
}

/// A help text's paragraphs and its indented code (corrected lines, commands).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block<'a> {
    /// Prose, possibly with `code spans`; its line breaks are kept.
    Prose(&'a str),
    /// Consecutive lines indented by four or more spaces, verbatim: corrected YAML
    /// lines keep the indentation they need when pasted back.
    Code(String),
}

/// Splits a message or help text into prose and indented code blocks.
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let is_code = |l: &str| l.starts_with("    ") && !l.trim().is_empty();
    let mut out = Vec::new();
    let mut prose_start: Option<usize> = None;
    let mut code: Vec<&str> = Vec::new();
    let mut offset = 0;
    let flush_code = |code: &mut Vec<&str>, out: &mut Vec<Block<'_>>| {
        if code.is_empty() {
            return;
        }
        out.push(Block::Code(code.join("\n")));
        code.clear();
    };
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if is_code(bare) {
            if let Some(start) = prose_start.take() {
                out.push(Block::Prose(
                    text[start..offset].trim_end_matches(['\n', '\r']),
                ));
            }
            code.push(bare);
        } else {
            flush_code(&mut code, &mut out);
            prose_start.get_or_insert(offset);
        }
        offset += line.len();
    }
    flush_code(&mut code, &mut out);
    if let Some(start) = prose_start {
        let rest = text[start..].trim_end_matches(['\n', '\r']);
        if !rest.is_empty() {
            out.push(Block::Prose(rest));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{analyze, Options};

    const V1ALPHA1: &str = include_str!("../../static/samples/eks-v1alpha1.yaml");

    fn report(text: &str) -> Report {
        analyze(
            text,
            &Options {
                now: Some(registry::DOC_NOW),
            },
        )
    }

    #[test]
    fn the_headline_leads_with_the_first_error_and_its_fix() {
        let r = report(V1ALPHA1);
        let h = headline(&r);
        assert_eq!(h.tone, Tone::Error);
        assert_eq!(h.verdict, "This will not work as it is:");
        let lead = &r.findings[h.lead.expect("a lead finding")];
        assert_eq!(lead.code(), "KC010");
        assert!(
            lead.help.contains("v1beta1"),
            "the fix is the lead's help: {}",
            lead.help
        );
    }

    #[test]
    fn a_clean_input_says_so() {
        let r = report(include_str!("../../static/samples/eks-kubeconfig.yaml"));
        let h = headline(&r);
        assert_eq!((h.tone, h.lead), (Tone::Ok, None));
        assert_eq!(h.verdict, "No problems found.");
    }

    #[test]
    fn markers_take_the_worst_severity_of_their_line_in_line_order() {
        let mut r = report(V1ALPHA1);
        let mut extra = r.findings[0].clone();
        extra.severity = Severity::Warning;
        r.findings.insert(0, extra.clone());
        extra.location.pos = Some(crate::core::Pos::new(3, 1));
        r.findings.push(extra);
        let m = markers(&r);
        assert_eq!(
            m,
            vec![
                Marker {
                    line: 3,
                    severity: Severity::Warning,
                    count: 1
                },
                Marker {
                    line: 19,
                    severity: Severity::Error,
                    count: 2
                },
            ]
        );
        assert_eq!(
            mark_blocks(&m),
            vec![vec![
                MarkRun::Gap(2),
                MarkRun::Mark(m[0]),
                MarkRun::Gap(15),
                MarkRun::Mark(m[1])
            ]]
        );
    }

    #[test]
    fn mark_runs_never_put_two_marks_on_a_line() {
        let m = |line| Marker {
            line,
            severity: Severity::Info,
            count: 1,
        };
        assert_eq!(
            mark_blocks(&[m(1), m(1), m(2)]),
            vec![vec![MarkRun::Mark(m(1)), MarkRun::Mark(m(2))]]
        );
    }

    #[test]
    fn mark_blocks_count_lines_from_their_block() {
        let m = |line| Marker {
            line,
            severity: Severity::Warning,
            count: 1,
        };
        // Lines 499 and 500 end block 0; 502 is the second line of block 1;
        // block 2 is empty; 1,501 is the first line of block 3.
        assert_eq!(
            mark_blocks(&[m(499), m(500), m(502), m(1501)]),
            vec![
                vec![
                    MarkRun::Gap(498),
                    MarkRun::Mark(m(499)),
                    MarkRun::Mark(m(500))
                ],
                vec![MarkRun::Gap(1), MarkRun::Mark(m(502))],
                vec![],
                vec![MarkRun::Mark(m(1501))],
            ]
        );
        assert_eq!(mark_blocks(&[]), Vec::<Vec<MarkRun>>::new());
        assert_eq!(
            (block_start(1), block_start(500), block_start(501)),
            (1, 1, 501)
        );
    }

    #[test]
    fn tabs_follow_the_aria_keyboard_pattern() {
        assert_eq!(tab_after_key(0, 3, "ArrowRight"), Some(1));
        assert_eq!(tab_after_key(2, 3, "ArrowRight"), Some(0));
        assert_eq!(tab_after_key(0, 3, "ArrowLeft"), Some(2));
        assert_eq!(tab_after_key(1, 3, "Home"), Some(0));
        assert_eq!(tab_after_key(1, 3, "End"), Some(2));
        assert_eq!(tab_after_key(1, 3, "a"), None);
        assert_eq!(tab_after_key(0, 0, "End"), None);
        assert_eq!(tab_after_key(7, 3, "ArrowRight"), Some(0));
    }

    #[test]
    fn caret_offsets_count_utf16_units() {
        let t = "a\né😀\nc";
        assert_eq!(line_at_utf16_offset(t, 0), 1);
        assert_eq!(line_at_utf16_offset(t, 1), 1);
        assert_eq!(line_at_utf16_offset(t, 2), 2);
        // é is one unit, 😀 two; the second newline is at unit 5.
        assert_eq!(line_at_utf16_offset(t, 5), 2);
        assert_eq!(line_at_utf16_offset(t, 6), 3);
        assert_eq!(line_at_utf16_offset(t, 999), 3);
    }

    #[test]
    fn pointer_positions_map_to_lines() {
        assert_eq!(line_at_y(0.0, 0.0, 10), None);
        assert_eq!(line_at_y(8.0, 0.0, 10), Some(1));
        assert_eq!(line_at_y(27.9, 0.0, 10), Some(1));
        assert_eq!(line_at_y(28.0, 0.0, 10), Some(2));
        assert_eq!(line_at_y(8.0, 100.0, 10), Some(6));
        assert_eq!(line_at_y(500.0, 0.0, 10), None);
        assert_eq!(line_at_y(f64::NAN, 0.0, 10), None);
    }

    #[test]
    fn line_numbers_match_the_editor() {
        assert_eq!(line_count(""), 1);
        assert_eq!(line_count("a\n"), 2);
        assert_eq!(line_number_blocks(3), vec!["1\n2\n3"]);
        assert_eq!(line_number_blocks(1), vec!["1"]);
        let blocks = line_number_blocks(1001);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].lines().count(), 500);
        assert!(blocks[0].ends_with("\n500"));
        assert!(blocks[1].starts_with("501\n") && blocks[1].ends_with("\n1000"));
        assert_eq!(blocks[2], "1001");
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(204_800), "204.8 KB");
        assert_eq!(human_size(10_000_000), "10.0 MB");
    }

    #[test]
    fn rule_search_matches_every_word() {
        assert_eq!(rules_matching("").len(), registry::all().len());
        let hits = rules_matching("kc010");
        assert_eq!(hits[0].code, "KC010", "the rule with that code comes first");
        assert!(rules_matching("v1alpha1 removed")
            .iter()
            .any(|r| r.code == "KC010"));
        assert!(rules_matching("no-such-thing-anywhere").is_empty());
    }

    #[test]
    fn backticks_become_code_and_commands_become_copyable() {
        assert_eq!(
            spans("Run `aws eks update-kubeconfig --name X` then set `apiVersion`."),
            vec![
                Span::Text("Run "),
                Span::Command("aws eks update-kubeconfig --name X"),
                Span::Text(" then set "),
                Span::Code("apiVersion"),
                Span::Text("."),
            ]
        );
        assert_eq!(
            spans("a ` lone backtick"),
            vec![Span::Text("a ` lone backtick")]
        );
        assert_eq!(spans(""), vec![]);
    }

    #[test]
    fn indented_lines_become_code_blocks() {
        let help = "Two lines were joined into one. Split them:\n    a: 1\n      b: 2\nThen save.";
        assert_eq!(
            blocks(help),
            vec![
                Block::Prose("Two lines were joined into one. Split them:"),
                Block::Code("    a: 1\n      b: 2".into()),
                Block::Prose("Then save."),
            ]
        );
        assert_eq!(blocks("just prose"), vec![Block::Prose("just prose")]);
        assert_eq!(
            blocks("    only code\n"),
            vec![Block::Code("    only code".into())]
        );
        assert_eq!(blocks(""), vec![]);
    }

    #[test]
    fn a_role_open_to_anyone_is_not_said_to_fail() {
        let r = report(include_str!(
            "../../tests/fixtures/trust-policy/github-actions-no-sub.json"
        ));
        let h = headline(&r);
        assert_eq!(h.tone, Tone::Error);
        assert_eq!(h.verdict, "This works, but for anyone:");
        assert_eq!(r.findings[h.lead.unwrap()].code(), "TP039");
    }
}
