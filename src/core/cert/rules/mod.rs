//! Certificate rules (CRTxxx): one file each, with its docs and tests. They
//! run on an [`Analysis`] — pasted input or the `*-data` fields of a
//! kubeconfig — so the same rule speaks for both. The order of [`CHECKS`] is
//! the order of the rule reference.

use super::{Analysis, CertEntry, Field, FieldKind};
use crate::core::deadline::Deadline;
use crate::core::finding::{Finding, Severity, Sink};
use crate::core::rule::{rule_lists, RuleMeta};
use crate::core::source::{LineIndex, Path, Pos};
use crate::core::time::{format_rfc3339, relative};
use crate::core::UnixTime;

pub mod base64_invalid;
pub mod base64_padding_missing;
pub mod base64_url_safe_alphabet;
pub mod base64_whitespace;
pub mod bundle_does_not_chain;
pub mod ca_cannot_sign;
pub mod certificate_expired;
pub mod certificate_expiring_soon;
pub mod certificate_not_yet_valid;
pub mod certificate_unreadable;
pub mod client_cert_not_for_client_auth;
pub mod client_cert_not_signed_by_ca;
pub mod client_cert_without_common_name;
pub mod client_key_mismatch;
pub mod data_pem_not_base64;
pub mod data_wrong_content;
pub mod data_wrong_encoding;
pub mod pem_malformed;
pub mod private_key_encrypted;
pub mod private_key_unsupported;
pub mod system_masters_client_cert;
pub mod weak_rsa_key;
pub mod weak_signature_hash;

/// What every certificate rule gets to look at.
pub struct Cx<'a> {
    pub a: &'a Analysis,
    /// Line index of the pasted text (None for kubeconfig fields, whose
    /// findings point at their key).
    pub lines: Option<&'a LineIndex<'a>>,
}

/// A rule's check.
pub type Check = fn(&Cx, &mut Sink);

rule_lists! {
    Check;
    base64_whitespace,
    base64_padding_missing,
    base64_url_safe_alphabet,
    base64_invalid,
    pem_malformed,
    certificate_unreadable,
    data_wrong_encoding,
    data_pem_not_base64,
    data_wrong_content,
    certificate_expired,
    certificate_not_yet_valid,
    certificate_expiring_soon,
    ca_cannot_sign,
    weak_rsa_key,
    weak_signature_hash,
    bundle_does_not_chain,
    client_cert_not_signed_by_ca,
    client_key_mismatch,
    private_key_encrypted,
    private_key_unsupported,
    system_masters_client_cert,
    client_cert_not_for_client_auth,
    client_cert_without_common_name,
}

/// Runs every certificate rule.
pub fn run(a: &Analysis, lines: Option<&LineIndex>, sink: &mut Sink) {
    let cx = Cx { a, lines };
    for (_, check) in CHECKS {
        check(&cx, sink);
    }
}

/// Shared imports for rule files.
pub mod prelude {
    pub use super::{
        capitalize, cert_label, invalid_time_consequence, kubectl_base64_error, renew_help, report,
        report_cert, report_validity, role, scoped, Cx, Role,
    };
    pub use crate::core::cert::{Field, FieldKind};
    pub use crate::core::finding::{Category, Severity, Sink};
    pub use crate::core::rule::{Domain, RuleMeta};
}

/// `severity`, lowered to a warning for a kubeconfig entry that the current
/// context does not use (kubectl only loads what the context uses).
pub fn scoped(field: &Field, severity: Severity) -> Severity {
    if !field.in_current_context && severity == Severity::Error {
        Severity::Warning
    } else {
        severity
    }
}

/// Reports `rule` about `field` at `pos` (or the field's own position), with
/// the rule's severity scoped to the current context.
pub fn report<'s>(
    sink: &'s mut Sink,
    rule: &'static RuleMeta,
    field: &Field,
    pos: Option<Pos>,
    message: String,
) -> &'s mut Finding {
    let path = field.path.clone();
    sink.report(rule, path, message)
        .at(pos.or(field.pos))
        .with_severity(scoped(field, rule.severity))
}

/// How a message names certificate `i` of `field`: "the certificate `jane`
/// in client-certificate-data of user `jane`", "certificate 2 of 3
/// (`example-intermediate-ca`)".
pub fn cert_label(field: &Field, i: usize) -> String {
    let Some(c) = field.certs.get(i) else {
        return "the certificate".into();
    };
    let name = c.summary.subject.short();
    let which = if field.certs.len() > 1 {
        format!("certificate {} of {} (`{name}`)", i + 1, field.certs.len())
    } else {
        format!("the certificate `{name}`")
    };
    match field.kind {
        FieldKind::Pasted => capitalize(&which),
        _ => format!("{} in {}", capitalize(&which), field.describe()),
    }
}

pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The path of certificate `i` in pasted input (`certificates[1]`); a
/// kubeconfig field's own path otherwise.
pub fn cert_path(field: &Field, i: usize) -> Path {
    match field.kind {
        FieldKind::Pasted => Path::root().k("certificates").i(i),
        _ => field.path.clone(),
    }
}

/// Certificates that act as Kubernetes client certificates: the leaf of a
/// client-certificate-data field, and pasted certificates meant for client
/// authentication.
pub fn client_certs(a: &Analysis) -> impl Iterator<Item = (&Field, usize, &CertEntry)> {
    a.fields.iter().flat_map(|f| {
        f.certs.iter().enumerate().filter_map(move |(i, c)| {
            let is_client = match f.kind {
                FieldKind::ClientCertData => i == 0,
                FieldKind::Pasted => {
                    !c.summary.is_ca()
                        && c.summary
                            .ext_key_usage
                            .as_ref()
                            .is_some_and(|e| e.client_auth && !e.server_auth)
                }
                _ => false,
            };
            is_client.then_some((f, i, c))
        })
    })
}

/// Reports `rule` about certificate `i` of `field`, at the certificate.
pub fn report_cert<'s>(
    sink: &'s mut Sink,
    rule: &'static RuleMeta,
    field: &Field,
    i: usize,
    severity: Severity,
    message: String,
) -> &'s mut Finding {
    let pos = field.certs.get(i).and_then(|c| c.pos).or(field.pos);
    sink.report(rule, cert_path(field, i), message)
        .at(pos)
        .with_severity(scoped(field, severity))
}

/// For a kubeconfig `*-data` value: what kubectl says about a base64 problem
/// at byte `n` of the value. Any such problem anywhere in the file stops
/// kubectl before it looks at the current context.
pub fn kubectl_base64_error(n: usize) -> String {
    format!("kubectl refuses to load the whole file (`error loading config file …: illegal base64 data at input byte {n}`), whatever the current context.")
}

/// Feeds `deadline` every instant at which a certificate's findings or card
/// change: its `Not Before` and `Not After` (judged, and shown relative to now)
/// and the start of its last [`WINDOW_DAYS`](certificate_expiring_soon::WINDOW_DAYS)
/// days (judged only).
pub fn watch_validity(deadline: &mut Deadline, not_before: UnixTime, not_after: UnixTime) {
    deadline.watch(not_before);
    deadline.watch(not_after);
    deadline.threshold(not_after.saturating_sub(certificate_expiring_soon::WINDOW_DAYS * 86_400));
}

/// A certificate's validity period, read against the analysis clock.
pub struct Validity {
    pub not_before: UnixTime,
    pub not_after: UnixTime,
    pub now: UnixTime,
}

/// What the validity-period rules share: reports `rule` at every certificate
/// for which `moment` picks a time, as "LABEL VERB TIME (RELATIVE)TAIL" with
/// `tail(kind)`, and with the renewal help when `renew`. Without a clock,
/// time is not judged and nothing is reported.
pub fn report_validity(
    cx: &Cx,
    sink: &mut Sink,
    rule: &'static RuleMeta,
    verb: &str,
    moment: impl Fn(&Validity) -> Option<UnixTime>,
    tail: impl Fn(Role) -> String,
    renew: bool,
) {
    let Some(now) = cx.a.now else { return };
    for field in &cx.a.fields {
        for (i, c) in field.certs.iter().enumerate() {
            let v = Validity {
                not_before: c.summary.not_before,
                not_after: c.summary.not_after,
                now,
            };
            let Some(t) = moment(&v) else { continue };
            let message = format!(
                "{} {verb} {} ({}){}",
                cert_label(field, i),
                format_rfc3339(t),
                relative(t, now),
                tail(role(field, i))
            );
            let role = role(field, i);
            // A stale copy of a root breaks nothing while the API server's own
            // copy is current (see [`Role::ClientChain`]): a warning.
            let severity = match role {
                Role::ClientChain { root: true } => rule.severity.max(Severity::Warning),
                _ => rule.severity,
            };
            let f = report_cert(sink, rule, field, i, severity, message);
            if renew {
                f.with_help(renew_help(role));
            }
        }
    }
}

/// What a certificate is to kubectl, by the field it is in and its place there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// In certificate-authority-data: what kubectl checks the API server with.
    Ca,
    /// The first certificate of client-certificate-data: the client certificate.
    Client,
    /// A later certificate of client-certificate-data. kubectl (Go's TLS
    /// client) sends every certificate of the field, in order, and checks
    /// nothing with them; the API server verifies the first against its own
    /// client CA (`--client-ca-file`, the roots) and uses the rest only as
    /// intermediates. `root` when the certificate is self-issued.
    ClientChain { root: bool },
    /// Pasted, or any other field.
    Other,
}

/// The [`Role`] of certificate `i` of `field`.
pub fn role(field: &Field, i: usize) -> Role {
    match field.kind {
        FieldKind::CaData => Role::Ca,
        FieldKind::ClientCertData if i == 0 => Role::Client,
        FieldKind::ClientCertData => Role::ClientChain {
            root: field.certs.get(i).is_some_and(|c| c.summary.self_issued()),
        },
        _ => Role::Other,
    }
}

/// What happens when a certificate in this role is outside its validity period.
pub fn invalid_time_consequence(role: Role) -> &'static str {
    match role {
        Role::Ca => "kubectl rejects every server certificate this CA signed (`x509: certificate signed by unknown authority`, because the authority itself is out of date)",
        Role::Client => "the API server rejects it and kubectl reports `error: You must be logged in to the server (Unauthorized)`",
        // Go's chain building tries the API server's own roots before the
        // intermediates the client sent, so a stale copy of a root that is
        // current on the server is never used.
        Role::ClientChain { root: true } => "kubectl sends this CA along with the client certificate, but the API server checks the client certificate against its own client CA (`--client-ca-file`), not against this copy: the login fails (`Unauthorized`) only if the cluster's CA is this very certificate",
        Role::ClientChain { root: false } => "kubectl sends this CA along with the client certificate so the API server can link it to its client CA (`--client-ca-file`): if the link runs through this certificate and the API server has no valid copy of it, the login fails (`Unauthorized`)",
        Role::Other => "TLS clients and servers (kubectl, the API server) reject it",
    }
}

/// How to get a fresh certificate in this role.
pub fn renew_help(role: Role) -> &'static str {
    match role {
        Role::Ca => "Fetch the cluster's current CA (EKS: `aws eks update-kubeconfig`; kubeadm: /etc/kubernetes/pki/ca.crt) and replace certificate-authority-data.",
        Role::Client => "Renew the client certificate (kubeadm: `kubeadm certs renew admin.conf` or `kubeadm kubeconfig user --client-name NAME`; or a new CertificateSigningRequest) and replace client-certificate-data.",
        Role::ClientChain { root: true } => "Remove this CA from client-certificate-data: the field needs only the client certificate and any intermediate CAs, and kubectl never checks the server with it (certificate-authority-data does). If it is the cluster's CA, the cluster's CA itself must be renewed (kubeadm: /etc/kubernetes/pki/ca.crt).",
        Role::ClientChain { root: false } => "Replace it with the current certificate of the intermediate CA that signed the client certificate, or remove it if the API server's --client-ca-file already holds that intermediate.",
        Role::Other => "Issue a new certificate; check it with `openssl x509 -noout -dates`.",
    }
}

#[cfg(test)]
pub mod testing {
    use crate::core::testing as t;

    /// `(code, line, severity)` of every finding for a text, analysed with
    /// detection at the documentation clock.
    pub fn findings(text: &str) -> Vec<(&'static str, Option<u32>, &'static str)> {
        t::rows(&t::detected(text))
    }

    /// The lines at which `code` fires.
    pub fn lines_of(code: &str, text: &str) -> Vec<u32> {
        t::lines_of(code, &t::detected(text))
    }

    /// The messages of `code`'s findings.
    pub fn messages_of(code: &str, text: &str) -> Vec<String> {
        t::messages_of(code, &t::detected(text))
    }
}
