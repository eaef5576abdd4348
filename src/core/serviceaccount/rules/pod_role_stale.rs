//! Checked once per input by [`report`]: it compares Pods with the
//! ServiceAccounts they run as.
use super::prelude::*;
use crate::core::serviceaccount::Parsed;
use crate::core::yamlpos::PosTree;

pub static RULE: RuleMeta = RuleMeta {
    code: "SA013",
    name: "pod-role-stale",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "A Pod lacks the `AWS_ROLE_ARN` its ServiceAccount's role-arn calls for, or has another one.",
    what: "For each Pod in the input (as `kubectl get pod -o yaml` prints it) whose ServiceAccount is in the \
           input with `eks.amazonaws.com/role-arn`, compares the `AWS_ROLE_ARN` the webhook put into its \
           containers with the annotation.",
    why: "The webhook mutates a pod only when it is created. A pod created before the annotation was added has \
          no `AWS_ROLE_ARN` and no token file, and falls back to the node's role or to no credentials; a pod \
          created before the annotation changed keeps assuming the old role. Changing the ServiceAccount never \
          updates running pods. The webhook also never overwrites an `AWS_ROLE_ARN` or \
          `AWS_WEB_IDENTITY_TOKEN_FILE` the container spec sets itself. A manifest not yet applied is not \
          expected to have `AWS_ROLE_ARN`.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: api-7d9f8b6c5-x2x9q\n  namespace: payments\nspec:\n  serviceAccountName: api\n  containers:\n  - name: api\n    image: app\n    env:\n    - name: AWS_ROLE_ARN\n      value: arn:aws:iam::493827160542:role/payments-api-old\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: api-7d9f8b6c5-x2x9q\n  namespace: payments\nspec:\n  serviceAccountName: api\n  containers:\n  - name: api\n    image: app\n    env:\n    - name: AWS_ROLE_ARN\n      value: arn:aws:iam::493827160542:role/payments-api\n",
    fix_summary: "Recreate the pods (`kubectl rollout restart deployment/NAME`, or delete the pod) so the webhook mutates them again.",
};

pub fn report(parsed: &Parsed, pos: &PosTree, sink: &mut Sink) {
    for w in parsed
        .workloads
        .iter()
        .filter(|w| w.kind == "Pod" && !w.pod_identity)
    {
        let runs_as = w.service_account.as_deref().unwrap_or("default");
        let Some(role) = parsed
            .accounts
            .iter()
            .find(|a| {
                a.name.as_deref() == Some(runs_as)
                    && (a.namespace.is_none()
                        || w.namespace.is_none()
                        || a.namespace == w.namespace)
            })
            .and_then(|a| a.annotation(model::ROLE_ARN))
            .map(|v| v.text().trim())
        else {
            continue;
        };
        let (path, at, message) = match &w.role_env {
            Some((env, _)) if env.trim() == role => continue,
            Some((env, path)) => (
                path.clone(),
                pos.locate_value(w.doc, path),
                format!("Pod `{}` assumes `{env}`, but ServiceAccount `{runs_as}` names `{role}`: the pod was created before the annotation changed, or its spec sets AWS_ROLE_ARN itself, which the webhook never overwrites.", w.name),
            ),
            // A manifest not yet applied has no AWS_ROLE_ARN: the webhook adds it at admission.
            None if !w.live => continue,
            None => (
                w.spec.clone(),
                pos.locate(w.doc, &w.spec),
                format!("Pod `{}` has no AWS_ROLE_ARN although ServiceAccount `{runs_as}` names `{role}`: the webhook did not mutate it, most likely because it was created before the annotation.", w.name),
            ),
        };
        let help = if w.role_env.is_some() {
            "If the pod's Deployment (or other owner) sets AWS_ROLE_ARN in its env, remove it or set it to the annotation's role; otherwise recreate the pod (`kubectl rollout restart` its Deployment, or `kubectl delete pod`)."
        } else {
            "Recreate the pod (`kubectl rollout restart` its Deployment, or `kubectl delete pod`): the webhook sets AWS_ROLE_ARN only when a pod is created."
        };
        sink.report(&RULE, path, message).at(at).with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{at, messages_of};

    #[test]
    fn fires_on_an_old_role() {
        assert_eq!(at("SA013", super::RULE.example), vec![(21, 14)]);
        assert_eq!(
            messages_of("SA013", super::RULE.example),
            vec!["Pod `api-7d9f8b6c5-x2x9q` assumes `arn:aws:iam::493827160542:role/payments-api-old`, but ServiceAccount `api` names `arn:aws:iam::493827160542:role/payments-api`: the pod was created before the annotation changed, or its spec sets AWS_ROLE_ARN itself, which the webhook never overwrites."]
        );
    }

    #[test]
    fn fires_on_a_pod_the_webhook_did_not_mutate() {
        let manifest = super::RULE.example.replace("    env:\n    - name: AWS_ROLE_ARN\n      value: arn:aws:iam::493827160542:role/payments-api-old\n", "");
        // Not yet applied: the webhook adds AWS_ROLE_ARN at admission.
        assert!(at("SA013", &manifest).is_empty());
        let text = manifest.replace(
            "  namespace: payments\nspec:",
            "  namespace: payments\n  uid: 5f0c1c2e-8a4b-4c59-9d0e-2b7e1f3a9c11\nspec:",
        );
        assert_eq!(at("SA013", &text), vec![(15, 1)]);
        assert!(messages_of("SA013", &text)[0]
            .contains("has no AWS_ROLE_ARN although ServiceAccount `api` names"));
        let status = format!("{manifest}status:\n  phase: Running\n");
        assert_eq!(at("SA013", &status), vec![(14, 1)]);
    }

    #[test]
    fn quiet_when_it_matches_or_the_account_has_no_role() {
        assert!(at("SA013", super::RULE.fixed).is_empty());
        let no_role = super::RULE.example.replace(
            "  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n",
            "",
        );
        assert!(at("SA013", &no_role).is_empty());
        // EKS Pod Identity wins over IRSA in the webhook: no AWS_ROLE_ARN is expected.
        let pod_identity = super::RULE.example.replace(
            "AWS_ROLE_ARN\n      value: arn:aws:iam::493827160542:role/payments-api-old",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI\n      value: http://169.254.170.23/v1/credentials",
        );
        assert!(at("SA013", &pod_identity).is_empty());
    }
}
