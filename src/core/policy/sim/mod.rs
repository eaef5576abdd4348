//! A simulator of how IAM evaluates a role trust policy for one request, with
//! a trace in words.
//!
//! The logic follows the IAM documentation: a statement applies when its
//! principal, action and every condition match. Within a condition, several
//! operators, and several keys under one operator, must all hold (AND);
//! several values for one key are alternatives (OR). A key missing from the
//! request makes a condition false — except for negated operators
//! (`StringNotEquals`, `StringNotLike`, `ArnNotLike`, `NotIpAddress`, …), which
//! are then true, `…IfExists` operators (true), `Null` (which tests exactly
//! that) and `ForAllValues:` (true on an empty set). An explicit Deny wins over
//! any Allow; with no applicable Allow the answer is an implicit deny.

mod condition;
mod fill;

pub use fill::{fill, fill_in};

use super::glob;
use super::keys::POD_IDENTITY_SERVICE;
use super::model::{Policy, Principal, Statement};
use crate::core::source::Pos;
use condition::{condition, quoted};
use std::fmt::Write as _;

/// Who is asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// A web identity token from the OIDC provider with this ARN.
    Federated(String),
    /// An AWS service, e.g. `pods.eks.amazonaws.com`.
    Service(String),
    /// An IAM role or user (its ARN), calling `sts:AssumeRole`.
    Aws(String),
}

impl Caller {
    fn describe(&self) -> String {
        match self {
            Caller::Federated(a) => format!("Federated `{a}`"),
            Caller::Service(s) => format!("Service `{s}`"),
            Caller::Aws(a) => format!("AWS `{a}`"),
        }
    }
}

/// A request context key and its values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextKey {
    pub key: String,
    pub values: Vec<String>,
}

/// One STS request as IAM sees it when it evaluates the trust policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Every action must be allowed (Pod Identity needs AssumeRole and TagSession).
    pub actions: Vec<String>,
    pub caller: Caller,
    pub context: Vec<ContextKey>,
    /// Assumptions the request was built on, shown with the trace.
    pub notes: Vec<String>,
}

impl Request {
    /// The values of `key` (key names are not case-sensitive).
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.context
            .iter()
            .find(|c| c.key.eq_ignore_ascii_case(key))
            .map(|c| c.values.as_slice())
    }
}

/// The result of one check of a statement, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub ok: bool,
    pub text: String,
    pub pos: Option<Pos>,
}

/// How one statement fared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementTrace {
    pub label: String,
    pub pos: Pos,
    pub effect: String,
    pub principal: Check,
    pub action: Check,
    pub conditions: Vec<Check>,
    /// Principal, action and all conditions match.
    pub applies: bool,
    /// Whether it applies depends on what Terraform computes (its Effect or
    /// Condition): the expression, when principal and action match.
    pub depends: Option<String>,
}

/// The outcome for one action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Allowed by this statement (label).
    Allowed(String),
    /// Denied explicitly by this statement (label).
    ExplicitDeny(String),
    /// No statement allows it.
    ImplicitDeny,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionResult {
    pub action: String,
    pub outcome: Outcome,
    pub statements: Vec<StatementTrace>,
}

/// The decision for a whole request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub actions: Vec<ActionResult>,
}

/// True when condition `c` holds for `req`, as [`evaluate`] judges it.
pub fn holds(c: &super::model::CondEntry, v2012: bool, req: &Request) -> bool {
    condition(c, v2012, req).ok
}

/// Evaluates `policy` for `req`.
pub fn evaluate(policy: &Policy, version_2012: bool, req: &Request) -> Decision {
    let actions: Vec<ActionResult> = req
        .actions
        .iter()
        .map(|a| evaluate_action(policy, version_2012, req, a))
        .collect();
    Decision {
        allowed: !actions.is_empty()
            && actions
                .iter()
                .all(|a| matches!(a.outcome, Outcome::Allowed(_))),
        actions,
    }
}

fn evaluate_action(policy: &Policy, v2012: bool, req: &Request, action: &str) -> ActionResult {
    let statements: Vec<StatementTrace> = policy
        .statements
        .iter()
        .map(|st| statement(st, v2012, req, action))
        .collect();
    let deny = statements.iter().find(|t| t.applies && t.effect == "Deny");
    let allow = statements.iter().find(|t| t.applies && t.effect == "Allow");
    let outcome = match (deny, allow) {
        (Some(d), _) => Outcome::ExplicitDeny(d.label.clone()),
        (None, Some(a)) => Outcome::Allowed(a.label.clone()),
        (None, None) => Outcome::ImplicitDeny,
    };
    ActionResult {
        action: action.to_string(),
        outcome,
        statements,
    }
}

fn statement(st: &Statement, v2012: bool, req: &Request, action: &str) -> StatementTrace {
    let effect = st.effect().unwrap_or("").to_string();
    let principal = principal_check(st, &req.caller);
    let action_check = action_check(st, action);
    let conditions: Vec<Check> = st
        .conditions
        .iter()
        .map(|c| condition(c, v2012, req))
        .collect();
    let valid_effect = effect == "Allow" || effect == "Deny";
    let depends = st
        .computed
        .as_ref()
        .filter(|_| principal.ok && action_check.ok && conditions.iter().all(|c| c.ok))
        .map(|t| t.value.clone());
    StatementTrace {
        label: st.label(),
        pos: st.pos,
        depends: depends.clone(),
        applies: depends.is_none()
            && valid_effect
            && principal.ok
            && action_check.ok
            && conditions.iter().all(|c| c.ok),
        effect,
        principal,
        action: action_check,
        conditions,
    }
}

fn principal_matches(p: &Principal, caller: &Caller) -> bool {
    match p {
        Principal::Bare(t) => t.value == "*",
        Principal::Map(entries) => entries.iter().any(|e| {
            e.values.iter().any(|v| match (e.kind.as_str(), caller) {
                ("AWS", Caller::Aws(arn)) => aws_principal_matches(&v.value, arn),
                ("AWS", _) => v.value == "*",
                ("Federated", Caller::Federated(arn)) => v.value == *arn,
                ("Service", Caller::Service(s)) => v.value.eq_ignore_ascii_case(s),
                _ => false,
            })
        }),
    }
}

/// How an `AWS` principal value names an IAM caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AwsMatch {
    /// `*`: every principal.
    Anyone,
    /// The caller's own ARN.
    Exact,
    /// A role ARN, and the caller is a session of that role (role chaining:
    /// what calls `sts:AssumeRole` is always a session, `arn:…:sts::ACCT:assumed-role/NAME/SESSION`).
    RoleOfSession,
    /// The caller's account (`111122223333` or `arn:aws:iam::111122223333:root`):
    /// the trust policy delegates to the account, whose own policies decide.
    Account,
}

/// An ARN's parts; `None` when `s` is not `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
fn arn_parts(s: &str) -> Option<[&str; 5]> {
    let mut it = s.splitn(6, ':');
    if it.next()? != "arn" {
        return None;
    }
    Some([it.next()?, it.next()?, it.next()?, it.next()?, it.next()?])
}

/// Whether an `AWS` principal value names the IAM caller `caller`, and how.
/// IAM compares ARNs exactly (no wildcards but a whole `*`); a role ARN also
/// names the sessions of that role, whose ARNs carry the role's name but not
/// its path; an account (its ID or its `:root` ARN) names every role and user
/// in it, in the same partition.
fn aws_principal_match(value: &str, caller: &str) -> Option<AwsMatch> {
    if value == "*" {
        return Some(AwsMatch::Anyone);
    }
    if value == caller {
        return Some(AwsMatch::Exact);
    }
    let [c_partition, c_service, _, c_account, c_resource] = arn_parts(caller)?;
    let account_id = value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit());
    if account_id {
        return (value == c_account).then_some(AwsMatch::Account);
    }
    let [partition, service, _, account, resource] = arn_parts(value)?;
    if partition != c_partition || service != "iam" || account != c_account {
        return None;
    }
    if resource == "root" {
        return Some(AwsMatch::Account);
    }
    let role = resource.strip_prefix("role/")?.rsplit('/').next()?;
    let session_of = c_resource
        .strip_prefix("assumed-role/")
        .and_then(|r| r.split('/').next());
    (c_service == "sts" && session_of == Some(role)).then_some(AwsMatch::RoleOfSession)
}

fn aws_principal_matches(value: &str, caller: &str) -> bool {
    aws_principal_match(value, caller).is_some()
}

/// Whether `NotPrincipal` leaves the caller out: `None` when it does; else
/// what of the caller is not listed (empty when nothing is). An IAM caller
/// carries several identities — its account, and for a session the role too —
/// and IAM may check any of them against `NotPrincipal`, which compares ARNs
/// exactly: a caller is left out only when its own ARN, its account and (for a
/// session) its role are all listed.
fn not_principal_missing(np: &Principal, caller: &Caller) -> Option<Vec<String>> {
    let Caller::Aws(arn) = caller else {
        return (!principal_matches(np, caller)).then(Vec::new);
    };
    let values: Vec<&str> = match np {
        Principal::Bare(t) => vec![t.value.as_str()],
        Principal::Map(entries) => entries
            .iter()
            .filter(|e| e.kind == "AWS")
            .flat_map(|e| e.values.iter().map(|v| v.value.as_str()))
            .collect(),
    };
    if values.contains(&"*") {
        return None;
    }
    let listed = |how: AwsMatch| {
        values
            .iter()
            .any(|v| aws_principal_match(v, arn) == Some(how))
    };
    let parts = arn_parts(arn);
    let session = parts.is_some_and(|[_, service, _, _, resource]| {
        service == "sts" && resource.starts_with("assumed-role/")
    });
    let mut missing = Vec::new();
    if !listed(AwsMatch::Exact) {
        missing.push(format!("`{arn}`"));
    }
    if session && !listed(AwsMatch::RoleOfSession) {
        missing.push("the session's role".to_string());
    }
    if !listed(AwsMatch::Account) {
        let account = parts.map(|[p, _, _, a, _]| format!("`arn:{p}:iam::{a}:root`"));
        missing.push(account.unwrap_or_else(|| "the caller's account".into()));
    }
    (!missing.is_empty()).then_some(missing)
}

/// What the principal check adds when an `AWS` principal names the caller
/// other than by its own ARN.
fn aws_match_note(p: &Principal, caller: &str) -> Option<String> {
    let Principal::Map(entries) = p else {
        return None;
    };
    let (value, how) = entries
        .iter()
        .filter(|e| e.kind == "AWS")
        .flat_map(|e| &e.values)
        .find_map(|v| Some((&v.value, aws_principal_match(&v.value, caller)?)))?;
    match how {
        AwsMatch::Exact => None,
        AwsMatch::Anyone => Some(format!(
            " (`{value}` names every principal, in any account)"
        )),
        AwsMatch::RoleOfSession => Some(format!(
            " (`{value}` names the role, and the caller is a session of it)"
        )),
        AwsMatch::Account => Some(format!(
            " (`{value}` names the caller's whole account: the trust policy delegates to it, so the caller's own IAM policies must also allow the action on this role — not simulated here)"
        )),
    }
}

fn listed(p: &Principal) -> String {
    match p {
        Principal::Bare(t) => format!("`{}`", t.value),
        Principal::Map(entries) => entries
            .iter()
            .flat_map(|e| {
                e.values
                    .iter()
                    .map(move |v| format!("{} `{}`", e.kind, v.value))
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn principal_check(st: &Statement, caller: &Caller) -> Check {
    let pos = st
        .principal
        .as_ref()
        .or(st.not_principal.as_ref())
        .map(|p| match p {
            Principal::Bare(t) => t.pos,
            Principal::Map(e) => e.first().map(|e| e.kind_pos).unwrap_or(st.pos),
        });
    let (ok, text) = match (&st.principal, &st.not_principal) {
        (Some(p), _) if principal_matches(p, caller) => (
            true,
            format!(
                "principal: the request comes from {}, which the statement names{}",
                caller.describe(),
                match caller {
                    Caller::Aws(arn) => aws_match_note(p, arn).unwrap_or_default(),
                    _ => String::new(),
                }
            ),
        ),
        (Some(p), _) => (
            false,
            format!(
                "principal: the request comes from {}, but the statement names {}",
                caller.describe(),
                if listed(p).is_empty() {
                    "no principal".to_string()
                } else {
                    listed(p)
                }
            ),
        ),
        (None, Some(np)) => match not_principal_missing(np, caller) {
            None => (
                false,
                format!("principal: NotPrincipal lists {}", caller.describe()),
            ),
            Some(missing) if missing.is_empty() || !principal_matches(np, caller) => (
                true,
                format!(
                    "principal: NotPrincipal does not list {}, so the statement applies to it",
                    caller.describe()
                ),
            ),
            Some(missing) => (
                true,
                format!(
                    "principal: NotPrincipal names {} only in part, so the statement applies to it: IAM may check {} first, and it is not listed",
                    caller.describe(),
                    missing.join(" and ")
                ),
            ),
        },
        (None, None) => (
            false,
            "principal: the statement names no principal".to_string(),
        ),
    };
    Check { ok, text, pos }
}

fn action_check(st: &Statement, action: &str) -> Check {
    if let Some(list) = &st.action {
        let hit = list.iter().find(|a| glob::matches(&a.value, action, true));
        return match hit {
            Some(a) if a.value.eq_ignore_ascii_case(action) => Check {
                ok: true,
                text: format!("action: `{action}` is listed"),
                pos: Some(a.pos),
            },
            Some(a) => Check {
                ok: true,
                text: format!("action: `{action}` matches `{}`", a.value),
                pos: Some(a.pos),
            },
            None => Check {
                ok: false,
                text: format!(
                    "action: `{action}` is not among {}",
                    list.iter()
                        .map(|a| format!("`{}`", a.value))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                pos: list.first().map(|a| a.pos),
            },
        };
    }
    if let Some(list) = &st.not_action {
        let hit = list.iter().any(|a| glob::matches(&a.value, action, true));
        return Check {
            ok: !hit,
            text: if hit {
                format!("action: NotAction excludes `{action}`")
            } else {
                format!("action: NotAction does not exclude `{action}`")
            },
            pos: list.first().map(|a| a.pos),
        };
    }
    Check {
        ok: false,
        text: "action: the statement has no Action".into(),
        pos: None,
    }
}

impl Decision {
    /// The trace as text: the verdict, then each action and statement.
    pub fn to_text(&self, req: &Request) -> String {
        self.to_text_in(req, false)
    }

    /// [`Self::to_text`] for a policy read from a URL-encoded input when
    /// `encoded`: places are named with their column (`line 1, column 138`),
    /// as findings give them, since the whole policy is on one line.
    pub fn to_text_in(&self, req: &Request, encoded: bool) -> String {
        let place = |p: Pos| super::input_place(encoded, p);
        let mut out = String::new();
        let reason = match self
            .actions
            .iter()
            .find(|a| !matches!(a.outcome, Outcome::Allowed(_)))
        {
            None => {
                let by: Vec<String> = self
                    .actions
                    .iter()
                    .filter_map(|a| match &a.outcome {
                        Outcome::Allowed(s) => Some(s.clone()),
                        _ => None,
                    })
                    .fold(Vec::new(), |mut acc, s| {
                        if !acc.contains(&s) {
                            acc.push(s);
                        }
                        acc
                    });
                format!(
                    "ALLOW — {} allowed by {}",
                    req.actions.join(" + "),
                    by.join(", ")
                )
            }
            Some(a) => match &a.outcome {
                Outcome::ExplicitDeny(s) => {
                    format!("DENY — {} is explicitly denied by {s}", a.action)
                }
                _ => match a.statements.iter().find_map(|t| t.depends.as_ref()) {
                    Some(d) => format!(
                        "UNKNOWN — {} depends on `{d}`, which Terraform fills in; no statement written out allows it",
                        a.action
                    ),
                    None => format!("DENY — no statement allows {}", a.action),
                },
            },
        };
        let _ = writeln!(out, "{reason}");
        let _ = writeln!(
            out,
            "\nRequest: {} by {}",
            req.actions.join(" + "),
            req.caller.describe()
        );
        for c in &req.context {
            let _ = writeln!(out, "  {} = {}", c.key, quoted(&c.values));
        }
        for n in &req.notes {
            let _ = writeln!(out, "  note: {n}");
        }
        for a in &self.actions {
            let verdict = match &a.outcome {
                Outcome::Allowed(s) => format!("allowed by {s}"),
                Outcome::ExplicitDeny(s) => {
                    format!("explicitly denied by {s} (an explicit Deny wins over any Allow)")
                }
                Outcome::ImplicitDeny => {
                    "denied: no statement allows it (implicit deny)".to_string()
                }
            };
            let _ = writeln!(out, "\n{}: {verdict}", a.action);
            for t in &a.statements {
                let depends = t.depends.as_ref().map(|d| {
                    format!("depends on `{d}`: principal and action match, and Terraform decides the rest")
                });
                let verdict = match (t.applies, t.effect.as_str()) {
                    _ if depends.is_some() => depends.as_deref().unwrap_or_default(),
                    (true, "Deny") => "applies: DENY",
                    (true, _) => "applies: ALLOW",
                    (false, "Allow" | "Deny") => "does not apply",
                    (false, _) => "ignored: its Effect is not Allow or Deny",
                };
                let _ = writeln!(
                    out,
                    "  {} [{}] at {} — {verdict}",
                    t.label,
                    t.effect,
                    place(t.pos)
                );
                for c in [&t.principal, &t.action].into_iter().chain(&t.conditions) {
                    let mark = if c.ok { "✓" } else { "✗" };
                    let at = c
                        .pos
                        .map(|p| format!(" ({})", place(p)))
                        .unwrap_or_default();
                    let _ = writeln!(out, "    {mark} {}{at}", c.text);
                }
            }
        }
        out
    }
}

/// The Pod Identity service principal, for building requests.
pub fn pod_identity_caller() -> Caller {
    Caller::Service(POD_IDENTITY_SERVICE.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::parse;
    use crate::core::policy::model::build;

    const KEY: &str = "oidc.eks.us-east-1.amazonaws.com/id/ABC";
    const ARN: &str =
        "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC";

    fn irsa(sub: &str) -> Request {
        Request {
            actions: vec!["sts:AssumeRoleWithWebIdentity".into()],
            caller: Caller::Federated(ARN.into()),
            context: vec![
                ContextKey {
                    key: format!("{KEY}:sub"),
                    values: vec![sub.into()],
                },
                ContextKey {
                    key: format!("{KEY}:aud"),
                    values: vec!["sts.amazonaws.com".into()],
                },
            ],
            notes: vec![],
        }
    }

    fn policy(condition: &str) -> Policy {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Federated": "{ARN}"}}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {condition}}}]}}"#
        );
        build(&parse(&text).unwrap())
    }

    fn allowed(condition: &str, sub: &str) -> bool {
        evaluate(&policy(condition), true, &irsa(sub)).allowed
    }

    #[test]
    fn string_equals_is_exact_and_case_sensitive() {
        let c =
            format!(r#"{{"StringEquals": {{"{KEY}:sub": "system:serviceaccount:payments:api"}}}}"#);
        assert!(allowed(&c, "system:serviceaccount:payments:api"));
        assert!(!allowed(&c, "system:serviceaccount:payments:web"));
        assert!(!allowed(&c, "system:serviceaccount:Payments:api"));
        let ic = c.replace("StringEquals", "StringEqualsIgnoreCase");
        assert!(allowed(&ic, "system:serviceaccount:PAYMENTS:API"));
    }

    #[test]
    fn a_template_placeholder_in_a_value_is_compared_as_written() {
        // `${Namespace}` (CloudFormation) is no IAM policy variable: the
        // trace quotes it, and no subject equals it.
        for ph in ["${Namespace}", "${var.ns}", "${AWS::StackName}"] {
            let c =
                format!(r#"{{"StringEquals": {{"{KEY}:sub": "system:serviceaccount:{ph}:api"}}}}"#);
            let d = evaluate(
                &policy(&c),
                true,
                &irsa("system:serviceaccount:payments:api"),
            );
            assert!(!d.allowed);
            let text = d.to_text(&irsa("system:serviceaccount:payments:api"));
            assert!(
                text.contains(&format!("`system:serviceaccount:{ph}:api`")),
                "{text}"
            );
        }
        // An IAM variable is still filled in from the request.
        let c = format!(r#"{{"StringEquals": {{"{KEY}:sub": "${{{KEY}:sub}}"}}}}"#);
        assert!(allowed(&c, "system:serviceaccount:payments:api"));
    }

    #[test]
    fn keys_are_case_insensitive_values_or_keys_and() {
        let c = format!(
            r#"{{"StringEquals": {{"{}:SUB": ["system:serviceaccount:a:x", "system:serviceaccount:b:y"], "{KEY}:aud": "sts.amazonaws.com"}}}}"#,
            KEY.to_lowercase()
        );
        assert!(allowed(&c, "system:serviceaccount:b:y"));
        assert!(!allowed(&c, "system:serviceaccount:c:z"));
        let bad_aud = c.replace("\"sts.amazonaws.com\"", "\"sts.amazon.com\"");
        assert!(!allowed(&bad_aud, "system:serviceaccount:b:y"));
    }

    #[test]
    fn like_wildcards_and_literal_stars_under_equals() {
        let like = format!(
            r#"{{"StringLike": {{"{KEY}:sub": "system:serviceaccount:payments:api-?*"}}}}"#
        );
        assert!(allowed(&like, "system:serviceaccount:payments:api-1"));
        assert!(!allowed(&like, "system:serviceaccount:payments:api-"));
        let eq = like.replace("StringLike", "StringEquals");
        assert!(!allowed(&eq, "system:serviceaccount:payments:api-1"));
    }

    #[test]
    fn missing_keys_negation_if_exists_and_null() {
        let tag = "aws:RequestTag/team";
        let cases = [
            (format!(r#"{{"StringEquals": {{"{tag}": "x"}}}}"#), false),
            (format!(r#"{{"StringNotEquals": {{"{tag}": "x"}}}}"#), true),
            (format!(r#"{{"StringNotLike": {{"{tag}": "x*"}}}}"#), true),
            (
                format!(r#"{{"StringEqualsIfExists": {{"{tag}": "x"}}}}"#),
                true,
            ),
            (format!(r#"{{"Null": {{"{tag}": "true"}}}}"#), true),
            (format!(r#"{{"Null": {{"{tag}": "false"}}}}"#), false),
            (
                format!(r#"{{"ForAllValues:StringEquals": {{"{tag}": "x"}}}}"#),
                true,
            ),
            (
                format!(r#"{{"ForAnyValue:StringEquals": {{"{tag}": "x"}}}}"#),
                false,
            ),
        ];
        for (c, want) in cases {
            assert_eq!(allowed(&c, "system:serviceaccount:a:b"), want, "{c}");
        }
    }

    #[test]
    fn negated_operators_with_several_values_and() {
        let c = format!(
            r#"{{"StringNotEquals": {{"{KEY}:sub": ["system:serviceaccount:a:x", "system:serviceaccount:b:y"]}}}}"#
        );
        assert!(!allowed(&c, "system:serviceaccount:a:x"));
        assert!(!allowed(&c, "system:serviceaccount:b:y"));
        assert!(allowed(&c, "system:serviceaccount:c:z"));
    }

    #[test]
    fn multivalued_keys_with_set_qualifiers() {
        let p = policy(
            r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}, "ForAnyValue:StringLike": {"aws:TagKeys": "a*"}}"#,
        );
        let mut req = irsa("x");
        req.context.push(ContextKey {
            key: "aws:TagKeys".into(),
            values: vec!["a".into(), "b".into()],
        });
        assert!(evaluate(&p, true, &req).allowed);
        req.context.last_mut().unwrap().values.push("c".into());
        assert!(!evaluate(&p, true, &req).allowed);
    }

    #[test]
    fn other_operator_families() {
        let mut req = irsa("x");
        req.context.extend([
            ContextKey {
                key: "aws:CurrentTime".into(),
                values: vec!["2026-01-01T00:00:00Z".into()],
            },
            ContextKey {
                key: "aws:SourceIp".into(),
                values: vec!["10.1.2.3".into()],
            },
            ContextKey {
                key: "aws:SecureTransport".into(),
                values: vec!["true".into()],
            },
            ContextKey {
                key: "aws:MultiFactorAuthAge".into(),
                values: vec!["300".into()],
            },
            ContextKey {
                key: "aws:SourceArn".into(),
                values: vec!["arn:aws:eks:us-east-1:111122223333:cluster/prod".into()],
            },
        ]);
        let ok = policy(
            r#"{"DateLessThan": {"aws:CurrentTime": "2026-06-01"}, "IpAddress": {"aws:SourceIp": "10.1.0.0/16"}, "Bool": {"aws:SecureTransport": "TRUE"}, "NumericLessThanEquals": {"aws:MultiFactorAuthAge": "300"}, "ArnLike": {"aws:SourceArn": "arn:aws:eks:*:111122223333:cluster/*"}}"#,
        );
        assert!(evaluate(&ok, true, &req).allowed);
        let bad = policy(r#"{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#);
        assert!(!evaluate(&bad, true, &req).allowed);
    }

    #[test]
    fn explicit_deny_wins_and_no_allow_is_implicit_deny() {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [
              {{"Effect": "Allow", "Principal": {{"Federated": "{ARN}"}}, "Action": "sts:AssumeRoleWithWebIdentity"}},
              {{"Effect": "Deny", "Principal": "*", "Action": "sts:*", "Condition": {{"StringLike": {{"{KEY}:sub": "system:serviceaccount:kube-system:*"}}}}}}
            ]}}"#
        );
        let p = build(&parse(&text).unwrap());
        assert!(evaluate(&p, true, &irsa("system:serviceaccount:a:b")).allowed);
        let d = evaluate(&p, true, &irsa("system:serviceaccount:kube-system:x"));
        assert!(!d.allowed);
        assert!(matches!(d.actions[0].outcome, Outcome::ExplicitDeny(_)));
        let mut other = irsa("system:serviceaccount:a:b");
        other.caller = Caller::Federated("arn:aws:iam::111122223333:oidc-provider/other".into());
        let d = evaluate(&p, true, &other);
        assert_eq!(d.actions[0].outcome, Outcome::ImplicitDeny);
    }

    #[test]
    fn aws_principals_match_the_arn_or_its_account() {
        let role = "arn:aws:iam::111122223333:role/ci";
        assert!(aws_principal_matches(role, role));
        assert!(aws_principal_matches("111122223333", role));
        assert!(aws_principal_matches(
            "arn:aws:iam::111122223333:root",
            role
        ));
        assert!(aws_principal_matches("*", role));
        assert!(!aws_principal_matches(
            "arn:aws:iam::111122223333:role/other",
            role
        ));
        assert!(!aws_principal_matches("444455556666", role));
        assert!(!aws_principal_matches(
            "arn:aws:iam::444455556666:root",
            role
        ));
    }

    #[test]
    fn a_role_principal_names_its_sessions_and_an_account_only_its_partition() {
        let session = "arn:aws:sts::111122223333:assumed-role/ci/gha-1234";
        // Role chaining: the caller of sts:AssumeRole is a session, whose ARN
        // drops the role's path.
        assert!(aws_principal_matches(
            "arn:aws:iam::111122223333:role/ci",
            session
        ));
        assert!(aws_principal_matches(
            "arn:aws:iam::111122223333:role/teams/ci",
            session
        ));
        assert!(aws_principal_matches(session, session));
        assert!(aws_principal_matches("111122223333", session));
        assert!(!aws_principal_matches(
            "arn:aws:iam::111122223333:role/cid",
            session
        ));
        assert!(!aws_principal_matches(
            "arn:aws:iam::444455556666:role/ci",
            session
        ));
        assert!(!aws_principal_matches(
            "arn:aws:sts::111122223333:assumed-role/ci/other",
            session
        ));
        // A role ARN names the role, not a user of the same name.
        assert!(!aws_principal_matches(
            "arn:aws:iam::111122223333:role/alice",
            "arn:aws:iam::111122223333:user/alice"
        ));
        // `:root` names the account, not a user called root; and only in its partition.
        assert!(!aws_principal_matches(
            "arn:aws:iam::111122223333:user/root",
            "arn:aws:iam::111122223333:role/ci"
        ));
        assert!(!aws_principal_matches(
            "arn:aws-cn:iam::111122223333:root",
            "arn:aws:iam::111122223333:role/ci"
        ));
    }

    #[test]
    fn not_principal_leaves_out_a_session_only_with_its_role_and_account() {
        let session = "arn:aws:sts::444455556666:assumed-role/audit/app";
        let deny = |listed: &str| {
            let text = format!(
                r#"{{"Version": "2012-10-17", "Statement": [
                  {{"Effect": "Allow", "Principal": {{"AWS": "444455556666"}}, "Action": "sts:AssumeRole"}},
                  {{"Effect": "Deny", "NotPrincipal": {{"AWS": [{listed}]}}, "Action": "sts:AssumeRole"}}]}}"#
            );
            let req = Request {
                actions: vec!["sts:AssumeRole".into()],
                caller: Caller::Aws(session.into()),
                context: vec![],
                notes: vec![],
            };
            let d = evaluate(&build(&parse(&text).unwrap()), true, &req);
            (d.allowed, d.actions[0].statements[1].principal.text.clone())
        };
        let all = format!(
            r#""{session}", "arn:aws:iam::444455556666:role/audit", "arn:aws:iam::444455556666:root""#
        );
        assert!(deny(&all).0, "every identity listed: left out of the Deny");
        let (allowed, text) = deny(&format!(r#""{session}""#));
        assert!(!allowed, "the account and role are not listed");
        assert!(text.contains("the session's role"), "{text}");
        assert!(text.contains("`arn:aws:iam::444455556666:root`"), "{text}");
        let (allowed, text) = deny(r#""arn:aws:iam::444455556666:role/audit", "444455556666""#);
        assert!(!allowed, "the session itself is not listed");
        assert!(text.contains(&format!("`{session}`")), "{text}");
        let (allowed, text) = deny(r#""arn:aws:iam::111122223333:root""#);
        assert!(!allowed);
        assert!(text.contains("does not list"), "{text}");
    }

    #[test]
    fn an_account_principal_says_the_callers_own_policies_must_allow_it() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}"#;
        let p = build(&parse(text).unwrap());
        let req = Request {
            actions: vec!["sts:AssumeRole".into()],
            caller: Caller::Aws("arn:aws:sts::111122223333:assumed-role/ci/gha".into()),
            context: vec![],
            notes: vec![],
        };
        let d = evaluate(&p, true, &req);
        assert!(d.allowed);
        let principal = &d.actions[0].statements[0].principal.text;
        assert!(
            principal.contains("the caller's own IAM policies must also allow"),
            "{principal}"
        );
    }

    #[test]
    fn the_trace_says_why_in_words() {
        let c =
            format!(r#"{{"StringEquals": {{"{KEY}:sub": "system:serviceaccount:Payments:api"}}}}"#);
        let req = irsa("system:serviceaccount:payments:api");
        let d = evaluate(&policy(&c), true, &req);
        let text = d.to_text(&req);
        assert!(
            text.starts_with("DENY — no statement allows sts:AssumeRoleWithWebIdentity\n"),
            "{text}"
        );
        assert!(text.contains("differs from it only in case"), "{text}");
        assert!(
            text.contains("denied: no statement allows it (implicit deny)"),
            "{text}"
        );
    }

    #[test]
    fn policy_variables_are_substituted_in_2012_only() {
        let c = format!(
            r#"{{"StringEquals": {{"{KEY}:sub": "system:serviceaccount:${{{KEY}:aud}}:api"}}}}"#
        );
        let req = irsa("system:serviceaccount:sts.amazonaws.com:api");
        assert!(evaluate(&policy(&c), true, &req).allowed);
        assert!(!evaluate(&policy(&c), false, &req).allowed);
    }

    /// A statement whose Effect Terraform fills in is neither allowed nor
    /// ignored: the verdict names what it depends on.
    #[test]
    fn a_computed_effect_is_what_the_verdict_depends_on() {
        let text =
            include_str!("../../../../tests/fixtures/trust-policy/terraform-effect-variable.tf");
        let (_, policy) = crate::core::policy::load(text).unwrap();
        let d = evaluate(&policy, true, &irsa("system:serviceaccount:payments:api"));
        assert!(!d.allowed);
        let text = d.to_text(&irsa("system:serviceaccount:payments:api"));
        assert!(text.starts_with("UNKNOWN — sts:AssumeRoleWithWebIdentity depends on `var.effect`, which Terraform fills in"), "{text}");
        assert!(text.contains("Statement[0] [${var.effect}] at line 4 — depends on `var.effect`: principal and action match"), "{text}");
    }
}
