use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT023",
    name: "client-cert-without-common-name",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Certificate,
    summary: "A client certificate has no common name (CN), so it names no Kubernetes user.",
    what: "Flags client certificates whose subject has no CN, or an empty one.",
    why: "The API server takes the user name from the client certificate's CN. Without one the certificate \
          authenticates nobody: the request is refused with `error: You must be logged in to the server \
          (Unauthorized)` even though the certificate is valid and signed by the right CA.",
    example: include_str!("../../../../tests/fixtures/certs/client-no-cn.pem"),
    fixed: include_str!("../../../../tests/fixtures/certs/client-jane-ec.pem"),
    fix_summary: "Reissue the certificate with the user name as CN (`-subj \"/O=GROUP/CN=USER\"`).",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for (field, i, c) in super::client_certs(cx.a) {
        if c.summary
            .subject
            .common_name()
            .is_some_and(|cn| !cn.is_empty())
        {
            continue;
        }
        report_cert(
            sink,
            &RULE,
            field,
            i,
            RULE.severity,
            format!(
                "{} has no common name (CN): the API server takes the user name from the CN, so this certificate authenticates nobody (`Unauthorized`).",
                cert_label(field, i)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_at_the_certificate() {
        assert_eq!(lines_of("CRT023", super::RULE.example), vec![1]);
    }

    #[test]
    fn quiet_with_a_common_name() {
        assert!(lines_of("CRT023", super::RULE.fixed).is_empty());
    }
}
