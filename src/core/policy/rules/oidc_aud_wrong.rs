use super::prelude::*;
use crate::core::policy::keys::STS_AUDIENCE;
use crate::core::policy::operator::Base;
use crate::core::policy::{claim_entries, glob, provider_of};
use crate::core::suggest::edit_distance;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP029",
    name: "oidc-aud-wrong",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "The `:aud` condition does not allow `sts.amazonaws.com`, the audience of IRSA tokens (`sts.amazon.com`, `sts.amazonaws.com.cn`…).",
    what: "EKS's pod identity webhook requests service-account tokens with the audience `sts.amazonaws.com` — \
           in the China and GovCloud partitions too — unless the ServiceAccount's \
           `eks.amazonaws.com/audience` annotation says otherwise. Flags an `:aud` condition that no such \
           token satisfies.",
    why: "The condition is false for every pod: the SDK fails with `Not authorized to perform \
          sts:AssumeRoleWithWebIdentity`. `sts.amazonaws.com.cn` is a frequent mistake in China regions.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws-cn:iam::111122223333:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.cn-north-1.amazonaws.com.cn/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com.cn\",\n        \"oidc.eks.cn-north-1.amazonaws.com.cn/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws-cn:iam::111122223333:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.cn-north-1.amazonaws.com.cn/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.cn-north-1.amazonaws.com.cn/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\n",
    fix_summary: "Set the `:aud` condition to `sts.amazonaws.com`.",
};

pub const AA: Option<Aa> = None;

/// Why `value` is not the IRSA audience, in words.
pub fn why(value: &str) -> String {
    let v = value.trim();
    if v == STS_AUDIENCE {
        // The audience itself, padded: the reasons below would judge the
        // trimmed text and blame something that is right.
        "the value has spaces around it, and the comparison includes them".into()
    } else if v.eq_ignore_ascii_case(STS_AUDIENCE) {
        "the value differs only in case, and the comparison is case-sensitive".into()
    } else if v.eq_ignore_ascii_case("sts.amazonaws.com.cn") {
        "China regions use the audience `sts.amazonaws.com` too".into()
    } else if v.starts_with("https://") || v.starts_with("http://") {
        "the audience is a name, not a URL".into()
    } else if v.starts_with("sts.") && v.ends_with(".amazonaws.com") {
        "regional STS endpoints do not change the token's audience".into()
    } else if edit_distance(&v.to_ascii_lowercase(), STS_AUDIENCE) <= 4 {
        format!("did you mean `{STS_AUDIENCE}`?")
    } else {
        "IRSA tokens carry `sts.amazonaws.com` unless the ServiceAccount's `eks.amazonaws.com/audience` annotation sets another audience (which the IAM OIDC provider must list too)".into()
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        if provider_of(st).and_then(|p| p.provider.eks).is_none() {
            continue;
        }
        for c in claim_entries(st, "aud") {
            let Ok(op) = c.op else { continue };
            if op.base.negated() || c.values.is_empty() {
                continue;
            }
            let accepts = c.values.iter().any(|v| match op.base {
                Base::StringEquals => v.value == STS_AUDIENCE,
                Base::StringEqualsIgnoreCase => v.value.eq_ignore_ascii_case(STS_AUDIENCE),
                Base::StringLike => glob::matches(&v.value, STS_AUDIENCE, false),
                _ => true,
            });
            if accepts {
                continue;
            }
            let v = &c.values[0];
            let sub = c
                .key
                .rsplit_once(':')
                .map_or(String::new(), |(h, _)| format!("{h}:sub"));
            if v.value.starts_with(crate::core::policy::keys::SA_PREFIX) {
                // A subject typed under `aud`: no token has that audience.
                sink.report(
                    &RULE,
                    v.path.clone(),
                    format!(
                        "`{}` requires the audience `{}`, a service account's subject: no IRSA token carries it as its audience.",
                        c.key, v.value
                    ),
                )
                .at(Some(v.pos))
                .with_help(format!(
                    "Write it under `{sub}`, and `\"{}\": \"{STS_AUDIENCE}\"` beside it.",
                    c.key
                ));
                continue;
            }
            let why = why(&v.value);
            if why.starts_with("IRSA tokens carry") {
                // A custom audience: it works for a ServiceAccount that asks for it.
                sink.report(
                    &RULE,
                    v.path.clone(),
                    format!(
                        "`{}` requires the audience `{}`: only pods whose ServiceAccount sets `eks.amazonaws.com/audience: {}` get a token with it (others carry `{STS_AUDIENCE}`), and the IAM OIDC provider must list it as a client ID.",
                        c.key, v.value, v.value
                    ),
                )
                .at(Some(v.pos))
                .with_severity(Severity::Warning)
                .with_help(format!(
                    "Keep it if the ServiceAccount sets that annotation; otherwise write `\"{}\": \"{STS_AUDIENCE}\"` beside a `{sub}` condition that names the service account.",
                    c.key
                ));
                continue;
            }
            sink.report(&RULE, v.path.clone(), {
                let stop = if why.ends_with('?') { "" } else { "." };
                format!(
                    "`{}` requires the audience `{}`, but IRSA tokens carry `{STS_AUDIENCE}`: {why}{stop}",
                    c.key, v.value
                )
            })
            .at(Some(v.pos))
            .with_help(format!("Write `\"{}\": \"{STS_AUDIENCE}\"`.", c.key));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_on_the_china_audience() {
        assert_eq!(lines_of("TP029", super::RULE.example), vec![9]);
        assert!(messages_of("TP029", super::RULE.example)[0].contains("China regions"));
    }

    /// A custom audience works for a ServiceAccount that asks for it: a
    /// warning that says so. A subject typed under `aud` never works.
    #[test]
    fn a_custom_audience_is_a_warning_and_a_subject_points_to_sub() {
        let h = "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
        let policy = |aud: &str| {
            format!(
                "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Principal\": {{\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/{h}\"}}, \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n \"Condition\": {{\"StringEquals\": {{\"{h}:aud\": \"{aud}\"}}}}}}]}}"
            )
        };
        let (findings, _) =
            crate::core::policy::analyze(&policy("vault-irsa"), &Default::default());
        let f = findings.iter().find(|f| f.code() == "TP029").unwrap();
        assert_eq!(f.severity, crate::core::finding::Severity::Warning);
        assert_eq!(lines_of("TP029", &policy("vault-irsa")), vec![2]);
        assert!(messages_of("TP029", &policy("vault-irsa"))[0].contains(
            "only pods whose ServiceAccount sets `eks.amazonaws.com/audience: vault-irsa`"
        ));
        let m = &messages_of("TP029", &policy("system:serviceaccount:payments:api"))[0];
        assert!(
            m.contains("a service account's subject: no IRSA token carries it as its audience.\nWrite it under `"),
            "{m}"
        );
    }

    #[test]
    fn names_a_typo() {
        assert!(super::why("sts.amazon.com").contains("did you mean"));
    }

    #[test]
    fn names_spaces_and_case_not_regional_endpoints() {
        let aud = "\"sts.amazonaws.com\",\n        \"oidc";
        let spaced = super::RULE.example.replacen(
            "\"sts.amazonaws.com.cn\",\n        \"oidc",
            &aud.replacen("com\"", "com \"", 1),
            1,
        );
        let m = &messages_of("TP029", &spaced)[0];
        assert!(m.contains("requires the audience `sts.amazonaws.com `, but IRSA tokens carry `sts.amazonaws.com`: the value has spaces around it"), "{m}");
        assert!(!m.contains("regional"), "{m}");
        let upper = super::RULE
            .example
            .replacen("sts.amazonaws.com.cn", "STS.amazonaws.com", 1);
        let m = &messages_of("TP029", &upper)[0];
        assert!(
            m.contains("differs only in case, and the comparison is case-sensitive."),
            "{m}"
        );
    }

    #[test]
    fn quiet_for_sts_amazonaws_com() {
        assert!(lines_of("TP029", super::RULE.fixed).is_empty());
    }
}
