//! Certificates and keys: decode what was pasted (PEM, bundles, base64, DER)
//! or embedded in a kubeconfig (`certificate-authority-data`,
//! `client-certificate-data`, `client-key-data`), summarise each certificate
//! like `openssl x509 -text`, check signatures and key pairs offline, and say
//! what it all means for Kubernetes access.
//!
//! The flow: [`decode`] text → blocks; [`model`] / [`key`] blocks → owned
//! summaries ([`Field`]); relations between fields (who signed whom, which key
//! belongs to which certificate) are computed once into an [`Analysis`]; the
//! [`rules`] read it and report; [`card`] turns it into the explanation.

pub mod card;
pub mod decode;
pub mod der;
pub mod key;
pub mod kubeconfig;
pub mod model;
pub mod oids;
pub mod rules;
pub mod verify;

pub use card::{CertCard, Certificates};

use super::finding::{Finding, NoPositions, Sink};
use super::report::{Explanation, Options};
use super::source::{LineIndex, Path, Pos};
use super::UnixTime;
use decode::{Decoded, Expect};
use key::KeySummary;
use model::CertSummary;

/// Signature checks made per analysis, at most.
pub const MAX_SIGNATURE_CHECKS: usize = 100;

/// What a decoded value is supposed to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum FieldKind {
    /// Pasted or dropped: whatever it is.
    Pasted,
    /// `clusters[].cluster.certificate-authority-data`
    CaData,
    /// `users[].user.client-certificate-data`
    ClientCertData,
    /// `users[].user.client-key-data`
    ClientKeyData,
}

impl FieldKind {
    pub fn key(self) -> &'static str {
        match self {
            FieldKind::Pasted => "input",
            FieldKind::CaData => "certificate-authority-data",
            FieldKind::ClientCertData => "client-certificate-data",
            FieldKind::ClientKeyData => "client-key-data",
        }
    }
}

/// A certificate found in a field.
#[derive(Clone, Debug, PartialEq)]
pub struct CertEntry {
    pub summary: CertSummary,
    /// Where its PEM block starts (pasted input), else None.
    pub pos: Option<Pos>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct KeyEntry {
    pub summary: KeySummary,
    pub pos: Option<Pos>,
}

/// A block that should have been a certificate but does not parse, or a
/// block of another kind (CSR, public key, CRL).
#[derive(Clone, Debug, PartialEq)]
pub struct OtherBlock {
    pub label: String,
    /// Why a certificate block does not parse; None for other kinds of block.
    pub error: Option<String>,
    pub pos: Option<Pos>,
}

/// One decoded value: a pasted text or one kubeconfig `*-data` field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub kind: FieldKind,
    /// The cluster or user entry's name (kubeconfig).
    pub entry: Option<String>,
    pub path: Path,
    /// Where findings about the field as a whole point.
    pub pos: Option<Pos>,
    /// Shared (`Rc`): a kubeconfig often embeds the same CA in hundreds of
    /// clusters, and each copy of the field shares one decoding.
    pub decoded: std::rc::Rc<Decoded>,
    pub certs: std::rc::Rc<[CertEntry]>,
    pub keys: Vec<KeyEntry>,
    pub others: Vec<OtherBlock>,
    /// False for a kubeconfig entry that the current context does not use:
    /// its errors are reported as warnings (kubectl only loads what it uses).
    pub in_current_context: bool,
}

impl Field {
    /// Decodes `text` as a field of `kind`. `lines` maps offsets to positions
    /// when the field is the whole pasted text.
    pub fn decode(
        kind: FieldKind,
        text: &str,
        path: Path,
        pos: Option<Pos>,
        lines: Option<&LineIndex>,
    ) -> Field {
        let expect = if kind == FieldKind::Pasted {
            Expect::Any
        } else {
            Expect::Base64OfPem
        };
        let mut decoded = decode::decode(text, expect);
        let mut certs = Vec::new();
        let mut f = Field {
            kind,
            entry: None,
            path,
            pos,
            decoded: Default::default(),
            certs: std::rc::Rc::from([]),
            keys: Vec::new(),
            others: Vec::new(),
            in_current_context: true,
        };
        for block in &decoded.blocks {
            let bpos = block.offset.and_then(|o| lines.map(|l| l.pos(o))).or(pos);
            let label = block.label.as_str();
            if key::is_key_label(label) {
                f.keys.push(KeyEntry {
                    summary: key::summarize(label, &block.der, block.encrypted_header),
                    pos: bpos,
                });
            } else if matches!(
                label,
                "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" | ""
            ) {
                match model::summarize(&block.der) {
                    Ok(summary) => certs.push(CertEntry { summary, pos: bpos }),
                    Err(_) if label.is_empty() && key_like(&block.der) => f.keys.push(KeyEntry {
                        summary: key::summarize("", &block.der, false),
                        pos: bpos,
                    }),
                    Err(error) => f.others.push(OtherBlock {
                        label: if label.is_empty() {
                            "DER".into()
                        } else {
                            label.into()
                        },
                        error: Some(error),
                        pos: bpos,
                    }),
                }
            } else {
                f.others.push(OtherBlock {
                    label: label.to_string(),
                    error: None,
                    pos: bpos,
                });
            }
        }
        // Keep no private key material past this point: only its summary.
        let key_count = f.keys.len();
        if key_count > 0 {
            for block in &mut decoded.blocks {
                if key::is_key_label(&block.label) || block.label.is_empty() {
                    block.der = Vec::new();
                }
            }
        }
        f.decoded = decoded.into();
        f.certs = certs.into();
        f
    }

    /// The position of a byte offset in the input, for pasted text.
    pub fn at(&self, offset: Option<usize>, lines: Option<&LineIndex>) -> Option<Pos> {
        offset.and_then(|o| lines.map(|l| l.pos(o))).or(self.pos)
    }

    /// "certificate-authority-data of cluster `kind-kind`" / "the input".
    pub fn describe(&self) -> String {
        match (&self.entry, self.kind) {
            (_, FieldKind::Pasted) => "the input".into(),
            (Some(e), FieldKind::CaData) => format!("certificate-authority-data of cluster `{e}`"),
            (Some(e), k) => format!("{} of user `{e}`", k.key()),
            (None, k) => k.key().into(),
        }
    }

    /// `describe()` as the subject of a sentence: "The client-key-data of user `jane`".
    pub fn subject(&self) -> String {
        match self.kind {
            FieldKind::Pasted => "The input".into(),
            _ => format!("The {}", self.describe()),
        }
    }

    /// The leaf: the first certificate that is not a CA, else the first.
    pub fn leaf(&self) -> Option<&CertEntry> {
        self.certs
            .iter()
            .find(|c| !c.summary.is_ca())
            .or(self.certs.first())
    }
}

/// A bare DER blob that is a private key rather than a certificate.
fn key_like(der_bytes: &[u8]) -> bool {
    key::summarize("", der_bytes, false).problem.is_none()
}

/// A (child certificate, candidate issuer) pair and what checking it found.
#[derive(Clone, Debug, PartialEq)]
pub struct Issuance {
    /// (field index, certificate index) of the certificate checked.
    pub child: (usize, usize),
    /// (field index, certificate index) of the candidate issuer.
    pub issuer: (usize, usize),
    /// The child's issuer name is the candidate's subject name (byte for byte).
    pub name_matches: bool,
    pub signature: verify::Signature,
}

/// A client certificate and what it is used with (kubeconfig contexts).
#[derive(Clone, Debug, PartialEq)]
pub struct ClientUse {
    /// Field index of the client-certificate-data.
    pub cert: usize,
    /// Field index of the client-key-data, if any.
    pub key: Option<usize>,
    /// Field indices of the certificate-authority-data of the clusters it is used with.
    pub cas: Vec<usize>,
    /// Names of the contexts that pair them, for messages.
    pub contexts: Vec<String>,
}

/// Everything the rules and the cards look at.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Analysis {
    pub fields: Vec<Field>,
    pub clients: Vec<ClientUse>,
    /// Signature checks: client certificates against their clusters' CAs, and
    /// each certificate of a pasted bundle against the others.
    pub issuances: Vec<Issuance>,
    pub now: Option<UnixTime>,
}

impl Analysis {
    pub fn cert(&self, (f, c): (usize, usize)) -> Option<&CertEntry> {
        self.fields.get(f)?.certs.get(c)
    }

    /// The checks made for one certificate.
    pub fn issuers_of(&self, child: (usize, usize)) -> impl Iterator<Item = &Issuance> {
        self.issuances.iter().filter(move |i| i.child == child)
    }

    /// Checks `child` against `issuer` and records it. At most
    /// [`MAX_SIGNATURE_CHECKS`] are made per analysis (as Go bounds chain
    /// building), so a hostile paste cannot make the page hang.
    pub fn check_issuance(&mut self, child: (usize, usize), issuer: (usize, usize)) {
        if self.issuances.len() >= MAX_SIGNATURE_CHECKS {
            return;
        }
        let (Some(c), Some(i)) = (self.cert(child), self.cert(issuer)) else {
            return;
        };
        if c.summary.der == i.summary.der {
            return; // the same certificate twice in a bundle
        }
        let name_matches = c.summary.issuer.raw == i.summary.subject.raw;
        let signature = verify::check(&c.summary, &i.summary.public_key);
        self.issuances.push(Issuance {
            child,
            issuer,
            name_matches,
            signature,
        });
    }

    /// Signature checks inside one pasted field: each certificate against
    /// the certificates whose subject is its issuer name (bounded: names
    /// first, so a bundle of n certificates costs about n checks).
    pub fn check_bundle(&mut self, field: usize) {
        let n = self.fields.get(field).map(|f| f.certs.len()).unwrap_or(0);
        for child in 0..n {
            let candidates: Vec<usize> = (0..n)
                .filter(|&i| {
                    let f = &self.fields[field];
                    i != child
                        && f.certs[child].summary.issuer.raw == f.certs[i].summary.subject.raw
                })
                .take(4)
                .collect();
            for issuer in candidates {
                self.check_issuance((field, child), (field, issuer));
            }
        }
    }
}

/// Analyses pasted text as certificates and keys.
pub fn analyze(text: &str, opts: &Options) -> (Vec<Finding>, Explanation) {
    let (findings, explanation, _) = analyze_timed(text, opts);
    (findings, explanation)
}

/// [`analyze`], and when the report stops being true
/// ([`rules::watch_validity`]).
pub fn analyze_timed(text: &str, opts: &Options) -> (Vec<Finding>, Explanation, Option<UnixTime>) {
    let lines = LineIndex::new(text);
    let field = Field::decode(
        FieldKind::Pasted,
        text,
        Path::root(),
        Some(Pos::new(1, 1)),
        Some(&lines),
    );
    let mut a = Analysis {
        fields: vec![field],
        now: opts.now,
        ..Analysis::default()
    };
    a.check_bundle(0);
    let mut sink = Sink::new(&NoPositions);
    rules::run(&a, Some(&lines), &mut sink);
    let explanation = card::pasted(&a, text);
    let mut deadline = super::deadline::Deadline::new(opts.now);
    for c in a.fields.iter().flat_map(|f| f.certs.iter()) {
        rules::watch_validity(&mut deadline, c.summary.not_before, c.summary.not_after);
    }
    (
        sink.into_findings(),
        Explanation::Certificates(Box::new(explanation)),
        deadline.next(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_keeps_no_private_key_material() {
        let text = include_str!("../../../tests/fixtures/certs/client-jane-ec-with-key.pem");
        let f = Field::decode(FieldKind::Pasted, text, Path::root(), None, None);
        assert_eq!((f.certs.len(), f.keys.len()), (1, 1));
        let key_block = f
            .decoded
            .blocks
            .iter()
            .find(|b| b.label == "EC PRIVATE KEY")
            .unwrap();
        assert!(key_block.der.is_empty());
        let cert_block = f.decoded.blocks.iter().find(|b| b.label == "CERTIFICATE");
        assert!(!cert_block.unwrap().der.is_empty());
    }

    #[test]
    fn signature_checks_are_bounded() {
        // 200 copies of a three-certificate chain: each certificate has 199
        // same-named candidate issuers.
        let pem = include_str!("../../../tests/fixtures/certs/bundle-chain.pem").repeat(200);
        let field = Field::decode(FieldKind::Pasted, &pem, Path::root(), None, None);
        assert_eq!(field.certs.len(), decode::MAX_BLOCKS);
        let mut a = Analysis {
            fields: vec![field],
            ..Analysis::default()
        };
        a.check_bundle(0);
        assert!(a.issuances.len() <= MAX_SIGNATURE_CHECKS);
        assert!(a
            .issuances
            .iter()
            .all(|i| i.signature == verify::Signature::Valid));
    }
}
