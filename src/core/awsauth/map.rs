//! Which Kubernetes user and groups an IAM identity gets from an aws-auth
//! ConfigMap, computed the way aws-iam-authenticator does: canonicalize the
//! caller's ARN (an assumed-role session becomes the role, without its path),
//! look it up in mapRoles, then mapUsers (ARNs compared case-insensitively;
//! of two entries stored under the same key the later wins), then
//! mapAccounts, and render the username and group templates.

use super::model::{AwsAuth, Entry, Kind};

/// The partitions the authenticator recognises in ARNs.
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// An IAM principal as the authenticator sees it after STS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The ARN compared with aws-auth entries.
    pub canonical: String,
    pub account: String,
    /// The role session name, when known.
    pub session: Option<String>,
    /// How the input was turned into `canonical`, when it was changed.
    pub note: Option<String>,
}

/// Canonicalizes an ARN like the authenticator (`pkg/arn.Canonicalize`). An IAM
/// role ARN is taken to mean "a session of this role", so its path is dropped
/// as STS would drop it.
pub fn canonicalize(arn: &str) -> Result<Principal, String> {
    let arn = arn.trim();
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, partition, service, _, account, resource] = parts[..] else {
        return Err(format!(
            "`{arn}` is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)"
        ));
    };
    if parts[0] != "arn" {
        return Err(format!("`{arn}` does not start with `arn:`"));
    }
    if !PARTITIONS.contains(&partition) {
        return Err(format!(
            "`{partition}` is not a partition the authenticator recognises"
        ));
    }
    let pieces: Vec<&str> = resource.split('/').collect();
    match (service, pieces.first().copied()) {
        ("sts", Some("assumed-role")) => {
            if pieces.len() < 3 {
                return Err(format!(
                    "assumed-role ARN `{arn}` has no role and session name"
                ));
            }
            let role = pieces[1..pieces.len() - 1].join("/");
            Ok(Principal {
                canonical: format!("arn:{partition}:iam::{account}:role/{role}"),
                account: account.into(),
                session: pieces.last().map(|s| s.to_string()),
                note: Some("an assumed-role session is looked up as its role".into()),
            })
        }
        // The session name comes from the caller's user ID: `ACCOUNT:NAME` for a
        // federated user, a bare ID (so an empty session name) for IAM users
        // and the root user.
        ("sts", Some("federated-user")) => Ok(Principal {
            canonical: arn.into(),
            account: account.into(),
            session: pieces.last().map(|s| s.to_string()),
            note: None,
        }),
        ("iam", Some("user")) | ("iam", Some("root")) => Ok(Principal {
            canonical: arn.into(),
            account: account.into(),
            session: Some(String::new()),
            note: None,
        }),
        ("iam", Some("role")) => {
            let name = pieces.last().copied().unwrap_or("");
            let canonical = format!("arn:{partition}:iam::{account}:role/{name}");
            let note = (pieces.len() > 2).then(|| {
                format!("the role's path is dropped: its sessions reach EKS as `arn:{partition}:sts::{account}:assumed-role/{name}/SESSION`, looked up as `{canonical}`")
            });
            Ok(Principal {
                canonical,
                account: account.into(),
                session: None,
                note,
            })
        }
        _ => Err(format!(
            "`{arn}` is not a user, role, assumed-role or federated-user ARN"
        )),
    }
}

/// What an identity gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappedIdentity {
    pub principal: Principal,
    pub username: String,
    pub groups: Vec<String>,
    /// `data.mapRoles[2]`, `data.mapAccounts`.
    pub via: String,
    /// Set when the authenticator would deny the request although an entry matched.
    pub denied: Option<String>,
    /// Other entries the authenticator keeps that match too (mapUsers ARNs
    /// differing only in case, a `rolearn` and an `sso` entry): it picks
    /// one of them, in no fixed order, on each request.
    pub others: Vec<MappedIdentity>,
}

impl MappedIdentity {
    /// The username as it should be read: an empty one is named as such.
    pub fn shown_username(&self) -> String {
        if self.username.is_empty() {
            "(empty: the authenticator still lets the caller in, with an empty Kubernetes user name, which no RoleBinding can name; only the groups get permissions)".into()
        } else {
            self.username.clone()
        }
    }
}

/// Whether the authenticator keeps `e` (`RoleMapping.Validate`,
/// `UserMapping.Validate`): a mapRoles entry needs `rolearn` or `sso`, not
/// both; a mapUsers entry needs `userarn`.
pub fn kept(e: &Entry) -> bool {
    let arn = e.arn.as_deref().is_some_and(|a| !a.is_empty());
    !e.not_a_mapping
        && match e.kind {
            Kind::Role => arn != e.sso.is_some(),
            Kind::User => arn,
        }
}

/// The key the authenticator stores a kept entry under: of two entries with
/// the same key, the later replaces the earlier. mapRoles ARNs are
/// lower-cased (`RoleMapping.Key`); mapUsers ARNs are kept as written
/// (`UserMapping.Key`), so two that differ only in case are both kept.
pub fn store_key(e: &Entry) -> String {
    match (e.kind, &e.arn, &e.sso) {
        (Kind::Role, Some(arn), _) => arn.to_ascii_lowercase(),
        (Kind::Role, None, Some(s)) => format!(
            "sso/{}/{}",
            s.account.to_ascii_lowercase(),
            s.permission_set.to_ascii_lowercase()
        ),
        (_, arn, _) => arn.clone().unwrap_or_default(),
    }
}

fn is_instance_id(s: &str) -> bool {
    s.strip_prefix("i-")
        .is_some_and(|h| (8..=17).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Renders `{{…}}` placeholders like the authenticator's `renderTemplate`.
fn render(t: &str, p: &Principal) -> Result<String, String> {
    let session = p.session.as_deref();
    let mut out = t.to_string();
    if out.contains("{{EC2PrivateDNSName}}") {
        match session {
            Some(s) if is_instance_id(s) => {
                out = out.replace(
                    "{{EC2PrivateDNSName}}",
                    &format!("<private DNS name of {s}>"),
                )
            }
            _ => {
                return Err(
                    "SessionName did not contain an instance id (needed for {{EC2PrivateDNSName}})"
                        .into(),
                )
            }
        }
    }
    out = out.replace("{{AccountID}}", &p.account);
    let shown = session.unwrap_or("<session name>");
    out = out.replace("{{SessionName}}", &shown.replace('@', "-"));
    out = out.replace("{{SessionNameRaw}}", shown);
    out = out.replace("{{AccessKeyID}}", "<access key ID>");
    Ok(out)
}

fn matches(e: &Entry, p: &Principal) -> bool {
    if let Some(arn) = &e.arn {
        // Compared as written, like the authenticator (`strings.ToLower` on
        // both sides, no trimming): a quoted ARN with a trailing space never
        // matches.
        return arn.eq_ignore_ascii_case(&p.canonical);
    }
    if let (Kind::Role, Some(sso)) = (e.kind, &e.sso) {
        let prefix = format!("role/AWSReservedSSO_{}_", sso.permission_set).to_ascii_lowercase();
        let c = p.canonical.to_ascii_lowercase();
        return p.account == sso.account
            && c.split_once(":iam::").is_some_and(|(_, r)| {
                r.split_once(':')
                    .is_some_and(|(_, res)| res.starts_with(&prefix))
            });
    }
    false
}

/// The Kubernetes username and groups `arn` gets from `aws`, or `None` when no
/// entry maps it (the request is then `Unauthorized`, unless an EKS access
/// entry maps it).
pub fn map_identity(aws: &AwsAuth, arn: &str) -> Option<MappedIdentity> {
    let p = canonicalize(arn).ok()?;
    for kind in [Kind::Role, Kind::User] {
        // What the authenticator stores: one entry per key, the last one.
        let mut stored: Vec<&Entry> = Vec::new();
        let mut slot = crate::core::fxhash::FxHashMap::default();
        for e in aws.entries.iter().filter(|e| e.kind == kind && kept(e)) {
            match slot.entry(store_key(e)) {
                std::collections::hash_map::Entry::Occupied(o) => {
                    if let Some(s) = stored.get_mut(*o.get()) {
                        *s = e;
                    }
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(stored.len());
                    stored.push(e);
                }
            }
        }
        let mut hits = stored.into_iter().rev().filter(|e| matches(e, &p));
        if let Some(e) = hits.next() {
            let mut m = mapped(e, &p);
            m.others = hits.map(|o| mapped(o, &p)).collect();
            return Some(m);
        }
    }
    aws.accounts
        .iter()
        .any(|a| a.trim() == p.account)
        .then(|| MappedIdentity {
            via: "data.mapAccounts".into(),
            username: p.canonical.clone(),
            groups: Vec::new(),
            principal: p,
            denied: None,
            others: Vec::new(),
        })
}

/// What entry `e` gives principal `p`.
fn mapped(e: &Entry, p: &Principal) -> MappedIdentity {
    let username = e.username.clone().unwrap_or_default();
    let mut denied = None;
    let user = render(&username, p).unwrap_or_else(|why| {
        denied = Some(why);
        username.clone()
    });
    let groups = e
        .groups
        .iter()
        .map(|g| {
            render(g, p).unwrap_or_else(|why| {
                denied.get_or_insert(why);
                g.clone()
            })
        })
        .collect();
    MappedIdentity {
        via: if e.arn.is_none() {
            format!(
                "data.{}[{}] (by `sso`: only where the authenticator's SSORoleMatch feature gate is on)",
                e.kind.key(),
                e.index
            )
        } else {
            format!("data.{}[{}]", e.kind.key(), e.index)
        },
        principal: p.clone(),
        username: user,
        groups,
        denied,
        others: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::awsauth::parse_text;

    const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/eks-node\n      username: system:node:{{EC2PrivateDNSName}}\n      groups:\n        - system:bootstrappers\n        - system:nodes\n    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/ops/alice\n      username: alice\n      groups:\n        - system:masters\n  mapAccounts: |\n    - \"444455556666\"\n";

    #[test]
    fn maps_sessions_users_and_accounts() {
        let a = parse_text(CM).unwrap();
        let dev = map_identity(
            &a,
            "arn:aws:sts::111122223333:assumed-role/Developers/jane@example.com",
        )
        .unwrap();
        assert_eq!(dev.username, "dev:jane-example.com");
        assert_eq!(dev.groups, vec!["developers"]);
        assert_eq!(dev.via, "data.mapRoles[1]");
        let alice = map_identity(&a, "arn:aws:iam::111122223333:user/ops/alice").unwrap();
        assert_eq!(
            (alice.username.as_str(), alice.groups.clone()),
            ("alice", vec!["system:masters".to_string()])
        );
        let other = map_identity(&a, "arn:aws:iam::444455556666:user/bob").unwrap();
        assert_eq!(other.username, "arn:aws:iam::444455556666:user/bob");
        assert!(other.groups.is_empty());
        assert_eq!(
            map_identity(&a, "arn:aws:iam::111122223333:user/mallory"),
            None
        );
    }

    #[test]
    fn node_template_needs_an_instance_session() {
        let a = parse_text(CM).unwrap();
        let node = map_identity(
            &a,
            "arn:aws:sts::111122223333:assumed-role/eks-node/i-0123456789abcdef0",
        )
        .unwrap();
        assert!(node.denied.is_none());
        assert_eq!(
            node.username,
            "system:node:<private DNS name of i-0123456789abcdef0>"
        );
        let human =
            map_identity(&a, "arn:aws:sts::111122223333:assumed-role/eks-node/alice").unwrap();
        assert!(human.denied.is_some());
    }

    /// The `sso` matcher is behind a feature gate (`config.SSORoleMatchEnabled`,
    /// false by default): the match must say so.
    #[test]
    fn an_sso_match_names_its_feature_gate() {
        let cm = CM.replace(
            "  mapUsers: |",
            "    - sso:\n        permissionSetName: ViewOnly\n        accountID: \"111122223333\"\n      username: view:{{SessionName}}\n      groups:\n        - viewers\n  mapUsers: |",
        );
        let a = parse_text(&cm).unwrap();
        let m = map_identity(
            &a,
            "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ViewOnly_0123456789abcdef/jane",
        )
        .unwrap();
        assert_eq!(m.via, "data.mapRoles[2] (by `sso`: only where the authenticator's SSORoleMatch feature gate is on)");
        assert_eq!(m.groups, vec!["viewers"]);
    }

    /// IAM users have no session: {{SessionName}} renders empty, as the
    /// authenticator takes it from the part of the user ID after `:`.
    #[test]
    fn an_iam_user_has_an_empty_session_name() {
        let cm = CM.replace("username: alice", "username: user:{{SessionName}}");
        let a = parse_text(&cm).unwrap();
        let alice = map_identity(&a, "arn:aws:iam::111122223333:user/ops/alice").unwrap();
        assert_eq!(alice.username, "user:");
        let p = canonicalize("arn:aws:sts::111122223333:federated-user/bob").unwrap();
        assert_eq!(p.session.as_deref(), Some("bob"));
    }

    #[test]
    fn a_quoted_arn_with_a_trailing_space_matches_nobody() {
        let cm = CM.replace(
            "rolearn: arn:aws:iam::111122223333:role/Developers",
            "rolearn: \"arn:aws:iam::111122223333:role/Developers \"",
        );
        let a = parse_text(&cm).unwrap();
        let dev = "arn:aws:sts::111122223333:assumed-role/Developers/jane";
        assert_eq!(map_identity(&a, dev), None);
    }

    #[test]
    fn role_paths_are_dropped_for_sessions() {
        let p = canonicalize("arn:aws:iam::111122223333:role/team/dev/Developers").unwrap();
        assert_eq!(p.canonical, "arn:aws:iam::111122223333:role/Developers");
        assert!(p.note.is_some());
        assert!(canonicalize("arn:aws:s3:::bucket").is_err());
        assert!(canonicalize("nonsense").is_err());
    }
}
