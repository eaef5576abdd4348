use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "EXE004",
    name: "exec-command-relative",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Exec,
    summary: "The exec command is a relative path, which kubectl resolves against the kubeconfig file's directory.",
    what: "Flags an exec `command` that contains a `/` (or `\\`) but is not absolute, such as `./bin/aws`, `bin/aws-iam-authenticator` or `~/bin/aws`.",
    why: "kubectl looks a bare name (`aws`) up on PATH, but joins a relative path to the directory of the kubeconfig file — not the current directory. The file works only where it was written and breaks once copied, merged or pointed at through KUBECONFIG. `~` is not expanded at all: `~/bin/aws` becomes `<kubeconfig dir>/~/bin/aws` and kubectl fails with `getting credentials: exec: fork/exec <kubeconfig dir>/~/bin/aws: no such file or directory` (checked with kubectl 1.33).",
    example: eks_kubeconfig!("      command: ~/bin/aws\n      args: [--region, us-west-2, eks, get-token, --cluster-name, demo]\n"),
    fixed: eks_kubeconfig!("      command: aws\n      args: [--region, us-west-2, eks, get-token, --cluster-name, demo]\n"),
    fix_summary: "Use a bare command name found on PATH (`aws`), or an absolute path.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for u in exec_users(cx).iter() {
        let Some(cmd) = u.exec.command.as_deref() else {
            continue;
        };
        if !crate::core::exec::flow::resolution(cmd).starts_with("a relative path") {
            continue;
        }
        let tilde = cmd.starts_with('~');
        let message = if tilde {
            format!("User `{}` runs `{cmd}`: kubectl does not expand `~`, it joins the path to the kubeconfig file's directory (`<dir>/{cmd}`), so it fails with `fork/exec …: no such file or directory`.", u.name)
        } else {
            format!("User `{}` runs `{cmd}`, a relative path: kubectl resolves it against the kubeconfig file's directory (not the current one), so it breaks when the file is copied, merged or used through KUBECONFIG.", u.name)
        };
        let base = crate::core::exec::plugin::base_name(cmd);
        sink.report(&RULE, command_path(cx, u), message)
            .with_severity(if tilde {
                scoped(cx, u, Severity::Error)
            } else {
                RULE.severity
            })
            .with_help(format!(
                "Use `{base}` (found on PATH) or an absolute path such as `/usr/local/bin/{base}`."
            ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_on_the_command_line() {
        let ex = super::RULE.example;
        assert_eq!(
            lines_of("EXE004", ex),
            vec![line_of(ex, "command: ~/bin/aws")]
        );
        assert!(lines_of("EXE004", super::RULE.fixed).is_empty());
    }
}
