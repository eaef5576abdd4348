use super::merge_conflict::check_documents;
use super::prelude::*;
use crate::core::finding::Finding;
use crate::core::kubeconfig::merge::{MergeOutcome, Source};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC061",
    name: "merge-current-context-ignored",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A merged kubeconfig sets `current-context`, but an earlier one already set it; this one is ignored.",
    what: "When several kubeconfigs are merged, flags a `current-context` that differs from the one an earlier \
           input sets.",
    why: "kubectl takes `current-context` from the first file in `KUBECONFIG` that sets one. A later file's \
          current-context has no effect, so after `KUBECONFIG=~/.kube/config:new.yaml` kubectl still talks to \
          the old default cluster. `kubectl config use-context` writes to the first file too.",
    example: "apiVersion: v1\nkind: Config\ncurrent-context: dev\n---\napiVersion: v1\nkind: Config\ncurrent-context: prod\n",
    fixed: "apiVersion: v1\nkind: Config\ncurrent-context: dev\n---\napiVersion: v1\nkind: Config\n",
    fix_summary: "Choose the context with `kubectl config use-context NAME` or `--context NAME`, or list this file first in KUBECONFIG.",
};

/// A finding for each `current-context` that lost to an earlier input's.
pub fn findings(m: &MergeOutcome, sources: &[Source], same_text: bool) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    for ig in &m.ignored_current_context {
        let (Some(kept), Some(here)) = (sources.get(ig.kept_input), sources.get(ig.input)) else {
            continue;
        };
        let at = kept.at(&Path::root().k("current-context"));
        let (value, kept_value) = (&ig.value, &ig.kept_value);
        let message = if same_text {
            format!("current-context `{value}` would be ignored: {at} sets current-context `{kept_value}` first. (kubectl reads only the first document of a file anyway.)")
        } else {
            format!("current-context `{value}` is ignored: {at} comes first and sets current-context `{kept_value}`, which is what kubectl uses.")
        };
        let mut sink = Sink::new(here.locator);
        let f = sink
            .report(&RULE, Path::root().k("current-context"), message)
            .with_help(format!(
                "Run `kubectl --context {value} …` or `kubectl config use-context {value}` (it writes to the first file), or list this file first in KUBECONFIG."
            ));
        if same_text {
            f.with_severity(Severity::Info);
        }
        out.extend(sink.into_findings().into_iter().map(|f| (ig.input, f)));
    }
    out
}

/// The same check within one text holding several documents.
pub fn check(cx: &Cx, sink: &mut Sink) {
    check_documents(cx, sink, findings);
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_later_current_context() {
        assert_eq!(lines_of("KC061", super::RULE.example), vec![7]);
    }

    #[test]
    fn quiet_when_only_one_input_sets_it() {
        assert!(lines_of("KC061", super::RULE.fixed).is_empty());
    }
}
