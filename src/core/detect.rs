//! Detects what was pasted, by content alone.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(any(test, target_arch = "wasm32"), derive(serde::Deserialize))]
pub enum InputKind {
    Empty,
    Kubeconfig,
    Certificate,
    EksToken,
    ExecCredential,
    Jwt,
    TrustPolicy,
    OidcProvider,
    AwsAuth,
    ServiceAccount,
    Unknown,
}

impl InputKind {
    /// Every kind a user can choose by hand, in menu order.
    pub const CHOOSABLE: &'static [InputKind] = &[
        InputKind::Kubeconfig,
        InputKind::Certificate,
        InputKind::EksToken,
        InputKind::ExecCredential,
        InputKind::Jwt,
        InputKind::TrustPolicy,
        InputKind::OidcProvider,
        InputKind::AwsAuth,
        InputKind::ServiceAccount,
    ];

    /// The stable identifier used in JSON output and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            InputKind::Empty => "empty",
            InputKind::Kubeconfig => "kubeconfig",
            InputKind::Certificate => "certificate",
            InputKind::EksToken => "eks-token",
            InputKind::ExecCredential => "exec-credential",
            InputKind::Jwt => "jwt",
            InputKind::TrustPolicy => "trust-policy",
            InputKind::OidcProvider => "oidc-provider",
            InputKind::AwsAuth => "aws-auth",
            InputKind::ServiceAccount => "service-account",
            InputKind::Unknown => "unknown",
        }
    }

    pub fn from_id(id: &str) -> Option<InputKind> {
        Self::CHOOSABLE
            .iter()
            .copied()
            .chain([InputKind::Empty, InputKind::Unknown])
            .find(|k| k.id() == id)
    }

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            InputKind::Empty => "Empty input",
            InputKind::Kubeconfig => "kubeconfig",
            InputKind::Certificate => "Certificate / PEM",
            InputKind::EksToken => "EKS bearer token",
            InputKind::ExecCredential => "ExecCredential (aws eks get-token output)",
            InputKind::Jwt => "JWT (service account token)",
            InputKind::TrustPolicy => "IAM trust policy",
            InputKind::OidcProvider => "OIDC provider ARN / issuer URL",
            InputKind::AwsAuth => "aws-auth ConfigMap",
            InputKind::ServiceAccount => "ServiceAccount manifest",
            InputKind::Unknown => "Unrecognised input",
        }
    }
}

impl fmt::Display for InputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Top-level keys of a YAML document and the values of `kind` / `name`, from a
/// cheap scan of unindented lines (the full parse happens later).
struct Shape<'a> {
    keys: Vec<&'a str>,
    kind: Option<&'a str>,
    has_map_roles: bool,
    name_aws_auth: bool,
}

fn shape(text: &str) -> Shape<'_> {
    let mut s = Shape {
        keys: Vec::new(),
        kind: None,
        has_map_roles: false,
        name_aws_auth: false,
    };
    // `str::lines` searched each line's end with a per-call `memchr` setup (5 M
    // instructions on a 2 MB kubeconfig); this is the same split, a word at a time.
    let lines = crate::core::scan::lines_inclusive(text).map(|l| match l.strip_suffix('\n') {
        Some(l) => l.strip_suffix('\r').unwrap_or(l),
        None => l,
    });
    for line in lines.take(20_000) {
        let t = line.trim_start();
        if t.starts_with("mapRoles:") || t.starts_with("mapUsers:") || t.starts_with("\"mapRoles\"")
        {
            s.has_map_roles = true;
        }
        if t == "name: aws-auth" || t.starts_with("\"name\": \"aws-auth\"") {
            s.name_aws_auth = true;
        }
        let unindented = !line.starts_with(' ') && !line.starts_with('\t');
        let json_top = line.starts_with("  \"") || line.starts_with("\"");
        if !(unindented || json_top) {
            continue;
        }
        let t = t.trim_start_matches('{').trim_start();
        let t = t.trim_start_matches('"');
        if let Some(c) = t.find(':') {
            let key = t[..c].trim_end_matches('"');
            if !key.is_empty() && !key.contains(' ') {
                if unindented || line.starts_with("  \"") {
                    s.keys.push(key);
                }
                if key == "kind" && s.kind.is_none() {
                    let v = t[c + 1..]
                        .trim()
                        .trim_matches(|ch| ch == '"' || ch == '\'' || ch == ',');
                    s.kind = Some(v);
                    // `detect` decides on these kinds alone: the rest of a
                    // 20,000-line kubeconfig cannot change the answer.
                    if matches!(v, "Config" | "ServiceAccount" | "ExecCredential") {
                        break;
                    }
                }
            }
        }
    }
    s
}

fn is_b64url(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
}

/// What kind of input `text` is.
pub fn detect(text: &str) -> InputKind {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return InputKind::Empty;
    }
    if t.starts_with("k8s-aws-v1.") {
        return InputKind::EksToken;
    }
    if t.starts_with("-----BEGIN") {
        return InputKind::Certificate;
    }
    let single_line = !t.contains('\n');
    if single_line && t.starts_with("arn:") && t.contains(":oidc-provider/") {
        return InputKind::OidcProvider;
    }
    if single_line
        && (t.starts_with("https://oidc.")
            || t.starts_with("oidc.eks.")
            || t.starts_with("https://oidc-eks."))
    {
        return InputKind::OidcProvider;
    }
    if single_line && is_provider_line(t) {
        return InputKind::OidcProvider;
    }
    if !single_line && is_provider_lines(t) {
        return InputKind::OidcProvider;
    }
    if single_line && t.starts_with("eyJ") {
        let parts: Vec<&str> = t.split('.').collect();
        if parts.len() == 3 && parts[..2].iter().all(|p| is_b64url(p)) {
            return InputKind::Jwt;
        }
    }
    // A damaged or prefixed JWT is still a JWT: decoding says what is wrong with it.
    let bearer = t.strip_prefix("Bearer ").unwrap_or(t).trim_matches('"');
    if single_line && bearer.starts_with("eyJ") && bearer.contains('.') {
        return InputKind::Jwt;
    }
    // A token wrapped over several lines (pasted from an e-mail, a chat, a
    // narrow terminal with hard breaks).
    if !single_line
        && t.starts_with("eyJ")
        && t.bytes().filter(|&b| b == b'.').count() == 2
        && t.lines().take(200).all(|l| {
            l.trim()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'='))
        })
    {
        return InputKind::Jwt;
    }
    if t.starts_with('{') {
        if t.contains("\"ExecCredential\"") {
            return InputKind::ExecCredential;
        }
        if t.contains("\"Statement\"")
            || t.contains("'Statement'")
            || t.contains("“Statement”")
            || t.contains("%22Statement%22")
            || t.contains("\"AssumeRolePolicyDocument\"")
        {
            return InputKind::TrustPolicy;
        }
        if t.contains("\"OpenIDConnectProviderList\"")
            || t.contains("\"ClientIDList\"")
            || (t.contains("\"identity\"") && t.contains("\"oidc\"") && t.contains("\"issuer\""))
        {
            return InputKind::OidcProvider;
        }
        if t.contains("\"clusters\"")
            || t.contains("\"current-context\"")
            || t.contains("\"contexts\"")
        {
            return InputKind::Kubeconfig;
        }
        if t.contains("\"ServiceAccount\"") {
            return InputKind::ServiceAccount;
        }
        if t.contains("\"mapRoles\"") || t.contains("\"mapUsers\"") {
            return InputKind::AwsAuth;
        }
    }
    // A policy URL-encoded, as the IAM API returns it (or its start, cut
    // short before `Statement`).
    if t.get(..3).is_some_and(|s| s.eq_ignore_ascii_case("%7B"))
        && (t.contains("%22Statement%22") || t.contains("%22Version%22"))
    {
        return InputKind::TrustPolicy;
    }
    // `aws eks get-token` printed as text (a profile with `output = text`).
    if t.starts_with("client.authentication.k8s.io/") && t.contains("\tExecCredential") {
        return InputKind::ExecCredential;
    }
    // A policy in a Terraform heredoc (`assume_role_policy = <<EOF`).
    if t.contains("<<") && t.contains("\"Statement\"") && !t.starts_with('{') {
        return InputKind::TrustPolicy;
    }
    // A policy written in Terraform's HCL (`jsonencode`, `aws_iam_policy_document`).
    if crate::core::policy::hcl::is_trust_policy(t) {
        return InputKind::TrustPolicy;
    }
    let s = shape(t);
    match s.kind {
        Some("Config") => return InputKind::Kubeconfig,
        Some("ServiceAccount") => return InputKind::ServiceAccount,
        Some("ConfigMap") if s.has_map_roles || s.name_aws_auth => return InputKind::AwsAuth,
        Some("List") if s.has_map_roles => return InputKind::AwsAuth,
        Some("ExecCredential") => return InputKind::ExecCredential,
        _ => {}
    }
    // A ServiceAccount among other documents (a Deployment and its account in one
    // file), or in a List as `kubectl get sa -o yaml` prints it.
    let doc_kind_sa = t.lines().any(|l| l.trim_end() == "kind: ServiceAccount");
    let list_of_sa = s.kind == Some("List")
        && t.lines()
            .any(|l| l.trim_start().trim_start_matches("- ").trim_end() == "kind: ServiceAccount");
    if doc_kind_sa || list_of_sa {
        return InputKind::ServiceAccount;
    }
    let has = |k: &str| s.keys.contains(&k);
    if has("clusters") || has("contexts") || has("users") || has("current-context") {
        return InputKind::Kubeconfig;
    }
    if has("Statement") {
        return InputKind::TrustPolicy;
    }
    // A CloudFormation template in YAML, or a role resource copied out of
    // one: the policy is the role's `AssumeRolePolicyDocument`.
    if t.contains("AssumeRolePolicyDocument:") {
        return InputKind::TrustPolicy;
    }
    // `aws iam list-open-id-connect-providers` / `get-open-id-connect-provider --output text`.
    if t.starts_with("OPENIDCONNECTPROVIDERLIST\t") || t.contains("\nCLIENTIDLIST\t") {
        return InputKind::OidcProvider;
    }
    // `aws iam … --output yaml` and `aws eks describe-cluster --output yaml`.
    if has("OpenIDConnectProviderList")
        || has("ClientIDList")
        || (has("cluster") && t.contains("\n    oidc:\n      issuer: "))
    {
        return InputKind::OidcProvider;
    }
    if s.has_map_roles && (has("data") || has("mapRoles") || has("mapUsers")) {
        return InputKind::AwsAuth;
    }
    if looks_base64_der_cert(t) {
        return InputKind::Certificate;
    }
    // PEM after other text: `openssl x509 -text` prints the decoded fields
    // first, `openssl s_client -showcerts` its handshake, a ConfigMap its keys.
    if t.lines().any(|l| l.trim_start().starts_with("-----BEGIN ")) {
        return InputKind::Certificate;
    }
    InputKind::Unknown
}

/// One line naming an OIDC provider: an `oidc-provider` ARN or an EKS issuer
/// URL or host, possibly quoted.
fn is_provider_line(line: &str) -> bool {
    let l = line
        .trim()
        .trim_start_matches("- ")
        .trim_end_matches(',')
        .trim_matches(|c| c == '"' || c == '\'');
    (l.starts_with("arn:") && l.contains(":oidc-provider/"))
        || l.starts_with("https://oidc.")
        || l.starts_with("http://oidc.")
        || l.starts_with("https://oidc-eks.")
        || l.starts_with("oidc.eks.")
        || l.starts_with("oidc-eks.")
}

/// Several lines, each a provider or an EKS API endpoint, at least one a provider.
fn is_provider_lines(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(200)
        .collect();
    let endpoint = |l: &str| {
        let l = l.trim().trim_matches(|c| c == '"' || c == '\'');
        l.starts_with("https://")
            && (l.contains(".eks.amazonaws.com") || l.contains(".eks.amazonaws.com.cn"))
    };
    lines.iter().any(|l| is_provider_line(l))
        && lines.iter().all(|l| is_provider_line(l) || endpoint(l))
}

/// Base64 of a DER certificate starts with `MII` (a SEQUENCE with a two-byte
/// length), base64 of PEM with `LS0tLS1CRUdJTi`; either may be wrapped over
/// several lines (a PEM body pasted without its BEGIN/END lines).
fn looks_base64_der_cert(t: &str) -> bool {
    (t.starts_with("MII") || t.starts_with("LS0tLS1CRUdJTi"))
        && t.len() > 100
        && t.lines().take(2_000).all(|l| {
            l.trim().bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_' | b' ')
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_kind_by_content() {
        let cases = [
            ("", InputKind::Empty),
            ("  \n", InputKind::Empty),
            ("apiVersion: v1\nkind: Config\n", InputKind::Kubeconfig),
            ("clusters:\n- name: a\n", InputKind::Kubeconfig),
            (
                "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement: []\n",
                InputKind::TrustPolicy,
            ),
            (
                "  Role:\n    Properties:\n      AssumeRolePolicyDocument: !Sub |\n        {}\n",
                InputKind::TrustPolicy,
            ),
            ("{\"apiVersion\":\"v1\",\"kind\":\"Config\",\"clusters\":[]}", InputKind::Kubeconfig),
            ("k8s-aws-v1.aHR0cHM6Ly9zdHM", InputKind::EksToken),
            ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", InputKind::Certificate),
            ("arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC", InputKind::OidcProvider),
            ("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", InputKind::OidcProvider),
            ("\"https://oidc-eks.eu-west-1.api.aws/id/ABC\"", InputKind::OidcProvider),
            ("http://oidc.eks.eu-west-1.amazonaws.com/id/ABC", InputKind::OidcProvider),
            ("oidc.eks.eu-west-1.amazonaws.com/id/ABC\nhttps://ABC.gr7.eu-west-1.eks.amazonaws.com\n", InputKind::OidcProvider),
            ("{\"OpenIDConnectProviderList\": [{\"Arn\": \"arn:aws:iam::1:oidc-provider/x\"}]}", InputKind::OidcProvider),
            ("{\"cluster\": {\"identity\": {\"oidc\": {\"issuer\": \"https://oidc.eks\"}}}}", InputKind::OidcProvider),
            ("cluster:\n  identity:\n    oidc:\n      issuer: https://oidc.eks.x\n  name: a\n", InputKind::OidcProvider),
            ("ClientIDList:\n- sts.amazonaws.com\nUrl: oidc.eks.x/id/A\n", InputKind::OidcProvider),
            ("OpenIDConnectProviderList:\n- Arn: arn:aws:iam::1:oidc-provider/x\n", InputKind::OidcProvider),
            ("OPENIDCONNECTPROVIDERLIST\tarn:aws:iam::1:oidc-provider/x\n", InputKind::OidcProvider),
            ("2024-03-12T09:41:27+00:00\toidc.eks.x/id/A\nCLIENTIDLIST\tsts.amazonaws.com\n", InputKind::OidcProvider),
            ("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", InputKind::Jwt),
            ("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0", InputKind::Jwt),
            ("{\"Version\":\"2012-10-17\",\"Statement\":[]}", InputKind::TrustPolicy),
            ("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D", InputKind::TrustPolicy),
            ("%7B%22Version%22%3A%222012-10-17%22%2C%22St", InputKind::TrustPolicy),
            ("resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = <<-EOF\n    {\"Statement\": []}\n  EOF\n}\n", InputKind::TrustPolicy),
            ("{\"kind\":\"ExecCredential\",\"status\":{}}", InputKind::ExecCredential),
            ("client.authentication.k8s.io/v1beta1\tExecCredential\nSTATUS\t2026-01-01T00:00:00Z\tk8s-aws-v1.x\n", InputKind::ExecCredential),
            ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n  mapRoles: |\n", InputKind::AwsAuth),
            ("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n", InputKind::ServiceAccount),
            ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n", InputKind::ServiceAccount),
            ("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: x\nkind: List\n", InputKind::ServiceAccount),
            ("Certificate:\n    Data:\n        Version: 3 (0x2)\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", InputKind::Certificate),
            ("CONNECTED(00000003)\n---\nCertificate chain\n 0 s:CN = kube-apiserver\n-----BEGIN CERTIFICATE-----\nMIIB\n", InputKind::Certificate),
            ("eyJhbGciOiJSUzI1NiJ9.eyJzdW\nIiOiJ4In0.c2l\nn\n", InputKind::Jwt),
            ("hello: world\n", InputKind::Unknown),
            ("just some words", InputKind::Unknown),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text), want, "input: {text:?}");
        }
        let wrapped_der = format!("MIIB{}\n{}\n", "A".repeat(60), "B".repeat(60));
        assert_eq!(detect(&wrapped_der), InputKind::Certificate);
        let b64_pem = format!("LS0tLS1CRUdJTiBDRVJU{}", "A".repeat(100));
        assert_eq!(detect(&b64_pem), InputKind::Certificate);
    }

    #[test]
    fn kind_ids_round_trip() {
        for k in InputKind::CHOOSABLE {
            assert_eq!(InputKind::from_id(k.id()), Some(*k));
        }
    }
}
