//! Checked once per input by [`report`]: it compares documents with each other.
use super::prelude::*;
use crate::core::serviceaccount::model::{ServiceAccount, Workload};
use crate::core::serviceaccount::Parsed;
use crate::core::yamlpos::PosTree;

pub static RULE: RuleMeta = RuleMeta {
    code: "SA012",
    name: "workload-account-mismatch",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "A Pod or workload next to an IRSA ServiceAccount runs as a different account.",
    what: "In an input holding IRSA ServiceAccounts and Pods or workloads (Deployment, StatefulSet, DaemonSet, \
           ReplicaSet, Job, CronJob), flags a pod spec whose `serviceAccountName` names none of the accounts in \
           the input, or that sets none and so runs as `default`. When another workload of the input does run as the \
           IRSA account, the difference is probably deliberate (a Job that needs no role) and is an info, unless \
           the name is a near miss of the account's.",
    why: "The webhook gives a pod the role of the ServiceAccount it runs as. A misspelt `serviceAccountName`, \
          or none at all, makes the pods run as another account, usually one without \
          `eks.amazonaws.com/role-arn`: they get no AWS_ROLE_ARN and fall back to the node's role or to no \
          credentials, however right the annotated account is.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: payments\nspec:\n  template:\n    spec:\n      serviceAccountName: apii\n      containers:\n      - name: api\n        image: app\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: payments\nspec:\n  template:\n    spec:\n      serviceAccountName: api\n      containers:\n      - name: api\n        image: app\n",
    fix_summary: "Set the pod spec's `serviceAccountName` to the annotated ServiceAccount.",
};

/// Both name the same namespace, or one leaves it to `kubectl apply`.
fn same_namespace(a: &ServiceAccount, w: &Workload) -> bool {
    a.namespace.is_none() || w.namespace.is_none() || a.namespace == w.namespace
}

pub fn report(parsed: &Parsed, pos: &PosTree, sink: &mut Sink) {
    // A workload of the input that runs as one of its IRSA accounts shows the
    // accounts are used on purpose; another workload running as something else
    // then probably needs no role (a migration Job on `default`): an info,
    // unless its account name is a near miss of an IRSA one.
    let runs_as_irsa = |w: &Workload| {
        let name = w.service_account.as_deref().unwrap_or("default");
        parsed.accounts.iter().any(|a| {
            a.name.as_deref() == Some(name)
                && same_namespace(a, w)
                && a.annotation(model::ROLE_ARN).is_some()
        })
    };
    let some_use_irsa = parsed.workloads.iter().any(runs_as_irsa);
    for w in &parsed.workloads {
        let runs_as = w.service_account.as_deref().unwrap_or("default");
        let found = parsed
            .accounts
            .iter()
            .any(|a| a.name.as_deref() == Some(runs_as) && same_namespace(a, w));
        let irsa: Vec<&str> = parsed
            .accounts
            .iter()
            .filter(|a| a.annotation(model::ROLE_ARN).is_some() && same_namespace(a, w))
            .filter_map(|a| a.name.as_deref())
            .collect();
        if found || irsa.is_empty() {
            continue;
        }
        let defined = irsa
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let what = format!("{} `{}`", w.kind, w.name);
        let (path, at, message) = match &w.service_account {
            Some(name) => {
                let key = if pos.locate(w.doc, &w.spec.k("serviceAccountName")).is_some() {
                    "serviceAccountName"
                } else {
                    "serviceAccount"
                };
                let path = w.spec.k(key);
                let at = pos.locate_value(w.doc, &path);
                (path, at, format!("{what} runs its pods as ServiceAccount `{name}`, but this input defines {defined}: the pods do not get the IRSA role of {defined}."))
            }
            None => (
                w.spec.clone(),
                pos.locate(w.doc, &w.spec),
                format!("{what} sets no `serviceAccountName`, so its pods run as `default` and do not get the IRSA role of {defined}."),
            ),
        };
        let near_miss = w.service_account.as_deref().is_some_and(|n| {
            irsa.iter()
                .any(|a| crate::core::suggest::edit_distance(n, a) <= 2)
        });
        let severity = if some_use_irsa && !near_miss {
            Severity::Info
        } else {
            Severity::Warning
        };
        let help = match irsa.as_slice() {
            [one] => format!("Set `serviceAccountName: {one}` in `{}`; pods created after that get the role.", w.spec),
            _ => format!("Set `serviceAccountName` in `{}` to the account whose role the pods need; pods created after that get it.", w.spec),
        };
        sink.report(&RULE, path, message)
            .at(at)
            .with_severity(severity)
            .with_help(help);
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
            vec!["Deployment `api` runs its pods as ServiceAccount `apii`, but this input defines `api`: the pods do not get the IRSA role of `api`."]
        );
    }

    #[test]
    fn fires_on_a_pod_spec_without_service_account_name() {
        let text = super::RULE
            .example
            .replace("      serviceAccountName: apii\n", "");
        assert_eq!(at("SA012", &text), vec![(16, 5)]);
        assert_eq!(
            messages_of("SA012", &text),
            vec!["Deployment `api` sets no `serviceAccountName`, so its pods run as `default` and do not get the IRSA role of `api`."]
        );
    }

    #[test]
    fn an_info_when_another_workload_uses_the_account() {
        let job = "---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  namespace: payments\nspec:\n  template:\n    spec:\n      containers:\n      - name: m\n        image: app\n";
        let text = format!("{}{job}", super::RULE.fixed);
        let f = super::super::testing::findings(&text);
        let sa012: Vec<_> = f
            .iter()
            .filter(|f| f.0 == "SA012")
            .map(|f| (f.1, f.3))
            .collect();
        assert_eq!(sa012, vec![(Some(29), "info")]);
        // A near miss of the account's name stays a warning.
        let typo = format!(
            "{}{}",
            super::RULE.example,
            job.replace(
                "    spec:\n      containers",
                "    spec:\n      serviceAccountName: api\n      containers"
            )
        );
        let f = super::super::testing::findings(&typo);
        let sa012: Vec<_> = f
            .iter()
            .filter(|f| f.0 == "SA012")
            .map(|f| (f.1, f.3))
            .collect();
        assert_eq!(sa012, vec![(Some(17), "warning")]);
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
