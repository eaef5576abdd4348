//! The IRSA side of the page: a JWT's header, claims and signature (like
//! jwt.io, but offline and redacted), an OIDC provider taken apart with the
//! trust-policy keys it implies, and what a ServiceAccount gives its pods.

use super::{Field, HIDDEN_HINT};
use crate::core::serviceaccount::overview::duration;
use crate::core::{jwt, oidc, serviceaccount};

/// A JWT in three panels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JwtModel {
    /// One sentence: what the token is.
    pub summary: String,
    pub header: Vec<Field>,
    pub claims: Vec<Field>,
    pub signature: Field,
    /// `(condition key, value)` an IRSA trust policy sees, copyable.
    pub trust_keys: Vec<Field>,
}

/// What a claim means when the core has nothing more specific to say.
fn claim_meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "kubernetes.io.namespace" => "the namespace of the service account",
        "kubernetes.io.serviceaccount" => "the service account the token speaks for",
        "kubernetes.io.node" => "the node of the pod the token was made for",
        "kubernetes.io/serviceaccount/secret.name" => "the Secret the token is stored in",
        _ => return None,
    })
}

/// Shapes a JWT explanation. `revealed` is the analysed text, given only when
/// the user revealed secrets: the signature is read back from it.
pub fn jwt_model(o: &jwt::Overview, revealed: Option<&str>) -> JwtModel {
    let fields = |lines: &[jwt::overview::Line]| -> Vec<Field> {
        lines
            .iter()
            .map(|l| {
                Field::new(l.name.clone(), l.value.clone()).maybe_note(
                    l.note
                        .clone()
                        .or_else(|| claim_meaning(&l.name).map(str::to_string)),
                )
            })
            .collect()
    };
    let raw = revealed.and_then(|text| {
        let d = jwt::decode(text).ok()?;
        let s = d.segments[2];
        d.token
            .expose()
            .get(s.start..s.start + s.len)
            .map(str::to_string)
    });
    // `alg: none`, or a token cut after its second dot: nothing to hide or
    // verify (the CLI's text says the same).
    let signature = if o.signature_len == 0 {
        Field::new("signature", "none").note(
            "The token ends after the claims, so nothing vouches for them; STS and the API server reject a token without a signature.",
        )
    } else {
        let note = format!(
            "{} bytes. Not verified: that needs the issuer's public keys (its JWKS), which eksplain, working offline, does not fetch — everything above is what the token claims, not proof.",
            o.signature_len
        );
        match raw {
            Some(sig) => Field::new("signature", sig),
            None => Field::new("signature", format!("hidden — {HIDDEN_HINT}")).hidden(true),
        }
        .note(note)
    };
    JwtModel {
        summary: o.summary.clone(),
        header: fields(&o.header),
        claims: fields(&o.claims),
        signature,
        trust_keys: o
            .trust_policy_keys
            .iter()
            .map(|(k, v)| condition(k, v))
            .collect(),
    }
}

/// A trust-policy condition as the line to paste into `StringEquals`:
/// `"HOST/id/ID:sub": "system:serviceaccount:NS:NAME"`, labelled by its key's suffix.
fn condition(key: &str, value: &str) -> Field {
    let suffix = key.rsplit(':').next().unwrap_or(key);
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    Field::new(suffix, format!("{}: {}", quote(key), quote(value))).copyable()
}

/// One OIDC provider taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderModel {
    /// "IAM OIDC provider ARN (line 1)".
    pub title: String,
    pub written: String,
    pub parts: Vec<Field>,
    /// The forms IRSA needs (issuer URL, provider ARN, condition keys), copyable.
    pub forms: Vec<Field>,
    /// A trust policy for a role that pods of one service account may assume.
    pub trust_policy: Option<String>,
    pub notes: Vec<String>,
    /// AWS CLI commands that show what the account has.
    pub commands: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidcModel {
    pub providers: Vec<ProviderModel>,
    /// EKS API endpoints found next to the providers.
    pub endpoints: Vec<Field>,
}

/// The `sub` placeholder in generated policies.
const SUB_PLACEHOLDER: &str = "system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT";

fn trust_policy(arn: &str, prefix: &str, sub: &str, aud: &str) -> String {
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Federated": arn },
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": { "StringEquals": {
                format!("{prefix}:sub"): sub,
                format!("{prefix}:aud"): aud,
            } }
        }]
    });
    serde_json::to_string_pretty(&policy).unwrap_or_default()
}

fn provider(p: &oidc::overview::ProviderView) -> ProviderModel {
    let mut parts = Vec::new();
    if let Some(x) = &p.partition {
        let name = oidc::Partition::from_id(x)
            .map(|x| x.name())
            .unwrap_or("unknown partition");
        parts.push(Field::new("Partition", x.clone()).note(name));
    }
    if let Some(a) = &p.account {
        parts.push(
            Field::new("Account", a.clone()).note("the account the IAM provider is registered in"),
        );
    }
    if let Some(r) = &p.region {
        parts.push(Field::new("Region", r.clone()).note("the cluster's region"));
    }
    parts.push(Field::new("Issuer host", p.host.clone()).note(p.host_note));
    if let Some(i) = &p.id {
        parts.push(
            Field::new("OIDC ID", i.clone())
                .note("the cluster's issuer ID (not its name): `aws eks describe-cluster` shows it in identity.oidc.issuer")
                .copyable(),
        );
    }
    if let Some(c) = &p.cluster {
        parts
            .push(Field::new("Cluster", c.clone()).note("from the cluster ARN in the same region"));
    }
    let mut forms = Vec::new();
    let mut notes = Vec::new();
    let mut trust = None;
    let mut commands = Vec::new();
    if let Some(c) = &p.canonical {
        let prefix = c.key_prefix();
        let arn = c.arn().unwrap_or_else(|| c.arn_with_account("ACCOUNT_ID"));
        forms.push(
            Field::new("Issuer URL", c.issuer())
                .note("the token's `iss`, and what describe-cluster prints")
                .copyable(),
        );
        forms.push(
            Field::new("IAM provider ARN", arn.clone())
                .note("the trust policy's `Principal.Federated`")
                .copyable(),
        );
        forms.push(
            Field::new("Condition key (sub)", format!("{prefix}:sub"))
                .note(format!("its value is the service account whose pods may assume the role: `{SUB_PLACEHOLDER}`"))
                .copyable(),
        );
        forms.push(
            Field::new("Condition key (aud)", format!("{prefix}:aud"))
                .note(format!(
                    "its value is the token's audience: `{}`",
                    serviceaccount::model::DEFAULT_AUDIENCE
                ))
                .copyable(),
        );
        if p.account_from_cluster {
            notes.push("The ARN uses the cluster's account; a role in another account needs the provider registered there, with that account's ID.".into());
        }
        trust = Some(trust_policy(
            &arn,
            &prefix,
            SUB_PLACEHOLDER,
            serviceaccount::model::DEFAULT_AUDIENCE,
        ));
        let region = p
            .region
            .as_deref()
            .filter(|r| oidc::partition::is_region_shaped(r))
            .map(|r| format!(" --region {r}"))
            .unwrap_or_default();
        let name = p.cluster.as_deref().unwrap_or("CLUSTER");
        commands.push(format!("aws eks describe-cluster --name {name}{region} --query cluster.identity.oidc.issuer --output text"));
        commands.push(format!("aws iam list-open-id-connect-providers --query \"OpenIDConnectProviderList[?ends_with(Arn, '/id/{}')]\"", c.id));
    }
    ProviderModel {
        title: format!("{} (line {})", p.form, p.pos.line),
        written: p.written.clone(),
        parts,
        forms,
        trust_policy: trust,
        notes,
        commands,
    }
}

pub fn oidc_model(o: &oidc::Overview) -> OidcModel {
    OidcModel {
        providers: o.providers.iter().map(provider).collect(),
        endpoints: o
            .endpoints
            .iter()
            .map(|e| {
                let owner = match e.provider.and_then(|i| o.providers.get(i)) {
                    Some(p) => format!("the OIDC ID of the provider on line {}", p.pos.line),
                    None => "no provider here has this ID".to_string(),
                };
                Field::new(format!("line {}", e.pos.line), e.url.clone())
                    .note(format!("cluster ID {}, region {}: {owner}", e.id, e.region))
            })
            .collect(),
    }
}

/// What one ServiceAccount means for its pods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountModel {
    /// `NAMESPACE/NAME`.
    pub title: String,
    pub fields: Vec<Field>,
    /// The role ARN taken apart, when it is valid.
    pub role: Vec<Field>,
    /// What the pod identity webhook injects; empty without a role annotation.
    pub env: Vec<Field>,
    /// The token's `sub`, as the trust policy sees it.
    pub subject: String,
    /// The conditions the role's trust policy must have.
    pub conditions: Vec<Field>,
    pub commands: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAccountModel {
    pub accounts: Vec<AccountModel>,
    pub other_kinds: Vec<String>,
}

/// Where the webhook mounts the projected token.
const TOKEN_DIR: &str = "/var/run/secrets/eks.amazonaws.com/serviceaccount";

fn account(a: &serviceaccount::overview::AccountView) -> AccountModel {
    let id = &a.identity;
    let mut fields = vec![
        Field::new("Namespace", id.namespace.clone()).maybe_note((!id.namespace_given).then(|| {
            "not in the manifest: kubectl applies it to the current context's namespace, assumed `default` here".to_string()
        })),
        Field::new("Name", id.name.clone()),
    ];
    fields.push(match &id.role_arn {
        Some(arn) => Field::new("eks.amazonaws.com/role-arn", arn.clone())
            .maybe_note(a.role.is_none().then(|| "not a valid role ARN".to_string()))
            .copyable(),
        None => Field::new("eks.amazonaws.com/role-arn", "(none)").note(
            "without it the pod identity webhook leaves this account's pods alone: they get no AWS credentials from IRSA",
        ),
    });
    fields.push(
        Field::new("Audience", id.audience.clone())
            .maybe_note(a.audience_is_default.then(|| "the default".to_string())),
    );
    fields.push(
        Field::new("Token lifetime", duration(a.token_expiration)).note(a.token_expiration_note),
    );
    if let Some(r) = a.regional_sts {
        fields.push(Field::new(
            "STS endpoint",
            if r {
                "regional"
            } else {
                serviceaccount::overview::STS_SDK_DEFAULT
            },
        ));
    }
    if a.no_automount {
        fields.push(Field::new(
            "Automount",
            serviceaccount::overview::NO_AUTOMOUNT,
        ));
    }
    let role = id
        .role_arn
        .as_deref()
        .and_then(|arn| serviceaccount::role::check(arn).ok())
        .map(|r| {
            vec![
                Field::new("Partition", r.partition),
                Field::new("Account", r.account),
                Field::new("Path", r.path),
                Field::new("Role name", r.name).copyable(),
            ]
        })
        .unwrap_or_default();
    let mut env = Vec::new();
    if let Some(arn) = &id.role_arn {
        env.push(
            Field::new("AWS_ROLE_ARN", arn.clone())
                .note("the role the AWS SDK assumes")
                .copyable(),
        );
        env.push(
            Field::new("AWS_WEB_IDENTITY_TOKEN_FILE", format!("{TOKEN_DIR}/token"))
                .note("the projected token the SDK exchanges (sts:AssumeRoleWithWebIdentity)")
                .copyable(),
        );
        env.push(Field::new(
            "AWS_REGION, AWS_DEFAULT_REGION",
            "the cluster's region",
        ));
        if a.regional_sts == Some(true) {
            env.push(Field::new("AWS_STS_REGIONAL_ENDPOINTS", "regional"));
        }
        env.push(
            Field::new("Projected token volume", TOKEN_DIR).note(format!(
                "audience {}, expirationSeconds {}; the kubelet refreshes it before it expires",
                id.audience, a.token_expiration
            )),
        );
    }
    let subject = id.subject();
    let conditions = if id.role_arn.is_some() {
        vec![
            condition("OIDC_HOST/id/OIDC_ID:sub", &subject),
            condition("OIDC_HOST/id/OIDC_ID:aud", &id.audience),
        ]
    } else {
        Vec::new()
    };
    let commands = a
        .role
        .iter()
        .map(|(name, _)| {
            format!("aws iam get-role --role-name {name} --query Role.AssumeRolePolicyDocument")
        })
        .collect();
    AccountModel {
        title: format!("{}/{}", id.namespace, id.name),
        fields,
        role,
        env,
        subject,
        conditions,
        commands,
    }
}

pub fn service_account_model(o: &serviceaccount::Overview) -> ServiceAccountModel {
    ServiceAccountModel {
        accounts: o.accounts.iter().map(account).collect(),
        other_kinds: o.other_kinds.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{analyze, registry, Explanation, Options, Report};

    const JWT: &str = include_str!("../../../static/samples/service-account-token.jwt");
    const ARN: &str = include_str!("../../../static/samples/oidc-provider-arn.txt");
    const SA: &str = include_str!("../../../static/samples/service-account-irsa.yaml");

    fn report(text: &str) -> Report {
        analyze(
            text,
            &Options {
                now: Some(registry::DOC_NOW),
            },
        )
    }

    fn value<'a>(fields: &'a [Field], label: &str) -> &'a Field {
        fields
            .iter()
            .find(|f| f.label == label)
            .unwrap_or_else(|| panic!("no {label} in {fields:?}"))
    }

    #[test]
    fn an_unsigned_jwt_says_it_has_no_signature_not_zero_hidden_bytes() {
        let (head, claims) = JWT
            .trim()
            .rsplit_once('.')
            .map(|(hc, _)| hc.split_once('.').unwrap())
            .unwrap();
        let unsigned = format!("{head}.{claims}.");
        let r = report(&unsigned);
        let Explanation::Jwt(o) = &r.explanation else {
            panic!("{:?}", r.kind)
        };
        let m = jwt_model(o, None);
        assert_eq!(m.signature.value, "none");
        assert!(!m.signature.hidden);
        let note = m.signature.note.clone().unwrap_or_default();
        assert!(note.contains("nothing vouches for them"), "{note}");
        assert!(!note.contains("0 bytes"), "{note}");
    }

    #[test]
    fn a_jwt_shows_claims_with_meanings_and_hides_its_signature() {
        let r = report(JWT);
        let Explanation::Jwt(o) = &r.explanation else {
            panic!("{:?}", r.kind)
        };
        let m = jwt_model(o, None);
        assert_eq!(value(&m.header, "alg").value, "RS256");
        let sub = value(&m.claims, "sub");
        assert_eq!(sub.value, "system:serviceaccount:payments:payments-api");
        assert_eq!(
            sub.note.as_deref(),
            Some("service account `payments-api` in namespace `payments`")
        );
        let exp = value(&m.claims, "exp").note.clone().unwrap();
        assert_eq!(exp, "expires 2026-11-03T00:00:00Z (in 10 months)");
        assert_eq!(
            value(&m.claims, "kubernetes.io.namespace").note.as_deref(),
            Some("the namespace of the service account")
        );
        assert!(m.signature.hidden);
        let sig = JWT.trim().rsplit('.').next().unwrap();
        assert!(!format!("{m:?}").contains(&sig[..20]));
        let aud = value(&m.trust_keys, "aud");
        assert_eq!(
            aud.value,
            r#""oidc.eks.eu-west-1.amazonaws.com/id/4F1A9B2C7D3E5F60718293A4B5C6D7E8:aud": "sts.amazonaws.com""#
        );
        assert!(aud.copy);

        let shown = jwt_model(o, Some(JWT));
        assert_eq!(shown.signature.value, sig);
        assert!(!shown.signature.hidden);
    }

    /// Every JWT fixture, hidden: neither its signature nor the token is in
    /// anything the view shows (the model's Debug covers every string in it).
    #[test]
    fn no_jwt_fixture_shows_its_signature_unless_revealed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/jwt");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.display().to_string();
            if !name.ends_with(".jwt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let r = report(&text);
            let Explanation::Jwt(o) = &r.explanation else {
                continue;
            };
            let Ok(d) = jwt::decode(&text) else { continue };
            let token = d.token.expose().to_string();
            let s = d.segments[2];
            let sig = token
                .get(s.start..s.start + s.len)
                .unwrap_or("")
                .to_string();
            let shown = format!("{:?}", jwt_model(o, None));
            for secret in [&token, &sig].into_iter().filter(|s| s.len() >= 12) {
                assert!(!shown.contains(secret.as_str()), "{name}: {shown}");
            }
            checked += 1;
        }
        assert!(checked >= 10, "{checked} fixtures checked");
    }

    #[test]
    fn an_oidc_arn_is_taken_apart_with_its_condition_keys() {
        let r = report(ARN);
        let Explanation::OidcProvider(o) = &r.explanation else {
            panic!("{:?}", r.kind)
        };
        let m = oidc_model(o);
        let p = &m.providers[0];
        assert_eq!(value(&p.parts, "Partition").value, "aws");
        assert_eq!(value(&p.parts, "Account").value, "111122223333");
        assert_eq!(value(&p.parts, "Region").value, "eu-west-1");
        assert_eq!(
            value(&p.parts, "OIDC ID").value,
            "4F1A9B2C7D3E5F60718293A4B5C6D7E8"
        );
        let host = "oidc.eks.eu-west-1.amazonaws.com/id/4F1A9B2C7D3E5F60718293A4B5C6D7E8";
        assert_eq!(
            value(&p.forms, "Issuer URL").value,
            format!("https://{host}")
        );
        assert_eq!(
            value(&p.forms, "Condition key (aud)").value,
            format!("{host}:aud")
        );
        assert!(p.forms.iter().all(|f| f.copy));
        let policy = p.trust_policy.as_deref().unwrap();
        let v: serde_json::Value = serde_json::from_str(policy).unwrap();
        assert_eq!(
            v["Statement"][0]["Principal"]["Federated"],
            format!("arn:aws:iam::111122223333:oidc-provider/{host}")
        );
        assert_eq!(
            v["Statement"][0]["Condition"]["StringEquals"][format!("{host}:sub")],
            SUB_PLACEHOLDER
        );
        assert!(p.commands[0].contains("--region eu-west-1"));
    }

    #[test]
    fn a_service_account_shows_what_its_pods_get() {
        let r = report(SA);
        let Explanation::ServiceAccount(o) = &r.explanation else {
            panic!("{:?}", r.kind)
        };
        let m = service_account_model(o);
        let a = &m.accounts[0];
        assert_eq!(a.title, "payments/payments-api");
        assert_eq!(a.subject, "system:serviceaccount:payments:payments-api");
        assert_eq!(value(&a.role, "Role name").value, "payments-api-irsa");
        assert_eq!(value(&a.role, "Account").value, "111122223333");
        assert_eq!(
            value(&a.env, "AWS_ROLE_ARN").value,
            "arn:aws:iam::111122223333:role/payments-api-irsa"
        );
        assert_eq!(
            value(&a.env, "AWS_WEB_IDENTITY_TOKEN_FILE").value,
            "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"
        );
        assert_eq!(
            value(&a.env, "AWS_STS_REGIONAL_ENDPOINTS").value,
            "regional"
        );
        assert!(value(&a.env, "Projected token volume")
            .note
            .as_deref()
            .unwrap()
            .contains("audience sts.amazonaws.com"));
        assert_eq!(
            value(&a.conditions, "sub").value,
            r#""OIDC_HOST/id/OIDC_ID:sub": "system:serviceaccount:payments:payments-api""#
        );
        assert!(a.commands[0].contains("--role-name payments-api-irsa"));
    }

    #[test]
    fn a_service_account_without_a_role_gets_nothing_injected() {
        let r = report("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: builder\n");
        let Explanation::ServiceAccount(o) = &r.explanation else {
            panic!("{:?}", r.kind)
        };
        let a = &service_account_model(o).accounts[0];
        assert!(a.env.is_empty() && a.role.is_empty() && a.conditions.is_empty());
        assert_eq!(a.subject, "system:serviceaccount:default:builder");
        assert!(value(&a.fields, "Namespace").note.is_some());
    }
}
