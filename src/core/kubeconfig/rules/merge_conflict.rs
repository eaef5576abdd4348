use super::prelude::*;
use crate::core::finding::{Finding, Location};
use crate::core::kubeconfig::merge::{self, EntryKind, MergeOutcome, Source};
use crate::core::yamlpos::DocLocator;

pub static RULE: RuleMeta = RuleMeta {
    code: "KC060",
    name: "merge-conflict",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "Two kubeconfigs define the same cluster, context or user name differently; the later one is ignored.",
    what: "When several kubeconfigs are merged (files listed in `KUBECONFIG`, `eksplain merge`, several inputs on \
           the page, or several documents pasted into one box), flags every cluster, context, user or extension \
           whose name an earlier input already defines with different content. The finding sits on the ignored \
           definition and names the fields that differ.",
    why: "kubectl keys these entries by name and keeps the first definition it reads, whole: the later one is \
          dropped without a warning and its fields are never combined with the first. A `dev` cluster in \
          ~/.kube/config shadows the `dev` cluster of a freshly downloaded file, so `kubectl --context dev` \
          talks to the old server, or with the old credentials, while the new file looks right.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n---\napiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://dev.example.com:6443\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev-old\n  cluster:\n    server: https://10.0.0.1:6443\n---\napiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://dev.example.com:6443\n",
    fix_summary: "Give one of the two definitions another name (and update the contexts that use it), or delete the copy you do not want.",
};

fn capitalised(noun: &str) -> String {
    let mut c = noun.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Findings for each conflict whose definitions differ, as `(input, finding)`.
/// `same_text` says the inputs are documents of one pasted text (kubectl reads
/// only the first, so the merge is what would happen after splitting them):
/// the findings are then informational and point back at the kept entry.
pub fn findings(m: &MergeOutcome, sources: &[Source], same_text: bool) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    for c in m.conflicts.iter().filter(|c| !c.differs.is_empty()) {
        let (Some(kept), Some(dropped)) = (sources.get(c.kept.input), sources.get(c.dropped.input))
        else {
            continue;
        };
        let kept_path = merge::entry_name_path(c.kind, c.kept);
        let path = merge::entry_name_path(c.kind, c.dropped);
        let what = capitalised(c.kind.noun());
        let name = &c.name;
        let differs = c.differs.join(", ");
        let message = if same_text {
            format!(
                "{what} `{name}` is already defined in {}. kubectl reads only the first document of a file; split into files and merged through KUBECONFIG, the first definition would win and this one would be ignored whole. They differ in: {differs}.",
                kept.at(&kept_path)
            )
        } else {
            format!(
                "{what} `{name}` is already defined in {}, which comes first: kubectl uses that definition and ignores this one whole (fields are never combined). They differ in: {differs}.",
                kept.at(&kept_path)
            )
        };
        let mut help = if c.kind == EntryKind::Extension {
            "Rename or remove one of the two extensions.".to_string()
        } else {
            RULE.fix_summary.to_string()
        };
        if c.kind == EntryKind::Context {
            help.push_str(&format!(
                " Until then, `kubectl --context {name}` uses the definition from {}.",
                kept.name
            ));
        }
        let mut sink = Sink::new(dropped.locator);
        let f = sink.report(&RULE, path, message).with_help(help);
        if same_text {
            f.with_severity(Severity::Info).with_related(Location {
                pos: kept.locator.locate(&kept_path),
                path: kept_path,
            });
        }
        out.extend(
            sink.into_findings()
                .into_iter()
                .map(|f| (c.dropped.input, f)),
        );
    }
    out
}

/// The same check within one text holding several documents.
pub fn check(cx: &Cx, sink: &mut Sink) {
    check_documents(cx, sink, findings);
}

/// The findings of a merge check.
pub type MergeFindings = fn(&MergeOutcome, &[Source], bool) -> Vec<(usize, Finding)>;

/// Runs a merge check on the documents of one text (kubectl merges them as
/// it merges files), reporting into `sink`.
pub fn check_documents(cx: &Cx, sink: &mut Sink, findings: MergeFindings) {
    if !cx.pos.multiple_documents() {
        return;
    }
    let Some((outcome, docs)) = merge::merge_documents(cx.text, cx.pos) else {
        return;
    };
    let locators: Vec<DocLocator> = docs
        .iter()
        .map(|&d| DocLocator {
            tree: cx.pos,
            doc: d,
        })
        .collect();
    let sources = document_sources(&docs, &locators);
    for (_, f) in findings(&outcome, &sources, true) {
        copy_into(sink, f);
    }
}

/// Names the documents of a text `document N` for messages.
pub fn document_sources<'a>(docs: &[usize], locators: &'a [DocLocator<'a>]) -> Vec<Source<'a>> {
    docs.iter()
        .zip(locators)
        .map(|(d, l)| Source {
            name: format!("document {}", d + 1),
            locator: l,
        })
        .collect()
}

/// Re-reports a finding built elsewhere into `sink`, keeping its position.
pub fn copy_into(sink: &mut Sink, f: Finding) {
    let r = sink
        .report(f.rule, f.location.path, f.message)
        .at(f.location.pos)
        .with_help(f.help)
        .with_severity(f.severity);
    for l in f.related {
        r.with_related(l);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_the_later_definition_as_info_within_one_text() {
        assert_eq!(lines_of("KC060", super::RULE.example), vec![11]);
        assert!(findings(super::RULE.example).contains(&("KC060", Some(11), "info")));
    }

    #[test]
    fn quiet_when_names_differ_or_definitions_match() {
        assert!(lines_of("KC060", super::RULE.fixed).is_empty());
        let same = "clusters:\n- name: dev\n  cluster: {server: https://a}\n---\nclusters:\n- name: dev\n  cluster: {server: https://a}\n";
        assert!(lines_of("KC060", same).is_empty());
    }
}
