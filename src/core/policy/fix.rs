//! The corrected policy: the input with every mistake fixed whose fix is
//! certain — a typo with one plausible meaning, a provider prefix that must
//! match the principal, a missing `sts:TagSession`. What cannot be known (which
//! service account a policy without `sub` was meant for) is left alone; the
//! findings say what to decide.

use super::generate::{obj, s};
use super::keys::{self, KeyKind, STS_AUDIENCE};
use super::model;
use super::operator::{self, Base, OpError, Qualifier};
use super::provider::{corrected_arn, Provider};
use super::rules::{
    action_unknown, effect_invalid, oidc_key_wrong_provider, pod_identity_actions,
    pod_identity_tag_key, principal_key_invalid, service_principal_typo, sid_invalid,
    subject_invalid, unknown_element, version_invalid, wildcard_without_like,
};
use super::{account_hint, glob, provider_of, use_of, Use};
use crate::core::json::{Kind, Member, Value};
use crate::core::source::{Path, Pos};

fn members_mut(v: &mut Value) -> Option<&mut Vec<Member>> {
    match &mut v.kind {
        Kind::Object(m) => Some(m),
        _ => None,
    }
}

fn member(key: &str, value: Value) -> Member {
    Member {
        key: key.to_string(),
        key_pos: Pos::default(),
        value,
    }
}

/// Keeps one member per key: the last value, at the place of the first.
fn dedupe(members: &mut Vec<Member>) {
    let mut out: Vec<Member> = Vec::with_capacity(members.len());
    for m in members.drain(..) {
        match out.iter_mut().find(|o| o.key == m.key) {
            Some(slot) => slot.value = m.value,
            None => out.push(m),
        }
    }
    *members = out;
}

/// Renames members whose key is a near miss of a known element.
fn rename_elements(members: &mut [Member], known: &[&'static str]) {
    for i in 0..members.len() {
        if known.contains(&members[i].key.as_str()) {
            continue;
        }
        if let Some(s) = unknown_element::suggestion(&members[i].key, known) {
            if !members.iter().any(|m| m.key == s) {
                members[i].key = s.to_string();
            }
        }
    }
}

/// The corrected version of the policy `root` (unchanged where nothing is certain).
pub fn corrected(root: &Value, policy: &model::Policy) -> Value {
    let mut v = root.clone();
    let account = account_hint(policy);
    let uses_variables = root
        .get("Statement")
        .is_some_and(|st| crate::core::json::pretty(st, 0).contains("${"));
    let Some(top) = members_mut(&mut v) else {
        return v;
    };
    rename_elements(top, unknown_element::TOP);
    dedupe(top);
    match top.iter_mut().find(|m| m.key == "Version") {
        None => top.insert(0, member("Version", s("2012-10-17"))),
        Some(m) => {
            let ok = m
                .value
                .as_str()
                .is_some_and(|v| version_invalid::VERSIONS.contains(&v));
            let old = m.value.as_str() == Some("2008-10-17");
            if !ok || (old && uses_variables) {
                m.value = s("2012-10-17");
            }
        }
    }
    let mut sids: Vec<String> = Vec::new();
    if let Some(st) = top.iter_mut().find(|m| m.key == "Statement") {
        match &mut st.value.kind {
            Kind::Object(_) => statement(&mut st.value, account.as_deref(), 0, &mut sids),
            Kind::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    if item.as_object().is_some() {
                        statement(item, account.as_deref(), i, &mut sids);
                    }
                }
            }
            _ => {}
        }
    }
    v
}

fn statement(v: &mut Value, account: Option<&str>, index: usize, sids: &mut Vec<String>) {
    let Some(m) = members_mut(v) else { return };
    rename_elements(m, unknown_element::STATEMENT);
    // Duplicate Condition blocks are merged, not dropped: handled below.
    let conditions: Vec<Value> = m
        .iter()
        .filter(|x| x.key == "Condition")
        .map(|x| x.value.clone())
        .collect();
    dedupe(m);
    m.retain(|x| x.key != "Resource" && x.key != "NotResource");
    for x in m.iter_mut() {
        match x.key.as_str() {
            "Effect" => {
                if let Some(e) = x.value.as_str().filter(|e| *e != "Allow" && *e != "Deny") {
                    if let Some(fixed) = effect_invalid::suggestion(e) {
                        x.value = s(fixed);
                    }
                }
            }
            "Sid" => {
                if let Some(sid) = x.value.as_str().map(str::to_string) {
                    let mut fixed = if sid.chars().all(|c| c.is_ascii_alphanumeric()) {
                        sid.clone()
                    } else {
                        sid_invalid::alphanumeric(&sid)
                    };
                    if !fixed.is_empty() && sids.contains(&fixed) {
                        fixed = format!("{fixed}{index}");
                    }
                    sids.push(fixed.clone());
                    x.value = s(&fixed);
                }
            }
            "Principal" => principal(&mut x.value, account),
            _ => {}
        }
    }
    let st = model::statement(v, Path::root());
    let Some(m) = members_mut(v) else { return };
    if let Some(a) = m.iter_mut().find(|x| x.key == "Action") {
        actions(&mut a.value, &st);
    }
    if conditions.is_empty() {
        return;
    }
    let mut blocks: Vec<Block> = Vec::new();
    for c in &conditions {
        match c.as_object() {
            Some(ms) => {
                for b in ms {
                    push_block(&mut blocks, b);
                }
            }
            None => return, // Not an object: nothing certain to do.
        }
    }
    condition(&mut blocks, &st);
    if let Some(c) = m.iter_mut().find(|x| x.key == "Condition") {
        c.value = blocks_to_value(blocks);
    }
}

fn principal(v: &mut Value, account: Option<&str>) {
    if let Kind::String(p) = &v.kind {
        if p != "*" {
            let kind = if p.contains("oidc-provider/") || p.contains("saml-provider/") {
                "Federated"
            } else if p.ends_with(".amazonaws.com") {
                "Service"
            } else {
                "AWS"
            };
            *v = obj(vec![(kind, s(p))]);
        }
    }
    let Some(entries) = members_mut(v) else {
        return;
    };
    for e in entries.iter_mut() {
        if !principal_key_invalid::KEYS.contains(&e.key.as_str()) {
            let values: Vec<model::Text> = e
                .value
                .as_str()
                .map(|v| model::Text {
                    value: v.to_string(),
                    pos: Pos::default(),
                    path: Path::root(),
                })
                .into_iter()
                .collect();
            if let Some(k) = principal_key_invalid::suggestion(&e.key, &values) {
                e.key = k.to_string();
            }
        }
        let fix: fn(&str, Option<&str>) -> Option<String> = match e.key.as_str() {
            "Federated" => |v, acct| corrected_arn(v, acct),
            "Service" => |v, _| {
                service_principal_typo::near_miss(v).then(|| keys::POD_IDENTITY_SERVICE.to_string())
            },
            _ => continue,
        };
        map_strings(&mut e.value, |t| fix(t, account));
    }
    dedupe(entries);
}

fn map_strings(v: &mut Value, f: impl Fn(&str) -> Option<String>) {
    match &mut v.kind {
        Kind::String(t) => {
            if let Some(n) = f(t) {
                *t = n;
            }
        }
        Kind::Array(items) => {
            for i in items {
                if let Kind::String(t) = &mut i.kind {
                    if let Some(n) = f(t) {
                        *t = n;
                    }
                }
            }
        }
        _ => {}
    }
}

fn actions(v: &mut Value, st: &model::Statement) {
    map_strings(v, |a| {
        (!action_unknown::known(a))
            .then(|| action_unknown::suggestion(a))
            .flatten()
            .map(str::to_string)
    });
    let list: Vec<String> = match &v.kind {
        Kind::String(a) => vec![a.clone()],
        Kind::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => return,
    };
    let web = "sts:AssumeRoleWithWebIdentity";
    match use_of(st) {
        Use::WebIdentity if !list.iter().any(|a| glob::matches(a, web, true)) => {
            *v = s(web);
        }
        Use::PodIdentity if st.is_allow() => {
            let fixed_st = model::Statement {
                action: Some(
                    list.iter()
                        .map(|a| model::Text {
                            value: a.clone(),
                            pos: Pos::default(),
                            path: Path::root(),
                        })
                        .collect(),
                ),
                ..st.clone()
            };
            if !pod_identity_actions::missing(&fixed_st).is_empty() {
                let mut out: Vec<Value> =
                    pod_identity_actions::NEEDED.iter().map(|a| s(a)).collect();
                for a in &list {
                    let dup = pod_identity_actions::NEEDED
                        .iter()
                        .any(|n| n.eq_ignore_ascii_case(a));
                    if !dup && !a.eq_ignore_ascii_case(web) {
                        out.push(s(a));
                    }
                }
                *v = super::generate::arr(out);
            }
        }
        _ => {}
    }
}

/// One operator block of a Condition, as a list of entries.
struct Block {
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

fn put(blocks: &mut Vec<Block>, op: &str, key: String, value: Value) {
    let b = find_block(blocks, op);
    match b.entries.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => b.entries.push((key, value)),
    }
}

fn push_block(blocks: &mut Vec<Block>, m: &Member) {
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
                put(blocks, "StringEquals", m.key.clone(), m.value.clone());
                return;
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
        return;
    };
    find_block(blocks, &op);
    for e in entries {
        // An operator nested inside another one belongs beside it.
        if e.value.as_object().is_some() && operator::parse(&e.key).is_ok() {
            push_block(blocks, e);
            continue;
        }
        put(blocks, &op, e.key.clone(), e.value.clone());
    }
}

fn blocks_to_value(blocks: Vec<Block>) -> Value {
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

fn condition(blocks: &mut Vec<Block>, st: &model::Statement) {
    let web = provider_of(st).map(|p| p.provider);
    let eks = web.as_ref().is_some_and(|p| p.eks.is_some());
    let pod = use_of(st) == Use::PodIdentity;
    // Take every entry out, fix it, and put it back under the right operator.
    let mut entries: Vec<(String, String, Value)> = Vec::new();
    for b in blocks.iter_mut().filter(|b| b.raw.is_none()) {
        for (k, v) in b.entries.drain(..) {
            entries.push((b.op.clone(), k, v));
        }
    }
    for (op_text, key, value) in entries {
        let mut op_text = op_text;
        let mut key = key.trim().to_string();
        let mut value = value;
        if let Some(p) = &web {
            key = fixed_claim_key(&key, p);
        }
        if pod {
            if let Some(k) = pod_identity_tag_key::corrected(&key) {
                key = k;
            }
        }
        let Ok(mut op) = operator::parse(&op_text) else {
            put(blocks, &op_text, key, value);
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
            values: Vec::new(),
        };
        let identity = subject_invalid::identity(st, &probe_st);
        let claim = match keys::classify(&key) {
            KeyKind::Claim { claim, .. } => claim.to_ascii_lowercase(),
            _ => String::new(),
        };
        let positive = !op.base.negated();
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
            if eks && claim == "aud" && positive && op.base.family() == operator::Family::String {
                let accepts = glob::matches(
                    v,
                    STS_AUDIENCE,
                    !matches!(op.base, Base::StringEquals | Base::StringLike),
                );
                return (!accepts).then(|| STS_AUDIENCE.to_string());
            }
            None
        });
        if wildcard_without_like::names_kubernetes_object(&key) && has_wildcard(&value) {
            if let Some(like) = op.base.like_variant() {
                op.base = like;
            }
        }
        op_text = op.to_string();
        put(blocks, &op_text, key, value);
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
}

fn has_wildcard(v: &Value) -> bool {
    match &v.kind {
        Kind::String(t) => glob::has_wildcard(t) && !t.contains("${"),
        Kind::Array(items) => items.iter().any(has_wildcard),
        _ => false,
    }
}

/// `https://…:sub`, `arn:…:oidc-provider/…:sub`, a bare `sub`, or another
/// cluster's prefix → the principal's `HOST/id/ID:sub`.
fn fixed_claim_key(key: &str, p: &Provider) -> String {
    match keys::classify(key) {
        KeyKind::Claim { prefix, claim }
            if oidc_key_wrong_provider::problem(prefix, p).is_some() =>
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
    use super::*;
    use crate::core::json::{self, parse};

    fn fix(text: &str) -> String {
        let (root, policy) = super::super::load(text).unwrap();
        json::pretty(&corrected(&root, &policy), 2)
    }

    #[test]
    fn fixes_what_is_certain() {
        let text = r#"{
  "Statement": [{
    "Sid": "irsa-payments",
    "Effect": "allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/https://oidc.eks.us-east-1.amazonaws.com/id/ABC"},
    "Action": "sts:AssumeRole",
    "Resource": "*",
    "Condition": {
      "StringEquals": {"https://oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:Payments:*"},
      "StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com.cn"}
    }
  }]
}"#;
        let want = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "IrsaPayments",
      "Effect": "Allow",
      "Principal": {
        "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"
      },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com"
        },
        "StringLike": {
          "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:payments:*"
        }
      }
    }
  ]
}
"#;
        assert_eq!(fix(text), want);
    }

    #[test]
    fn completes_pod_identity_and_fixes_tags() {
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com.cn"}, "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringEquals": {"aws:PrincipalTag/kubernetes-serviceaccount": "API"}}}}"#;
        let got = fix(text);
        assert!(
            got.contains("\"Service\": \"pods.eks.amazonaws.com\""),
            "{got}"
        );
        assert!(
            got.contains("\"sts:AssumeRole\",\n      \"sts:TagSession\""),
            "{got}"
        );
        assert!(
            got.contains("\"aws:RequestTag/kubernetes-service-account\": \"api\""),
            "{got}"
        );
        assert!(!got.contains("WebIdentity"), "{got}");
    }

    #[test]
    fn leaves_a_correct_policy_alone() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"Service\": \"pods.eks.amazonaws.com\"\n      },\n      \"Action\": [\n        \"sts:AssumeRole\",\n        \"sts:TagSession\"\n      ]\n    }\n  ]\n}\n";
        assert_eq!(fix(text), text);
        let _ = parse(text).unwrap();
    }
}
