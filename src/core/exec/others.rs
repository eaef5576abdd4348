//! How the non-AWS plugins eksplain knows make their credential: Google's
//! gke-gcloud-auth-plugin, Azure kubelogin, int128's kubelogin (OIDC), and any
//! other command.

use super::flow::Section;
use super::plugin::{AzureKubelogin, OidcLogin};

pub fn gke() -> (Section, Section) {
    let mut s = Section::new("3. How gke-gcloud-auth-plugin makes the token");
    s.line("It uses gcloud's active account (`gcloud auth login`), or Application Default Credentials when run with --use_application_default_credentials, and gets a Google OAuth 2.0 access token (ya29.…) from Google's token endpoint.");
    s.line("It caches the token in ~/.kube/gke_gcloud_auth_plugin_cache and returns it with its expiry (about an hour), so most kubectl commands do not reach Google.");
    s.line("It replaced the in-tree `gcp` auth-provider, which kubectl 1.26 removed; `gcloud container clusters get-credentials` writes this entry.");
    let mut v = Section::new("4. Server side (GKE)");
    v.line("GKE validates the Google token; the Kubernetes username is the Google account's email (or the service account's email).");
    v.line("Authorization: Google Cloud IAM (container.* permissions on the project) and Kubernetes RBAC; either can allow.");
    (s, v)
}

pub fn azure(a: &AzureKubelogin) -> (Section, Section) {
    let mut s = Section::new("3. How Azure kubelogin makes the token");
    let login = a
        .login
        .as_ref()
        .map(|l| l.value.as_str())
        .unwrap_or("devicecode");
    let how = match login {
        "devicecode" => "device code flow: it prints a code and a URL on stderr and waits until you sign in in a browser",
        "interactive" => "interactive browser sign-in",
        "spn" => "a service principal: client ID plus a secret (AAD_SERVICE_PRINCIPAL_CLIENT_SECRET / AZURE_CLIENT_SECRET) or a certificate",
        "ropc" => "username and password (resource owner password credentials; no MFA)",
        "msi" => "the managed identity of the Azure VM or service it runs on",
        "azurecli" => "the Azure CLI's signed-in account (`az login`); the token comes from az's own cache",
        "azd" => "the Azure Developer CLI's signed-in account",
        "workloadidentity" => "workload identity federation: the projected token in AZURE_FEDERATED_TOKEN_FILE",
        _ => "a login mode eksplain does not know",
    };
    s.line(format!(
        "Login mode `{login}`{}: {how}.",
        if a.login.is_none() {
            " (the default)"
        } else {
            ""
        }
    ));
    match a.server_id.as_ref().map(|x| x.value.as_str()) {
        Some(id) => s.line(format!("It asks Microsoft Entra ID for an access token (a JWT) for the server application {id}{}.", if id == "6dae42f8-4368-4678-94ff-3960e28e3630" { " — the fixed ID of AKS-managed Entra ID" } else { "" })),
        None => s.line("No --server-id: kubelogin cannot know which audience to ask a token for, and fails."),
    };
    if let Some(t) = &a.tenant_id {
        s.line(format!("Tenant {}.", t.value));
    }
    s.line("Tokens are cached under ~/.kube/cache/kubelogin/ (device code and interactive modes) and refreshed there; `kubelogin remove-tokens` clears them.");
    let mut v = Section::new("4. Server side (AKS)");
    v.line("AKS validates the Entra ID token (issuer, audience = the server application, expiry). The username is the user's UPN (object ID for service principals and managed identities); groups are Entra group object IDs.");
    v.line("Authorization: Kubernetes RBAC, or Azure RBAC for Kubernetes Authorization when the cluster enables it.");
    (s, v)
}

pub fn oidc(o: &OidcLogin) -> (Section, Section) {
    let mut s = Section::new("3. How kubelogin (int128, `kubectl oidc-login`) makes the token");
    s.line("`kubectl oidc-login` runs the kubectl-oidc_login binary found on PATH (the same program as a standalone `kubelogin`).");
    match &o.issuer {
        Some(i) => s.line(format!("It signs you in at the OIDC provider {} with the authorization code flow and PKCE: it opens a browser and listens on localhost (port 8000 by default) for the redirect.", i.value)),
        None => s.line("No --oidc-issuer-url: it does not know which provider to use, and fails."),
    };
    if let Some(c) = &o.client_id {
        s.line(format!(
            "Client ID {}{}.",
            c.value,
            if o.has_client_secret {
                ", with a client secret (passed in the args, redacted above)"
            } else {
                ", a public client (no secret)"
            }
        ));
    }
    if !o.scopes.is_empty() {
        s.line(format!("Extra scopes: {}.", o.scopes.join(", ")));
    }
    if let Some(g) = &o.grant_type {
        s.line(format!(
            "Grant type {} (instead of the default browser flow).",
            g.value
        ));
    }
    s.line("It returns the ID token (a JWT) with its expiry, and caches it with the refresh token in ~/.kube/cache/oidc-login/, so later commands refresh silently until the refresh token expires.");
    let mut v = Section::new("4. Server side (OIDC)");
    v.line("kube-apiserver verifies the ID token with the issuer's signing keys (from ISSUER/.well-known/openid-configuration) and checks issuer, audience (the client ID) and expiry, as configured by --oidc-* flags or an AuthenticationConfiguration.");
    v.line("The username comes from the configured claim (default `sub`, often `email`, with a prefix), groups from the groups claim; Kubernetes RBAC decides.");
    (s, v)
}

pub fn generic() -> (Section, Section) {
    let mut s = Section::new("3. How the plugin makes the credential");
    s.line("eksplain does not know this command. Whatever it does, it must print an ExecCredential as described above; run it by hand with KUBERNETES_EXEC_INFO set to the JSON above to see what it returns.");
    let mut v = Section::new("4. Server side");
    v.line("The API server treats the token (or client certificate) like any other: its authenticators (OIDC, webhook, x509) decide who you are, RBAC what you may do.");
    (s, v)
}
