use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP009",
    name: "sid-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A `Sid` contains characters other than letters and digits.",
    what: "In IAM policies a `Sid` may contain only `A-Z`, `a-z` and `0-9`: no hyphens, underscores, spaces \
           or dots. Flags any other character, and a `Sid` that is not a string.",
    why: "IAM rejects the document with `MalformedPolicyDocument: Statement IDs (SID) must be alpha-numeric`. \
          Names such as `allow-irsa` or `eks_pod_identity`, fine elsewhere, are the usual cause.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"allow-pod-identity\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"AllowPodIdentity\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Use only letters and digits in `Sid`, e.g. `AllowPodIdentity`.",
};

pub const AA: Option<Aa> = Aa::error("Unsupported Sid");

/// `allow-pod_identity 2` → `AllowPodIdentity2`.
pub fn alphanumeric(sid: &str) -> String {
    sid.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            match cs.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        let path = st.path.k("Sid");
        let Some((v, _)) = cx.root.lookup(&path) else {
            continue;
        };
        match v.as_str() {
            Some(s) => {
                if let Some(c) = s.chars().find(|c| !c.is_ascii_alphanumeric()) {
                    let shown = if c == ' ' {
                        "a space".to_string()
                    } else {
                        format!("`{c}`")
                    };
                    let f = sink
                        .report(
                            &RULE,
                            path,
                            format!("Sid `{s}` contains {shown}; IAM allows only letters and digits in a Sid."),
                        )
                        .at(Some(v.pos));
                    let fixed = alphanumeric(s);
                    if !fixed.is_empty() {
                        f.with_help(format!("Use `{fixed}`."));
                    }
                }
            }
            None => {
                sink.report(
                    &RULE,
                    path,
                    format!(
                        "`Sid` is {}; it must be a string of letters and digits.",
                        v.type_name()
                    ),
                )
                .at(Some(v.pos));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_the_sid() {
        assert_eq!(lines_of("TP009", super::RULE.example), vec![5]);
        assert_eq!(
            super::alphanumeric("allow-pod_identity 2"),
            "AllowPodIdentity2"
        );
    }

    #[test]
    fn quiet_for_alphanumeric_sids() {
        assert!(lines_of("TP009", super::RULE.fixed).is_empty());
    }
}
