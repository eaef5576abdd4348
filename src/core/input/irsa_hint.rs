//! What to say about inputs people paste while debugging IRSA that eksplain
//! does not analyse: a Pod (did the webhook mutate it?), a workload (which
//! ServiceAccount its pods run as), an eksctl ClusterConfig or eksctl's log.
//! Each answer is a message and a help naming the input to paste instead.

use serde::Deserialize;
use serde_yaml::Value;

const ROLE_ARN: &str = "eks.amazonaws.com/role-arn";
const WORKLOADS: [&str; 6] = [
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
    "CronJob",
];

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(*k))?.as_str()
}

/// The first Pod or workload among the documents (and `List` items) of `text`.
fn first_object(text: &str) -> Option<Value> {
    for doc in serde_yaml::Deserializer::from_str(text).take(50) {
        let Ok(v) = Value::deserialize(doc) else {
            return None;
        };
        let kind = str_at(&v, &["kind"]).unwrap_or("");
        if kind == "Pod" || WORKLOADS.contains(&kind) {
            return Some(v);
        }
        if kind == "List" {
            let items = v.get("items").and_then(Value::as_sequence)?;
            return items
                .iter()
                .find(|i| {
                    let k = str_at(i, &["kind"]).unwrap_or("");
                    k == "Pod" || WORKLOADS.contains(&k)
                })
                .cloned();
        }
    }
    None
}

/// The value of environment variable `name` in any container of `spec`.
fn env(spec: &Value, name: &str) -> Option<String> {
    ["containers", "initContainers"]
        .iter()
        .filter_map(|k| spec.get(*k)?.as_sequence())
        .flatten()
        .filter_map(|c| c.get("env")?.as_sequence())
        .flatten()
        .find(|e| str_at(e, &["name"]) == Some(name))
        .map(|e| str_at(e, &["value"]).unwrap_or("").to_string())
}

/// `(message, help)` for a Pod or a workload.
pub fn workload(text: &str) -> Option<(String, String)> {
    let v = first_object(text)?;
    let kind = str_at(&v, &["kind"])?;
    let ns = str_at(&v, &["metadata", "namespace"]);
    let (meta, spec) = match kind {
        "Pod" => (v.get("metadata"), v.get("spec")?),
        "CronJob" => {
            let t = v
                .get("spec")?
                .get("jobTemplate")?
                .get("spec")?
                .get("template")?;
            (t.get("metadata"), t.get("spec")?)
        }
        _ => {
            let t = v.get("spec")?.get("template")?;
            (t.get("metadata"), t.get("spec")?)
        }
    };
    let named = str_at(spec, &["serviceAccountName"]).or_else(|| str_at(spec, &["serviceAccount"]));
    let sa = named.unwrap_or("default");
    let ns_arg = ns.map(|n| format!(" -n {n}")).unwrap_or_default();
    let get_sa = format!("`kubectl get sa {sa}{ns_arg} -o yaml`");
    let annotated = meta
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get(ROLE_ARN))
        .is_some();
    let ignored = if annotated {
        format!("The webhook ignores `{ROLE_ARN}` on a pod (there it reads only `token-expiration` and `skip-containers`): annotate ServiceAccount `{sa}` instead. ")
    } else {
        String::new()
    };
    let runs_as = match named {
        Some(_) => format!("ServiceAccount `{sa}`"),
        None => "ServiceAccount `default` (no serviceAccountName)".to_string(),
    };
    if kind != "Pod" {
        return Some((
            format!("This is a {kind}, which eksplain does not analyse; its pods run as {runs_as}."),
            format!("{ignored}Pods get IRSA from that account's `{ROLE_ARN}`: paste {get_sa}, or one of the pods (`kubectl get pod NAME{ns_arg} -o yaml`) to see whether the webhook mutated it."),
        ));
    }
    if let Some(uri) = env(spec, "AWS_CONTAINER_CREDENTIALS_FULL_URI") {
        return Some((
            format!("This is a Pod, which eksplain does not analyse; it gets credentials from EKS Pod Identity (AWS_CONTAINER_CREDENTIALS_FULL_URI={uri}), not from IRSA."),
            format!("Its role comes from a pod identity association, not from `{ROLE_ARN}`: `aws eks list-pod-identity-associations --cluster-name CLUSTER --namespace {} --service-account {sa}`.", ns.unwrap_or("NAMESPACE")),
        ));
    }
    match (env(spec, "AWS_ROLE_ARN"), env(spec, "AWS_WEB_IDENTITY_TOKEN_FILE")) {
        (Some(role), Some(file)) => {
            let role_name = role.rsplit('/').next().unwrap_or("ROLE");
            Some((
                format!("This is a Pod, which eksplain does not analyse; the webhook gave it IRSA: role `{role}`, token file `{file}`."),
                format!("If it still gets AccessDenied, the role's trust policy must admit `system:serviceaccount:{}:{sa}` from this cluster's OIDC provider: paste it (`aws iam get-role --role-name {role_name} --query Role.AssumeRolePolicyDocument`), or the ServiceAccount ({get_sa}).", ns.unwrap_or("NAMESPACE")),
            ))
        }
        _ => Some((
            format!("This is a Pod, which eksplain does not analyse; it runs as {runs_as} and has no AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE: the webhook did not give it IRSA credentials."),
            if annotated {
                format!("{ignored}Then delete the pod so it is recreated: the webhook mutates pods only when they are created.")
            } else {
                format!("The webhook mutates a pod only when it is created, and only if its ServiceAccount has `{ROLE_ARN}`: paste {get_sa} to check it, then delete the pod so it is recreated.")
            },
        )),
    }
}

/// `(message, help)` for an eksctl ClusterConfig or eksctl's log output.
pub fn eksctl(text: &str) -> Option<(String, String)> {
    let t = text.trim_start();
    if t.starts_with("apiVersion: eksctl.io/") || t.contains("\nkind: ClusterConfig") {
        return Some((
            "This is an eksctl ClusterConfig, which eksplain does not analyse.".into(),
            format!("For each `iam.serviceAccounts` entry eksctl creates an IAM role and a ServiceAccount annotated with `{ROLE_ARN}`: paste that account (`kubectl get sa NAME -n NAMESPACE -o yaml`), the role's trust policy (`aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`), or `aws eks describe-cluster --name CLUSTER` output for the OIDC provider."),
        ));
    }
    let log = t
        .lines()
        .take(200)
        .any(|l| l.contains("[ℹ]") || l.contains("[✔]") || l.contains("[!]") || l.contains("[✖]"));
    if !log {
        return None;
    }
    // `created serviceaccount "NS/NAME"` / `iamserviceaccount (NS/NAME)`.
    let sa = t.lines().take(200).find_map(|l| {
        let rest = l
            .split_once("serviceaccount \"")
            .map(|(_, r)| r.split('"').next())
            .or_else(|| {
                l.split_once("iamserviceaccount (")
                    .map(|(_, r)| r.split(')').next())
            })??;
        let (ns, name) = rest.split_once('/')?;
        (!ns.is_empty() && !name.is_empty() && !name.contains(' '))
            .then(|| (ns.to_string(), name.to_string()))
    });
    // `… provider for cluster "NAME" in "REGION"`.
    let cluster = t.lines().take(200).find_map(|l| {
        let (_, rest) = l.split_once("for cluster \"")?;
        let (name, rest) = rest.split_once('"')?;
        let region = rest
            .strip_prefix(" in \"")
            .and_then(|r| r.split('"').next())
            .map(|r| format!(" --region {r}"))
            .unwrap_or_default();
        Some(format!("{name}{region}"))
    });
    let help = match (sa, cluster) {
        (Some((ns, name)), _) => format!("Paste the ServiceAccount eksctl created (`kubectl get sa {name} -n {ns} -o yaml`): its `{ROLE_ARN}` names the role whose trust policy to check next."),
        (None, cluster) => format!("Paste what eksctl set up: `aws eks describe-cluster --name {}` output for the OIDC provider, or a ServiceAccount (`kubectl get sa NAME -n NAMESPACE -o yaml`).", cluster.as_deref().unwrap_or("CLUSTER")),
    };
    Some((
        "This is eksctl's log, which eksplain does not analyse.".into(),
        help,
    ))
}

#[cfg(test)]
mod tests {
    use crate::core::testing::detected;

    /// The IN003 finding's message and help.
    fn said(text: &str) -> (String, String) {
        let f = detected(text);
        let f = f.iter().find(|f| f.code() == "IN003").expect("IN003");
        assert_eq!((f.line(), f.column()), (Some(1), Some(1)));
        (f.message.clone(), f.help.clone())
    }

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api-1\n  namespace: payments\nspec:\n  serviceAccountName: api\n  containers:\n  - name: api\n    image: app\n";

    #[test]
    fn a_pod_the_webhook_did_not_mutate() {
        let (m, h) = said(POD);
        assert_eq!(m, "This is a Pod, which eksplain does not analyse; it runs as ServiceAccount `api` and has no AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE: the webhook did not give it IRSA credentials.");
        assert!(
            h.contains("paste `kubectl get sa api -n payments -o yaml`"),
            "{h}"
        );
        assert!(h.contains("delete the pod"), "{h}");
    }

    #[test]
    fn a_role_arn_on_the_pod_is_ignored() {
        let text = POD.replace(
            "  namespace: payments\n",
            "  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/x\n",
        );
        let (_, h) = said(&text);
        assert!(h.starts_with("The webhook ignores `eks.amazonaws.com/role-arn` on a pod (there it reads only `token-expiration` and `skip-containers`): annotate ServiceAccount `api` instead."), "{h}");
    }

    #[test]
    fn a_mutated_pod_points_at_the_trust_policy() {
        let text = POD.replace(
            "    image: app\n",
            "    image: app\n    env:\n    - name: AWS_ROLE_ARN\n      value: arn:aws:iam::493827160542:role/payments-api\n    - name: AWS_WEB_IDENTITY_TOKEN_FILE\n      value: /var/run/secrets/eks.amazonaws.com/serviceaccount/token\n",
        );
        let (m, h) = said(&text);
        assert_eq!(m, "This is a Pod, which eksplain does not analyse; the webhook gave it IRSA: role `arn:aws:iam::493827160542:role/payments-api`, token file `/var/run/secrets/eks.amazonaws.com/serviceaccount/token`.");
        assert!(h.contains("`system:serviceaccount:payments:api`"), "{h}");
        assert!(
            h.contains("aws iam get-role --role-name payments-api"),
            "{h}"
        );
    }

    #[test]
    fn a_pod_with_pod_identity_and_a_pod_list() {
        let text = POD.replace(
            "    image: app\n",
            "    image: app\n    env:\n    - name: AWS_CONTAINER_CREDENTIALS_FULL_URI\n      value: http://169.254.170.23/v1/credentials\n",
        );
        let (m, h) = said(&text);
        assert!(m.contains("EKS Pod Identity"), "{m}");
        assert!(
            h.contains("--namespace payments --service-account api"),
            "{h}"
        );
        let list = format!(
            "apiVersion: v1\nkind: List\nitems:\n- {}",
            POD.replace('\n', "\n  ")
        );
        assert!(said(&list).0.contains("runs as ServiceAccount `api`"));
    }

    #[test]
    fn a_deployment_without_service_account_name_runs_as_default() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: payments\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        image: app\n";
        let (m, h) = said(text);
        assert_eq!(m, "This is a Deployment, which eksplain does not analyse; its pods run as ServiceAccount `default` (no serviceAccountName).");
        assert!(
            h.contains("`kubectl get sa default -n payments -o yaml`"),
            "{h}"
        );
    }

    #[test]
    fn eksctl_inputs_say_what_to_paste() {
        let (m, h) =
            said("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n");
        assert_eq!(
            m,
            "This is an eksctl ClusterConfig, which eksplain does not analyse."
        );
        assert!(h.contains("iam.serviceAccounts"));
        let (m, h) = said("2024-03-12 10:02:42 [ℹ]  created serviceaccount \"payments/api\"\n");
        assert_eq!(m, "This is eksctl's log, which eksplain does not analyse.");
        assert!(
            h.contains("`kubectl get sa api -n payments -o yaml`"),
            "{h}"
        );
        let (_, h) = said("2024-03-12 09:41:27 [✔]  created IAM Open ID Connect provider for cluster \"payments-prod\" in \"eu-west-1\"\n");
        assert!(
            h.contains("`aws eks describe-cluster --name payments-prod --region eu-west-1`"),
            "{h}"
        );
    }
}
