//! A report says when it stops being true (`Report::valid_until`): the page
//! re-analyses at that instant, so a tab left open never shows an expired
//! token as valid. Here, for every fixture and several clocks: the report stays
//! exactly the same until its deadline (no comparison with the clock was left
//! out), a report without a deadline never changes, and following the
//! deadlines moves forward.

use eksplain::core::time::format_rfc3339;
use eksplain::core::{analyze, input, registry, Options, Report, UnixTime};
use std::path::{Path, PathBuf};

fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("expected") | Some("md") | Some("json5") | Some("probes")
            ) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn at(text: &str, now: UnixTime) -> Report {
    analyze(text, &Options { now: Some(now) })
}

/// Everything the page and the CLI can show of a report made at `now`, without
/// the clock itself: views keep `now` to word their text, and a finding may
/// quote the clock it judged against ("ahead of the current time (…)"), an
/// "as of" stamp that stays true (see `core::deadline`). And without the deadline.
fn shown(r: &Report, now: UnixTime) -> String {
    let debug = format!(
        "{:?}",
        Report {
            valid_until: None,
            ..r.clone()
        }
    )
    .replace(
        &format!("current time ({})", format_rfc3339(now)),
        "current time (<now>)",
    );
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(i) = rest.find("now: Some(") {
        out.push_str(&rest[..i]);
        out.push_str("now: _");
        rest = &rest[i + "now: Some(".len()..];
        rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
        rest = rest.strip_prefix(')').unwrap_or(rest);
    }
    out.push_str(rest);
    out
}

const DAY: i64 = 86_400;

#[test]
fn every_fixture_report_holds_until_its_deadline() {
    let starts = [
        registry::DOC_NOW,
        registry::DOC_NOW - 3 * 365 * DAY,
        registry::DOC_NOW - 20 * DAY,
    ];
    let mut timed = 0;
    let mut failures = Vec::new();
    for path in fixture_files() {
        let text = input::decode_bytes(&std::fs::read(&path).unwrap());
        let name = path.display();
        for start in starts {
            let mut now = start;
            let mut report = at(&text, now);
            // Follow a few deadlines: each one is after the clock, and the
            // report at every instant before it reads as at the clock.
            for _ in 0..6 {
                let seen = shown(&report, now);
                let Some(due) = report.valid_until else {
                    for later in [now + 1, now + DAY, now + 400 * DAY, now + 60 * 365 * DAY] {
                        if shown(&at(&text, later), later) != seen {
                            failures
                                .push(format!("{name}: no deadline at {now}, changed by {later}"));
                        }
                    }
                    break;
                };
                timed += 1;
                if due <= now {
                    failures.push(format!("{name}: deadline {due} not after {now}"));
                    break;
                }
                for before in [now + 1, now + (due - now) / 2, due - 1] {
                    if before < due && shown(&at(&text, before), before) != seen {
                        failures.push(format!(
                            "{name}: deadline {due} at {now}, changed by {before}"
                        ));
                    }
                }
                now = due;
                report = at(&text, now);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        timed > 100,
        "only {timed} timed reports: the fixtures lost their times?"
    );
}

#[test]
fn a_report_without_times_has_no_deadline() {
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    assert_eq!(at(policy, registry::DOC_NOW).valid_until, None);
    let kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://example.com\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, c]\n";
    assert_eq!(at(kubeconfig, registry::DOC_NOW).valid_until, None);
    // Without a clock, time is not judged: nothing to re-check.
    let token = fixture("token/get-token-us-west-2.token");
    assert_eq!(analyze(&token, &Options { now: None }).valid_until, None);
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn codes(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code()).collect()
}

#[test]
fn an_eks_token_is_rechecked_the_second_it_expires() {
    let text = fixture("token/get-token-us-west-2.token");
    let date = eksplain::core::token::decode::decode(text.trim())
        .unwrap()
        .date()
        .unwrap();
    // Accepted for 15 minutes: still valid at `until`, expired one second later.
    let until = date + 15 * 60;
    let valid = at(&text, until - 5 * 60);
    assert!(!codes(&valid).contains(&"TOK001"));
    // "in 5 minutes" reads "in 4 minutes" one second later.
    assert_eq!(valid.valid_until, Some(until - 5 * 60 + 1));
    assert_eq!(at(&text, until).valid_until, Some(until + 1));
    assert!(!codes(&at(&text, until)).contains(&"TOK001"));
    assert!(codes(&at(&text, until + 1)).contains(&"TOK001"));
}

#[test]
fn a_jwt_is_rechecked_at_its_exp() {
    let text = fixture("jwt/irsa-expired.jwt");
    let exp = eksplain::core::jwt::claims_of(&text).unwrap().exp.unwrap();
    let before = at(&text, exp - 1);
    assert!(!codes(&before).contains(&"JWT004"));
    assert_eq!(before.valid_until, Some(exp));
    assert!(codes(&at(&text, exp)).contains(&"JWT004"));
}

#[test]
fn a_certificate_is_rechecked_at_its_warning_window_and_its_not_after() {
    let text = fixture("certs/client-expiring-soon.pem");
    let eksplain::core::Explanation::Certificates(c) = &at(&text, 0).explanation else {
        panic!("not certificates");
    };
    let not_after = c.card.certs[0].summary.not_after;
    let window = not_after - 30 * DAY;
    // A second before the window opens, the window is next ("in 30 days"
    // reads the same until a second after it).
    assert_eq!(at(&text, window - 1).valid_until, Some(window));
    assert!(!codes(&at(&text, window - 1)).contains(&"CRT012"));
    assert!(codes(&at(&text, window)).contains(&"CRT012"));
    assert_eq!(at(&text, not_after).valid_until, Some(not_after + 1));
    assert!(codes(&at(&text, not_after + 1)).contains(&"CRT010"));
}
