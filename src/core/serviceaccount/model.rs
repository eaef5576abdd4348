//! ServiceAccounts read from YAML or JSON: a single manifest, several documents
//! (a Deployment and its ServiceAccount in one file), or a `kind: List` as
//! `kubectl get sa -o yaml` prints it. Only what IRSA needs is kept, and
//! annotation values keep their YAML type, because a number where Kubernetes
//! wants a string is itself a mistake to report.

use crate::core::source::Path;
use serde_yaml::Value;

/// An annotation value as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnnotationValue {
    Str(String),
    /// Not a string: the YAML type and the value as text (`number`, `86400`).
    Other(&'static str, String),
}

impl AnnotationValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            AnnotationValue::Str(s) => Some(s),
            AnnotationValue::Other(..) => None,
        }
    }
    /// The value as text whatever its type.
    pub fn text(&self) -> &str {
        match self {
            AnnotationValue::Str(s) => s,
            AnnotationValue::Other(_, s) => s,
        }
    }
}

/// One ServiceAccount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAccount {
    /// The YAML document it is in (0-based).
    pub doc: usize,
    /// Its path within the document: the root, or `items[N]` in a List.
    pub base: Path,
    pub name: Option<String>,
    /// `metadata.namespace`, when given.
    pub namespace: Option<String>,
    pub annotations: Vec<(String, AnnotationValue)>,
    /// `automountServiceAccountToken`, when it is a boolean.
    pub automount: Option<bool>,
}

/// The annotation prefix of the EKS pod identity webhook.
pub const PREFIX: &str = "eks.amazonaws.com/";
pub const ROLE_ARN: &str = "eks.amazonaws.com/role-arn";
pub const AUDIENCE: &str = "eks.amazonaws.com/audience";
pub const TOKEN_EXPIRATION: &str = "eks.amazonaws.com/token-expiration";
pub const STS_REGIONAL: &str = "eks.amazonaws.com/sts-regional-endpoints";
/// The webhook's defaults.
pub const DEFAULT_AUDIENCE: &str = "sts.amazonaws.com";
pub const DEFAULT_TOKEN_EXPIRATION: i64 = 86_400;
/// The webhook raises smaller `token-expiration` values to this: the
/// API server's minimum for a projected token (the webhook's minimum was 3600
/// until amazon-eks-pod-identity-webhook#207, January 2024).
pub const MIN_TOKEN_EXPIRATION: i64 = 600;

impl ServiceAccount {
    pub fn annotation(&self, key: &str) -> Option<&AnnotationValue> {
        self.annotations
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Path of `metadata.annotations["KEY"]`.
    pub fn annotation_path(&self, key: &str) -> Path {
        self.base.k("metadata").k("annotations").k(key)
    }

    pub fn metadata_path(&self) -> Path {
        self.base.k("metadata")
    }

    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or("(unnamed)")
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Sequence(_) => "list",
        Value::Mapping(_) => "mapping",
        Value::Tagged(_) => "tagged value",
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        // A list or mapping, shown on one line in flow style (JSON is valid YAML).
        // Not serde_yaml::to_string: that would link libyaml's emitter into the page
        // for this one message.
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn str_at<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().try_fold(v, |v, k| v.get(*k))
}

fn read(doc: usize, base: Path, v: &Value) -> ServiceAccount {
    let annotations = match str_at(v, &["metadata", "annotations"]) {
        Some(Value::Mapping(m)) => m
            .iter()
            .map(|(k, v)| {
                let key = scalar_text(k);
                let value = match v {
                    Value::String(s) => AnnotationValue::Str(s.clone()),
                    other => AnnotationValue::Other(type_name(other), scalar_text(other)),
                };
                (key, value)
            })
            .collect(),
        _ => Vec::new(),
    };
    let text = |keys: &[&str]| str_at(v, keys).and_then(Value::as_str).map(str::to_string);
    ServiceAccount {
        doc,
        base,
        name: text(&["metadata", "name"]),
        namespace: text(&["metadata", "namespace"]).filter(|n| !n.is_empty()),
        annotations,
        automount: v
            .get("automountServiceAccountToken")
            .and_then(Value::as_bool),
    }
}

/// A Pod, or a workload with a pod template, next to the ServiceAccounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workload {
    pub doc: usize,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    /// The path of the pod spec (`spec`, `spec.template.spec`, …).
    pub spec: Path,
    /// `serviceAccountName` (or the deprecated `serviceAccount`), when set.
    pub service_account: Option<String>,
    /// For a Pod: the first `AWS_ROLE_ARN` in its containers' env, with its
    /// path; the webhook writes it when it mutates the pod.
    pub role_env: Option<(String, Path)>,
    /// For a Pod: it has `AWS_CONTAINER_CREDENTIALS_FULL_URI`, set for EKS Pod
    /// Identity, which the webhook prefers to IRSA.
    pub pod_identity: bool,
    /// Read from the cluster: it has `metadata.uid`, `metadata.creationTimestamp`
    /// or `status`, so admission webhooks have run on it.
    pub live: bool,
}

fn has_env(pod: &Value, name: &str) -> bool {
    ["initContainers", "containers"]
        .iter()
        .filter_map(|list| pod.get(*list)?.as_sequence())
        .flatten()
        .filter_map(|c| c.get("env")?.as_sequence())
        .flatten()
        .any(|v| v.get("name").and_then(Value::as_str) == Some(name))
}

/// The first `AWS_ROLE_ARN` env value in a pod spec's containers.
fn role_env(pod: &Value, spec: &Path) -> Option<(String, Path)> {
    ["initContainers", "containers"].iter().find_map(|list| {
        let containers = pod.get(*list)?.as_sequence()?;
        containers.iter().enumerate().find_map(|(c, container)| {
            let env = container.get("env")?.as_sequence()?;
            env.iter().enumerate().find_map(|(e, var)| {
                (var.get("name")?.as_str()? == "AWS_ROLE_ARN").then(|| {
                    let value = var.get("value").and_then(Value::as_str).unwrap_or("");
                    let path = spec.k(list).i(c).k("env").i(e).k("value");
                    (value.to_string(), path)
                })
            })
        })
    })
}

/// The keys leading to the pod spec in an object of `kind`, if it has one.
fn pod_spec_keys(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "Pod" => &["spec"],
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
            &["spec", "template", "spec"]
        }
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => return None,
    })
}

fn read_workload(doc: usize, base: Path, v: &Value) -> Option<Workload> {
    let kind = v.get("kind")?.as_str()?;
    let keys = pod_spec_keys(kind)?;
    let pod = str_at(v, keys)?;
    let text =
        |v: &Value, keys: &[&str]| str_at(v, keys).and_then(Value::as_str).map(str::to_string);
    let spec = keys.iter().fold(base, |p, k| p.k(k));
    Some(Workload {
        live: str_at(v, &["metadata", "uid"]).is_some()
            || str_at(v, &["metadata", "creationTimestamp"]).is_some()
            || v.get("status").is_some(),
        pod_identity: kind == "Pod" && has_env(pod, "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        role_env: if kind == "Pod" {
            role_env(pod, &spec)
        } else {
            None
        },
        doc,
        kind: kind.to_string(),
        name: text(v, &["metadata", "name"]).unwrap_or_default(),
        namespace: text(v, &["metadata", "namespace"]).filter(|n| !n.is_empty()),
        spec,
        service_account: text(pod, &["serviceAccountName"])
            .or_else(|| text(pod, &["serviceAccount"]))
            .filter(|n| !n.is_empty()),
    })
}

/// What the documents of an input hold.
#[derive(Debug, Default)]
pub struct Parsed {
    pub accounts: Vec<ServiceAccount>,
    /// Pods and workloads, whose pods run as some ServiceAccount.
    pub workloads: Vec<Workload>,
    /// The `kind` of every document, for messages when none is a ServiceAccount.
    pub kinds: Vec<String>,
}

/// Workloads read from the items of Lists: enough for any real `kubectl get -o yaml`.
const MAX_WORKLOADS: usize = 1_000;

/// Reads every ServiceAccount in a YAML (or JSON) stream.
pub fn parse(text: &str) -> Result<Parsed, serde_yaml::Error> {
    use serde::Deserialize;
    let mut out = Parsed::default();
    for (i, doc) in serde_yaml::Deserializer::from_str(text)
        .enumerate()
        .take(10_000)
    {
        let v = Value::deserialize(doc)?;
        let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
        if !kind.is_empty() {
            out.kinds.push(kind.to_string());
        }
        match kind {
            "ServiceAccount" => out.accounts.push(read(i, Path::root(), &v)),
            "List" | "ServiceAccountList" if out.workloads.len() < MAX_WORKLOADS => {
                if let Some(Value::Sequence(items)) = v.get("items") {
                    let room = MAX_WORKLOADS - out.workloads.len();
                    out.workloads.extend(
                        items
                            .iter()
                            .enumerate()
                            .filter_map(|(n, item)| {
                                read_workload(i, Path::root().k("items").i(n), item)
                            })
                            .take(room),
                    );
                }
                read_list(&mut out, i, kind, &v);
            }
            "List" | "ServiceAccountList" => read_list(&mut out, i, kind, &v),
            _ => out.workloads.extend(read_workload(i, Path::root(), &v)),
        }
    }
    Ok(out)
}

fn read_list(out: &mut Parsed, i: usize, kind: &str, v: &Value) {
    if let Some(Value::Sequence(items)) = v.get("items") {
        for (n, item) in items.iter().enumerate() {
            let k = item.get("kind").and_then(Value::as_str);
            if k == Some("ServiceAccount") || (k.is_none() && kind == "ServiceAccountList") {
                out.accounts
                    .push(read(i, Path::root().k("items").i(n), item));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_service_account_among_other_documents() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n    eks.amazonaws.com/token-expiration: 86400\n";
        let p = parse(text).unwrap();
        assert_eq!(p.kinds, vec!["Deployment", "ServiceAccount"]);
        let sa = &p.accounts[0];
        assert_eq!(
            (sa.doc, sa.name.as_deref(), sa.namespace.as_deref()),
            (1, Some("api"), Some("payments"))
        );
        assert_eq!(
            sa.annotation(ROLE_ARN).and_then(AnnotationValue::as_str),
            Some("arn:aws:iam::493827160542:role/payments-api")
        );
        assert_eq!(
            sa.annotation(TOKEN_EXPIRATION),
            Some(&AnnotationValue::Other("number", "86400".into()))
        );
    }

    #[test]
    fn shows_a_list_or_mapping_value_on_one_line() {
        let text = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  annotations:\n    a: [x, 1]\n    b:\n      c: true\n";
        let sa = &parse(text).unwrap().accounts[0];
        assert_eq!(
            sa.annotation("a"),
            Some(&AnnotationValue::Other("list", r#"["x",1]"#.into()))
        );
        assert_eq!(
            sa.annotation("b"),
            Some(&AnnotationValue::Other("mapping", r#"{"c":true}"#.into()))
        );
    }

    #[test]
    fn reads_lists() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: b\n";
        let p = parse(text).unwrap();
        assert_eq!(p.accounts.len(), 2);
        assert_eq!(p.accounts[1].base.to_string(), "items[1]");
    }
}
