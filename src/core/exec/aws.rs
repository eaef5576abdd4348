//! How `aws eks get-token` and `aws-iam-authenticator token` make an EKS token,
//! and what EKS does with it.

use super::flow::Section;
use super::plugin::{env, Authenticator, AwsCli};
use super::{target_identity, ExecUser};
use crate::core::kubeconfig::endpoint::Endpoint;
use crate::core::kubeconfig::Cx;
use crate::core::secret::mask;
use crate::core::token::sts;

/// The region the plugin signs in: `(region, where from)`.
fn region_of<'a>(u: &'a ExecUser, arg: Option<&'a str>) -> Option<(&'a str, &'static str)> {
    arg.map(|r| (r, "--region"))
        .or_else(|| env(u.exec, "AWS_REGION").map(|(r, _)| (r, "AWS_REGION")))
        .or_else(|| env(u.exec, "AWS_DEFAULT_REGION").map(|(r, _)| (r, "AWS_DEFAULT_REGION")))
}

/// Which credentials sign, in words (base credentials, before any role).
fn base_credentials(u: &ExecUser, profile_arg: Option<&str>) -> String {
    if let Some((id, _)) = env(u.exec, "AWS_ACCESS_KEY_ID") {
        let kind = if id.starts_with("ASIA") {
            "temporary keys (ASIA…, with AWS_SESSION_TOKEN)"
        } else {
            "an IAM user's long-term access key"
        };
        return format!(
            "the static keys in this entry's env (AWS_ACCESS_KEY_ID={}): {kind}",
            mask(id, 4)
        );
    }
    if let Some(p) = profile_arg {
        return format!("profile `{p}` (--profile) from ~/.aws/config and ~/.aws/credentials: its keys, SSO session, credential_process or role_arn");
    }
    if let Some((p, _)) = env(u.exec, "AWS_PROFILE") {
        return format!("profile `{p}` (AWS_PROFILE in this entry's env) from ~/.aws/config and ~/.aws/credentials: its keys, SSO session, credential_process or role_arn");
    }
    "the default credential chain in kubectl's own environment: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, the [default] profile (keys, SSO, credential_process, role_arn), then a container or instance role".into()
}

fn role_line(role: &str, session: &str) -> String {
    let name = role.rsplit('/').next().unwrap_or(role);
    let account = role.split(':').nth(4).unwrap_or("ACCOUNT");
    let mut line = format!("It then calls sts:AssumeRole for {role} (a network call to STS) and signs with that role session's temporary keys (ASIA…). The cluster sees arn:aws:sts::{account}:assumed-role/{name}/{session}, mapped as arn:aws:iam::{account}:role/{name}.");
    let has_path = role
        .split_once(":role/")
        .is_some_and(|(_, r)| r.contains('/'));
    if has_path {
        line.push_str(&format!(" The role's path is dropped: an aws-auth entry must say `rolearn: arn:aws:iam::{account}:role/{name}`, without the path."));
    }
    line
}

fn presign_lines(s: &mut Section, name: &str, host: &str) {
    s.line(format!("It presigns, locally and without any network call, GET https://{host}/?Action=GetCallerIdentity&Version=2011-06-15 with SigV4 query parameters: X-Amz-Algorithm, X-Amz-Credential (key ID/date/region/sts/aws4_request), X-Amz-Date, X-Amz-Expires=60, X-Amz-SignedHeaders=host;x-k8s-aws-id, X-Amz-Security-Token (temporary keys only) and X-Amz-Signature."));
    s.line(format!("The header x-k8s-aws-id: {name} is signed but not part of the URL: the cluster name travels only inside the signature."));
    s.line("Token = `k8s-aws-v1.` + base64url of that URL without `=` padding. STS accepts it for 15 minutes after X-Amz-Date (X-Amz-Expires is ignored); the plugin sets expirationTimestamp 14 minutes ahead so kubectl renews a minute early.");
}

pub fn aws_cli(cx: &Cx, u: &ExecUser, a: &AwsCli) -> (Section, Section) {
    let mut s = Section::new("3. How `aws eks get-token` makes the token");
    let name = a
        .cluster_name
        .as_ref()
        .or(a.cluster_id.as_ref())
        .map(|x| x.value.as_str());
    if a.cluster_id.is_some() && a.cluster_name.is_none() {
        s.line("--cluster-id is for EKS local clusters on AWS Outposts: the token is bound to the cluster ID instead of the name.");
    }
    s.line(format!(
        "Signing identity: {}.",
        base_credentials(u, a.profile.as_ref().map(|p| p.value.as_str()))
    ));
    if let Some(r) = &a.role_arn {
        s.line(role_line(&r.value, "EKSGetTokenAuth"));
    }
    let mode = env(u.exec, "AWS_STS_REGIONAL_ENDPOINTS").map(|(v, _)| v);
    let host = match region_of(u, a.region.as_ref().map(|r| r.value.as_str())) {
        Some((region, from)) => {
            let host = sts::cli_host(region, mode);
            s.line(format!(
                "Region {region} (from {from}) → STS endpoint {host}{}.",
                match mode {
                    Some(m) => format!(" (AWS_STS_REGIONAL_ENDPOINTS={m})"),
                    None => String::new(),
                }
            ));
            host
        }
        None => {
            s.line("Region: none given here, so the profile's region (or AWS_REGION in kubectl's environment) decides the STS endpoint. With no region anywhere the AWS CLI signs for the global endpoint sts.amazonaws.com (us-east-1), which only clusters in the aws partition accept.");
            "sts.REGION.amazonaws.com".into()
        }
    };
    s.line("Current AWS CLIs sign for the regional endpoint; with AWS_STS_REGIONAL_ENDPOINTS=legacy, 16 older commercial regions use the global sts.amazonaws.com (us-east-1) instead, which China and GovCloud clusters refuse.");
    presign_lines(
        &mut s,
        name.unwrap_or("(no --cluster-name: the CLI fails)"),
        &host,
    );
    s.line("apiVersion: the CLI answers with the apiVersion kubectl put in KUBERNETES_EXEC_INFO (v1 or v1beta1). AWS CLIs older than 1.23.9 / 2.6.3 always answered v1alpha1, which kubectl ≥ 1.24 rejects (`plugin returned version client.authentication.k8s.io/v1alpha1`).");
    s.line("No cache: every kubectl command starts the CLI again (Python start-up, a fraction of a second); credentials from SSO or --role-arn are fetched or refreshed over the network as needed.");
    (s, server(cx, u, name))
}

pub fn authenticator(cx: &Cx, u: &ExecUser, a: &Authenticator) -> (Section, Section) {
    let mut s = Section::new("3. How `aws-iam-authenticator token` makes the token");
    let env_id = env(u.exec, "KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID").map(|(v, _)| v);
    let name = a.cluster_id.as_ref().map(|x| x.value.as_str()).or(env_id);
    if a.cluster_id.is_none() && env_id.is_some() {
        s.line("Cluster ID from KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID in this entry's env.");
    }
    s.line(format!("Signing identity: {}.", base_credentials(u, None)));
    let role = a
        .role
        .as_ref()
        .map(|r| r.value.as_str())
        .or_else(|| env(u.exec, "DEFAULT_ROLE").map(|(v, _)| v));
    if let Some(r) = role {
        let session = match (&a.session_name, a.forward_session_name) {
            (Some(sn), _) => sn.value.clone(),
            (None, true) => "(your current session name, forwarded)".into(),
            (None, false) => "(a session name the AWS SDK generates)".into(),
        };
        s.line(role_line(r, &session));
        s.line("If the profile requires MFA, the authenticator prompts `Assume Role MFA token code:` on stderr and reads stdin, which only works when kubectl passes stdin (interactive).");
    }
    let region = region_of(u, a.region.as_ref().map(|r| r.value.as_str()));
    let host = match region {
        Some((r, from)) => {
            s.line(format!(
                "Region {r} (from {from}) → STS endpoint sts.{r}.{}.",
                sts::sts_domain(sts::partition_of_region(r)).unwrap_or("amazonaws.com")
            ));
            format!(
                "sts.{r}.{}",
                sts::sts_domain(sts::partition_of_region(r)).unwrap_or("amazonaws.com")
            )
        }
        None => {
            s.line("Region: none given here; the authenticator uses the profile's region, else asks EC2 instance metadata, else falls back to us-east-1.");
            "sts.REGION.amazonaws.com".into()
        }
    };
    s.line("Releases from 0.7.3 (AWS SDK for Go v2) always sign for the regional endpoint; older ones used the global endpoint for the legacy regions unless AWS_STS_REGIONAL_ENDPOINTS=regional, which is why eksctl writes that variable.");
    presign_lines(
        &mut s,
        name.unwrap_or("(no -i: the authenticator fails with `cluster ID not specified`)"),
        &host,
    );
    if a.cache {
        s.line("--cache: the AWS credentials (not the token) are cached in ~/.kube/cache/aws-iam-authenticator/credentials.yaml, per cluster, profile and role, until they expire.");
    }
    if a.token_only {
        s.line("--token-only: it prints the bare token instead of an ExecCredential, which kubectl cannot read.");
    }
    s.line("apiVersion: it answers with the apiVersion in KUBERNETES_EXEC_INFO (default v1beta1).");
    (s, server(cx, u, name))
}

fn server(cx: &Cx, u: &ExecUser, name: Option<&str>) -> Section {
    let mut s = Section::new("4. Server side (EKS)");
    let target = u.targets.first();
    let (eks, endpoint) = match target {
        Some(t) => target_identity(cx, u, t),
        None => (None, Endpoint::Invalid),
    };
    let partition = match &endpoint {
        Endpoint::Eks {
            partition, region, ..
        } => {
            s.line(format!("kubectl sends `Authorization: Bearer k8s-aws-v1.…` to the EKS endpoint in {region} ({partition})."));
            *partition
        }
        _ => {
            s.line("kubectl sends `Authorization: Bearer k8s-aws-v1.…` to the API server; EKS (or a self-run aws-iam-authenticator webhook) checks it.");
            "aws"
        }
    };
    s.line(format!("The authenticator checks the token's form: ≤ 4096 bytes, https, an STS host of partition {partition}, path /, only the nine SigV4 query parameters, Action=GetCallerIdentity, x-k8s-aws-id signed, X-Amz-Expires ≤ 900, X-Amz-Date less than 15 minutes old. Paste a token to see each check."));
    let expected = eks
        .as_ref()
        .map(|(n, _)| n.cluster.as_str())
        .or(name)
        .unwrap_or("CLUSTER");
    s.line(format!("It replays the URL to STS with x-k8s-aws-id: {expected} (its own cluster name). The signature only matches if the plugin signed that same name; otherwise STS answers 403 and you get `Unauthorized`."));
    s.line("STS returns the caller's ARN. An IAM user keeps its ARN (path included); a role session arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION becomes arn:aws:iam::ACCOUNT:role/ROLE — the role's path is lost.");
    s.line("EKS maps that ARN to a Kubernetes username and groups: an access entry first (authentication mode API or API_AND_CONFIG_MAP; an entry matches the principal's unique ID from when it was created, so a re-created role needs its entry re-created), else the aws-auth ConfigMap in kube-system (mapRoles/mapUsers matched by ARN, case-insensitively; then mapAccounts). Unmapped → `error: You must be logged in to the server (Unauthorized)`.");
    s.line("Authorization: Kubernetes RBAC on that username and groups, plus any access policies of the access entry (AmazonEKSClusterAdminPolicy, AmazonEKSAdminPolicy, AmazonEKSEditPolicy, AmazonEKSViewPolicy). Mapped but not allowed → `Forbidden`.");
    s
}
