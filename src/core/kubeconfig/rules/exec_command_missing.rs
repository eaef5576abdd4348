use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC027",
    name: "exec-command-missing",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "An exec plugin has no `command`.",
    what: "Flags `exec` blocks without a `command` (or with an empty one).",
    why: "kubectl cannot run a plugin without a program: `command must be specified for dev to use exec \
          authentication plugin`. Often the command was written into `args` or misspelt (`cmd:`).",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: eks\n  cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: eks\n  context:\n    cluster: eks\n    user: eks\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args: [eks, get-token, --cluster-name, demo, --region, us-west-2]\ncurrent-context: eks\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: eks\n  cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: eks\n  context:\n    cluster: eks\n    user: eks\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo, --region, us-west-2]\ncurrent-context: eks\n",
    fix_summary: "Add `command:` with the plugin program (`aws`, `aws-iam-authenticator`, `gke-gcloud-auth-plugin`, `kubelogin`), its arguments in `args`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        let Some(exec) = &u.exec else {
            continue;
        };
        if exec
            .command
            .as_deref()
            .is_some_and(|c| !c.trim().is_empty())
        {
            continue;
        }
        let scope = scoper.user(nu.name.as_deref());
        let name = display_name(nu.name.as_deref());
        let help = match exec.args.first().map(String::as_str) {
            Some("eks") => "Add `command: aws`: the arguments are those of `aws eks get-token`.".to_string(),
            Some("token") => "Add `command: aws-iam-authenticator` (or `command: aws` with `args: [eks, get-token, …]`).".to_string(),
            Some("get-token") => "Add `command: kubelogin`: the arguments are those of `kubelogin get-token`.".to_string(),
            _ => RULE.fix_summary.to_string(),
        };
        scope.report(sink, &RULE, cx.user_path(i).k("user").k("exec"), "user", format!("The exec plugin of user `{name}` has no `command`; kubectl stops with `command must be specified for {name} to use exec authentication plugin`."))
        .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_exec_block() {
        assert_eq!(lines_of("KC027", super::RULE.example), vec![15]);
    }

    #[test]
    fn quiet_with_a_command() {
        assert!(lines_of("KC027", super::RULE.fixed).is_empty());
    }
}
