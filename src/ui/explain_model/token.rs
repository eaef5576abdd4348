//! The EKS token view: the presigned STS URL as a table, the four steps from
//! `aws eks get-token` to a Kubernetes identity, and every check the server
//! side makes, each with its outcome.

use super::{Field, Status, HIDDEN_HINT};
use crate::core::time::{format_rfc3339, relative};
use crate::core::token::checks::{first_authenticator_error, Checker};
use crate::core::token::decode::{self, DecodedToken, VALIDITY_SECS};
use crate::core::token::exec_credential::ExecCredential;
use crate::core::token::rules::Verdict;
use crate::core::token::{sts, ExecCredentialView, TokenExplanation, TokenView};
use crate::core::UnixTime;

/// Said above every token: it is a credential, whatever the page shows of it.
pub const LIVE_CREDENTIAL: &str = "This is a live credential: until it expires, anyone holding it can call the Kubernetes API as the identity that signed it. Do not paste it into tickets or chats.";

/// Everything the token view shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenModel {
    /// The ExecCredential around the token, when one was pasted.
    pub exec: Vec<Field>,
    /// The decoded token; `None` when the ExecCredential holds no EKS token.
    pub token: Option<TokenParts>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenParts {
    /// "1234 bytes: `k8s-aws-v1.` + base64url of a presigned STS request".
    pub summary: String,
    /// Why the token does not decode, when it does not.
    pub decode_error: Option<String>,
    /// The presigned URL, one row per part.
    pub url: Vec<Field>,
    pub flow: Vec<Step>,
    pub checks: Vec<Check>,
    /// What the authenticator concludes, in one sentence.
    pub verdict: String,
    pub verdict_status: Status,
}

/// One of the four steps from `aws eks get-token` to a Kubernetes identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub title: &'static str,
    pub detail: String,
    pub status: Status,
}

/// One server-side check and its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// "EKS authenticator" or "STS".
    pub by: &'static str,
    /// The rule reported when it fails (`TOK006`); empty for the signature.
    pub code: &'static str,
    pub label: String,
    pub status: Status,
    pub detail: String,
}

/// Shapes a token explanation. `revealed` is the analysed text, given only when
/// the user revealed secrets: the signature and the full access key ID are read
/// back from it; without it they stay hidden.
pub fn model(e: &TokenExplanation, revealed: Option<&str>) -> TokenModel {
    match e {
        TokenExplanation::Token(t) => {
            let raw = revealed.map(|r| r.trim_start_matches('\u{feff}').trim().to_string());
            TokenModel {
                exec: Vec::new(),
                token: Some(parts(t, raw.as_deref())),
            }
        }
        TokenExplanation::ExecCredential(ec) => {
            let raw = revealed.and_then(|r| {
                let ec: ExecCredential = serde_yaml::from_str(r).ok()?;
                ec.status?.token().map(str::to_string)
            });
            TokenModel {
                exec: exec_fields(ec),
                token: ec.token.as_ref().map(|t| parts(t, raw.as_deref())),
            }
        }
    }
}

fn when(t: UnixTime, now: Option<UnixTime>) -> String {
    match now {
        Some(n) => format!("{} ({})", format_rfc3339(t), relative(t, n)),
        None => format_rfc3339(t),
    }
}

fn exec_fields(ec: &ExecCredentialView) -> Vec<Field> {
    let expiration = match (&ec.expiration, ec.expiration_at) {
        (_, Some(t)) => Field::new("expirationTimestamp", when(t, ec.now))
            .note("kubectl keeps the credential in memory until then, then runs the plugin again"),
        (Some(raw), None) => {
            Field::new("expirationTimestamp", raw.clone()).note("not an RFC 3339 time")
        }
        (None, None) => Field::new("expirationTimestamp", "none")
            .note("kubectl reuses the credential for the whole process, until a request gets 401"),
    };
    vec![
        Field::new("apiVersion", ec.api_version.as_deref().unwrap_or("(none)")),
        Field::new("credential", ec.credential.clone()),
        expiration,
    ]
}

/// The query of the token's URL, decoded, secrets included. Only called with
/// text the user chose to reveal.
fn raw_query(token: &str) -> Vec<(String, String)> {
    let Some(body) = token.strip_prefix(decode::PREFIX) else {
        return Vec::new();
    };
    let Some(url) = decode::decode_b64url(body)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
    else {
        return Vec::new();
    };
    let query = url
        .split_once('?')
        .map(|(_, q)| q.split('#').next().unwrap_or(""))
        .unwrap_or("");
    query
        .split('&')
        .filter_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((
                decode::unescape(k, true).ok()?,
                decode::unescape(v, true).ok()?,
            ))
        })
        .collect()
}

fn parts(t: &TokenView, raw: Option<&str>) -> TokenParts {
    let summary = format!(
        "{} bytes: `{}` + unpadded base64url of a presigned STS request",
        t.length,
        decode::PREFIX
    );
    let secrets = raw.map(raw_query);
    let (url, decode_error) = match &t.decoded {
        Ok(d) => (url_fields(d, t, secrets.as_deref()), None),
        Err(e) => (
            Vec::new(),
            Some(format!("It does not decode: {}.", e.describe())),
        ),
    };
    let checks = checks(t);
    let failed = first_authenticator_error(&t.checks);
    let any_fail = checks.iter().any(|c| c.status == Status::Fail);
    let (verdict, verdict_status) = match failed {
        Some(e) => (
            format!("The authenticator logs `{e}` and denies the request; kubectl only shows `error: You must be logged in to the server (Unauthorized)`."),
            Status::Fail,
        ),
        None if any_fail => (
            "The authenticator accepts the token, but STS refuses it (see the failed check): kubectl shows `error: You must be logged in to the server (Unauthorized)`.".to_string(),
            Status::Fail,
        ),
        None => (
            "Every check that can be made offline passes: the authenticator sends the request to STS, which checks the signature.".to_string(),
            Status::Pass,
        ),
    };
    TokenParts {
        summary,
        decode_error,
        flow: flow(t, any_fail),
        url,
        checks,
        verdict,
        verdict_status,
    }
}

fn secret<'a>(secrets: Option<&'a [(String, String)]>, name: &str) -> Option<&'a str> {
    secrets?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Parameters with a row of their own; the others are listed as they are.
const DESCRIBED: &[&str] = &[
    "Action",
    "Version",
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
];

fn url_fields(d: &DecodedToken, t: &TokenView, secrets: Option<&[(String, String)]>) -> Vec<Field> {
    let mut out = Vec::new();
    let host = match sts::classify_host(&d.host) {
        Some(h) => h.describe(),
        None => "not an STS endpoint name".into(),
    };
    out.push(Field::new("Endpoint", format!("{}://{}{}", d.scheme, d.host, d.path)).note(host));
    if let Some(s) = &d.scope {
        out.push(Field::new("Region", s.region.clone()).note(format!(
            "partition {} (from {})",
            t.partition, t.partition_source
        )));
    }
    out.push(
        Field::new("Action", d.action().unwrap_or("(none)"))
            .note("STS GetCallerIdentity: STS answers with the ARN of whoever signed the request"),
    );
    out.push(Field::new("Version", d.get("Version").unwrap_or("(none)")));
    let headers = d.signed_headers();
    out.push(
        Field::new(
            "Signed headers",
            if headers.is_empty() {
                "(none)".to_string()
            } else {
                headers.join("; ")
            },
        )
        .note("headers the signature covers; the authenticator requires x-k8s-aws-id among them"),
    );
    out.push(cluster_field(d, &headers));
    if let Some(k) = &d.key {
        let shown = secret(secrets, "X-Amz-Credential")
            .and_then(|c| c.split('/').next())
            .unwrap_or(&k.masked);
        out.push(Field::new("Access key ID", shown).note(k.describe()));
    }
    if let Some(s) = &d.scope {
        out.push(
            Field::new(
                "Credential scope",
                format!("{}/{}/{}/{}", s.date, s.region, s.service, s.terminator),
            )
            .note(format!(
                "signed on {} for service {} in {}",
                s.date, s.service, s.region
            )),
        );
    }
    out.push(
        match (d.has_session_token, secret(secrets, "X-Amz-Security-Token")) {
            (true, Some(v)) => Field::new("Session token", v)
                .note("X-Amz-Security-Token: the signer used temporary credentials"),
            (true, None) => Field::new("Session token", format!("present, hidden — {HIDDEN_HINT}"))
                .hidden(true)
                .note("X-Amz-Security-Token: the signer used temporary credentials"),
            (false, _) => {
                Field::new("Session token", "none").note("the signer used long-term credentials")
            }
        },
    );
    out.push(match (d.get("X-Amz-Date"), d.date()) {
        (Some(raw), Some(date)) => {
            Field::new("X-Amz-Date", raw).note(format!("signed at {}", when(date, t.now)))
        }
        (Some(raw), None) => Field::new("X-Amz-Date", raw).note("not a valid date"),
        (None, _) => Field::new("X-Amz-Date", "missing"),
    });
    if let Some(until) = d.expires_at() {
        let state = match t.now {
            Some(n) if n > until => format!("expired {}", relative(until, n)),
            Some(n) if d.date().is_some_and(|date| date > n + VALIDITY_SECS) => {
                "not yet valid: it is dated in the future".to_string()
            }
            Some(n) => format!(
                "valid now, for {}",
                relative(until, n).trim_start_matches("in ")
            ),
            None => "no current time given".to_string(),
        };
        out.push(
            Field::new("Valid until", format_rfc3339(until)).note(format!(
                "{state} — accepted for 15 minutes after X-Amz-Date"
            )),
        );
    }
    out.push(
        Field::new("X-Amz-Expires", d.get("X-Amz-Expires").unwrap_or("missing"))
            .note("ignored for this request: STS accepts a presigned GetCallerIdentity for 15 minutes after X-Amz-Date"),
    );
    if let Some(a) = d.get("X-Amz-Algorithm") {
        out.push(Field::new("Algorithm", a).note("AWS Signature Version 4"));
    }
    let signature = d.get("X-Amz-Signature").map(|shown| {
        match secret(secrets, "X-Amz-Signature") {
            Some(v) => Field::new("Signature", v),
            None => Field::new(
                "Signature",
                format!(
                    "{} — {HIDDEN_HINT}",
                    shown.trim_start_matches('(').trim_end_matches(')')
                ),
            )
            .hidden(true),
        }
        .note("HMAC-SHA256 with the secret key; only STS can check it")
    });
    out.extend(signature);
    for p in d
        .params
        .iter()
        .filter(|p| !DESCRIBED.iter().any(|n| n.eq_ignore_ascii_case(&p.name)))
    {
        out.push(
            Field::new(p.name.clone(), p.value.clone())
                .note("not a parameter aws eks get-token writes"),
        );
    }
    out
}

/// The cluster name: in a header the URL only names. A tampered or hand-made
/// token may carry it as a query parameter, which binds nothing.
fn cluster_field(d: &DecodedToken, headers: &[String]) -> Field {
    let signed = headers
        .iter()
        .any(|h| h.eq_ignore_ascii_case("x-k8s-aws-id"));
    match (d.get("x-k8s-aws-id"), signed) {
        (Some(name), _) => Field::new("Cluster (x-k8s-aws-id)", name).note(
            "given as a query parameter, which the signature does not bind: the authenticator reads the cluster name only from the signed header",
        ),
        (None, true) => Field::new("Cluster (x-k8s-aws-id)", "signed, but not in the token").note(
            "the plugin sent the cluster name (`--cluster-name`) in the x-k8s-aws-id header and signed it; the URL names the header but not its value, so only STS, checking the signature, can tell which cluster the token is for",
        ),
        (None, false) => Field::new("Cluster (x-k8s-aws-id)", "not signed").note(
            "the token is not bound to any cluster: the authenticator refuses it",
        ),
    }
}

fn flow(t: &TokenView, any_fail: bool) -> Vec<Step> {
    let d = t.decoded.as_ref().ok();
    let signer = d
        .and_then(|d| d.key.as_ref())
        .map(|k| format!("{} ({})", k.describe(), k.masked))
        .unwrap_or_else(|| "your AWS credentials".into());
    let region = d
        .and_then(|d| d.scope.as_ref())
        .map(|s| format!(" for region {}", s.region))
        .unwrap_or_default();
    let signed_at = d
        .and_then(|d| d.date())
        .map(|date| format!(" at {}", when(date, t.now)))
        .unwrap_or_default();
    let host = d.map(|d| d.host.as_str()).unwrap_or("STS");
    let (decodes, expired) = match d {
        Some(d) => (
            Status::Pass,
            match (d.expires_at(), t.now) {
                (Some(u), Some(n)) if n > u => Status::Fail,
                // STS refuses a signature dated more than 15 minutes ahead.
                (Some(_), Some(n)) if d.date().is_some_and(|date| date > n + VALIDITY_SECS) => {
                    Status::Fail
                }
                (Some(_), Some(_)) => Status::Pass,
                _ => Status::Unknown,
            },
        ),
        None => (Status::Fail, Status::Fail),
    };
    // The authenticator's step passes when every offline check does; the
    // signature and the mapping to a Kubernetes identity cannot be known here.
    let offline = if any_fail {
        Status::Fail
    } else if t
        .checks
        .iter()
        .all(|o| matches!(o.verdict, Verdict::Pass(_)))
    {
        Status::Pass
    } else {
        Status::Unknown
    };
    vec![
        Step {
            title: "aws eks get-token",
            detail: format!(
                "The AWS CLI (or aws-iam-authenticator) signs an STS GetCallerIdentity request with {signer}{region}{signed_at}. It adds the header x-k8s-aws-id with the cluster name and signs it too; nothing is sent to AWS yet."
            ),
            status: decodes,
        },
        Step {
            title: "Presigned URL → bearer token",
            detail: format!(
                "The signed request to {host} becomes a URL; `k8s-aws-v1.` + its base64url ({} bytes) is the token. kubectl sends it as `Authorization: Bearer …`. It is accepted for 15 minutes after signing.",
                t.length
            ),
            status: if decodes == Status::Pass { expired } else { decodes },
        },
        Step {
            title: "EKS authenticator",
            detail: "The cluster's authenticator checks the token (below), then replays the URL against STS with x-k8s-aws-id set to its own cluster's name. STS checks the signature and answers with the caller's ARN; an assumed-role ARN becomes the role's ARN (without its path).".into(),
            status: offline,
        },
        Step {
            title: "aws-auth / access entries",
            detail: "That ARN is mapped to a Kubernetes username and groups by an EKS access entry (which wins when both exist) or by the aws-auth ConfigMap — paste it in another tab to see the mapping. RBAC and the entry's access policies then decide what the user may do.".into(),
            status: Status::Unknown,
        },
    ]
}

fn checks(t: &TokenView) -> Vec<Check> {
    let mut out: Vec<Check> = t
        .checks
        .iter()
        .map(|o| {
            let (status, detail) = match &o.verdict {
                Verdict::Pass(s) => (Status::Pass, s.clone()),
                Verdict::Skip(s) => (Status::Unknown, s.clone()),
                Verdict::Fail {
                    message,
                    server_error,
                } => (
                    Status::Fail,
                    format!("{message} Server says: `{server_error}`"),
                ),
            };
            Check {
                by: match o.by {
                    Checker::Authenticator => "EKS authenticator",
                    Checker::Sts => "STS",
                },
                code: o.rule.code,
                label: o.label.to_string(),
                status,
                detail,
            }
        })
        .collect();
    out.push(Check {
        by: "STS",
        code: "",
        label: "the signature".into(),
        status: Status::Unknown,
        detail: "Needs the secret key, so it cannot be checked offline. STS answers 403 SignatureDoesNotMatch when the token was made for another cluster name, and 403 InvalidClientTokenId or ExpiredToken when the key is deactivated or the session expired.".into(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{analyze, Explanation, Options};

    const TOKEN: &str = include_str!("../../../tests/fixtures/token/get-token-us-west-2.token");
    const EXEC: &str = include_str!("../../../static/samples/exec-credential.json");
    /// Five minutes after the fixtures were signed (2026-11-25T19:28:16Z).
    const SOON_AFTER: i64 = 1_795_634_896 + 5 * 60;

    fn token_model(text: &str, now: i64, reveal: bool) -> TokenModel {
        let r = analyze(text, &Options { now: Some(now) });
        let Explanation::Token(e) = &r.explanation else {
            panic!("not a token: {:?}", r.kind)
        };
        model(e, reveal.then_some(text))
    }

    fn field<'a>(p: &'a TokenParts, label: &str) -> &'a Field {
        p.url
            .iter()
            .find(|f| f.label == label)
            .unwrap_or_else(|| panic!("no {label} row in {:?}", p.url))
    }

    #[test]
    fn the_url_reads_as_a_table_with_the_signature_hidden() {
        let m = token_model(TOKEN, SOON_AFTER, false);
        let p = m.token.expect("a token");
        assert_eq!(
            field(&p, "Endpoint").value,
            "https://sts.us-west-2.amazonaws.com/"
        );
        assert_eq!(field(&p, "Region").value, "us-west-2");
        assert_eq!(field(&p, "Action").value, "GetCallerIdentity");
        assert_eq!(field(&p, "Version").value, "2011-06-15");
        assert_eq!(field(&p, "Signed headers").value, "host; x-k8s-aws-id");
        assert_eq!(
            field(&p, "Cluster (x-k8s-aws-id)").value,
            "signed, but not in the token"
        );
        assert_eq!(field(&p, "Access key ID").value, "AKIA****************");
        assert_eq!(
            field(&p, "Credential scope").value,
            "20261125/us-west-2/sts/aws4_request"
        );
        let date = field(&p, "X-Amz-Date");
        assert_eq!(date.value, "20261125T192816Z");
        assert!(
            date.note.as_deref().unwrap().contains("5 minutes ago"),
            "{date:?}"
        );
        assert!(field(&p, "Valid until")
            .note
            .as_deref()
            .unwrap()
            .starts_with("valid now, for 10 minutes"));
        let sig = field(&p, "Signature");
        assert!(
            sig.hidden && sig.value.contains("64 hex characters"),
            "{sig:?}"
        );
        let all = format!("{p:?}");
        assert!(!all.contains("AKIAIOSFODNN7EXAMPLE"), "{all}");
        assert!(!all.contains("24d7c6a742d8a14b"), "{all}");
    }

    #[test]
    fn revealing_shows_the_signature_and_the_key_id() {
        let p = token_model(TOKEN, SOON_AFTER, true).token.unwrap();
        let sig = field(&p, "Signature");
        assert!(!sig.hidden);
        assert_eq!(sig.value.len(), 64);
        assert!(sig.value.starts_with("24d7c6a742d8a14b"), "{sig:?}");
        assert_eq!(field(&p, "Access key ID").value, "AKIAIOSFODNN7EXAMPLE");
    }

    #[test]
    fn an_exec_credential_shows_its_fields_and_its_token() {
        let m = token_model(EXEC, SOON_AFTER, false);
        assert_eq!(m.exec[0].value, "client.authentication.k8s.io/v1beta1");
        assert!(
            m.exec[2].value.starts_with("2026-11-25T19:56:32Z"),
            "{:?}",
            m.exec
        );
        let p = m.token.unwrap();
        assert!(field(&p, "Signature").hidden);
        let shown = token_model(EXEC, SOON_AFTER, true).token.unwrap();
        assert!(field(&shown, "Signature")
            .value
            .starts_with("ea6b766cb9907f00"));
    }

    #[test]
    fn the_flow_and_the_checks_follow_the_verdicts() {
        let p = token_model(TOKEN, SOON_AFTER, false).token.unwrap();
        assert_eq!(p.flow.len(), 4);
        assert_eq!(p.flow[0].title, "aws eks get-token");
        assert_eq!(p.flow[1].status, Status::Pass);
        assert_eq!(p.flow[2].status, Status::Pass);
        assert_eq!(
            p.flow[3].status,
            Status::Unknown,
            "the mapping is not known offline"
        );
        assert_eq!(p.verdict_status, Status::Pass);
        assert!(p.checks.iter().all(|c| c.status != Status::Fail));
        assert!(p
            .checks
            .iter()
            .any(|c| c.by == "EKS authenticator" && c.status == Status::Pass));
        assert_eq!(p.checks.last().unwrap().label, "the signature");

        let late = token_model(TOKEN, SOON_AFTER + 3600, false).token.unwrap();
        assert_eq!(late.flow[1].status, Status::Fail);
        assert_eq!(late.flow[2].status, Status::Fail);
        assert_eq!(late.verdict_status, Status::Fail);
        assert!(late
            .checks
            .iter()
            .any(|c| c.status == Status::Fail && c.detail.contains("Server says")));
    }

    /// Every token fixture, hidden: no secret of its URL, nor the token, is in
    /// anything the view shows (the model's Debug covers every string in it).
    #[test]
    fn no_fixture_shows_a_secret_unless_revealed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/token");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.display().to_string();
            if !(name.ends_with(".token") || name.ends_with(".json")) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let token = if name.ends_with(".json") {
                let ec: Option<ExecCredential> = serde_yaml::from_str(&text).ok();
                match ec.and_then(|e| e.status?.token().map(str::to_string)) {
                    Some(t) => t,
                    None => continue,
                }
            } else {
                text.trim().to_string()
            };
            let mut secrets = vec![token.clone()];
            for (k, v) in raw_query(&token) {
                match k.to_ascii_lowercase().as_str() {
                    "x-amz-signature" | "x-amz-security-token" => secrets.push(v),
                    "x-amz-credential" => {
                        secrets.push(v.split('/').next().unwrap_or("").to_string())
                    }
                    _ => {}
                }
            }
            let r = analyze(
                &text,
                &Options {
                    now: Some(SOON_AFTER),
                },
            );
            let Explanation::Token(e) = &r.explanation else {
                continue;
            };
            let shown = format!("{:?}", model(e, None));
            for s in secrets.iter().filter(|s| s.len() >= 12) {
                assert!(!shown.contains(s.as_str()), "{name} shows {s}: {shown}");
            }
            checked += 1;
        }
        assert!(checked >= 15, "{checked} fixtures checked");
    }

    #[test]
    fn a_token_dated_in_the_future_fails_its_validity_step() {
        let early = token_model(TOKEN, SOON_AFTER - 3600, false).token.unwrap();
        assert!(field(&early, "Valid until")
            .note
            .as_deref()
            .unwrap()
            .starts_with("not yet valid"));
        assert_eq!(early.flow[1].status, Status::Fail, "{:?}", early.flow[1]);
        assert_eq!(early.verdict_status, Status::Fail);
    }

    #[test]
    fn a_token_that_does_not_decode_says_why() {
        let p = token_model("k8s-aws-v1.aHR0c", SOON_AFTER, true)
            .token
            .unwrap();
        assert!(p.decode_error.unwrap().contains("cut short"));
        assert!(p.url.is_empty());
        assert_eq!(p.flow[0].status, Status::Fail);
    }

    #[test]
    fn an_unsigned_cluster_name_in_the_query_is_shown_as_unbound() {
        let t = include_str!("../../../tests/fixtures/token/tampered-unsigned-cluster-id.token");
        let p = token_model(t, SOON_AFTER, false).token.unwrap();
        let c = field(&p, "Cluster (x-k8s-aws-id)");
        assert!(
            c.value == "not signed" || c.note.as_deref().unwrap().contains("query parameter"),
            "{c:?}"
        );
        assert_eq!(p.verdict_status, Status::Fail);
    }
}
