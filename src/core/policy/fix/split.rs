//! One statement per OIDC provider, when one statement names several and
//! requires the claims of each: IAM ANDs the conditions and a token carries
//! only its own provider's claims, so as written no token satisfies it.

use super::members_mut;
use crate::core::json::Value;
use crate::core::policy::generate::{obj, s};
use crate::core::policy::keys;
use crate::core::policy::provider::{Provider, ProviderArn};

/// A statement that trusts several OIDC providers and requires the claims of
/// each (TP034: no token can satisfy it) becomes one statement per provider,
/// each with its own principal and its own claims. Left alone when some
/// provider has no claims of its own: its statement would trust any subject.
pub(super) fn split_by_provider(v: &Value) -> Option<Vec<Value>> {
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
    let mut owners: Vec<usize> = blocks
        .iter()
        .flat_map(|b| b.value.as_object().unwrap_or(&[]).iter())
        .filter_map(|e| owner(&e.key))
        .collect();
    owners.sort_unstable();
    owners.dedup();
    if providers.len() < 2 || owners.len() != providers.len() {
        return None;
    }
    let mut out = Vec::with_capacity(providers.len());
    for (i, (arn, _)) in providers.iter().enumerate() {
        let mut st = v.clone();
        let m = members_mut(&mut st)?;
        for x in m.iter_mut() {
            match x.key.as_str() {
                "Sid" if i > 0 => {
                    if let Some(sid) = x.value.as_str().filter(|s| !s.is_empty()) {
                        x.value = s(&format!("{sid}{}", i + 1));
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
    Some(out)
}
