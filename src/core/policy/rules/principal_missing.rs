use super::prelude::*;
use crate::core::json::Kind;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP011",
    name: "principal-missing",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A statement names no principal, or writes `Principal` in a form IAM does not accept.",
    what: "A trust policy statement says *who* may assume the role in `Principal`: `\"*\"` or an object such \
           as `{\"Federated\": \"arn:…:oidc-provider/…\"}` or `{\"Service\": \"pods.eks.amazonaws.com\"}`. \
           Flags a statement without `Principal`, a `Principal` that is an array, a number or a bare ARN \
           string, and principals with no values (`{}`, `{\"Federated\": []}`).",
    why: "IAM rejects a role trust policy statement without a principal (`Missing required field Principal`) \
          and any other shape of `Principal` (`Invalid principal in policy`). An empty principal trusts no one.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\",\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\"\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Write the principal as an object: {\"Federated\": \"arn:…:oidc-provider/…\"} for IRSA, {\"Service\": \"pods.eks.amazonaws.com\"} for Pod Identity.",
};

pub const AA: Option<Aa> = Aa::error("Missing principal");

/// The Access Analyzer check for a principal of the wrong shape.
const FORMAT: &str = "IAM Access Analyzer: ERROR “Invalid principal format”.";

fn kind_for(value: &str) -> &'static str {
    if value.contains(":oidc-provider/") || value.contains(":saml-provider/") {
        "Federated"
    } else if value.ends_with(".amazonaws.com") {
        "Service"
    } else {
        "AWS"
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        let path = st.path.k("Principal");
        let Some((v, _)) = cx.root.lookup(&path) else {
            if st.not_principal.is_none() {
                sink.report(&RULE, st.path.clone(), format!("{} has no `Principal`: a trust policy statement must say who may assume the role.", st.label()));
            }
            continue;
        };
        match &v.kind {
            Kind::String(s) if s == "*" => {}
            Kind::String(s) => {
                let kind = kind_for(s);
                sink.report(&RULE, path, format!("`Principal` is a bare string; only `\"*\"` may be written so. This value belongs under `{kind}`."))
                    .at(Some(v.pos))
                    .with_help(format!("Write \"Principal\": {{\"{kind}\": \"{s}\"}}.\n{FORMAT}"));
            }
            Kind::Object(members) if members.is_empty() => {
                sink.report(
                    &RULE,
                    path,
                    "`Principal` is an empty object: the statement trusts no one.",
                )
                .at(Some(v.pos));
            }
            Kind::Object(members) => {
                for m in members {
                    let empty = match &m.value.kind {
                        Kind::Array(a) => a.is_empty(),
                        Kind::String(s) => s.is_empty(),
                        _ => false,
                    };
                    if empty {
                        sink.report(
                            &RULE,
                            path.k(&m.key),
                            format!("`{}` lists no principal.", m.key),
                        )
                        .at(Some(m.value.pos));
                    } else if m.value.as_str().is_none()
                        && m.value
                            .as_array()
                            .is_none_or(|a| a.iter().any(|x| x.as_str().is_none()))
                    {
                        sink.report(
                            &RULE,
                            path.k(&m.key),
                            format!(
                                "`{}` is {}; it must be a string or an array of strings.",
                                m.key,
                                m.value.type_name()
                            ),
                        )
                        .at(Some(m.value.pos));
                    }
                }
            }
            _ => {
                sink.report(&RULE, path, format!("`Principal` is {}; it must be `\"*\"` or an object such as {{\"Federated\": …}}.", v.type_name()))
                    .at(Some(v.pos))
                    .with_help(format!("{}\n{FORMAT}", RULE.fix_summary));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_a_bare_arn_and_says_where_it_belongs() {
        assert_eq!(lines_of("TP011", super::RULE.example), vec![6]);
        assert!(messages_of("TP011", super::RULE.example)[0].contains("under `Federated`"));
    }

    #[test]
    fn fires_when_principal_is_missing() {
        let text = "{\"Version\": \"2012-10-17\", \"Statement\": [\n{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}]}";
        assert_eq!(lines_of("TP011", text), vec![2]);
    }

    #[test]
    fn quiet_for_an_object_principal() {
        assert!(lines_of("TP011", super::RULE.fixed).is_empty());
    }
}
