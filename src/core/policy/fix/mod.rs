//! The corrected policy: the input with every mistake fixed whose fix is
//! certain — a typo with one plausible meaning, a provider prefix that must
//! match the principal, a missing `sts:TagSession`. What cannot be known (which
//! service account a policy without `sub` was meant for) is left alone; the
//! findings say what to decide.

mod condition;
mod split;

use super::generate::{obj, s};
use super::keys;
use super::model;
use super::provider::corrected_arn;
use super::rules::{
    action_unknown, effect_invalid, pod_identity_actions, principal_key_invalid,
    service_principal_typo, sid_invalid, unknown_element, version_invalid,
};
use super::{account_hint, glob, use_of, Use};
use crate::core::json::{Kind, Member, Value};
use crate::core::source::{Path, Pos};
use condition::{blocks_to_value, condition, push_block, Block};
use split::split_by_provider;

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
    corrected_with_notes(root, policy).0
}

/// The corrected policy, and one sentence for each thing left out of it
/// (a provider whose statement would have trusted every service account).
pub fn corrected_with_notes(root: &Value, policy: &model::Policy) -> (Value, Vec<String>) {
    let mut v = root.clone();
    let account = account_hint(policy);
    let uses_variables = root
        .get("Statement")
        .is_some_and(|st| crate::core::json::pretty(st, 0).contains("${"));
    let mut notes = Vec::new();
    let Some(top) = members_mut(&mut v) else {
        return (v, notes);
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
            let computed = m.value.as_str().is_some_and(has_placeholder);
            if (!ok || (old && uses_variables)) && !computed {
                m.value = s("2012-10-17");
            }
        }
    }
    let mut sids: Vec<String> = Vec::new();
    if let Some(st) = top.iter_mut().find(|m| m.key == "Statement") {
        match &mut st.value.kind {
            Kind::Object(_) => {
                notes.extend(statement(
                    &mut st.value,
                    account.as_deref(),
                    0,
                    "Statement",
                    &mut sids,
                ));
                if let Some(split) = split_by_provider(&st.value, "Statement", &mut sids) {
                    notes.extend(split.omitted);
                    st.value = Value::new(Kind::Array(split.statements), st.value.pos);
                }
            }
            Kind::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    if item.as_object().is_some() {
                        let label = format!("Statement[{i}]");
                        notes.extend(statement(item, account.as_deref(), i, &label, &mut sids));
                    }
                }
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.drain(..).enumerate() {
                    match split_by_provider(&item, &format!("Statement[{i}]"), &mut sids) {
                        Some(split) => {
                            notes.extend(split.omitted);
                            out.extend(split.statements);
                        }
                        None => out.push(item),
                    }
                }
                *items = out;
            }
            _ => {}
        }
    }
    if admits_a_stranger(policy, &v) {
        // Some fix widened who may assume the role: offer the statements as written.
        if let (Some(fixed), Some(orig)) = (members_mut(&mut v), root.get("Statement")) {
            if let Some(st) = fixed.iter_mut().find(|m| m.key == "Statement") {
                st.value = orig.clone();
            }
        }
        notes.push("the corrected statements: they would let a service account the policy never names assume the role, so the statements are kept as written.".to_string());
    }
    (v, notes)
}

/// The service account the backstop probes with: no policy names it.
const STRANGER: &str = "eksplain-probe:eksplain-probe";

/// True when `fixed` lets in a service account that `original` does not
/// (a correction must never widen who may assume the role).
fn admits_a_stranger(original: &model::Policy, fixed: &Value) -> bool {
    use super::{probe, sim};
    let fixed = model::build(fixed);
    // One request, its issuer from the corrected policy, for both.
    // IRSA only: a Pod Identity role admits every pod by design (the
    // cluster's associations choose which).
    let Ok(mut stranger) = probe::Probe::parse(STRANGER) else {
        return false;
    };
    stranger.via = Some(probe::Via::Irsa);
    let Ok(req) = probe::request(&fixed, &stranger) else {
        return false;
    };
    let allows = |p: &model::Policy| {
        let v2012 = p.version.as_ref().is_some_and(|v| v.value == "2012-10-17");
        sim::evaluate(p, v2012, &req).allowed
    };
    allows(&fixed) && !allows(original)
}

/// Corrects one statement in place; a note when its Condition was kept as
/// written because two of its conditions name one key.
fn statement(
    v: &mut Value,
    account: Option<&str>,
    index: usize,
    label: &str,
    sids: &mut Vec<String>,
) -> Option<String> {
    let m = members_mut(v)?;
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
                if let Some(sid) = x
                    .value
                    .as_str()
                    .filter(|s| !has_placeholder(s))
                    .map(str::to_string)
                {
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
    let m = members_mut(v)?;
    if let Some(a) = m.iter_mut().find(|x| x.key == "Action") {
        actions(&mut a.value, &st);
    }
    if conditions.is_empty() {
        return None;
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut collided = None;
    for c in &conditions {
        // Not an object: nothing certain to do.
        for b in c.as_object()? {
            collided = collided.or(push_block(&mut blocks, b));
        }
    }
    let collided = collided.or_else(|| condition(&mut blocks, &st));
    if let Some(key) = collided {
        return Some(format!(
            "fixes to {label}'s Condition: two of its conditions would land on one key, `{key}`, and both must hold, so the Condition is kept as written."
        ));
    }
    if let Some(c) = m.iter_mut().find(|x| x.key == "Condition") {
        c.value = blocks_to_value(blocks);
    }
    None
}

fn principal(v: &mut Value, account: Option<&str>) {
    if let Kind::String(p) = &v.kind {
        if p != "*" && !has_placeholder(p) {
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

/// True when `s` holds something Terraform or the shell fills in before IAM
/// sees the policy (`${…}`, `%{…}`, `$name`). The corrected policy never
/// changes such a text: what it becomes is unknown, and a fix that changes
/// its case or merges it with another key could make the policy grant more
/// (`${var.Namespace}` lowercased is another variable).
fn has_placeholder(s: &str) -> bool {
    s.contains("%{")
        || s.match_indices('$').any(|(i, _)| {
            s.get(i + 1..)
                .and_then(|r| r.chars().next())
                .is_some_and(|c| c == '{' || c == '_' || c.is_ascii_alphabetic())
        })
}

/// Applies `f` to the string (or each string of the array) `v`, leaving any
/// string with a placeholder as written.
fn map_strings(v: &mut Value, f: impl Fn(&str) -> Option<String>) {
    let apply = |t: &mut String| {
        if has_placeholder(t) {
            return;
        }
        if let Some(n) = f(t) {
            *t = n;
        }
    };
    match &mut v.kind {
        Kind::String(t) => apply(t),
        Kind::Array(items) => {
            for i in items {
                if let Kind::String(t) = &mut i.kind {
                    apply(t);
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
    if list.iter().any(|a| has_placeholder(a)) {
        return;
    }
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
    fn splits_a_statement_that_requires_two_providers_claims() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Both", "Effect": "Allow",
          "Principal": {"Federated": ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC", "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/DEF"]},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringEquals": {
            "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
            "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:payments:api",
            "oidc.eks.eu-west-1.amazonaws.com/id/DEF:aud": "sts.amazonaws.com",
            "oidc.eks.eu-west-1.amazonaws.com/id/DEF:sub": "system:serviceaccount:payments:api"}}}]}"#;
        let want = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Both",
      "Effect": "Allow",
      "Principal": {
        "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"
      },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
          "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:payments:api"
        }
      }
    },
    {
      "Sid": "Both2",
      "Effect": "Allow",
      "Principal": {
        "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/DEF"
      },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "oidc.eks.eu-west-1.amazonaws.com/id/DEF:aud": "sts.amazonaws.com",
          "oidc.eks.eu-west-1.amazonaws.com/id/DEF:sub": "system:serviceaccount:payments:api"
        }
      }
    }
  ]
}
"#;
        assert_eq!(fix(text), want);
        // Only one provider's claims: splitting would leave the other's
        // statement with no `sub`; nothing is certain, nothing changes.
        let partial = text.replace(
            ",\n            \"oidc.eks.eu-west-1.amazonaws.com/id/DEF:aud\": \"sts.amazonaws.com\",\n            \"oidc.eks.eu-west-1.amazonaws.com/id/DEF:sub\": \"system:serviceaccount:payments:api\"",
            "",
        );
        assert!(!partial.contains("DEF:sub"));
        assert_eq!(fix(&partial).matches("\"Effect\"").count(), 1);
    }

    /// ALLOW (true) or DENY for `probe` (`NS:NAME [iss=URL]`) against `text`.
    fn allows(text: &str, probe: &str) -> bool {
        use crate::core::policy::{probe, sim};
        let (_, model) = super::super::load(text).unwrap();
        let p = probe::Probe::parse(probe).unwrap();
        let req = probe::request(&model, &p).unwrap();
        sim::evaluate(&model, true, &req).allowed
    }

    const A: &str = "https://oidc.eks.us-east-1.amazonaws.com/id/AAAA1111AAAA1111AAAA1111AAAA1111";
    const B: &str = "https://oidc.eks.us-east-1.amazonaws.com/id/BBBB2222BBBB2222BBBB2222BBBB2222";

    /// The corrected policy of a two-cluster statement must grant nothing
    /// the author did not clearly write: a cluster whose `sub` is not
    /// restricted is left out (and the explanation says so), never given a
    /// statement that trusts all its service accounts.
    #[test]
    fn a_split_never_trusts_a_cluster_whose_sub_is_unrestricted() {
        let cases = [
            (
                include_str!("../../../../tests/fixtures/trust-policy/irsa-two-clusters-second-without-sub.json"),
                "payments:api",
                "has no `sub` condition for it, only other claims such as `aud`",
            ),
            (
                include_str!("../../../../tests/fixtures/trust-policy/irsa-two-clusters-second-only-excluded.json"),
                "ns:sa",
                "the `sub` conditions Statement[0] has for it only exclude service accounts or match every one",
            ),
            (
                include_str!("../../../../tests/fixtures/trust-policy/irsa-two-clusters-second-without-conditions.json"),
                "ns:sa",
                "Statement[0] has no condition for it",
            ),
        ];
        for (text, sa, why) in cases {
            let (root, policy) = super::super::load(text).unwrap();
            let (fixed, notes) = corrected_with_notes(&root, &policy);
            let fixed = json::pretty(&fixed, 2);
            // Cluster B is gone from the corrected policy, and the note says which and why.
            assert!(!fixed.contains("BBBB2222"), "{fixed}");
            assert_eq!(notes.len(), 1, "{notes:?}");
            assert!(
                notes[0].starts_with("cluster `BBBB2222BBBB2222BBBB2222BBBB2222` (us-east-1): "),
                "{}",
                notes[0]
            );
            assert!(notes[0].contains(why), "{}", notes[0]);
            assert!(
                notes[0]
                    .contains("would let every service account of that cluster assume the role"),
                "{}",
                notes[0]
            );
            // Checked again, the corrected policy has no error and trusts no cluster wholesale.
            let (findings, _) = crate::core::policy::analyze(&fixed, &Default::default());
            let codes: Vec<&str> = findings.iter().map(|f| f.code()).collect();
            assert!(
                !codes.contains(&"TP028") && !codes.contains(&"TP034"),
                "{codes:?}\n{fixed}"
            );
            // Simulated: only the service account the author named, only in cluster A.
            for probe in [
                format!("kube-system:anything iss={B}"),
                format!("{sa} iss={B}"),
                format!("kube-system:anything iss={A}"),
            ] {
                assert!(!allows(&fixed, &probe), "{probe} allowed by\n{fixed}");
            }
            assert!(allows(&fixed, &format!("{sa} iss={A}")), "{fixed}");
            // The explanation shows the note under the corrected policy.
            let t = match crate::core::policy::analyze(text, &Default::default()).1 {
                crate::core::report::Explanation::TrustPolicy(v) => v.to_text(),
                other => panic!("{other:?}"),
            };
            assert!(t.contains("\nLeft out of the corrected policy:\n  - cluster `BBBB2222BBBB2222BBBB2222BBBB2222` (us-east-1): "), "{t}");
        }
    }

    /// IAM rejects a policy whose Sids repeat: the split statement takes
    /// the first free `{Sid}N`, not the `BlueGreenClusters2` a later
    /// statement already has.
    #[test]
    fn a_split_statement_gets_a_sid_no_other_statement_has() {
        let text = include_str!(
            "../../../../tests/fixtures/trust-policy/irsa-two-clusters-split-sid-taken.json"
        );
        let got = fix(text);
        let sids: Vec<&str> = got
            .lines()
            .filter_map(|l| l.trim().strip_prefix("\"Sid\": \""))
            .map(|l| l.trim_end_matches(['"', ',']))
            .collect();
        assert_eq!(
            sids,
            [
                "BlueGreenClusters",
                "BlueGreenClusters3",
                "BlueGreenClusters2"
            ],
            "{got}"
        );
        let (findings, _) = crate::core::policy::analyze(&got, &Default::default());
        assert!(
            findings
                .iter()
                .all(|f| f.code() != "TP008" && f.code() != "TP009"),
            "{findings:?}"
        );
    }

    /// A correction must never let in a service account the policy as
    /// written turns away (repros of a review: DENY became ALLOW for all).
    #[test]
    fn never_widens_who_may_assume_the_role() {
        let h = "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
        // A subject typed under `aud` moves to `sub`, beside the STS audience.
        let text =
            include_str!("../../../../tests/fixtures/trust-policy/irsa-subject-under-aud.json");
        let got = fix(text);
        assert!(
            got.contains(&format!(
                "\"StringEquals\": {{\n          \"{h}:aud\": \"sts.amazonaws.com\",\n          \"{h}:sub\": \"system:serviceaccount:payments:api\"\n        }}"
            )),
            "{got}"
        );
        assert!(!allows(&got, "kube-system:attacker"), "{got}");
        assert!(allows(&got, "payments:api"), "{got}");
        // A custom audience with no `sub`, and a `StringEquals` wildcard
        // that as `StringLike` would match every service account: as written.
        for (file, kept) in [
            (
                include_str!("../../../../tests/fixtures/trust-policy/irsa-custom-audience-without-sub.json"),
                "\"vault-irsa\"",
            ),
            (
                include_str!("../../../../tests/fixtures/trust-policy/irsa-sub-equals-every-service-account.json"),
                "\"StringEquals\": {\n          \"oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789:sub\": \"system:serviceaccount:*\"",
            ),
        ] {
            let got = fix(file);
            assert!(got.contains(kept), "{got}");
            assert!(!got.contains("StringLike"), "{got}");
            assert!(!allows(&got, "kube-system:attacker"), "{got}");
        }
        // The namespace pinned, a name pattern still becomes `StringLike`.
        for (sub, like) in [
            ("*", false),
            ("system:serviceaccount:*:*", false),
            ("system:serviceaccount:pay*:api", false),
            ("system:serviceaccount:payments:*", true),
        ] {
            let text = format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Federated": "arn:aws:iam::111122223333:oidc-provider/{h}"}}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {{"StringEqualsIfExists": {{"{h}:sub": "{sub}", "{h}:aud": "sts.amazonaws.com"}}}}}}]}}"#
            );
            let got = fix(&text);
            assert_eq!(got.contains("StringLike"), like, "{sub}: {got}");
            assert!(!allows(&got, "kube-system:attacker"), "{got}");
        }
    }

    /// The backstop: a correction that would let in a service account the
    /// policy never names is withheld, with a note.
    #[test]
    fn withholds_a_correction_that_admits_a_stranger() {
        let h = "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
        // The principal's `https://` is fixed, which makes the statement
        // trust every service account (it has no `sub`).
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Federated": "arn:aws:iam::111122223333:oidc-provider/https://{h}"}}, "Action": "sts:AssumeRoleWithWebIdentity"}}]}}"#
        );
        let (root, policy) = super::super::load(&text).unwrap();
        let (fixed, notes) = corrected_with_notes(&root, &policy);
        let fixed = json::pretty(&fixed, 2);
        assert!(fixed.contains("oidc-provider/https://"), "{fixed}");
        assert_eq!(
            notes,
            ["the corrected statements: they would let a service account the policy never names assume the role, so the statements are kept as written."],
            "{fixed}"
        );
    }

    #[test]
    fn leaves_a_correct_policy_alone() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"Service\": \"pods.eks.amazonaws.com\"\n      },\n      \"Action\": [\n        \"sts:AssumeRole\",\n        \"sts:TagSession\"\n      ]\n    }\n  ]\n}\n";
        assert_eq!(fix(text), text);
        let _ = parse(text).unwrap();
    }
}
