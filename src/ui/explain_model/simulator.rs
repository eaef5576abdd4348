//! The trust-policy simulator on the page: a small form (who asks, for which
//! action, with which token claims) and the decision IAM would reach, with the
//! trace of every statement. The form is plain data changed by [`SimAction`]s
//! through the pure [`SimForm::reduce`]; [`simulate`] builds the request from it
//! and runs the core simulator. Nothing here touches the DOM, storage or URL.

use super::Status;
use crate::core::kubeconfig::endpoint::eks_name;
use crate::core::policy::keys::{POD_IDENTITY_SERVICE, SA_PREFIX, STS_AUDIENCE};
use crate::core::policy::model::{Policy, Statement};
use crate::core::policy::provider::ProviderArn;
use crate::core::policy::sim::{self, Caller, ContextKey, Outcome, Request};
use crate::core::policy::{self, account_hint, claim_entries, oidc_principals, probe};

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
    ClusterArn(String),
    PodName(String),
    PodUid(String),
    SourceAccount(String),
    SourceArn(String),
    SourceOrgId(String),
    /// Back to the values read from the policy.
    Reset(Box<SimForm>),
}

impl SimForm {
    /// The form filled from the policy: the first statement with an OIDC
    /// `Federated` principal and its `sub`/`aud` values, so that simulating at
    /// once shows the request the policy was written for. Without one, the first
    /// `Service` or `AWS` principal.
    pub fn prefill(policy: &Policy) -> SimForm {
        let web = policy.statements.iter().find_map(|st| {
            oidc_principals(st)
                .first()
                .map(|(t, _)| (st, t.value.clone()))
        });
        if let Some((st, principal)) = web {
            return SimForm {
                kind: PrincipalKind::Federated,
                principal,
                action: ACTIONS[0].into(),
                sub: claim_value(st, "sub")
                    .unwrap_or_else(|| format!("{SA_PREFIX}default:default")),
                aud: claim_value(st, "aud").unwrap_or_else(|| STS_AUDIENCE.into()),
                ..SimForm::blank()
            };
        }
        let other = |kind: PrincipalKind| {
            policy
                .statements
                .iter()
                .find_map(|st| st.principals(kind.key()).next().map(|t| t.value.clone()))
        };
        let (kind, principal, action) = if let Some(s) = other(PrincipalKind::Service) {
            let action = if s.eq_ignore_ascii_case(POD_IDENTITY_SERVICE) {
                ACTIONS[3]
            } else {
                ACTIONS[1]
            };
            (PrincipalKind::Service, s, action)
        } else if let Some(a) = other(PrincipalKind::Aws) {
            (PrincipalKind::Aws, aws_example(&a), ACTIONS[1])
        } else {
            (PrincipalKind::Federated, String::new(), ACTIONS[0])
        };
        let tag = |name: &str| expected(policy, &format!("aws:RequestTag/{name}"));
        let sub = match (
            tag("kubernetes-namespace"),
            tag("kubernetes-service-account"),
        ) {
            (None, None) => format!("{SA_PREFIX}default:default"),
            (ns, name) => format!(
                "{SA_PREFIX}{}:{}",
                ns.as_deref().unwrap_or("default"),
                name.as_deref().unwrap_or("default")
            ),
        };
        let source_arn = expected(policy, "aws:SourceArn");
        let source_account = expected(policy, "aws:SourceAccount");
        let mut form = SimForm {
            kind,
            principal,
            action: action.into(),
            sub,
            aud: STS_AUDIENCE.into(),
            source_arn: source_arn.clone().unwrap_or_default(),
            source_account: source_account.clone().unwrap_or_default(),
            ..SimForm::blank()
        };
        if form.pod_identity() {
            // The cluster the policy pins, by its ARN, by the source ARN (the
            // association's, or the cluster's), or by its name alone.
            form.cluster_arn = tag("eks-cluster-arn")
                .or_else(|| source_arn.as_deref().and_then(cluster_of_source_arn))
                .or_else(|| {
                    let name = tag("eks-cluster-name")?;
                    let account = source_account
                        .clone()
                        .or_else(|| account_hint(policy))
                        .unwrap_or_else(|| "111122223333".into());
                    Some(format!("arn:aws:eks:us-east-1:{account}:cluster/{name}"))
                })
                .unwrap_or_default();
            form.pod_name = tag("kubernetes-pod-name").unwrap_or_default();
            form.pod_uid = tag("kubernetes-pod-uid").unwrap_or_default();
            // `${aws:ResourceOrgId}` (what the EKS Best Practices Guide
            // writes) is the role's own organization: any ID matches it.
            form.source_org_id = expected(policy, "aws:SourceOrgId")
                .map(|v| {
                    if v.contains("${") {
                        "o-exampleorgid".into()
                    } else {
                        v
                    }
                })
                .unwrap_or_default();
            // EKS sends the cluster's account as the source account.
            if form.source_account.is_empty() {
                form.source_account = eks_name(&form.cluster_arn)
                    .and_then(|n| n.account)
                    .unwrap_or_default();
            }
        }
        form
    }

    /// Every field empty.
    fn blank() -> SimForm {
        SimForm {
            kind: PrincipalKind::Federated,
            principal: String::new(),
            action: ACTIONS[0].into(),
            sub: String::new(),
            aud: String::new(),
            cluster_arn: String::new(),
            pod_name: String::new(),
            pod_uid: String::new(),
            source_account: String::new(),
            source_arn: String::new(),
            source_org_id: String::new(),
        }
    }

    /// The pure reducer.
    pub fn reduce(self, action: SimAction) -> SimForm {
        match action {
            SimAction::Kind(kind) => SimForm { kind, ..self },
            SimAction::Principal(principal) => SimForm { principal, ..self },
            SimAction::Action(action) => SimForm { action, ..self },
            SimAction::Sub(sub) => SimForm { sub, ..self },
            SimAction::Aud(aud) => SimForm { aud, ..self },
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
        let actions: Vec<String> = self
            .action
            .split('+')
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        if actions.is_empty() {
            return Err("Choose an action, for example sts:AssumeRole.".into());
        }
        let mut notes = Vec::new();
        let (caller, context) = match self.kind {
            PrincipalKind::Federated => {
                let Some(arn) = ProviderArn::parse(principal) else {
                    return Err(format!(
                        "`{principal}` is not an OIDC provider ARN; it looks like {}.",
                        self.kind.placeholder()
                    ));
                };
                let aud: Vec<String> = self
                    .aud
                    .split(',')
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect();
                let sub = self.sub.trim();
                if !sub.starts_with(SA_PREFIX) {
                    notes.push(format!(
                        "EKS service account tokens have a sub of the form {SA_PREFIX}NAMESPACE:NAME"
                    ));
                }
                let mut context = vec![ContextKey {
                    key: arn.provider.key("sub"),
                    values: vec![sub.to_string()],
                }];
                if aud.is_empty() {
                    notes.push("the token has no aud".into());
                } else {
                    context.push(ContextKey {
                        key: arn.provider.key("aud"),
                        values: aud,
                    });
                }
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
                for (key, value) in [
                    ("aws:SourceAccount", &self.source_account),
                    ("aws:SourceArn", &self.source_arn),
                ] {
                    match value.trim() {
                        "" => absent.push(key),
                        v => context.push(ContextKey {
                            key: key.into(),
                            values: vec![v.to_string()],
                        }),
                    }
                }
                notes.push(if absent.is_empty() {
                    "no session tags in the request".into()
                } else {
                    format!(
                        "no session tags in the request, and no {} (the field is empty)",
                        absent.join(" or ")
                    )
                });
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

/// The first value the policy's conditions expect for `key` (not negated, not
/// `Null`), made concrete: a `…Like` pattern gets its wildcards filled in.
fn expected(policy: &Policy, key: &str) -> Option<String> {
    policy.statements.iter().find_map(|st| {
        st.conditions
            .iter()
            .filter(|c| !c.op_text.contains("Not") && !c.op_text.starts_with("Null"))
            .filter(|c| c.key.eq_ignore_ascii_case(key))
            .find_map(|c| {
                let v = &c.values.first()?.value;
                Some(concrete(v, c.op_text.contains("Like")))
            })
    })
}

/// The cluster ARN in an `aws:SourceArn` value: the value itself, or the
/// cluster of a Pod Identity association
/// (`arn:P:eks:R:A:podidentityassociation/CLUSTER/ID`).
fn cluster_of_source_arn(arn: &str) -> Option<String> {
    if eks_name(arn).is_some() && arn.starts_with("arn:") {
        return Some(arn.to_string());
    }
    let (head, resource) = arn.rsplit_once(':')?;
    let cluster = resource
        .strip_prefix("podidentityassociation/")?
        .split('/')
        .next()?;
    let candidate = format!("{head}:cluster/{cluster}");
    eks_name(&candidate).map(|_| candidate)
}

/// The first value a statement's conditions expect for the claim, made
/// concrete: a `StringLike` pattern gets its wildcards filled in.
fn claim_value(st: &Statement, claim: &str) -> Option<String> {
    claim_entries(st, claim)
        .into_iter()
        .filter(|c| !c.op_text.contains("Not"))
        .find_map(|c| {
            let v = &c.values.first()?.value;
            Some(concrete(v, c.op_text.contains("Like")))
        })
}

/// A value that satisfies a condition value: a `…Like` pattern with its
/// wildcards filled in, anything else as written.
fn concrete(value: &str, like: bool) -> String {
    if like {
        value.replace('*', "example").replace('?', "x")
    } else {
        value.to_string()
    }
}

/// A caller an `AWS` principal trusts: the ARN itself, or a role in the account.
fn aws_example(value: &str) -> String {
    if value.starts_with("arn:") && !value.ends_with(":root") {
        return value.to_string();
    }
    let arn: Vec<&str> = value.split(':').collect();
    let (partition, account) = match arn.as_slice() {
        ["arn", partition, _, _, account, ..] => (*partition, *account),
        _ => ("aws", value),
    };
    let account = if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        account
    } else {
        "111122223333"
    };
    // The account's partition: an account principal names callers in its own only.
    format!("arn:{partition}:iam::{account}:role/example")
}

/// The decision, for the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimResult {
    pub allowed: bool,
    /// "Allowed", "Denied (implicit)", "Denied (explicit)".
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
    pub line: u32,
    pub effect: String,
    /// "applies" or "does not apply".
    pub verdict: &'static str,
    pub status: Status,
    /// Principal, action, then each condition, with line numbers.
    pub checks: Vec<(Status, String)>,
}

/// The policy the simulator runs against, read from the analysed text.
pub fn load(text: &str) -> Option<(Policy, bool)> {
    let (_, p) = policy::load(text).ok()?;
    let v2012 = p.version.as_ref().is_some_and(|v| v.value == "2012-10-17");
    Some((p, v2012))
}

/// Runs the form against the policy.
pub fn simulate(policy: &Policy, v2012: bool, form: &SimForm) -> Result<SimResult, String> {
    let req = form.request()?;
    let d = sim::evaluate(policy, v2012, &req);
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
        Some((_, action)) => (
            "Denied (implicit)",
            format!("No statement allows {action}: {}", why_not(&d, action)),
        ),
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
                    line: t.pos.line,
                    effect: t.effect.clone(),
                    verdict: if t.applies {
                        "applies"
                    } else {
                        "does not apply"
                    },
                    status: if t.applies {
                        Status::Pass
                    } else {
                        Status::Fail
                    },
                    checks: [&t.principal, &t.action]
                        .into_iter()
                        .chain(&t.conditions)
                        .map(|c| {
                            let at = c.pos.map(|p| format!(" (line {})", p.line));
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

#[cfg(test)]
mod tests {
    use super::*;

    const IRSA: &str = include_str!("../../../static/samples/irsa-trust-policy.json");
    const KEY: &str = "oidc.eks.eu-west-1.amazonaws.com/id/4F1A9B2C7D3E5F60718293A4B5C6D7E8";

    fn run(text: &str, form: &SimForm) -> SimResult {
        let (p, v) = load(text).unwrap();
        simulate(&p, v, form).unwrap()
    }

    fn prefilled(text: &str) -> SimForm {
        SimForm::prefill(&load(text).unwrap().0)
    }

    #[test]
    fn the_irsa_sample_prefills_the_request_it_was_written_for() {
        let form = prefilled(IRSA);
        assert_eq!(form.kind, PrincipalKind::Federated);
        assert_eq!(
            form.principal,
            format!("arn:aws:iam::111122223333:oidc-provider/{KEY}")
        );
        assert_eq!(form.action, "sts:AssumeRoleWithWebIdentity");
        assert_eq!(form.sub, "system:serviceaccount:payments:payments-api");
        assert_eq!(form.aud, "sts.amazonaws.com");
        let req = form.request().unwrap();
        assert_eq!(req.get(&format!("{KEY}:sub")).unwrap().len(), 1);
        let r = run(IRSA, &form);
        assert!(r.allowed, "{r:?}");
        assert_eq!(r.verdict, "Allowed");
        assert!(r.reason.contains("allowed by Statement[0]"), "{}", r.reason);
    }

    #[test]
    fn another_namespace_is_denied_naming_the_sub_condition() {
        let form = prefilled(IRSA).reduce(SimAction::Sub(
            "system:serviceaccount:default:payments-api".into(),
        ));
        let r = run(IRSA, &form);
        assert!(!r.allowed);
        assert_eq!(r.verdict, "Denied (implicit)");
        assert!(
            r.reason.contains(&format!("StringEquals `{KEY}:sub`")),
            "{}",
            r.reason
        );
        assert!(
            r.reason
                .contains("system:serviceaccount:default:payments-api"),
            "{}",
            r.reason
        );
        let checks = &r.actions[0].statements[0].checks;
        assert_eq!(checks[0].0, Status::Pass, "the principal matches");
        assert!(checks
            .iter()
            .any(|(s, t)| *s == Status::Fail && t.contains(":sub")));
    }

    #[test]
    fn a_wrong_audience_principal_or_action_is_denied() {
        let base = prefilled(IRSA);
        let aud = base.clone().reduce(SimAction::Aud("sts.amazon.com".into()));
        assert!(run(IRSA, &aud).reason.contains(":aud"));
        let other = base.clone().reduce(SimAction::Principal(
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/OTHER"
                .into(),
        ));
        assert!(run(IRSA, &other).reason.contains("principal"));
        let role = base
            .reduce(SimAction::Kind(PrincipalKind::Aws))
            .reduce(SimAction::Principal(
                "arn:aws:iam::111122223333:role/ci".into(),
            ))
            .reduce(SimAction::Action("sts:AssumeRole".into()));
        let r = run(IRSA, &role);
        assert_eq!(r.verdict, "Denied (implicit)");
        assert!(r.actions[0].statements[0].checks[0]
            .1
            .contains("AWS `arn:aws:iam::111122223333:role/ci`"));
    }

    #[test]
    fn the_form_says_what_to_fix() {
        let base = prefilled(IRSA);
        let empty = base.clone().reduce(SimAction::Principal("  ".into()));
        assert!(empty
            .request()
            .unwrap_err()
            .starts_with("Enter the principal"));
        let bad = base
            .clone()
            .reduce(SimAction::Principal("oidc.eks.x".into()));
        assert!(bad
            .request()
            .unwrap_err()
            .contains("not an OIDC provider ARN"));
        let role = base.reduce(SimAction::Kind(PrincipalKind::Aws));
        assert!(role.request().is_ok(), "a Federated ARN is still an ARN");
    }

    #[test]
    fn like_patterns_are_made_concrete_and_pod_identity_and_roles_prefill() {
        let like = IRSA
            .replace("StringEquals", "StringLike")
            .replace("payments-api", "*");
        let form = prefilled(&like);
        assert_eq!(form.sub, "system:serviceaccount:payments:example");
        assert!(run(&like, &form).allowed);

        let pod = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#;
        let form = prefilled(pod);
        assert_eq!(form.kind, PrincipalKind::Service);
        assert_eq!(form.action, "sts:AssumeRole + sts:TagSession");
        assert!(run(pod, &form).allowed);
        let only = form.reduce(SimAction::Action("sts:AssumeRoleWithWebIdentity".into()));
        assert!(!run(pod, &only).allowed);

        let tagged = pod.replace(
            r#""Action""#,
            r#""Condition":{"StringEquals":{"aws:RequestTag/kubernetes-namespace":"payments","aws:RequestTag/kubernetes-service-account":"api"}},"Action""#,
        );
        let form = prefilled(&tagged);
        assert!(form.pod_identity());
        assert_eq!(form.sub, "system:serviceaccount:payments:api");
        assert!(run(&tagged, &form).allowed, "{:?}", run(&tagged, &form));
        let web = form.reduce(SimAction::Sub("payments:web".into()));
        let r = run(&tagged, &web);
        assert!(!r.allowed);
        assert!(
            r.reason.contains("kubernetes-service-account"),
            "{}",
            r.reason
        );
        let bad = web.reduce(SimAction::Sub("nocolon".into()));
        assert!(bad.request().unwrap_err().contains("NAMESPACE:NAME"));

        let acct = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}"#;
        let form = prefilled(acct);
        assert_eq!(form.principal, "arn:aws:iam::444455556666:role/example");
        assert!(run(acct, &form).allowed);
        // The example caller stays in the account's partition, or the
        // account principal would not name it.
        let cn = acct.replace("arn:aws:", "arn:aws-cn:");
        let form = prefilled(&cn);
        assert_eq!(form.principal, "arn:aws-cn:iam::444455556666:role/example");
        assert!(run(&cn, &form).allowed);
    }

    /// The shape the EKS User Guide, eksctl and Terraform modules write, with
    /// the cluster pinned by its ARN tag and the source account.
    const POD: &str =
        include_str!("../../../tests/fixtures/trust-policy/pod-identity-pinned-cluster.json");
    const PROD: &str = "arn:aws:eks:eu-west-1:111122223333:cluster/payments-prod";

    #[test]
    fn a_pod_identity_policy_pinning_its_cluster_prefills_the_request_it_was_written_for() {
        let form = prefilled(POD);
        assert!(form.pod_identity());
        assert_eq!(form.action, "sts:AssumeRole + sts:TagSession");
        assert_eq!(form.sub, "system:serviceaccount:payments:api");
        assert_eq!(form.cluster_arn, PROD);
        assert_eq!(form.source_account, "111122223333");
        assert_eq!((form.pod_name.as_str(), form.pod_uid.as_str()), ("", ""));
        let req = form.request().unwrap();
        assert_eq!(
            req.get("aws:RequestTag/eks-cluster-name").unwrap(),
            ["payments-prod"]
        );
        assert_eq!(
            req.get("aws:TagKeys").unwrap(),
            [
                "eks-cluster-arn",
                "eks-cluster-name",
                "kubernetes-namespace",
                "kubernetes-service-account"
            ]
        );
        let r = run(POD, &form);
        assert!(r.allowed, "{r:?}");
        // What was left out is named, key by key, with the empty field.
        assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
        let note = &r.notes[0];
        for missing in [
            "aws:RequestTag/kubernetes-pod-name (the Pod name field is empty)",
            "aws:RequestTag/kubernetes-pod-uid (the Pod UID field is empty)",
            "aws:SourceArn (the Source ARN field is empty)",
        ] {
            assert!(note.contains(missing), "{note}");
        }
        assert!(!note.contains("eks-cluster-arn"), "{note}");
    }

    #[test]
    fn another_cluster_is_denied_naming_the_cluster_condition() {
        let staging = prefilled(POD).reduce(SimAction::ClusterArn(PROD.replace("prod", "staging")));
        let r = run(POD, &staging);
        assert_eq!(r.verdict, "Denied (implicit)");
        assert!(
            r.reason
                .contains("StringEquals `aws:RequestTag/eks-cluster-arn`"),
            "{}",
            r.reason
        );
        assert!(r.reason.contains("payments-staging"), "{}", r.reason);
        let checks = &r.actions[0].statements[0].checks;
        assert!(checks
            .iter()
            .any(|(s, t)| *s == Status::Fail && t.contains("eks-cluster-arn")));
        let other_account = prefilled(POD).reduce(SimAction::SourceAccount("444455556666".into()));
        assert!(run(POD, &other_account)
            .reason
            .contains("aws:SourceAccount"));
    }

    #[test]
    fn an_empty_cluster_field_leaves_the_cluster_tags_out_and_says_so() {
        let form = prefilled(POD).reduce(SimAction::ClusterArn("  ".into()));
        let req = form.request().unwrap();
        assert!(req.get("aws:RequestTag/eks-cluster-arn").is_none());
        assert!(req.get("aws:RequestTag/eks-cluster-name").is_none());
        let r = run(POD, &form);
        assert!(!r.allowed);
        assert!(
            r.reason.contains("`aws:RequestTag/eks-cluster-arn`")
                && r.reason.contains("the request has no such key"),
            "{}",
            r.reason
        );
        assert!(
            r.notes[0].contains(
                "aws:RequestTag/eks-cluster-arn and aws:RequestTag/eks-cluster-name (the Cluster ARN field is empty)"
            ),
            "{:?}",
            r.notes
        );
        let bad = form.reduce(SimAction::ClusterArn("payments-prod".into()));
        assert!(bad
            .request()
            .unwrap_err()
            .contains("is not an EKS cluster ARN"));
    }

    #[test]
    fn the_cluster_is_found_by_its_name_or_the_source_arn_and_like_patterns_are_filled() {
        let by_name = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringLike":{"aws:RequestTag/eks-cluster-name":"payments-*","aws:RequestTag/kubernetes-pod-name":"api-*"}}}]}"#;
        let form = prefilled(by_name);
        assert_eq!(
            form.cluster_arn,
            "arn:aws:eks:us-east-1:111122223333:cluster/payments-example"
        );
        assert_eq!(form.pod_name, "api-example");
        assert!(run(by_name, &form).allowed, "{:?}", run(by_name, &form));

        // aws:SourceArn as reported for Pod Identity: the association's ARN.
        let by_source = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"},"ArnLike":{"aws:SourceArn":"arn:aws:eks:*:111122223333:podidentityassociation/payments-prod/*"}}}]}"#;
        let form = prefilled(by_source);
        assert_eq!(
            form.source_arn,
            "arn:aws:eks:example:111122223333:podidentityassociation/payments-prod/example"
        );
        assert_eq!(
            form.cluster_arn,
            "arn:aws:eks:example:111122223333:cluster/payments-prod"
        );
        assert!(run(by_source, &form).allowed, "{:?}", run(by_source, &form));
        let r = run(by_source, &form.reduce(SimAction::SourceArn(String::new())));
        assert!(r.reason.contains("`aws:SourceArn`"), "{}", r.reason);
    }

    #[test]
    fn the_best_practices_guides_organization_condition_is_allowed() {
        let org = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:SourceOrgId":"${aws:ResourceOrgId}"}}}]}"#;
        let form = prefilled(org);
        assert_eq!(form.source_org_id, "o-exampleorgid");
        assert!(run(org, &form).allowed, "{:?}", run(org, &form));
        let r = run(org, &form.reduce(SimAction::SourceOrgId(String::new())));
        assert!(!r.allowed);
        assert!(r.reason.contains("`aws:SourceOrgId`"), "{}", r.reason);
        assert!(
            r.notes[0].contains("aws:SourceOrgId and aws:ResourceOrgId (the Organization ID field is empty; sent only for an account in an AWS Organization)"),
            "{:?}",
            r.notes
        );
    }

    #[test]
    fn another_service_gets_its_source_account_and_arn_from_the_policy() {
        let fargate = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks-fargate-pods.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:eks:eu-west-1:111122223333:fargateprofile/payments-prod/*"}}}]}"#;
        let form = prefilled(fargate);
        assert!(!form.pod_identity());
        assert_eq!(
            form.source_arn,
            "arn:aws:eks:eu-west-1:111122223333:fargateprofile/payments-prod/example"
        );
        assert_eq!(form.cluster_arn, "", "only Pod Identity sends cluster tags");
        let r = run(fargate, &form);
        assert!(r.allowed, "{r:?}");
        assert_eq!(
            r.notes,
            ["no session tags in the request, and no aws:SourceAccount (the field is empty)"]
        );
        let r = run(fargate, &form.reduce(SimAction::SourceArn(String::new())));
        assert!(!r.allowed);
        assert!(r.reason.contains("`aws:SourceArn`"), "{}", r.reason);
    }

    #[test]
    fn a_session_from_get_caller_identity_is_named_by_its_role() {
        let role = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/platform/ci"},"Action":"sts:AssumeRole"}]}"#;
        let form = prefilled(role).reduce(SimAction::Principal(
            "arn:aws:sts::111122223333:assumed-role/ci/gha-run-42".into(),
        ));
        let r = run(role, &form);
        assert!(r.allowed, "{r:?}");
        assert!(r.actions[0].statements[0].checks[0]
            .1
            .contains("a session of it"));
    }

    #[test]
    fn an_explicit_deny_is_reported_as_such() {
        let deny = IRSA.replace(
            "  ]\n}",
            r#"  ,{"Effect": "Deny", "Principal": "*", "Action": "sts:*"}]}"#,
        );
        let r = run(&deny, &prefilled(&deny));
        assert_eq!(r.verdict, "Denied (explicit)", "{deny}");
        assert!(r.reason.contains("Statement[1]"), "{}", r.reason);
    }
}
