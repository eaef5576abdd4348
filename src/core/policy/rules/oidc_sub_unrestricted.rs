use super::prelude::*;
use crate::core::policy::issuer::{self, Issuer};
use crate::core::policy::keys::{classify, KeyKind, SA_PREFIX};
use crate::core::policy::{claim_entries, glob, provider_of, use_of, Use};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP028",
    name: "oidc-sub-unrestricted",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::TrustPolicy,
    summary: "An OIDC trust has no `:sub` condition (or one that matches every subject): any service account in the cluster can assume the role.",
    what: "Flags an Allow statement with a `Federated` OIDC principal and no condition on the token's `sub` \
           claim, or only patterns such as `*` or `system:serviceaccount:*` that every service account \
           matches. Also flags a `StringLike` pattern with no `:` between the namespace and the `*` \
           (`system:serviceaccount:payments*`): it matches every namespace whose name starts that way \
           (`payments-dev`, `payments-sandbox`) and every service account in them.",
    why: "Every pod in every namespace of the cluster — including ones created by anyone who can create a \
          pod or a service account — can obtain the role's credentials. `aud` alone does not help: all IRSA \
          tokens have the audience `sts.amazonaws.com`.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Add `\"PROVIDER:sub\": \"system:serviceaccount:NAMESPACE:NAME\"` under `StringEquals`.",
};

pub const AA: Option<Aa> = Aa::security("Missing condition key for oidc principal");

/// True when a subject pattern matches every service account of a cluster.
pub fn matches_every_service_account(pattern: &str) -> bool {
    glob::matches(
        pattern,
        "system:serviceaccount:zz-probe-ns:zz-probe-name",
        false,
    ) && glob::matches(pattern, "system:serviceaccount:a:b", false)
}

/// True when a `sub` key sits in an operator nested inside another operator.
fn nested_sub(cx: &Cx, st: &Statement) -> bool {
    let Some(blocks) = st
        .condition
        .as_ref()
        .and_then(|p| cx.root.lookup(p))
        .and_then(|(v, _)| v.as_object())
    else {
        return false;
    };
    blocks
        .iter()
        .filter_map(|b| b.value.as_object())
        .flatten()
        .filter_map(|e| e.value.as_object())
        .flatten()
        .any(|k| matches!(classify(&k.key), KeyKind::Claim { claim, .. } if claim.eq_ignore_ascii_case("sub")))
}

/// For a subject pattern whose `*` runs on from a namespace prefix
/// (`system:serviceaccount:payments*`), the pattern meant, when it is clear
/// (`system:serviceaccount:payments:*`), or `None` when nothing better can be
/// said than `NAMESPACE:NAME`.
pub fn namespace_prefix_pattern(pattern: &str) -> Option<Option<String>> {
    let rest = pattern.strip_prefix(SA_PREFIX)?;
    let star = rest.find('*')?;
    if rest.contains(':') || star == 0 {
        return None;
    }
    let ns = rest.get(..star).unwrap_or_default();
    let meant =
        (rest.get(star..) == Some("*") && !ns.contains('?')).then(|| format!("{SA_PREFIX}{ns}:*"));
    Some(meant)
}

/// `StringLike` subjects that run a namespace prefix into the `*`.
fn check_namespace_prefixes(st: &Statement, sink: &mut Sink) {
    for c in claim_entries(st, "sub") {
        if !matches!(c.op, Ok(op) if op.base.wildcards() && !op.base.negated()) {
            continue;
        }
        for v in &c.values {
            let Some(meant) = namespace_prefix_pattern(&v.value) else {
                continue;
            };
            let rest = v.value.get(SA_PREFIX.len()..).unwrap_or_default();
            let ns = rest.split(['*', '?']).next().unwrap_or_default();
            let (message, help) = match meant {
                Some(m) => (
                    format!("The `sub` pattern `{}` has no `:` between the namespace and the `*`: besides namespace `{ns}` it matches every namespace whose name starts with `{ns}` (`{ns}-dev`, `{ns}-sandbox`, …) and any service account in them.", v.value),
                    format!("Write `{m}` for the service accounts of namespace `{ns}` only, or name the service account (`{SA_PREFIX}{ns}:NAME`) under `StringEquals`."),
                ),
                None => (
                    format!("The `sub` pattern `{}` has no `:` between the namespace and the name, so its `*` spans both: it matches service accounts of every namespace whose name starts with `{ns}`.", v.value),
                    format!("Separate namespace and name with `:` (`{SA_PREFIX}NAMESPACE:NAME`, with `*` only in the part you mean to leave open)."),
                ),
            };
            sink.report(&RULE, v.path.clone(), message)
                .at(Some(v.pos))
                .with_help(format!("{help}\nIAM Access Analyzer does not report this: the condition names the provider's `sub`."));
        }
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in cx.policy.statements.iter().filter(|s| s.is_allow()) {
        // A `Condition` Terraform computes may hold the `sub` restriction.
        if use_of(st) != Use::WebIdentity || st.computed.is_some() {
            continue;
        }
        // A provider anyone can get tokens from is TP039's: there the
        // question is whether strangers get in, not which service accounts.
        let issuer = issuer::of_statement(st).map(|(i, _, _)| i);
        if issuer.is_some_and(|i| i.shared()) {
            continue;
        }
        // GitHub's repository claims pin the caller as `sub` does.
        if let Some(i @ Issuer::GitHub { .. }) = issuer {
            let pinned = st.conditions.iter().any(|c| {
                matches!(c.op, Ok(op) if !op.base.negated())
                    && matches!(classify(&c.key), KeyKind::Claim { claim, .. }
                        if !claim.eq_ignore_ascii_case("sub") && i.identifies(claim))
            });
            if pinned {
                continue;
            }
        }
        check_namespace_prefixes(st, sink);
        let subs = claim_entries(st, "sub");
        let restricting: Vec<&CondEntry> = subs
            .iter()
            .copied()
            .filter(|c| matches!(c.op, Ok(op) if !op.base.negated()))
            .collect();
        let broad: Vec<&CondEntry> = restricting
            .iter()
            .copied()
            .filter(|c| {
                let like = matches!(c.op, Ok(op) if op.base.wildcards());
                like && !c.values.is_empty()
                    && c.values
                        .iter()
                        .all(|v| matches_every_service_account(&v.value))
            })
            .collect();
        if !restricting.is_empty() && broad.len() < restricting.len() {
            continue;
        }
        // A restriction that is there but broken is another rule's finding:
        // a bare `sub` key (TP019), a misspelt operator (TP018), an operator
        // nested in another (TP021).
        if st
            .conditions
            .iter()
            .any(|c| c.key.eq_ignore_ascii_case("sub"))
            || subs.iter().any(|c| c.op.is_err())
            || nested_sub(cx, st)
        {
            continue;
        }
        let who = match provider_of(st).and_then(|p| p.provider.eks) {
            Some(e) => format!(
                "any service account in any namespace of cluster `{}` ({})",
                e.id, e.region
            ),
            None => issuer.map_or(Issuer::Other, |i| i).everyone().to_string(),
        };
        let key = provider_of(st)
            .map(|p| p.provider.key("sub"))
            .unwrap_or_else(|| "PROVIDER:sub".into());
        let example = issuer.map_or(Issuer::Other, |i| i).example().1;
        let help = format!("Add `\"{key}\": \"{example}\"` under `StringEquals` (use `StringLike` with `*` only for a deliberate pattern).");
        if let Some(c) = broad.first() {
            let v = c.values.first().map(|v| v.value.as_str()).unwrap_or("");
            sink.report(&RULE, c.path.clone(), format!("The `sub` pattern `{v}` matches every service account: {who} can assume this role."))
                .at(Some(c.key_pos))
                .with_help(
                    "Narrow the pattern to a namespace (`system:serviceaccount:NAMESPACE:*`) or name the service account under `StringEquals`.\nIAM Access Analyzer does not report this: it only checks that some condition names the provider.",
                );
        } else if let Some(c) = subs
            .iter()
            .find(|c| matches!(c.op, Ok(op) if op.base.negated()))
        {
            // `StringNotEquals` on `sub` is a condition on `sub`, but one
            // that only shuts out the subjects it lists.
            sink.report(
                &RULE,
                c.path.clone(),
                format!(
                    "{} restricts `sub` only by exclusion (`{}`): {who}, except the subjects listed here, can assume this role.",
                    st.label(),
                    c.op_text
                ),
            )
            .at(Some(c.key_pos))
            .with_help(help);
        } else {
            let (path, pos) = match st.principals("Federated").next() {
                Some(t) => (t.path.clone(), Some(t.pos)),
                None => (st.path.clone(), None),
            };
            let what = if st.conditions.is_empty() {
                "has no condition"
            } else {
                "has no condition on `sub`"
            };
            sink.report(
                &RULE,
                path,
                format!("{} {what}: {who} can assume this role.", st.label()),
            )
            .at(pos)
            .with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    /// `${saml_provider_arn}` names no OIDC provider: SAML has no `sub` to pin.
    #[test]
    fn quiet_for_a_computed_saml_provider() {
        let text =
            include_str!("../../../../tests/fixtures/trust-policy/template-saml-provider.json");
        assert!(lines_of("TP028", text).is_empty());
    }

    #[test]
    fn fires_at_the_principal_when_sub_is_missing() {
        assert_eq!(lines_of("TP028", super::RULE.example), vec![6]);
        assert!(messages_of("TP028", super::RULE.example)[0]
            .contains("any service account in any namespace of cluster `EXAMPLED539D4633E53DE1B71EXAMPLE` (us-east-1)"));
    }

    #[test]
    fn fires_on_a_pattern_matching_everything() {
        let text = super::RULE
            .fixed
            .replace("StringEquals", "StringLike")
            .replace(
                "system:serviceaccount:payments:api",
                "system:serviceaccount:*",
            );
        assert_eq!(lines_of("TP028", &text), vec![10]);
    }

    #[test]
    fn names_an_exclusion_as_one() {
        // Only `sub` moves under StringNotEquals; `aud` stays pinned.
        let sub = "\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"";
        assert!(super::RULE.fixed.contains(sub));
        let text = super::RULE.fixed.replace(
            &format!(",\n        {sub}"),
            &format!("\n      }},\n      \"StringNotEquals\": {{\n        {sub}"),
        );
        let m = messages_of("TP028", &text);
        assert_eq!(lines_of("TP028", &text), vec![12], "{text}");
        assert!(m[0].starts_with("Statement[0] restricts `sub` only by exclusion (`StringNotEquals`): any service account in any namespace of cluster `EXAMPLED539D4633E53DE1B71EXAMPLE` (us-east-1), except the subjects listed here, can assume this role."), "{}", m[0]);
    }

    #[test]
    fn a_namespace_prefix_run_into_the_star_says_what_to_write() {
        let text = super::RULE
            .fixed
            .replace("StringEquals", "StringLike")
            .replace(
                "system:serviceaccount:payments:api",
                "system:serviceaccount:payments*",
            );
        assert_eq!(lines_of("TP028", &text), vec![10]);
        let m = &messages_of("TP028", &text)[0];
        assert!(m.starts_with("The `sub` pattern `system:serviceaccount:payments*` has no `:` between the namespace and the `*`: besides namespace `payments` it matches every namespace whose name starts with `payments` (`payments-dev`, `payments-sandbox`, …) and any service account in them."), "{m}");
        assert!(
            m.contains("Write `system:serviceaccount:payments:*` for the service accounts of namespace `payments` only"),
            "{m}"
        );
        let odd = text.replace("payments*", "pay*ments");
        assert!(messages_of("TP028", &odd)[0].contains("Separate namespace and name with `:`"));
        // Under StringEquals the `*` is literal: TP023's finding, not this one.
        let literal = text.replace("StringLike", "StringEquals");
        assert!(lines_of("TP028", &literal).is_empty());
    }

    #[test]
    fn quiet_with_a_sub_condition_or_a_namespace_pattern() {
        assert!(lines_of("TP028", super::RULE.fixed).is_empty());
        let ns = super::RULE
            .fixed
            .replace("StringEquals", "StringLike")
            .replace(
                "system:serviceaccount:payments:api",
                "system:serviceaccount:payments:*",
            );
        assert!(lines_of("TP028", &ns).is_empty());
    }
}
