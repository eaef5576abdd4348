use crate::core::finding::{Category, Severity, Sink};
use crate::core::rule::{Domain, RuleMeta};
use crate::core::source::{Path, Pos};

pub static RULE: RuleMeta = RuleMeta {
    code: "TOK017",
    name: "exec-credential-text-output",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "`aws eks get-token` printed the AWS CLI's text format, which kubectl cannot read.",
    what: "Recognises an ExecCredential rendered by the AWS CLI as text \
           (`client.authentication.k8s.io/v1beta1<TAB>ExecCredential`, then `STATUS<TAB>expiration<TAB>token`) \
           and explains the token in it.",
    why: "kubectl parses an exec plugin's standard output as an ExecCredential object, so text fails before any \
          request is sent: `getting credentials: decoding stdout: couldn't get version/kind; json parse error` \
          (kubectl 1.32). `aws eks get-token` prints text when run with `--output text`, or when the AWS profile \
          says `output = text` or `AWS_DEFAULT_OUTPUT=text` is set: it follows the CLI's output setting, which \
          is why `aws eks update-kubeconfig` writes `--output json` into the exec arguments.",
    example: "client.authentication.k8s.io/v1beta1\tExecCredential\nSTATUS\t2026-01-01T00:09:00Z\tk8s-aws-v1.aHR0cHM6Ly9zdHMudXMtd2VzdC0yLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BS0lBSU9TRk9ETk43RVhBTVBMRSUyRjIwMjUxMjMxJTJGdXMtd2VzdC0yJTJGc3RzJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNTEyMzFUMjM1NTAwWiZYLUFtei1FeHBpcmVzPTYwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCUzQngtazhzLWF3cy1pZCZYLUFtei1TaWduYXR1cmU9MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA\n",
    fixed: "{\"kind\": \"ExecCredential\", \"apiVersion\": \"client.authentication.k8s.io/v1beta1\", \"spec\": {}, \"status\": {\"expirationTimestamp\": \"2026-01-01T00:09:00Z\", \"token\": \"k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtd2VzdC0yLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BS0lBSU9TRk9ETk43RVhBTVBMRSUyRjIwMjUxMjMxJTJGdXMtd2VzdC0yJTJGc3RzJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNTEyMzFUMjM1NTAwWiZYLUFtei1FeHBpcmVzPTYwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCUzQngtazhzLWF3cy1pZCZYLUFtei1TaWduYXR1cmU9MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA\"}}\n",
    fix_summary: "Add `--output json` to the exec arguments (as `aws eks update-kubeconfig` writes them), or set `output = json` in the AWS profile.",
};

/// Reports text output at its first line.
pub fn check(sink: &mut Sink) {
    sink.report(
        &RULE,
        Path::root(),
        "This is `aws eks get-token` output in the AWS CLI's text format, not ExecCredential JSON: as an exec \
         plugin's output, kubectl fails with `getting credentials: decoding stdout: couldn't get version/kind; \
         json parse error` before sending any request.",
    )
    .at(Some(Pos::new(1, 1)))
    .with_help(
        "Add `--output json` to the exec arguments (`aws eks update-kubeconfig` writes them so), or set \
         `output = json` in the AWS profile: `aws eks get-token` follows the profile's output format.",
    );
}

#[cfg(test)]
mod tests {
    use crate::core::registry::DOC_NOW;
    use crate::core::{analyze, InputKind, Options};

    #[test]
    fn text_output_is_detected_reported_and_its_token_explained() {
        let text = include_str!("../../../../tests/fixtures/token/get-token-output-text.stdout");
        let report = analyze(text, &Options { now: Some(DOC_NOW) });
        assert_eq!(report.kind, InputKind::ExecCredential);
        let f: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code() == "TOK017")
            .collect();
        assert_eq!(f.len(), 1, "{:?}", report.findings);
        assert_eq!((f[0].line(), f[0].column()), (Some(1), Some(1)));
        assert!(f[0]
            .message
            .starts_with("This is `aws eks get-token` output in the AWS CLI's text format"));
        // What the token's own checks say points at its line.
        let dated = report.findings.iter().find(|f| f.code() == "TOK002");
        assert_eq!(
            dated.and_then(|f| f.line()),
            Some(2),
            "{:?}",
            report.findings
        );
        let shown = crate::core::render::explanation_text(&report);
        assert!(shown.contains("EKS token — "), "{shown}");
        assert!(shown.contains("Signed with key: AKIA"), "{shown}");
        let token = text.split('\t').next_back().unwrap_or("").trim();
        assert!(!shown.contains(token) && !format!("{:?}", report.findings).contains(token));
    }

    #[test]
    fn json_output_is_not_text_output() {
        let text = super::RULE.fixed;
        let report = analyze(text, &Options { now: Some(DOC_NOW) });
        assert!(report.findings.iter().all(|f| f.code() != "TOK017"));
        assert!(crate::core::token::exec_credential::from_text_output(text).is_none());
        assert!(
            crate::core::token::exec_credential::from_text_output("a\tExecCredential\n").is_none()
        );
    }
}
