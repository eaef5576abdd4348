//! A template in the simulator. Terraform or the shell fills in `${…}` /
//! `$name` before IAM sees the policy, and eksplain cannot know with what. To
//! answer "would this service account get in?", a placeholder in a principal
//! or in a condition key is taken to stand for what the simulated request has
//! there — its provider's ARN, its `<issuer>:sub` key — when the text around
//! it allows that; each such choice is named in the request's notes. Values
//! (the `sub` a condition expects) are compared as written: a placeholder
//! there is what decides who gets in, so the simulation does not guess it.

use super::{Caller, Request};
use crate::core::policy::heredoc::Expander;
use crate::core::policy::model::{Policy, Principal};
use crate::core::policy::rules::policy_template::{in_terraform, placeholders};

/// `policy` with its placeholders in principals and condition keys filled in
/// from `req`, and a note for each placeholder filled or left.
pub fn fill(policy: &Policy, req: &Request, by: Expander) -> (Policy, Vec<String>) {
    let holes = |s: &str| match by {
        Expander::Shell => placeholders(s),
        Expander::Terraform | Expander::CloudFormation => in_terraform(s),
    };
    let (kind, caller) = match &req.caller {
        Caller::Federated(a) => ("Federated", a),
        Caller::Aws(a) => ("AWS", a),
        Caller::Service(s) => ("Service", s),
    };
    let mut out = policy.clone();
    let mut notes: Vec<String> = Vec::new();
    let mut note = |n: String| {
        if !notes.contains(&n) {
            notes.push(n);
        }
    };
    for st in &mut out.statements {
        if let Some(Principal::Map(entries)) = &mut st.principal {
            for e in entries.iter_mut().filter(|e| e.kind == kind) {
                for v in &mut e.values {
                    let h = holes(&v.value);
                    if !h.is_empty() && can_be(&v.value, &h, caller, false) {
                        note(format!(
                            "{} in the {kind} principal taken to be the request's, {caller}",
                            quote(&v.value)
                        ));
                        v.value = caller.clone();
                    }
                }
            }
        }
        for c in &mut st.conditions {
            let h = holes(&c.key);
            if !h.is_empty() {
                if let Some(k) = req
                    .context
                    .iter()
                    .find(|k| can_be(&c.key, &h, &k.key, true))
                {
                    note(format!(
                        "condition key {} taken to be the request's {}",
                        quote(&c.key),
                        quote(&k.key)
                    ));
                    c.key = k.key.clone();
                }
            }
            for v in &c.values {
                if !holes(&v.value).is_empty() {
                    note(format!(
                        "{} is compared as written: what replaces {} decides who gets in",
                        quote(&v.value),
                        holes(&v.value).join(", ")
                    ));
                }
            }
        }
    }
    (out, notes)
}

/// For a template (`expands` set), the policy to simulate: `policy` filled in
/// from `req`, with the notes added to the request. `None` for a policy
/// that is not a template, which is simulated as it is.
pub fn fill_in(policy: &Policy, req: &mut Request, expands: Option<Expander>) -> Option<Policy> {
    let (filled, notes) = fill(policy, req, expands?);
    req.notes.extend(notes);
    Some(filled)
}

fn quote(s: &str) -> String {
    format!("`{s}`")
}

/// Whether `s`, each of its placeholders standing for any text, can be
/// `target` (condition key names ignore case).
fn can_be(s: &str, holes: &[String], target: &str, fold: bool) -> bool {
    let (mut s, mut target) = (s.to_string(), target.to_string());
    if fold {
        s.make_ascii_lowercase();
        target.make_ascii_lowercase();
    }
    // Longest first: `$oidc` must not cut `$oidc_provider` in two.
    let mut holes: Vec<String> = holes.to_vec();
    holes.sort_by_key(|h| std::cmp::Reverse(h.len()));
    for h in &holes {
        let h = if fold {
            h.to_ascii_lowercase()
        } else {
            h.clone()
        };
        s = s.replace(&h, "\0");
    }
    let parts: Vec<&str> = s.split('\0').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return s == target;
    };
    let Some(rest) = target.strip_prefix(first) else {
        return false;
    };
    let Some(mut rest) = rest.strip_suffix(last) else {
        return false;
    };
    for m in middle {
        match rest.find(m) {
            Some(i) => rest = &rest[i + m.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::policy::{probe, read, sim};

    const AWS_DOCS: &str = "cat >trust-relationship.json <<EOF\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::$account_id:oidc-provider/$oidc_provider\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"$oidc_provider:aud\": \"sts.amazonaws.com\",\n        \"$oidc_provider:sub\": \"system:serviceaccount:$namespace:$service_account\"\n      }}\n    }\n  ]\n}\nEOF\n";

    fn run(text: &str, sa: &str) -> (bool, Vec<String>) {
        let r = read(text);
        let by = r.expands.expect("a template");
        let p = r.model().expect("a policy");
        let probe = probe::Probe::parse(sa).unwrap();
        let mut req = probe::request(&p, &probe).unwrap();
        let (filled, notes) = fill(&p, &req, by);
        req.notes.extend(notes);
        (sim::evaluate(&filled, true, &req).allowed, req.notes)
    }

    #[test]
    fn terraform_references_to_the_provider_are_the_simulated_provider() {
        let tf = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-jsonencode-blueprints.tf"
        );
        let (allowed, notes) = run(tf, "karpenter:karpenter");
        assert!(allowed, "{notes:#?}");
        assert!(notes.iter().any(|n| n.starts_with(
            "`${module.eks.oidc_provider_arn}` in the Federated principal taken to be the request's, arn:aws:iam::"
        )), "{notes:#?}");
        assert!(
            notes.iter().any(|n| n.starts_with(
                "condition key `${local.oidc_provider}:sub` taken to be the request's `oidc.eks."
            )),
            "{notes:#?}"
        );
        // Only the provider is filled in: the subject is still the policy's.
        assert!(!run(tf, "karpenter:other").0);
    }

    #[test]
    fn a_placeholder_in_a_value_is_compared_as_written_and_named() {
        let (allowed, notes) = run(AWS_DOCS, "payments:api");
        assert!(!allowed);
        assert!(notes.iter().any(|n| n == "`system:serviceaccount:$namespace:$service_account` is compared as written: what replaces $namespace, $service_account decides who gets in"), "{notes:#?}");
        let concrete = AWS_DOCS.replace("$namespace:$service_account", "payments:api");
        assert!(run(&concrete, "payments:api").0);
    }

    #[test]
    fn text_around_a_placeholder_must_still_match() {
        let h = |s: &str| placeholders(s);
        let v = "arn:aws:iam::$account:oidc-provider/$host";
        assert!(can_be(
            v,
            &h(v),
            "arn:aws:iam::1:oidc-provider/oidc.eks",
            false
        ));
        assert!(!can_be(v, &h(v), "arn:aws:iam::1:saml-provider/x", false));
        let k = "${local.oidc}:SUB";
        assert!(can_be(k, &in_terraform(k), "oidc.eks/id/X:sub", true));
        assert!(!can_be(k, &in_terraform(k), "oidc.eks/id/X:aud", true));
        let nested = "$oidc_provider:$oidc";
        assert!(can_be(nested, &h(nested), "a:b", false));
    }
}
