use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC029",
    name: "exec-env-name-missing",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "An exec plugin's `env` entry has no `name`.",
    what: "Checks that every item of `exec.env` has a `name` (and flags items written as `KEY=value` strings \
           or `KEY: value` maps, which the schema does not allow either).",
    why: "kubectl refuses the user: `env variable name must be specified for dev to use exec authentication \
          plugin`. The usual cause is writing `- AWS_PROFILE: prod` instead of `- name: AWS_PROFILE` / \
          `value: prod`, so the plugin would not have seen the variable anyway.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: eks\n  cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: eks\n  context:\n    cluster: eks\n    user: eks\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo]\n      env:\n      - value: prod\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: eks\n  cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: eks\n  context:\n    cluster: eks\n    user: eks\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, demo]\n      env:\n      - name: AWS_PROFILE\n        value: prod\n",
    fix_summary: "Write each variable as `- name: VAR` with `value: …` on the next line, indented under it.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        let Some(exec) = &u.exec else {
            continue;
        };
        let base = cx.user_path(i).field("user").field("exec").field("env");
        for (j, env) in exec.env.iter().enumerate() {
            if env.name.as_deref().is_some_and(|n| !n.is_empty()) {
                continue;
            }
            let scope = scoper.user(nu.name.as_deref());
            let name = display_name(nu.name.as_deref());
            let path = base.i(j);
            // `- AWS_PROFILE: prod` parses as an item whose only key is the variable.
            let stray = cx
                .pos
                .keys(0, &path)
                .find(|(k, _)| *k != "name" && *k != "value");
            let help = match stray {
                Some((k, _)) => {
                    format!("Write it as `- name: {k}` with `value: …` on the next line.")
                }
                None => RULE.fix_summary.to_string(),
            };
            scope.report(sink, &RULE, path, "user", format!("Env entry {j} of the exec plugin of user `{name}` has no `name`; kubectl stops with `env variable name must be specified for {name} to use exec authentication plugin`."))
            .with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_env_item() {
        assert_eq!(lines_of("KC029", super::RULE.example), vec![20]);
    }

    #[test]
    fn quiet_with_names() {
        assert!(lines_of("KC029", super::RULE.fixed).is_empty());
    }
}
