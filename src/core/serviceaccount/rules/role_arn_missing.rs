use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "SA004",
    name: "role-arn-missing",
    severity: Severity::Info,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "The ServiceAccount has no `eks.amazonaws.com/role-arn` annotation: no IRSA.",
    what: "Notes ServiceAccounts without the role-arn annotation. When other `eks.amazonaws.com/` annotations are \
           present, this is a warning: they do nothing without it.",
    why: "The EKS pod identity webhook only mutates pods whose ServiceAccount has `eks.amazonaws.com/role-arn`. \
          Without it, pods fall back to the node's instance role (or EKS Pod Identity, if an association exists), \
          which is the usual reason an application gets `AccessDenied` for the node role's ARN.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/sts-regional-endpoints: \"true\"\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n    eks.amazonaws.com/sts-regional-endpoints: \"true\"\n",
    fix_summary: "Annotate the role: `kubectl annotate sa NAME -n NS eks.amazonaws.com/role-arn=arn:aws:iam::ACCOUNT:role/ROLE`, then restart the pods.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    if cx.sa.annotation(model::ROLE_ARN).is_some() {
        return;
    }
    let others: Vec<&str> = cx
        .sa
        .annotations
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| k.starts_with(model::PREFIX))
        .collect();
    let name = cx.sa.display_name();
    let ns = cx.sa.namespace.as_deref().unwrap_or("NAMESPACE");
    let (severity, message) = if others.is_empty() {
        (
            Severity::Info,
            format!("ServiceAccount `{name}` has no `eks.amazonaws.com/role-arn` annotation, so its pods get no IRSA role (they use the node's role or EKS Pod Identity)."),
        )
    } else {
        (
            Severity::Warning,
            format!(
                "ServiceAccount `{name}` has {} but no `eks.amazonaws.com/role-arn`: without it the webhook ignores the account and those settings do nothing.",
                others.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        )
    };
    let path = if others.is_empty() {
        cx.sa.metadata_path()
    } else {
        cx.sa.base.k("metadata").k("annotations")
    };
    // A role ARN under a misspelt key (`role_arn`, `rolearn`) is the one meant.
    let arn = cx
        .sa
        .annotations
        .iter()
        .filter_map(|(_, v)| v.as_str())
        .map(str::trim)
        .find(|v| v.starts_with("arn:") && v.contains(":role/"))
        .unwrap_or("arn:aws:iam::ACCOUNT:role/ROLE");
    sink.report(&RULE, path.clone(), message)
        .at(cx.key_pos(&path))
        .with_severity(severity)
        .with_help(format!(
            "`kubectl annotate serviceaccount {name} -n {ns} eks.amazonaws.com/role-arn={arn}`, then restart the pods: only new pods are mutated."
        ));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{at, findings};

    #[test]
    fn warns_when_other_irsa_annotations_are_set() {
        assert_eq!(at("SA004", super::RULE.example), vec![(6, 3)]);
        assert!(findings(super::RULE.example)
            .iter()
            .any(|f| f.0 == "SA004" && f.3 == "warning"));
        let plain = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n";
        assert!(findings(plain)
            .iter()
            .any(|f| f.0 == "SA004" && f.3 == "info"));
    }

    #[test]
    fn the_help_reuses_a_role_arn_under_a_misspelt_key() {
        let text = super::super::testing::sa(
            "    eks.amazonaws.com/rolearn: arn:aws:iam::493827160542:role/payments-api\n",
        );
        let f = crate::core::testing::detected(&text);
        let help: Vec<&str> = f
            .iter()
            .filter(|f| f.code() == "SA004")
            .map(|f| f.help.as_str())
            .collect();
        assert_eq!(help, vec!["`kubectl annotate serviceaccount api -n payments eks.amazonaws.com/role-arn=arn:aws:iam::493827160542:role/payments-api`, then restart the pods: only new pods are mutated."]);
    }

    #[test]
    fn quiet_with_a_role() {
        assert!(at("SA004", super::RULE.fixed).is_empty());
    }
}
