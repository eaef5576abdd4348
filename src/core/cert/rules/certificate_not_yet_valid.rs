use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT011",
    name: "certificate-not-yet-valid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A certificate is not valid yet (its Not Before is in the future).",
    what: "Flags every certificate whose `Not Before` is after now. Without a clock, time is not judged.",
    why: "Until its start date the certificate is rejected exactly like an expired one. It happens when the \
          issuing machine's clock is ahead, when a certificate was issued for a planned rotation, or when the \
          checking machine's clock is behind (a VM resumed from a snapshot, a laptop without NTP).",
    example: include_str!("../../../../tests/fixtures/certs/client-not-yet-valid.pem"),
    fixed: include_str!("../../../../tests/fixtures/certs/client-jane-ec.pem"),
    fix_summary: "Check the clocks involved (`date -u`); use the certificate from its start date, or reissue it.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    report_validity(
        cx,
        sink,
        &RULE,
        "is not valid before",
        |v| (v.now < v.not_before).then_some(v.not_before),
        |role| format!(": until then {}.", invalid_time_consequence(role)),
        false,
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_at_the_certificate() {
        assert_eq!(lines_of("CRT011", super::RULE.example), vec![1]);
        let m = &messages_of("CRT011", super::RULE.example)[0];
        assert!(
            m.contains("not valid before 2026-06-01T00:00:00Z (in 5 months)"),
            "{m}"
        );
    }

    #[test]
    fn quiet_for_a_current_certificate() {
        assert!(lines_of("CRT011", super::RULE.fixed).is_empty());
    }
}
