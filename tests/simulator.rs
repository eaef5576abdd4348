//! Simulator probes over the trust-policy fixtures. Next to each fixture
//! `tests/fixtures/trust-policy/NAME` is `NAME.probes`, one question per line:
//!
//! ```text
//! NAMESPACE:NAME [aud=A[,B]] [iss=ISSUER-URL] [cluster=CLUSTER-ARN] [via=irsa|pod-identity] => ALLOW|DENY
//! sub=SUBJECT [claim=KEY=VALUE]... [aud=A[,B]] [iss=ISSUER-URL] => ALLOW|DENY
//! ```
//!
//! The second form asks about any web identity token (a GitHub workflow's,
//! a Cognito identity's) instead of a service account's. A template is
//! simulated as pasted, its placeholders compared as written; after a line
//! `@filled`, its placeholders in principals and condition keys are filled
//! in from the request, as `eksplain simulate` does. `#` starts a comment line. A policy the simulator cannot read at all (a
//! truncated paste) expects `=> ERROR`. Every trust-policy fixture has at
//! least two probes.

use eksplain::core::input::decode_bytes;
use eksplain::core::policy::probe::{self, Probe};
use eksplain::core::policy::{self, sim};
#[path = "common/trust_policies.rs"]
mod trust_policies;

#[test]
fn every_trust_policy_fixture_has_probes_and_they_hold() {
    let entries = trust_policies::fixtures();
    assert!(
        entries.len() >= 30,
        "only {} trust-policy fixtures",
        entries.len()
    );
    let mut failures = Vec::new();
    let mut probes_run = 0;
    for path in &entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = decode_bytes(&std::fs::read(path).unwrap());
        let probes_path = path.with_file_name(format!("{name}.probes"));
        let Ok(probes) = std::fs::read_to_string(&probes_path) else {
            failures.push(format!("{name}: no {name}.probes"));
            continue;
        };
        let lines: Vec<&str> = probes
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        if lines.iter().filter(|l| !l.starts_with('@')).count() < 2 {
            failures.push(format!("{name}: needs at least two probes"));
        }
        let mut filled = false;
        for line in lines {
            if let Some(directive) = line.strip_prefix('@') {
                match directive {
                    "filled" if policy::read(&text).expands.is_some() => filled = true,
                    "filled" => {
                        failures.push(format!("{name}: `@filled`, but the policy is no template"))
                    }
                    _ => failures.push(format!("{name}: unknown directive `{line}`")),
                }
                continue;
            }
            probes_run += 1;
            if let Some(sa) = line.strip_suffix("=> ERROR") {
                if policy::load(&text).is_ok() {
                    failures.push(format!("{name}: `{line}`: the policy was readable"));
                }
                probe::parse_service_account(sa.trim()).unwrap();
                continue;
            }
            let p = match Probe::parse(line) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(format!("{name}: `{line}`: {e}"));
                    continue;
                }
            };
            let (_, model) = match policy::load(&text) {
                Ok(x) => x,
                Err(e) => {
                    failures.push(format!("{name}: `{line}`: cannot load: {e}"));
                    continue;
                }
            };
            let req = match probe::request(&model, &p) {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{name}: `{line}`: {e}"));
                    continue;
                }
            };
            let v2012 = model
                .version
                .as_ref()
                .is_some_and(|v| v.value == "2012-10-17");
            // After `@filled`, a template is simulated as the CLI does: its
            // provider placeholders stand for the request's provider.
            let mut req = req;
            let expands = policy::read(&text).expands.filter(|_| filled);
            let with = sim::fill_in(&model, &mut req, expands);
            let d = sim::evaluate(with.as_ref().unwrap_or(&model), v2012, &req);
            if Some(d.allowed) != p.expect {
                failures.push(format!("{name}: `{line}` got:\n{}", d.to_text(&req)));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} probe failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(probes_run >= 60, "only {probes_run} probes");
}

/// Pasted text is often cut off: no prefix of a fixture may panic the
/// analysis, the explanation or the simulator.
#[test]
fn truncated_policies_never_panic() {
    use eksplain::core::{analyze, render, Options};
    let probes = [
        Probe::parse("payments:api-server").unwrap(),
        Probe::parse("sub=repo:octo-org/infra:ref:refs/heads/main aud=x").unwrap(),
    ];
    for path in trust_policies::fixtures() {
        let text = decode_bytes(&std::fs::read(&path).unwrap());
        let chars: Vec<char> = text.chars().collect();
        for n in (0..chars.len()).step_by(9) {
            let cut: String = chars[..n].iter().collect();
            let report = analyze(&cut, &Options::default());
            let _ = render::explanation_text(&report);
            if let Ok((_, model)) = policy::load(&cut) {
                for probe in &probes {
                    if let Ok(req) = probe::request(&model, probe) {
                        let _ = sim::evaluate(&model, true, &req).to_text(&req);
                    }
                }
            }
        }
    }
}

#[test]
fn absurd_nesting_is_an_error_not_a_crash() {
    use eksplain::core::{analyze_as, InputKind, Options};
    let deep = format!(
        "{{\"Statement\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let r = analyze_as(&deep, InputKind::TrustPolicy, &Options::default());
    assert_eq!(r.findings[0].code(), "TP001");
    assert!(
        r.findings[0].message.contains("nested more than"),
        "{}",
        r.findings[0].message
    );
    let yaml = format!("Statement:\n{}", "- ".repeat(5_000));
    let _ = analyze_as(&yaml, InputKind::TrustPolicy, &Options::default());
}
