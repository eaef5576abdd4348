//! The explanation of a token: what kind it is, its header and claims in words
//! (times relative to now), the signature's length, and the condition keys an
//! IRSA trust policy sees when this token is exchanged.

use super::claims::{Claims, Ref, TokenKind};
use super::decode::Decoded;
use crate::core::report::Options;
use crate::core::time::{format_rfc3339, relative};
use crate::core::UnixTime;
use serde_json::Value;

/// One header field or claim.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Line {
    pub name: String,
    pub value: String,
    /// What it means, when there is something to say.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Overview {
    pub kind: TokenKind,
    /// One sentence: what this token is.
    pub summary: String,
    pub header: Vec<Line>,
    pub claims: Vec<Line>,
    /// Length of the decoded signature in bytes.
    pub signature_len: usize,
    /// `(condition key, value)` pairs this token presents to an IRSA trust policy.
    pub trust_policy_keys: Vec<(String, String)>,
}

fn line(name: &str, value: impl Into<String>, note: Option<String>) -> Line {
    Line {
        name: name.to_string(),
        value: value.into(),
        note,
    }
}

fn show(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let cut: String = s.chars().take(200).collect();
    if cut.len() < s.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

fn when(t: UnixTime, now: Option<UnixTime>) -> String {
    match now {
        Some(now) => format!("{} ({})", format_rfc3339(t), relative(t, now)),
        None => format_rfc3339(t),
    }
}

fn reference(r: &Ref) -> String {
    match (&r.name, &r.uid) {
        (Some(n), Some(u)) => format!("{n} (uid {u})"),
        (Some(n), None) => n.clone(),
        (None, Some(u)) => format!("uid {u}"),
        (None, None) => "—".into(),
    }
}

fn issuer_note(iss: &str) -> String {
    if iss == "kubernetes/serviceaccount" {
        return "the issuer of legacy Secret-based service-account tokens".into();
    }
    match crate::core::oidc::parse_provider(iss) {
        Ok(p) if p.is_eks() => format!(
            "an EKS cluster's OIDC issuer — region {}, OIDC ID {}",
            p.region().unwrap_or("?"),
            p.id().unwrap_or("?")
        ),
        _ if iss.starts_with("https://kubernetes.default.svc") => {
            "the default issuer of a self-managed cluster (kubeadm, kind, minikube) — not registrable in IAM".into()
        }
        _ => "not an EKS cluster issuer".into(),
    }
}

fn summary(c: &Claims) -> String {
    let who = c
        .service_account()
        .map(|(ns, name)| format!("service account `{name}` in namespace `{ns}`"))
        .unwrap_or_else(|| "a service account".into());
    match c.kind() {
        TokenKind::LegacySecret => format!(
            "A legacy Secret-based service-account token for {who}: it never expires and is not usable for IRSA."
        ),
        TokenKind::Projected if c.has_audience("sts.amazonaws.com") => {
            format!("A projected service-account token for IRSA, for {who}, audience `sts.amazonaws.com`.")
        }
        TokenKind::Projected if c.has_audience(POD_IDENTITY_AUDIENCE) => format!(
            "A projected service-account token for EKS Pod Identity, for {who}, audience `{POD_IDENTITY_AUDIENCE}`: the EKS Pod Identity Agent exchanges it for the role's credentials (eks-auth:AssumeRoleForPodIdentity); it is not an IRSA token."
        ),
        TokenKind::Projected if c.aud.iter().any(|a| a.contains("kubernetes.default.svc")) => format!(
            "A projected service-account token for the Kubernetes API (the pod's default token), for {who} — not the IRSA token."
        ),
        TokenKind::Projected => format!(
            "A projected service-account token for {who}, audience {}.",
            if c.aud.is_empty() { "(none)".to_string() } else { c.aud.join(", ") }
        ),
        TokenKind::Other => format!(
            "A JWT issued by {} for subject {}.",
            c.iss.as_deref().unwrap_or("(no issuer)"),
            c.sub.as_deref().unwrap_or("(none)")
        ),
    }
}

/// The audience of the token EKS Pod Identity mounts in a pod
/// (`/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token`).
pub const POD_IDENTITY_AUDIENCE: &str = "pods.eks.amazonaws.com";

pub fn build(d: &Decoded, c: &Claims, opts: &Options) -> Overview {
    let now = opts.now;
    let header = d
        .header
        .iter()
        .map(|(k, v)| {
            let note = match k.as_str() {
                "alg" => Some("signature algorithm".to_string()),
                "kid" => Some("ID of the signing key in the issuer's JWKS".to_string()),
                "typ" => Some("token type".to_string()),
                _ => None,
            };
            line(k, show(v), note)
        })
        .collect();
    let mut claims = Vec::new();
    if let Some(iss) = &c.iss {
        claims.push(line("iss", iss.clone(), Some(issuer_note(iss))));
    }
    if let Some(sub) = &c.sub {
        let note = c
            .service_account()
            .map(|(ns, name)| format!("service account `{name}` in namespace `{ns}`"));
        claims.push(line("sub", sub.clone(), note));
    }
    if c.aud_present {
        let v = if c.aud_is_array {
            format!("[{}]", c.aud.join(", "))
        } else {
            c.aud.join(", ")
        };
        claims.push(line("aud", v, Some("who the token is meant for".into())));
    }
    for (name, t, note) in [
        ("iat", c.iat, "issued at"),
        ("nbf", c.nbf, "not valid before"),
        ("exp", c.exp, "expires"),
    ] {
        if let Some(t) = t {
            claims.push(line(
                name,
                t.to_string(),
                Some(format!("{note} {}", when(t, now))),
            ));
        }
    }
    if let Some(j) = &c.jti {
        claims.push(line("jti", j.clone(), Some("unique token ID".into())));
    }
    if let Some(a) = &c.azp {
        claims.push(line("azp", a.clone(), Some("authorized party".into())));
    }
    if let Some(k) = &c.k8s {
        if let Some(ns) = &k.namespace {
            claims.push(line("kubernetes.io.namespace", ns.clone(), None));
        }
        for (name, r, note) in [
            ("kubernetes.io.serviceaccount", &k.serviceaccount, None),
            (
                "kubernetes.io.pod",
                &k.pod,
                Some("the token is bound to this pod: it stops working when the pod is deleted"),
            ),
            ("kubernetes.io.node", &k.node, None),
            (
                "kubernetes.io.secret",
                &k.secret,
                Some("bound to this Secret"),
            ),
        ] {
            if let Some(r) = r {
                claims.push(line(name, reference(r), note.map(str::to_string)));
            }
        }
        if let Some(w) = k.warnafter {
            claims.push(line(
                "kubernetes.io.warnafter",
                w.to_string(),
                Some(format!(
                    "{} — the kubelet should have replaced the token by then; its `exp` was extended for old clients, and the API server logs its use after this time",
                    when(w, now)
                )),
            ));
        }
    }
    if let Some(l) = &c.legacy {
        for (name, v) in [
            ("kubernetes.io/serviceaccount/namespace", &l.namespace),
            ("kubernetes.io/serviceaccount/secret.name", &l.secret_name),
            (
                "kubernetes.io/serviceaccount/service-account.name",
                &l.service_account_name,
            ),
            (
                "kubernetes.io/serviceaccount/service-account.uid",
                &l.service_account_uid,
            ),
        ] {
            if let Some(v) = v {
                claims.push(line(name, v.clone(), None));
            }
        }
    }
    for name in &c.others {
        if let Some(v) = d.claims.get(name) {
            claims.push(line(name, show(v), None));
        }
    }
    let trust_policy_keys = match c.iss.as_deref().and_then(|i| i.strip_prefix("https://")) {
        // An EKS Pod Identity token never reaches STS: no trust policy sees it.
        Some(prefix)
            if c.kind() != TokenKind::LegacySecret && !c.has_audience(POD_IDENTITY_AUDIENCE) =>
        {
            let mut keys = Vec::new();
            if let Some(sub) = &c.sub {
                keys.push((format!("{prefix}:sub"), sub.clone()));
            }
            for a in &c.aud {
                keys.push((format!("{prefix}:aud"), a.clone()));
            }
            keys
        }
        _ => Vec::new(),
    };
    Overview {
        kind: c.kind(),
        summary: summary(c),
        header,
        claims,
        signature_len: d.signature_len,
        trust_policy_keys,
    }
}

fn rows(out: &mut String, lines: &[Line]) {
    let width = lines
        .iter()
        .map(|l| l.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(50);
    for l in lines {
        match &l.note {
            Some(n) => out.push_str(&format!("  {:<width$}  {}  — {n}\n", l.name, l.value)),
            None => out.push_str(&format!("  {:<width$}  {}\n", l.name, l.value)),
        }
    }
}

impl Overview {
    /// The explanation as plain text, as `eksplain explain` prints it.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n\nHeader:\n", self.summary);
        rows(&mut out, &self.header);
        out.push_str("\nClaims:\n");
        rows(&mut out, &self.claims);
        if self.signature_len == 0 {
            // `alg: none`, or a token cut after its second dot: there is
            // nothing to show, to hide or to verify.
            out.push_str(
                "\nSignature: none — the token ends after the claims, so nothing vouches for them; \
                 STS and the API server reject a token without a signature.\n",
            );
        } else {
            out.push_str(&format!(
                "\nSignature: {} bytes, not shown (with the claims it makes the token a credential) and not verified: \
                 checking it needs the issuer's public keys (its JWKS), which eksplain, working offline, does not fetch. \
                 Everything above is what the token claims, not proof.\n",
                self.signature_len
            ));
        }
        if !self.trust_policy_keys.is_empty() {
            out.push_str("\nWhat an IRSA trust policy sees when this token is exchanged (sts:AssumeRoleWithWebIdentity):\n");
            for (k, v) in &self.trust_policy_keys {
                out.push_str(&format!("  {k} = {v}\n"));
            }
        }
        out
    }
}
