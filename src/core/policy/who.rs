//! "Who can assume this role?" in words: for each statement, the service
//! accounts (IRSA) or Pod Identity associations it lets in, read from its
//! `sub` conditions and session-tag conditions.

use super::heredoc::Expander;
use super::issuer::{self, Issuer};
use super::keys::{self, SA_PREFIX};
use super::model::{CondEntry, Policy, Statement};
use super::operator::Family;
use super::provider::Provider;
use super::rules::{condition_key_never_present, policy_template};
use super::{claim_entries, oidc_principals, provider_of, use_of, Use};
use crate::core::finding::{Finding, Severity};
use crate::core::source::Path;

/// Describes one `sub` value: `system:serviceaccount:payments:api-*` under a
/// Like operator → "any service account in namespace `payments` whose name
/// starts with `api-`".
pub fn subject_phrase(value: &str, like: bool) -> String {
    let Some(rest) = value.strip_prefix(SA_PREFIX) else {
        return if like && value.chars().all(|c| c == '*') {
            "any subject".into()
        } else if like && value.contains(['*', '?']) {
            format!("any subject matching `{value}`")
        } else {
            format!("the subject `{value}`")
        };
    };
    if !like && (rest.contains('*') || rest.contains('?')) {
        return format!("only the literal subject `{value}` (`*` and `?` are not wildcards here)");
    }
    if !like {
        return match rest.split_once(':') {
            Some((ns, name)) => format!("service account `{name}` in namespace `{ns}`"),
            None => format!("the subject `{value}`"),
        };
    }
    let (ns, name) = match rest.split_once(':') {
        Some((ns, name)) => (ns, name),
        None if rest.chars().all(|c| c == '*') => {
            return "any service account in any namespace".into()
        }
        None => return format!("any service account whose subject matches `{value}`"),
    };
    let ns_part = match pattern(ns) {
        Pat::Any => "in any namespace".to_string(),
        Pat::Exact(s) => format!("in namespace `{s}`"),
        Pat::Prefix(p) => format!("in any namespace whose name starts with `{p}`"),
        Pat::Suffix(p) => format!("in any namespace whose name ends with `{p}`"),
        Pat::Other(p) => format!("in namespaces matching `{p}`"),
    };
    match pattern(name) {
        Pat::Any => format!("any service account {ns_part}"),
        Pat::Exact(s) => format!("service account `{s}` {ns_part}"),
        Pat::Prefix(p) => format!("any service account {ns_part} whose name starts with `{p}`"),
        Pat::Suffix(p) => format!("any service account {ns_part} whose name ends with `{p}`"),
        Pat::Other(p) => format!("any service account {ns_part} whose name matches `{p}`"),
    }
}

enum Pat<'a> {
    Any,
    Exact(&'a str),
    Prefix(&'a str),
    Suffix(&'a str),
    Other(&'a str),
}

fn pattern(p: &str) -> Pat<'_> {
    let wild = |s: &str| s.contains('*') || s.contains('?');
    if !p.is_empty() && p.chars().all(|c| c == '*') {
        Pat::Any
    } else if !wild(p) {
        Pat::Exact(p)
    } else if let Some(pre) = p.strip_suffix('*').filter(|s| !wild(s) && !s.is_empty()) {
        Pat::Prefix(pre)
    } else if let Some(suf) = p.strip_prefix('*').filter(|s| !wild(s) && !s.is_empty()) {
        Pat::Suffix(suf)
    } else {
        Pat::Other(p)
    }
}

fn is_like(c: &CondEntry) -> bool {
    matches!(c.op, Ok(op) if op.base.wildcards())
}

fn positive_string(c: &CondEntry) -> bool {
    matches!(c.op, Ok(op) if op.base.family() == Family::String && !op.base.negated())
}

fn negated_string(c: &CondEntry) -> bool {
    matches!(c.op, Ok(op) if op.base.family() == Family::String && op.base.negated())
}

fn values_phrase(c: &CondEntry) -> Vec<String> {
    c.values
        .iter()
        .map(|v| subject_phrase(&v.value, is_like(c)))
        .collect()
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// True when `path` is inside the statement at `st` (also when the policy sits
/// inside a larger document and paths carry its location first).
fn within(path: &Path, st: &Path) -> bool {
    let (p, s) = (path.segments(), st.segments());
    (0..=p.len().saturating_sub(s.len())).any(|i| p[i..].starts_with(s))
}

/// Findings that make a statement match no request, most telling first.
const NEVER_MATCHES: &[&str] = &[
    "TP026", "TP032", "TP016", "TP027", "TP029", "TP030", "TP031", "TP023", "TP033", "TP034",
    "TP035", "TP025", "TP018", "TP021", "TP010",
];

fn caveat(st: &Statement, findings: &[Finding], encoded: bool, partly: bool) -> String {
    // When some providers' tokens still match, TP034 is told by `shut_out`.
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error && within(&f.location.path, &st.path))
        // These say the statement works, for too many callers.
        .filter(|f| !super::rules::OPEN_TO_ANYONE.contains(&f.code()))
        .filter(|f| !(partly && f.code() == "TP034"))
        .collect();
    let first = NEVER_MATCHES
        .iter()
        .find_map(|code| errors.iter().find(|f| f.code() == *code))
        .or(errors.first());
    match first {
        Some(f) => {
            let at = f
                .location
                .pos
                .map(|p| format!(" at {}", super::input_place(encoded, p)))
                .unwrap_or_default();
            format!("; but as written it does not work ({}{at})", f.code())
        }
        None => String::new(),
    }
}

fn provider_phrase(p: &Provider) -> String {
    match &p.eks {
        Some(e) => format!("cluster `{}` ({})", e.id, e.region),
        None => format!("provider `{}`", p.path),
    }
}

/// The distinct OIDC providers a statement trusts.
fn providers(st: &Statement) -> Vec<Provider> {
    let mut out: Vec<Provider> = Vec::new();
    for p in oidc_principals(st).into_iter().filter_map(|(_, p)| p) {
        if !out
            .iter()
            .any(|q| q.path.eq_ignore_ascii_case(&p.provider.path))
        {
            out.push(p.provider);
        }
    }
    out
}

/// The trusted providers whose tokens can never satisfy the statement: it
/// requires (not `…IfExists`) a claim of another provider, which their
/// tokens do not carry (TP034).
fn shut_out(st: &Statement) -> Vec<Provider> {
    let all = providers(st);
    if all.len() < 2 {
        return Vec::new();
    }
    let owners: Vec<&str> = st
        .conditions
        .iter()
        .filter(|c| condition_key_never_present::fails_when_missing(c))
        .filter_map(|c| match keys::classify(&c.key) {
            keys::KeyKind::Claim { prefix, .. } => Some(prefix),
            _ => None,
        })
        .collect();
    all.iter()
        .filter(|p| {
            owners.iter().any(|o| {
                !o.eq_ignore_ascii_case(&p.path)
                    && all.iter().any(|q| q.path.eq_ignore_ascii_case(o))
            })
        })
        .cloned()
        .collect()
}

/// True when `c` is a claim of one of `out`'s providers.
fn claim_of(c: &CondEntry, out: &[Provider]) -> bool {
    matches!(keys::classify(&c.key), keys::KeyKind::Claim { prefix, .. }
        if out.iter().any(|p| p.path.eq_ignore_ascii_case(prefix)))
}

/// Who the statement lets in, counting only the providers not in `out`
/// (whose tokens never match) and their own `sub` conditions.
fn irsa(st: &Statement, out: &[Provider], by: Option<Expander>) -> String {
    let mut named: Vec<String> = Vec::new();
    for (_, p) in oidc_principals(st) {
        let phrase = p
            .filter(|p| {
                !out.iter()
                    .any(|o| o.path.eq_ignore_ascii_case(&p.provider.path))
            })
            .map(|p| provider_phrase(&p.provider));
        if let Some(phrase) = phrase.filter(|ph| !named.contains(ph)) {
            named.push(phrase);
        }
    }
    let cluster = if named.len() > 1 {
        or_list(&named)
    } else {
        match provider_of(st).map(|p| p.provider) {
            Some(p) => provider_phrase(&p),
            None => match oidc_principals(st).first() {
                Some((t, _)) if t.value.starts_with("${") => format!(
                    "the provider {} fills in (`{}`)",
                    by.unwrap_or(Expander::Terraform).name(),
                    t.value
                ),
                // `arn:aws:iam::${AWS::AccountId}:oidc-provider/${OIDCProvider}`
                Some((t, _)) if by == Some(Expander::CloudFormation) && t.value.contains("${") => {
                    let hole = t
                        .value
                        .rsplit_once("oidc-provider/")
                        .map_or(t.value.as_str(), |x| x.1);
                    format!("the provider CloudFormation fills in (`{hole}`)")
                }
                _ => "the named provider".to_string(),
            },
        }
    };
    let mut subs = claim_entries(st, "sub");
    subs.retain(|c| !claim_of(c, out));
    let mut allowed: Vec<String> = Vec::new();
    for phrase in subs
        .iter()
        .filter(|c| positive_string(c))
        .map(|c| or_list(&values_phrase(c)))
    {
        // The same subject required of two providers is one subject.
        if !phrase.is_empty() && !allowed.contains(&phrase) {
            allowed.push(phrase);
        }
    }
    let excluded: Vec<String> = subs
        .iter()
        .filter(|c| negated_string(c))
        .flat_map(|c| values_phrase(c))
        .collect();
    // An operator Terraform fills in: who the condition lets in is unknown.
    let computed = subs.iter().any(|c| c.op_text.starts_with("${"));
    let block = st
        .computed
        .as_ref()
        .filter(|t| st.effect.as_ref().is_none_or(|e| e.pos != t.pos));
    let mut out = if let Some(t) = block {
        let also = match allowed.is_empty() {
            true => String::new(),
            false => format!(
                " (the conditions written out name {})",
                allowed.join(" and ")
            ),
        };
        format!(
            "the service accounts Terraform's `{}` lets in, of {cluster}{also}",
            t.value
        )
    } else if computed && allowed.is_empty() {
        format!("the service accounts Terraform's `sub` condition names, of {cluster}")
    } else if allowed.is_empty() {
        format!("any service account in any namespace of {cluster}")
    } else {
        // Conditions of one statement all hold at once: the subject must
        // match every `sub` condition, not any of them.
        match allowed.split_first() {
            Some((first, rest)) if !rest.is_empty() => format!(
                "{first} of {cluster}, and only if it is also {}",
                rest.join(" and ")
            ),
            _ => format!("{} of {cluster}", allowed.join("")),
        }
    };
    if !excluded.is_empty() {
        out.push_str(&format!(", except {}", or_list(&excluded)));
    }
    out
}

/// The service a web-identity statement trusts, when it is not an EKS
/// cluster (nor an issuer eksplain does not know): GitHub Actions, GitLab…
/// A provider Terraform fills in counts as GitHub's when the subjects are
/// GitHub's (`repo:OWNER/REPO:…`).
pub fn service(st: &Statement) -> Option<(Issuer, Option<String>)> {
    if let Some((i, _, path)) = issuer::of_statement(st) {
        return (!matches!(i, Issuer::Eks | Issuer::Other)).then_some((i, Some(path)));
    }
    let github_subjects = claim_entries(st, "sub").iter().any(|c| {
        positive_string(c)
            && c.values
                .iter()
                .any(|v| v.value.starts_with("repo:") && v.value.contains('/'))
    });
    (github_subjects && st.principals("Federated").any(|t| t.value.contains('$')))
        .then_some((Issuer::GitHub { enterprise: false }, None))
}

/// Describes one GitHub Actions `sub` value: `repo:octo-org/deploy:ref:refs/heads/main`
/// → "workflows on branch `main` of repository `octo-org/deploy`".
pub fn github_subject(value: &str, like: bool) -> String {
    let wild = |s: &str| like && s.contains(['*', '?']);
    let generic = || {
        if like && value.contains(['*', '?']) {
            format!("any subject matching `{value}`")
        } else {
            format!("the subject `{value}`")
        }
    };
    if !like && value.contains(['*', '?']) {
        return format!("only the literal subject `{value}` (`*` and `?` are not wildcards here)");
    }
    if like && value.chars().all(|c| c == '*') {
        return Issuer::GitHub { enterprise: false }.everyone().into();
    }
    let Some(body) = value.strip_prefix("repo:") else {
        return generic();
    };
    // `repo:*`, `repo:*/*`, `repo:*/*:*`: every owner's repositories.
    if like
        && body
            .split([':', '/'])
            .all(|part| !part.is_empty() && part.chars().all(|c| c == '*'))
    {
        return Issuer::GitHub { enterprise: false }.everyone().into();
    }
    let (repo, rest) = match body.split_once(':') {
        Some((r, rest)) => (r, Some(rest)),
        None => (body, None),
    };
    let (repo_words, any_repo) = match repo.split_once('/') {
        Some((o, "*")) if like && !wild(o) && !o.is_empty() => {
            (format!("any repository of `{o}`"), true)
        }
        Some((o, r)) if !wild(o) && !wild(r) && !o.is_empty() && !r.is_empty() => {
            (format!("repository `{o}/{r}`"), false)
        }
        // `repo:acme*`: the `*` runs on from the owner's name.
        None if like => match repo.strip_suffix('*') {
            Some(p) if !p.is_empty() && !p.contains(['*', '?']) => (
                format!("any repository of any owner whose name starts with `{p}` (anyone can create one)"),
                true,
            ),
            _ => return generic(),
        },
        _ => return generic(),
    };
    let matching = |what: &str, whats: &str, v: &str| {
        if like && v.chars().all(|c| c == '*') {
            format!("any {what}")
        } else if wild(v) {
            format!("{whats} matching `{v}`")
        } else {
            format!("{what} `{v}`")
        }
    };
    match rest {
        None if any_repo => format!("any workflow in {repo_words}"),
        None => generic(),
        Some("*") if like => {
            format!("any workflow in {repo_words} (any branch, tag, environment or pull request)")
        }
        Some("pull_request") => format!("pull-request workflows in {repo_words}"),
        Some(r) => {
            if let Some(b) = r.strip_prefix("ref:refs/heads/") {
                format!(
                    "workflows on {} in {repo_words}",
                    matching("branch", "branches", b)
                )
            } else if let Some(t) = r.strip_prefix("ref:refs/tags/") {
                format!(
                    "workflows on {} in {repo_words}",
                    matching("tag", "tags", t)
                )
            } else if let Some(e) = r.strip_prefix("environment:") {
                format!(
                    "jobs that use {} in {repo_words}",
                    matching("environment", "environments", e)
                )
            } else {
                generic()
            }
        }
    }
}

/// Who a statement trusting a CI service or identity provider lets in,
/// read from its `sub` conditions and the other claims that name the caller.
fn web_identity(st: &Statement, issuer: Issuer, path: Option<&str>) -> String {
    let mut allowed: Vec<String> = Vec::new();
    for c in st.conditions.iter().filter(|c| positive_string(c)) {
        let keys::KeyKind::Claim { claim, .. } = keys::classify(&c.key) else {
            continue;
        };
        if !issuer.identifies(claim) {
            continue;
        }
        let like = is_like(c);
        let words: Vec<String> = c
            .values
            .iter()
            .map(|v| match issuer {
                Issuer::GitHub { .. } if claim.eq_ignore_ascii_case("sub") => {
                    github_subject(&v.value, like)
                }
                _ if claim.eq_ignore_ascii_case("sub") => subject_phrase(&v.value, like),
                _ => claim_phrase(
                    issuer,
                    claim,
                    &v.value,
                    like && v.value.contains(['*', '?']),
                ),
            })
            .collect();
        let phrase = or_list(&words);
        if !phrase.is_empty() && !allowed.contains(&phrase) {
            allowed.push(phrase);
        }
    }
    // `StringNotEquals`/`StringNotLike` on `sub` only shut out what they list.
    let excluded: Vec<String> = claim_entries(st, "sub")
        .iter()
        .filter(|c| negated_string(c))
        .flat_map(|c| {
            let like = is_like(c);
            c.values.iter().map(move |v| match issuer {
                Issuer::GitHub { .. } => github_subject(&v.value, like),
                _ => subject_phrase(&v.value, like),
            })
        })
        .collect();
    let mut out = match allowed.split_first() {
        None => issuer.everyone().to_string(),
        Some((first, rest)) if !rest.is_empty() => {
            format!("{first}, and only if it is also {}", rest.join(" and "))
        }
        Some((first, _)) => first.clone(),
    };
    if !excluded.is_empty() {
        out.push_str(&format!(", except {}", or_list(&excluded)));
    }
    // An enterprise's own issuer.
    if let (Issuer::GitHub { enterprise: true }, Some(p)) = (issuer, path) {
        out.push_str(&format!(" (issuer `{p}`)"));
    }
    out
}

/// Describes a condition on a claim other than `sub` that names the caller.
fn claim_phrase(issuer: Issuer, claim: &str, value: &str, pattern: bool) -> String {
    let v = if pattern {
        format!("matching `{value}`")
    } else {
        format!("`{value}`")
    };
    match (issuer, claim.to_ascii_lowercase().as_str()) {
        (Issuer::GitHub { .. }, "repository") => format!("any workflow in repository {v}"),
        (Issuer::Cognito, "aud") => format!("users of identity pool {v}"),
        (Issuer::Google, "aud" | "oaud") => {
            format!("any Google account signed in to the application with client ID {v}")
        }
        (Issuer::Google, "email") => format!("the Google account {v}"),
        (Issuer::Google, "hd") => format!("Google accounts of the domain {v}"),
        _ => format!("callers whose `{claim}` claim is {v}"),
    }
}

fn tag_values(st: &Statement, tag: &str) -> Option<(bool, Vec<String>)> {
    st.conditions
        .iter()
        .filter(|c| positive_string(c))
        .find(|c| {
            keys::tag_key(&c.key).is_some_and(|(k, t)| {
                k.eq_ignore_ascii_case("RequestTag") && t.eq_ignore_ascii_case(tag)
            })
        })
        .map(|c| {
            (
                is_like(c),
                c.values.iter().map(|v| format!("`{}`", v.value)).collect(),
            )
        })
}

fn pod_identity(st: &Statement) -> String {
    let mut out = "pods whose service account has an EKS Pod Identity association with this role, in any cluster of the account".to_string();
    let mut limits = Vec::new();
    for (tag, what) in [
        ("kubernetes-namespace", "namespace"),
        ("kubernetes-service-account", "service account"),
        ("eks-cluster-name", "cluster"),
        ("eks-cluster-arn", "cluster"),
    ] {
        if let Some((like, vals)) = tag_values(st, tag) {
            let verb = if like { "matching" } else { "" };
            let vals = or_list(&vals);
            limits.push(if like {
                format!("{what} {verb} {vals}")
            } else {
                format!("{what} {vals}")
            });
        }
    }
    if !limits.is_empty() {
        out.push_str(&format!(", only {}", limits.join(", ")));
    }
    out
}

fn other(st: &Statement) -> String {
    let mut names = Vec::new();
    for kind in ["AWS", "Federated", "Service", "CanonicalUser"] {
        for t in st.principals(kind) {
            names.push(if t.value == "*" {
                "anyone (`*`)".to_string()
            } else {
                format!("{kind} `{}`", t.value)
            });
        }
    }
    if let Some(super::model::Principal::Bare(t)) = &st.principal {
        names.push(format!("`{}`", t.value));
    }
    let mut out = if names.is_empty() {
        "no principal".to_string()
    } else {
        names.join(", ")
    };
    if !st.conditions.is_empty() {
        out.push_str(" (under the conditions below)");
    }
    out
}

/// The TP038 finding about documents merged in by `attr`.
fn merged<'a>(findings: &'a [Finding], attr: &str) -> Option<&'a Finding> {
    findings.iter().find(|f| {
        f.code() == "TP038"
            && f.location
                .path
                .segments()
                .last()
                .is_some_and(|s| *s == crate::core::source::Seg::Key(attr.to_string().into()))
    })
}

fn place(f: &Finding) -> String {
    f.location.pos.map_or_else(
        || "the document".to_string(),
        |p| format!("line {}", p.line),
    )
}

/// What a statement's answer holds only if Terraform renders it: a
/// condition from a `dynamic` block whose `for_each` may be empty, or a
/// statement `override_policy_documents` may replace.
fn rendered_or_not(st: &Statement, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings.iter().filter(|f| {
        f.code() == "TP038"
            && f.message.contains(policy_template::IF_NONE)
            && within(&f.location.path, &st.path)
    }) {
        out.push_str(&format!(
            " — if Terraform renders the dynamic condition at {}",
            place(f)
        ));
        if f.message.contains("`sub` condition") {
            let cluster = provider_of(st)
                .map_or("the provider".to_string(), |p| provider_phrase(&p.provider));
            out.push_str(&format!(
                "; otherwise any service account in any namespace of {cluster}"
            ));
        }
    }
    if let Some(f) = merged(findings, "override_policy_documents").filter(|_| st.sid.is_some()) {
        out.push_str(&format!(
            " — unless `override_policy_documents` ({}) replaces it",
            place(f)
        ));
    }
    out
}

/// One sentence per statement, Allow statements first.
pub fn summary(policy: &Policy, findings: &[Finding]) -> Vec<String> {
    summary_in(policy, findings, false)
}

/// [`summary`], for an input that is a URL-encoded policy when `encoded`:
/// places then name their column, as all decode from one line.
pub fn summary_in(policy: &Policy, findings: &[Finding], encoded: bool) -> Vec<String> {
    // Findings about the paste's other policies say nothing about this one.
    let own: Vec<Finding> = findings
        .iter()
        .filter(|f| !f.message.starts_with(super::IN_OTHER))
        .cloned()
        .collect();
    let findings = own.as_slice();
    let mut out = Vec::new();
    let mut allows = 0;
    let mut computed_effects = 0;
    for deny in [false, true] {
        for st in &policy.statements {
            let effect = st.effect().unwrap_or("");
            // An Effect Terraform fills in: listed with the Allows, as what
            // the statement does if it is one.
            let effect_by_terraform = st
                .computed
                .as_ref()
                .filter(|t| st.effect.as_ref().is_some_and(|e| e.pos == t.pos));
            if let Some(t) = effect_by_terraform {
                if !deny {
                    computed_effects += 1;
                    let (who, how) = match (use_of(st), service(st)) {
                        (Use::WebIdentity, Some((i, p))) => {
                            (web_identity(st, i, p.as_deref()), i.via())
                        }
                        (Use::WebIdentity, None) => (irsa(st, &[], policy.filled_by), "via IRSA"),
                        (Use::PodIdentity, _) => (pod_identity(st), "via EKS Pod Identity"),
                        (Use::Other, _) => (other(st), "directly"),
                    };
                    out.push(format!(
                        "Depends on `{}`, which Terraform fills in: if it is Allow, {who} — {how}, {}",
                        t.value,
                        st.label()
                    ));
                }
                continue;
            }
            if (effect == "Deny") != deny || (effect != "Allow" && effect != "Deny") {
                continue;
            }
            let dead = match use_of(st) {
                Use::WebIdentity => shut_out(st),
                _ => Vec::new(),
            };
            // Some providers' tokens match, others' never do.
            let partly = !dead.is_empty() && dead.len() < providers(st).len();
            let dead = if partly { dead } else { Vec::new() };
            let (who, how) = match (use_of(st), service(st)) {
                (Use::WebIdentity, Some((i, p))) => (web_identity(st, i, p.as_deref()), i.via()),
                (Use::WebIdentity, None) => (irsa(st, &dead, policy.filled_by), "via IRSA"),
                // Built-in web identity providers have no ARN.
                (Use::Other, Some((i, p))) => (web_identity(st, i, p.as_deref()), i.via()),
                (Use::PodIdentity, _) => (pod_identity(st), "via EKS Pod Identity"),
                (Use::Other, None) => (other(st), "directly"),
            };
            let mut who = who;
            if let Some(first) = who.get(..1) {
                who = first.to_uppercase() + &who[1..];
            }
            let mut tail = caveat(st, findings, encoded, partly);
            tail.push_str(&rendered_or_not(st, findings));
            if partly {
                let names: Vec<String> = dead.iter().map(provider_phrase).collect();
                let tp034 = findings
                    .iter()
                    .find(|f| f.code() == "TP034" && within(&f.location.path, &st.path))
                    .map(|f| match f.location.pos {
                        Some(p) => format!(" (TP034 at {})", super::input_place(encoded, p)),
                        None => " (TP034)".to_string(),
                    })
                    .unwrap_or_default();
                tail.push_str(&format!(
                    "; it also names {}, but requires claims that tokens of {} never carry, so no service account there can assume the role{tp034}",
                    or_list(&names).replace(" or ", " and "),
                    if names.len() == 1 { "that cluster" } else { "those clusters" },
                ));
            }
            let line = if deny {
                format!("Denied: {who} — {how}, {}{tail}", st.label())
            } else {
                allows += 1;
                format!("{who} — {how}, {}{tail}", st.label())
            };
            out.push(line);
        }
    }
    if let Some(f) = merged(findings, "source_policy_documents") {
        out.push(format!(
            "Also whoever the statements Terraform adds from `source_policy_documents` ({}) let in",
            place(f)
        ));
    }
    if allows == 0 && computed_effects == 0 {
        out.insert(0, "No one: the policy has no valid Allow statement.".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_subjects_and_patterns() {
        let cases = [
            (
                "system:serviceaccount:payments:api",
                false,
                "service account `api` in namespace `payments`",
            ),
            (
                "system:serviceaccount:payments:*",
                true,
                "any service account in namespace `payments`",
            ),
            (
                "system:serviceaccount:payments:api-*",
                true,
                "any service account in namespace `payments` whose name starts with `api-`",
            ),
            (
                "system:serviceaccount:*:api",
                true,
                "service account `api` in any namespace",
            ),
            (
                "system:serviceaccount:team-*:*",
                true,
                "any service account in any namespace whose name starts with `team-`",
            ),
            (
                "system:serviceaccount:*",
                true,
                "any service account in any namespace",
            ),
            ("*", true, "any subject"),
        ];
        for (v, like, want) in cases {
            assert_eq!(subject_phrase(v, like), want, "{v}");
        }
    }

    #[test]
    fn names_every_trusted_cluster_and_a_repeated_subject_once() {
        let text = r#"{"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"Federated": ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC", "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/DEF"]}, "Action": "sts:AssumeRoleWithWebIdentity",
           "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:payments:api", "oidc.eks.eu-west-1.amazonaws.com/id/DEF:sub": "system:serviceaccount:payments:api"}}}
        ]}"#;
        let (_, policy) = super::super::load(text).unwrap();
        let s = summary(&policy, &[]);
        assert_eq!(s[0], "Service account `api` in namespace `payments` of cluster `ABC` (us-east-1) or cluster `DEF` (eu-west-1) — via IRSA, Statement[0]");
    }

    /// A statement naming two clusters but requiring only cluster A's claims
    /// works for A (the simulator allows `ns:sa` there) and never for B: the
    /// summary says both, not "does not work".
    #[test]
    fn says_which_cluster_a_partly_working_statement_lets_in() {
        for text in [
            include_str!("../../../tests/fixtures/trust-policy/irsa-two-clusters-second-without-conditions.json"),
            include_str!("../../../tests/fixtures/trust-policy/irsa-two-clusters-second-only-excluded.json"),
        ] {
            let (findings, _) = crate::core::policy::analyze(text, &Default::default());
            let (_, policy) = super::super::load(text).unwrap();
            let s = summary(&policy, &findings);
            assert_eq!(s[0], "Service account `sa` in namespace `ns` of cluster `AAAA1111AAAA1111AAAA1111AAAA1111` (us-east-1) — via IRSA, Statement[0]; it also names cluster `BBBB2222BBBB2222BBBB2222BBBB2222` (us-east-1), but requires claims that tokens of that cluster never carry, so no service account there can assume the role (TP034 at line 11)");
        }
        // No token matches at all: then it does not work.
        let text = include_str!(
            "../../../tests/fixtures/trust-policy/irsa-two-clusters-second-without-sub.json"
        );
        let (findings, _) = crate::core::policy::analyze(text, &Default::default());
        let (_, policy) = super::super::load(text).unwrap();
        assert!(summary(&policy, &findings)[0]
            .ends_with("; but as written it does not work (TP034 at line 17)"));
    }

    /// Two `sub` conditions of one statement both hold: the summary says the
    /// subject must match both, not either (the review's and.json).
    #[test]
    fn two_sub_conditions_of_a_statement_both_apply() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:payments:api"},
                        "StringLike": {"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:payments:*"}}}]}"#;
        let (_, policy) = super::super::load(text).unwrap();
        assert_eq!(summary(&policy, &[])[0], "Service account `api` in namespace `payments` of cluster `ABC` (us-east-1), and only if it is also any service account in namespace `payments` — via IRSA, Statement[0]");
    }

    #[test]
    fn summarises_a_policy() {
        let text = r#"{"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"}, "Action": "sts:AssumeRoleWithWebIdentity",
           "Condition": {"StringLike": {"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:payments:api-*"}}},
          {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"],
           "Condition": {"StringEquals": {"aws:RequestTag/kubernetes-namespace": "payments"}}}
        ]}"#;
        let (_, policy) = super::super::load(text).unwrap();
        let s = summary(&policy, &[]);
        assert_eq!(s[0], "Any service account in namespace `payments` whose name starts with `api-` of cluster `ABC` (us-east-1) — via IRSA, Statement[0]");
        assert_eq!(s[1], "Pods whose service account has an EKS Pod Identity association with this role, in any cluster of the account, only namespace `payments` — via EKS Pod Identity, Statement[1]");
    }

    /// An Effect or Condition Terraform computes decides who gets in: the
    /// summary says what it depends on, not "no one" or "any service
    /// account" (the Condition may well hold the `sub` restriction).
    #[test]
    fn a_computed_effect_or_condition_is_what_the_answer_depends_on() {
        let load = |name: &str| {
            let path = format!(
                "{}/tests/fixtures/trust-policy/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(path).unwrap();
            summary(&super::super::load(&text).unwrap().1, &[])
        };
        assert_eq!(load("terraform-effect-variable.tf"), ["Depends on `var.effect`, which Terraform fills in: if it is Allow, any service account in any namespace of cluster `ABC` (us-east-1) — via IRSA, Statement[0]"]);
        assert_eq!(load("terraform-condition-local.tf"), ["The service accounts Terraform's `local.irsa_conditions` lets in, of cluster `ABC` (us-east-1) — via IRSA, Statement[0]"]);
        assert_eq!(load("terraform-condition-merge-for.tf"), ["The service accounts Terraform's `merge({ \"oidc.eks.us-east-1.amazonaws.com/id/ABC:aud\" = \"sts.amazonaws.com\" }, { for k, v …` lets in, of cluster `ABC` (us-east-1) — via IRSA, Statement[0]"]);
    }

    #[test]
    fn describes_github_subjects() {
        let cases = [
            ("repo:octo-org/infra:ref:refs/heads/main", false, "workflows on branch `main` in repository `octo-org/infra`"),
            ("repo:octo-org/infra:ref:refs/tags/v*", true, "workflows on tags matching `v*` in repository `octo-org/infra`"),
            ("repo:octo-org/infra:ref:refs/heads/*", true, "workflows on any branch in repository `octo-org/infra`"),
            ("repo:octo-org/infra:environment:production", false, "jobs that use environment `production` in repository `octo-org/infra`"),
            ("repo:octo-org/infra:pull_request", false, "pull-request workflows in repository `octo-org/infra`"),
            ("repo:octo-org/infra:*", true, "any workflow in repository `octo-org/infra` (any branch, tag, environment or pull request)"),
            ("repo:octo-org/*", true, "any workflow in any repository of `octo-org`"),
            ("repo:octo*", true, "any workflow in any repository of any owner whose name starts with `octo` (anyone can create one)"),
            ("repo:*", true, "a workflow in anyone's repository on GitHub"),
            ("repo:octo-org/infra:*", false, "only the literal subject `repo:octo-org/infra:*` (`*` and `?` are not wildcards here)"),
            ("repository_owner_id:42:environment:prod", false, "the subject `repository_owner_id:42:environment:prod`"),
        ];
        for (value, like, want) in cases {
            assert_eq!(github_subject(value, like), want, "{value}");
        }
    }
}
