//! What the simulator is asked: "may service account NS:NAME assume this
//! role?", as a request IAM would see — IRSA's `AssumeRoleWithWebIdentity`
//! with the token's claims, or Pod Identity's `AssumeRole` + `TagSession` with
//! its session tags. Used by `eksplain simulate` and by the `.probes` files
//! next to the trust-policy fixtures (`payments:api aud=sts.amazonaws.com => ALLOW`).
//!
//! A probe may name any web identity's subject instead of a service account
//! (`sub=repo:octo-org/infra:ref:refs/heads/main claim=environment=production`):
//! a GitHub Actions workflow, a GitLab job, a Cognito identity. Its token
//! comes from the policy's first `Federated` provider (an ARN, or a built-in
//! provider's bare name such as `cognito-identity.amazonaws.com`) unless
//! `iss=` names another.

use super::issuer::{self, Issuer};
use super::keys::{self, SA_PREFIX, STS_AUDIENCE};
use super::model::{Policy, Principal};
use super::provider::{corrected_arn, Provider, ProviderArn};
use super::rules::service_principal_typo::near_miss;
use super::sim::{pod_identity_caller, Caller, ContextKey, Request};
use super::{account_hint, oidc_principals, use_of, Use};
use crate::core::kubeconfig::endpoint::eks_name;

/// How the pod gets credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Irsa,
    PodIdentity,
}

/// One question for the simulator.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Probe {
    pub namespace: String,
    pub name: String,
    /// The token's audiences (IRSA); default `sts.amazonaws.com`.
    pub aud: Option<Vec<String>>,
    /// The token's issuer URL (IRSA); default: the policy's first OIDC provider.
    pub issuer: Option<String>,
    /// The cluster's ARN (Pod Identity session tags `eks-cluster-arn`,
    /// `eks-cluster-name`, and `aws:SourceAccount`).
    pub cluster_arn: Option<String>,
    /// Pod Identity's other session tags and context keys (see [`PodIdentity`]):
    /// the pod's name and UID, the association's ARN, the organization's ID.
    pub pod_name: Option<String>,
    pub pod_uid: Option<String>,
    pub source_arn: Option<String>,
    pub org_id: Option<String>,
    /// Force IRSA or Pod Identity; default: what the policy trusts.
    pub via: Option<Via>,
    /// A web identity's subject (`sub=`), asked about instead of a service
    /// account's: `namespace` and `name` are then empty.
    pub sub: Option<String>,
    /// The token's other claims (`claim=KEY=VALUE`), in the order given; a
    /// key given twice has both values (Cognito's `amr` has several).
    pub claims: Vec<(String, String)>,
    /// The expected verdict, in a `.probes` file.
    pub expect: Option<bool>,
}

/// Splits `NS:NAME`.
pub fn parse_service_account(s: &str) -> Result<(String, String), String> {
    let s = s.strip_prefix(SA_PREFIX).unwrap_or(s);
    match s.split_once(':') {
        Some((ns, name)) if !ns.is_empty() && !name.is_empty() && !name.contains(':') => {
            Ok((ns.to_string(), name.to_string()))
        }
        _ => Err(format!(
            "`{s}` is not NAMESPACE:NAME (for example payments:api-server)"
        )),
    }
}

/// Splits a claim given as `KEY=VALUE` (`claim=` in a probe, `--claim` on
/// the command line). `sub`, `aud` and `iss` have their own options.
pub fn parse_claim(s: &str) -> Result<(String, String), String> {
    let Some((key, value)) = s.split_once('=') else {
        return Err(format!(
            "`{s}` is not KEY=VALUE (for example environment=production)"
        ));
    };
    let key = key.trim();
    if key.is_empty() || key.contains([':', ' ', '\t']) {
        return Err(format!(
            "`{key}` is not a claim name: give the claim alone, without the provider (environment, not token.actions.githubusercontent.com:environment)"
        ));
    }
    if value.is_empty() {
        return Err(format!("the claim `{key}` has no value after `=`"));
    }
    for (claim, option) in [
        ("sub", "sub= (--sub)"),
        ("aud", "aud= (--aud)"),
        ("iss", "iss= (--iss)"),
    ] {
        if key.eq_ignore_ascii_case(claim) {
            return Err(format!(
                "give the token's {claim} with {option}, not as a claim"
            ));
        }
    }
    Ok((key.to_string(), value.to_string()))
}

/// A probe line's words: split at spaces, except inside double quotes
/// (`sub="organization:acme:project:Default Project:…"`), which are dropped.
fn words(body: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut started = false;
    let mut quoted = false;
    for c in body.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if quoted {
        return Err("a `\"` is not closed".into());
    }
    if started {
        out.push(word);
    }
    Ok(out)
}

impl Probe {
    /// Parses `NS:NAME [aud=A[,B]] [iss=URL] [cluster=ARN] [pod=NAME] [pod-uid=UID]
    /// [source-arn=ARN] [org=o-ID] [via=irsa|pod-identity] [=> ALLOW|DENY]`,
    /// or `sub=SUBJECT [claim=KEY=VALUE]... [aud=A[,B]] [iss=URL] [=> ALLOW|DENY]`.
    pub fn parse(line: &str) -> Result<Probe, String> {
        let (body, expect) = match line.rsplit_once("=>") {
            Some((b, e)) => {
                let e = match e.trim() {
                    "ALLOW" => true,
                    "DENY" => false,
                    other => return Err(format!("expected ALLOW or DENY after =>, not `{other}`")),
                };
                (b, Some(e))
            }
            None => (line, None),
        };
        let words = words(body)?;
        let mut words = words.iter();
        let first = words
            .next()
            .ok_or("a probe starts with NAMESPACE:NAME or sub=SUBJECT")?;
        let mut p = Probe {
            expect,
            ..Probe::default()
        };
        match first.strip_prefix("sub=") {
            Some("") => return Err(
                "sub= needs the token's subject, e.g. sub=repo:octo-org/infra:ref:refs/heads/main"
                    .into(),
            ),
            Some(sub) => p.sub = Some(sub.to_string()),
            None => (p.namespace, p.name) = parse_service_account(first)?,
        }
        for w in words {
            match w.split_once('=') {
                Some(("aud", v)) => p.aud = Some(v.split(',').map(str::to_string).collect()),
                Some(("iss", v)) => p.issuer = Some(v.to_string()),
                Some(("claim", v)) => p.claims.push(parse_claim(v).map_err(|e| format!("{w}: {e}"))?),
                Some(("sub", _)) => {
                    return Err(format!(
                        "`{w}`: sub= goes first, in place of NAMESPACE:NAME"
                    ))
                }
                Some(("cluster" | "pod" | "pod-uid" | "source-arn" | "org" | "via", _)) if p.sub.is_some() => {
                    return Err(format!(
                        "`{w}` is for a service account (EKS Pod Identity or IRSA); a sub= probe asks about a web identity token: aud=, iss=, claim=KEY=VALUE"
                    ))
                }
                Some(("cluster", v)) => p.cluster_arn = Some(v.to_string()),
                Some(("pod", v)) => p.pod_name = Some(v.to_string()),
                Some(("pod-uid", v)) => p.pod_uid = Some(v.to_string()),
                Some(("source-arn", v)) => p.source_arn = Some(v.to_string()),
                Some(("org", v)) => p.org_id = Some(v.to_string()),
                Some(("via", "irsa")) => p.via = Some(Via::Irsa),
                Some(("via", "pod-identity")) => p.via = Some(Via::PodIdentity),
                _ => {
                    return Err(format!(
                        "unknown probe option `{w}` (aud=, iss=, claim=KEY=VALUE, cluster=, pod=, pod-uid=, source-arn=, org=, via=irsa|pod-identity)"
                    ))
                }
            }
        }
        Ok(p)
    }

    /// The token's `sub`: the one given, or the service account's.
    pub fn subject(&self) -> String {
        match &self.sub {
            Some(s) => s.clone(),
            None => format!("{SA_PREFIX}{}:{}", self.namespace, self.name),
        }
    }
}

/// Every principal value of a statement, whatever key it is under.
fn principal_values(st: &super::model::Statement) -> Vec<&str> {
    match &st.principal {
        Some(Principal::Bare(t)) => vec![t.value.as_str()],
        Some(Principal::Map(entries)) => entries
            .iter()
            .flat_map(|e| e.values.iter().map(|t| t.value.as_str()))
            .collect(),
        None => Vec::new(),
    }
}

/// The OIDC provider a policy trusts first: its first `Federated` OIDC
/// principal, else any principal value that names (or nearly names) a
/// provider — a bare ARN, one under a misspelt key.
pub fn default_provider(policy: &Policy) -> Option<ProviderArn> {
    let account = account_hint(policy);
    let read = |v: &str| {
        ProviderArn::parse(v).or_else(|| {
            corrected_arn(v, account.as_deref().or(Some("111122223333")))
                .and_then(|a| ProviderArn::parse(&a))
        })
    };
    let federated = policy.statements.iter().find_map(|st| {
        oidc_principals(st)
            .into_iter()
            .find_map(|(t, _)| read(&t.value))
    });
    federated.or_else(|| {
        policy.statements.iter().find_map(|st| {
            principal_values(st)
                .into_iter()
                .filter(|v| v.contains("oidc-provider/"))
                .find_map(read)
        })
    })
}

fn default_via(policy: &Policy) -> Via {
    let pod = policy.statements.iter().any(|s| {
        use_of(s) == Use::PodIdentity || s.principals("Service").any(|t| near_miss(&t.value))
    });
    if pod && default_provider(policy).is_none() {
        Via::PodIdentity
    } else {
        Via::Irsa
    }
}

/// The request IAM would evaluate for `probe` against `policy`.
pub fn request(policy: &Policy, probe: &Probe) -> Result<Request, String> {
    if let Some(sub) = &probe.sub {
        if probe.via == Some(Via::PodIdentity) {
            return Err(
                "EKS Pod Identity asks about a service account (NAMESPACE:NAME), not a token's sub"
                    .into(),
            );
        }
        // A service account's own subject: the IRSA request, with what it
        // knows of EKS issuers (the ID's case, the partition).
        if let (Ok((namespace, name)), true) = (
            sub.strip_prefix(SA_PREFIX)
                .map_or(Err(String::new()), parse_service_account),
            probe.claims.is_empty(),
        ) {
            let sa = Probe {
                namespace,
                name,
                sub: None,
                ..probe.clone()
            };
            return irsa(policy, &sa);
        }
        return web_identity(policy, probe, sub);
    }
    match probe.via.unwrap_or_else(|| default_via(policy)) {
        Via::Irsa => irsa(policy, probe),
        Via::PodIdentity if !probe.claims.is_empty() => Err(
            "claims belong to a web identity token; EKS Pod Identity sends session tags instead (cluster=, pod=, pod-uid=)".into(),
        ),
        Via::PodIdentity => pod_identity(probe),
    }
}

/// Built-in web identity providers: a `Federated` principal names them
/// without an ARN, and their condition keys start with the bare name.
const BUILT_IN: &[&str] = &["cognito-identity.amazonaws.com", "accounts.google.com"];

/// The built-in provider `path` names, if it names one.
pub fn built_in(path: &str) -> Option<&'static str> {
    BUILT_IN
        .iter()
        .copied()
        .find(|b| b.eq_ignore_ascii_case(path))
}

/// The partition and account of the provider's ARN in the request: the
/// policy's provider's, an EKS issuer's own partition, or the policy's account.
fn arn_home(
    policy: &Policy,
    trusted: Option<&ProviderArn>,
    provider: &Provider,
) -> (String, String) {
    match trusted {
        Some(t) if provider.eks.is_some() => (provider.partition().to_string(), t.account.clone()),
        Some(t) => (t.partition.clone(), t.account.clone()),
        None => (
            provider.partition().to_string(),
            account_hint(policy).unwrap_or_else(|| "111122223333".into()),
        ),
    }
}

/// The token's audience when the probe names none, and why; `Err` for
/// providers whose audience is the user's own (an identity pool, a client ID).
fn default_audience(kind: Issuer) -> Result<(&'static str, &'static str), String> {
    match kind {
        Issuer::Eks => Ok((STS_AUDIENCE, "the audience EKS requests for IRSA tokens")),
        Issuer::GitHub { .. } => Ok((STS_AUDIENCE, "the audience aws-actions/configure-aws-credentials asks GitHub for unless told otherwise")),
        Issuer::Terraform => Ok(("aws.workload.identity", "HCP Terraform's default, TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE")),
        Issuer::Cognito => Err("a Cognito identity pool's token carries the identity pool's ID as its aud (REGION:GUID): give it with aud= (--aud)".into()),
        Issuer::Google => Err("a Google token carries the application's OAuth client ID as its aud: give it with aud= (--aud)".into()),
        Issuer::GitLab | Issuer::Buildkite | Issuer::Other => Ok((STS_AUDIENCE, "assumed: the job or client chooses its token's audience; give aud= (--aud) for yours")),
    }
}

/// Claims a token of `kind` carries alongside `sub` and that its standard
/// subject formats spell out: a GitHub token for `repo:OWNER/REPO:ref:REF`
/// also carries `repository`, `repository_owner` and `ref`.
pub fn claims_in_subject(kind: Issuer, sub: &str) -> Vec<(&'static str, String)> {
    let plain = |v: &str| !v.is_empty() && !v.contains(['*', '?']);
    let mut out = Vec::new();
    match kind {
        Issuer::GitHub { .. } => {
            let Some((repo, rest)) = sub.strip_prefix("repo:").and_then(|b| b.split_once(':'))
            else {
                return out;
            };
            let Some((owner, name)) = repo.split_once('/') else {
                return out;
            };
            if !plain(owner) || !plain(name) || name.contains('/') {
                return out;
            }
            out.push(("repository", repo.to_string()));
            out.push(("repository_owner", owner.to_string()));
            match rest.split_once(':') {
                Some(("ref", r)) if plain(r) && !r.contains(':') => {
                    out.push(("ref", r.to_string()))
                }
                Some(("environment", e)) if plain(e) && !e.contains(':') => {
                    out.push(("environment", e.to_string()))
                }
                _ => {}
            }
        }
        Issuer::GitLab => {
            let Some((path, rest)) = sub
                .strip_prefix("project_path:")
                .and_then(|b| b.split_once(':'))
            else {
                return out;
            };
            let Some((namespace, _)) = path.rsplit_once('/') else {
                return out;
            };
            if !plain(path) || namespace.is_empty() {
                return out;
            }
            out.push(("project_path", path.to_string()));
            out.push(("namespace_path", namespace.to_string()));
            if let Some(("ref_type", t)) = rest.split_once(':') {
                if let Some((t, r)) = t.split_once(":ref:") {
                    if plain(t) && plain(r) {
                        out.push(("ref_type", t.to_string()));
                        out.push(("ref", r.to_string()));
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// Adds the probe's claims to `context` under `provider_path`: a key given
/// twice gets both values.
fn add_claims(context: &mut Vec<ContextKey>, provider_path: &str, claims: &[(String, String)]) {
    for (claim, value) in claims {
        let key = format!("{provider_path}:{claim}");
        match context
            .iter_mut()
            .find(|k| k.key.eq_ignore_ascii_case(&key))
        {
            Some(k) => k.values.push(value.clone()),
            None => context.push(ContextKey {
                key,
                values: vec![value.clone()],
            }),
        }
    }
}

/// A claim's name and value.
type Claim = (String, String);

/// Adds a token's claims besides `sub` and `aud` to `context`, under the
/// provider `path`: the `given` ones, and those a token of `kind` carries
/// because of its subject (GitHub's `repository` for `repo:OWNER/REPO:…`)
/// unless given. Returns the note naming the latter; `how` says how to give
/// claims (a probe's `claim=`, the page's field).
pub fn token_claims(
    context: &mut Vec<ContextKey>,
    kind: Issuer,
    path: &str,
    sub: &str,
    given: &[(String, String)],
    how: &str,
) -> Option<String> {
    // IAM sees only the claims STS passes (GitHub's `repository`, not its
    // `repository_owner`): the others are left out of the request, and said.
    let (passed, dropped): (Vec<Claim>, Vec<Claim>) =
        given.iter().cloned().partition(|(c, _)| kind.passed(c));
    add_claims(context, path, &passed);
    let implied: Vec<(String, String)> = claims_in_subject(kind, sub)
        .into_iter()
        .filter(|(c, _)| kind.passed(c))
        .filter(|(c, _)| !given.iter().any(|(g, _)| g.eq_ignore_ascii_case(c)))
        .map(|(c, v)| (c.to_string(), v))
        .collect();
    add_claims(context, path, &implied);
    let mut notes = Vec::new();
    if !implied.is_empty() {
        let listed: Vec<String> = implied.iter().map(|(c, v)| format!("{c} {v}")).collect();
        notes.push(format!(
            "{} (from the sub, as a {} token carries them; give {how} to differ)",
            listed.join(", "),
            kind.name()
        ));
    }
    if !dropped.is_empty() {
        let listed: Vec<String> = dropped.iter().map(|(c, _)| format!("`{c}`")).collect();
        notes.push(format!(
            "left out {}: STS does not pass that claim of {} tokens to IAM",
            listed.join(", "),
            kind.name()
        ));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// A note naming the claims of the provider `path` that the policy tests and
/// `context` lacks, if any; `how` says how to give them.
pub fn missing_claims(
    policy: &Policy,
    path: &str,
    context: &[ContextKey],
    how: &str,
) -> Option<String> {
    let mut missing: Vec<&str> = Vec::new();
    for c in policy.statements.iter().flat_map(|st| &st.conditions) {
        let keys::KeyKind::Claim { prefix, claim } = keys::classify(&c.key) else {
            continue;
        };
        if prefix.eq_ignore_ascii_case(path)
            && Issuer::of_path(path).passed(claim)
            && !context.iter().any(|k| k.key.eq_ignore_ascii_case(&c.key))
            && !missing.iter().any(|m| m.eq_ignore_ascii_case(claim))
        {
            missing.push(claim);
        }
    }
    (!missing.is_empty()).then(|| format!(
        "the policy tests {}, which this request does not carry (give {how}); a condition on a missing key fails unless it is negated, …IfExists or Null",
        missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
    ))
}

/// The request for a web identity token with the probe's `sub`: from the
/// issuer `iss=` names, else from the policy's first `Federated` provider.
fn web_identity(policy: &Policy, probe: &Probe, sub: &str) -> Result<Request, String> {
    let trusted = default_provider(policy);
    let mut notes = Vec::new();
    // The caller (the provider's ARN, or a built-in provider's name) and the
    // provider path its condition keys start with.
    let (caller, path) = match &probe.issuer {
        Some(iss) => {
            let bare = iss.trim();
            let bare = bare
                .strip_prefix("https://")
                .unwrap_or(bare)
                .trim_end_matches('/');
            match built_in(bare) {
                Some(b) => (b.to_string(), b.to_string()),
                None => {
                    let p = Provider::from_path(bare).ok_or(format!(
                        "`{iss}` is not an issuer URL such as https://token.actions.githubusercontent.com"
                    ))?;
                    let (partition, account) = arn_home(policy, trusted.as_ref(), &p);
                    (p.arn(&partition, &account), p.path)
                }
            }
        }
        None => {
            // The provider whose tokens have subjects of this form, if the
            // policy trusts it (a GitHub `repo:` subject and an EKS provider
            // first); else the first.
            let wanted = issuer::issuer_of_subject(sub).and_then(Provider::from_issuer);
            let trusted_here = |want: Option<&Provider>| {
                policy.statements.iter().find_map(|st| {
                    issuer::all_of_statement(st)
                        .into_iter()
                        .find(|(_, _, path)| want.is_none_or(|w| w.path.eq_ignore_ascii_case(path)))
                        .map(|(_, principal, path)| match built_in(&path) {
                            Some(b) => (b.to_string(), b.to_string()),
                            None => (principal, path),
                        })
                })
            };
            let first = wanted
                .as_ref()
                .and_then(|w| trusted_here(Some(w)))
                .or_else(|| trusted_here(None));
            match first.or_else(|| {
                trusted
                    .as_ref()
                    .map(|t| (t.to_arn(), t.provider.path.clone()))
            }) {
                Some((caller, path)) => {
                    notes.push(format!("issuer https://{path} (the provider of the policy's first Federated principal)"));
                    (caller, path)
                }
                None if templated_provider(policy) => {
                    // The subject's form says whose token it is.
                    let (issuer, why) = match issuer::issuer_of_subject(sub) {
                        Some(i) => (i, "the issuer whose tokens have subjects of this form"),
                        None => (EXAMPLE_ISSUER, "an example"),
                    };
                    notes.push(format!("issuer {issuer}, {why}: the policy's provider is a placeholder (give the token's issuer with --iss or iss=)"));
                    let p =
                        Provider::from_issuer(issuer).ok_or("the example issuer does not parse")?;
                    let (partition, account) = arn_home(policy, None, &p);
                    (p.arn(&partition, &account), p.path)
                }
                None => {
                    let federated = policy
                        .statements
                        .iter()
                        .any(|st| st.principals("Federated").next().is_some());
                    return Err(if federated {
                        "the policy names no web identity provider to take the issuer from; give the token's issuer (--iss or iss=)".to_string()
                    } else {
                        "no statement trusts a web identity provider (a Federated principal), so no token's subject can assume this role; `eksplain explain` says whom it trusts".to_string()
                    });
                }
            }
        }
    };
    let kind = Issuer::of_path(&path);
    let key = |claim: &str| format!("{path}:{claim}");
    let aud = match &probe.aud {
        Some(a) => a.clone(),
        None => {
            let (aud, why) = default_audience(kind)?;
            notes.push(format!("aud {aud} ({why})"));
            vec![aud.to_string()]
        }
    };
    let mut context = vec![
        ContextKey {
            key: key("sub"),
            values: vec![sub.to_string()],
        },
        ContextKey {
            key: key("aud"),
            values: aud,
        },
    ];
    notes.extend(token_claims(
        &mut context,
        kind,
        &path,
        sub,
        &probe.claims,
        "claim=KEY=VALUE or --claim",
    ));
    notes.extend(missing_claims(
        policy,
        &path,
        &context,
        "claim=KEY=VALUE or --claim",
    ));
    Ok(Request {
        actions: vec!["sts:AssumeRoleWithWebIdentity".into()],
        caller: Caller::Federated(caller),
        context,
        notes,
    })
}

/// The issuer a simulation assumes when the policy's provider is a
/// placeholder: the simulator then takes the placeholder to be this one.
pub const EXAMPLE_ISSUER: &str =
    "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

/// Whether a `Federated` principal is written with a placeholder that
/// Terraform or the shell fills in (`${module.eks.oidc_provider_arn}`,
/// `arn:aws:iam::$account_id:oidc-provider/$oidc_provider`).
fn templated_provider(policy: &Policy) -> bool {
    policy
        .statements
        .iter()
        .flat_map(|st| st.principals("Federated"))
        .any(|t| t.value.contains('$'))
}

/// The EKS provider the policy's condition keys name (`ISSUER:sub`), when
/// they name one and its principal is a placeholder.
fn keyed_provider(policy: &Policy) -> Option<Provider> {
    policy
        .statements
        .iter()
        .flat_map(super::key_providers)
        .find_map(|(_, p)| p.eks.is_some().then_some(p))
}

fn irsa(policy: &Policy, probe: &Probe) -> Result<Request, String> {
    let trusted = default_provider(policy);
    let mut notes = Vec::new();
    let provider = match &probe.issuer {
        Some(iss) => Provider::from_issuer(iss)
            .or_else(|| Provider::from_path(iss.trim_end_matches('/')))
            .ok_or(format!("`{iss}` is not an issuer URL such as https://oidc.eks.us-east-1.amazonaws.com/id/ID"))?,
        None if trusted.is_none() && templated_provider(policy) => match keyed_provider(policy) {
            // `"oidc.eks.…/id/ABC:sub"` written out (or rendered from a
            // provider the paste declares): that is the issuer.
            Some(p) => {
                notes.push(format!("issuer https://{}, from the condition keys: the policy's provider is a placeholder (give the token's issuer with --iss or iss= for another)", p.path));
                p
            }
            None => {
                notes.push(format!("issuer {EXAMPLE_ISSUER}, an example: the policy's provider is a placeholder (give the token's issuer with --iss or iss= for a real cluster's)"));
                Provider::from_issuer(EXAMPLE_ISSUER).ok_or("the example issuer does not parse")?
            }
        },
        None => {
            let p = trusted.as_ref().ok_or_else(|| {
                let federated = policy
                    .statements
                    .iter()
                    .any(|st| st.principals("Federated").next().is_some());
                if federated {
                    "the policy names no OIDC provider to take the issuer from; give the token's issuer (--iss or iss=)".to_string()
                } else {
                    "no statement trusts an OIDC provider (IRSA) or `pods.eks.amazonaws.com` (EKS Pod Identity), so no pod can assume this role with its own credentials; `eksplain explain` says whom it trusts".to_string()
                }
            })?;
            // EKS writes the OIDC ID in uppercase in every token's `iss`,
            // whatever case the policy spells it in.
            let upper = p.provider.eks.as_ref().and_then(|e| {
                let lower = e.id.len() == 32
                    && e.id.bytes().all(|b| b.is_ascii_hexdigit())
                    && e.id.bytes().any(|b| b.is_ascii_lowercase());
                lower
                    .then(|| Provider::from_path(&p.provider.path.replace(&e.id, &e.id.to_ascii_uppercase())))
                    .flatten()
            });
            match upper {
                Some(u) => {
                    notes.push(format!("issuer {} (the provider of the policy's first Federated principal, with the OIDC ID in uppercase as EKS writes it)", u.issuer()));
                    u
                }
                None => {
                    notes.push(format!("issuer {} (the provider of the policy's first Federated principal)", p.provider.issuer()));
                    p.provider.clone()
                }
            }
        }
    };
    // The provider lives in its issuer's partition, whatever the policy says.
    let (partition, account) = arn_home(policy, trusted.as_ref(), &provider);
    let kind = Issuer::of_path(&provider.path);
    if !matches!(kind, Issuer::Eks | Issuer::Other) {
        notes.push(format!(
            "the provider issues {} tokens, which never name a service account: ask about their subjects with sub= (--sub)",
            kind.name()
        ));
    }
    let aud = match &probe.aud {
        Some(a) => a.clone(),
        None => {
            notes.push(format!(
                "aud {STS_AUDIENCE} (the audience EKS requests for IRSA tokens)"
            ));
            vec![STS_AUDIENCE.to_string()]
        }
    };
    let mut context = vec![
        ContextKey {
            key: provider.key("sub"),
            values: vec![probe.subject()],
        },
        ContextKey {
            key: provider.key("aud"),
            values: aud,
        },
    ];
    add_claims(&mut context, &provider.path, &probe.claims);
    Ok(Request {
        actions: vec!["sts:AssumeRoleWithWebIdentity".into()],
        caller: Caller::Federated(provider.arn(&partition, &account)),
        context,
        notes,
    })
}

/// The request context of session tags, as EKS Pod Identity sends them: one
/// `aws:RequestTag/KEY` per tag, and `aws:TagKeys` listing the keys (the IAM
/// User Guide, "Passing session tags": a request that sets tags carries
/// `aws:TagKeys` with every key it sets).
pub fn session_tags(tags: &[(&str, String)]) -> Vec<ContextKey> {
    let mut context: Vec<ContextKey> = tags
        .iter()
        .map(|(k, v)| ContextKey {
            key: format!("aws:RequestTag/{k}"),
            values: vec![v.clone()],
        })
        .collect();
    context.push(ContextKey {
        key: "aws:TagKeys".into(),
        values: tags.iter().map(|(k, _)| k.to_string()).collect(),
    });
    context
}

/// What EKS Pod Identity puts in the `AssumeRole` + `TagSession` request it
/// makes for a pod, as far as the sources say:
///
/// - Six session tags, always the same keys: `eks-cluster-arn`,
///   `eks-cluster-name`, `kubernetes-namespace`, `kubernetes-service-account`,
///   `kubernetes-pod-name`, `kubernetes-pod-uid` (EKS User Guide, "Create IAM
///   role with trust policy required by EKS Pod Identity" and "Grant Pods
///   access to AWS resources based on tags"; [`POD_IDENTITY_TAGS`](super::keys::POD_IDENTITY_TAGS)). An
///   association created with `disableSessionTags` sends none (EKS API
///   Reference, `PodIdentityAssociation`).
/// - `aws:SourceAccount`, the cluster's account, and `aws:SourceArn`. The EKS
///   User Guide does not document either for Pod Identity (its confused-deputy
///   page covers the cluster role only). The EKS Best Practices Guide (IAM,
///   "Working with IAM roles for EKS Pod Identities") says EKS passes
///   `aws:SourceOrgId` and that a `sourceArn` condition must change when a
///   cluster is replaced; a user report (awslabs/mountpoint-s3-csi-driver#781)
///   shows `aws:SourceArn` matching
///   `arn:aws:eks:*:ACCOUNT:podidentityassociation/CLUSTER/*`, i.e. the
///   association's ARN, whose path starts with the cluster name.
/// - `aws:SourceOrgId` when the account is in an AWS Organization (the Best
///   Practices Guide above, whose example trust policy compares it with
///   `${aws:ResourceOrgId}`). A Pod Identity role is in the cluster's own
///   account (EKS User Guide, "Access AWS Resources using EKS Pod Identity
///   Target IAM Roles": `iam:PassRole` requires it), so the role's
///   organization, `aws:ResourceOrgId`, is the same one.
///
/// Empty values are left out of the request, and the notes say which keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodIdentity {
    pub namespace: String,
    pub name: String,
    /// `arn:PARTITION:eks:REGION:ACCOUNT:cluster/NAME`; its name is `eks-cluster-name`.
    pub cluster_arn: Option<String>,
    pub pod_name: Option<String>,
    pub pod_uid: Option<String>,
    pub source_account: Option<String>,
    pub source_arn: Option<String>,
    /// `o-…`; sent as `aws:SourceOrgId` and `aws:ResourceOrgId`.
    pub source_org_id: Option<String>,
}

/// Where a note tells the user to give a missing value; the page and the CLI
/// name their own field or flag.
pub struct Fields {
    pub cluster: &'static str,
    pub pod_name: &'static str,
    pub pod_uid: &'static str,
    pub source_account: &'static str,
    pub source_arn: &'static str,
    pub source_org_id: &'static str,
}

impl PodIdentity {
    /// The request, or why the cluster ARN is not one.
    pub fn request(&self, fields: &Fields) -> Result<Request, String> {
        let mut tags = Vec::new();
        let mut absent: Vec<String> = Vec::new();
        let present = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        match present(&self.cluster_arn) {
            Some(arn) => {
                let name = eks_name(&arn)
                    .filter(|_| arn.starts_with("arn:"))
                    .ok_or_else(|| {
                        format!(
                            "`{arn}` is not an EKS cluster ARN; it looks like arn:aws:eks:REGION:ACCOUNT:cluster/NAME"
                        )
                    })?
                    .cluster;
                tags.push(("eks-cluster-arn", arn));
                tags.push(("eks-cluster-name", name));
            }
            None => absent.push(format!(
                "aws:RequestTag/eks-cluster-arn and aws:RequestTag/eks-cluster-name ({})",
                fields.cluster
            )),
        }
        tags.push(("kubernetes-namespace", self.namespace.clone()));
        tags.push(("kubernetes-service-account", self.name.clone()));
        for (tag, value, field) in [
            ("kubernetes-pod-name", &self.pod_name, fields.pod_name),
            ("kubernetes-pod-uid", &self.pod_uid, fields.pod_uid),
        ] {
            match present(value) {
                Some(v) => tags.push((tag, v)),
                None => absent.push(format!("aws:RequestTag/{tag} ({field})")),
            }
        }
        let mut context = session_tags(&tags);
        for (key, value, field) in [
            (
                "aws:SourceAccount",
                &self.source_account,
                fields.source_account,
            ),
            ("aws:SourceArn", &self.source_arn, fields.source_arn),
        ] {
            match present(value) {
                Some(v) => context.push(ContextKey {
                    key: key.into(),
                    values: vec![v],
                }),
                None => absent.push(format!("{key} ({field})")),
            }
        }
        match present(&self.source_org_id) {
            Some(org) => {
                for key in ["aws:SourceOrgId", "aws:ResourceOrgId"] {
                    context.push(ContextKey {
                        key: key.into(),
                        values: vec![org.clone()],
                    });
                }
            }
            None => absent.push(format!(
                "aws:SourceOrgId and aws:ResourceOrgId ({}; sent only for an account in an AWS Organization)",
                fields.source_org_id
            )),
        }
        let mut notes = Vec::new();
        if let Some(arn) = present(&self.source_arn).filter(|a| eks_name(a).is_some()) {
            notes.push(format!(
                "aws:SourceArn is the cluster's ARN `{arn}` here, but EKS Pod Identity is reported to send the association's (arn:…:podidentityassociation/CLUSTER/ID; AWS does not document it): a condition expecting the cluster's ARN may never match"
            ));
        }
        if !absent.is_empty() {
            notes.push(format!(
                "not in the request, though EKS Pod Identity sends them: {}; a condition on a missing key fails unless it is negated, …IfExists or Null",
                absent.join(", ")
            ));
        }
        Ok(Request {
            actions: vec!["sts:AssumeRole".into(), "sts:TagSession".into()],
            caller: pod_identity_caller(),
            context,
            notes,
        })
    }
}

/// The CLI's flags (and a probe line's keys), named in its notes.
const CLI_FIELDS: Fields = Fields {
    cluster: "give --cluster-arn",
    pod_name: "it differs per pod; give --pod-name, or pod= in a probe line",
    pod_uid: "it differs per pod; give --pod-uid, or pod-uid=",
    source_account: "give --cluster-arn",
    source_arn: "reportedly the association's ARN; give --source-arn, or source-arn=",
    source_org_id: "give --org-id, or org=",
};

fn pod_identity(probe: &Probe) -> Result<Request, String> {
    // The association lives in the cluster's account: EKS sends that account.
    let account = probe
        .cluster_arn
        .as_deref()
        .and_then(eks_name)
        .and_then(|n| n.account);
    PodIdentity {
        namespace: probe.namespace.clone(),
        name: probe.name.clone(),
        cluster_arn: probe.cluster_arn.clone(),
        pod_name: probe.pod_name.clone(),
        pod_uid: probe.pod_uid.clone(),
        source_account: account,
        source_arn: probe.source_arn.clone(),
        source_org_id: probe.org_id.clone(),
    }
    .request(&CLI_FIELDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_trusting_no_pods_says_so_instead_of_asking_for_an_issuer() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/eks-pod-identity-primary-role"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}"#;
        let (_, policy) = super::super::load(text).unwrap();
        let e = request(&policy, &Probe::parse("payments:api").unwrap()).unwrap_err();
        assert!(
            e.starts_with(
                "no statement trusts an OIDC provider (IRSA) or `pods.eks.amazonaws.com`"
            ),
            "{e}"
        );
        assert!(!e.contains("--iss"), "{e}");
    }

    #[test]
    fn parses_probe_lines() {
        let p = Probe::parse("payments:api-server aud=sts.amazonaws.com,x iss=https://oidc.eks.us-east-1.amazonaws.com/id/ABC => DENY").unwrap();
        assert_eq!(
            (p.namespace.as_str(), p.name.as_str()),
            ("payments", "api-server")
        );
        assert_eq!(p.aud.unwrap(), ["sts.amazonaws.com", "x"]);
        assert_eq!(p.expect, Some(false));
        assert!(Probe::parse("payments => ALLOW").is_err());
        assert!(Probe::parse("a:b color=red").is_err());
        assert!(Probe::parse("a:b => MAYBE").is_err());
        assert_eq!(
            parse_service_account("system:serviceaccount:a:b").unwrap(),
            ("a".into(), "b".into())
        );
    }

    #[test]
    fn parses_subject_probes_and_their_claims() {
        let p = Probe::parse(
            "sub=repo:octo-org/infra:ref:refs/heads/main claim=environment=production claim=amr=a claim=amr=b:c=d aud=sts.amazonaws.com => ALLOW",
        )
        .unwrap();
        assert_eq!(
            p.sub.as_deref(),
            Some("repo:octo-org/infra:ref:refs/heads/main")
        );
        assert_eq!(p.subject(), "repo:octo-org/infra:ref:refs/heads/main");
        assert!(p.namespace.is_empty() && p.name.is_empty());
        assert_eq!(
            p.claims,
            [
                ("environment".to_string(), "production".to_string()),
                ("amr".into(), "a".into()),
                ("amr".into(), "b:c=d".into()),
            ]
        );
        assert_eq!(p.expect, Some(true));
        // Quotes keep a subject with spaces in one word.
        let q = Probe::parse(r#"sub="organization:acme:project:Default Project:workspace:w:run_phase:apply" => DENY"#).unwrap();
        assert_eq!(
            q.sub.as_deref(),
            Some("organization:acme:project:Default Project:workspace:w:run_phase:apply")
        );
        // The service account form is unchanged.
        let sa = Probe::parse("payments:api").unwrap();
        assert_eq!(sa.subject(), "system:serviceaccount:payments:api");
        assert!(sa.sub.is_none() && sa.claims.is_empty());
        for (bad, why) in [
            ("sub= => ALLOW", "sub= needs the token's subject"),
            ("sub=\"repo:a/b", "is not closed"),
            ("payments:api sub=repo:a/b:ref:x", "sub= goes first"),
            (
                "sub=repo:a/b:ref:x cluster=arn:aws:eks:us-east-1:1:cluster/c",
                "is for a service account",
            ),
            ("sub=x claim=environment", "is not KEY=VALUE"),
            ("sub=x claim==v", "is not a claim name"),
            (
                "sub=x claim=token.actions.githubusercontent.com:environment=p",
                "without the provider",
            ),
            ("sub=x claim=environment=", "has no value"),
            ("sub=x claim=aud=sts.amazonaws.com", "with aud="),
            ("sub=x claim=SUB=y", "with sub="),
            ("", "a probe starts with"),
        ] {
            let e = Probe::parse(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    fn policy(text: &str) -> Policy {
        super::super::load(text).unwrap().1
    }

    const GITHUB: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:environment": "production"}}}]}"#;

    #[test]
    fn a_github_subject_brings_the_claims_its_token_carries() {
        let p = policy(GITHUB);
        let probe = Probe::parse("sub=repo:octo-org/infra:ref:refs/heads/main").unwrap();
        let req = request(&p, &probe).unwrap();
        assert_eq!(
            req.caller,
            Caller::Federated(
                "arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com"
                    .into()
            )
        );
        let k = |c: &str| format!("token.actions.githubusercontent.com:{c}");
        assert_eq!(
            req.get(&k("sub")).unwrap(),
            ["repo:octo-org/infra:ref:refs/heads/main"]
        );
        assert_eq!(req.get(&k("aud")).unwrap(), ["sts.amazonaws.com"]);
        assert_eq!(req.get(&k("repository")).unwrap(), ["octo-org/infra"]);
        // STS does not pass `repository_owner`: IAM never sees it.
        assert_eq!(req.get(&k("repository_owner")), None);
        assert_eq!(req.get(&k("ref")).unwrap(), ["refs/heads/main"]);
        assert!(
            req.notes
                .iter()
                .any(|n| n
                    .starts_with("repository octo-org/infra, ref refs/heads/main (from the sub")),
            "{:?}",
            req.notes
        );
        // The policy tests `environment`, which this token does not carry.
        assert!(
            req.notes.iter().any(|n| n
                .starts_with("the policy tests `environment`, which this request does not carry")),
            "{:?}",
            req.notes
        );

        // What the probe gives wins over what the sub implies.
        let probe = Probe::parse("sub=repo:octo-org/infra:environment:production claim=repository=other/x claim=environment=production aud=a,b").unwrap();
        let req = request(&p, &probe).unwrap();
        assert_eq!(req.get(&k("repository")).unwrap(), ["other/x"]);
        assert_eq!(req.get(&k("repository_owner")), None);
        assert_eq!(req.get(&k("environment")).unwrap(), ["production"]);
        assert_eq!(req.get(&k("aud")).unwrap(), ["a", "b"]);
        assert!(
            !req.notes.iter().any(|n| n.contains("does not carry")),
            "{:?}",
            req.notes
        );

        // A subject of another format, or with wildcards, implies nothing.
        for sub in [
            "repo:octo-org/*:ref:refs/heads/main",
            "octo-org",
            "repo:a:ref:x",
        ] {
            let req = request(&p, &Probe::parse(&format!("sub={sub}")).unwrap()).unwrap();
            assert!(req.get(&k("repository")).is_none(), "{sub}");
        }
    }

    #[test]
    fn a_gitlab_subject_names_its_project_and_ref() {
        assert_eq!(
            claims_in_subject(
                Issuer::GitLab,
                "project_path:octo-group/sub/app:ref_type:branch:ref:main"
            ),
            [
                ("project_path", "octo-group/sub/app".to_string()),
                ("namespace_path", "octo-group/sub".to_string()),
                ("ref_type", "branch".to_string()),
                ("ref", "main".to_string()),
            ]
        );
        assert!(
            claims_in_subject(Issuer::GitLab, "project_path:app:ref_type:branch:ref:main")
                .is_empty()
        );
        assert!(claims_in_subject(Issuer::Cognito, "repo:a/b:ref:x").is_empty());
    }

    #[test]
    fn built_in_providers_are_named_without_an_arn() {
        let cognito = policy(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Federated": "cognito-identity.amazonaws.com"},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"}}}]}"#,
        );
        let probe = Probe::parse("sub=us-east-1:11111111-2222-4333-8444-555555555555 aud=us-east-1:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee claim=amr=authenticated").unwrap();
        let req = request(&cognito, &probe).unwrap();
        assert_eq!(
            req.caller,
            Caller::Federated("cognito-identity.amazonaws.com".into())
        );
        assert_eq!(
            req.get("cognito-identity.amazonaws.com:amr").unwrap(),
            ["authenticated"]
        );
        assert!(super::super::sim::evaluate(&cognito, true, &req).allowed);
        // The identity pool is the user's own: no audience is made up.
        let e = request(&cognito, &Probe::parse("sub=us-east-1:1").unwrap()).unwrap_err();
        assert!(e.contains("identity pool's ID as its aud"), "{e}");
        // iss= names a built-in provider by URL or bare name.
        for iss in ["https://accounts.google.com", "accounts.google.com"] {
            let probe = Probe::parse(&format!(
                "sub=1234 iss={iss} aud=x.apps.googleusercontent.com"
            ))
            .unwrap();
            let req = request(&cognito, &probe).unwrap();
            assert_eq!(req.caller, Caller::Federated("accounts.google.com".into()));
            assert_eq!(req.get("accounts.google.com:sub").unwrap(), ["1234"]);
        }
    }

    #[test]
    fn a_subject_probe_is_a_web_identity_whatever_the_policy_trusts() {
        let pods = policy(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}"#,
        );
        let e = request(&pods, &Probe::parse("sub=repo:a/b:ref:x").unwrap()).unwrap_err();
        assert!(
            e.starts_with("no statement trusts a web identity provider"),
            "{e}"
        );
        let req = request(
            &pods,
            &Probe::parse("sub=repo:a/b:ref:x iss=https://token.actions.githubusercontent.com")
                .unwrap(),
        )
        .unwrap();
        assert_eq!(req.actions, ["sts:AssumeRoleWithWebIdentity"]);
        let mut p = Probe::parse("sub=repo:a/b:ref:x").unwrap();
        p.via = Some(Via::PodIdentity);
        assert!(request(&pods, &p).is_err());
        // Claims have no place in Pod Identity's request.
        let e = request(
            &pods,
            &Probe::parse("payments:api claim=environment=p").unwrap(),
        )
        .unwrap_err();
        assert!(e.contains("session tags instead"), "{e}");
        let e = request(
            &policy(GITHUB),
            &Probe::parse("sub=x iss=not-a-url").unwrap(),
        );
        assert!(e.is_err());
        // A service account asked of a GitHub policy: the note says how to ask instead.
        let req = request(&policy(GITHUB), &Probe::parse("payments:api").unwrap()).unwrap();
        assert!(
            req.notes
                .iter()
                .any(|n| n.contains("ask about their subjects with sub=")),
            "{:?}",
            req.notes
        );
    }

    #[test]
    fn pod_identity_sends_the_cluster_tags_and_its_account_and_names_what_is_missing() {
        let probe = Probe::parse(
            "payments:api cluster=arn:aws-cn:eks:cn-north-1:111122223333:cluster/payments_prod-2",
        )
        .unwrap();
        let req = pod_identity(&probe).unwrap();
        assert_eq!(req.actions, ["sts:AssumeRole", "sts:TagSession"]);
        assert_eq!(
            req.get("aws:RequestTag/eks-cluster-name").unwrap(),
            ["payments_prod-2"]
        );
        assert_eq!(req.get("aws:SourceAccount").unwrap(), ["111122223333"]);
        assert!(req.get("aws:SourceArn").is_none());
        assert_eq!(req.get("aws:TagKeys").unwrap().len(), 4);
        assert_eq!(req.notes.len(), 1);
        assert!(req.notes[0]
            .contains("aws:RequestTag/kubernetes-pod-name (it differs per pod; give --pod-name, or pod= in a probe line)"));
        assert!(!req.notes[0].contains("eks-cluster"), "{}", req.notes[0]);

        let none = pod_identity(&Probe::parse("payments:api").unwrap()).unwrap();
        assert!(none.get("aws:RequestTag/eks-cluster-arn").is_none());
        assert!(none.notes[0].contains(
            "aws:RequestTag/eks-cluster-arn and aws:RequestTag/eks-cluster-name (give --cluster-arn)"
        ));
        assert!(none.notes[0].contains("aws:SourceAccount (give --cluster-arn)"));

        // Every Pod Identity value a probe line can give reaches the request.
        let full = pod_identity(
            &Probe::parse("payments:api cluster=arn:aws:eks:eu-west-1:111122223333:cluster/prod pod=api-7d9f pod-uid=5b1c source-arn=arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-1 org=o-a1b2c3d4e5").unwrap(),
        )
        .unwrap();
        assert_eq!(
            full.get("aws:RequestTag/kubernetes-pod-name").unwrap(),
            ["api-7d9f"]
        );
        assert_eq!(
            full.get("aws:RequestTag/kubernetes-pod-uid").unwrap(),
            ["5b1c"]
        );
        assert_eq!(
            full.get("aws:SourceArn").unwrap(),
            ["arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-1"]
        );
        assert_eq!(full.get("aws:SourceOrgId").unwrap(), ["o-a1b2c3d4e5"]);
        assert!(full.notes.is_empty(), "{:?}", full.notes);

        for bad in [
            "payments-prod",
            "payments-prod.eu-west-1.eksctl.io",
            "arn:aws:iam::111122223333:role/x",
        ] {
            let probe =
                Probe::parse(&format!("payments:api cluster={bad} via=pod-identity")).unwrap();
            let err = pod_identity(&probe).unwrap_err();
            assert!(err.contains("is not an EKS cluster ARN"), "{bad}: {err}");
        }

        let all = PodIdentity {
            namespace: "payments".into(),
            name: "api".into(),
            cluster_arn: Some("arn:aws:eks:eu-west-1:111122223333:cluster/prod".into()),
            pod_name: Some("api-7d9f".into()),
            pod_uid: Some("5b1c".into()),
            source_account: Some("111122223333".into()),
            source_arn: Some(" ".into()),
            source_org_id: Some("o-a1b2c3d4e5".into()),
        }
        .request(&CLI_FIELDS)
        .unwrap();
        let keys: Vec<&str> = all
            .get("aws:TagKeys")
            .unwrap()
            .iter()
            .map(String::as_str)
            .collect();
        let mut tags = crate::core::policy::keys::POD_IDENTITY_TAGS.to_vec();
        tags.sort_unstable();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, tags, "all six tags EKS documents");
        assert!(
            all.notes[0].starts_with("not in the request")
                && all.notes[0].contains("aws:SourceArn")
                && !all.notes[0].contains("OrgId")
        );
        assert_eq!(all.get("aws:ResourceOrgId").unwrap(), ["o-a1b2c3d4e5"]);
    }

    #[test]
    fn the_verdict_is_after_the_last_arrow() {
        let p = Probe::parse("sub=\"a => b\" => ALLOW").unwrap();
        assert_eq!(p.sub.as_deref(), Some("a => b"));
        assert_eq!(p.expect, Some(true));
    }
}
