//! One statement per OIDC provider, when one statement names several and
//! requires the claims of each: IAM ANDs the conditions and a token carries
//! only its own provider's claims, so as written no token satisfies it.

use super::members_mut;
use crate::core::json::Value;
use crate::core::policy::generate::{obj, s};
use crate::core::policy::keys;
use crate::core::policy::operator::{self, Base, Qualifier};
use crate::core::policy::provider::{Provider, ProviderArn};
use crate::core::policy::rules::oidc_sub_unrestricted::matches_every_service_account;

/// A statement split by provider, and the providers left out of it.
pub(super) struct Split {
    pub statements: Vec<Value>,
    /// One sentence per provider left out: which, and why.
    pub omitted: Vec<String>,
}

/// True when the condition `op_text: {key: value}` lets in only some service
/// accounts: a positive `StringEquals`/`StringLike` whose values do not match
/// every service account. `StringNotEquals`, `ForAllValues:` (true when the
/// key is absent) and `*` restrict nothing one can rely on.
fn restricts_subject(op_text: &str, value: &Value) -> bool {
    let Ok(op) = operator::parse(op_text) else {
        return false;
    };
    if op.qualifier == Some(Qualifier::ForAllValues)
        || !matches!(
            op.base,
            Base::StringEquals | Base::StringLike | Base::StringEqualsIgnoreCase
        )
    {
        return false;
    }
    let values: Vec<&str> = match value.as_array() {
        Some(items) => items.iter().filter_map(Value::as_str).collect(),
        None => value.as_str().into_iter().collect(),
    };
    let like = op.base == Base::StringLike;
    let restricts_nothing = |v: &&str| v.is_empty() || (like && matches_every_service_account(v));
    !values.is_empty() && !values.iter().any(restricts_nothing)
}

fn provider_phrase(p: &Provider) -> String {
    match &p.eks {
        Some(e) => format!("cluster `{}` ({})", e.id, e.region),
        None => format!("provider `{}`", p.path),
    }
}

/// The first `{sid}N`, N ≥ 2, that no statement uses yet (IAM requires
/// unique Sids; digits keep it alphanumeric).
fn unique_sid(sid: &str, taken: &mut Vec<String>) -> String {
    let fresh = (2..)
        .map(|n| format!("{sid}{n}"))
        .find(|c| !taken.contains(c))
        .unwrap_or_default();
    taken.push(fresh.clone());
    fresh
}

/// A statement that trusts several OIDC providers and requires the claims of
/// each (TP034: no token can satisfy it) becomes one statement per provider,
/// each with its own principal and its own claims. Only providers whose `sub`
/// the statement restricts are kept: a statement for any other would let
/// every service account of that cluster in, which the author did not write.
/// `label` names the statement in the notes; `sids` holds every Sid of the
/// policy, and receives the new ones.
pub(super) fn split_by_provider(v: &Value, label: &str, sids: &mut Vec<String>) -> Option<Split> {
    let ms = v.as_object()?;
    let principal = ms
        .iter()
        .find(|m| m.key == "Principal")?
        .value
        .as_object()?;
    let [fed] = principal else { return None };
    if fed.key != "Federated" {
        return None;
    }
    let arns: Vec<&str> = fed
        .value
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let mut providers: Vec<(&str, Provider)> = Vec::new();
    for a in &arns {
        let p = ProviderArn::parse(a)?.provider;
        if !providers
            .iter()
            .any(|(_, q)| q.path.eq_ignore_ascii_case(&p.path))
        {
            providers.push((a, p));
        }
    }
    if providers.len() < 2 {
        return None;
    }
    let blocks = ms
        .iter()
        .find(|m| m.key == "Condition")?
        .value
        .as_object()?;
    let owner = |key: &str| match keys::classify(key) {
        keys::KeyKind::Claim { prefix, .. } => providers
            .iter()
            .position(|(_, p)| p.path.eq_ignore_ascii_case(prefix)),
        _ => None,
    };
    let is_sub = |key: &str| matches!(keys::classify(key), keys::KeyKind::Claim { claim, .. } if claim.eq_ignore_ascii_case("sub"));
    // Per provider: (has a claim of its own, has a `sub` condition, restricts `sub`).
    let mut own = vec![(false, false, false); providers.len()];
    for b in blocks {
        for e in b.value.as_object().unwrap_or(&[]) {
            if let Some(slot) = owner(&e.key).and_then(|o| own.get_mut(o)) {
                slot.0 = true;
                if is_sub(&e.key) {
                    slot.1 = true;
                    slot.2 |= restricts_subject(&b.key, &e.value);
                }
            }
        }
    }
    // Nothing certain unless some provider's `sub` is restricted.
    if !own.iter().any(|o| o.2) {
        return None;
    }
    let mut out = Vec::with_capacity(providers.len());
    let mut omitted = Vec::new();
    for (i, (arn, p)) in providers.iter().enumerate() {
        let (claims, sub, restricted) = own.get(i).copied().unwrap_or_default();
        if !restricted {
            let why = if sub {
                format!("the `sub` conditions {label} has for it only exclude service accounts or match every one")
            } else if claims {
                format!("{label} has no `sub` condition for it, only other claims such as `aud`")
            } else {
                format!("{label} has no condition for it")
            };
            omitted.push(format!(
                "{}: {why}, and a statement of its own would let every service account of that cluster assume the role. To trust it, add a statement for it with `\"{}:sub\": \"system:serviceaccount:NAMESPACE:NAME\"` under `StringEquals`.",
                provider_phrase(p),
                p.path
            ));
            continue;
        }
        let mut st = v.clone();
        let m = members_mut(&mut st)?;
        for x in m.iter_mut() {
            match x.key.as_str() {
                "Sid" if !out.is_empty() => {
                    if let Some(sid) = x.value.as_str().filter(|s| !s.is_empty()) {
                        x.value = s(&unique_sid(sid, sids));
                    }
                }
                "Principal" => x.value = obj(vec![("Federated", s(arn))]),
                "Condition" => {
                    if let Some(blocks) = members_mut(&mut x.value) {
                        for b in blocks.iter_mut() {
                            if let Some(entries) = members_mut(&mut b.value) {
                                entries.retain(|e| owner(&e.key).is_none_or(|o| o == i));
                            }
                        }
                        blocks.retain(|b| b.value.as_object().is_none_or(|e| !e.is_empty()));
                    }
                }
                _ => {}
            }
        }
        out.push(st);
    }
    Some(Split {
        statements: out,
        omitted,
    })
}
