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
        |role| format!(": {}.", invalid_time_consequence(role)),
        true,
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of, messages_of};

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
    fn a_stale_ca_copy_in_client_certificate_data_is_named_as_one() {
        // Client certificate + the old, expired copy of a CA that was renewed
        // with the same key: the API server verifies against its own copy, so
        // this one is a warning about a copy, not "the API server rejects it".
        let kc = include_str!(
            "../../../../tests/fixtures/kubeconfig/kubeadm-admin-conf-stale-ca-in-client-data.yaml"
        );
        let f: Vec<_> = findings(kc)
            .into_iter()
            .filter(|f| f.0 == "CRT010")
            .collect();
        assert_eq!(f, vec![("CRT010", Some(20), "warning")]);
        let m = &messages_of("CRT010", kc)[0];
        assert!(
            m.starts_with("Certificate 2 of 2 (`kubernetes`) in client-certificate-data of user `kubernetes-admin` expired on 2025-12-01T00:00:00Z (31 days ago): kubectl sends this CA along with the client certificate, but the API server checks the client certificate against its own client CA"),
            "{m}"
        );
        assert!(!m.contains("the API server rejects it"), "{m}");
        let report = crate::core::testing::detected(kc);
        let help = &report.iter().find(|f| f.code() == "CRT010").unwrap().help;
        assert!(
            help.starts_with("Remove this CA from client-certificate-data"),
            "{help}"
        );
    }

    #[test]
    fn no_clock_no_judgement() {
        let (f, _) = crate::core::cert::analyze(super::RULE.example, &Default::default());
        assert!(f.iter().all(|f| f.code() != "CRT010"));
    }
}
