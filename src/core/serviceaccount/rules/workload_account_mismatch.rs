//! Checked once per input by [`report`]: it compares documents with each other.
use super::prelude::*;
use crate::core::serviceaccount::model::{ServiceAccount, Workload};
use crate::core::serviceaccount::Parsed;
use crate::core::source::Path;
use crate::core::yamlpos::PosTree;
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta {
    code: "SA012",
    name: "workload-account-mismatch",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "A Pod or workload next to an IRSA ServiceAccount runs as a different account.",
    what: "In an input holding IRSA ServiceAccounts and Pods or workloads (Deployment, StatefulSet, DaemonSet, \
           ReplicaSet, Job, CronJob), flags a pod spec whose account is not in the input but is a near miss of an \
           IRSA account's name in its namespace (up to two edits, fewer for short names, or only case, `-` and `_` differ), or has the \
           name of an IRSA account of another namespace. Other accounts (a subchart's, a Job's `default`) are \
           taken as deliberate.",
    why: "The webhook gives a pod the role of the ServiceAccount it runs as. A misspelt `serviceAccountName`, \
          or the right name in another namespace, makes the pods run as another account, usually one without \
          `eks.amazonaws.com/role-arn`: they get no AWS_ROLE_ARN and fall back to the node's role or to no \
          credentials, however right the annotated account is.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: payments\nspec:\n  template:\n    spec:\n      serviceAccountName: apii\n      containers:\n      - name: api\n        image: app\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: payments\nspec:\n  template:\n    spec:\n      serviceAccountName: api\n      containers:\n      - name: api\n        image: app\n",
    fix_summary: "Correct the misspelt `serviceAccountName`, or create the annotated ServiceAccount in the workload's namespace.",
};

/// Both name the same namespace, or one leaves it to `kubectl apply`.
fn same_namespace(a: &ServiceAccount, w: &Workload) -> bool {
    a.namespace.is_none() || w.namespace.is_none() || a.namespace == w.namespace
}

/// At most this many SA012 findings, then one summary.
const MAX_FINDINGS: usize = 50;

/// `a` and `b` differ by at most two edits (fewer for short names); case and
/// `-`/`_` differences are found through [`folded`] names.
/// `budget` bounds the edit distances computed over the whole input, which
/// could otherwise be quadratic in its size.
fn near_miss(a: &str, b: &str, budget: &mut usize) -> bool {
    // Two edits turn any short name into any other: allow one per three characters.
    let most = (a.len().max(b.len()) / 3).min(2);
    if a.len().abs_diff(b.len()) > most || *budget == 0 {
        return false;
    }
    *budget -= 1;
    crate::core::suggest::edit_distance(a, b) <= most
}

/// A name without `-` and `_`, in lower case.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
}

/// Edit distances computed for one input, at most.
const EDIT_BUDGET: usize = 100_000;

/// An account name and the namespace of the workload running as it.
type Key<'a> = (&'a str, Option<&'a str>);
/// IRSA accounts of the namespace with a near-miss name, and namespaces with an
/// IRSA account of that very name.
type Matches<'a> = (Vec<&'a str>, Vec<&'a str>);

/// Up to three names, then "and N more".
fn names(list: &[&str]) -> String {
    let mut s = list
        .iter()
        .take(3)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if list.len() > 3 {
        s.push_str(&format!(" and {} more", list.len() - 3));
    }
    s
}

pub fn report(parsed: &Parsed, pos: &PosTree, sink: &mut Sink) {
    // A workload running as another account than the IRSA ones of the input is
    // usually deliberate (a subchart, a Job that needs no role). Only a near miss
    // of an IRSA account's name, or the IRSA account's name in a namespace where
    // no such account exists, is a probable mistake.
    // Many workloads share an account: the matches of each (name, namespace), once.
    let mut memo: HashMap<Key, Matches> = HashMap::new();
    let mut budget = EDIT_BUDGET;
    let mut reported = 0usize;
    let mut more = 0usize;
    // Indexes keep a large input linear: accounts by name, IRSA ones by folded name.
    let mut by_name: HashMap<&str, Vec<&ServiceAccount>> = HashMap::new();
    let mut by_folded: HashMap<String, Vec<&ServiceAccount>> = HashMap::new();
    for a in &parsed.accounts {
        let Some(name) = a.name.as_deref() else {
            continue;
        };
        by_name.entry(name).or_default().push(a);
        if a.annotation(model::ROLE_ARN).is_some() {
            by_folded.entry(folded(name).collect()).or_default().push(a);
        }
    }
    let irsa = |a: &&ServiceAccount| a.annotation(model::ROLE_ARN).is_some();
    for w in &parsed.workloads {
        let runs_as = w.service_account.as_deref().unwrap_or("default");
        let named = by_name.get(runs_as).map(Vec::as_slice).unwrap_or_default();
        if named.iter().any(|a| same_namespace(a, w)) {
            continue;
        }
        let (close, elsewhere) = memo
            .entry((runs_as, w.namespace.as_deref()))
            .or_insert_with(|| {
                let mut close: Vec<&str> = Vec::new();
                if budget > 0 {
                    close.extend(
                        parsed
                            .accounts
                            .iter()
                            .filter(irsa)
                            .filter(|a| same_namespace(a, w))
                            .filter_map(|a| a.name.as_deref())
                            .filter(|n| near_miss(runs_as, n, &mut budget)),
                    );
                }
                let same_folded = by_folded
                    .get(&folded(runs_as).collect::<String>())
                    .into_iter()
                    .flatten()
                    .filter(|a| same_namespace(a, w))
                    .filter_map(|a| a.name.as_deref());
                for n in same_folded {
                    if !close.contains(&n) {
                        close.push(n);
                    }
                }
                let elsewhere = named
                    .iter()
                    .filter(|a| a.annotation(model::ROLE_ARN).is_some())
                    .filter_map(|a| a.namespace.as_deref())
                    .collect();
                (close, elsewhere)
            });
        if close.is_empty() && elsewhere.is_empty() {
            continue;
        }
        if reported == MAX_FINDINGS {
            more += 1;
            continue;
        }
        reported += 1;
        let what = format!("{} `{}`", w.kind, w.name);
        let ns = w.namespace.as_deref().unwrap_or("");
        let (path, at) = match &w.service_account {
            Some(_) => {
                let key = if pos.locate(w.doc, &w.spec.k("serviceAccountName")).is_some() {
                    "serviceAccountName"
                } else {
                    "serviceAccount"
                };
                let path = w.spec.k(key);
                let at = pos.locate_value(w.doc, &path);
                (path, at)
            }
            None => (w.spec.clone(), pos.locate(w.doc, &w.spec)),
        };
        let runs = match &w.service_account {
            Some(name) => format!("{what} runs its pods as ServiceAccount `{name}`"),
            None => format!("{what} sets no `serviceAccountName`, so its pods run as `default`"),
        };
        let (message, help) = if !close.is_empty() {
            (
                if close.len() == 1 {
                    format!("{runs}, a near miss of IRSA ServiceAccount {}: the pods do not get its role.", names(close))
                } else {
                    format!("{runs}, a near miss of IRSA ServiceAccounts {}: the pods get none of their roles.", names(close))
                },
                match close.as_slice() {
                    [one] => format!("If the pods need the role of `{one}`, set `serviceAccountName: {one}` in `{}`; pods created after that get it.", w.spec),
                    _ => format!("If the pods need one of these roles, set `serviceAccountName` in `{}` to that account; pods created after that get it.", w.spec),
                },
            )
        } else {
            let list: Vec<String> = elsewhere.iter().map(|n| format!("{n}/{runs_as}")).collect();
            let list: Vec<&str> = list.iter().map(String::as_str).collect();
            (
                format!("{runs} in namespace `{ns}`, which this input gives no ServiceAccount `{runs_as}`; the IRSA account of that name is {}, and a ServiceAccount only serves pods of its own namespace.", names(&list)),
                format!("Create ServiceAccount `{runs_as}` in namespace `{ns}` with the role-arn annotation the pods need, or run the workload in the namespace of the annotated account."),
            )
        };
        sink.report(&RULE, path, message).at(at).with_help(help);
    }
    if more > 0 {
        sink.report(
            &RULE,
            Path::root(),
            format!("{more} more workloads run as a near miss of an IRSA ServiceAccount's name, or as one from another namespace; only the first {MAX_FINDINGS} are listed."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{at, messages_of};

    #[test]
    fn fires_on_a_misspelt_service_account_name() {
        assert_eq!(at("SA012", super::RULE.example), vec![(17, 27)]);
        assert_eq!(
            messages_of("SA012", super::RULE.example),
            vec!["Deployment `api` runs its pods as ServiceAccount `apii`, a near miss of IRSA ServiceAccount `api`: the pods do not get its role."]
        );
        let case = super::RULE.example.replace("Name: apii", "Name: API");
        assert_eq!(at("SA012", &case), vec![(17, 27)]);
    }

    #[test]
    fn fires_on_the_account_name_in_another_namespace() {
        let text = super::RULE.example.replace(
            "  name: api\n  namespace: payments\nspec:",
            "  name: api\n  namespace: payments-staging\nspec:",
        );
        let text = text.replace("Name: apii", "Name: api");
        assert_eq!(at("SA012", &text), vec![(17, 27)]);
        assert_eq!(
            messages_of("SA012", &text),
            vec!["Deployment `api` runs its pods as ServiceAccount `api` in namespace `payments-staging`, which this input gives no ServiceAccount `api`; the IRSA account of that name is `payments/api`, and a ServiceAccount only serves pods of its own namespace."]
        );
    }

    #[test]
    fn quiet_on_other_accounts_of_a_chart() {
        // A subchart's StatefulSet with its own account and a CronJob on `default`:
        // handing them the app's role would be wrong.
        let redis = "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: app-redis-master\n  namespace: payments\nspec:\n  template:\n    spec:\n      serviceAccountName: app-redis\n      containers:\n      - name: redis\n        image: redis\n";
        let cron = "---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: cleanup\n  namespace: payments\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: c\n            image: app\n";
        let text = format!("{}{redis}{cron}", super::RULE.fixed);
        assert!(at("SA012", &text).is_empty());
        // No serviceAccountName: `default` is no near miss of `api`.
        let text = super::RULE
            .example
            .replace("      serviceAccountName: apii\n", "");
        assert!(at("SA012", &text).is_empty());
    }

    #[test]
    fn findings_are_capped_and_name_few_accounts() {
        let mut text = String::new();
        for n in 0..200 {
            text.push_str(&format!("---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: worker-{n:03}\n  namespace: jobs\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/w{n}\n"));
        }
        let list: String = (0..3000)
            .map(|n| format!("- kind: Pod\n  metadata: {{name: p{n}, namespace: jobs}}\n  spec: {{serviceAccountName: worker-9}}\n"))
            .collect();
        text.push_str(&format!("---\nkind: List\nitems:\n{list}"));
        let messages = messages_of("SA012", &text);
        assert_eq!(messages.len(), 51);
        assert!(messages.contains(
            &"950 more workloads run as a near miss of an IRSA ServiceAccount's name, or as one from another namespace; only the first 50 are listed.".to_string()
        ), "{messages:?}");
        assert!(messages.iter().any(|m| m.ends_with(
            "a near miss of IRSA ServiceAccounts `worker-009`, `worker-019`, `worker-029` and 35 more: the pods get none of their roles."
        )), "{messages:?}");
        assert!(messages.iter().all(|m| m.len() < 300));
    }

    #[test]
    fn quiet_when_it_matches_or_the_namespaces_differ() {
        assert!(at("SA012", super::RULE.fixed).is_empty());
        let other_ns = super::RULE.example.replace(
            "  name: api\n  namespace: payments\nspec:",
            "  name: api\n  namespace: batch\nspec:",
        );
        assert!(at("SA012", &other_ns).is_empty());
    }
}
