//! Which identity provider a web-identity statement trusts, beyond "an OIDC
//! provider": an EKS cluster (IRSA), or one of the CI services and identity
//! providers people also federate into AWS. Most of these issue tokens to
//! anyone who asks — every GitHub repository's workflows get tokens from
//! `token.actions.githubusercontent.com` — so for them the trust policy's
//! conditions are all that tells your workflows from everyone else's.
//!
//! Subject formats (public documentation of each service):
//! - GitHub Actions: `repo:OWNER/REPO:ref:refs/heads/BRANCH`,
//!   `…:ref:refs/tags/TAG`, `…:environment:NAME`, `…:pull_request`;
//!   an enterprise may use its own issuer, `token.actions.githubusercontent.com/SLUG`.
//! - GitLab: `project_path:GROUP/PROJECT:ref_type:branch:ref:main`.
//! - HCP Terraform: `organization:ORG:project:PROJECT:workspace:WS:run_phase:apply`.
//! - Buildkite: `organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY`.
//! - Amazon Cognito identity pools: the `aud` claim is the identity pool ID.

use super::model::{CondEntry, Statement};
use super::operator::Family;
use super::provider::{Provider, ProviderArn};
use super::{keys, sim};

/// The kind of issuer a provider path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Issuer {
    /// An EKS cluster's issuer: IRSA.
    Eks,
    /// GitHub Actions; `enterprise` for an enterprise's own issuer
    /// (`token.actions.githubusercontent.com/SLUG`) or GitHub Enterprise
    /// Server's (`HOST/_services/token`), which only its own workflows get.
    GitHub { enterprise: bool },
    /// GitLab.com's CI/CD (`gitlab.com`).
    GitLab,
    /// HCP Terraform (`app.terraform.io`).
    Terraform,
    /// Buildkite (`agent.buildkite.com`).
    Buildkite,
    /// Amazon Cognito identity pools (`cognito-identity.amazonaws.com`).
    Cognito,
    /// Google (`accounts.google.com`).
    Google,
    /// Anything else: a self-managed Kubernetes cluster, an in-house IdP…
    Other,
}

/// How a shared issuer's subjects are built, for making up a stranger's.
struct Subjects {
    /// What every subject starts with: `repo:`.
    prefix: &'static str,
    /// What ends the owner's part: `/` in `repo:OWNER/REPO`.
    owner_end: char,
    /// A subject's rest after the owner, for a stranger.
    tail: &'static str,
    /// Claims that name who the token was issued to (the caller cannot
    /// choose them); a condition on any other claim can be met by anyone.
    identity: &'static [&'static str],
    /// Claims that name the owner or repository when a customised subject
    /// (`repository_owner_id:123:environment:prod`) includes them.
    in_subject: &'static [&'static str],
}

const GITHUB: Subjects = Subjects {
    prefix: "repo:",
    owner_end: '/',
    tail: "/any-repo:ref:refs/heads/main",
    // Of the claims STS passes (see `GITHUB_PASSED`), those naming the
    // caller's repository or enterprise. Not `job_workflow_ref` (the reusable
    // workflow's ref: any repository may call a public one) nor `actor`
    // (`dependabot[bot]` acts in everyone's repositories).
    identity: &["sub", "repository", "repository_id", "enterprise_id"],
    in_subject: &[
        "repo",
        "repository",
        "repository_id",
        "repository_owner",
        "repository_owner_id",
        "enterprise",
        "enterprise_id",
    ],
};

const GITLAB: Subjects = Subjects {
    prefix: "project_path:",
    owner_end: '/',
    tail: "/any-project:ref_type:branch:ref:main",
    // STS passes GitLab's `sub` and `aud` only: a condition on another
    // claim tests a key the request never has.
    identity: &["sub"],
    in_subject: &[],
};

const TERRAFORM: Subjects = Subjects {
    prefix: "organization:",
    owner_end: ':',
    tail: ":project:Default Project:workspace:any:run_phase:apply",
    identity: &["sub"],
    in_subject: &[],
};

const BUILDKITE: Subjects = Subjects {
    prefix: "organization:",
    owner_end: ':',
    tail: ":pipeline:any:ref:refs/heads/main:commit:0000000:step:deploy",
    identity: &["sub"],
    in_subject: &[],
};

/// The GitHub Actions claims STS puts into the request as condition keys
/// (`token.actions.githubusercontent.com:CLAIM`): `sub` and `aud`, and since
/// STS began validating provider claims (January 2026) these. Not
/// `repository_owner`, `repository_owner_id`, `workflow_ref` and the rest of
/// the token: a condition on them tests a key the request never has.
pub const GITHUB_PASSED: &[&str] = &[
    "sub",
    "aud",
    "actor",
    "actor_id",
    "job_workflow_ref",
    "repository",
    "repository_id",
    "workflow",
    "ref",
    "environment",
    "enterprise_id",
];

/// The owner of the repositories, projects or organizations a stranger's
/// token names. Owner names are first come, first served: anyone can have one.
pub const STRANGER: &str = "eksplain-stranger";

impl Issuer {
    /// The kind of a provider path (`HOST[/PATH]`, no scheme).
    pub fn of_path(path: &str) -> Issuer {
        let (host, rest) = match path.split_once('/') {
            Some((h, r)) => (h, Some(r)),
            None => (path, None),
        };
        let host = host.to_ascii_lowercase();
        if Provider::from_path(path).is_some_and(|p| p.eks.is_some()) {
            return Issuer::Eks;
        }
        match (host.as_str(), rest) {
            ("token.actions.githubusercontent.com", None) => Issuer::GitHub { enterprise: false },
            ("token.actions.githubusercontent.com", Some(_)) => Issuer::GitHub { enterprise: true },
            (_, Some("_services/token")) => Issuer::GitHub { enterprise: true },
            ("gitlab.com", None) => Issuer::GitLab,
            ("app.terraform.io", None) => Issuer::Terraform,
            ("agent.buildkite.com", None) => Issuer::Buildkite,
            ("cognito-identity.amazonaws.com", None) => Issuer::Cognito,
            ("accounts.google.com", None) => Issuer::Google,
            _ => Issuer::Other,
        }
    }

    /// The service's name.
    pub fn name(self) -> &'static str {
        match self {
            Issuer::Eks => "EKS",
            Issuer::GitHub { .. } => "GitHub Actions",
            Issuer::GitLab => "GitLab CI/CD",
            Issuer::Terraform => "HCP Terraform",
            Issuer::Buildkite => "Buildkite",
            Issuer::Cognito => "Amazon Cognito",
            Issuer::Google => "Google",
            Issuer::Other => "web identity",
        }
    }

    /// The statement's mechanism, as the explanation names it.
    pub fn mechanism(self) -> &'static str {
        match self {
            Issuer::Eks | Issuer::Other => "IRSA (web identity)",
            Issuer::GitHub { .. } => "GitHub Actions (web identity)",
            Issuer::GitLab => "GitLab CI/CD (web identity)",
            Issuer::Terraform => "HCP Terraform (web identity)",
            Issuer::Buildkite => "Buildkite (web identity)",
            Issuer::Cognito => "Amazon Cognito identity pool (web identity)",
            Issuer::Google => "Google (web identity)",
        }
    }

    /// How a statement of this issuer lets callers in, for "who can assume".
    pub fn via(self) -> &'static str {
        match self {
            Issuer::Eks | Issuer::Other => "via IRSA",
            Issuer::GitHub { .. } => "via GitHub Actions OIDC",
            Issuer::GitLab => "via GitLab CI/CD OIDC",
            Issuer::Terraform => "via HCP Terraform OIDC",
            Issuer::Buildkite => "via Buildkite OIDC",
            Issuer::Cognito => "via a Cognito identity pool",
            Issuer::Google => "via Google sign-in",
        }
    }

    /// True when anyone can get a token from this issuer: the service's own
    /// customers, everyone's repositories, any AWS account's identity pool.
    pub fn shared(self) -> bool {
        matches!(
            self,
            Issuer::GitHub { enterprise: false }
                | Issuer::GitLab
                | Issuer::Terraform
                | Issuer::Buildkite
                | Issuer::Cognito
                | Issuer::Google
        )
    }

    /// Who gets tokens from this issuer when no condition says otherwise.
    pub fn everyone(self) -> &'static str {
        match self {
            Issuer::GitHub { enterprise: false } => "a workflow in anyone's repository on GitHub",
            Issuer::GitHub { enterprise: true } => {
                "a workflow in any repository of the enterprise the issuer belongs to"
            }
            Issuer::GitLab => "a pipeline in anyone's project on GitLab.com",
            Issuer::Terraform => "a run in anyone's HCP Terraform organization",
            Issuer::Buildkite => "a job in anyone's Buildkite organization",
            Issuer::Cognito => "a user of any Cognito identity pool in any AWS account",
            Issuer::Google => "any Google account, signed in to any application",
            Issuer::Eks | Issuer::Other => "any subject the provider issues tokens for",
        }
    }

    /// What runs with this issuer's tokens, in the plural.
    pub fn callers(self) -> &'static str {
        match self {
            Issuer::GitHub { .. } => "workflows",
            Issuer::GitLab => "pipelines",
            Issuer::Terraform => "runs",
            Issuer::Buildkite => "jobs",
            _ => "identities",
        }
    }

    /// The claim and value a condition pins for the caller, as an example.
    pub fn example(self) -> (&'static str, &'static str) {
        match self {
            Issuer::GitHub { .. } => ("sub", "repo:OWNER/REPO:ref:refs/heads/main"),
            Issuer::GitLab => ("sub", "project_path:GROUP/PROJECT:ref_type:branch:ref:main"),
            Issuer::Terraform => (
                "sub",
                "organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:apply",
            ),
            Issuer::Buildkite => ("sub", "organization:ORG:pipeline:PIPELINE:*"),
            Issuer::Cognito => ("aud", "REGION:IDENTITY-POOL-ID"),
            Issuer::Google => ("aud", "CLIENT-ID.apps.googleusercontent.com"),
            Issuer::Eks | Issuer::Other => ("sub", "system:serviceaccount:NAMESPACE:NAME"),
        }
    }

    /// True when STS puts `claim` of this issuer's tokens into the request:
    /// `sub` and `aud` for every issuer, Cognito's `amr`, the GitHub claims
    /// of [`GITHUB_PASSED`]. Google's list is not known here, nor are the
    /// claims of issuers eksplain does not know: true for those.
    pub fn passed(self, claim: &str) -> bool {
        let c = claim.to_ascii_lowercase();
        matches!(c.as_str(), "sub" | "aud")
            || match self {
                Issuer::Cognito => c == "amr",
                Issuer::GitHub { .. } => GITHUB_PASSED.contains(&c.as_str()),
                Issuer::GitLab | Issuer::Terraform | Issuer::Buildkite => false,
                Issuer::Eks | Issuer::Google | Issuer::Other => true,
            }
    }

    fn subjects(self) -> Option<&'static Subjects> {
        match self {
            Issuer::GitHub { .. } => Some(&GITHUB),
            Issuer::GitLab => Some(&GITLAB),
            Issuer::Terraform => Some(&TERRAFORM),
            Issuer::Buildkite => Some(&BUILDKITE),
            _ => None,
        }
    }

    /// True when a condition on `claim` can tell one caller from another:
    /// `sub` and the claims naming the repository, owner or account. (Branch,
    /// environment and workflow names are the caller's to choose.)
    pub fn identifies(self, claim: &str) -> bool {
        match self {
            // The identity pool, or one identity of it.
            Issuer::Cognito => {
                claim.eq_ignore_ascii_case("aud") || claim.eq_ignore_ascii_case("sub")
            }
            Issuer::Google => ["aud", "oaud", "sub", "email", "hd"]
                .iter()
                .any(|c| c.eq_ignore_ascii_case(claim)),
            _ => match self.subjects() {
                Some(s) => s.identity.iter().any(|c| c.eq_ignore_ascii_case(claim)),
                None => claim.eq_ignore_ascii_case("sub"),
            },
        }
    }
}

/// The issuer a statement's `Federated` principal names: its kind, the
/// principal as written, and the provider path its condition keys start with.
/// Built-in web identity providers (`cognito-identity.amazonaws.com`,
/// `accounts.google.com`) are named without an ARN.
pub fn of_statement(st: &Statement) -> Option<(Issuer, String, String)> {
    st.principals("Federated").find_map(|t| one(st, t))
}

/// [`of_statement`] for every `Federated` principal of the statement.
pub fn all_of_statement(st: &Statement) -> Vec<(Issuer, String, String)> {
    st.principals("Federated")
        .filter_map(|t| one(st, t))
        .collect()
}

fn one(st: &Statement, t: &super::model::Text) -> Option<(Issuer, String, String)> {
    {
        let path = match ProviderArn::parse(&t.value) {
            Some(a) => a.provider.path,
            // `arn:aws:iam::${account_id}:oidc-provider/token.actions.githubusercontent.com`
            None if t.value.contains('$') => match t.value.split_once(":oidc-provider/") {
                Some((_, path)) if !path.contains('$') && Provider::from_path(path).is_some() => {
                    path.to_string()
                }
                // `aws_iam_openid_connect_provider.github.arn`: the
                // condition keys name the provider.
                _ => super::key_providers(st).next()?.0.to_string(),
            },
            None if matches!(
                t.value.to_ascii_lowercase().as_str(),
                "cognito-identity.amazonaws.com" | "accounts.google.com"
            ) =>
            {
                t.value.clone()
            }
            None => return None,
        };
        Some((Issuer::of_path(&path), t.value.clone(), path))
    }
}

/// The public issuer URL whose tokens have subjects of `sub`'s form, if it is
/// one of a service's own (`repo:OWNER/REPO:…` is GitHub Actions').
pub fn issuer_of_subject(sub: &str) -> Option<&'static str> {
    if sub.starts_with(GITHUB.prefix) && sub.contains(GITHUB.owner_end) {
        Some("https://token.actions.githubusercontent.com")
    } else if sub.starts_with(GITLAB.prefix) {
        Some("https://gitlab.com")
    } else if sub.starts_with(TERRAFORM.prefix) && sub.contains(":workspace:") {
        Some("https://app.terraform.io")
    } else {
        None
    }
}

/// A wildcard pattern's literal stand-in: `*` and `?` become letters, so
/// `octo-org*` gives `octo-orgzz`, an owner name nobody has yet.
fn fill(pattern: &str) -> String {
    pattern.replace('*', "zz").replace('?', "z")
}

/// Subjects of strangers' tokens worth trying against `patterns` (the
/// statement's `sub` values): the plain one, and for each pattern one that
/// keeps everything a stranger controls (branch, environment, the rest) and
/// fills in the owner — a wildcard in the owner's name (`repo:octo-org*`)
/// lets in every owner whose name starts that way, and anyone can create one.
fn stranger_subjects(s: &Subjects, patterns: &[&str]) -> Vec<String> {
    let mut out = vec![format!("{}{STRANGER}{}", s.prefix, s.tail)];
    // Only a pattern that leaves the owner open adds a subject; every
    // pattern is read, and a few dozen distinct subjects are plenty.
    for p in patterns {
        if out.len() >= 64 {
            break;
        }
        let Some(body) = p.strip_prefix(s.prefix) else {
            if let Some(subject) = other_format(s, p) {
                if !out.contains(&subject) {
                    out.push(subject);
                }
            }
            continue;
        };
        // The owner's part ends at its separator, or at the `:` before the
        // rest when a wildcard stands for owner and repository together
        // (`repo:*:environment:prod`).
        let end = body.find([s.owner_end, ':']).unwrap_or(body.len());
        let (owner, tail) = body.split_at(end);
        let owner = if owner.contains(['*', '?']) {
            let mut o = fill(owner);
            if tail.starts_with(':') && s.owner_end != ':' {
                o.push_str(s.tail.split(':').next().unwrap_or_default());
            }
            o
        } else {
            // The owner is named: only its own workflows match.
            continue;
        };
        let tail = if tail.is_empty() {
            s.tail.to_string()
        } else {
            fill(tail)
        };
        let subject = format!("{}{owner}{tail}", s.prefix);
        if !out.contains(&subject) {
            out.push(subject);
        }
    }
    out
}

/// A stranger's subject for a pattern not of the issuer's default form:
/// a leading wildcard stands for a stranger's own `repo:OWNER/REPO`
/// (`*:environment:prod`, `*/deploy:*`); a customised subject
/// (`repository_owner_id:*:environment:prod`, which owners set up for their
/// own repositories, strangers too) admits strangers unless its first claim
/// names the owner or repository without a wildcard.
fn other_format(s: &Subjects, p: &str) -> Option<String> {
    if !p.contains(['*', '?']) {
        return None;
    }
    if let Some(rest) = p.strip_prefix(['*', '?']) {
        let rest = rest.trim_start_matches(['*', '?']);
        let owner_only = rest.starts_with(s.owner_end) && s.owner_end != ':';
        let own = s.tail.split(':').next().unwrap_or_default();
        return Some(if owner_only {
            format!("{}{STRANGER}{}", s.prefix, fill(rest))
        } else if rest.is_empty() {
            format!("{}{STRANGER}{}", s.prefix, s.tail)
        } else {
            format!("{}{STRANGER}{own}{}", s.prefix, fill(rest))
        });
    }
    // `CLAIM:VALUE:CLAIM:VALUE…`: a stranger's token carries their own
    // owner and repository wherever the template puts them, so any of them
    // written out without a wildcard pins the subject.
    let parts: Vec<&str> = p.split(':').collect();
    let pinned = parts.windows(2).any(|w| {
        let names = s.in_subject.iter().any(|c| c.eq_ignore_ascii_case(w[0]))
            || (w[0] == s.prefix.trim_end_matches(':'));
        let owner = w[1].split(s.owner_end).next().unwrap_or_default();
        names && !owner.is_empty() && !owner.contains(['*', '?'])
    });
    (!pinned).then(|| fill(p))
}

/// The claims a stranger's token carries for `subject`, as condition keys
/// under `prefix`: the subject, the owner and repository it names, and for
/// every other claim the statement tests, the value it asks for (a stranger
/// picks their own branch, environment and audience).
fn stranger_claims(
    issuer: Issuer,
    st: &Statement,
    prefix: &str,
    subject: &str,
) -> Vec<sim::ContextKey> {
    let key = |claim: &str| format!("{prefix}:{claim}");
    let mut out = Vec::new();
    match issuer {
        Issuer::Cognito => {
            out.push(sim::ContextKey {
                key: key("aud"),
                values: vec!["us-east-1:eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee".into()],
            });
            out.push(sim::ContextKey {
                key: key("sub"),
                values: vec!["us-east-1:dddddddd-dddd-4ddd-8ddd-dddddddddddd".into()],
            });
        }
        _ => {
            out.push(sim::ContextKey {
                key: key("sub"),
                values: vec![subject.to_string()],
            });
            let owned = issuer
                .subjects()
                .and_then(|s| {
                    let body = subject.strip_prefix(s.prefix)?;
                    let end = body.find(':').unwrap_or(body.len());
                    Some(&body[..end])
                })
                .unwrap_or(STRANGER);
            for (claim, value) in [
                ("repository", owned.to_string()),
                ("repository_id", "0".into()),
                ("enterprise_id", "0".into()),
            ] {
                if issuer.identifies(claim) {
                    out.push(sim::ContextKey {
                        key: key(claim),
                        values: vec![value],
                    });
                }
            }
        }
    }
    // Claims the caller chooses: a value that meets every condition on the
    // claim, or none at all when that is what they ask (`Null: true`).
    let mut done: Vec<&str> = Vec::new();
    for c in &st.conditions {
        let keys::KeyKind::Claim { prefix: p, claim } = keys::classify(&c.key) else {
            continue;
        };
        if !p.eq_ignore_ascii_case(prefix) || issuer.identifies(claim) || !issuer.passed(claim) {
            continue;
        }
        if out.iter().any(|k| k.key.eq_ignore_ascii_case(&c.key))
            || done.iter().any(|k| k.eq_ignore_ascii_case(&c.key))
        {
            continue;
        }
        done.push(&c.key);
        let on_claim: Vec<&CondEntry> = st
            .conditions
            .iter()
            .filter(|e| e.key.eq_ignore_ascii_case(&c.key))
            .collect();
        let wants_absent = on_claim.iter().any(|e| {
            matches!(e.op, Ok(op) if op.base.family() == Family::Null)
                && e.values
                    .iter()
                    .any(|v| v.value.eq_ignore_ascii_case("true"))
        });
        if wants_absent {
            continue;
        }
        let candidates = on_claim
            .iter()
            .filter(|e| matches!(e.op, Ok(op) if !op.base.negated()))
            .flat_map(|e| e.values.iter().take(16).map(|v| fill(&v.value)))
            .chain(std::iter::once("eksplain-stranger-value".to_string()));
        let mut first = None;
        let mut chosen = None;
        for v in candidates {
            if on_claim.iter().all(|e| meets(e, &v)) {
                chosen = Some(v);
                break;
            }
            first.get_or_insert(v);
        }
        let Some(value) = chosen.or(first) else {
            continue;
        };
        out.push(sim::ContextKey {
            key: c.key.clone(),
            values: vec![value],
        });
    }
    if !out.iter().any(|k| k.key.eq_ignore_ascii_case(&key("aud"))) {
        out.push(sim::ContextKey {
            key: key("aud"),
            values: vec!["sts.amazonaws.com".into()],
        });
    }
    out
}

/// True when the string `v` meets condition `e`, as the simulator judges it
/// (string operators; any other kind is taken as met: the simulator has the
/// last word on the whole request).
fn meets(e: &CondEntry, v: &str) -> bool {
    if !matches!(e.op, Ok(op) if op.base.family() == Family::String) {
        return true;
    }
    let req = sim::Request {
        actions: Vec::new(),
        caller: sim::Caller::Federated(String::new()),
        context: vec![sim::ContextKey {
            key: e.key.clone(),
            values: vec![v.to_string()],
        }],
        notes: Vec::new(),
    };
    sim::holds(e, true, &req)
}

/// A stranger's subject that the statement lets in: `None` when its
/// conditions keep strangers out. Only for shared issuers; `version_2012`
/// as the policy's `Version` says.
pub fn admitted_stranger(
    policy: &super::model::Policy,
    index: usize,
    version_2012: bool,
    trusted: &(Issuer, String, String),
) -> Option<String> {
    let st = policy.statements.get(index)?;
    let (issuer, principal, prefix) = trusted.clone();
    if !issuer.shared() {
        return None;
    }
    let patterns: Vec<&str> = super::claim_entries(st, "sub")
        .iter()
        .flat_map(|c| c.values.iter().map(|v| v.value.as_str()))
        .collect();
    let mut subjects = match issuer.subjects() {
        Some(s) => stranger_subjects(s, &patterns),
        None => vec![format!("{STRANGER}-000000000000")],
    };
    // GitHub's `repository` and `repository_owner` claims with a wildcard in
    // the owner's name (`octo-org*`) admit the owners it fills in.
    if let Issuer::GitHub { .. } = issuer {
        for c in st
            .conditions
            .iter()
            .filter(|c| matches!(c.op, Ok(op) if op.base.wildcards() && !op.base.negated()))
        {
            let keys::KeyKind::Claim { claim, .. } = keys::classify(&c.key) else {
                continue;
            };
            let repo = claim.eq_ignore_ascii_case("repository");
            if !repo {
                continue;
            }
            for v in c.values.iter().take(64) {
                let owner = v.value.split('/').next().unwrap_or_default();
                if !owner.contains(['*', '?']) {
                    continue;
                }
                let named = if repo && v.value.contains('/') {
                    fill(&v.value)
                } else {
                    format!("{}/any-repo", fill(owner))
                };
                let subject = format!("repo:{named}:ref:refs/heads/main");
                if !subjects.contains(&subject) {
                    subjects.push(subject);
                }
            }
        }
    }
    let alone = super::model::Policy {
        version: policy.version.clone(),
        statements: vec![st.clone()],
        filled_by: policy.filled_by,
    };
    subjects.into_iter().find(|subject| {
        let req = sim::Request {
            actions: vec!["sts:AssumeRoleWithWebIdentity".into()],
            caller: sim::Caller::Federated(principal.clone()),
            context: stranger_claims(issuer, st, &prefix, subject),
            notes: Vec::new(),
        };
        // This statement lets the stranger in, and no Deny keeps them out.
        sim::evaluate(&alone, version_2012, &req).allowed
            && sim::evaluate(policy, version_2012, &req).allowed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_issuers() {
        assert_eq!(
            Issuer::of_path("token.actions.githubusercontent.com"),
            Issuer::GitHub { enterprise: false }
        );
        assert_eq!(
            Issuer::of_path("token.actions.githubusercontent.com/octocat-inc"),
            Issuer::GitHub { enterprise: true }
        );
        assert_eq!(
            Issuer::of_path("github.example.com/_services/token"),
            Issuer::GitHub { enterprise: true }
        );
        assert_eq!(
            Issuer::of_path("oidc.eks.us-east-1.amazonaws.com/id/ABC"),
            Issuer::Eks
        );
        assert_eq!(Issuer::of_path("gitlab.com"), Issuer::GitLab);
        assert_eq!(Issuer::of_path("gitlab.example.com"), Issuer::Other);
        assert!(!Issuer::GitHub { enterprise: true }.shared());
        assert!(Issuer::GitHub { enterprise: false }.shared());
    }

    #[test]
    fn strangers_fill_the_owner_only_where_the_pattern_leaves_it_open() {
        let s = stranger_subjects(
            &GITHUB,
            &[
                "repo:octo-org*",
                "repo:octo-org/*",
                "repo:*:environment:prod",
                "*",
            ],
        );
        assert_eq!(
            s,
            [
                "repo:eksplain-stranger/any-repo:ref:refs/heads/main",
                "repo:octo-orgzz/any-repo:ref:refs/heads/main",
                "repo:zz/any-repo:environment:prod",
            ]
        );
    }
}
