//! Template placeholders and documentation example values.
//!
//! People paste ARNs straight out of runbooks, Terraform, Helm charts and the AWS
//! docs: `arn:aws:iam::<account-id>:oidc-provider/oidc.eks.${AWS_REGION}…`. Such a
//! value is not garbage, it is unfinished; eksplain says what belongs there and
//! how to find it instead of reporting a malformed account ID.

/// Which part of an ARN or issuer a value stands in for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    Account,
    Region,
    Id,
    Partition,
    /// A whole value (an ARN, a role name): only explicit template syntax counts.
    Any,
}

/// What kind of stand-in a value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placeholder {
    /// `<account-id>`, `[ACCOUNT_ID]`
    Angle,
    /// `${AWS_ACCOUNT_ID}`, `$OIDC_ID`: a shell or Terraform variable.
    Variable,
    /// `{{ .Values.accountId }}`: Helm, Jinja, Go templates.
    Template,
    /// `%cluster_name%` (CDK docs, Windows).
    Percent,
    /// A word such as `ACCOUNT_ID`, `region-code`, `XXXXXXXXXXXX`.
    Word,
    /// A value AWS documentation uses as its example (`111122223333`).
    DocExample,
}

impl Placeholder {
    /// True for template syntax, false for a documentation example value.
    pub fn is_template(self) -> bool {
        self != Placeholder::DocExample
    }
}

/// Account IDs the AWS documentation uses in examples.
pub const DOC_ACCOUNTS: &[&str] = &[
    "111122223333",
    "123456789012",
    "444455556666",
    "777788889999",
];

/// The OIDC ID the EKS documentation uses in examples. Not hex: it could never be real.
pub const DOC_OIDC_ID: &str = "EXAMPLED539D4633E53DE1B71EXAMPLE";

fn is_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Classifies `s`, the text standing in the given slot, as a placeholder.
pub fn classify(s: &str, slot: Slot) -> Option<Placeholder> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if (t.contains('<') && t.contains('>')) || (t.starts_with('[') && t.ends_with(']')) {
        return Some(Placeholder::Angle);
    }
    if t.contains("{{") || t.contains("}}") {
        return Some(Placeholder::Template);
    }
    if t.contains("${") || t.starts_with("$(") {
        return Some(Placeholder::Variable);
    }
    if let Some(rest) = t.strip_prefix('$') {
        if rest
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            return Some(Placeholder::Variable);
        }
    }
    if t.len() > 2 && t.starts_with('%') && t.ends_with('%') {
        return Some(Placeholder::Percent);
    }
    match slot {
        Slot::Account if DOC_ACCOUNTS.contains(&t) => return Some(Placeholder::DocExample),
        Slot::Id if t.eq_ignore_ascii_case(DOC_OIDC_ID) => return Some(Placeholder::DocExample),
        _ => {}
    }
    if !is_word(t) || slot == Slot::Any {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    let all_x = t.len() >= 3 && t.chars().all(|c| c == 'x' || c == 'X');
    let screaming = t.contains('_')
        && t.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let word = match slot {
        Slot::Account => all_x || screaming || lower.contains("account") || lower.contains("acct"),
        Slot::Region => lower.contains("region") || screaming,
        Slot::Id => {
            all_x
                || screaming
                || lower == "id"
                || lower.contains("oidc")
                || lower.contains("cluster")
                || lower.ends_with("-id")
                || lower.ends_with("_id")
                || lower == "example"
        }
        Slot::Partition => lower.contains("partition") || screaming,
        Slot::Any => false,
    };
    word.then_some(Placeholder::Word)
}

/// What a slot stands for and how to get the real value, for messages.
pub fn how_to_fill(slot: Slot) -> (&'static str, &'static str) {
    match slot {
        Slot::Account => (
            "the 12-digit AWS account ID that owns the OIDC provider",
            "`aws sts get-caller-identity --query Account --output text`",
        ),
        Slot::Region => (
            "the region the cluster runs in",
            "the region in the cluster's ARN: `aws eks describe-cluster --name CLUSTER --query cluster.arn --output text`",
        ),
        Slot::Id => (
            "the cluster's 32-character OIDC ID",
            "the last path segment of `aws eks describe-cluster --name CLUSTER --query cluster.identity.oidc.issuer --output text`",
        ),
        Slot::Partition => (
            "the partition: `aws`, `aws-cn` (China) or `aws-us-gov` (GovCloud)",
            "the second field of any ARN in the account, e.g. from `aws sts get-caller-identity --query Arn --output text`",
        ),
        Slot::Any => (
            "a value to fill in",
            "the tool or runbook the template came from",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_template_syntax_in_any_slot() {
        for (s, want) in [
            ("<account-id>", Placeholder::Angle),
            ("<ACCOUNT_ID>", Placeholder::Angle),
            ("[ACCOUNT_ID]", Placeholder::Angle),
            ("${AWS_ACCOUNT_ID}", Placeholder::Variable),
            ("$OIDC_ID", Placeholder::Variable),
            ("$(aws sts get-caller-identity)", Placeholder::Variable),
            ("{{ .Values.accountId }}", Placeholder::Template),
            ("%cluster_name%", Placeholder::Percent),
        ] {
            assert_eq!(classify(s, Slot::Account), Some(want), "{s}");
        }
    }

    #[test]
    fn words_depend_on_the_slot() {
        assert_eq!(
            classify("ACCOUNT_ID", Slot::Account),
            Some(Placeholder::Word)
        );
        assert_eq!(
            classify("XXXXXXXXXXXX", Slot::Account),
            Some(Placeholder::Word)
        );
        assert_eq!(
            classify("region-code", Slot::Region),
            Some(Placeholder::Word)
        );
        assert_eq!(classify("REGION", Slot::Region), Some(Placeholder::Word));
        assert_eq!(
            classify("AWS_REGION", Slot::Region),
            Some(Placeholder::Word)
        );
        assert_eq!(classify("OIDC_ID", Slot::Id), Some(Placeholder::Word));
        assert_eq!(classify("CLUSTER_ID", Slot::Id), Some(Placeholder::Word));
        assert_eq!(classify("ID", Slot::Id), Some(Placeholder::Word));
        assert_eq!(classify("us-east-1", Slot::Region), None);
        assert_eq!(classify("0123456789ABCDEF0123456789ABCDEF", Slot::Id), None);
        assert_eq!(classify("12345678901", Slot::Account), None);
        assert_eq!(
            classify("aws", Slot::Account),
            None,
            "AWS-managed policy ARNs have `aws` as account"
        );
        assert_eq!(classify("acct", Slot::Account), Some(Placeholder::Word));
    }

    #[test]
    fn documentation_examples() {
        assert_eq!(
            classify("111122223333", Slot::Account),
            Some(Placeholder::DocExample)
        );
        assert_eq!(
            classify(DOC_OIDC_ID, Slot::Id),
            Some(Placeholder::DocExample)
        );
        assert!(!Placeholder::DocExample.is_template());
    }
}
