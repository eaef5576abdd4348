//! The explanation of certificates and keys: one card per decoded value,
//! one entry per certificate with the fields `openssl x509 -text` shows, the
//! Kubernetes identity of client certificates, the chain (who signed whom,
//! checked), and the openssl commands that show the same. Keys show their
//! type and whether they match — never their content.

use super::key::KeyProblem;
use super::model::CertSummary;
use super::verify::Signature;
use super::{Analysis, Field, FieldKind};
use crate::core::source::{Path, Pos};
use crate::core::time::{format_rfc3339, relative};
use crate::core::UnixTime;

/// What a certificate is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum Role {
    /// A CA certificate (may sign others).
    Ca,
    Client,
    Server,
    ClientAndServer,
    Unknown,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Ca => "CA",
            Role::Client => "client certificate",
            Role::Server => "server certificate",
            Role::ClientAndServer => "client and server certificate",
            Role::Unknown => "certificate",
        }
    }
}

/// Who the API server thinks a client certificate is.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Identity {
    /// The CN; None when there is none (the certificate authenticates nobody).
    pub user: Option<String>,
    /// Each O.
    pub groups: Vec<String>,
}

impl Identity {
    pub fn describe(&self) -> String {
        let user = match &self.user {
            Some(u) => format!("user `{u}`"),
            None => "no user (no CN: the API server rejects it)".into(),
        };
        let mut groups: Vec<String> = self.groups.iter().map(|g| format!("`{g}`")).collect();
        groups.push("`system:authenticated`".into());
        format!("{user}, groups {}", groups.join(", "))
    }
}

/// One step of a chain: a signature check and its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Link {
    /// "CA `kubernetes` (certificate-authority-data of cluster `kind-kind`)".
    pub issuer: String,
    /// Some(true) verified, Some(false) not signed by it, None not checked.
    pub verified: Option<bool>,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct CertView {
    pub summary: CertSummary,
    pub pos: Option<Pos>,
    pub role: Role,
    /// "valid, expires in 5 months" / "EXPIRED 3 days ago" / "time not checked".
    pub status: String,
    pub not_before: String,
    pub not_after: String,
    pub identity: Option<Identity>,
    pub signed_by: Vec<Link>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct KeyView {
    /// "EC P-256 private key, SEC 1 (`EC PRIVATE KEY`)". Never the key itself.
    pub description: String,
    /// "matches the client certificate `jane`" / "does NOT match …".
    pub matches: Option<String>,
    pub problem: Option<String>,
    pub pos: Option<Pos>,
}

/// Everything decoded from one value.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct CertCard {
    /// "certificate-authority-data of cluster `kind-kind`", "Pasted input".
    pub title: String,
    pub kind: FieldKind,
    pub path: Path,
    pub pos: Option<Pos>,
    /// "base64 → PEM: 1 certificate".
    pub encoding: String,
    pub certs: Vec<CertView>,
    pub keys: Vec<KeyView>,
    /// What it means (what a CA proves, a file path the page cannot read, …).
    pub notes: Vec<String>,
    /// Commands that show the same with openssl.
    pub openssl: Vec<String>,
}

/// The explanation of pasted certificates and keys.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Certificates {
    pub card: CertCard,
}

impl Certificates {
    pub fn to_text(&self) -> String {
        self.card.to_text()
    }
}

/// The role of certificate `i` in `field`.
pub fn role(field: &Field, i: usize) -> Role {
    let Some(c) = field.certs.get(i) else {
        return Role::Unknown;
    };
    let s = &c.summary;
    match field.kind {
        FieldKind::CaData => return Role::Ca,
        FieldKind::ClientCertData if i == 0 => return Role::Client,
        _ => {}
    }
    if s.is_ca() {
        return Role::Ca;
    }
    match &s.ext_key_usage {
        Some(e) if e.client_auth && e.server_auth => Role::ClientAndServer,
        Some(e) if e.client_auth => Role::Client,
        Some(e) if e.server_auth => Role::Server,
        _ => Role::Unknown,
    }
}

fn when(t: UnixTime, now: Option<UnixTime>) -> String {
    match now {
        Some(now) => format!("{} ({})", format_rfc3339(t), relative(t, now)),
        None => format_rfc3339(t),
    }
}

fn status(s: &CertSummary, now: Option<UnixTime>) -> String {
    let Some(now) = now else {
        return "validity not judged (no clock)".into();
    };
    if now > s.not_after {
        format!("EXPIRED {}", relative(s.not_after, now))
    } else if now < s.not_before {
        format!("NOT YET VALID: starts {}", relative(s.not_before, now))
    } else {
        format!("valid, expires {}", relative(s.not_after, now))
    }
}

fn link(a: &Analysis, issuance: &super::Issuance) -> Link {
    let (issuer, signature) = (issuance.issuer, &issuance.signature);
    let relation = match signature {
        Signature::Valid => "signed by",
        Signature::Invalid if issuance.name_matches => "names as its issuer",
        Signature::Invalid => "not signed by",
        Signature::Unchecked(_) => "issued by?",
    };
    let (name, place) = match (a.cert(issuer), a.fields.get(issuer.0)) {
        (Some(c), Some(f)) if f.kind == FieldKind::Pasted => (
            c.summary.subject.short(),
            format!("certificate {} of this input", issuer.1 + 1),
        ),
        (Some(c), Some(f)) => (c.summary.subject.short(), f.describe()),
        _ => ("?".into(), String::new()),
    };
    let issuer_is_ca = a
        .cert(issuer)
        .is_none_or(|c| c.summary.can_sign_certificates());
    let (verified, detail) = match signature {
        Signature::Valid if !issuer_is_ca => (
            Some(false),
            "its public key verifies this certificate's signature, but it is not a CA, so verifiers reject the link".to_string(),
        ),
        Signature::Valid => (
            Some(true),
            "signature verified with its public key".to_string(),
        ),
        Signature::Invalid => (
            Some(false),
            "its public key does NOT verify this certificate's signature".to_string(),
        ),
        Signature::Unchecked(why) => (None, format!("not checked: {why}")),
    };
    Link {
        issuer: format!("{relation} `{name}` ({place})"),
        verified,
        detail,
    }
}

/// Self-signatures checked per card, at most (the rest say nothing).
const MAX_SELF_CHECKS: usize = 16;

fn cert_views(a: &Analysis, fi: usize, self_check: bool) -> Vec<CertView> {
    let Some(field) = a.fields.get(fi) else {
        return Vec::new();
    };
    field
        .certs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let s = &c.summary;
            let role = role(field, i);
            let identity = matches!(role, Role::Client | Role::ClientAndServer).then(|| Identity {
                user: s
                    .subject
                    .common_name()
                    .filter(|cn| !cn.is_empty())
                    .map(str::to_string),
                groups: s.subject.get("O").map(str::to_string).collect(),
            });
            let mut signed_by: Vec<Link> = a
                .issuers_of((fi, i))
                .filter(|x| x.name_matches || x.signature == Signature::Valid)
                .map(|x| link(a, x))
                .collect();
            if signed_by.is_empty() {
                // The CA a client certificate is used with, even when the names differ.
                signed_by = a.issuers_of((fi, i)).map(|x| link(a, x)).collect();
            }
            if s.self_issued() && self_check && i < MAX_SELF_CHECKS {
                let sig = super::verify::check(s, &s.public_key);
                signed_by.push(Link {
                    issuer: "itself (self-signed)".into(),
                    verified: match sig {
                        Signature::Valid => Some(true),
                        Signature::Invalid => Some(false),
                        Signature::Unchecked(_) => None,
                    },
                    detail: match sig {
                        Signature::Valid => "its own key verifies the signature".into(),
                        Signature::Invalid => {
                            "its own key does NOT verify the signature: the certificate was altered"
                                .into()
                        }
                        Signature::Unchecked(why) => format!("not checked: {why}"),
                    },
                });
            }
            CertView {
                summary: s.clone(),
                pos: c.pos,
                role,
                status: status(s, a.now),
                not_before: when(s.not_before, a.now),
                not_after: when(s.not_after, a.now),
                identity,
                signed_by,
            }
        })
        .collect()
}

fn key_views(a: &Analysis, fi: usize) -> Vec<KeyView> {
    let Some(field) = a.fields.get(fi) else {
        return Vec::new();
    };
    // The certificate a key is compared with: its pair in the kubeconfig, or
    // the leaf pasted with it.
    let partner = a
        .clients
        .iter()
        .find(|u| u.key == Some(fi))
        .and_then(|u| a.fields.get(u.cert))
        .and_then(|f| f.certs.first())
        .or_else(|| {
            (field.kind == FieldKind::Pasted)
                .then(|| field.leaf())
                .flatten()
        });
    field
        .keys
        .iter()
        .map(|k| {
            let matches = partner.and_then(|c| {
                let name = c.summary.subject.short();
                super::key::matches(&c.summary.public_key.material, &k.summary.public).map(|m| {
                    if m {
                        format!("matches the certificate `{name}`")
                    } else {
                        format!("does NOT match the certificate `{name}`")
                    }
                })
            });
            let problem = k.summary.problem.as_ref().map(|p| match p {
                KeyProblem::Encrypted => {
                    "encrypted with a passphrase: kubectl cannot use it".to_string()
                }
                KeyProblem::Unsupported(why) => format!("not usable by kubectl: {why}"),
                KeyProblem::Malformed(why) => why.clone(),
            });
            KeyView {
                description: k.summary.describe(),
                matches,
                problem,
                pos: k.pos,
            }
        })
        .collect()
}

fn encoding(field: &Field) -> String {
    use super::decode::Layer;
    let layers: Vec<&str> = field
        .decoded
        .layers
        .iter()
        .map(|l| match l {
            Layer::Base64 => "base64",
            Layer::Pem => "PEM",
            Layer::Der => "DER",
        })
        .collect();
    let mut parts = Vec::new();
    let count = |n: usize, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    parts.extend(count(field.certs.len(), "certificate", "certificates"));
    parts.extend(count(field.keys.len(), "private key", "private keys"));
    let csrs = field
        .others
        .iter()
        .filter(|o| o.error.is_none() && o.label.ends_with("CERTIFICATE REQUEST"))
        .count();
    parts.extend(count(
        csrs,
        "certificate signing request",
        "certificate signing requests",
    ));
    parts.extend(count(
        field.others.len() - csrs,
        "other block",
        "other blocks",
    ));
    let content = if parts.is_empty() {
        "nothing readable".to_string()
    } else {
        parts.join(", ")
    };
    if layers.is_empty() {
        content
    } else {
        format!("{}: {content}", layers.join(" → "))
    }
}

/// What the CA in a kubeconfig proves, and what it does not.
pub const CA_MEANING: &str = "kubectl trusts the API server only if the server's certificate chains to one of these CA certificates: that proves the server holds a key this CA certified. It does not prove it is the server you meant — kubectl also checks that the server's certificate names the host in `server` (or `tls-server-name`), and that certificate is only seen on a live connection, so eksplain cannot check it offline.";

/// What a certificate signing request is, and who its certificate would
/// authenticate as.
fn csr_note(subject: &super::model::Name) -> String {
    let user = subject.common_name().filter(|cn| !cn.is_empty());
    let groups: Vec<String> = subject.get("O").map(|o| format!("`{o}`")).collect();
    let who = match (user, groups.is_empty()) {
        (Some(u), true) => format!(" as user `{u}`"),
        (Some(u), false) => format!(" as user `{u}` in groups {}", groups.join(", ")),
        (None, _) => String::new(),
    };
    format!(
        "A certificate signing request (CSR) for `{}`: not a certificate but a request for one, so kubectl cannot use it. Once the cluster's CA signs it (a CertificateSigningRequest with signerName kubernetes.io/kube-apiserver-client, approved), the certificate authenticates{who}; `kubectl get csr NAME -o jsonpath='{{.status.certificate}}'` prints it.",
        subject.display
    )
}

/// The card of one field.
pub fn card(a: &Analysis, fi: usize, openssl: Vec<String>) -> Option<CertCard> {
    let field = a.fields.get(fi)?;
    let mut notes = Vec::new();
    for n in &field.decoded.notes {
        if let super::decode::Note::TooManyBlocks { analysed, total } = n {
            notes.push(format!(
                "The input has {total} PEM blocks; only the first {analysed} were analysed."
            ));
        }
    }
    for block in &field.decoded.blocks {
        if !block.label.ends_with("CERTIFICATE REQUEST") {
            continue;
        }
        if let Some(subject) = super::model::csr_subject(&block.der) {
            notes.push(csr_note(&subject));
        }
    }
    if field.kind == FieldKind::CaData && !field.certs.is_empty() {
        notes.push(CA_MEANING.to_string());
        if field.certs.len() > 1 {
            notes.push("Each certificate here is trusted on its own (a bundle, e.g. old and new CA during a rotation); they need not chain.".into());
        }
    }
    Some(CertCard {
        title: match field.kind {
            FieldKind::Pasted => "Pasted input".into(),
            _ => field.describe(),
        },
        kind: field.kind,
        path: field.path.clone(),
        pos: field.pos,
        encoding: encoding(field),
        certs: cert_views(a, fi, field.kind == FieldKind::Pasted),
        keys: key_views(a, fi),
        notes,
        openssl,
    })
}

/// The explanation of pasted input.
pub fn pasted(a: &Analysis, text: &str) -> Certificates {
    let field = &a.fields[0];
    let der_only = field.decoded.layers.first() == Some(&super::decode::Layer::Base64)
        && field.decoded.layers.get(1) == Some(&super::decode::Layer::Der);
    let file = if der_only { "cert.b64" } else { "cert.pem" };
    let mut cmds = Vec::new();
    let _ = text;
    if der_only {
        cmds.push(format!(
            "base64 -d {file} | openssl x509 -inform der -noout -text -fingerprint -sha256"
        ));
    } else if field.certs.len() > 1 {
        cmds.push(format!("openssl storeutl -noout -text -certs {file}"));
    } else if !field.certs.is_empty() {
        cmds.push(format!(
            "openssl x509 -in {file} -noout -text -fingerprint -sha256"
        ));
    }
    if !field.keys.is_empty() {
        let kf = if field.certs.is_empty() {
            "key.pem"
        } else {
            file
        };
        cmds.push(format!(
            "openssl pkey -in {kf} -noout -text_pub   # the public half only"
        ));
        if !field.certs.is_empty() {
            cmds.push(format!("diff <(openssl x509 -in {file} -pubkey -noout) <(openssl pkey -in {file} -pubout)   # no output: key and certificate match"));
        }
    }
    let card = card(a, 0, cmds).unwrap_or_else(|| CertCard {
        title: "Pasted input".into(),
        kind: FieldKind::Pasted,
        path: Path::root(),
        pos: None,
        encoding: String::new(),
        certs: Vec::new(),
        keys: Vec::new(),
        notes: Vec::new(),
        openssl: Vec::new(),
    });
    Certificates { card }
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("—")
}

impl CertView {
    /// The fields, as `(label, value)` rows in openssl's order.
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let s = &self.summary;
        let crit = |c: bool| if c { " (critical)" } else { "" };
        let mut key = format!(
            "{} ({})",
            s.public_key.alg.describe(),
            s.public_key.algorithm
        );
        if let super::model::KeyAlg::Rsa {
            exponent: Some(e), ..
        } = s.public_key.alg
        {
            key.push_str(&format!(", exponent {e}"));
        }
        if let super::model::KeyAlg::Ec { asn1, .. } = &s.public_key.alg {
            key = format!(
                "{} ({}, {asn1})",
                s.public_key.alg.describe(),
                s.public_key.algorithm
            );
        }
        vec![
            ("Subject", s.subject.display.clone()),
            (
                "Issuer",
                if s.self_issued() {
                    format!("{} (self-issued)", s.issuer.display)
                } else {
                    s.issuer.display.clone()
                },
            ),
            ("Serial", s.serial_display()),
            ("Version", s.version.to_string()),
            ("Not before", self.not_before.clone()),
            ("Not after", self.not_after.clone()),
            ("Public key", key),
            ("Signature", s.signature.name.clone()),
            (
                "SANs",
                if s.sans.is_empty() {
                    "—".into()
                } else {
                    s.sans
                        .iter()
                        .map(|n| n.display())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            ),
            (
                "Basic constraints",
                match &s.basic_constraints {
                    Some(b) => format!(
                        "CA:{}{}{}",
                        if b.ca { "TRUE" } else { "FALSE" },
                        b.path_len
                            .map(|p| format!(", pathlen:{p}"))
                            .unwrap_or_default(),
                        crit(b.critical)
                    ),
                    None => "—".into(),
                },
            ),
            (
                "Key usage",
                match &s.key_usage {
                    Some(k) => format!("{}{}", k.names.join(", "), crit(k.critical)),
                    None => "—".into(),
                },
            ),
            (
                "Extended key usage",
                match &s.ext_key_usage {
                    Some(e) => format!("{}{}", e.names.join(", "), crit(e.critical)),
                    None => "—".into(),
                },
            ),
            ("Subject key ID", opt(&s.subject_key_id).to_string()),
            ("Authority key ID", opt(&s.authority_key_id).to_string()),
            ("SHA-256", s.sha256.clone()),
            ("SHA-1", s.sha1.clone()),
        ]
    }
}

impl CertCard {
    /// The card as plain text (`eksplain explain`).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let at = self
            .pos
            .map(|p| format!(" (line {})", p.line))
            .unwrap_or_default();
        out.push_str(&format!("{}{at} — {}\n", self.title, self.encoding));
        let n = self.certs.len();
        for (i, c) in self.certs.iter().enumerate() {
            let num = if n > 1 {
                format!("[{}] ", i + 1)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "  {num}{} `{}` — {}\n",
                c.role.label(),
                c.summary.subject.short(),
                c.status
            ));
            for (label, value) in c.rows() {
                out.push_str(&format!("      {label:<21}{value}\n"));
            }
            if let Some(id) = &c.identity {
                out.push_str(&format!(
                    "      {:<21}{}\n",
                    "Kubernetes identity",
                    id.describe()
                ));
            }
            for l in &c.signed_by {
                let mark = match l.verified {
                    Some(true) => "✓",
                    Some(false) => "✗",
                    None => "?",
                };
                out.push_str(&format!(
                    "      {:<21}{mark} {}: {}\n",
                    "Chain", l.issuer, l.detail
                ));
            }
        }
        for k in &self.keys {
            out.push_str(&format!("  {} — content not shown\n", k.description));
            if let Some(m) = &k.matches {
                out.push_str(&format!("      {m}\n"));
            }
            if let Some(p) = &k.problem {
                out.push_str(&format!("      {p}\n"));
            }
        }
        for note in &self.notes {
            out.push_str(&format!("  {note}\n"));
        }
        for cmd in &self.openssl {
            out.push_str(&format!("  $ {cmd}\n"));
        }
        out
    }
}

/// The certificates section of a kubeconfig explanation.
pub fn section_text(cards: &[CertCard]) -> String {
    if cards.is_empty() {
        return String::new();
    }
    let mut out = format!("\nCertificates and keys ({}):\n", cards.len());
    for c in cards {
        for line in c.to_text().lines() {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
