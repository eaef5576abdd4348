use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT010",
    name: "certificate-expired",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A certificate's validity ended (its Not After is in the past).",
    what: "Flags every certificate whose `Not After` is before now — the browser's clock on the page, `--now` \
           (or the system clock) in the CLI. Without a clock, time is not judged.",
    why: "An expired client certificate is rejected by the API server (`error: You must be logged in to the \
          server (Unauthorized)`); an expired CA makes kubectl reject the server (`x509: certificate signed by \
          unknown authority`). kubeadm issues client certificates for one year, so admin.conf files stop \
          working a year after `kubeadm init` unless they are renewed.",
    example: include_str!("../../../../tests/fixtures/certs/client-expired.pem"),
    fixed: include_str!("../../../../tests/fixtures/certs/client-jane-ec.pem"),
    fix_summary: "Renew the certificate and replace it; check dates with `openssl x509 -noout -dates`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    report_validity(
        cx,
        sink,
        &RULE,
        "expired on",
        |v| (v.now > v.not_after).then_some(v.not_after),
        |kind| format!(": {}.", invalid_time_consequence(kind)),
        true,
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_at_the_certificate() {
        assert_eq!(lines_of("CRT010", super::RULE.example), vec![1]);
        let m = &messages_of("CRT010", super::RULE.example)[0];
        assert!(
            m.contains("expired on 2025-01-01T00:00:00Z (12 months ago)"),
            "{m}"
        );
    }

    #[test]
    fn quiet_for_a_current_certificate() {
        assert!(lines_of("CRT010", super::RULE.fixed).is_empty());
    }

    #[test]
    fn no_clock_no_judgement() {
        let (f, _) = crate::core::cert::analyze(super::RULE.example, &Default::default());
        assert!(f.iter().all(|f| f.code() != "CRT010"));
    }
}
