use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "JWT007",
    name: "jwt-issuer-not-eks",
    severity: Severity::Info,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "The token's issuer is not an EKS cluster's OIDC issuer.",
    what: "Notes tokens whose `iss` is not `https://oidc.eks.REGION.amazonaws.com/id/ID`: self-managed clusters \
           (`https://kubernetes.default.svc.cluster.local` by default), CI systems, identity providers. Legacy \
           Secret-based tokens are reported by JWT008 instead.",
    why: "IRSA works for any issuer registered as an IAM OIDC provider, but the issuer must be a public HTTPS URL \
          serving `/.well-known/openid-configuration` and its keys. The in-cluster default of kubeadm, kind and \
          minikube is not reachable by STS, so such tokens fail with `InvalidIdentityToken` until the cluster's \
          `--service-account-issuer` points at a public discovery endpoint.",
    example: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8va3ViZXJuZXRlcy5kZWZhdWx0LnN2Yy5jbHVzdGVyLmxvY2FsIiwia3ViZXJuZXRlcy5pbyI6eyJuYW1lc3BhY2UiOiJwYXltZW50cyIsInNlcnZpY2VhY2NvdW50Ijp7Im5hbWUiOiJhcGkifX0sIm5iZiI6MTc2NzIxNDgwMCwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50OnBheW1lbnRzOmFwaSJ9.CyfBWP6zarGKEP9oeQnscw7OYoBYHdQH4mcjWb53Jd0\n",
    fixed: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fix_summary: "Nothing to fix for EKS; for a self-managed cluster, publish an OIDC discovery endpoint and register it as an IAM OIDC provider.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(iss) = cx.c.iss.as_deref() else {
        return;
    };
    if cx.c.kind() == crate::core::jwt::TokenKind::LegacySecret {
        return;
    }
    if crate::core::oidc::parse_provider(iss).is_ok_and(|p| p.is_eks()) {
        return;
    }
    let what = if iss.starts_with("https://kubernetes.default.svc") {
        "the default issuer of a self-managed cluster (kubeadm, kind, minikube), which STS cannot reach"
    } else if iss == "https://token.actions.githubusercontent.com" {
        "GitHub Actions"
    } else if !iss.starts_with("https://") {
        "not an HTTPS URL, so it cannot be registered as an IAM OIDC provider"
    } else {
        "not an EKS cluster"
    };
    sink.report(
        &RULE,
        cx.claim("iss"),
        format!("The token's issuer `{iss}` is {what}; EKS issuers are `https://oidc.eks.REGION.amazonaws.com/id/ID`."),
    )
    .at(cx.claims_pos());
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_for_a_self_managed_issuer() {
        assert_eq!(columns_of("JWT007", super::RULE.example), vec![22]);
        assert!(messages_of("JWT007", super::RULE.example)[0].contains("kind"));
    }

    #[test]
    fn quiet_for_eks() {
        assert!(columns_of("JWT007", super::RULE.fixed).is_empty());
    }
}
