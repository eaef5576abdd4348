//! The `ExecCredential` an exec plugin prints (`aws eks get-token`,
//! `aws-iam-authenticator token`, `gke-gcloud-auth-plugin`, `kubelogin`): the
//! client-go `client.authentication.k8s.io` types, secrets wrapped.

use crate::core::secret::Secret;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExecCredential {
    pub kind: Option<String>,
    #[serde(rename = "apiVersion")]
    pub api_version: Option<String>,
    pub spec: Option<serde_yaml::Value>,
    pub status: Option<Status>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// RFC 3339; kubectl re-runs the plugin after it.
    pub expiration_timestamp: Option<String>,
    pub token: Option<Secret>,
    pub client_certificate_data: Option<String>,
    pub client_key_data: Option<Secret>,
}

impl Status {
    pub fn token(&self) -> Option<&str> {
        self.token
            .as_ref()
            .map(|t| t.expose().trim())
            .filter(|t| !t.is_empty())
    }
    pub fn has_cert(&self) -> bool {
        self.client_certificate_data
            .as_deref()
            .is_some_and(|c| !c.trim().is_empty())
    }
    pub fn has_key(&self) -> bool {
        self.client_key_data.as_ref().is_some_and(|k| !k.is_empty())
    }
}

/// The ExecCredential in the AWS CLI's text rendering (`aws eks get-token
/// --output text`, or a profile with `output = text`): a line
/// `client.authentication.k8s.io/VERSION<TAB>ExecCredential`, then
/// `STATUS<TAB>EXPIRATION<TAB>TOKEN` (values in key order). `None` for any
/// other text.
pub fn from_text_output(text: &str) -> Option<ExecCredential> {
    let mut lines = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '\r' || c == ' '))
        .filter(|l| !l.is_empty());
    let head: Vec<&str> = lines.next()?.split('\t').collect();
    let [api, "ExecCredential"] = head.as_slice() else {
        return None;
    };
    if !api.starts_with("client.authentication.k8s.io/") {
        return None;
    }
    let mut status = Status::default();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["STATUS", expiration, token] => {
                status.expiration_timestamp = Some(expiration.to_string());
                status.token = Some(Secret::new(token.to_string()));
            }
            ["STATUS", token] => status.token = Some(Secret::new(token.to_string())),
            _ => {}
        }
    }
    Some(ExecCredential {
        kind: Some("ExecCredential".into()),
        api_version: Some(api.to_string()),
        spec: None,
        status: Some(status),
    })
}

/// What kind of bearer token a plugin returned, from its shape alone.
pub fn token_kind(token: &str) -> &'static str {
    if token.starts_with(super::decode::PREFIX) {
        "an EKS token (presigned STS GetCallerIdentity URL)"
    } else if token.starts_with("ya29.") {
        "a Google OAuth 2.0 access token (gke-gcloud-auth-plugin)"
    } else if token.starts_with("eyJ") && token.matches('.').count() == 2 {
        "a JWT (an OIDC ID token or Entra ID access token)"
    } else {
        "an opaque bearer token"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_real_get_token_output_without_exposing_the_token() {
        let text = include_str!("../../../tests/fixtures/token/get-token-us-west-2.json");
        let ec: ExecCredential = serde_yaml::from_str(text).unwrap();
        assert_eq!(
            ec.api_version.as_deref(),
            Some("client.authentication.k8s.io/v1beta1")
        );
        let st = ec.status.clone().unwrap();
        assert!(st.token().unwrap().starts_with("k8s-aws-v1."));
        assert!(!format!("{ec:?}").contains("k8s-aws-v1."));
        assert_eq!(
            token_kind(st.token().unwrap()),
            "an EKS token (presigned STS GetCallerIdentity URL)"
        );
    }
}
