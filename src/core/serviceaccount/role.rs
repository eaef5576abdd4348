//! The value of `eks.amazonaws.com/role-arn`: an IAM role ARN, checked the
//! way the pod identity webhook and STS will read it.
//!
//! The webhook accepts `^arn:aws[a-z0-9-]*:iam::\d{12}:role\/[\w-\/.@+=,]+$`; on
//! anything else it logs a warning and injects the value anyway, so the
//! failure surfaces later, in the pod, as an SDK error.

use crate::core::oidc::arn::{is_account_id, Arn, ArnError};
use crate::core::oidc::partition::{Partition, UNCHECKED_PARTITIONS};
use crate::core::oidc::placeholder::{self, Slot};

/// A valid role ARN taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleArn {
    pub partition: String,
    pub account: String,
    /// `/` or `/service-role/` …
    pub path: String,
    pub name: String,
}

/// What is wrong with a role-arn value. Offsets are byte offsets into the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Leading or trailing whitespace (a block scalar `|` adds a newline).
    Whitespace,
    /// Not an ARN; `name_like` when it looks like a bare role name.
    NotArn {
        name_like: bool,
    },
    Truncated {
        fields: usize,
    },
    /// The ARN of something other than a role: `(service, resource type)`.
    NotARole {
        service: String,
        resource_type: String,
    },
    Region {
        offset: usize,
        region: String,
    },
    Account {
        offset: usize,
        account: String,
    },
    Partition {
        offset: usize,
        partition: String,
    },
    Name {
        offset: usize,
        why: String,
    },
    /// Placeholders such as `<account-id>` or `${ROLE_ARN}`; the texts are given.
    Placeholder {
        texts: Vec<String>,
    },
}

fn valid_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// Checks a role-arn annotation value.
pub fn check(value: &str) -> Result<RoleArn, Problem> {
    if let Some(p) = placeholder::classify(value, Slot::Any) {
        if p.is_template() {
            return Err(Problem::Placeholder {
                texts: vec![value.trim().to_string()],
            });
        }
    }
    if value.trim() != value {
        return Err(Problem::Whitespace);
    }
    let arn = match Arn::split(value) {
        Ok(a) => a,
        Err(ArnError::NoPrefix) => {
            let name_like =
                !value.is_empty() && value.chars().all(|c| valid_name_char(c) || c == '/');
            return Err(Problem::NotArn { name_like });
        }
        Err(ArnError::TooFewFields(n)) => return Err(Problem::Truncated { fields: n }),
    };
    let templated: Vec<String> = [
        (arn.partition.text, Slot::Partition),
        (arn.account.text, Slot::Account),
    ]
    .iter()
    .filter(|(t, slot)| placeholder::classify(t, *slot).is_some_and(|p| p.is_template()))
    .map(|(t, _)| t.to_string())
    .chain(
        arn.resource
            .text
            .split('/')
            .filter(|seg| placeholder::classify(seg, Slot::Any).is_some())
            .map(str::to_string),
    )
    .collect();
    if !templated.is_empty() {
        return Err(Problem::Placeholder { texts: templated });
    }
    let rtype = arn.resource_type();
    if arn.service.text != "iam" || rtype != "role" {
        return Err(Problem::NotARole {
            service: arn.service.text.to_string(),
            resource_type: rtype.to_string(),
        });
    }
    if Partition::from_id(arn.partition.text).is_none()
        && !UNCHECKED_PARTITIONS.contains(&arn.partition.text)
    {
        return Err(Problem::Partition {
            offset: arn.partition.offset,
            partition: arn.partition.text.to_string(),
        });
    }
    if !arn.region.text.is_empty() {
        return Err(Problem::Region {
            offset: arn.region.offset,
            region: arn.region.text.to_string(),
        });
    }
    if !is_account_id(arn.account.text) {
        return Err(Problem::Account {
            offset: arn.account.offset,
            account: arn.account.text.to_string(),
        });
    }
    let rest = &arn.resource.text["role".len()..];
    let (path, name) = match rest.rfind('/') {
        Some(i) => (&rest[..=i], &rest[i + 1..]),
        None => ("/", rest),
    };
    let name_offset = arn.resource.offset + "role".len() + rest.len() - name.len();
    if name.is_empty() {
        return Err(Problem::Name {
            offset: name_offset,
            why: "the role name after `role/` is missing".into(),
        });
    }
    if let Some((i, c)) = name.char_indices().find(|(_, c)| !valid_name_char(*c)) {
        return Err(Problem::Name {
            offset: name_offset + i,
            why: format!(
                "{} cannot appear in a role name (allowed: letters, digits and `_+=,.@-`)",
                if c.is_whitespace() {
                    "a space".to_string()
                } else {
                    format!("`{c}`")
                }
            ),
        });
    }
    if name.chars().count() > 64 {
        return Err(Problem::Name {
            offset: name_offset,
            why: format!(
                "the role name has {} characters; IAM allows 64",
                name.chars().count()
            ),
        });
    }
    Ok(RoleArn {
        partition: arn.partition.text.to_string(),
        account: arn.account.text.to_string(),
        path: path.to_string(),
        name: name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_roles_with_paths() {
        let r = check("arn:aws:iam::493827160542:role/service-role/payments-api").unwrap();
        assert_eq!(
            (r.path.as_str(), r.name.as_str()),
            ("/service-role/", "payments-api")
        );
        assert!(check("arn:aws-cn:iam::493827160542:role/x").is_ok());
    }

    #[test]
    fn names_what_else_it_is() {
        assert_eq!(
            check("arn:aws:sts::493827160542:assumed-role/payments-api/botocore-session-1"),
            Err(Problem::NotARole {
                service: "sts".into(),
                resource_type: "assumed-role".into()
            })
        );
        assert!(matches!(
            check("arn:aws:iam::493827160542:instance-profile/x"),
            Err(Problem::NotARole { .. })
        ));
        assert!(matches!(
            check("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"),
            Err(Problem::NotARole { .. })
        ));
        assert_eq!(
            check("payments-api"),
            Err(Problem::NotArn { name_like: true })
        );
        assert_eq!(
            check("arn:aws:iam::493827160542:role/x\n"),
            Err(Problem::Whitespace)
        );
        assert!(matches!(
            check("arn:aws:iam::49382716054:role/x"),
            Err(Problem::Account { offset: 13, .. })
        ));
        assert!(matches!(
            check("arn:aws:iam::493827160542:role/a b"),
            Err(Problem::Name { .. })
        ));
        assert!(matches!(
            check("arn:aws:iam::<ACCOUNT_ID>:role/x"),
            Err(Problem::Placeholder { .. })
        ));
        assert!(matches!(
            check("${ROLE_ARN}"),
            Err(Problem::Placeholder { .. })
        ));
    }
}
