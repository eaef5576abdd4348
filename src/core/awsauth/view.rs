//! The explanation of an aws-auth ConfigMap: its mappings as a table, how the
//! authenticator uses them, and EKS access entries, which come first.

use super::locate::{BlockPos, Locator};
use super::model::{AwsAuth, Kind};
use crate::core::finding::Locate;

/// One mapping row.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Row {
    pub kind: Kind,
    pub index: usize,
    /// The ARN, or the SSO matcher in words.
    pub identity: String,
    pub username: String,
    pub groups: Vec<String>,
    pub line: Option<u32>,
    /// Set when entries share a line (a quoted string, as `kubectl get -o
    /// json` prints the block): the column tells them apart.
    pub column: Option<u32>,
    /// The entry's position in its string is not known: `line` is the
    /// block's key.
    pub whole_block: bool,
}

/// What the page and `eksplain explain` show for an aws-auth ConfigMap. Holds
/// the parsed ConfigMap so the page can call [`super::map_identity`] on it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct AwsAuthView {
    pub aws: AwsAuth,
    pub rows: Vec<Row>,
}

impl AwsAuthView {
    pub fn new(aws: AwsAuth, locator: &Locator) -> Self {
        let rows = aws
            .entries
            .iter()
            .map(|e| {
                let block = locator.block(e.kind.key());
                let pos = locator.locate(&e.path());
                Row {
                kind: e.kind,
                index: e.index,
                identity: match (&e.arn, &e.sso) {
                    (Some(a), _) => a.clone(),
                    (None, Some(s)) => format!(
                        "SSO permission set {} in account {} (the `sso` matcher is alpha in aws-iam-authenticator and only works with its SSORoleMatch feature gate on)",
                        s.permission_set, s.account
                    ),
                    (None, None) => "(none)".into(),
                },
                username: e
                    .username
                    .clone()
                    .filter(|u| !u.trim().is_empty())
                    .unwrap_or_else(|| "(none: Kubernetes gets an empty user name)".into()),
                groups: e.groups.clone(),
                line: pos.map(|p| p.line),
                column: pos
                    .filter(|_| matches!(block, Some(BlockPos::Quoted(..))))
                    .map(|p| p.column),
                whole_block: matches!(block, Some(BlockPos::Unknown)),
            }})
            .collect();
        AwsAuthView { aws, rows }
    }

    pub fn to_text(&self) -> String {
        let a = &self.aws;
        let mut out = format!(
            "aws-auth ConfigMap ({}/{}) — how EKS maps IAM roles and users to Kubernetes users and groups\n",
            a.namespace.as_deref().unwrap_or("(no namespace)"),
            a.name.as_deref().unwrap_or("(no name)")
        );
        if a.name.as_deref() != Some("aws-auth") || a.namespace.as_deref() != Some("kube-system") {
            out.push_str("  EKS only reads the ConfigMap named aws-auth in kube-system.\n");
        }
        for kind in [Kind::Role, Kind::User] {
            let rows: Vec<&Row> = self.rows.iter().filter(|r| r.kind == kind).collect();
            out.push_str(&format!("\n{} ({}):\n", kind.key(), rows.len()));
            for r in rows {
                let line = match (r.line, r.column) {
                    (Some(l), Some(c)) => format!("line {l}, column {c}"),
                    (Some(l), None) if r.whole_block => {
                        format!("line {l} (somewhere in the {} string)", kind.key())
                    }
                    (Some(l), None) => format!("line {l}"),
                    (None, _) => String::new(),
                };
                out.push_str(&format!(
                    "  [{}] {}  {}\n      → username {}; groups {}\n",
                    r.index,
                    r.identity,
                    line,
                    r.username,
                    if r.groups.is_empty() {
                        "(none)".to_string()
                    } else {
                        r.groups.join(", ")
                    }
                ));
            }
        }
        if !a.accounts.is_empty() {
            out.push_str(&format!(
                "\nmapAccounts: {} — any IAM user or role of these accounts that no entry maps gets in, named by its ARN (a role session by its role's: `arn:aws:iam::ACCOUNT:role/NAME`), with no groups but system:authenticated.\n",
                a.accounts.join(", ")
            ));
        }
        if !a.errors.is_empty() {
            out.push_str(&format!(
                "\n{} block(s) could not be read; the authenticator drops every entry of such a block (see the findings).\n",
                a.errors.len()
            ));
        }
        for e in &a.later_documents {
            out.push_str(&format!(
                "\ndata.{} holds a second YAML document: the authenticator ignores everything after its `---` (see the findings); the entries above are the ones it reads.\n",
                e.key
            ));
        }
        for e in &a.not_strings {
            out.push_str(&format!(
                "\ndata.{} is not a string: the API server would refuse this ConfigMap (see the findings).\n",
                e.key
            ));
        }
        out.push_str(HOW);
        out.push_str(ACCESS_ENTRIES);
        out
    }
}

const HOW: &str = "
How the authenticator uses it:
  1. STS gives the caller's ARN. A role session `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` is looked up as
     `arn:aws:iam::ACCOUNT:role/ROLE` — without the role's path, so `rolearn` must not contain one. IAM users keep
     their ARN, path included.
  2. mapRoles first, then mapUsers: ARNs are compared ignoring case. Of two entries with the same ARN the later
     wins, except in mapUsers when the two are written in different case: both are kept and either may answer.
     Then mapAccounts. No match: `Unauthorized` (unless an access entry maps the caller).
  3. Placeholders in username and groups: {{AccountID}}, {{SessionName}} (with `@` turned into `-`),
     {{SessionNameRaw}}, {{AccessKeyID}}, and {{EC2PrivateDNSName}} (looked up through the EC2 API; the session
     name must be an instance ID, as for node roles). Anything else in {{…}} stays as written.
  4. Kubernetes RBAC then authorizes the username and groups; `system:masters` bypasses RBAC entirely.
  If a block's YAML does not parse, every entry of that block is dropped: with mapRoles, nodes stop joining.
";

const ACCESS_ENTRIES: &str = "
EKS access entries (the replacement for this ConfigMap):
  The cluster's authentication mode decides what is read: CONFIG_MAP (this ConfigMap only), API_AND_CONFIG_MAP
  (both; an access entry wins over a ConfigMap entry for the same principal) or API (access entries only; this
  ConfigMap is ignored). Modes only move towards API.
  An access entry is created for one IAM principal's ARN (a role's may include its path) and matches the unique ID
  the principal had then: a re-created role needs its entry re-created. Its username defaults to the session
  ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/{{SessionName}}) for roles and the ARN for users; it may list
  Kubernetes groups for RBAC, and access policies, scoped to the cluster or to namespaces:
    AmazonEKSClusterAdminPolicy  everything, like the cluster-admin ClusterRole (cluster scope)
    AmazonEKSAdminPolicy         most resources, like the admin ClusterRole (usually namespace scope)
    AmazonEKSEditPolicy          create/update/delete workloads, like edit
    AmazonEKSViewPolicy          read most resources (not Secrets), like view
    AmazonEKSAdminViewPolicy     read all resources, Secrets included
  Permissions are the union of the access policies and RBAC. `aws eks list-access-entries --cluster-name NAME`
  and `aws eks describe-cluster --name NAME --query cluster.accessConfig` show them.
";

#[cfg(test)]
mod tests {
    /// A role session let in by mapAccounts is named by its role's ARN, as
    /// the authenticator's `doMapping` returns `identity.CanonicalARN`.
    #[test]
    fn map_accounts_says_what_name_a_session_gets() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapAccounts: |\n    - \"444455556666\"\n";
        let (_, crate::core::report::Explanation::AwsAuth(view)) =
            crate::core::awsauth::analyze(text, &Default::default())
        else {
            panic!("no aws-auth view")
        };
        assert!(view.to_text().contains("\nmapAccounts: 444455556666 — any IAM user or role of these accounts that no entry maps gets in, named by its ARN (a role session by its role's: `arn:aws:iam::ACCOUNT:role/NAME`), with no groups but system:authenticated.\n"));
        let aws = crate::core::awsauth::parse_text(text).unwrap();
        let m = crate::core::awsauth::map_identity(
            &aws,
            "arn:aws:sts::444455556666:assumed-role/dev/jane",
        )
        .unwrap();
        assert_eq!(m.username, "arn:aws:iam::444455556666:role/dev");
    }
}
