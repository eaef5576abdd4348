//! The trust-policy simulator on the page: a small form (who asks, for which
//! action, with which token claims, session tags and source keys) and the
//! decision IAM would reach, with the trace of every statement. The form is
//! plain data changed by [`SimAction`]s through the pure [`SimForm::reduce`],
//! filled from the policy by [`SimForm::prefill`] (`prefill.rs`); [`simulate`]
//! builds the request from it (Pod Identity's with `probe::PodIdentity`, as the
//! CLI does) and runs the core simulator. Nothing here touches the DOM,
//! storage or URL.

use super::Status;
use crate::core::policy::heredoc::Expander;
use crate::core::policy::issuer::Issuer;
use crate::core::policy::keys::{POD_IDENTITY_SERVICE, SA_PREFIX};
use crate::core::policy::model::Policy;
use crate::core::policy::provider::ProviderArn;
use crate::core::policy::sim::{self, Caller, ContextKey, Outcome, Request};
use crate::core::policy::{self, probe};
use crate::core::source::Pos;

/// Who makes the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalKind {
    /// A web identity token from an OIDC provider (IRSA).
    Federated,
    /// An IAM role or user, or a session of a role (what `aws sts get-caller-identity` prints).
    Aws,
    /// An AWS service (`pods.eks.amazonaws.com` for EKS Pod Identity).
    Service,
}

impl PrincipalKind {
    pub const ALL: [PrincipalKind; 3] = [Self::Federated, Self::Aws, Self::Service];

    /// The value of the `<option>` and the key in the policy's `Principal`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Federated => "Federated",
            Self::Aws => "AWS",
            Self::Service => "Service",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Federated => "Federated (OIDC provider ARN)",
            Self::Aws => "AWS (role, user or role-session ARN)",
            Self::Service => "Service",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// What the principal field should hold.
    pub fn placeholder(self) -> &'static str {
        match self {
            Self::Federated => {
                "arn:aws:iam::111122223333:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID"
            }
            Self::Aws => "arn:aws:iam::111122223333:role/NAME",
            Self::Service => "pods.eks.amazonaws.com",
        }
    }
}

/// The actions the form offers; Pod Identity needs the last one (both at once).
pub const ACTIONS: &[&str] = &[
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRole",
    "sts:TagSession",
    "sts:AssumeRole + sts:TagSession",
];

/// The simulator's form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimForm {
    pub kind: PrincipalKind,
    pub principal: String,
    /// One of [`ACTIONS`].
    pub action: String,
    /// The token's `sub` claim (web identity only).
    pub sub: String,
    /// The token's `aud` claim, comma-separated (web identity only).
    pub aud: String,
    /// The token's other claims, `KEY=VALUE`, comma-separated (web identity
    /// only): GitHub's `environment`, Cognito's `amr`.
    pub claims: String,
    /// EKS Pod Identity: the cluster's ARN, sent as the `eks-cluster-arn` tag
    /// and, its last part, `eks-cluster-name`.
    pub cluster_arn: String,
    /// EKS Pod Identity: the `kubernetes-pod-name` tag.
    pub pod_name: String,
    /// EKS Pod Identity: the `kubernetes-pod-uid` tag.
    pub pod_uid: String,
    /// A `Service` caller's `aws:SourceAccount`.
    pub source_account: String,
    /// A `Service` caller's `aws:SourceArn`.
    pub source_arn: String,
    /// EKS Pod Identity: `aws:SourceOrgId` (and the role's `aws:ResourceOrgId`).
    pub source_org_id: String,
}

/// A change the user makes to the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimAction {
    Kind(PrincipalKind),
    Principal(String),
    Action(String),
    Sub(String),
    Aud(String),
    Claims(String),
    ClusterArn(String),
    PodName(String),
    PodUid(String),
    SourceAccount(String),
    SourceArn(String),
    SourceOrgId(String),
    /// Back to the values read from the policy.
    Reset(Box<SimForm>),
}

mod prefill;
#[cfg(test)]
mod tests;

impl SimForm {
    /// The pure reducer.
    pub fn reduce(self, action: SimAction) -> SimForm {
        match action {
            SimAction::Kind(kind) => SimForm { kind, ..self },
            SimAction::Principal(principal) => SimForm { principal, ..self },
            SimAction::Action(action) => SimForm { action, ..self },
            SimAction::Sub(sub) => SimForm { sub, ..self },
            SimAction::Aud(aud) => SimForm { aud, ..self },
            SimAction::Claims(claims) => SimForm { claims, ..self },
            SimAction::ClusterArn(cluster_arn) => SimForm {
                cluster_arn,
                ..self
            },
            SimAction::PodName(pod_name) => SimForm { pod_name, ..self },
            SimAction::PodUid(pod_uid) => SimForm { pod_uid, ..self },
            SimAction::SourceAccount(source_account) => SimForm {
                source_account,
                ..self
            },
            SimAction::SourceArn(source_arn) => SimForm { source_arn, ..self },
            SimAction::SourceOrgId(source_org_id) => SimForm {
                source_org_id,
                ..self
            },
            SimAction::Reset(form) => *form,
        }
    }

    /// The token fields matter only to a web identity request.
    pub fn uses_token(&self) -> bool {
        self.kind == PrincipalKind::Federated
    }

    /// The issuer a web identity request's token comes from: its kind and
    /// the provider path its condition keys start with. `None` unless the
    /// principal is an OIDC provider ARN or a built-in provider's name.
    pub fn issuer(&self) -> Option<(Issuer, String)> {
        if !self.uses_token() {
            return None;
        }
        let principal = self.principal.trim();
        let path = match ProviderArn::parse(principal) {
            Some(arn) => arn.provider.path,
            None => probe::built_in(principal)?.to_string(),
        };
        Some((Issuer::of_path(&path), path))
    }

    /// The label and placeholder of the subject field: a service account's
    /// for EKS, Pod Identity and unknown issuers, the subject format of
    /// GitHub, GitLab, HCP Terraform, Buildkite, Cognito or Google otherwise.
    pub fn sub_field(&self) -> (&'static str, &'static str) {
        const SA: &str = "system:serviceaccount:NAMESPACE:NAME";
        if self.pod_identity() {
            return ("Service account (NAMESPACE:NAME), sent as session tags", SA);
        }
        match self.issuer().map(|(k, _)| k) {
            Some(Issuer::GitHub { .. }) => (
                "Token sub: the workflow (repo:OWNER/REPO:ref:refs/heads/BRANCH, …:environment:NAME, …:pull_request)",
                "repo:OWNER/REPO:ref:refs/heads/main",
            ),
            Some(Issuer::GitLab) => (
                "Token sub: the job (project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH)",
                "project_path:GROUP/PROJECT:ref_type:branch:ref:main",
            ),
            Some(Issuer::Terraform) => (
                "Token sub: the run (organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:PHASE)",
                "organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:apply",
            ),
            Some(Issuer::Buildkite) => (
                "Token sub: the job (organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY)",
                "organization:ORG:pipeline:PIPELINE:ref:refs/heads/main:commit:SHA:step:deploy",
            ),
            Some(Issuer::Cognito) => (
                "Token sub: the Cognito identity's ID (REGION:GUID)",
                "us-east-1:EXAMPLE-IDENTITY-ID",
            ),
            Some(Issuer::Google) => (
                "Token sub: the Google account's ID",
                "EXAMPLE-GOOGLE-ACCOUNT-ID",
            ),
            _ => ("Token sub (system:serviceaccount:NAMESPACE:NAME)", SA),
        }
    }

    /// The label and placeholder of the audience field.
    pub fn aud_field(&self) -> (&'static str, &'static str) {
        match self.issuer().map(|(k, _)| k) {
            Some(Issuer::Cognito) => (
                "Token aud: the identity pool's ID (REGION:GUID)",
                "us-east-1:EXAMPLE-IDENTITY-POOL-ID",
            ),
            Some(Issuer::Google) => (
                "Token aud: the application's OAuth client ID",
                "EXAMPLE-CLIENT-ID.apps.googleusercontent.com",
            ),
            _ => ("Token aud (comma-separated)", "sts.amazonaws.com"),
        }
    }

    /// True when the form should offer the token's other claims: its issuer
    /// is not an EKS cluster's.
    pub fn other_claims(&self) -> bool {
        let shared = self
            .issuer()
            .is_some_and(|(k, _)| !matches!(k, Issuer::Eks | Issuer::Other));
        shared || (self.uses_token() && !self.claims.trim().is_empty())
    }

    /// EKS Pod Identity: the service account becomes session tags.
    pub fn pod_identity(&self) -> bool {
        self.kind == PrincipalKind::Service
            && self
                .principal
                .trim()
                .eq_ignore_ascii_case(POD_IDENTITY_SERVICE)
    }

    /// The STS request this form describes, or what to fix in the form.
    pub fn request(&self) -> Result<Request, String> {
        let principal = self.principal.trim();
        if principal.is_empty() {
            return Err(format!(
                "Enter the principal, for example {}.",
                self.kind.placeholder()
            ));
        }
        let actions = items(&self.action, '+');
        if actions.is_empty() {
            return Err("Choose an action, for example sts:AssumeRole.".into());
        }
        let mut notes = Vec::new();
        let (caller, context) = match self.kind {
            PrincipalKind::Federated => {
                let Some((kind, path)) = self.issuer() else {
                    return Err(format!(
                        "`{principal}` is not an OIDC provider ARN; it looks like {} (or, for a built-in provider, cognito-identity.amazonaws.com or accounts.google.com).",
                        self.kind.placeholder()
                    ));
                };
                let aud = items(&self.aud, ',');
                let sub = self.sub.trim();
                if matches!(kind, Issuer::Eks | Issuer::Other) && !sub.starts_with(SA_PREFIX) {
                    notes.push(format!(
                        "EKS service account tokens have a sub of the form {SA_PREFIX}NAMESPACE:NAME"
                    ));
                }
                let mut context = vec![ContextKey {
                    key: format!("{path}:sub"),
                    values: vec![sub.to_string()],
                }];
                if aud.is_empty() {
                    notes.push("the token has no aud".into());
                } else {
                    context.push(ContextKey {
                        key: format!("{path}:aud"),
                        values: aud,
                    });
                }
                let claims = items(&self.claims, ',')
                    .iter()
                    .map(|c| probe::parse_claim(c))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| format!("Other claims: {e}."))?;
                notes.extend(probe::token_claims(
                    &mut context,
                    kind,
                    &path,
                    sub,
                    &claims,
                    "them in the Other claims field",
                ));
                (Caller::Federated(principal.to_string()), context)
            }
            PrincipalKind::Aws => {
                if !principal.starts_with("arn:") {
                    return Err(format!(
                        "`{principal}` is not a role, user or role-session ARN; it looks like {} (or what `aws sts get-caller-identity` prints).",
                        self.kind.placeholder()
                    ));
                }
                (Caller::Aws(principal.to_string()), Vec::new())
            }
            PrincipalKind::Service if self.pod_identity() => {
                let (namespace, name) = probe::parse_service_account(self.sub.trim())?;
                let some = |v: &str| Some(v.to_string());
                let req = probe::PodIdentity {
                    namespace,
                    name,
                    cluster_arn: some(&self.cluster_arn),
                    pod_name: some(&self.pod_name),
                    pod_uid: some(&self.pod_uid),
                    source_account: some(&self.source_account),
                    source_arn: some(&self.source_arn),
                    source_org_id: some(&self.source_org_id),
                }
                .request(&PAGE_FIELDS)?;
                notes.extend(req.notes);
                (Caller::Service(principal.to_string()), req.context)
            }
            PrincipalKind::Service => {
                let mut context = Vec::new();
                let mut absent = Vec::new();
                for (key, value, field) in [
                    (
                        "aws:SourceAccount",
                        &self.source_account,
                        PAGE_FIELDS.source_account,
                    ),
                    ("aws:SourceArn", &self.source_arn, PAGE_FIELDS.source_arn),
                ] {
                    match value.trim() {
                        "" => absent.push(format!("{key} ({field})")),
                        v => context.push(ContextKey {
                            key: key.into(),
                            values: vec![v.to_string()],
                        }),
                    }
                }
                notes.push("no session tags in the request".into());
                if !absent.is_empty() {
                    notes.push(format!("not in the request: {}", absent.join(", ")));
                }
                (Caller::Service(principal.to_string()), context)
            }
        };
        Ok(Request {
            actions,
            caller,
            context,
            notes,
        })
    }
}

/// How the page's notes name the form field a missing key comes from.
const PAGE_FIELDS: probe::Fields = probe::Fields {
    cluster: "the Cluster ARN field is empty",
    pod_name: "the Pod name field is empty",
    pod_uid: "the Pod UID field is empty",
    source_account: "the Source account field is empty",
    source_arn: "the Source ARN field is empty",
    source_org_id: "the Organization ID field is empty",
};

/// The decision, for the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimResult {
    pub allowed: bool,
    /// "Allowed", "Denied (implicit)", "Denied (explicit)", or "Unknown" when
    /// the answer depends on what Terraform computes.
    pub verdict: &'static str,
    /// One sentence: by which statement, or why not.
    pub reason: String,
    pub notes: Vec<String>,
    pub actions: Vec<ActionTrace>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionTrace {
    pub action: String,
    pub outcome: String,
    pub statements: Vec<StatementRow>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementRow {
    pub label: String,
    /// "line 12", or "line 1, column 893" in a URL-encoded policy.
    pub at: String,
    pub effect: String,
    /// "applies" or "does not apply".
    pub verdict: &'static str,
    pub status: Status,
    /// Principal, action, then each condition, with line numbers.
    pub checks: Vec<(Status, String)>,
}

/// The policy the simulator runs against, read from the analysed text.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub policy: Policy,
    /// `Version` is 2012-10-17: policy variables are read.
    pub v2012: bool,
    /// URL-encoded: the input is one line, so places need their column.
    pub encoded: bool,
    /// A template's placeholders, filled in by Terraform or the shell.
    pub expands: Option<Expander>,
}

pub fn load(text: &str) -> Option<Loaded> {
    let read = policy::read(text);
    let policy = read.model()?;
    let v2012 = policy
        .version
        .as_ref()
        .is_some_and(|v| v.value == "2012-10-17");
    Some(Loaded {
        policy,
        v2012,
        encoded: read.decoded.is_some(),
        expands: read.expands,
    })
}

/// Runs the form against the policy; a template's placeholders in principals
/// and condition keys are taken to be the request's (the notes say so).
pub fn simulate(loaded: &Loaded, form: &SimForm) -> Result<SimResult, String> {
    let mut req = form.request()?;
    if let Some((_, path)) = form.issuer() {
        req.notes.extend(probe::missing_claims(
            &loaded.policy,
            &path,
            &req.context,
            "them in the Other claims field",
        ));
    }
    let filled = sim::fill_in(&loaded.policy, &mut req, loaded.expands);
    let policy = filled.as_ref().unwrap_or(&loaded.policy);
    let place = |p: Pos| policy::input_place(loaded.encoded, p);
    let d = sim::evaluate(policy, loaded.v2012, &req);
    let first_denied = d
        .actions
        .iter()
        .find(|a| !matches!(a.outcome, Outcome::Allowed(_)));
    let (verdict, reason) = match first_denied.map(|a| (&a.outcome, &a.action)) {
        None => {
            let by: Vec<&str> = d
                .actions
                .iter()
                .filter_map(|a| match &a.outcome {
                    Outcome::Allowed(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect();
            let mut by_unique: Vec<&str> = Vec::new();
            for s in by {
                if !by_unique.contains(&s) {
                    by_unique.push(s);
                }
            }
            (
                "Allowed",
                format!(
                    "{} is allowed by {}.",
                    req.actions.join(" + "),
                    by_unique.join(", ")
                ),
            )
        }
        Some((Outcome::ExplicitDeny(s), action)) => (
            "Denied (explicit)",
            format!("{action} is denied by {s}; an explicit Deny wins over any Allow."),
        ),
        Some((_, action)) => match depends_on(&d, action) {
            // A statement whose Effect or Condition Terraform computes.
            Some(dep) => (
                "Unknown",
                format!("{action} depends on `{dep}`, which Terraform fills in; no statement written out allows it."),
            ),
            None => (
                "Denied (implicit)",
                format!("No statement allows {action}: {}", why_not(&d, action)),
            ),
        },
    };
    let actions = d
        .actions
        .iter()
        .map(|a| ActionTrace {
            action: a.action.clone(),
            outcome: match &a.outcome {
                Outcome::Allowed(s) => format!("allowed by {s}"),
                Outcome::ExplicitDeny(s) => format!("explicitly denied by {s}"),
                Outcome::ImplicitDeny => "denied: no statement allows it (implicit deny)".into(),
            },
            statements: a
                .statements
                .iter()
                .map(|t| StatementRow {
                    label: t.label.clone(),
                    at: place(t.pos),
                    effect: t.effect.clone(),
                    verdict: match (&t.depends, t.applies) {
                        (Some(_), _) => "depends on Terraform",
                        (None, true) => "applies",
                        (None, false) => "does not apply",
                    },
                    status: match (&t.depends, t.applies) {
                        (Some(_), _) => Status::Unknown,
                        (None, true) => Status::Pass,
                        (None, false) => Status::Fail,
                    },
                    checks: [&t.principal, &t.action]
                        .into_iter()
                        .chain(&t.conditions)
                        .map(|c| {
                            let at = c.pos.map(|p| format!(" ({})", place(p)));
                            (
                                if c.ok { Status::Pass } else { Status::Fail },
                                format!("{}{}", c.text, at.unwrap_or_default()),
                            )
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Ok(SimResult {
        allowed: d.allowed,
        verdict,
        reason,
        notes: req.notes,
        actions,
    })
}

/// What Terraform computes that `action`'s answer depends on, if anything.
fn depends_on(d: &sim::Decision, action: &str) -> Option<String> {
    d.actions
        .iter()
        .find(|a| a.action == action)?
        .statements
        .iter()
        .find_map(|t| t.depends.clone())
}

/// The first failed check of each Allow statement, for the one-line reason.
fn why_not(d: &sim::Decision, action: &str) -> String {
    let Some(a) = d.actions.iter().find(|a| a.action == action) else {
        return String::new();
    };
    let reasons: Vec<String> = a
        .statements
        .iter()
        .filter(|t| t.effect == "Allow")
        .filter_map(|t| {
            [&t.principal, &t.action]
                .into_iter()
                .chain(&t.conditions)
                .find(|c| !c.ok)
                .map(|c| format!("{}: {}", t.label, c.text))
        })
        .collect();
    if reasons.is_empty() {
        "the policy has no Allow statement.".into()
    } else {
        reasons.join("; ")
    }
}

/// The non-empty, trimmed items of a `sep`-separated field.
fn items(field: &str, sep: char) -> Vec<String> {
    field
        .split(sep)
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect()
}
