//! EKS bearer tokens and `ExecCredential` output: decode the presigned STS URL,
//! run every check the server side makes (the EKS authenticator, then STS),
//! report failures as findings, and explain the token in words.
//!
//! A token is a live credential: nothing here keeps or shows its signature,
//! session token or full access key ID.

pub mod checks;
pub mod decode;
pub mod exec_credential;
pub mod rules;
pub mod sts;
mod view;

pub use view::{cross_check, CrossCheck, ExecCredentialView, TokenExplanation, TokenView};

use super::deadline::Deadline;
use super::finding::{Finding, Sink};
use super::input::Start;
use super::report::{Explanation, Options};
use super::source::{Path, Pos};
use super::yamlpos::{DocLocator, PosTree};
use super::UnixTime;
use decode::{DecodeError, DecodedToken};
use exec_credential::ExecCredential;

/// What every token check gets to look at.
pub struct TokenCx<'a> {
    /// The token as given (trimmed).
    pub token: &'a str,
    pub decoded: Result<DecodedToken, DecodeError>,
    /// The partition of the cluster the token is for: given by the caller when a
    /// kubeconfig says, otherwise read from the token's own host or scope.
    pub partition: &'static str,
    /// Where `partition` comes from, in words.
    pub partition_source: &'static str,
    pub now: Option<UnixTime>,
}

impl<'a> TokenCx<'a> {
    /// Decodes `token`; `partition` is the cluster's, when known.
    pub fn new(token: &'a str, partition: Option<&'static str>, now: Option<UnixTime>) -> Self {
        let decoded = decode::decode(token);
        let (partition, partition_source) = match partition {
            Some(p) => (p, "the cluster's endpoint"),
            None => infer_partition(decoded.as_ref().ok()),
        };
        TokenCx {
            token,
            decoded,
            partition,
            partition_source,
            now,
        }
    }
}

fn infer_partition(t: Option<&DecodedToken>) -> (&'static str, &'static str) {
    if let Some(t) = t {
        if let Some(h) = sts::classify_host(&t.host) {
            if h != sts::StsHost::Global {
                return (h.partition(), "the token's STS host");
            }
        }
        if let Some(s) = &t.scope {
            if sts::region_syntax_ok(&s.region) {
                return (
                    sts::partition_of_region(&s.region),
                    "the token's credential scope",
                );
            }
        }
    }
    ("aws", "assumed (no cluster given)")
}

/// What the ExecCredential rules get to look at.
pub struct ExecCredentialCx<'a> {
    pub ec: &'a ExecCredential,
    pub now: Option<UnixTime>,
}

/// Runs every check on a token and reports the failures at `at`.
pub fn check_token(cx: &TokenCx, at: Path, sink: &mut Sink) -> TokenView {
    let outcomes = checks::run(cx);
    for o in &outcomes {
        if let rules::Verdict::Fail { message, .. } = &o.verdict {
            sink.report(o.rule, at.clone(), message.clone());
        }
    }
    TokenView {
        length: cx.token.len(),
        decoded: cx.decoded.clone(),
        partition: cx.partition,
        partition_source: cx.partition_source,
        checks: outcomes,
        now: cx.now,
    }
}

/// Feeds `deadline` the instants at which a token's checks and description
/// change: its date and the end of its 15 minutes (judged, and shown relative
/// to now), and the moment it stops being "dated in the future" (judged only).
fn watch_token(deadline: &mut Deadline, view: &TokenView) {
    let Some(date) = view.decoded.as_ref().ok().and_then(DecodedToken::date) else {
        return;
    };
    deadline.watch(date);
    deadline.watch(date.saturating_add(decode::VALIDITY_SECS));
    deadline.threshold(date.saturating_sub(rules::token_date_in_future::SKEW));
}

/// Analyses a pasted token (`k8s-aws-v1.…`), and says when the report stops
/// being true ([`Report::valid_until`](super::Report::valid_until)).
pub fn analyze_token(text: &str, opts: &Options) -> (Vec<Finding>, Explanation, Option<UnixTime>) {
    let token = text.trim_start_matches('\u{feff}').trim();
    let cx = TokenCx::new(token, None, opts.now);
    let mut sink = Sink::new(&Start);
    let view = check_token(&cx, Path::root(), &mut sink);
    let mut deadline = Deadline::new(opts.now);
    watch_token(&mut deadline, &view);
    (
        sink.into_findings(),
        Explanation::Token(Box::new(TokenExplanation::Token(view))),
        deadline.next(),
    )
}

/// Analyses an `ExecCredential` (JSON or YAML), decoding its token if it is an
/// EKS one, and says when the report stops being true: its
/// `expirationTimestamp`, and its token's instants.
pub fn analyze_exec_credential(
    text: &str,
    opts: &Options,
) -> (Vec<Finding>, Explanation, Option<UnixTime>) {
    // `aws eks get-token` under a profile with `output = text`.
    let text_output = exec_credential::from_text_output(text);
    let ec: ExecCredential = match text_output
        .clone()
        .map_or_else(|| serde_yaml::from_str(text), Ok)
    {
        Ok(ec) => ec,
        Err(e) => {
            return (
                vec![super::input::yaml_error(text, &e)],
                Explanation::None,
                None,
            )
        }
    };
    let tree = PosTree::new(text);
    let locator = DocLocator {
        tree: &tree,
        doc: 0,
    };
    let mut sink = Sink::new(&locator);
    let ecx = ExecCredentialCx {
        ec: &ec,
        now: opts.now,
    };
    if text_output.is_some() {
        rules::exec_credential_text_output::check(&mut sink);
    }
    rules::exec_credential_expired::check(&ecx, &mut sink);
    rules::exec_credential_empty::check(&ecx, &mut sink);
    let status = ec.status.clone().unwrap_or_default();
    let token = status
        .token()
        .filter(|t| t.starts_with(decode::PREFIX))
        .map(|t| {
            let cx = TokenCx::new(t, None, opts.now);
            check_token(&cx, Path::root().k("status").k("token"), &mut sink)
        });
    let view = ExecCredentialView::new(&ec, token, opts.now);
    let mut deadline = Deadline::new(opts.now);
    if let Some(t) = view.expiration_at {
        deadline.watch(t);
    }
    if let Some(token) = &view.token {
        watch_token(&mut deadline, token);
    }
    let mut findings = sink.into_findings();
    if text_output.is_some() {
        // The text has no YAML positions: what is about `status` is on its line.
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with("STATUS\t"));
        let at = line
            .and_then(|n| u32::try_from(n + 1).ok())
            .map(|n| Pos::new(n, 1));
        for f in &mut findings {
            if f.location.path.to_string().starts_with("status") {
                f.location.pos = at.or(f.location.pos);
            }
        }
    }
    (
        findings,
        Explanation::Token(Box::new(TokenExplanation::ExecCredential(view))),
        deadline.next(),
    )
}

#[cfg(test)]
mod tests {
    use crate::core::{analyze, Options};

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/token/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn failing(name: &str, now: i64) -> Vec<&'static str> {
        analyze(&fixture(name), &Options { now: Some(now) })
            .findings
            .iter()
            .map(|f| f.code())
            .collect()
    }

    /// X-Amz-Date of every real fixture is 2026-11-25 around 19:28Z; five
    /// minutes later they pass every check.
    const SOON_AFTER: i64 = 1_795_634_896 + 5 * 60;

    #[test]
    fn real_tokens_pass_every_check_five_minutes_after_signing() {
        for name in [
            "get-token-us-west-2.json",
            "get-token-us-west-2.token",
            "get-token-session-eu-central-1.json",
            "get-token-legacy-global.json",
            "get-token-regional-us-east-1.json",
            "get-token-cn-north-1.json",
            "get-token-us-gov-west-1.json",
            "get-token-v1-exec-info.json",
        ] {
            assert!(
                failing(name, SOON_AFTER).is_empty(),
                "{name}: {:?}",
                failing(name, SOON_AFTER)
            );
        }
    }

    #[test]
    fn real_tokens_decode_to_the_right_host_region_and_key() {
        use super::decode::decode;
        use crate::core::token::exec_credential::ExecCredential;
        let cases = [
            (
                "get-token-us-west-2.json",
                "sts.us-west-2.amazonaws.com",
                "us-west-2",
                "AKIA",
                false,
            ),
            (
                "get-token-session-eu-central-1.json",
                "sts.eu-central-1.amazonaws.com",
                "eu-central-1",
                "ASIA",
                true,
            ),
            (
                "get-token-legacy-global.json",
                "sts.amazonaws.com",
                "us-east-1",
                "AKIA",
                false,
            ),
            (
                "get-token-regional-us-east-1.json",
                "sts.us-east-1.amazonaws.com",
                "us-east-1",
                "AKIA",
                false,
            ),
            (
                "get-token-cn-north-1.json",
                "sts.cn-north-1.amazonaws.com.cn",
                "cn-north-1",
                "AKIA",
                false,
            ),
            (
                "get-token-us-gov-west-1.json",
                "sts.us-gov-west-1.amazonaws.com",
                "us-gov-west-1",
                "AKIA",
                false,
            ),
        ];
        for (name, host, region, prefix, session) in cases {
            let ec: ExecCredential = serde_yaml::from_str(&fixture(name)).unwrap();
            let status = ec.status.unwrap();
            let t = decode(status.token().unwrap()).unwrap();
            assert_eq!(t.host, host, "{name}");
            let scope = t.scope.clone().unwrap();
            assert_eq!(scope.region, region, "{name}");
            assert_eq!(scope.date, "20261125", "{name}");
            assert_eq!(t.key.clone().unwrap().prefix, prefix, "{name}");
            assert_eq!(t.has_session_token, session, "{name}");
            assert_eq!(t.signed_headers(), vec!["host", "x-k8s-aws-id"], "{name}");
            assert!(
                t.get("X-Amz-Date").unwrap().starts_with("20261125T19"),
                "{name}"
            );
        }
    }

    #[test]
    fn tampered_tokens_fail_the_matching_check() {
        let cases = [
            ("tampered-action.token", "TOK010"),
            ("tampered-host.token", "TOK006"),
            ("tampered-expires.token", "TOK012"),
            ("tampered-unsigned-cluster-id.token", "TOK011"),
            ("tampered-duplicate-param.token", "TOK008"),
            ("tampered-unknown-param.token", "TOK009"),
            ("tampered-http.token", "TOK005"),
            ("tampered-path.token", "TOK007"),
            ("tampered-scope-region.token", "TOK014"),
            ("tampered-padded.token", "TOK004"),
        ];
        for (name, code) in cases {
            assert_eq!(failing(name, SOON_AFTER), vec![code], "{name}");
        }
        let cut = failing("truncated-copy.token", SOON_AFTER);
        assert!(
            cut.contains(&"TOK011") && cut.contains(&"TOK013"),
            "{cut:?}"
        );
    }

    #[test]
    fn no_output_ever_contains_the_signature_or_session_token() {
        let text = fixture("get-token-session-eu-central-1.json");
        let r = analyze(
            &text,
            &Options {
                now: Some(SOON_AFTER),
            },
        );
        let out = crate::core::render::explanation_text(&r)
            + &crate::core::render::check_text("x", &text, &r);
        for secret in [
            "0ce8bf6abdf17b3b",
            "IQoJb3JpZ2luX2Vj",
            "ASIAIOSFODNN7EXAMPLE",
            "aHR0cHM6",
        ] {
            assert!(!out.contains(secret), "{secret} leaked:\n{out}");
        }
    }
}
