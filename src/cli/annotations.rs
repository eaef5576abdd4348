//! `check`'s output for CI systems: GitHub Actions workflow commands, which the
//! runner turns into annotations on the changed lines, and SARIF 2.1.0, which
//! code-scanning tools (GitHub code scanning, GitLab, Azure DevOps) import.
//!
//! Both carry only what the text output shows: the findings' messages and help
//! are already redacted by the core, and no source line is quoted.

use crate::core::{Finding, Report, Severity};
use serde_json::{json, Value};

/// The operand as an annotation names it: standard input has no file.
fn file_name(name: &str) -> Option<&str> {
    (name != "-").then_some(name)
}

/// One GitHub Actions workflow command per finding
/// (`::error file=F,line=L,col=C,title=T::message`).
pub fn github(inputs: &[(&str, &Report)]) -> String {
    let mut out = String::new();
    for (name, report) in inputs {
        for f in &report.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = Vec::new();
            if let Some(file) = file_name(name) {
                props.push(format!("file={}", escape_property(file)));
            }
            if let Some(p) = f.location.pos {
                props.push(format!("line={}", p.line));
                props.push(format!("col={}", p.column));
            }
            let title = format!("{} {}", f.code(), f.rule.name);
            props.push(format!("title={}", escape_property(&title)));
            let mut message = f.message.clone();
            if !f.help.is_empty() {
                message.push_str("\nFix: ");
                message.push_str(&f.help);
            }
            let path = f.location.path.to_string();
            if !path.is_empty() {
                message.push_str(&format!("\nAt: {path}"));
            }
            out.push_str(&format!(
                "::{command} {}::{}\n",
                props.join(","),
                escape_data(&message)
            ));
        }
    }
    out
}

/// A workflow command's message: `%`, CR and LF are escaped.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`, which end it.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A file operand as a SARIF artifact URI: a relative path stays relative (to
/// the directory `check` ran in, which code-scanning tools take as the
/// repository's root), an absolute one becomes a `file://` URI, and bytes a URI
/// cannot hold are percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::from(if path.starts_with('/') { "file://" } else { "" });
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// One SARIF 2.1.0 log with one run: the rules that fired, then one result per
/// finding. Columns count Unicode code points, as eksplain's do.
pub fn sarif(inputs: &[(&str, &Report)]) -> String {
    let mut rules: Vec<&'static crate::core::rule::RuleMeta> = Vec::new();
    for (_, r) in inputs {
        for f in &r.findings {
            if !rules.iter().any(|m| m.code == f.rule.code) {
                rules.push(f.rule);
            }
        }
    }
    rules.sort_by_key(|m| m.code);
    let rule_index = |code: &str| rules.iter().position(|m| m.code == code);
    let results: Vec<Value> = inputs
        .iter()
        .flat_map(|(name, r)| r.findings.iter().map(move |f| (*name, f)))
        .map(|(name, f)| result(name, f, rule_index(f.code())))
        .collect();
    let rules: Vec<Value> = rules
        .iter()
        .map(|m| {
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.what },
                "help": {
                    "text": format!("{}\n\nWhy: {}\n\nFix: {}", m.what, m.why, m.fix_summary),
                },
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": { "category": m.category.as_str() },
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "eksplain",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into())
}

fn result(name: &str, f: &Finding, index: Option<usize>) -> Value {
    let mut text = f.message.clone();
    if !f.help.is_empty() {
        text.push_str(" Fix: ");
        text.push_str(&f.help);
    }
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": file_name(name).map_or("stdin".into(), uri) },
        },
    });
    if let Some(p) = f.location.pos {
        location["physicalLocation"]["region"] =
            json!({ "startLine": p.line, "startColumn": p.column });
    }
    let path = f.location.path.to_string();
    if !path.is_empty() {
        location["logicalLocations"] = json!([{ "fullyQualifiedName": path }]);
    }
    let mut r = json!({
        "ruleId": f.code(),
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [location],
    });
    if let Some(i) = index {
        r["ruleIndex"] = json!(i);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{analyze, Options};

    const BROKEN: &str = "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: DATA+OMITTED\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: REDACTED\ncurrent-context: dev\n";

    fn report() -> Report {
        analyze(BROKEN, &Options { now: Some(0) })
    }

    #[test]
    fn github_commands_point_at_the_line_and_escape_what_would_end_them() {
        let r = report();
        let out = github(&[("team: a,b.yaml", &r)]);
        let ca = out
            .lines()
            .find(|l| l.contains("certificate-authority-data"))
            .expect("a KC020 annotation for the CA");
        assert!(
            ca.starts_with(
                "::error file=team%3A a%2Cb.yaml,line=7,col=5,title=KC020 placeholder-value::"
            ),
            "{ca}"
        );
        // One command per line: the help and the path follow escaped newlines.
        assert!(ca.contains("%0AFix: "), "{ca}");
        assert_eq!(out.lines().count(), r.findings.len());
    }

    #[test]
    fn standard_input_has_no_file_property() {
        let r = report();
        let out = github(&[("-", &r)]);
        assert!(out.lines().all(|l| !l.contains("file=")), "{out}");
        assert!(
            out.lines().all(|l| l.contains(",line=")
                || l.starts_with("::error line=")
                || l.starts_with("::warning line=")
                || l.starts_with("::notice")),
            "{out}"
        );
    }

    #[test]
    fn sarif_lists_each_fired_rule_once_and_a_located_result_per_finding() {
        let r = report();
        let v: Value = serde_json::from_str(&sarif(&[("kubeconfig.yaml", &r)])).expect("JSON");
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        let results = run["results"].as_array().expect("results");
        assert_eq!(results.len(), r.findings.len());
        let mut ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "a rule listed twice");
        for res in results {
            let i = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rules[i]["id"], res["ruleId"]);
        }
        let ca = results
            .iter()
            .find(|x| {
                x["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("certificate-authority-data"))
            })
            .expect("the CA's result");
        assert_eq!(ca["level"], "error");
        let loc = &ca["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "kubeconfig.yaml");
        assert_eq!(loc["region"]["startLine"], 7);
    }

    #[test]
    fn artifact_uris_are_relative_or_file_uris() {
        assert_eq!(uri("deploy/kubeconfig.yaml"), "deploy/kubeconfig.yaml");
        assert_eq!(uri("/tmp/my config.yaml"), "file:///tmp/my%20config.yaml");
        assert_eq!(uri("é#1.json"), "%C3%A9%231.json");
    }

    #[test]
    fn neither_format_shows_a_secret() {
        let text = BROKEN.replace("token: REDACTED", "token: k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9uPUdldENhbGxlcklkZW50aXR5");
        let r = analyze(&text, &Options { now: Some(0) });
        for out in [github(&[("k.yaml", &r)]), sarif(&[("k.yaml", &r)])] {
            assert!(!out.contains("aHR0cHM6Ly9zdHMu"), "{out}");
        }
    }
}
