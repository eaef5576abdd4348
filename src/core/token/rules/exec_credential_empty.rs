use crate::core::finding::{Category, Severity, Sink};
use crate::core::rule::{Domain, RuleMeta};
use crate::core::source::Path;
use crate::core::token::ExecCredentialCx;

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK016",
    name: "exec-credential-empty",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The ExecCredential has no usable credential: no status, no token, or a certificate without its key.",
    what: "Applies kubectl's own checks to a plugin's output: `status` must exist and hold a `token`, or both `clientCertificateData` and `clientKeyData`.",
    why: "kubectl refuses such output with `exec plugin didn't return a status field`, `…didn't return a token or cert/key pair` or `…returned only certificate or key, not both`, and the command fails before reaching the cluster. It usually means the plugin printed an error object or an empty template (for example `aws … --query` filtering the wrong field).",
    example: "{\n  \"kind\": \"ExecCredential\",\n  \"apiVersion\": \"client.authentication.k8s.io/v1beta1\",\n  \"spec\": {},\n  \"status\": {\n    \"expirationTimestamp\": \"2026-01-01T00:10:00Z\"\n  }\n}\n",
    fixed: "{\n  \"kind\": \"ExecCredential\",\n  \"apiVersion\": \"client.authentication.k8s.io/v1beta1\",\n  \"spec\": {},\n  \"status\": {\n    \"expirationTimestamp\": \"2026-01-01T00:10:00Z\",\n    \"token\": \"ya29.a0EXAMPLE-not-a-real-token\"\n  }\n}\n",
    fix_summary: "Make the plugin print `status.token` (or both certificate and key); run it by hand to see its error.",
};

pub fn check(cx: &ExecCredentialCx, sink: &mut Sink) {
    let Some(st) = &cx.ec.status else {
        sink.report(
            &RULE,
            Path::root(),
            "This ExecCredential has no `status`; kubectl fails with `exec plugin didn't return a status field`.",
        );
        return;
    };
    let path = Path::root().k("status");
    match (st.token().is_some(), st.has_cert(), st.has_key()) {
        (false, false, false) => {
            sink.report(
                &RULE,
                path,
                "`status` holds neither a token nor a client certificate and key; kubectl fails with `exec plugin didn't return a token or cert/key pair`.",
            );
        }
        (_, true, false) | (_, false, true) => {
            sink.report(
                &RULE,
                path,
                "`status` holds only one of `clientCertificateData` and `clientKeyData`; kubectl fails with `exec plugin returned only certificate or key, not both`.",
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings_at;
    use crate::core::registry::DOC_NOW;

    #[test]
    fn fires_on_the_status_line() {
        assert_eq!(
            findings_at(super::RULE.example, DOC_NOW),
            vec![("TOK016", Some(5))]
        );
        assert!(findings_at(super::RULE.fixed, DOC_NOW).is_empty());
    }
}
