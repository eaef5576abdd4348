use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP005",
    name: "version-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "`Version` is not `2012-10-17` or `2008-10-17`.",
    what: "IAM knows exactly two policy language versions, `2012-10-17` (current) and `2008-10-17`. The \
           `Version` is not a date of your choosing: today's date, `2012-10-18` or `2021-10-17` are errors.",
    why: "IAM rejects the document (`MalformedPolicyDocument: The policy failed legacy parsing`), so the trust \
          policy is never saved.",
    example: "{\n  \"Version\": \"2021-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Set `\"Version\": \"2012-10-17\"`.",
};

pub const AA: Option<Aa> = Aa::error("Invalid version");

pub const VERSIONS: &[&str] = &["2012-10-17", "2008-10-17"];

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(v) = cx.root.get("Version") else {
        return;
    };
    let path = Path::root().k("Version");
    match v.as_str() {
        Some(s) if VERSIONS.contains(&s) => {}
        Some(s) => {
            sink.report(
                &RULE,
                path,
                format!("`Version` is `{s}`; IAM accepts only `2012-10-17` (the current policy language) and `2008-10-17`."),
            )
            .at(Some(v.pos));
        }
        None => {
            sink.report(
                &RULE,
                path,
                format!(
                    "`Version` is {}; it must be the string \"2012-10-17\".",
                    v.type_name()
                ),
            )
            .at(Some(v.pos));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_the_version_value() {
        assert_eq!(lines_of("TP005", super::RULE.example), vec![2]);
    }

    #[test]
    fn quiet_for_both_known_versions() {
        assert!(lines_of("TP005", super::RULE.fixed).is_empty());
        let old = super::RULE.fixed.replace("2012-10-17", "2008-10-17");
        assert!(lines_of("TP005", &old).is_empty());
    }
}
