use super::prelude::*;
use crate::core::json::{Kind, Value};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP006",
    name: "variable-in-old-version",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A policy variable (`${…}`) is used, but `Version` is `2008-10-17` or missing, so it is literal text.",
    what: "Finds `${…}` in the statements of a policy whose `Version` is `2008-10-17` or absent.",
    why: "Policy variables were introduced with the 2012-10-17 language. Under 2008-10-17 — the default when \
          `Version` is missing — IAM compares the text `${aws:PrincipalTag/team}` literally, so the condition \
          never matches and the role cannot be assumed.",
    example: "{\n  \"Version\": \"2008-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\"aws:RequestTag/kubernetes-namespace\": \"${aws:PrincipalTag/team}\"}}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n      \"Condition\": {\"StringEquals\": {\"aws:RequestTag/kubernetes-namespace\": \"${aws:PrincipalTag/team}\"}}\n    }\n  ]\n}\n",
    fix_summary: "Set `\"Version\": \"2012-10-17\"` so that policy variables are substituted.",
};

pub const AA: Option<Aa> = Aa::error("Variable unsupported in version");

/// The first string (key or value) under `v` that contains `${`.
fn first_variable(v: &Value, path: Path) -> Option<(Path, crate::core::source::Pos, String)> {
    let mut stack = vec![(v, path)];
    while let Some((v, path)) = stack.pop() {
        match &v.kind {
            Kind::String(s) if s.contains("${") => return Some((path, v.pos, s.clone())),
            Kind::Object(members) => {
                for m in members.iter().rev() {
                    stack.push((&m.value, path.k(&m.key)));
                }
                if let Some(m) = members.iter().find(|m| m.key.contains("${")) {
                    return Some((path.k(&m.key), m.key_pos, m.key.clone()));
                }
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, path.i(i)));
                }
            }
            _ => {}
        }
    }
    None
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let version = cx.root.get("Version").and_then(Value::as_str);
    if matches!(version, Some(v) if v != "2008-10-17") || cx.root.as_object().is_none() {
        return;
    }
    let Some(statements) = cx.root.get("Statement") else {
        return;
    };
    let Some((path, pos, text)) = first_variable(statements, Path::root().k("Statement")) else {
        return;
    };
    let shown: String = text.chars().take(80).collect();
    let why = match version {
        Some(_) => "the policy's Version is 2008-10-17",
        None => "the policy has no Version, so IAM uses 2008-10-17",
    };
    sink.report(
        &RULE,
        path,
        format!("`{shown}` uses a policy variable, but {why}: IAM compares the `${{…}}` text literally and the condition never matches."),
    )
    .at(Some(pos));
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_the_value_with_the_variable() {
        assert_eq!(lines_of("TP006", super::RULE.example), vec![8]);
    }

    #[test]
    fn fires_when_version_is_missing() {
        let text = super::RULE
            .example
            .replace("  \"Version\": \"2008-10-17\",\n", "");
        assert_eq!(lines_of("TP006", &text), vec![7]);
    }

    #[test]
    fn quiet_with_the_current_version() {
        assert!(lines_of("TP006", super::RULE.fixed).is_empty());
    }
}
