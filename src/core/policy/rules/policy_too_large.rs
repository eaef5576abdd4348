use super::prelude::*;
use crate::core::json::{self, Value};

pub static RULE: RuleMeta = RuleMeta {
    code: "TP037",
    name: "trust-policy-too-large",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "The trust policy is longer than IAM's role trust policy quota (2,048 characters without whitespace; 4,096 at most).",
    what: "Counts the policy's characters the way IAM does — whitespace excluded — and compares them with the \
           role trust policy length quota: 2,048 by default, 4,096 after a quota increase. Trust policies grow \
           past it when one role trusts many clusters or service accounts, one statement each.",
    why: "Above the account's quota IAM refuses the update (`LimitExceeded: Cannot exceed quota for \
          ACLSizePerRole`), so the newest cluster or service account is never added and its pods get \
          `AccessDenied`. Above 4,096 characters no quota increase helps.",
    example: "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"TooManyClusters\", \"Effect\": \"Allow\", \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"}, \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"], \"Condition\": {\"StringLike\": {\"aws:RequestTag/eks-cluster-name\": [\"payments-prod-0000000000000000000000000000000000000000000000000000000001\", \"payments-prod-0000000000000000000000000000000000000000000000000000000002\", \"payments-prod-0000000000000000000000000000000000000000000000000000000003\", \"payments-prod-0000000000000000000000000000000000000000000000000000000004\", \"payments-prod-0000000000000000000000000000000000000000000000000000000005\", \"payments-prod-0000000000000000000000000000000000000000000000000000000006\", \"payments-prod-0000000000000000000000000000000000000000000000000000000007\", \"payments-prod-0000000000000000000000000000000000000000000000000000000008\", \"payments-prod-0000000000000000000000000000000000000000000000000000000009\", \"payments-prod-0000000000000000000000000000000000000000000000000000000010\", \"payments-prod-0000000000000000000000000000000000000000000000000000000011\", \"payments-prod-0000000000000000000000000000000000000000000000000000000012\", \"payments-prod-0000000000000000000000000000000000000000000000000000000013\", \"payments-prod-0000000000000000000000000000000000000000000000000000000014\", \"payments-prod-0000000000000000000000000000000000000000000000000000000015\", \"payments-prod-0000000000000000000000000000000000000000000000000000000016\", \"payments-prod-0000000000000000000000000000000000000000000000000000000017\", \"payments-prod-0000000000000000000000000000000000000000000000000000000018\", \"payments-prod-0000000000000000000000000000000000000000000000000000000019\", \"payments-prod-0000000000000000000000000000000000000000000000000000000020\", \"payments-prod-0000000000000000000000000000000000000000000000000000000021\", \"payments-prod-0000000000000000000000000000000000000000000000000000000022\", \"payments-prod-0000000000000000000000000000000000000000000000000000000023\", \"payments-prod-0000000000000000000000000000000000000000000000000000000024\", \"payments-prod-0000000000000000000000000000000000000000000000000000000025\"]}}}]}\n",
    fixed: "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"PaymentsProdClusters\", \"Effect\": \"Allow\", \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"}, \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"], \"Condition\": {\"StringLike\": {\"aws:RequestTag/eks-cluster-name\": \"payments-prod-*\"}}}]}\n",
    fix_summary: "Shorten the policy (several values per key, patterns under `StringLike`); for many clusters, EKS Pod Identity needs one statement for all of them; a quota increase allows up to 4,096 characters.",
};

pub const AA: Option<Aa> = Aa::warning("Policy size exceeds role trust policy quota");

/// The default and the highest role trust policy length quota.
pub const DEFAULT_QUOTA: usize = 2_048;
pub const MAX_QUOTA: usize = 4_096;

/// The policy's length as IAM counts it: characters, whitespace excluded.
pub fn size(root: &Value) -> usize {
    json::pretty(root, 0)
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
}

/// The finding's message and severity for a policy of `n` characters, if it is too long.
pub fn verdict(n: usize) -> Option<(String, Severity)> {
    if n > MAX_QUOTA {
        Some((
            format!("The policy has {n} characters without whitespace; IAM accepts at most {MAX_QUOTA} in a role trust policy, even with a quota increase."),
            Severity::Error,
        ))
    } else if n > DEFAULT_QUOTA {
        Some((
            format!("The policy has {n} characters without whitespace; IAM's default quota for a role trust policy is {DEFAULT_QUOTA} (up to {MAX_QUOTA} after a quota increase)."),
            Severity::Warning,
        ))
    } else {
        None
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    if let Some((message, severity)) = verdict(size(cx.root)) {
        sink.report(&RULE, Path::root(), message)
            .with_severity(severity);
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_a_policy_above_the_default_quota() {
        assert!(findings(super::RULE.example).contains(&("TP037", Some(1), "warning")));
        assert_eq!(super::verdict(5000).unwrap().1, super::Severity::Error);
    }

    /// The size is the policy's, not the file's: a 312-character heredoc
    /// policy at the end of an 85 KB Terraform file is checked in full.
    #[test]
    fn a_short_policy_in_a_long_terraform_file_is_checked_in_full() {
        let policy = "resource \"aws_iam_role\" \"irsa\" {\n  name = \"irsa\"\n  assume_role_policy = <<EOF\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC\"},\n    \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n    \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub\": \"system:serviceaccount:ns:*\"}}\n  }]\n}\nEOF\n}\n";
        let buckets: String = (0..1500)
            .map(|i| format!("resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"my-bucket-{i}\"\n  tags = {{ Team = \"payments\" }}\n}}\n\n"))
            .collect();
        let text = format!("{buckets}{policy}");
        assert!(text.len() > 80 * 1024);
        assert!(lines_of("TP037", &text).is_empty());
        assert_eq!(lines_of("TP023", &text), vec![7500 + 10]);
        assert_eq!(lines_of("TP023", policy), vec![10]);
    }

    #[test]
    fn quiet_for_a_short_policy() {
        assert!(lines_of("TP037", super::RULE.fixed).is_empty());
    }
}
