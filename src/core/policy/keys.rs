//! Condition keys: telling a web-identity claim key (`HOST/id/ID:sub`) from a
//! service key (`aws:RequestTag/…`), which keys hold one value, and the
//! service-account subjects and session tags IRSA and Pod Identity carry.

/// What a condition key names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind<'a> {
    /// A claim of a web identity token: `PROVIDER:claim`. `prefix` is what
    /// precedes the last colon — meant to be the provider's host and path,
    /// though people also write the issuer URL or the provider ARN there.
    Claim { prefix: &'a str, claim: &'a str },
    /// `service:name`, e.g. `aws:RequestTag/kubernetes-namespace`, `sts:ExternalId`.
    Service { service: &'a str, name: &'a str },
    /// Neither: no colon, empty parts, spaces.
    Malformed,
}

/// What kind of identity provider a reference Terraform or a template fills
/// in names (`${module.eks.oidc_provider_arn}`, `${saml_provider_arn}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComputedProvider {
    /// An EKS cluster's OIDC provider, told by the name: `module.eks.*`,
    /// `oidc_provider_arn`, `cluster_oidc_issuer_url`, `aws_eks_cluster.…`.
    Eks,
    /// An OIDC provider that may be any issuer (`aws_iam_openid_connect_provider.github.arn`).
    Oidc,
    /// A SAML provider (`aws_iam_saml_provider.okta.arn`).
    Saml,
    /// Nothing in the name says.
    Unknown,
}

/// The names the EKS Terraform modules and the AWS docs give an EKS
/// cluster's OIDC provider, its ARN and its issuer.
const EKS_NAMES: &[&str] = &[
    "oidc_provider",
    "oidc_provider_arn",
    "cluster_oidc_issuer_url",
    "aws_eks_cluster",
];

/// What provider the reference `expr` (a `${…}` placeholder, or the text
/// inside it) names — from positive evidence only: a bare `eks`, `oidc` or
/// `provider` in a name (`aws_iam_openid_connect_provider.eks.arn`) does
/// not make it an EKS cluster's.
pub fn computed_provider(expr: &str) -> ComputedProvider {
    let lower = expr.to_ascii_lowercase();
    let eks_name = lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|t| {
            EKS_NAMES.iter().any(|n| {
                t == *n
                    || t.strip_suffix(n).is_some_and(|head| {
                        head.ends_with('_') && (head.contains("eks") || head.contains("cluster"))
                    })
            })
        });
    if eks_name || lower.contains("module.eks.") || lower.contains("module.eks_") {
        ComputedProvider::Eks
    } else if lower.contains("saml") {
        ComputedProvider::Saml
    } else if lower.contains("openid_connect") || lower.contains("oidc") {
        ComputedProvider::Oidc
    } else {
        ComputedProvider::Unknown
    }
}

/// True for a key prefix or principal Terraform or a template computes from
/// an EKS cluster's OIDC provider (`${module.eks.oidc_provider}`): its
/// claims are a Kubernetes service account's.
pub fn computed_eks(prefix: &str) -> bool {
    prefix.contains('$') && computed_provider(prefix) == ComputedProvider::Eks
}

/// True for a principal Terraform or a template computes that names an OIDC
/// provider, an EKS cluster's or another's.
pub fn computed_oidc(value: &str) -> bool {
    value.contains('$')
        && matches!(
            computed_provider(value),
            ComputedProvider::Eks | ComputedProvider::Oidc
        )
}

pub fn classify(key: &str) -> KeyKind<'_> {
    // `${replace(aws_iam_openid_connect_provider.eks.url, "https://", "")}:sub`:
    // a provider Terraform fills in, and a claim.
    if let Some(i) = key.rfind("}:").filter(|_| key.starts_with("${")) {
        if let (Some(prefix), Some(claim)) = (key.get(..=i), key.get(i + 2..)) {
            if !claim.is_empty() && claim.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return KeyKind::Claim { prefix, claim };
            }
        }
    }
    if key.is_empty() || key.chars().any(char::is_whitespace) {
        return KeyKind::Malformed;
    }
    fn claim(k: &str) -> KeyKind<'_> {
        match k.rsplit_once(':') {
            Some((prefix, claim))
                if !prefix.is_empty() && !claim.is_empty() && !claim.contains('/') =>
            {
                KeyKind::Claim { prefix, claim }
            }
            _ => KeyKind::Malformed,
        }
    }
    let lower = key.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("arn:") {
        return claim(key);
    }
    match key.split_once(':') {
        Some((head, _)) if head.contains('.') || head.contains('/') => claim(key),
        Some((service, name))
            if !service.is_empty()
                && !name.is_empty()
                && service
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            KeyKind::Service { service, name }
        }
        _ => KeyKind::Malformed,
    }
}

/// Keys that hold at most one value in a request, for which `ForAllValues`
/// is a trap (it is true when the key is missing). `None` when eksplain does
/// not know.
pub fn single_valued(key: &str) -> Option<bool> {
    match classify(key) {
        KeyKind::Claim { claim, .. } => match claim.to_ascii_lowercase().as_str() {
            "sub" | "oaud" | "azp" | "email" => Some(true),
            "amr" => Some(false),
            _ => None,
        },
        KeyKind::Service { service, name } => {
            let full = format!(
                "{}:{}",
                service.to_ascii_lowercase(),
                name.to_ascii_lowercase()
            );
            if full.starts_with("aws:requesttag/")
                || full.starts_with("aws:principaltag/")
                || full.starts_with("aws:resourcetag/")
            {
                return Some(true);
            }
            match full.as_str() {
                "aws:tagkeys" | "aws:principalorgpaths" | "aws:calledvia" => Some(false),
                "aws:sourceaccount"
                | "aws:sourcearn"
                | "aws:sourceip"
                | "aws:principalarn"
                | "aws:principalaccount"
                | "aws:principalorgid"
                | "aws:principaltype"
                | "aws:userid"
                | "aws:username"
                | "aws:currenttime"
                | "aws:epochtime"
                | "aws:securetransport"
                | "aws:federatedprovider"
                | "aws:sourcevpc"
                | "aws:sourcevpce"
                | "aws:requestedregion"
                | "sts:externalid"
                | "sts:rolesessionname"
                | "sts:sourceidentity" => Some(true),
                _ => None,
            }
        }
        KeyKind::Malformed => None,
    }
}

/// The session tags EKS Pod Identity adds to its `AssumeRole` request.
pub const POD_IDENTITY_TAGS: &[&str] = &[
    "eks-cluster-arn",
    "eks-cluster-name",
    "kubernetes-namespace",
    "kubernetes-service-account",
    "kubernetes-pod-name",
    "kubernetes-pod-uid",
];

/// The `Service` principal of EKS Pod Identity.
pub const POD_IDENTITY_SERVICE: &str = "pods.eks.amazonaws.com";

/// The audience EKS puts in IRSA tokens, in every partition.
pub const STS_AUDIENCE: &str = "sts.amazonaws.com";

/// The subject prefix of Kubernetes service account tokens.
pub const SA_PREFIX: &str = "system:serviceaccount:";

/// The tag name of an `aws:RequestTag/NAME` or `aws:PrincipalTag/NAME` key.
pub fn tag_key(key: &str) -> Option<(&str, &str)> {
    let (service, name) = key.split_once(':')?;
    if !service.eq_ignore_ascii_case("aws") {
        return None;
    }
    let (kind, tag) = name.split_once('/')?;
    if kind.eq_ignore_ascii_case("RequestTag") || kind.eq_ignore_ascii_case("PrincipalTag") {
        Some((kind, tag))
    } else {
        None
    }
}

/// A service account named by a `sub` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
}

/// Splits `system:serviceaccount:NAMESPACE:NAME` (exact, case-sensitive).
pub fn subject(value: &str) -> Option<Subject<'_>> {
    let rest = value.strip_prefix(SA_PREFIX)?;
    let (namespace, name) = rest.split_once(':')?;
    Some(Subject { namespace, name })
}

/// Why `s` cannot be a Kubernetes namespace (a DNS-1123 label), if it cannot.
pub fn namespace_problem(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("is empty".into());
    }
    if s.len() > 63 {
        return Some(format!("is {} characters long (at most 63)", s.len()));
    }
    label_chars(s)
}

/// Why `s` cannot be a service account name (a DNS-1123 subdomain), if it cannot.
pub fn name_problem(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("is empty".into());
    }
    if s.len() > 253 {
        return Some(format!("is {} characters long (at most 253)", s.len()));
    }
    s.split('.').find_map(|l| {
        if l.is_empty() {
            Some("has an empty part between dots".into())
        } else {
            label_chars(l)
        }
    })
}

fn label_chars(s: &str) -> Option<String> {
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '.'))
    {
        return Some(if c.is_ascii_uppercase() {
            "has upper-case letters (Kubernetes names are lower case)".into()
        } else {
            format!("contains `{c}` (only a-z, 0-9 and `-` are allowed)")
        });
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Some("starts or ends with `-`".into());
    }
    if s.contains('.') {
        return Some("contains `.` (not allowed in a namespace)".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_claim_and_service_keys() {
        let k = "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub";
        assert_eq!(
            classify(k),
            KeyKind::Claim {
                prefix: "oidc.eks.us-east-1.amazonaws.com/id/ABC",
                claim: "sub"
            }
        );
        assert!(matches!(
            classify("https://oidc.eks.us-east-1.amazonaws.com/id/ABC:aud"),
            KeyKind::Claim { claim: "aud", .. }
        ));
        assert!(matches!(
            classify("arn:aws:iam::111122223333:oidc-provider/oidc.eks.x.amazonaws.com/id/A:sub"),
            KeyKind::Claim { claim: "sub", .. }
        ));
        assert_eq!(
            classify("aws:RequestTag/kubernetes-namespace"),
            KeyKind::Service {
                service: "aws",
                name: "RequestTag/kubernetes-namespace"
            }
        );
        for bad in ["", "sub", "aws:", "a b:c", "oidc.eks.x/id/A"] {
            assert_eq!(classify(bad), KeyKind::Malformed, "{bad:?}");
        }
    }

    #[test]
    fn tells_an_eks_provider_only_from_its_name() {
        use ComputedProvider::*;
        for (expr, want) in [
            ("${module.eks.oidc_provider_arn}", Eks),
            ("${local.oidc_provider}", Eks),
            ("${OIDC_PROVIDER}", Eks),
            ("${var.eks_oidc_provider_arn}", Eks),
            (
                "${replace(module.eks.cluster_oidc_issuer_url, \"https://\", \"\")}",
                Eks,
            ),
            ("${aws_iam_openid_connect_provider.eks.arn}", Oidc),
            ("${aws_iam_openid_connect_provider.github.arn}", Oidc),
            ("${var.github_oidc_provider_arn}", Oidc),
            ("${aws_iam_saml_provider.okta.arn}", Saml),
            ("${saml_provider_arn}", Saml),
            ("${var.provider_arn}", Unknown),
            ("${local.oidc_host}", Oidc),
        ] {
            assert_eq!(computed_provider(expr), want, "{expr}");
        }
        assert!(!computed_eks("${aws_iam_openid_connect_provider.eks.url}"));
        assert!(!computed_oidc("${saml_provider_arn}"));
    }

    #[test]
    fn knows_single_valued_keys() {
        assert_eq!(
            single_valued("oidc.eks.x.amazonaws.com/id/A:sub"),
            Some(true)
        );
        assert_eq!(
            single_valued("aws:RequestTag/kubernetes-namespace"),
            Some(true)
        );
        assert_eq!(single_valued("aws:TagKeys"), Some(false));
        assert_eq!(single_valued("oidc.eks.x.amazonaws.com/id/A:aud"), None);
    }

    #[test]
    fn reads_subjects_and_checks_kubernetes_names() {
        assert_eq!(
            subject("system:serviceaccount:payments:api"),
            Some(Subject {
                namespace: "payments",
                name: "api"
            })
        );
        assert_eq!(subject("system:serviceaccounts:payments"), None);
        assert!(namespace_problem("Payments")
            .unwrap()
            .contains("upper-case"));
        assert!(namespace_problem("pay_ments").unwrap().contains("`_`"));
        assert!(namespace_problem("a.b").is_some());
        assert_eq!(name_problem("api.v2"), None);
        assert!(name_problem(&"a".repeat(254)).is_some());
    }
}
