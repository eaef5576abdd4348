//! The claims eksplain reads from a token, typed, and what kind of token it is.
//!
//! Kubernetes writes two shapes of service-account token:
//! - projected (bound) tokens, from the TokenRequest API: `iss`, `sub`, `aud`,
//!   `exp`, `iat`, `nbf`, often `jti`, and a `kubernetes.io` object naming the
//!   namespace, service account, pod, node and (for the default API token)
//!   `warnafter`;
//! - legacy tokens stored in `kubernetes.io/service-account-token` Secrets:
//!   `iss: kubernetes/serviceaccount`, flat `kubernetes.io/serviceaccount/…`
//!   claims, and no `exp` at all.

use serde_json::{Map, Value};

/// A name and UID pair (`kubernetes.io.pod`, `.node`, `.serviceaccount`, `.secret`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ref {
    pub name: Option<String>,
    pub uid: Option<String>,
}

/// The `kubernetes.io` claim of a projected token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct K8s {
    pub namespace: Option<String>,
    pub serviceaccount: Option<Ref>,
    pub pod: Option<Ref>,
    pub node: Option<Ref>,
    pub secret: Option<Ref>,
    pub warnafter: Option<i64>,
}

/// The flat claims of a legacy Secret-based token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Legacy {
    pub namespace: Option<String>,
    pub secret_name: Option<String>,
    pub service_account_name: Option<String>,
    pub service_account_uid: Option<String>,
}

/// The claims eksplain explains.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Claims {
    pub iss: Option<String>,
    pub sub: Option<String>,
    /// `aud` as a list (a single string becomes one element).
    pub aud: Vec<String>,
    /// Whether `aud` was present, and whether as an array.
    pub aud_present: bool,
    pub aud_is_array: bool,
    pub exp: Option<i64>,
    pub iat: Option<i64>,
    pub nbf: Option<i64>,
    pub jti: Option<String>,
    pub azp: Option<String>,
    pub k8s: Option<K8s>,
    pub legacy: Option<Legacy>,
    /// Other claim names, in order.
    pub others: Vec<String>,
    /// Claims of the wrong type: `(name, what was found)`.
    pub malformed: Vec<(String, &'static str)>,
}

/// What kind of token it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum TokenKind {
    /// A Secret-based service-account token without expiry.
    LegacySecret,
    /// A projected (TokenRequest) service-account token.
    Projected,
    /// Any other JWT (GitHub Actions, an IdP's ID token, …).
    Other,
}

pub const LEGACY_PREFIX: &str = "kubernetes.io/serviceaccount/";

/// What a JSON value is, for messages: "null", "a number", …
pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn string(
    m: &Map<String, Value>,
    key: &str,
    bad: &mut Vec<(String, &'static str)>,
) -> Option<String> {
    match m.get(key)? {
        Value::String(s) => Some(s.clone()),
        other => {
            bad.push((key.to_string(), type_name(other)));
            None
        }
    }
}

/// A NumericDate: seconds since the epoch, possibly with a fraction.
fn date(m: &Map<String, Value>, key: &str, bad: &mut Vec<(String, &'static str)>) -> Option<i64> {
    match m.get(key)? {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite())
                .map(|f| f.floor() as i64)
        }),
        other => {
            bad.push((key.to_string(), type_name(other)));
            None
        }
    }
}

fn reference(v: Option<&Value>) -> Option<Ref> {
    let m = v?.as_object()?;
    Some(Ref {
        name: m.get("name").and_then(Value::as_str).map(str::to_string),
        uid: m.get("uid").and_then(Value::as_str).map(str::to_string),
    })
}

const KNOWN: &[&str] = &[
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "nbf",
    "jti",
    "azp",
    "kubernetes.io",
];

impl Claims {
    pub fn read(m: &Map<String, Value>) -> Claims {
        let mut bad = Vec::new();
        let mut c = Claims {
            iss: string(m, "iss", &mut bad),
            sub: string(m, "sub", &mut bad),
            exp: date(m, "exp", &mut bad),
            iat: date(m, "iat", &mut bad),
            nbf: date(m, "nbf", &mut bad),
            jti: string(m, "jti", &mut bad),
            azp: string(m, "azp", &mut bad),
            ..Claims::default()
        };
        match m.get("aud") {
            None => {}
            Some(Value::String(s)) => {
                c.aud_present = true;
                c.aud = vec![s.clone()];
            }
            Some(Value::Array(items)) => {
                c.aud_present = true;
                c.aud_is_array = true;
                c.aud = items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
                if c.aud.len() != items.len() {
                    bad.push(("aud".into(), "an array with non-string items"));
                }
            }
            Some(other) => bad.push(("aud".into(), type_name(other))),
        }
        if let Some(k) = m.get("kubernetes.io") {
            match k.as_object() {
                Some(k) => {
                    c.k8s = Some(K8s {
                        namespace: k
                            .get("namespace")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        serviceaccount: reference(k.get("serviceaccount")),
                        pod: reference(k.get("pod")),
                        node: reference(k.get("node")),
                        secret: reference(k.get("secret")),
                        warnafter: k.get("warnafter").and_then(|v| {
                            v.as_i64().or_else(|| {
                                v.as_f64()
                                    .filter(|f| f.is_finite())
                                    .map(|f| f.floor() as i64)
                            })
                        }),
                    })
                }
                None => bad.push(("kubernetes.io".into(), type_name(k))),
            }
        }
        let flat = |name: &str| {
            m.get(&format!("{LEGACY_PREFIX}{name}"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        if m.keys().any(|k| k.starts_with(LEGACY_PREFIX)) {
            c.legacy = Some(Legacy {
                namespace: flat("namespace"),
                secret_name: flat("secret.name"),
                service_account_name: flat("service-account.name"),
                service_account_uid: flat("service-account.uid"),
            });
        }
        c.others = m
            .keys()
            .filter(|k| !KNOWN.contains(&k.as_str()) && !k.starts_with(LEGACY_PREFIX))
            .cloned()
            .collect();
        c.malformed = bad;
        c
    }

    pub fn kind(&self) -> TokenKind {
        if self.legacy.is_some()
            || (self.iss.as_deref() == Some("kubernetes/serviceaccount") && self.exp.is_none())
        {
            TokenKind::LegacySecret
        } else if self.k8s.is_some() {
            TokenKind::Projected
        } else {
            TokenKind::Other
        }
    }

    /// `(namespace, name)` from `sub: system:serviceaccount:NAMESPACE:NAME`.
    pub fn service_account(&self) -> Option<(&str, &str)> {
        let rest = self
            .sub
            .as_deref()?
            .strip_prefix("system:serviceaccount:")?;
        let (ns, name) = rest.split_once(':')?;
        (!ns.is_empty() && !name.is_empty() && !name.contains(':')).then_some((ns, name))
    }

    pub fn has_audience(&self, aud: &str) -> bool {
        self.aud.iter().any(|a| a == aud)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_projected_token() {
        let v = json!({
            "aud": ["sts.amazonaws.com"], "exp": 1767301200, "iat": 1767214800.5, "nbf": 1767214800,
            "iss": "https://oidc.eks.eu-west-1.amazonaws.com/id/X", "sub": "system:serviceaccount:payments:api",
            "kubernetes.io": {"namespace": "payments", "serviceaccount": {"name": "api", "uid": "u1"},
                              "pod": {"name": "api-1", "uid": "u2"}, "warnafter": 1767218407},
            "custom": 1
        });
        let c = Claims::read(v.as_object().unwrap());
        assert_eq!(c.kind(), TokenKind::Projected);
        assert_eq!(c.service_account(), Some(("payments", "api")));
        assert!(c.aud_is_array && c.has_audience("sts.amazonaws.com"));
        assert_eq!(c.iat, Some(1767214800));
        assert_eq!(c.k8s.as_ref().unwrap().warnafter, Some(1767218407));
        assert_eq!(c.others, vec!["custom".to_string()]);
    }

    #[test]
    fn reads_a_legacy_token_and_wrong_types() {
        let v = json!({
            "iss": "kubernetes/serviceaccount", "sub": "system:serviceaccount:ci:deployer",
            "kubernetes.io/serviceaccount/namespace": "ci",
            "kubernetes.io/serviceaccount/secret.name": "deployer-token-7xk2p",
            "exp": "tomorrow", "aud": 5
        });
        let c = Claims::read(v.as_object().unwrap());
        assert_eq!(c.kind(), TokenKind::LegacySecret);
        assert_eq!(
            c.legacy.unwrap().secret_name.as_deref(),
            Some("deployer-token-7xk2p")
        );
        assert_eq!(c.malformed.len(), 2);
    }
}
