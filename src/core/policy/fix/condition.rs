//! The corrected `Condition` of a statement: operators renamed or moved out
//! of another operator's braces, duplicate blocks merged, keys keyed to the
//! principal's provider, values fixed where their meaning is certain.

use super::{has_placeholder, map_strings, member};
use crate::core::json::{Kind, Member, Value};
use crate::core::policy::generate::s;
use crate::core::policy::keys::{self, KeyKind, STS_AUDIENCE};
use crate::core::policy::model;
use crate::core::policy::operator::{self, Base, OpError, Qualifier};
use crate::core::policy::provider::Provider;
use crate::core::policy::rules::{
    oidc_key_wrong_provider, pod_identity_tag_key, subject_invalid, wildcard_without_like,
};
use crate::core::policy::{glob, oidc_principals, provider_of, use_of, Use};
use crate::core::source::{Path, Pos};

/// One operator block of a Condition, as a list of entries.
pub(super) struct Block {
    op: String,
    entries: Vec<(String, Value)>,
    /// The block's value when it is not an object (kept as written).
    raw: Option<Value>,
}

fn find_block<'a>(blocks: &'a mut Vec<Block>, op: &str) -> &'a mut Block {
    let i = match blocks.iter().position(|b| b.op == op && b.raw.is_none()) {
        Some(i) => i,
        None => {
            blocks.push(Block {
                op: op.to_string(),
                entries: Vec::new(),
                raw: None,
            });
            blocks.len() - 1
        }
    };
    &mut blocks[i]
}

/// Adds `key: value` under `op`. Never overwrites: two conditions on one
/// key are ANDed in the input, and keeping either alone would grant more.
/// Returns the key when it was already there with another value.
fn put(blocks: &mut Vec<Block>, op: &str, key: String, value: Value) -> Option<String> {
    let b = find_block(blocks, op);
    match b.entries.iter().find(|(k, _)| *k == key) {
        Some((_, old))
            if crate::core::json::pretty(old, 0) == crate::core::json::pretty(&value, 0) =>
        {
            None
        }
        Some(_) => Some(key),
        None => {
            b.entries.push((key, value));
            None
        }
    }
}

/// Adds the operator block `m`; the first key that collided, if any.
pub(super) fn push_block(blocks: &mut Vec<Block>, m: &Member) -> Option<String> {
    let op = match operator::parse(&m.key) {
        Ok(_) => m.key.clone(),
        Err(OpError::NullIfExists) => "Null".to_string(),
        Err(OpError::Unknown {
            suggestion: Some(s),
        })
        | Err(OpError::BadQualifier {
            suggestion: Some(s),
            ..
        }) => s,
        Err(_) => {
            // A condition key written straight under Condition.
            if !matches!(keys::classify(&m.key), KeyKind::Malformed)
                && m.value.as_object().is_none()
            {
                return put(blocks, "StringEquals", m.key.clone(), m.value.clone());
            }
            m.key.clone()
        }
    };
    let Some(entries) = m.value.as_object() else {
        blocks.push(Block {
            op,
            entries: Vec::new(),
            raw: Some(m.value.clone()),
        });
        return None;
    };
    find_block(blocks, &op);
    let mut collided = None;
    for e in entries {
        // An operator nested inside another one belongs beside it.
        let c = if e.value.as_object().is_some() && operator::parse(&e.key).is_ok() {
            push_block(blocks, e)
        } else {
            put(blocks, &op, e.key.clone(), e.value.clone())
        };
        collided = collided.or(c);
    }
    collided
}

pub(super) fn blocks_to_value(blocks: Vec<Block>) -> Value {
    let members = blocks
        .into_iter()
        .filter(|b| b.raw.is_some() || !b.entries.is_empty())
        .map(|b| {
            let value = match b.raw {
                Some(raw) => raw,
                None => Value::new(
                    Kind::Object(b.entries.into_iter().map(|(k, v)| member(&k, v)).collect()),
                    Pos::default(),
                ),
            };
            member(&b.op, value)
        })
        .collect();
    Value::new(Kind::Object(members), Pos::default())
}

/// Fixes the entries of `blocks`; the first key two entries landed on, if
/// any (the caller then keeps the input's Condition).
pub(super) fn condition(blocks: &mut Vec<Block>, st: &model::Statement) -> Option<String> {
    let web = provider_of(st).map(|p| p.provider);
    // Every provider the statement trusts: a key naming any of them is right.
    let trusted: Vec<Provider> = oidc_principals(st)
        .into_iter()
        .filter_map(|(_, p)| p.map(|p| p.provider))
        .collect();
    let eks = web.as_ref().is_some_and(|p| p.eks.is_some());
    let pod = use_of(st) == Use::PodIdentity;
    // Take every entry out, fix it, and put it back under the right operator.
    let mut collided = None;
    let mut entries: Vec<(String, String, Value)> = Vec::new();
    for b in blocks.iter_mut().filter(|b| b.raw.is_none()) {
        for (k, v) in b.entries.drain(..) {
            entries.push((b.op.clone(), k, v));
        }
    }
    // The audience is only rewritten beside a `sub` that pins the subject:
    // alone, `aud = sts.amazonaws.com` would admit every service account.
    let pinned_sub = entries.iter().any(|(op, k, _)| {
        operator::parse(op).is_ok_and(|o| !o.base.negated())
            && matches!(keys::classify(k.trim()), KeyKind::Claim { claim, .. } if claim.eq_ignore_ascii_case("sub"))
    });
    for (op_text, key, value) in entries {
        let mut op_text = op_text;
        // A key Terraform or the shell fills in is left as written: what
        // it becomes is unknown, so renaming it could merge it into another.
        let fixed_key = !has_placeholder(&key);
        let mut key = if fixed_key {
            key.trim().to_string()
        } else {
            key
        };
        let mut value = value;
        if let (Some(p), true) = (&web, fixed_key) {
            key = fixed_claim_key(&key, p, &trusted);
        }
        if pod && fixed_key {
            if let Some(k) = pod_identity_tag_key::corrected(&key) {
                key = k;
            }
        }
        let Ok(mut op) = operator::parse(&op_text) else {
            collided = collided.or(put(blocks, &op_text, key, value));
            continue;
        };
        if op.qualifier == Some(Qualifier::ForAllValues) && keys::single_valued(&key) == Some(true)
        {
            op.qualifier = None;
        }
        let probe_st = model::CondEntry {
            op_text: op.to_string(),
            op: Ok(op),
            op_pos: Pos::default(),
            op_path: Path::root(),
            key: key.clone(),
            key_pos: Pos::default(),
            path: Path::root(),
            values: strings(&value)
                .into_iter()
                .map(|v| model::Text {
                    value: v.to_string(),
                    pos: Pos::default(),
                    path: Path::root(),
                })
                .collect(),
        };
        let identity = subject_invalid::identity(st, &probe_st);
        let claim = match keys::classify(&key) {
            KeyKind::Claim { claim, .. } => claim.to_ascii_lowercase(),
            _ => String::new(),
        };
        let positive = !op.base.negated();
        // A subject typed under `aud`: it belongs under `sub`.
        if let (Some(p), true) = (&web, eks && fixed_key && !pinned_sub && positive) {
            let vs = strings(&value);
            if claim == "aud"
                && !vs.is_empty()
                && vs
                    .iter()
                    .all(|v| v.starts_with(keys::SA_PREFIX) && !has_placeholder(v))
            {
                key = p.key("sub");
            }
        }
        let claim = match keys::classify(&key) {
            KeyKind::Claim { claim, .. } => claim.to_ascii_lowercase(),
            _ => String::new(),
        };
        map_strings(&mut value, |v| {
            if identity == Some(subject_invalid::Identity::Subject) {
                let mut fixed = subject_invalid::corrected(v).unwrap_or_else(|| v.to_string());
                if !op.base.case_insensitive()
                    && fixed.to_ascii_lowercase().starts_with(keys::SA_PREFIX)
                {
                    fixed = fixed.to_ascii_lowercase();
                }
                return (fixed != v).then_some(fixed);
            }
            if identity.is_some() && !op.base.case_insensitive() {
                let lower = v.to_ascii_lowercase();
                return (lower != v).then_some(lower);
            }
            if eks
                && pinned_sub
                && claim == "aud"
                && positive
                && op.base.family() == operator::Family::String
            {
                let accepts = glob::matches(
                    v,
                    STS_AUDIENCE,
                    !matches!(op.base, Base::StringEquals | Base::StringLike),
                );
                return (!accepts).then(|| STS_AUDIENCE.to_string());
            }
            None
        });
        if wildcard_without_like::names_kubernetes_object(&key)
            && has_wildcard(&value)
            && strings(&value).iter().all(|v| narrow_pattern(v, &claim))
        {
            if let Some(like) = op.base.like_variant() {
                op.base = like;
            }
        }
        op_text = op.to_string();
        collided = collided.or(put(blocks, &op_text, key, value));
    }
    if collided.is_some() {
        return collided;
    }
    // The AWS-documented IRSA policy pins the audience next to the subject.
    if let (Some(p), true) = (&web, eks && st.is_allow()) {
        let has_aud = blocks.iter().any(|b| {
            b.entries
                .iter()
                .any(|(k, _)| matches!(keys::classify(k), KeyKind::Claim { claim, .. } if claim.eq_ignore_ascii_case("aud")))
        });
        let has_sub = blocks.iter().any(|b| {
            b.entries
                .iter()
                .any(|(k, _)| matches!(keys::classify(k), KeyKind::Claim { claim, .. } if claim.eq_ignore_ascii_case("sub")))
        });
        if has_sub && !has_aud {
            let b = find_block(blocks, "StringEquals");
            b.entries.insert(0, (p.key("aud"), s(STS_AUDIENCE)));
        }
    }
    None
}

/// True when the pattern `v`, read with wildcards, still names one
/// namespace (`sub`) or is not all wildcards (a tag): `StringLike` then
/// cannot admit every service account.
fn narrow_pattern(v: &str, claim: &str) -> bool {
    let wild = |t: &str| t.chars().all(|c| c == '*' || c == '?');
    if claim != "sub" {
        return !wild(v);
    }
    v.strip_prefix(keys::SA_PREFIX)
        .and_then(|rest| rest.split_once(':'))
        .is_some_and(|(ns, _)| !ns.is_empty() && !ns.contains(['*', '?']))
}

/// The string (or strings of the array) `v`.
fn strings(v: &Value) -> Vec<&str> {
    match &v.kind {
        Kind::String(t) => vec![t.as_str()],
        Kind::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn has_wildcard(v: &Value) -> bool {
    match &v.kind {
        Kind::String(t) => glob::has_wildcard(t) && !t.contains("${"),
        Kind::Array(items) => items.iter().any(has_wildcard),
        _ => false,
    }
}

/// `https://…:sub`, `arn:…:oidc-provider/…:sub`, a bare `sub`, or another
/// cluster's prefix → the principal's `HOST/id/ID:sub`. A key that names one
/// of the statement's `trusted` providers stays as it is.
fn fixed_claim_key(key: &str, p: &Provider, trusted: &[Provider]) -> String {
    match keys::classify(key) {
        KeyKind::Claim { prefix, claim }
            if oidc_key_wrong_provider::problem(prefix, p).is_some()
                && !trusted.iter().any(|t| t.path.eq_ignore_ascii_case(prefix)) =>
        {
            p.key(claim)
        }
        KeyKind::Malformed if ["sub", "aud"].iter().any(|c| key.eq_ignore_ascii_case(c)) => {
            p.key(&key.to_ascii_lowercase())
        }
        _ => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::core::json;
    use crate::core::policy::{fix, load};

    fn fix(text: &str) -> (String, Vec<String>) {
        let (root, policy) = load(text).unwrap();
        let (v, notes) = fix::corrected_with_notes(&root, &policy);
        (json::pretty(&v, 2), notes)
    }

    const TWO_SUB_KEYS_TF: &str = include_str!(
        "../../../../tests/fixtures/trust-policy/terraform-jsonencode-two-sub-keys.tf"
    );
    const TWO_SUB_KEYS_SH: &str =
        include_str!("../../../../tests/fixtures/trust-policy/shell-template-two-sub-keys.sh");

    /// `${local.oidc_host}:sub` may be another provider's key: renaming it to
    /// the principal's would put it on the `payments:*` key and, the one
    /// value overwriting the other, let every service account of `payments` in.
    #[test]
    fn a_computed_key_is_never_renamed_onto_another() {
        for (text, key) in [
            (TWO_SUB_KEYS_TF, "${local.oidc_host}:sub"),
            (TWO_SUB_KEYS_SH, "${OIDC_PROVIDER}:sub"),
        ] {
            let (got, notes) = fix(text);
            assert!(
                got.contains(&format!(
                    "\"{key}\": \"system:serviceaccount:payments:api\""
                )),
                "{got}"
            );
            assert!(
                got.contains("\"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub\": \"system:serviceaccount:payments:*\""),
                "{got}"
            );
            assert!(notes.is_empty(), "{notes:?}");
        }
    }

    #[test]
    fn a_computed_value_keeps_its_case() {
        let text = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-jsonencode-variable-case.tf"
        );
        let (got, _) = fix(text);
        assert!(
            got.contains("\"system:serviceaccount:${var.Namespace}:${var.ServiceAccount}\""),
            "{got}"
        );
    }

    /// Two conditions that land on one key are both kept, as written: they
    /// are ANDed, and the corrected policy must not grant more.
    #[test]
    fn two_conditions_on_one_key_keep_the_condition_as_written() {
        let text = include_str!(
            "../../../../tests/fixtures/trust-policy/irsa-sub-twice-once-keys-fixed.json"
        );
        let (got, notes) = fix(text);
        assert!(
            got.contains("\"https://oidc.eks.us-east-1.amazonaws.com/id/ABC:sub\""),
            "{got}"
        );
        assert!(got.contains("payments:api"), "{got}");
        assert_eq!(
            notes,
            ["fixes to Statement[0]'s Condition: two of its conditions would land on one key, `oidc.eks.us-east-1.amazonaws.com/id/ABC:sub`, and both must hold, so the Condition is kept as written."]
        );
        // The explanation says so, though nothing else changed.
        let r = crate::core::analyze(text, &Default::default());
        let crate::core::report::Explanation::TrustPolicy(view) = &r.explanation else {
            panic!("no explanation")
        };
        assert_eq!(view.omitted, notes);
        assert!(view.corrected.is_some());
    }

    /// A SAML provider Terraform fills in keeps `sts:AssumeRoleWithSAML`:
    /// switching it to web identity would break the SAML sign-in.
    #[test]
    fn a_computed_saml_provider_keeps_its_action() {
        let text = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-jsonencode-saml-provider.tf"
        );
        let (got, _) = fix(text);
        assert!(
            got.contains("\"Action\": \"sts:AssumeRoleWithSAML\""),
            "{got}"
        );
    }
}
