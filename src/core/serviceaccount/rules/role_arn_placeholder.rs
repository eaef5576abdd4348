use super::prelude::*;
use crate::core::serviceaccount::role::{self, Problem};

pub static RULE: RuleMeta = RuleMeta {
    code: "SA003",
    name: "role-arn-placeholder",
    severity: Severity::Info,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "`eks.amazonaws.com/role-arn` is a template placeholder.",
    what: "Recognises placeholders in the role ARN — `<ACCOUNT_ID>`, `${AWS_ACCOUNT_ID}`, `{{ .Values.roleArn }}`, \
           `ACCOUNT_ID` — and says what belongs there instead of reporting the ARN as malformed.",
    why: "Manifests are often templates rendered by Helm, Kustomize, envsubst or Terraform. Applied unrendered, \
          the pods get a literal placeholder as `AWS_ROLE_ARN` and every AWS call fails.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${AWS_ACCOUNT_ID}:role/payments-api\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n",
    fix_summary: "Render the template (or fill in the value) before applying the manifest.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some((value, path)) = super::string_annotation(cx, model::ROLE_ARN) else {
        return;
    };
    let Err(Problem::Placeholder { texts }) = role::check(value) else {
        return;
    };
    let shown: Vec<String> = texts.iter().map(|t| format!("`{t}`")).collect();
    sink.report(
        &RULE,
        path.clone(),
        format!(
            "ServiceAccount `{}`: the role ARN is a template ({} still to fill in); applied as is, the pods get it literally as `AWS_ROLE_ARN`.",
            cx.sa.display_name(),
            shown.join(", ")
        ),
    )
    .at(cx.value_pos(&path))
    .with_help("Render the manifest first (`helm template`, `envsubst`, `kustomize build`) — the account ID comes from `aws sts get-caller-identity --query Account --output text`.");
}

#[cfg(test)]
mod tests {
    use super::super::testing::{at, findings};

    #[test]
    fn fires_as_info_on_the_value() {
        assert_eq!(at("SA003", super::RULE.example), vec![(7, 33)]);
        assert!(findings(super::RULE.example).iter().all(|f| f.3 == "info"));
    }

    #[test]
    fn quiet_for_a_rendered_arn() {
        assert!(at("SA003", super::RULE.fixed).is_empty());
    }
}
