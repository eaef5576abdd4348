//! The corrected policy eksplain proposes must never let in a request the
//! policy as written turns away: for every trust-policy fixture and a set of
//! probes (several namespaces, names and audiences, and each fixture's own
//! probes), whatever the original denies the corrected policy denies too.

use eksplain::core::input::decode_bytes;
use eksplain::core::policy::probe::{self, Probe};
use eksplain::core::policy::{self, fix, model, sim};
#[path = "common/trust_policies.rs"]
mod trust_policies;

const NAMESPACES: &[&str] = &[
    "payments",
    "kube-system",
    "default",
    "karpenter",
    "prod",
    "a",
];
const NAMES: &[&str] = &[
    "api",
    "api-server",
    "karpenter",
    "aws-load-balancer-controller",
    "b",
];
const AUDS: &[&str] = &["", " aud=sts.amazonaws.com", " aud=other"];

/// Allowed or not, with a template's placeholders filled in from the request
/// as `eksplain simulate` does.
fn allowed(
    p: &model::Policy,
    expands: Option<policy::heredoc::Expander>,
    probe: &Probe,
) -> Option<bool> {
    let req = probe::request(p, probe).ok()?;
    let filled = expands.map(|by| sim::fill(p, &req, by).0);
    let v2012 = p.version.as_ref().is_some_and(|v| v.value == "2012-10-17");
    Some(sim::evaluate(filled.as_ref().unwrap_or(p), v2012, &req).allowed)
}

#[test]
fn the_corrected_policy_never_allows_what_the_original_denies() {
    let entries = trust_policies::fixtures();
    let mut failures = Vec::new();
    let (mut checked, mut policies) = (0, 0);
    for path in &entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = decode_bytes(&std::fs::read(path).unwrap());
        let read = policy::read(&text);
        let Ok((root, original)) = policy::load(&text) else {
            continue;
        };
        policies += 1;
        let fixed = model::build(&fix::corrected(&root, &original));
        let mut probes: Vec<String> = Vec::new();
        let generated = NAMESPACES.len() * NAMES.len() * AUDS.len();
        for ns in NAMESPACES {
            for sa in NAMES {
                for aud in AUDS {
                    probes.push(format!("{ns}:{sa}{aud}"));
                }
            }
        }
        if let Ok(own) = std::fs::read_to_string(path.with_file_name(format!("{name}.probes"))) {
            probes.extend(
                own.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .filter_map(|l| l.split("=>").next())
                    .map(|l| l.trim().to_string()),
            );
        }
        // Service accounts no fixture names: even a policy that lets nobody
        // in must not, once corrected, let them in.
        let strangers = probes.len();
        probes.push("eksplain-probe:eksplain-probe".to_string());
        probes.push("kube-system:attacker".to_string());
        let mut widened = Vec::new();
        let mut works = false;
        for (i, line) in probes.iter().enumerate() {
            let Ok(mut p) = Probe::parse(line) else {
                continue;
            };
            // IRSA: a Pod Identity role admits every pod by design.
            if i >= strangers {
                p.via = Some(probe::Via::Irsa);
            }
            let (Some(before), Some(after)) = (
                allowed(&original, read.expands, &p),
                allowed(&fixed, read.expands, &p),
            ) else {
                continue;
            };
            checked += 1;
            works |= before && i < generated;
            if after && !before && i >= strangers {
                failures.push(format!(
                    "{name}: `{line}`, a service account the policy never names, is denied as written but allowed once corrected"
                ));
            } else if after && !before {
                widened.push(format!(
                    "{name}: `{line}` is denied as written but allowed once corrected"
                ));
            }
        }
        // A policy that lets no real token in is broken (a typo in the
        // principal, an audience or name no token has; the fixture's own
        // probes may carry such a token): correcting it must let someone in.
        if works {
            failures.extend(widened);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(policies >= 80, "only {policies} policies");
    assert!(checked >= 8_000, "only {checked} probes");
}
