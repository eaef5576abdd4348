use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "EXE007",
    name: "exec-output-not-exec-credential",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Exec,
    summary: "The token plugin is told to print something other than ExecCredential JSON.",
    what: "Flags `aws eks get-token` with `--output text|table` or `--query`, `AWS_DEFAULT_OUTPUT` set to anything but json in the entry's env, and `aws-iam-authenticator token --token-only`. `--output yaml` is a warning: kubectl reads YAML, but only AWS CLI v2 prints it.",
    why: "kubectl parses the plugin's stdout as an ExecCredential; text, a table, a bare token or a filtered object fails with `decoding stdout: couldn't get version/kind; json parse error` before any request is sent. (A profile with `output = text` does the same, which is why eksctl writes `--output json` explicitly.)",
    example: eks_kubeconfig!("      command: aws\n      args: [--region, us-west-2, eks, get-token, --cluster-name, demo, --output, text]\n"),
    fixed: eks_kubeconfig!("      command: aws\n      args: [--region, us-west-2, eks, get-token, --cluster-name, demo, --output, json]\n"),
    fix_summary: "Let the plugin print its ExecCredential JSON: use `--output json`, drop `--query` / `--token-only`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for u in exec_users(cx).iter() {
        let (path, what) = match &u.plugin {
            Plugin::AwsEksGetToken(a) => {
                if let Some(o) = a
                    .output
                    .as_ref()
                    .filter(|o| !o.value.eq_ignore_ascii_case("json"))
                {
                    (arg_path(cx, u, o.index), format!("`--output {}`", o.value))
                } else if let Some(q) = &a.query {
                    (arg_path(cx, u, q.index), format!("`--query {}`", q.value))
                } else if let Some((v, i)) = env(u.exec, "AWS_DEFAULT_OUTPUT")
                    .filter(|(v, _)| !v.eq_ignore_ascii_case("json"))
                {
                    (env_path(cx, u, i), format!("AWS_DEFAULT_OUTPUT={v}"))
                } else {
                    continue;
                }
            }
            Plugin::AwsIamAuthenticator(a) if a.token_only => {
                let i = u
                    .exec
                    .args
                    .iter()
                    .position(|x| x.starts_with("--token-only"))
                    .unwrap_or(0);
                (arg_path(cx, u, i), "`--token-only`".to_string())
            }
            _ => continue,
        };
        if let Some(fmt) = what
            .strip_prefix("`--output ")
            .and_then(|w| w.strip_suffix('`'))
            .or_else(|| what.strip_prefix("AWS_DEFAULT_OUTPUT="))
            .filter(|f| f.eq_ignore_ascii_case("yaml") || f.eq_ignore_ascii_case("yaml-stream"))
        {
            // YAML is an ExecCredential too: kubectl 1.32 decodes it. Only
            // AWS CLI v2 can print it; v1 stops with a usage error.
            sink.report(
                &RULE,
                path,
                format!(
                    "User `{}` asks `aws eks get-token` for {fmt} output ({what}): AWS CLI v1 rejects that format ({}), so kubectl fails with `exec: executable aws failed with exit code {}`; v2 prints YAML, which kubectl reads.",
                    u.name,
                    // What aws-cli 1.45 answers to each form.
                    if what.starts_with("AWS_DEFAULT_OUTPUT") { "`Unknown output type: yaml`" } else { "`argument --output: Invalid choice`" },
                    if what.starts_with("AWS_DEFAULT_OUTPUT") { 255 } else { 2 },
                ),
            )
            .with_severity(scoped(cx, u, Severity::Warning))
            .with_help("Use `--output json`, which every AWS CLI version prints and `aws eks update-kubeconfig` writes.");
            continue;
        }
        sink.report(
            &RULE,
            path,
            format!(
                "User `{}` makes the plugin print something other than ExecCredential JSON ({what}); kubectl fails with `decoding stdout: couldn't get version/kind; json parse error`.",
                u.name
            ),
        )
        .with_severity(scoped(cx, u, RULE.severity));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_output_argument() {
        let ex = super::RULE.example;
        assert_eq!(lines_of("EXE007", ex), vec![line_of(ex, "--output, text")]);
        assert!(lines_of("EXE007", super::RULE.fixed).is_empty());
    }

    /// kubectl 1.32 decodes a YAML ExecCredential; AWS CLI v1 refuses
    /// `--output yaml` with exit code 2 (both checked under `unshare -n`).
    #[test]
    fn yaml_output_is_a_warning_about_cli_v1() {
        let yaml = super::RULE
            .example
            .replace("--output, text", "--output, yaml");
        let f = crate::core::testing::detected(&yaml);
        let f: Vec<_> = f.iter().filter(|f| f.code() == "EXE007").collect();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, crate::core::Severity::Warning);
        assert!(f[0].message.contains("`exec: executable aws failed with exit code 2`; v2 prints YAML, which kubectl reads."), "{}", f[0].message);
    }
}
