//! Trust policies: the spanned JSON reader (strict and lenient), the policy
//! analysis, and the simulator with fuzzed requests.
//!
//! The input is a policy, optionally followed by a line `----` and request
//! lines: `NS:NAME [aud=…] [iss=…] [cluster=…] [via=…]` probes (as in the
//! `.probes` files next to the fixtures), or raw `KEY=V1,V2` context keys that
//! are sent as they are, for every action and both kinds of caller.
//!
//! Beyond "no panic": every value, key and error position is inside the text;
//! whatever serde_json reads, the strict reader reads too, with the same
//! strings and shape; the simulator's verdict agrees with its own trace.
#![no_main]
use eksplain::core::json::{self, Kind, Value};
use eksplain::core::policy::sim::{self, Caller, ContextKey, Decision, Outcome, Request};
use eksplain::core::policy::{model, probe, read};
use eksplain::core::{report, InputKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = eksplain_fuzz::text(data);
    let (text, requests) = match input.split_once("\n----\n") {
        Some((t, r)) => (t, r),
        None => (input.as_str(), ""),
    };

    match json::parse(text) {
        Ok(v) => {
            check_positions(text, &v);
            if let Ok(serde) = serde_json::from_str::<serde_json::Value>(text) {
                same(&v, &serde);
            }
        }
        Err(e) => {
            eksplain_fuzz::assert_inside(text, e.pos, "json error");
            if depth(text) <= json::MAX_DEPTH {
                assert!(
                    serde_json::from_str::<serde_json::Value>(text).is_err(),
                    "serde_json reads what json::parse rejects: {e}"
                );
            }
        }
    }
    let (root, errors) = json::parse_lenient(text);
    if let Some(v) = &root {
        check_positions(text, v);
    }
    for e in &errors {
        eksplain_fuzz::assert_inside(text, e.pos, "json error");
    }

    let r = report::analyze_as(text, InputKind::TrustPolicy, &eksplain_fuzz::opts());
    eksplain_fuzz::check_report(text, &r);
    let _ = eksplain_fuzz::rendered(text, &r);

    // As the CLI and the page build it: positions in the input, also for a
    // URL-encoded policy.
    let Some(policy) = read(text).model() else {
        return;
    };
    let v2012 = policy
        .version
        .as_ref()
        .is_some_and(|v| v.value == "2012-10-17");
    let mut context = Vec::new();
    for line in requests.lines().take(16) {
        match probe::Probe::parse(line) {
            Ok(p) => {
                if let Ok(req) = probe::request(&policy, &p) {
                    simulate(text, &policy, v2012, &req);
                }
            }
            Err(_) => {
                if let Some((key, values)) = line.split_once('=') {
                    context.push(ContextKey {
                        key: key.to_string(),
                        values: values.split(',').map(str::to_string).collect(),
                    });
                }
            }
        }
    }
    if !context.is_empty() {
        let federated = probe::default_provider(&policy)
            .map(|p| p.to_arn())
            .unwrap_or_else(|| "arn:aws:iam::111122223333:oidc-provider/x".into());
        for caller in [Caller::Federated(federated), sim::pod_identity_caller()] {
            let req = Request {
                actions: vec![
                    "sts:AssumeRoleWithWebIdentity".into(),
                    "sts:AssumeRole".into(),
                    "sts:TagSession".into(),
                ],
                caller,
                context: context.clone(),
                notes: Vec::new(),
            };
            simulate(text, &policy, v2012, &req);
        }
    }
});

fn simulate(text: &str, policy: &model::Policy, v2012: bool, req: &Request) {
    let d: Decision = sim::evaluate(policy, v2012, req);
    let _ = d.to_text(req);
    assert_eq!(d.actions.len(), req.actions.len());
    assert_eq!(
        d.allowed,
        !d.actions.is_empty()
            && d.actions
                .iter()
                .all(|a| matches!(a.outcome, Outcome::Allowed(_))),
        "the verdict is not the actions' verdicts"
    );
    for a in &d.actions {
        assert_eq!(a.statements.len(), policy.statements.len());
        let applying = |effect: &str| a.statements.iter().any(|t| t.applies && t.effect == effect);
        match &a.outcome {
            Outcome::ExplicitDeny(_) => assert!(applying("Deny")),
            Outcome::Allowed(_) => assert!(applying("Allow") && !applying("Deny")),
            Outcome::ImplicitDeny => assert!(!applying("Allow") && !applying("Deny")),
        }
        for t in &a.statements {
            let checks = [&t.principal, &t.action].into_iter().chain(&t.conditions);
            for c in checks {
                if let Some(p) = c.pos {
                    eksplain_fuzz::assert_inside(text, p, "simulator check");
                }
            }
        }
    }
}

fn check_positions(text: &str, v: &Value) {
    eksplain_fuzz::assert_inside(text, v.pos, "json value");
    match &v.kind {
        Kind::Array(items) => items.iter().for_each(|i| check_positions(text, i)),
        Kind::Object(members) => {
            for m in members {
                eksplain_fuzz::assert_inside(text, m.key_pos, "json key");
                check_positions(text, &m.value);
            }
        }
        _ => {}
    }
}

/// The strict reader and serde_json read the same document.
fn same(ours: &Value, theirs: &serde_json::Value) {
    use serde_json::Value as J;
    match (&ours.kind, theirs) {
        (Kind::Null, J::Null) | (Kind::Number(_), J::Number(_)) => {}
        (Kind::Bool(a), J::Bool(b)) => assert_eq!(a, b),
        (Kind::String(a), J::String(b)) => assert_eq!(a, b),
        (Kind::Array(a), J::Array(b)) => {
            assert_eq!(a.len(), b.len(), "array length");
            a.iter().zip(b).for_each(|(x, y)| same(x, y));
        }
        (Kind::Object(members), J::Object(map)) => {
            let mut keys: Vec<&str> = members.iter().map(|m| m.key.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), map.len(), "distinct keys");
            for m in members {
                let last = members.iter().rfind(|n| n.key == m.key);
                let theirs = map.get(&m.key);
                assert!(theirs.is_some(), "key {:?} only in ours", m.key);
                if let (Some(l), Some(t)) = (last, theirs) {
                    same(&l.value, t);
                }
            }
        }
        (a, b) => panic!("json::parse read {a:?}, serde_json {b:?}"),
    }
}

/// Bracket nesting outside strings (an upper bound is enough: deeper input
/// than MAX_DEPTH is rejected on purpose).
fn depth(text: &str) -> usize {
    let (mut d, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for c in text.chars() {
        match (in_str, esc, c) {
            (true, true, _) => esc = false,
            (true, false, '\\') => esc = true,
            (true, false, '"') => in_str = false,
            (false, _, '"') => in_str = true,
            (false, _, '[' | '{') => {
                d += 1;
                max = max.max(d);
            }
            (false, _, ']' | '}') => d = d.saturating_sub(1),
            _ => {}
        }
    }
    max
}
