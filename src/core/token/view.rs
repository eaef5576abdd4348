//! The explanation of a token or an ExecCredential, and its text rendering.

use super::checks::{first_authenticator_error, Checker, Outcome};
use super::decode::{DecodeError, DecodedToken, PREFIX, VALIDITY_SECS};
use super::exec_credential::{token_kind, ExecCredential};
use super::rules::Verdict;
use super::sts;
use crate::core::kubeconfig::endpoint::{self, Endpoint};
use crate::core::time::{format_rfc3339, parse_rfc3339, relative};
use crate::core::UnixTime;

/// What eksplain explains for a token-like input.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum TokenExplanation {
    Token(TokenView),
    ExecCredential(ExecCredentialView),
}

/// A decoded EKS token and the outcome of every server-side check.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct TokenView {
    pub length: usize,
    pub decoded: Result<DecodedToken, DecodeError>,
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub partition: crate::core::StaticStr,
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub partition_source: crate::core::StaticStr,
    pub checks: Vec<Outcome>,
    pub now: Option<UnixTime>,
}

/// An ExecCredential: what a plugin returned to kubectl.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct ExecCredentialView {
    pub api_version: Option<String>,
    pub expiration: Option<String>,
    pub expiration_at: Option<UnixTime>,
    /// What the credential is, in words.
    pub credential: String,
    /// The decoded token, when it is an EKS token.
    pub token: Option<TokenView>,
    pub now: Option<UnixTime>,
}

impl ExecCredentialView {
    pub fn new(ec: &ExecCredential, token: Option<TokenView>, now: Option<UnixTime>) -> Self {
        let st = ec.status.clone().unwrap_or_default();
        let credential = match (st.token(), st.has_cert(), st.has_key()) {
            (Some(t), _, _) => token_kind(t).to_string(),
            (None, true, true) => "a TLS client certificate and key (mutual TLS)".into(),
            (None, true, false) => {
                "a client certificate without its key (kubectl rejects it)".into()
            }
            (None, false, true) => {
                "a client key without its certificate (kubectl rejects it)".into()
            }
            (None, false, false) => "none".into(),
        };
        let expiration = st.expiration_timestamp.clone();
        ExecCredentialView {
            api_version: ec.api_version.clone(),
            expiration_at: expiration.as_deref().and_then(parse_rfc3339),
            expiration,
            credential,
            token,
            now,
        }
    }
}

/// The banner every token explanation starts with.
pub const BANNER: &str = "!! This is a live credential. Until it expires, anyone holding it can call the Kubernetes API\n!! as the identity that signed it. Do not paste it into tickets or chats. eksplain never shows it.\n";

fn when(t: UnixTime, now: Option<UnixTime>) -> String {
    match now {
        Some(n) => format!("{} ({})", format_rfc3339(t), relative(t, n)),
        None => format_rfc3339(t),
    }
}

/// The banner for a token STS stopped accepting at `at` (15 minutes after
/// it was signed): it authenticates nobody any more, but still names the
/// access key that signed it.
fn expired_banner(at: UnixTime, now: UnixTime) -> String {
    format!(
        "!! This token expired at {} ({}): STS, and so EKS, no longer accept it. It still names\n!! the access key that signed it: do not paste tokens into tickets or chats. eksplain never shows it.\n",
        format_rfc3339(at),
        relative(at, now)
    )
}

impl TokenView {
    /// The banner this token's explanation starts with.
    fn banner(&self) -> String {
        let expired = self.decoded.as_ref().ok().and_then(|d| d.expires_at());
        match (expired, self.now) {
            (Some(at), Some(now)) if now > at => expired_banner(at, now),
            _ => BANNER.to_string(),
        }
    }
}

impl TokenExplanation {
    pub fn to_text(&self) -> String {
        match self {
            TokenExplanation::Token(t) => format!("{}\n{}", t.banner(), t.to_text()),
            TokenExplanation::ExecCredential(e) => e.to_text(),
        }
    }
}

impl ExecCredentialView {
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.credential != "none" {
            match &self.token {
                Some(t) => out.push_str(&t.banner()),
                None => out.push_str(BANNER),
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "ExecCredential {} — what an exec plugin prints on stdout for kubectl\n",
            self.api_version.as_deref().unwrap_or("(no apiVersion)")
        ));
        out.push_str(&format!("  credential:          {}\n", self.credential));
        match (&self.expiration, self.expiration_at) {
            (_, Some(t)) => out.push_str(&format!(
                "  expirationTimestamp: {} — kubectl keeps the credential in memory until then, then runs the plugin again\n",
                when(t, self.now)
            )),
            (Some(raw), None) => out.push_str(&format!(
                "  expirationTimestamp: `{raw}` is not an RFC 3339 time\n"
            )),
            (None, None) => out.push_str(
                "  expirationTimestamp: none — kubectl reuses the credential for the whole process, until a request gets 401\n",
            ),
        }
        out.push_str("  kubectl keeps it only in memory, for one process: every new kubectl command runs the plugin again (and re-runs it on a 401).\n");
        if let Some(t) = &self.token {
            if let (Some(exp), Ok(d)) = (self.expiration_at, &t.decoded) {
                if let Some(date) = d.date() {
                    out.push_str(&format!(
                        "  The plugin set the expiration {} after signing; the token itself is accepted until {} after.\n",
                        minutes(exp - date),
                        minutes(VALIDITY_SECS)
                    ));
                }
            }
            out.push('\n');
            out.push_str(&t.to_text());
        }
        out
    }
}

fn minutes(secs: i64) -> String {
    match secs {
        60 => "1 minute".into(),
        1 => "1 second".into(),
        s if s % 60 == 0 => format!("{} minutes", s / 60),
        s => format!("{s} seconds"),
    }
}

fn mark(v: &Verdict) -> &'static str {
    match v {
        Verdict::Pass(_) => "[pass]",
        Verdict::Fail { .. } => "[FAIL]",
        Verdict::Skip(_) => "[skip]",
    }
}

fn verdict_text(v: &Verdict) -> String {
    match v {
        Verdict::Pass(s) | Verdict::Skip(s) => s.clone(),
        Verdict::Fail {
            message,
            server_error,
        } => format!("{message} Server says: `{server_error}`"),
    }
}

impl TokenView {
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "EKS token — {} bytes: `{PREFIX}` + unpadded base64url of a presigned STS request\n",
            self.length
        );
        match &self.decoded {
            Ok(t) => out.push_str(&describe_decoded(t, self.now)),
            Err(e) => out.push_str(&format!("  It does not decode: {}.\n", e.describe())),
        }
        out.push_str(&format!(
            "\nServer side, step 1 — the EKS authenticator checks the token (partition {}, from {}) and stops at the first failure:\n",
            self.partition, self.partition_source
        ));
        for o in self
            .checks
            .iter()
            .filter(|o| o.by == Checker::Authenticator)
        {
            out.push_str(&format!(
                "  {} {} — {}\n",
                mark(&o.verdict),
                o.label,
                verdict_text(&o.verdict)
            ));
        }
        let denied = first_authenticator_error(&self.checks);
        match &denied {
            Some(e) => out.push_str(&format!(
                "  → The authenticator logs `{e}` and denies the request; kubectl only shows `error: You must be logged in to the server (Unauthorized)`.\n"
            )),
            None => out.push_str("  → All pass: the authenticator sends the request to STS.\n"),
        }
        out.push_str(if denied.is_some() {
            "\nServer side, step 2 — not reached (step 1 denies the request). Had it passed, the authenticator would replay the URL against STS, setting x-k8s-aws-id to its own cluster's name; STS checks:\n"
        } else {
            "\nServer side, step 2 — the authenticator replays the URL against STS, setting x-k8s-aws-id to its own cluster's name; STS checks:\n"
        });
        for o in self.checks.iter().filter(|o| o.by == Checker::Sts) {
            out.push_str(&format!(
                "  {} {} — {}\n",
                mark(&o.verdict),
                o.label,
                verdict_text(&o.verdict)
            ));
        }
        out.push_str("  [ -- ] the signature — cannot be checked offline (it needs the secret key). STS answers 403 SignatureDoesNotMatch when the token was made for another cluster name, and 403 InvalidClientTokenId / ExpiredToken when the key is deactivated or the session expired.\n");
        out.push_str(STEP3);
        out
    }
}

const STEP3: &str = "\nServer side, step 3 — STS answers with the caller's ARN. An assumed-role ARN\n  `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` becomes `arn:aws:iam::ACCOUNT:role/ROLE` — the role's path\n  is lost (STS does not report it). That ARN is mapped to a Kubernetes username and groups by an EKS access\n  entry (which wins when both exist) or by the aws-auth ConfigMap (paste it to see the mapping); Kubernetes RBAC\n  and the entry's access policies then decide what the user may do.\n";

fn describe_decoded(t: &DecodedToken, now: Option<UnixTime>) -> String {
    let mut out = String::new();
    let host = match sts::classify_host(&t.host) {
        Some(h) => h.describe(),
        None => "not an STS endpoint name".into(),
    };
    out.push_str(&format!(
        "  URL:             {}://{}{} — {host}\n",
        t.scheme, t.host, t.path
    ));
    out.push_str(&format!(
        "  Action:          {} (API version {})\n",
        t.action().unwrap_or("(none)"),
        t.get("Version").unwrap_or("(none)")
    ));
    if let Some(k) = &t.key {
        out.push_str(&format!(
            "  Signed with key: {} — {}\n",
            k.masked,
            k.describe()
        ));
    }
    out.push_str(&format!(
        "  Session token:   {}\n",
        if t.has_session_token {
            "present (X-Amz-Security-Token; not shown) — the signer used temporary credentials"
        } else {
            "none — the signer used long-term credentials"
        }
    ));
    if let Some(s) = &t.scope {
        out.push_str(&format!(
            "  Scope:           date {}, region {}, service {} ({})\n",
            s.date, s.region, s.service, s.terminator
        ));
    }
    match (t.get("X-Amz-Date"), t.date()) {
        (Some(raw), Some(d)) => {
            out.push_str(&format!("  X-Amz-Date:      {raw} = {}\n", when(d, now)))
        }
        (Some(raw), None) => {
            out.push_str(&format!("  X-Amz-Date:      `{raw}` (not a valid date)\n"))
        }
        (None, _) => out.push_str("  X-Amz-Date:      missing\n"),
    }
    out.push_str(&format!(
        "  X-Amz-Expires:   {} — ignored by STS for this request: a presigned URL is accepted for 15 minutes after X-Amz-Date\n",
        t.get("X-Amz-Expires").unwrap_or("missing")
    ));
    if let Some(until) = t.expires_at() {
        let state = match now {
            Some(n) if n > until => format!("expired {}", relative(until, n)),
            Some(n) if t.date().is_some_and(|d| d > n + VALIDITY_SECS) => {
                "not yet valid: it is dated in the future".to_string()
            }
            Some(n) => format!(
                "valid now, for {}",
                relative(until, n).trim_start_matches("in ")
            ),
            None => "no current time given".to_string(),
        };
        out.push_str(&format!(
            "  Valid until:     {} — {state}\n",
            format_rfc3339(until)
        ));
    }
    let headers = t.signed_headers();
    out.push_str(&format!(
        "  Signed headers:  {}\n",
        if headers.is_empty() {
            "(none)".to_string()
        } else {
            headers.join("; ")
        }
    ));
    out.push_str("  Cluster name:    not in the token. The plugin sent it in the x-k8s-aws-id header and signed that header,\n                   so only the signature binds the token to one cluster; eksplain cannot read it back.\n");
    out.push_str("\n  Query parameters as decoded (secrets withheld):\n");
    for p in &t.params {
        out.push_str(&format!("    {:<22} {}\n", p.name, p.value));
    }
    out
}

/// One comparison of a token with the cluster it is meant for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrossCheck {
    /// `Some(true)` consistent, `Some(false)` the token will be refused,
    /// `None` cannot be decided offline.
    pub ok: Option<bool>,
    pub text: String,
}

/// Compares a token with a cluster from a kubeconfig: its server URL (partition
/// and region) and its name (what `--cluster-name` / `-i` must have been).
pub fn cross_check(
    t: &DecodedToken,
    cluster_name: Option<&str>,
    server: Option<&str>,
) -> Vec<CrossCheck> {
    let mut out = Vec::new();
    let host = sts::classify_host(&t.host);
    if let Some(Endpoint::Eks {
        region, partition, ..
    }) = server.map(endpoint::classify)
    {
        match sts::host_allowed(&t.host, partition) {
            Ok(_) => out.push(CrossCheck {
                ok: Some(true),
                text: format!("The STS host {} is accepted by a cluster in partition {partition}.", t.host),
            }),
            Err(e) => out.push(CrossCheck {
                ok: Some(false),
                text: format!("The cluster is in partition {partition}; its authenticator refuses the STS host {}: `{e}`.", t.host),
            }),
        }
        if let Some(h) = &host {
            let signing = h.signing_region();
            if signing != region && h.partition() == partition {
                out.push(CrossCheck {
                    ok: Some(true),
                    text: format!("The token is signed in {signing}, the cluster runs in {region}: accepted (any STS region of the partition works), but logins then depend on STS in {signing}."),
                });
            }
        }
    }
    if let Some(name) = cluster_name.filter(|n| !n.is_empty()) {
        out.push(CrossCheck {
            ok: None,
            text: format!("For cluster `{name}` the token must have been made with `--cluster-name {name}` (aws) or `-i {name}` (aws-iam-authenticator). The name is only inside the signature, so eksplain cannot confirm it; a token for another name fails at STS with 403 SignatureDoesNotMatch."),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_minute_is_singular() {
        assert_eq!(super::minutes(60), "1 minute");
        assert_eq!(super::minutes(1), "1 second");
        assert_eq!(super::minutes(840), "14 minutes");
        assert_eq!(super::minutes(90), "90 seconds");
    }

    use super::*;
    use crate::core::token::decode::decode;

    #[test]
    fn cross_check_flags_a_global_token_for_a_china_cluster() {
        let t =
            decode(include_str!("../../../tests/fixtures/token/get-token-us-west-2.token").trim())
                .unwrap();
        let cn = cross_check(
            &t,
            Some("demo"),
            Some("https://ABC.yl4.cn-north-1.eks.amazonaws.com.cn"),
        );
        assert_eq!(cn[0].ok, Some(false), "{cn:?}");
        let same = cross_check(
            &t,
            Some("demo"),
            Some("https://ABC.gr7.us-west-2.eks.amazonaws.com"),
        );
        assert_eq!(same[0].ok, Some(true));
        assert!(same
            .iter()
            .any(|c| c.ok.is_none() && c.text.contains("--cluster-name demo")));
    }

    fn explained(text: &str, now: &str) -> String {
        let opts = crate::core::report::Options {
            now: crate::core::time::parse_rfc3339(now),
        };
        let report = crate::core::analyze(text, &opts);
        crate::core::render::explanation_text(&report)
    }

    /// A token signed at 2026-11-25T19:28:16Z, accepted until 19:43:16Z.
    const TOKEN: &str = include_str!("../../../tests/fixtures/token/get-token-us-west-2.token");

    #[test]
    fn an_expired_token_is_not_called_live() {
        let text = explained(TOKEN, "2026-11-25T20:43:16Z");
        assert!(
            text.contains("!! This token expired at 2026-11-25T19:43:16Z (1 hour ago): STS, and so EKS, no longer accept it."),
            "{text}"
        );
        assert!(!text.contains("live credential"), "{text}");
        // Step 1 denies it, so step 2 is said not to happen.
        assert!(
            text.contains("Server side, step 2 — not reached (step 1 denies the request)."),
            "{text}"
        );
        let wrapped = format!(
            "{{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"spec\":{{}},\"status\":{{\"expirationTimestamp\":\"2026-11-25T19:42:16Z\",\"token\":\"{}\"}}}}",
            TOKEN.trim()
        );
        assert!(explained(&wrapped, "2026-11-25T20:43:16Z").contains("!! This token expired at"));
    }

    #[test]
    fn a_valid_token_is_a_live_credential() {
        let text = explained(TOKEN, "2026-11-25T19:30:00Z");
        assert!(text.contains(BANNER), "{text}");
        assert!(
            text.contains("Server side, step 2 — the authenticator replays the URL against STS"),
            "{text}"
        );
    }
}
