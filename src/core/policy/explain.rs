//! The explanation of a trust policy: who can assume the role, each statement
//! in words, and — when something is wrong — the corrected policy and a diff.

use super::model::{CondEntry, Principal, Statement};
use super::operator::{Base, Family, Qualifier};
use super::provider::ProviderArn;
use super::{diff, fix, use_of, who, Cx, Read, Use};
use crate::core::finding::Finding;
use crate::core::json;
use crate::core::source::Pos;

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct TrustPolicyView {
    pub version: Option<String>,
    /// Who can assume the role, one sentence per statement.
    pub who: Vec<String>,
    pub statements: Vec<StatementView>,
    /// The policy with every certain fix applied, when it differs.
    pub corrected: Option<String>,
    /// What the corrected policy leaves out, and why: one sentence each.
    #[cfg_attr(any(test, target_arch = "wasm32"), serde(default))]
    pub omitted: Vec<String>,
    /// A unified diff from the policy as read to the corrected one.
    pub diff: Option<String>,
    /// True when the input was YAML.
    pub yaml: bool,
    /// Where the policy was found in a larger document.
    pub inner: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct StatementView {
    pub label: String,
    /// Where the statement is in the input.
    pub pos: Pos,
    /// `line 4` (with the column for a URL-encoded policy), for the text.
    pub at: String,
    pub effect: String,
    /// `IRSA (web identity)`, `EKS Pod Identity`, or `other`.
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub mechanism: crate::core::StaticStr,
    pub principals: Vec<String>,
    pub actions: Vec<String>,
    pub conditions: Vec<String>,
}

fn principal_words(kind: &str, value: &str) -> String {
    if kind == "Federated" {
        if let Some(p) = ProviderArn::parse(value) {
            return match &p.provider.eks {
                Some(e) => format!(
                    "Federated `{value}` — the IAM OIDC provider of EKS cluster `{}` in {} (issuer {})",
                    e.id,
                    e.region,
                    p.provider.issuer()
                ),
                None => format!("Federated `{value}` — the IAM OIDC provider for {}", p.provider.issuer()),
            };
        }
    }
    if kind == "Service" && value == super::keys::POD_IDENTITY_SERVICE {
        return format!("Service `{value}` — EKS Pod Identity");
    }
    if value == "*" {
        return format!("{kind} `*` — any AWS principal in any account");
    }
    format!("{kind} `{value}`")
}

fn list(values: &[String], joiner: &str) -> String {
    let q: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match q.as_slice() {
        [] => "(no value)".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {joiner} {last}", init.join(", ")),
    }
}

/// A condition in words: "`…:sub` must equal `system:serviceaccount:a:b` (StringEquals, case-sensitive)".
pub fn condition_words(c: &CondEntry) -> String {
    let vals: Vec<String> = c.values.iter().map(|v| v.value.clone()).collect();
    let Ok(op) = c.op else {
        if c.op_text.starts_with("${") {
            return format!(
                "`{}` compared with {} by the operator Terraform fills in (`{}`)",
                c.key,
                list(&vals, "or"),
                c.op_text
            );
        }
        return format!(
            "`{}` under `{}` — not a condition operator; IAM rejects the policy",
            c.key, c.op_text
        );
    };
    let neg = op.base.negated();
    let any = list(&vals, "or");
    let none = list(&vals, "nor");
    let verb = match op.base.positive() {
        Base::StringEquals | Base::BinaryEquals => {
            if neg {
                format!("must equal neither {none}")
            } else {
                format!("must equal {any}")
            }
        }
        Base::StringEqualsIgnoreCase => {
            if neg {
                format!("must equal neither {none}, ignoring case")
            } else {
                format!("must equal {any}, ignoring case")
            }
        }
        Base::StringLike => {
            if neg {
                format!("must match none of the patterns {}", list(&vals, "and"))
            } else {
                format!("must match the pattern {any}")
            }
        }
        Base::ArnEquals | Base::ArnLike => {
            if neg {
                format!("must match no ARN of {}", list(&vals, "and"))
            } else {
                format!("must match the ARN {any}")
            }
        }
        Base::IpAddress => {
            if neg {
                format!("must be outside {}", list(&vals, "and"))
            } else {
                format!("must be in {any}")
            }
        }
        Base::Bool => format!("must be {any}"),
        Base::Null => {
            if vals.iter().any(|v| v.eq_ignore_ascii_case("true")) {
                "must be absent from the request".into()
            } else {
                "must be present in the request".into()
            }
        }
        b => {
            let rel = match b {
                Base::NumericEquals | Base::DateEquals => "equal",
                Base::NumericLessThan | Base::DateLessThan => "be less than",
                Base::NumericLessThanEquals | Base::DateLessThanEquals => "be at most",
                Base::NumericGreaterThan | Base::DateGreaterThan => "be greater than",
                _ => "be at least",
            };
            let rel = if b.family() == Family::Date {
                rel.replace("less than", "before")
                    .replace("greater than", "after")
            } else {
                rel.to_string()
            };
            if neg {
                format!("must not equal {none}")
            } else {
                format!("must {rel} {any}")
            }
        }
    };
    let subject = match op.qualifier {
        Some(Qualifier::ForAnyValue) => format!("at least one value of `{}`", c.key),
        Some(Qualifier::ForAllValues) => format!("every value of `{}` (if any)", c.key),
        None => format!("`{}`", c.key),
    };
    let mut out = format!("{subject} {verb} ({}", c.op_text);
    if op.base.family() == Family::String && !op.base.case_insensitive() {
        out.push_str(", case-sensitive");
    }
    out.push(')');
    if op.if_exists {
        out.push_str(", when the request has the key");
    }
    out
}

fn statement_view(cx: &Cx, st: &Statement) -> StatementView {
    let mut principals = Vec::new();
    let (prefix, p) = match (&st.principal, &st.not_principal) {
        (Some(p), _) => ("", Some(p)),
        (None, Some(p)) => ("everyone except ", Some(p)),
        _ => ("", None),
    };
    match p {
        Some(Principal::Bare(t)) => principals.push(format!(
            "{prefix}{}",
            principal_words("", &t.value).trim_start()
        )),
        Some(Principal::Map(entries)) => {
            for e in entries {
                for v in &e.values {
                    principals.push(format!("{prefix}{}", principal_words(&e.kind, &v.value)));
                }
            }
        }
        None => {}
    }
    let mut actions: Vec<String> = st.actions().iter().map(|a| a.value.clone()).collect();
    if let Some(na) = &st.not_action {
        actions.extend(
            na.iter()
                .map(|a| format!("every action except {}", a.value)),
        );
    }
    StatementView {
        label: st.label(),
        pos: cx.decoded.map_or(st.pos, |d| d.original(st.pos)),
        at: cx.line_at(st.pos),
        effect: st.effect().unwrap_or("(none)").to_string(),
        // As "who can assume" tells it (a Terraform reference to GitHub's
        // provider is GitHub's).
        mechanism: match (use_of(st), who::service(st)) {
            (Use::WebIdentity | Use::Other, Some((i, _))) => i.mechanism(),
            (Use::WebIdentity, None) => "IRSA (web identity)",
            (Use::PodIdentity, _) => "EKS Pod Identity",
            (Use::Other, None) => "other",
        },
        principals,
        actions,
        conditions: st.conditions.iter().map(condition_words).collect(),
    }
}

pub fn build(cx: &Cx, read: &Read, findings: &[Finding]) -> TrustPolicyView {
    let indent = json::detect_indent(cx.text);
    let as_read = json::pretty(cx.root, indent);
    let (fixed, omitted) = fix::corrected_with_notes(cx.root, cx.policy);
    let fixed = json::pretty(&fixed, indent);
    // A fix left out is said even when nothing else changed.
    let changed = fixed != as_read || !read.errors.is_empty() || !omitted.is_empty();
    let (corrected, diff) = if changed && !read.yaml {
        let base =
            // Not a heredoc's blanked surroundings or a URL-decoded text:
            // those are not what the user wrote.
            if !read.errors.is_empty()
                && read.inner.is_none()
                && read.text.is_none()
                && cx.text.lines().count() >= 3
            {
                cx.text.to_string()
            } else {
                as_read
            };
        let d = diff::unified(&base, &fixed, 2);
        (Some(fixed), (!d.is_empty()).then_some(d))
    } else {
        (None, None)
    };
    TrustPolicyView {
        version: cx.policy.version.as_ref().map(|v| v.value.clone()),
        who: who::summary_in(cx.policy, findings, cx.decoded.is_some()),
        statements: cx
            .policy
            .statements
            .iter()
            .map(|st| statement_view(cx, st))
            .collect(),
        omitted: if corrected.is_some() {
            omitted
        } else {
            Vec::new()
        },
        corrected,
        diff,
        yaml: read.yaml,
        inner: read
            .inner
            .as_ref()
            .map(|p| p.to_string())
            .or_else(|| read.terraform.clone()),
    }
}

impl TrustPolicyView {
    /// The explanation as plain text, as `eksplain explain` prints it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let n = self.statements.len();
        out.push_str(&format!(
            "IAM role trust policy{}, Version {}, {n} statement{}.\n",
            if self.yaml { " (YAML)" } else { "" },
            self.version
                .as_deref()
                .unwrap_or("(none: 2008-10-17 rules)"),
            if n == 1 { "" } else { "s" }
        ));
        if let Some(inner) = &self.inner {
            out.push_str(&format!("Read from `{inner}`.\n"));
        }
        out.push_str("\nWho can assume this role:\n");
        for w in &self.who {
            out.push_str(&format!("  - {w}\n"));
        }
        out.push_str("\nStatements:\n");
        for s in &self.statements {
            out.push_str(&format!(
                "  {} at {}: {} — {}\n",
                s.label, s.at, s.effect, s.mechanism
            ));
            for p in &s.principals {
                out.push_str(&format!("    principal: {p}\n"));
            }
            for a in &s.actions {
                out.push_str(&format!("    action: {a}\n"));
            }
            for c in &s.conditions {
                out.push_str(&format!("    condition: {c}\n"));
            }
        }
        if let Some(c) = &self.corrected {
            out.push_str("\nCorrected policy:\n");
            out.push_str(c);
            if !self.omitted.is_empty() {
                out.push_str("\nLeft out of the corrected policy:\n");
            }
            for o in &self.omitted {
                out.push_str(&format!("  - {o}\n"));
            }
        }
        if let Some(d) = &self.diff {
            out.push_str("\nChanges:\n");
            out.push_str(d);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::core::report::{Explanation, Options};

    fn view(text: &str) -> super::TrustPolicyView {
        match crate::core::policy::analyze(text, &Options::default()).1 {
            Explanation::TrustPolicy(v) => *v,
            other => panic!("{other:?}"),
        }
    }

    /// A URL-encoded policy decodes to many lines from one line of input:
    /// places in messages and in the explanation are those of the input,
    /// like the findings' locations.
    #[test]
    fn places_in_a_url_encoded_policy_are_those_of_the_input() {
        let plain = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"A\", \"Effect\": \"Allow\", \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"}, \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]},\n    {\"Sid\": \"A\", \"Effect\": \"Allow\", \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"}, \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]}\n  ]\n}\n";
        let encoded: String = plain
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-.".contains(c) {
                    c.to_string()
                } else {
                    format!("%{:02X}", c as u32)
                }
            })
            .collect();
        let (findings, _) = crate::core::policy::analyze(&encoded, &Options::default());
        let dup = findings.iter().find(|f| f.code() == "TP008").unwrap();
        assert_eq!(dup.location.pos.map(|p| p.line), Some(1));
        assert!(
            dup.message
                .contains("already used by the statement at line 1, column 117;"),
            "{}",
            dup.message
        );
        let t = view(&encoded).to_text();
        assert!(
            t.contains("Statement[0] (Sid `A`) at line 1, column "),
            "{t}"
        );
        assert!(!t.contains("at line 4"), "{t}");
        assert!(t.contains("(TP008 at line 1, column "), "{t}");
        // As JSON, the same policy keeps plain line numbers.
        let t = view(plain).to_text();
        assert!(t.contains("Statement[0] (Sid `A`) at line 4: Allow"), "{t}");
    }

    #[test]
    fn explains_a_correct_policy_without_a_correction() {
        let text = crate::core::policy::generate::pod_identity_policy("payments", "api");
        let v = view(&text);
        assert_eq!(v.corrected, None);
        assert_eq!(v.who.len(), 1);
        let t = v.to_text();
        assert!(
            t.contains("only namespace `payments`, service account `api`"),
            "{t}"
        );
        assert!(t.contains("condition: `aws:RequestTag/kubernetes-namespace` must equal `payments` (StringEquals, case-sensitive)"), "{t}");
    }

    #[test]
    fn the_diff_of_a_terraform_heredoc_is_of_the_policy_not_the_blanked_file() {
        let text = "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = <<EOF\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": \"sts:AssumeRole\",\n    }\n  ]\n}\nEOF\n}\n";
        let v = view(text);
        let diff = v.diff.unwrap_or_default();
        assert!(
            diff.contains("+                \"sts:TagSession\""),
            "{diff}"
        );
        assert!(
            !diff
                .lines()
                .any(|l| l.starts_with('-') && l[1..].trim().is_empty()),
            "{diff}"
        );
    }

    #[test]
    fn shows_the_corrected_policy_and_a_diff() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"Service\": \"pods.eks.amazonaws.com\"\n      },\n      \"Action\": \"sts:AssumeRole\",\n    }\n  ]\n}\n";
        let v = view(text);
        let corrected = v.corrected.as_deref().unwrap();
        assert!(corrected.contains("\"sts:TagSession\""), "{corrected}");
        let diff = v.diff.as_deref().unwrap();
        assert!(
            diff.contains("-      \"Action\": \"sts:AssumeRole\",\n+      \"Action\": [\n"),
            "{diff}"
        );
        assert!(
            v.who[0].contains("but as written it does not work (TP032 at line 9)"),
            "{:?}",
            v.who
        );
    }

    #[test]
    fn conditions_in_words() {
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"],
          "Condition": {"StringNotLike": {"aws:RequestTag/kubernetes-namespace": ["kube-*", "default"]}, "ForAnyValue:StringEquals": {"aws:TagKeys": "x"}, "Null": {"aws:RequestTag/eks-cluster-arn": "false"}, "DateLessThanIfExists": {"aws:CurrentTime": "2026-06-01"}}}}"#;
        let c = view(text).statements[0].conditions.clone();
        assert_eq!(c[0], "`aws:RequestTag/kubernetes-namespace` must match none of the patterns `kube-*` and `default` (StringNotLike, case-sensitive)");
        assert_eq!(c[1], "at least one value of `aws:TagKeys` must equal `x` (ForAnyValue:StringEquals, case-sensitive)");
        assert_eq!(
            c[2],
            "`aws:RequestTag/eks-cluster-arn` must be present in the request (Null)"
        );
        assert_eq!(c[3], "`aws:CurrentTime` must be before `2026-06-01` (DateLessThanIfExists), when the request has the key");
    }
}
