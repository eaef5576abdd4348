use super::prelude::*;
use crate::core::suggest::edit_distance;

pub static RULE: RuleMeta = RuleMeta {
    code: "SA006",
    name: "annotation-key-unknown",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "An annotation key is a misspelling of an IRSA annotation, or one the webhook does not read.",
    what: "Compares annotation keys with the ones the EKS pod identity webhook reads on ServiceAccounts — \
           `eks.amazonaws.com/role-arn`, `/audience`, `/sts-regional-endpoints`, `/token-expiration` — and flags \
           near misses (`eks.amazonaws.com/rolearn`, `eks.amazon.com/role-arn`) and unknown keys under \
           `eks.amazonaws.com/`. Also flags kube2iam/kiam's `iam.amazonaws.com/role`, which IRSA ignores.",
    why: "Kubernetes accepts any annotation key, so a misspelt one fails silently: the webhook never sees the \
          role, the pods get no web identity token, and the application falls back to the node's role — \
          `AccessDenied` with the node role's ARN in the message.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role_arn: arn:aws:iam::493827160542:role/payments-api\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n",
    fix_summary: "Use the exact key, e.g. `eks.amazonaws.com/role-arn`.",
};

const KNOWN: &[&str] = &[
    model::ROLE_ARN,
    model::AUDIENCE,
    model::STS_REGIONAL,
    model::TOKEN_EXPIRATION,
];

/// Keys under the prefix the webhook reads on pods, not ServiceAccounts.
const POD_ONLY: &[&str] = &[
    "eks.amazonaws.com/skip-containers",
    "eks.amazonaws.com/compute-type",
];

pub fn check(cx: &Cx, sink: &mut Sink) {
    for (key, _) in &cx.sa.annotations {
        if KNOWN.contains(&key.as_str()) {
            continue;
        }
        let path = cx.sa.annotation_path(key);
        let lower = key.to_ascii_lowercase();
        let squeezed: String = lower
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let near = KNOWN.iter().copied().find(|k| {
            let ks: String = k.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
            ks == squeezed
                || edit_distance(&lower, k) <= 3
                || lower.ends_with(&k[model::PREFIX.len()..]) && !lower.starts_with(model::PREFIX)
        });
        let message = if let Some(k) = near {
            format!("Annotation `{key}` is not `{k}`: the webhook reads only the exact key, so this one is ignored.")
        } else if key == "iam.amazonaws.com/role" {
            "Annotation `iam.amazonaws.com/role` belongs to kube2iam/kiam (and to pods, not ServiceAccounts); IRSA ignores it and reads `eks.amazonaws.com/role-arn`.".to_string()
        } else if POD_ONLY.contains(&key.as_str()) {
            format!(
                "Annotation `{key}` is read on pods, not on ServiceAccounts; here it does nothing."
            )
        } else if key.starts_with(model::PREFIX) {
            format!("The pod identity webhook reads no annotation `{key}` on ServiceAccounts; it has no effect.")
        } else {
            continue;
        };
        let f = sink
            .report(&RULE, path.clone(), message)
            .at(cx.key_pos(&path));
        if let Some(k) = near {
            f.with_help(format!("Rename the key to `{k}`."));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{at, messages_of, sa};

    #[test]
    fn fires_on_the_key_with_a_suggestion() {
        assert_eq!(at("SA006", super::RULE.example), vec![(7, 5)]);
        for key in [
            "eks.amazonaws.com/rolearn",
            "eks.amazon.com/role-arn",
            "eks.amazonaws.com/role-ARN",
            "eks.amazonaws.com/audiance",
        ] {
            let t = sa(&format!("    {key}: x\n"));
            assert_eq!(messages_of("SA006", &t).len(), 1, "{key}");
        }
        let kiam = sa("    iam.amazonaws.com/role: payments-api\n");
        assert!(messages_of("SA006", &kiam)[0].contains("kube2iam"));
    }

    #[test]
    fn quiet_for_known_and_unrelated_keys() {
        assert!(at("SA006", super::RULE.fixed).is_empty());
        let other = sa("    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/x\n    meta.helm.sh/release-name: api\n");
        assert!(at("SA006", &other).is_empty());
    }
}
