use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "SA005",
    name: "annotation-not-string",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "An annotation value is a number, boolean or null; Kubernetes requires strings.",
    what: "Flags annotations written as unquoted YAML numbers or booleans, such as \
           `eks.amazonaws.com/token-expiration: 86400` or `eks.amazonaws.com/sts-regional-endpoints: true`.",
    why: "Annotations are a map of strings. `kubectl apply` rejects the whole manifest with `json: cannot \
          unmarshal number into Go struct field ObjectMeta.metadata.annotations of type string` (or `bool`). \
          YAML reads `86400` and `true` as a number and a boolean unless they are quoted.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n    eks.amazonaws.com/token-expiration: 86400\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n    eks.amazonaws.com/token-expiration: \"86400\"\n",
    fix_summary: "Quote the value: `\"86400\"`, `\"true\"`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for (key, value) in &cx.sa.annotations {
        let AnnotationValue::Other(kind, text) = value else {
            continue;
        };
        let path = cx.sa.annotation_path(key);
        let go_type = match *kind {
            "number" => "number",
            "boolean" => "bool",
            other => other,
        };
        sink.report(
            &RULE,
            path.clone(),
            format!("Annotation `{key}` is a {kind} ({text}), but annotations must be strings: `kubectl apply` fails with `cannot unmarshal {go_type} into Go struct field ObjectMeta.metadata.annotations of type string`."),
        )
        .at(cx.value_pos(&path))
        .with_help(format!("Quote it: `{key}: \"{text}\"`."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{at, messages_of, sa};

    #[test]
    fn fires_on_the_unquoted_value() {
        assert_eq!(at("SA005", super::RULE.example), vec![(8, 41)]);
        let b = sa("    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/x\n    eks.amazonaws.com/sts-regional-endpoints: true\n");
        assert!(messages_of("SA005", &b)[0].contains("unmarshal bool"));
    }

    #[test]
    fn quiet_for_quoted_values() {
        assert!(at("SA005", super::RULE.fixed).is_empty());
    }
}
