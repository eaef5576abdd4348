use super::prelude::*;
use crate::core::serviceaccount::Parsed;
use crate::core::source::{Path, Pos};

pub static RULE: RuleMeta = RuleMeta {
    code: "SA011",
    name: "no-service-account",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "The input was analysed as ServiceAccounts but contains none.",
    what: "Reports YAML analysed as a ServiceAccount manifest in which no document has `kind: ServiceAccount`.",
    why: "Saying which kinds were found is more useful than an empty report: the ServiceAccount is often in \
          another file of the chart, or the pasted document is the Deployment that refers to it.",
    example: "{\n    \"apiVersion\": \"rbac.authorization.k8s.io/v1\",\n    \"kind\": \"RoleBinding\",\n    \"metadata\": {\n        \"name\": \"api-reader\",\n        \"namespace\": \"payments\"\n    },\n    \"roleRef\": {\n        \"apiGroup\": \"rbac.authorization.k8s.io\",\n        \"kind\": \"Role\",\n        \"name\": \"reader\"\n    },\n    \"subjects\": [\n        {\n            \"kind\": \"ServiceAccount\",\n            \"name\": \"api\",\n            \"namespace\": \"payments\"\n        }\n    ]\n}\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n",
    fix_summary: "Paste the ServiceAccount manifest (`kubectl get sa NAME -n NS -o yaml`).",
};

pub fn report(parsed: &Parsed, sink: &mut Sink) {
    let kinds = if parsed.kinds.is_empty() {
        "no document has a `kind`".to_string()
    } else {
        format!(
            "found {}",
            parsed
                .kinds
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    sink.report(
        &RULE,
        Path::root(),
        format!("No ServiceAccount in the input ({kinds})."),
    )
    .at(Some(Pos::new(1, 1)));
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings;

    #[test]
    fn fires_when_there_is_none() {
        let t = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n";
        let opts = crate::core::report::Options::default();
        let (f, _) = crate::core::serviceaccount::analyze(t, &opts);
        assert_eq!(f[0].code(), "SA011");
        assert!(f[0].message.contains("`Deployment`"));
    }

    #[test]
    fn quiet_when_there_is_one() {
        assert!(findings(super::RULE.fixed).iter().all(|f| f.0 != "SA011"));
    }
}
