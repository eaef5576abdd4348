//! A lenient parser for the three ways an EKS OIDC provider is written:
//!
//! - the IAM provider ARN, `arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ID`
//! - the issuer URL, `https://oidc.eks.us-east-1.amazonaws.com/id/ID` (the token's `iss`)
//! - the bare host and path, `oidc.eks.us-east-1.amazonaws.com/id/ID`, which is
//!   also the prefix of trust-policy condition keys (`…/id/ID:sub`).
//!
//! The parser accepts the common mistakes (an `https://` inside the ARN, a trailing
//! slash, `oidc.REGION.eks`, a lowercase ID, placeholders) and records what it saw,
//! with offsets, so the rules can say precisely what is wrong and where. It never
//! fails on text that looks like a provider at all; [`NotAProvider`] is for text
//! that is something else (a role ARN, a plain word).

use super::arn::{Arn, ArnError};
use super::hostpath::{classify_host, split_path};
use super::partition::Partition;
use super::placeholder::{self, Placeholder, Slot};
use crate::core::source::Pos;

/// A part of the provider text and where it starts (byte offset in [`ProviderParse::text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub offset: usize,
    /// Set when the text is a template placeholder or documentation example.
    pub placeholder: Option<Placeholder>,
}

impl Piece {
    pub(super) fn new(text: &str, offset: usize, slot: Slot) -> Piece {
        Piece {
            text: text.to_string(),
            offset,
            placeholder: placeholder::classify(text, slot),
        }
    }

    /// The value, unless it is a placeholder.
    pub fn real(&self) -> Option<&str> {
        (self.placeholder.is_none() && !self.text.is_empty()).then_some(self.text.as_str())
    }
}

/// How the provider was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `arn:…:oidc-provider/HOST/id/ID`
    Arn,
    /// `https://HOST/id/ID`
    IssuerUrl,
    /// `HOST/id/ID`
    HostPath,
    /// `HOST/id/ID:sub` — a trust-policy condition key.
    ConditionKey,
}

/// What the host is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostKind {
    /// `oidc.eks.REGION.amazonaws.com[.cn]`: the issuer EKS puts in tokens.
    Classic,
    /// `oidc-eks.REGION.api.aws` (or `.api.amazonwebservices.com.cn`): the dual-stack name.
    DualStack,
    /// An AWS host that is meant to be an EKS issuer but is misspelt
    /// (`oidc.REGION.eks.amazonaws.com`, `oidc.eks.amazonaws.com`, `oidc.us-east-1.amazonaws.com`).
    Misshapen,
    /// Any other host: a self-managed issuer (an S3 bucket, GitHub Actions, …).
    Other,
}

/// The ARN fields of a provider written as an ARN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnPieces {
    pub partition: Piece,
    pub service: Piece,
    pub region: Piece,
    pub account: Piece,
}

/// A provider as written, taken apart. See the module docs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderParse {
    /// The provider text (trimmed, without surrounding quotes).
    pub text: String,
    /// Where `text` starts in the input (1-based line and column).
    pub origin: Pos,
    pub form: Form,
    /// The ARN's fields when written as an ARN.
    pub arn: Option<ArnPieces>,
    /// `https://` or `http://` as written: the URL's scheme, or one pasted inside an ARN.
    pub scheme: Option<Piece>,
    pub host: Piece,
    pub host_kind: HostKind,
    /// The partition the host's DNS suffix implies, for AWS hosts.
    pub host_partition: Option<Partition>,
    /// The region label of an EKS host.
    pub region: Option<Piece>,
    /// Whether the path has the `/id/` segment.
    pub id_label: bool,
    pub id: Option<Piece>,
    /// Path after the ID (e.g. `/.well-known/openid-configuration`), or the whole
    /// path of a host that is not an EKS issuer.
    pub extra_path: Option<Piece>,
    /// One or more `/` at the end.
    pub trailing_slash: Option<Piece>,
    /// `:sub`, `:aud`, … of a condition key.
    pub key_suffix: Option<Piece>,
}

/// Why a text is not an OIDC provider at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotAProvider {
    Empty,
    /// An ARN of something else; the resource type (`role`, `user`, …) is given.
    OtherArn {
        resource_type: String,
    },
    /// `arn:` with fewer than six fields.
    TruncatedArn {
        fields: usize,
    },
    /// The ARN names an `oidc-provider/` but nothing after it.
    NoHost,
    /// Neither an ARN, nor a URL, nor a host name.
    Unrecognised,
}

impl NotAProvider {
    pub fn describe(&self) -> String {
        match self {
            NotAProvider::Empty => "the input is empty".into(),
            NotAProvider::OtherArn { resource_type } if resource_type.is_empty() => {
                "this ARN names no resource type; an OIDC provider ARN ends in `:oidc-provider/HOST/id/ID`".into()
            }
            NotAProvider::OtherArn { resource_type } => format!(
                "this is the ARN of a `{resource_type}`, not of an OIDC provider (`…:oidc-provider/HOST/id/ID`)"
            ),
            NotAProvider::TruncatedArn { fields } => format!(
                "this ARN has {fields} of the 6 colon-separated fields (`arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST/id/ID`); it was probably cut off"
            ),
            NotAProvider::NoHost => "the ARN ends after `oidc-provider/`: the issuer host and `/id/ID` are missing".into(),
            NotAProvider::Unrecognised => "this is neither an OIDC provider ARN, nor an issuer URL, nor an issuer host".into(),
        }
    }
}

fn strip_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Parses one provider (the whole `text`, trimmed of whitespace and quotes).
pub fn parse_provider(text: &str) -> Result<ProviderParse, NotAProvider> {
    let lead = text.len() - text.trim_start().len();
    let t = text.trim();
    let unquoted = t
        .trim_end_matches(',')
        .trim_matches(|c| c == '"' || c == '\'' || c == '`');
    let skip = t.find(unquoted).unwrap_or(0);
    let col = text[..lead + skip].chars().count() as u32 + 1;
    parse_at(unquoted, Pos::new(1, col))
}

/// Parses `s`, a provider starting at `origin` in some larger input.
pub fn parse_at(s: &str, origin: Pos) -> Result<ProviderParse, NotAProvider> {
    if s.is_empty() {
        return Err(NotAProvider::Empty);
    }
    let (form, arn, rest_offset) = if s.starts_with("arn:") {
        let a = match Arn::split(s) {
            Ok(a) => a,
            Err(ArnError::TooFewFields(n)) => return Err(NotAProvider::TruncatedArn { fields: n }),
            Err(ArnError::NoPrefix) => return Err(NotAProvider::Unrecognised),
        };
        if a.resource_type() != "oidc-provider" {
            return Err(NotAProvider::OtherArn {
                resource_type: a.resource_type().to_string(),
            });
        }
        let pieces = ArnPieces {
            partition: Piece::new(a.partition.text, a.partition.offset, Slot::Partition),
            service: Piece::new(a.service.text, a.service.offset, Slot::Any),
            region: Piece::new(a.region.text, a.region.offset, Slot::Any),
            account: Piece::new(a.account.text, a.account.offset, Slot::Account),
        };
        let after = a.resource.offset + "oidc-provider".len() + 1;
        if after > s.len() || s[after.min(s.len())..].trim().is_empty() {
            return Err(NotAProvider::NoHost);
        }
        (Form::Arn, Some(pieces), after)
    } else {
        (Form::HostPath, None, 0)
    };
    let mut p = ProviderParse {
        text: s.to_string(),
        origin,
        form,
        arn,
        scheme: None,
        host: Piece::new("", rest_offset, Slot::Any),
        host_kind: HostKind::Other,
        host_partition: None,
        region: None,
        id_label: false,
        id: None,
        extra_path: None,
        trailing_slash: None,
        key_suffix: None,
    };
    let mut at = rest_offset;
    let mut rest = &s[at..];
    for scheme in ["https://", "http://"] {
        if let Some(after) = strip_ci(rest, scheme) {
            p.scheme = Some(Piece::new(&rest[..scheme.len()], at, Slot::Any));
            if p.form == Form::HostPath {
                p.form = Form::IssuerUrl;
            }
            at += scheme.len();
            rest = after;
            break;
        }
    }
    // A condition key: `HOST/id/ID:sub` (perhaps with a scheme pasted in front).
    // Only outside ARNs, and only after the last `/`.
    if p.form != Form::Arn {
        let last_slash = rest.rfind('/').unwrap_or(0);
        if let Some(c) = rest[last_slash..].find(':') {
            let c = last_slash + c;
            p.key_suffix = Some(Piece::new(&rest[c..], at + c, Slot::Any));
            p.form = Form::ConditionKey;
            rest = &rest[..c];
        }
    }
    let host_end = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..host_end];
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(NotAProvider::Unrecognised);
    }
    p.host = Piece::new(host, at, Slot::Any);
    let mut path = &rest[host_end..];
    let path_at = at + host_end;
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() < path.len() {
        p.trailing_slash = Some(Piece::new(
            &path[trimmed.len()..],
            path_at + trimmed.len(),
            Slot::Any,
        ));
        path = trimmed;
    }
    classify_host(&mut p);
    if p.host_kind == HostKind::Other {
        if !path.is_empty() {
            p.extra_path = Some(Piece::new(path, path_at, Slot::Any));
        }
        return Ok(p);
    }
    split_path(&mut p, path, path_at);
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789ABCDEF0123456789ABCDEF";

    #[test]
    fn parses_the_three_forms() {
        let arn = format!(
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/{ID}"
        );
        let p = parse_provider(&arn).unwrap();
        assert_eq!(p.form, Form::Arn);
        assert_eq!(p.account(), Some("111122223333"));
        assert_eq!(p.region(), Some("us-east-1"));
        assert_eq!(p.id(), Some(ID));
        assert_eq!(p.host_kind, HostKind::Classic);
        assert_eq!(p.partition(), Some(Partition::Aws));
        assert_eq!(
            p.issuer(),
            format!("https://oidc.eks.us-east-1.amazonaws.com/id/{ID}")
        );
        assert_eq!(p.arn().as_deref(), Some(arn.as_str()));
        assert_eq!(
            p.key_prefix(),
            format!("oidc.eks.us-east-1.amazonaws.com/id/{ID}")
        );

        let p = parse_provider(&format!(
            "  \"https://oidc.eks.cn-north-1.amazonaws.com.cn/id/{ID}\","
        ))
        .unwrap();
        assert_eq!(p.form, Form::IssuerUrl);
        assert_eq!(p.partition(), Some(Partition::AwsCn));
        assert_eq!(p.origin, Pos::new(1, 4));
        assert_eq!(p.arn(), None);

        let p =
            parse_provider(&format!("oidc.eks.us-gov-west-1.amazonaws.com/id/{ID}:sub")).unwrap();
        assert_eq!(p.form, Form::ConditionKey);
        assert_eq!(p.key_suffix.as_ref().unwrap().text, ":sub");
        assert_eq!(p.partition(), Some(Partition::AwsUsGov));
        assert_eq!(
            p.key_prefix(),
            format!("oidc.eks.us-gov-west-1.amazonaws.com/id/{ID}")
        );
    }

    #[test]
    fn the_canonical_form_drops_a_condition_key_pasted_onto_an_arn() {
        // Found by the `arn` fuzz target: the "correct form" kept `:AUD`.
        let p = parse_provider(&format!(
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/{ID}:aud"
        ))
        .unwrap();
        assert_eq!(p.form, Form::Arn);
        let c = p.canonical().unwrap();
        assert_eq!(c.id, ID);
        assert_eq!(
            c.issuer(),
            format!("https://oidc.eks.us-east-1.amazonaws.com/id/{ID}")
        );
    }

    #[test]
    fn an_unlisted_china_region_keeps_its_china_host() {
        // Found by the `arn` fuzz target: the ARN's `aws` partition turned the
        // `.cn` host into `.com`, whose issuer then read back as China.
        let arn = format!(
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.cn-northwest-9.amazonaws.com.cn/id/{ID}"
        );
        let c = parse_provider(&arn).unwrap().canonical().unwrap();
        assert_eq!(c.partition, Partition::AwsCn);
        assert_eq!(c.host, "oidc.eks.cn-northwest-9.amazonaws.com.cn");
        let again = parse_provider(&c.issuer()).unwrap().canonical().unwrap();
        assert_eq!(again.host, c.host);
    }

    #[test]
    fn records_mistakes_instead_of_failing() {
        let p = parse_provider(&format!(
            "arn:aws:iam::111122223333:oidc-provider/https://oidc.us-west-2.eks.amazonaws.com/id/{}/",
            ID.to_lowercase()
        ))
        .unwrap();
        assert_eq!(p.scheme.as_ref().unwrap().text, "https://");
        assert_eq!(p.form, Form::Arn);
        assert_eq!(p.host_kind, HostKind::Misshapen);
        assert_eq!(p.region(), Some("us-west-2"));
        assert!(p.trailing_slash.is_some());
        let c = p.canonical().unwrap();
        assert_eq!(
            c.arn().unwrap(),
            format!(
                "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/{ID}"
            )
        );
        // Offsets point at the pieces.
        let region = p.region.as_ref().unwrap();
        assert_eq!(&p.text[region.offset..region.offset + 9], "us-west-2");
        assert_eq!(p.pos(region.offset), Pos::new(1, 1 + region.offset as u32));
    }

    #[test]
    fn dual_stack_and_foreign_hosts() {
        let p = parse_provider(&format!("https://oidc-eks.eu-west-1.api.aws/id/{ID}")).unwrap();
        assert_eq!(p.host_kind, HostKind::DualStack);
        assert_eq!(
            p.canonical().unwrap().issuer(),
            format!("https://oidc.eks.eu-west-1.amazonaws.com/id/{ID}")
        );
        let p = parse_provider(
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
        )
        .unwrap();
        assert_eq!(p.host_kind, HostKind::Other);
        assert!(!p.is_eks());
        assert_eq!(p.canonical(), None);
        let p =
            parse_provider("https://my-irsa-bucket.s3.us-west-2.amazonaws.com/cluster-a").unwrap();
        assert_eq!(p.host_kind, HostKind::Other);
        assert_eq!(p.extra_path.unwrap().text, "/cluster-a");
    }

    #[test]
    fn placeholders_are_marked() {
        let p = parse_provider(
            "arn:aws:iam::<account-id>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>",
        )
        .unwrap();
        assert_eq!(
            p.arn.as_ref().unwrap().account.placeholder,
            Some(Placeholder::Angle)
        );
        assert_eq!(
            p.region.as_ref().unwrap().placeholder,
            Some(Placeholder::Angle)
        );
        assert_eq!(p.id.as_ref().unwrap().placeholder, Some(Placeholder::Angle));
        assert_eq!(p.host_kind, HostKind::Classic);
        let p = parse_provider("oidc.eks.${AWS_REGION}.amazonaws.com/id/$OIDC_ID").unwrap();
        assert_eq!(
            p.region.as_ref().unwrap().placeholder,
            Some(Placeholder::Variable)
        );
        assert_eq!(
            p.id.as_ref().unwrap().placeholder,
            Some(Placeholder::Variable)
        );
    }

    #[test]
    fn paths_without_id_segment_or_with_extras() {
        let p = parse_provider(&format!("https://oidc.eks.us-east-1.amazonaws.com/{ID}")).unwrap();
        assert!(!p.id_label);
        assert_eq!(p.id(), Some(ID));
        let p = parse_provider(&format!(
            "https://oidc.eks.us-east-1.amazonaws.com/id/{ID}/.well-known/openid-configuration"
        ))
        .unwrap();
        assert_eq!(p.id(), Some(ID));
        assert_eq!(
            p.extra_path.unwrap().text,
            "/.well-known/openid-configuration"
        );
        let p = parse_provider("https://oidc.eks.us-east-1.amazonaws.com/id/").unwrap();
        assert!(p.id_label);
        assert_eq!(p.id(), None);
    }

    #[test]
    fn not_providers() {
        assert_eq!(
            parse_provider("arn:aws:iam::111122223333:role/app"),
            Err(NotAProvider::OtherArn {
                resource_type: "role".into()
            })
        );
        assert_eq!(
            parse_provider("arn:aws:iam::1111"),
            Err(NotAProvider::TruncatedArn { fields: 5 })
        );
        assert_eq!(
            parse_provider("arn:aws:iam::111122223333:oidc-provider/"),
            Err(NotAProvider::NoHost)
        );
        assert_eq!(parse_provider(""), Err(NotAProvider::Empty));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for s in [
            "arn:",
            "arn:::::",
            "arn:::::oidc-provider/",
            "https://",
            "https:///id/x",
            "/",
            "::",
            "oidc.eks..amazonaws.com/id/",
            "arn:aws:iam::1:oidc-provider/ä/ö",
            "https://oidc.eks.ü.amazonaws.com/id/ÄÖ/",
            "oidc-eks.api.aws",
            "x:y/z:",
        ] {
            let _ = parse_provider(s)
                .map(|p| (p.canonical(), p.issuer(), p.arn(), p.pos(p.text.len())));
        }
    }
}
