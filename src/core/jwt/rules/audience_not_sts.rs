use super::prelude::*;
use crate::core::jwt::overview::POD_IDENTITY_AUDIENCE;

pub static RULE: RuleMeta = RuleMeta {
    code: "JWT006",
    name: "jwt-audience-not-sts",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::Token,
    summary: "A service-account token's `aud` lacks `sts.amazonaws.com`, so IRSA cannot use it.",
    what: "For Kubernetes service-account tokens and tokens from an EKS issuer, checks that `aud` contains \
           `sts.amazonaws.com`, the audience the EKS pod identity webhook requests and IAM OIDC providers for \
           EKS list as their client ID. Says which token it is when the audience is the Kubernetes API's, and \
           only notes (info) an EKS Pod Identity token (audience `pods.eks.amazonaws.com`), which is not meant \
           for STS.",
    why: "A pod has two tokens: `/var/run/secrets/kubernetes.io/serviceaccount/token`, meant for the Kubernetes \
          API (audience `https://kubernetes.default.svc`), and, with IRSA, \
          `/var/run/secrets/eks.amazonaws.com/serviceaccount/token` with audience `sts.amazonaws.com`. STS accepts \
          a token only if its `aud` is in the provider's client ID list, and a trust policy usually requires \
          `…:aud` = `sts.amazonaws.com`. Exchanging the wrong token fails with `InvalidIdentityToken: Incorrect \
          token audience` or `AccessDenied`.",
    example: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsiaHR0cHM6Ly9rdWJlcm5ldGVzLmRlZmF1bHQuc3ZjIl0sImV4cCI6MTc2NzMwMTIwMCwiaWF0IjoxNzY3MjE0ODAwLCJpc3MiOiJodHRwczovL29pZGMuZWtzLmV1LXdlc3QtMS5hbWF6b25hd3MuY29tL2lkLzVBMUYyQjNDNEQ1RTZGNzA4MTkyQTNCNEM1RDZFN0Y4Iiwia3ViZXJuZXRlcy5pbyI6eyJuYW1lc3BhY2UiOiJwYXltZW50cyIsInNlcnZpY2VhY2NvdW50Ijp7Im5hbWUiOiJhcGkifX0sIm5iZiI6MTc2NzIxNDgwMCwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50OnBheW1lbnRzOmFwaSJ9.glTDKakoUPbVOd03b0gW7idkUX2l4CNVFK9DMWRIDXo\n",
    fixed: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzY3MzAxMjAwLCJpYXQiOjE3NjcyMTQ4MDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vaWQvNUExRjJCM0M0RDVFNkY3MDgxOTJBM0I0QzVENkU3RjgiLCJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InBheW1lbnRzIiwic2VydmljZWFjY291bnQiOnsibmFtZSI6ImFwaSJ9fSwibmJmIjoxNzY3MjE0ODAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.TJRIXgwhrmxBzh3-e2v6zupato5AokdvUCCOUm9QYIA\n",
    fix_summary: "Use the IRSA token (`AWS_WEB_IDENTITY_TOKEN_FILE`, /var/run/secrets/eks.amazonaws.com/serviceaccount/token), or request one with `--audience sts.amazonaws.com`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    if !cx.is_service_account_token() || cx.c.kind() == crate::core::jwt::TokenKind::LegacySecret {
        return;
    }
    if cx.c.has_audience("sts.amazonaws.com") {
        return;
    }
    let aud = &cx.c.aud;
    let shown = if aud.is_empty() {
        "no audience".to_string()
    } else {
        aud.iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if cx.c.has_audience(POD_IDENTITY_AUDIENCE) {
        // Not an IRSA token at all: EKS Pod Identity exchanges it with the
        // EKS Auth API, never with STS, and needs no OIDC provider.
        sink.report(
            &RULE,
            cx.claim("aud"),
            format!("The token's audience is `{POD_IDENTITY_AUDIENCE}`: this is the pod's EKS Pod Identity token, which the EKS Pod Identity Agent exchanges with eks-auth:AssumeRoleForPodIdentity. It is not meant for STS, and IRSA cannot use it."),
        )
        .at(cx.claims_pos())
        .with_severity(Severity::Info)
        .with_help("Nothing to fix for EKS Pod Identity (its roles trust the service principal `pods.eks.amazonaws.com`, not an OIDC provider). For IRSA, use the token at /var/run/secrets/eks.amazonaws.com/serviceaccount/token, audience `sts.amazonaws.com`.");
        return;
    }
    let (message, help) = if aud.iter().any(|a| a.contains("kubernetes.default.svc")) {
        (
            format!("The token's audience is {shown}: this is the pod's Kubernetes API token, not its IRSA token, and STS rejects it."),
            "IRSA uses the token at /var/run/secrets/eks.amazonaws.com/serviceaccount/token (the path in `AWS_WEB_IDENTITY_TOKEN_FILE`), whose audience is `sts.amazonaws.com`.".to_string(),
        )
    } else if let Some(typo) = aud
        .iter()
        .find(|a| crate::core::suggest::edit_distance(a, "sts.amazonaws.com") <= 3)
    {
        (
            format!("The token's audience is `{typo}`, not `sts.amazonaws.com`: a typo in the `eks.amazonaws.com/audience` annotation or the projected volume's `audience`."),
            "Set the audience to `sts.amazonaws.com` exactly.".to_string(),
        )
    } else {
        (
            format!("The token's audience is {shown}, without `sts.amazonaws.com`: STS accepts it only if the IAM OIDC provider lists that audience as a client ID and the trust policy's `:aud` condition allows it."),
            "Use `sts.amazonaws.com`, or add this audience to the provider's client IDs (`aws iam add-client-id-to-open-id-connect-provider`) and to the trust policy.".to_string(),
        )
    };
    sink.report(&RULE, cx.claim("aud"), message)
        .at(cx.claims_pos())
        .with_help(help);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of, token};

    #[test]
    fn fires_for_the_kubernetes_api_token() {
        assert_eq!(columns_of("JWT006", super::RULE.example), vec![22]);
        assert!(messages_of("JWT006", super::RULE.example)[0].contains("Kubernetes API token"));
    }

    #[test]
    fn an_eks_pod_identity_token_is_named_not_told_to_switch_audience() {
        let t = include_str!("../../../../tests/fixtures/jwt/eks-pod-identity-token.jwt");
        let m = &messages_of("JWT006", t)[0];
        assert!(m.contains("EKS Pod Identity token"), "{m}");
        assert!(!m.contains("client ID"), "{m}");
        let sev = crate::core::testing::detected(t)
            .iter()
            .find(|f| f.code() == "JWT006")
            .map(|f| f.severity);
        assert_eq!(sev, Some(crate::core::finding::Severity::Info));
    }

    #[test]
    fn suggests_the_audience_for_a_typo() {
        let t = token(
            r#"{"alg":"RS256"}"#,
            r#"{"aud":"sts.amazon.com","iss":"https://oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8","sub":"system:serviceaccount:a:b","kubernetes.io":{"namespace":"a"}}"#,
        );
        assert!(messages_of("JWT006", &t)[0].contains("typo"));
    }

    #[test]
    fn quiet_for_sts_and_for_other_jwts() {
        assert!(columns_of("JWT006", super::RULE.fixed).is_empty());
        let gh = token(
            r#"{"alg":"RS256"}"#,
            r#"{"aud":"https://github.com/example-org","iss":"https://token.actions.githubusercontent.com","sub":"repo:x/y:ref:refs/heads/main"}"#,
        );
        assert!(columns_of("JWT006", &gh).is_empty());
    }
}
