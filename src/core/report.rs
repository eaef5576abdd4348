//! The report: what an input is, what eksplain found, and the explanation the
//! page and `eksplain explain` show.

use super::detect::{detect, InputKind};
use super::finding::Finding;
use super::{awsauth, cert, input, jwt, kubeconfig, oidc, policy, serviceaccount, token, UnixTime};

/// Analysis settings. The clock is an argument: the page passes the browser's
/// time, the CLI its `--now` (or the system clock, read in the binary).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub now: Option<UnixTime>,
}

/// Everything eksplain has to say about one input.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Report {
    /// What the input was analysed as.
    pub kind: InputKind,
    /// What detection thought it was (differs from `kind` when overridden).
    pub detected: InputKind,
    pub findings: Vec<Finding>,
    pub explanation: Explanation,
    /// The first instant after `Options.now` at which analysing the same text
    /// again gives a different report (a token expires, a certificate enters
    /// its last 30 days, "in 5 minutes" becomes "in 4 minutes"); `None` when
    /// nothing in the report depends on the clock, or no clock was given. See
    /// [`super::deadline`]. [`check`] leaves it `None` for a kubeconfig, whose
    /// certificates it judges without building the explanation.
    pub valid_until: Option<UnixTime>,
}

/// The structured explanation of an input; one variant per kind of input.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum Explanation {
    None,
    Kubeconfig(Box<kubeconfig::Overview>),
    /// An EKS token or an ExecCredential.
    Token(Box<token::TokenExplanation>),
    /// The aws-auth ConfigMap.
    AwsAuth(Box<awsauth::AwsAuthView>),
    OidcProvider(Box<oidc::Overview>),
    Jwt(Box<jwt::Overview>),
    ServiceAccount(Box<serviceaccount::Overview>),
    TrustPolicy(Box<policy::TrustPolicyView>),
    Certificates(Box<cert::Certificates>),
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(super::Severity::Error)
    }
    pub fn count(&self, severity: super::Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Detects what `text` is and analyses it.
pub fn analyze(text: &str, opts: &Options) -> Report {
    let kind = detect(text);
    analyze_detected(text, kind, kind, opts, None)
}

/// Analyses `text` as `kind`, whatever detection says.
pub fn analyze_as(text: &str, kind: InputKind, opts: &Options) -> Report {
    analyze_detected(text, kind, detect(text), opts, None)
}

/// How many credential flows, context stories and certificate cards the
/// preview of [`analyze_with_preview`] holds: as many as the page shows of
/// each list before "Show more", and one more when the list goes on (so that
/// a list of exactly this many is not taken for a cut one).
pub const PREVIEW_ITEMS: usize = 50;

/// [`analyze`] (or [`analyze_as`], when `kind` is given) for the page's analysis
/// worker, which shows a large kubeconfig before its whole report is built. When
/// the kubeconfig has more contexts, clusters or users than [`PREVIEW_ITEMS`],
/// `preview` first gets a report with every finding and an overview whose
/// credential flows, stories and certificate cards stop one past
/// [`PREVIEW_ITEMS`] (the first ones of the whole report's, in the same order; `valid_until` is
/// `None`); building the rest takes several times as long as the findings on
/// a large file. The return value is the whole report, exactly [`analyze_as`]'s.
/// `preview` may take the report's lists out while it has it, but must put
/// them back.
pub fn analyze_with_preview(
    text: &str,
    kind: Option<InputKind>,
    opts: &Options,
    preview: &mut dyn FnMut(&mut Report),
) -> Report {
    let detected = detect(text);
    analyze_detected(
        text,
        kind.unwrap_or(detected),
        detected,
        opts,
        Some(preview),
    )
}

/// Like [`analyze`] without the explanation where building it is costly (a
/// kubeconfig's stories and exec flows): for `eksplain check`, which prints
/// findings only. The findings are exactly [`analyze`]'s.
pub fn check(text: &str, opts: &Options) -> Report {
    let kind = detect(text);
    check_detected(text, kind, kind, opts)
}

/// [`check`] with the kind chosen by hand.
pub fn check_as(text: &str, kind: InputKind, opts: &Options) -> Report {
    check_detected(text, kind, detect(text), opts)
}

fn check_detected(text: &str, kind: InputKind, detected: InputKind, opts: &Options) -> Report {
    match kind {
        InputKind::Kubeconfig => Report {
            kind,
            detected,
            findings: kubeconfig::findings(text, opts),
            explanation: Explanation::None,
            valid_until: None,
        },
        _ => analyze_detected(text, kind, detected, opts, None),
    }
}

/// Detection reads the whole text: done once, by the caller. With `preview`,
/// a large kubeconfig is previewed first ([`analyze_with_preview`]).
fn analyze_detected(
    text: &str,
    kind: InputKind,
    detected: InputKind,
    opts: &Options,
    preview: Option<&mut dyn FnMut(&mut Report)>,
) -> Report {
    // The analyses that judge times against the clock return their deadline too.
    let timeless = |(f, e)| (f, e, None);
    // Deep flow nesting makes serde_yaml quadratic (100,000 `[` take a
    // minute): refused before any analysis parses YAML, as the kubeconfig
    // analysis does itself. A JSON trust policy goes to eksplain's own JSON
    // reader, which is linear and says how deep is too deep.
    let json_policy = kind == InputKind::TrustPolicy
        && text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{');
    let deep = match kind {
        InputKind::Empty | InputKind::Kubeconfig => None,
        _ if json_policy => None,
        _ => input::rules::nesting_too_deep::check(text),
    };
    let (findings, explanation, valid_until) = match kind {
        _ if deep.is_some() => (deep.into_iter().collect(), Explanation::None, None),
        InputKind::Empty => (Vec::new(), Explanation::None, None),
        InputKind::Kubeconfig => match preview {
            None => kubeconfig::analyze_timed(text, opts),
            Some(preview) => {
                let mut show = |findings: Vec<Finding>, head: kubeconfig::Overview| {
                    let mut report = Report {
                        kind,
                        detected,
                        findings,
                        explanation: Explanation::Kubeconfig(Box::new(head)),
                        valid_until: None,
                    };
                    preview(&mut report);
                    // `preview` must leave the report as it got it; if it did
                    // not, the whole overview is built afresh, not from a broken one.
                    let head = match std::mem::replace(&mut report.explanation, Explanation::None) {
                        Explanation::Kubeconfig(o) => Some(*o),
                        _ => None,
                    };
                    (std::mem::take(&mut report.findings), head)
                };
                kubeconfig::analyze_previewed(text, opts, Some(&mut show))
            }
        },
        InputKind::EksToken => token::analyze_token(text, opts),
        InputKind::ExecCredential => token::analyze_exec_credential(text, opts),
        InputKind::AwsAuth => timeless(awsauth::analyze(text, opts)),
        InputKind::OidcProvider => timeless(oidc::analyze(text, opts)),
        InputKind::Jwt => jwt::analyze_timed(text, opts),
        InputKind::ServiceAccount => timeless(serviceaccount::analyze(text, opts)),
        InputKind::TrustPolicy => timeless(policy::analyze(text, opts)),
        InputKind::Certificate => cert::analyze_timed(text, opts),
        _ => (vec![input::unknown_input(text)], Explanation::None, None),
    };
    Report {
        kind,
        detected,
        findings,
        explanation,
        valid_until,
    }
}
