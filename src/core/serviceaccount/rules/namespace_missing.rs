use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "SA010",
    name: "namespace-missing",
    severity: Severity::Info,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "The ServiceAccount has no `metadata.namespace`; its namespace depends on how it is applied.",
    what: "Notes an IRSA ServiceAccount (one with a role ARN) whose manifest names no namespace.",
    why: "The trust policy's `sub` condition names the namespace exactly: \
          `system:serviceaccount:NAMESPACE:NAME`. Without `metadata.namespace` the account lands in the \
          namespace of kubectl's current context (or `-n`, or Helm's release namespace), and if that is not the \
          one in the trust policy, `AssumeRoleWithWebIdentity` is denied.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n",
    fix_summary: "Write the namespace into the manifest, the same one the trust policy's `sub` names.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    if cx.sa.namespace.is_some() || cx.sa.annotation(model::ROLE_ARN).is_none() {
        return;
    }
    let name = cx.sa.display_name();
    let path = cx.sa.metadata_path();
    sink.report(
        &RULE,
        path.clone(),
        format!("ServiceAccount `{name}` names no namespace: it is created in kubectl's current namespace (often `default`), and the token's `sub` becomes `system:serviceaccount:THAT_NAMESPACE:{name}` — the trust policy must name the same one."),
    )
    .at(cx.key_pos(&path))
    .with_help("Add `namespace:` under `metadata`, matching the trust policy's `sub` condition.");
}

#[cfg(test)]
mod tests {
    use super::super::testing::at;

    #[test]
    fn fires_on_metadata() {
        assert_eq!(at("SA010", super::RULE.example), vec![(3, 1)]);
    }

    #[test]
    fn quiet_with_a_namespace() {
        assert!(at("SA010", super::RULE.fixed).is_empty());
    }
}
