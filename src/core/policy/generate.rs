//! Generates what a user needs to set IRSA up right: the trust policy for one
//! service account (in the shape of the AWS documentation) and the
//! ServiceAccount manifest with the `eks.amazonaws.com/role-arn` annotation.

use super::keys::{self, SA_PREFIX, STS_AUDIENCE};
use super::provider::ProviderArn;
use crate::core::json::{self, Kind, Member, Value};
use crate::core::source::Pos;

pub fn s(v: &str) -> Value {
    Value::string(v)
}

pub fn obj(members: Vec<(&str, Value)>) -> Value {
    Value::new(
        Kind::Object(
            members
                .into_iter()
                .map(|(k, v)| Member {
                    key: k.to_string(),
                    key_pos: Pos::default(),
                    value: v,
                })
                .collect(),
        ),
        Pos::default(),
    )
}

pub fn arr(items: Vec<Value>) -> Value {
    Value::new(Kind::Array(items), Pos::default())
}

/// Checks a namespace and service account name as Kubernetes would.
pub fn check_service_account(namespace: &str, name: &str) -> Result<(), String> {
    if let Some(p) = keys::namespace_problem(namespace) {
        return Err(format!("namespace `{namespace}` {p}"));
    }
    if let Some(p) = keys::name_problem(name) {
        return Err(format!("service account name `{name}` {p}"));
    }
    Ok(())
}

/// The IRSA trust policy for `namespace:name` trusting `provider`, as pretty
/// JSON (4-space indentation, like the IAM console).
pub fn irsa_policy(provider: &ProviderArn, namespace: &str, name: &str) -> String {
    let p = &provider.provider;
    let policy = obj(vec![
        ("Version", s("2012-10-17")),
        (
            "Statement",
            arr(vec![obj(vec![
                ("Effect", s("Allow")),
                ("Principal", obj(vec![("Federated", s(&provider.to_arn()))])),
                ("Action", s("sts:AssumeRoleWithWebIdentity")),
                (
                    "Condition",
                    obj(vec![(
                        "StringEquals",
                        obj(vec![
                            (&p.key("aud"), s(STS_AUDIENCE)),
                            (&p.key("sub"), s(&format!("{SA_PREFIX}{namespace}:{name}"))),
                        ]),
                    )]),
                ),
            ])]),
        ),
    ]);
    json::pretty(&policy, 4)
}

/// The Pod Identity trust policy, restricted to `namespace:name`.
pub fn pod_identity_policy(namespace: &str, name: &str) -> String {
    let policy = obj(vec![
        ("Version", s("2012-10-17")),
        (
            "Statement",
            arr(vec![obj(vec![
                ("Sid", s("AllowEksAuthToAssumeRoleForPodIdentity")),
                ("Effect", s("Allow")),
                (
                    "Principal",
                    obj(vec![("Service", s(keys::POD_IDENTITY_SERVICE))]),
                ),
                (
                    "Action",
                    arr(vec![s("sts:AssumeRole"), s("sts:TagSession")]),
                ),
                (
                    "Condition",
                    obj(vec![(
                        "StringEquals",
                        obj(vec![
                            ("aws:RequestTag/kubernetes-namespace", s(namespace)),
                            ("aws:RequestTag/kubernetes-service-account", s(name)),
                        ]),
                    )]),
                ),
            ])]),
        ),
    ]);
    json::pretty(&policy, 4)
}

/// A YAML scalar, quoted when plain style could be misread.
fn yaml_scalar(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':'))
        && !v.contains(": ")
        && !v.ends_with(':');
    if plain {
        v.to_string()
    } else {
        json::escape(v)
    }
}

/// The ServiceAccount manifest carrying the role annotation. Without a role
/// ARN the annotation holds a placeholder in the provider's account.
pub fn service_account(
    namespace: &str,
    name: &str,
    role_arn: Option<&str>,
    provider: Option<&ProviderArn>,
) -> String {
    let role = match (role_arn, provider) {
        (Some(r), _) => r.to_string(),
        (None, Some(p)) => format!("arn:{}:iam::{}:role/ROLE_NAME", p.partition, p.account),
        (None, None) => "arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME".to_string(),
    };
    format!(
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {}\n  namespace: {}\n  annotations:\n    eks.amazonaws.com/role-arn: {}\n",
        yaml_scalar(name),
        yaml_scalar(namespace),
        yaml_scalar(&role)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::report::Options;

    const ARN: &str = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

    #[test]
    fn generates_the_documented_policy_which_checks_clean() {
        let p = ProviderArn::parse(ARN).unwrap();
        let text = irsa_policy(&p, "payments", "api-server");
        assert!(
            text.starts_with("{\n    \"Version\": \"2012-10-17\",\n"),
            "{text}"
        );
        assert!(text.contains("\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api-server\""));
        let (findings, _) = crate::core::policy::analyze(&text, &Options::default());
        assert!(findings.is_empty(), "{findings:?}");
        let (findings, _) = crate::core::policy::analyze(
            &pod_identity_policy("payments", "api"),
            &Options::default(),
        );
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn service_account_manifest_with_placeholder_or_role() {
        let p = ProviderArn::parse(ARN).unwrap();
        let sa = service_account("payments", "api-server", None, Some(&p));
        assert!(
            sa.contains(
                "    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/ROLE_NAME\n"
            ),
            "{sa}"
        );
        let sa = service_account(
            "payments",
            "api-server",
            Some("arn:aws:iam::111122223333:role/api"),
            None,
        );
        assert!(sa.contains("role-arn: arn:aws:iam::111122223333:role/api\n"));
        assert!(check_service_account("Payments", "api").is_err());
        assert!(check_service_account("payments", "api.v2").is_ok());
    }
}
