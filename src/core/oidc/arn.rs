//! Splitting ARNs into their six fields, keeping where each field starts so a
//! finding can point at the account ID rather than at the whole ARN.
//!
//! `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` — the resource may itself
//! contain colons (an `https://` pasted into an OIDC provider ARN does), so only
//! the first five colons separate fields.

/// One field of an ARN and the byte offset where it starts in the ARN text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field<'a> {
    pub text: &'a str,
    pub offset: usize,
}

/// The six fields of an ARN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: Field<'a>,
    pub service: Field<'a>,
    pub region: Field<'a>,
    pub account: Field<'a>,
    pub resource: Field<'a>,
}

/// Why a text is not an ARN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArnError {
    /// It does not start with `arn:`.
    NoPrefix,
    /// It has fewer than six colon-separated fields (the count is given).
    TooFewFields(usize),
}

impl<'a> Arn<'a> {
    /// Splits `s`; `s` must start with `arn:`.
    pub fn split(s: &'a str) -> Result<Arn<'a>, ArnError> {
        if !s.starts_with("arn:") {
            return Err(ArnError::NoPrefix);
        }
        let mut fields = Vec::with_capacity(6);
        let mut start = 0;
        // A template's placeholder is one part of a field, colons and all:
        // CloudFormation's `${AWS::AccountId}`.
        let mut inside = 0usize;
        for (i, c) in s.char_indices() {
            if fields.len() == 5 {
                break;
            }
            match c {
                '$' if s[i..].starts_with("${") => inside += 1,
                '}' => inside = inside.saturating_sub(1),
                _ => {}
            }
            if c == ':' && inside == 0 {
                fields.push(Field {
                    text: &s[start..i],
                    offset: start,
                });
                start = i + 1;
            }
        }
        fields.push(Field {
            text: &s[start..],
            offset: start,
        });
        match fields[..] {
            [_, partition, service, region, account, resource] => Ok(Arn {
                partition,
                service,
                region,
                account,
                resource,
            }),
            _ => Err(ArnError::TooFewFields(fields.len())),
        }
    }

    /// The resource type: what comes before the first `/` (or `:`) of the resource.
    pub fn resource_type(&self) -> &'a str {
        let r = self.resource.text;
        let end = r.find(['/', ':']).unwrap_or(r.len());
        &r[..end]
    }
}

/// An account ID field: exactly 12 ASCII digits.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_six_fields_and_keeps_colons_in_the_resource() {
        let s =
            "arn:aws:iam::111122223333:oidc-provider/https://oidc.eks.us-east-1.amazonaws.com/id/X";
        let a = Arn::split(s).unwrap();
        assert_eq!(a.partition.text, "aws");
        assert_eq!(a.service.text, "iam");
        assert_eq!(a.region.text, "");
        assert_eq!(a.account.text, "111122223333");
        assert_eq!(a.account.offset, 13);
        assert_eq!(a.resource_type(), "oidc-provider");
        assert!(a.resource.text.ends_with("/id/X"));
    }

    #[test]
    fn a_cloudformation_placeholder_is_one_field() {
        let a = Arn::split("arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/x").unwrap();
        assert_eq!(a.partition.text, "${AWS::Partition}");
        assert_eq!(a.account.text, "${AWS::AccountId}");
        assert_eq!(a.resource.text, "oidc-provider/x");
        // A `}` without its `${` changes nothing.
        assert_eq!(Arn::split("arn:a}:iam::1:r").unwrap().account.text, "1");
    }

    #[test]
    fn rejects_short_and_foreign_text() {
        assert_eq!(Arn::split("arn:aws:iam"), Err(ArnError::TooFewFields(3)));
        assert_eq!(Arn::split("https://x"), Err(ArnError::NoPrefix));
        assert!(is_account_id("000011112222"));
        assert!(!is_account_id("11112222333"));
        assert!(!is_account_id("１１１１２２２２３３３３"));
    }
}
