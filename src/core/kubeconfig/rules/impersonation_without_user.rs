use super::prelude::*;
use super::support::{display_name, set, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC025",
    name: "impersonation-without-user",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "`as-uid`, `as-groups` or `as-user-extra` is set without `as`.",
    what: "Checks that a user that impersonates a UID, groups or extra fields also names the user to \
           impersonate with `as`.",
    why: "Kubernetes impersonates groups only together with a user name, and kubectl refuses the user \
          before sending anything: `requesting uid, groups or user-extra for dev without impersonating a \
          user`. A common slip is writing `as-groups: [system:masters]` to gain admin rights and forgetting \
          `as`.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\n    as-groups:\n    - platform-admins\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\n    as: jane@example.com\n    as-groups:\n    - platform-admins\ncurrent-context: dev\n",
    fix_summary: "Add `as: USER` naming the user to impersonate, or delete the `as-*` fields.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        if set(&u.impersonate) {
            continue;
        }
        let field = if set(&u.impersonate_uid) {
            "as-uid"
        } else if !u.impersonate_groups.is_empty() {
            "as-groups"
        } else if !u.impersonate_user_extra.is_empty() {
            "as-user-extra"
        } else {
            continue;
        };
        let scope = scoper.user(nu.name.as_deref());
        let name = display_name(nu.name.as_deref());
        scope.report(sink, &RULE, cx.user_path(i).k("user").k(field), "user", format!("User `{name}` sets `{field}` but not `as`; kubectl stops with `requesting uid, groups or user-extra for {name} without impersonating a user`."));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines_of;

    #[test]
    fn fires_on_the_groups_line() {
        assert_eq!(lines_of("KC025", super::RULE.example), vec![16]);
    }

    #[test]
    fn quiet_with_as() {
        assert!(lines_of("KC025", super::RULE.fixed).is_empty());
    }
}
