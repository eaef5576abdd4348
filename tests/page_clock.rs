//! The page's reducer keeps reports true while the tab stays open: when the
//! clock passes a report's `valid_until`, `Action::Tick` re-analyses that input
//! and nothing else, and keeps what the user had opened (the analysis keeps
//! its `view`; the tab, the revealed secrets stay).

use eksplain::core::{self, Options, Report, UnixTime};
use eksplain::ui::state::{Action, State, LARGE_RECHECK_SECS};
use std::rc::Rc;

const TOKEN: &str = include_str!("fixtures/token/get-token-us-west-2.token");

/// When STS stops accepting the fixture token: 15 minutes after its date.
fn token_end() -> UnixTime {
    core::token::decode::decode(TOKEN.trim())
        .unwrap()
        .date()
        .unwrap()
        + 15 * 60
}

fn codes(s: &State) -> Vec<&'static str> {
    let r = s.active_input().report().unwrap();
    r.findings.iter().map(|f| f.code()).collect()
}

/// The token analysed two minutes before it expires, with secrets revealed.
fn token_tab() -> State {
    State::default()
        .reduce(Action::Edit(TOKEN.into()))
        .reduce(Action::Analyze {
            now: Some(token_end() - 120),
            large: true,
        })
        .reduce(Action::ToggleReveal)
}

#[test]
fn a_token_turns_expired_in_an_open_tab_without_folding_the_page() {
    let end = token_end();
    let s = token_tab();
    assert!(!codes(&s).contains(&"TOK001"));
    let first = s.active_input().analysis.clone().unwrap();
    // "in 2 minutes" is due to read "in 1 minute" at end − 119.
    assert_eq!(s.next_deadline(), Some(end - 119));

    // Before the deadline, a tick changes nothing.
    let s = s.reduce(Action::Tick {
        now: end - 120,
        large: false,
    });
    assert!(Rc::ptr_eq(
        &first,
        s.active_input().analysis.as_ref().unwrap()
    ));

    // A second after the end: TOK001, in a new analysis of the same view.
    let s = s.reduce(Action::Tick {
        now: end + 1,
        large: false,
    });
    assert!(codes(&s).contains(&"TOK001"), "{:?}", codes(&s));
    let now = s.active_input().analysis.clone().unwrap();
    assert_ne!(now.seq, first.seq, "components see a new report");
    assert_eq!(
        now.view, first.view,
        "show-more counts and open lists are kept"
    );
    assert!(s.reveal_secrets && !s.active_input().is_stale());
    assert_eq!(s.active, 0);
    // Expired a second ago: "1 second ago" reads "2 seconds ago" next.
    assert_eq!(s.next_deadline(), Some(end + 2));

    // An edit starts a new view, as before.
    let s = s
        .reduce(Action::Edit(format!("{TOKEN}\n").into()))
        .reduce(Action::Analyze {
            now: Some(end + 5),
            large: true,
        });
    assert_ne!(s.active_input().analysis.as_ref().unwrap().view, first.view);
}

#[test]
fn only_due_inputs_are_reanalysed_and_inputs_being_edited_wait() {
    let end = token_end();
    let s = token_tab()
        .reduce(Action::AddInput)
        .reduce(Action::Edit("apiVersion: v1\nkind: Config\n".into()))
        .reduce(Action::Analyze {
            now: Some(end - 120),
            large: true,
        });
    let kubeconfig = s.inputs[1].analysis.clone().unwrap();
    assert_eq!(
        s.inputs[1].deadline(),
        None,
        "nothing in it depends on time"
    );
    let s = s.reduce(Action::Tick {
        now: end + 1,
        large: false,
    });
    assert!(Rc::ptr_eq(
        &kubeconfig,
        s.inputs[1].analysis.as_ref().unwrap()
    ));
    assert!(s.inputs[0]
        .report()
        .unwrap()
        .findings
        .iter()
        .any(|f| f.code() == "TOK001"));

    // While the token is being edited, the debounced analysis replaces its
    // report: no deadline, and a tick leaves it alone.
    let s = s
        .reduce(Action::Select(0))
        .reduce(Action::Edit("k8s-aws-v1.".into()));
    assert_eq!(s.next_deadline(), None);
    let before = s.inputs[0].analysis.clone().unwrap();
    let s = s.reduce(Action::Tick {
        now: end + 3600,
        large: true,
    });
    assert!(Rc::ptr_eq(&before, s.inputs[0].analysis.as_ref().unwrap()));
}

/// A large kubeconfig whose user holds a JWT that expires at `exp`.
fn big_kubeconfig_with_token(exp: UnixTime) -> String {
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let jwt = format!(
        "{}.{}.c2ln",
        b64(r#"{"alg":"RS256"}"#),
        b64(&format!(
            r#"{{"iss":"https://k.example","sub":"system:serviceaccount:a:b","exp":{exp}}}"#
        ))
    );
    let mut s = format!(
        "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: {jwt}\nclusters:\n"
    );
    while s.len() <= eksplain::ui::view_model::LARGE_INPUT_BYTES {
        s.push_str("- name: c\n  cluster:\n    server: https://k.example\n");
    }
    s
}

#[test]
fn large_inputs_are_rechecked_by_the_worker_without_progress() {
    let exp = 1_800_000_000;
    let big = big_kubeconfig_with_token(exp);
    let s = State::default()
        .reduce(Action::Edit(big.as_str().into()))
        .reduce(Action::Analyze {
            now: Some(exp - 1),
            large: true,
        });
    let first = s.active_input().analysis.clone().unwrap();
    assert_eq!(s.next_deadline(), Some(exp));
    // Without `large`, the page leaves it to the worker.
    let s = s.reduce(Action::Tick {
        now: exp,
        large: false,
    });
    assert!(Rc::ptr_eq(
        &first,
        s.active_input().analysis.as_ref().unwrap()
    ));
    let (id, rev) = (s.active_input().id, s.active_input().revision);
    let s = s.reduce(Action::Recheck {
        input_id: id,
        revision: rev,
        now: exp,
    });
    assert!(!s.analyzing, "a re-check shows no progress");
    assert_eq!(s.next_deadline(), None, "not handed out twice");
    let report: Report = core::analyze(&big, &Options { now: Some(exp) });
    assert!(report
        .findings
        .iter()
        .any(|f| f.message.contains("expired")));
    let s = s.reduce(Action::Analyzed {
        input_id: id,
        revision: rev,
        report: Box::new(report),
        preview: false,
    });
    let now = s.active_input().analysis.clone().unwrap();
    assert_eq!(now.view, first.view);
    // The report now changes every second ("expired 1 second ago"), but a large
    // input is re-checked at most once a minute.
    assert_eq!(now.report.valid_until, Some(exp + 1));
    assert_eq!(s.next_deadline(), Some(exp + LARGE_RECHECK_SECS));

    // When the worker fails, the page re-checks large inputs itself.
    let s = s
        .reduce(Action::Recheck {
            input_id: id,
            revision: rev,
            now: exp + LARGE_RECHECK_SECS,
        })
        .reduce(Action::WorkerFailed);
    assert!(s.next_deadline().is_some());
    let due = s.next_deadline().unwrap();
    assert_eq!(due, exp + 2 * LARGE_RECHECK_SECS);
    let s = s.reduce(Action::Tick {
        now: due,
        large: true,
    });
    assert_ne!(s.active_input().analysis.as_ref().unwrap().seq, now.seq);
}
