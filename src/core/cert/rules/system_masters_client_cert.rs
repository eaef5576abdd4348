use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "CRT021",
    name: "system-masters-client-cert",
    severity: Severity::Warning,
    category: Category::Security,
    domain: Domain::Certificate,
    summary: "A client certificate puts its holder in `system:masters`: cluster-admin that cannot be revoked.",
    what: "Flags client certificates with `O=system:masters` in their subject. The API server turns a client \
           certificate's CN into the user name and each O into a group.",
    why: "Members of `system:masters` pass every authorization check — RBAC is not even consulted, so no \
          RoleBinding can be removed to take the access away. Kubernetes has no certificate revocation: the \
          certificate works until it expires (a year, for kubeadm) unless the cluster's CA is rotated, which \
          invalidates every certificate it issued. kubeadm 1.29 and later give admin.conf the group \
          `kubeadm:cluster-admins`, bound to cluster-admin through RBAC, and keep `system:masters` for a \
          separate break-glass super-admin.conf.",
    example: include_str!("../../../../tests/fixtures/certs/client-admin-rsa.pem"),
    fixed: include_str!("../../../../tests/fixtures/certs/client-jane-ec.pem"),
    fix_summary: "Issue personal certificates with groups bound through RBAC (e.g. `kubeadm:cluster-admins`); keep system:masters credentials offline for emergencies.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for (field, i, c) in super::client_certs(cx.a) {
        if !c.summary.subject.get("O").any(|o| o == "system:masters") {
            continue;
        }
        let user = c.summary.subject.common_name().unwrap_or("(no CN)");
        report_cert(
            sink,
            &RULE,
            field,
            i,
            RULE.severity,
            format!(
                "{} authenticates as user `{user}` in group `system:masters`: unrestricted cluster-admin that RBAC cannot limit and that cannot be revoked before it expires, short of rotating the cluster's CA.",
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
        assert_eq!(lines_of("CRT021", super::RULE.example), vec![1]);
        let kc = include_str!("../../../../tests/fixtures/kubeconfig/cert-kubeadm-admin.yaml");
        assert_eq!(lines_of("CRT021", kc), vec![18]);
    }

    #[test]
    fn quiet_for_ordinary_groups() {
        assert!(lines_of("CRT021", super::RULE.fixed).is_empty());
    }
}
