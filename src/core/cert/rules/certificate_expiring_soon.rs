use super::prelude::*;

/// How far ahead expiry is announced.
pub const WINDOW_DAYS: i64 = 30;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT012",
    name: "certificate-expiring-soon",
    severity: Severity::Warning,
    category: Category::Hygiene,
    domain: Domain::Certificate,
    summary: "A certificate expires within 30 days.",
    what: "Flags every certificate that is valid now and whose `Not After` is less than 30 days away. Without a \
           clock, time is not judged.",
    why: "When it lapses, access stops at once: the API server answers `Unauthorized` to an expired client \
          certificate and kubectl rejects a server signed by an expired CA. Renewing ahead avoids an outage; \
          `kubeadm certs check-expiration` lists every kubeadm-managed certificate.",
    example: include_str!("../../../../tests/fixtures/certs/client-expiring-soon.pem"),
    fixed: include_str!("../../../../tests/fixtures/certs/client-jane-ec.pem"),
    fix_summary: "Renew the certificate before it expires and replace it where it is used.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    report_validity(
        cx,
        sink,
        &RULE,
        "expires on",
        |v| {
            let soon = v.not_after.saturating_sub(v.now) <= WINDOW_DAYS * 86_400;
            (v.not_before <= v.now && v.now <= v.not_after && soon).then_some(v.not_after)
        },
        |_| ".".into(),
        true,
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_at_the_certificate() {
        assert_eq!(lines_of("CRT012", super::RULE.example), vec![1]);
        let m = &messages_of("CRT012", super::RULE.example)[0];
        assert!(
            m.contains("expires on 2026-01-15T00:00:00Z (in 14 days)"),
            "{m}"
        );
    }

    #[test]
    fn quiet_for_a_certificate_with_months_left() {
        assert!(lines_of("CRT012", super::RULE.fixed).is_empty());
    }
}
