use super::prelude::*;
use crate::core::policy::model::Principal;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP012",
    name: "principal-key-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A `Principal` key is not `AWS`, `Federated`, `Service` or `CanonicalUser`.",
    what: "The keys of a `Principal` object are a fixed set, spelt exactly. Flags `federated`, `Federate`, \
           `Services`, `OIDC` and the like, with the key that was probably meant.",
    why: "IAM rejects the policy (`Invalid principal in policy`), so the trust relationship is not saved.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Services\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Use one of the principal keys `AWS`, `Federated`, `Service`, `CanonicalUser`, spelt exactly.",
};

pub const AA: Option<Aa> = Aa::error("Invalid principal key");

pub const KEYS: &[&str] = &["AWS", "Federated", "Service", "CanonicalUser"];

/// The principal key `key` was probably meant to be.
pub fn suggestion(key: &str, values: &[Text]) -> Option<&'static str> {
    if let Some(s) = super::unknown_element::suggestion(key, KEYS) {
        return Some(s);
    }
    let v = values.first()?.value.as_str();
    if v.contains(":oidc-provider/") || key.eq_ignore_ascii_case("oidc") {
        Some("Federated")
    } else if v.ends_with(".amazonaws.com") {
        Some("Service")
    } else {
        None
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        for p in [&st.principal, &st.not_principal].into_iter().flatten() {
            let Principal::Map(entries) = p else { continue };
            for e in entries {
                if KEYS.contains(&e.kind.as_str()) {
                    continue;
                }
                let f = sink
                    .report(&RULE, e.path.clone(), format!("`{}` is not a principal key; IAM knows only AWS, Federated, Service and CanonicalUser.", e.kind))
                    .at(Some(e.kind_pos));
                if let Some(s) = suggestion(&e.kind, &e.values) {
                    f.with_help(format!("Rename `{}` to `{s}`.", e.kind));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_the_key_and_suggests_the_right_one() {
        assert_eq!(lines_of("TP012", super::RULE.example), vec![6]);
        assert!(messages_of("TP012", super::RULE.example)[0].contains("to `Service`"));
    }

    #[test]
    fn quiet_for_known_keys() {
        assert!(lines_of("TP012", super::RULE.fixed).is_empty());
    }
}
