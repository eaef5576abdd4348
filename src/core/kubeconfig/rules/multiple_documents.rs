use super::prelude::*;
use crate::core::source::{LineIndex, Pos};
use serde::Deserialize;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC064",
    name: "multiple-documents",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "The kubeconfig holds several YAML documents; kubectl reads only the first.",
    what: "Flags text after a `---` document separator that holds content, at the separator where kubectl stops \
           reading. Everything eksplain reports about the kubeconfig itself is about the first document, as \
           kubectl sees it.",
    why: "kubectl loads a kubeconfig file as one YAML document and silently ignores the rest, even when it does \
          not parse. Two kubeconfigs pasted or concatenated into one file (`cat a.yaml b.yaml > config`) look \
          merged, but the contexts of the second are not there: `kubectl --context` fails with `context was \
          not found for specified context: …`, or the old definitions win.",
    example: "apiVersion: v1\nkind: Config\ncontexts:\n- name: dev\n  context:\n    cluster: dev\ncurrent-context: dev\n---\napiVersion: v1\nkind: Config\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n",
    fixed: "apiVersion: v1\nkind: Config\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n- name: prod\n  context:\n    cluster: prod\ncurrent-context: dev\n",
    fix_summary: "Keep one kubeconfig per file and list the files in KUBECONFIG, or merge them into one: `KUBECONFIG=a.yaml:b.yaml kubectl config view --flatten > merged.yaml`.",
};

/// Names of the entries in an ignored document, for the message.
#[derive(Default)]
struct Ignored {
    docs: usize,
    clusters: usize,
    contexts: Vec<String>,
    users: usize,
    unparsed: bool,
}

fn count(v: &serde_yaml::Value, key: &str) -> usize {
    v.get(key).and_then(|l| l.as_sequence()).map_or(0, Vec::len)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    if !cx.pos.multiple_documents() {
        return;
    }
    let mut ignored = Ignored::default();
    let mut first_ignored: Option<usize> = None;
    let mut first_empty = false;
    for (i, doc) in serde_yaml::Deserializer::from_str(cx.text).enumerate() {
        let value = serde_yaml::Value::deserialize(doc);
        let empty = matches!(value, Ok(serde_yaml::Value::Null));
        if i == 0 {
            first_empty = empty;
            continue;
        }
        if empty {
            continue;
        }
        first_ignored.get_or_insert(i);
        ignored.docs += 1;
        match value {
            Ok(v) => {
                ignored.clusters += count(&v, "clusters");
                ignored.users += count(&v, "users");
                if let Some(list) = v.get("contexts").and_then(|l| l.as_sequence()) {
                    ignored.contexts.extend(list.iter().filter_map(|c| {
                        c.get("name").and_then(|n| n.as_str()).map(str::to_string)
                    }));
                }
            }
            Err(_) => {
                // The parser cannot go on after a broken document; kubectl
                // never looks at it.
                ignored.unparsed = true;
                break;
            }
        }
    }
    let Some(doc) = first_ignored else {
        return;
    };
    let pos = separator_before(cx.text, cx.pos.locate(doc, &Path::root()));
    let line = pos.map(|p| p.line).unwrap_or(1);
    let mut what = vec![];
    if ignored.clusters > 0 {
        what.push(plural(ignored.clusters, "cluster"));
    }
    if !ignored.contexts.is_empty() {
        let mut names: Vec<String> = ignored
            .contexts
            .iter()
            .take(3)
            .map(|n| format!("`{n}`"))
            .collect();
        if ignored.contexts.len() > 3 {
            names.push("…".into());
        }
        what.push(format!(
            "{} ({})",
            plural(ignored.contexts.len(), "context"),
            names.join(", ")
        ));
    }
    if ignored.users > 0 {
        what.push(plural(ignored.users, "user"));
    }
    let contents = if what.is_empty() {
        String::new()
    } else {
        format!(" — {}", what.join(", "))
    };
    let docs = if ignored.unparsed {
        "the documents".to_string()
    } else {
        plural(ignored.docs, "more document")
    };
    let first = if first_empty {
        " The first document is empty, so kubectl sees an empty kubeconfig."
    } else {
        ""
    };
    sink.report(
        &RULE,
        Path::root(),
        format!("A new YAML document starts here; kubectl reads only the first document of a kubeconfig and silently ignores {docs} from line {line} on{contents}.{first}"),
    )
    .at(pos);
}

/// The `---` line that opens the document whose first content is at `pos`.
fn separator_before(text: &str, pos: Option<Pos>) -> Option<Pos> {
    let lines = LineIndex::new(text);
    let mut line = pos?.line;
    while line > 0 {
        let l = lines.line(line)?;
        if l == "---" || l.starts_with("--- ") || l.starts_with("---\t") {
            return Some(Pos::new(line, 1));
        }
        if l == "..." || l.starts_with("... ") {
            // A bare document after an end marker: it starts at its content.
            return pos;
        }
        line -= 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_at_the_separator_that_starts_the_ignored_document() {
        assert_eq!(lines_of("KC064", super::RULE.example), vec![8]);
        // A leading separator starts the first document, not an ignored one.
        let leading = format!("---\n{}", super::RULE.example);
        assert_eq!(lines_of("KC064", &leading), vec![9]);
    }

    #[test]
    fn quiet_for_one_document_or_an_empty_trailing_one() {
        assert!(lines_of("KC064", super::RULE.fixed).is_empty());
        let trailing = format!("---\n{}---\n# nothing here\n", super::RULE.fixed);
        assert!(lines_of("KC064", &trailing).is_empty());
    }

    #[test]
    fn a_broken_later_document_is_still_reported_and_the_first_is_analysed() {
        let text = "apiVersion: v1\nkind: Config\ncurrent-context: a\n---\nclusters: [\n";
        let f = findings(text);
        assert!(f.contains(&("KC064", Some(4), "warning")), "{f:?}");
        assert!(!f.iter().any(|f| f.0 == "YAML001"), "{f:?}");
    }
}
