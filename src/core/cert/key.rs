//! Private keys: what kind they are and which public key they belong to —
//! never their content. The private scalar is read only to derive the public
//! key (for EC and Ed25519 keys that do not carry it) and dropped at once;
//! nothing of it is stored, shown or compared.
//!
//! Formats are the ones Go's `tls.X509KeyPair` (so kubectl) reads: PKCS#1
//! (`RSA PRIVATE KEY`), SEC1 (`EC PRIVATE KEY`) and unencrypted PKCS#8
//! (`PRIVATE KEY`). Anything else is recognised and reported as unusable.

use super::der;
use super::model::{ec_info, rsa_parts, KeyAlg, PublicMaterial};
use super::oids;
use p256::elliptic_curve::sec1::ToSec1Point;

/// How the key is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyFormat {
    /// `RSA PRIVATE KEY`
    Pkcs1,
    /// `EC PRIVATE KEY`
    Sec1,
    /// `PRIVATE KEY`
    Pkcs8,
    /// `ENCRYPTED PRIVATE KEY`
    EncryptedPkcs8,
    /// A traditional PEM key with `Proc-Type: 4,ENCRYPTED`.
    LegacyEncrypted,
    /// `OPENSSH PRIVATE KEY`, `DSA PRIVATE KEY`, PuTTY, …
    Other(String),
}

impl KeyFormat {
    pub fn describe(&self) -> String {
        match self {
            KeyFormat::Pkcs1 => "PKCS#1 (`RSA PRIVATE KEY`)".into(),
            KeyFormat::Sec1 => "SEC 1 (`EC PRIVATE KEY`)".into(),
            KeyFormat::Pkcs8 => "PKCS#8 (`PRIVATE KEY`)".into(),
            KeyFormat::EncryptedPkcs8 => "encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`)".into(),
            KeyFormat::LegacyEncrypted => {
                "password-encrypted PEM (`Proc-Type: 4,ENCRYPTED`)".into()
            }
            KeyFormat::Other(label) => format!("`{label}`"),
        }
    }
}

/// Why a key cannot be used by kubectl.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// Protected by a passphrase; kubectl cannot prompt for it.
    Encrypted,
    /// A format or algorithm Go's TLS stack does not load.
    Unsupported(String),
    /// Not valid DER for its label.
    Malformed(String),
}

/// What eksplain tells about a private key. Contains no secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySummary {
    pub format: KeyFormat,
    pub alg: Option<KeyAlg>,
    /// The public half, derived from the key: compared with certificates.
    pub public: PublicMaterial,
    pub problem: Option<KeyProblem>,
}

impl KeySummary {
    /// "EC P-256 private key, SEC 1 (`EC PRIVATE KEY`)".
    pub fn describe(&self) -> String {
        let alg = self
            .alg
            .as_ref()
            .map(|a| format!("{} private key", a.describe()))
            .unwrap_or_else(|| "private key".into());
        format!("{alg}, {}", self.format.describe())
    }
}

/// True when a PEM label names a private key.
pub fn is_key_label(label: &str) -> bool {
    label.ends_with("PRIVATE KEY")
}

/// Reads a private key block. `label` is the PEM label, or empty for bare DER
/// (then the DER structure decides).
pub fn summarize(label: &str, der_bytes: &[u8], encrypted_header: bool) -> KeySummary {
    let format = match label {
        _ if encrypted_header => KeyFormat::LegacyEncrypted,
        "RSA PRIVATE KEY" => KeyFormat::Pkcs1,
        "EC PRIVATE KEY" => KeyFormat::Sec1,
        "PRIVATE KEY" => KeyFormat::Pkcs8,
        "ENCRYPTED PRIVATE KEY" => KeyFormat::EncryptedPkcs8,
        "" => return sniff(der_bytes),
        other => KeyFormat::Other(other.to_string()),
    };
    let mut k = KeySummary {
        format: format.clone(),
        alg: None,
        public: PublicMaterial::Unsupported,
        problem: None,
    };
    let parsed = match format {
        KeyFormat::Pkcs1 => pkcs1(der_bytes),
        KeyFormat::Sec1 => sec1(der_bytes, None),
        KeyFormat::Pkcs8 => pkcs8(der_bytes),
        KeyFormat::EncryptedPkcs8 | KeyFormat::LegacyEncrypted => {
            k.problem = Some(KeyProblem::Encrypted);
            if format == KeyFormat::LegacyEncrypted {
                k.alg = match label {
                    "RSA PRIVATE KEY" => Some(KeyAlg::Rsa {
                        bits: 0,
                        exponent: None,
                    }),
                    _ => None,
                };
            }
            return k;
        }
        KeyFormat::Other(ref l) => {
            k.problem = Some(KeyProblem::Unsupported(match l.as_str() {
                "OPENSSH PRIVATE KEY" => "an OpenSSH key; kubectl reads only PEM keys in PKCS#1, SEC 1 or PKCS#8 form (convert with `ssh-keygen -p -m PEM -f KEY`)".into(),
                "DSA PRIVATE KEY" => "a DSA key; Go's TLS (kubectl) supports only RSA, ECDSA and Ed25519 keys".into(),
                _ => format!("a `{l}` block; kubectl reads only `RSA PRIVATE KEY`, `EC PRIVATE KEY` and `PRIVATE KEY`"),
            }));
            return k;
        }
    };
    match parsed {
        Ok((alg, public)) => {
            k.alg = Some(alg);
            k.public = public;
        }
        Err(p) => k.problem = Some(p),
    }
    k
}

/// Bare DER: try PKCS#8, then PKCS#1, then SEC 1.
fn sniff(d: &[u8]) -> KeySummary {
    for (format, result) in [
        (KeyFormat::Pkcs8, pkcs8(d)),
        (KeyFormat::Pkcs1, pkcs1(d)),
        (KeyFormat::Sec1, sec1(d, None)),
    ] {
        if let Ok((alg, public)) = result {
            return KeySummary {
                format,
                alg: Some(alg),
                public,
                problem: None,
            };
        }
    }
    KeySummary {
        format: KeyFormat::Other("DER".into()),
        alg: None,
        public: PublicMaterial::Unsupported,
        problem: Some(KeyProblem::Malformed(
            "the DER is neither a certificate nor a private key".into(),
        )),
    }
}

type Parsed = Result<(KeyAlg, PublicMaterial), KeyProblem>;

fn malformed(what: &str) -> KeyProblem {
    KeyProblem::Malformed(format!("the {what} structure is malformed or truncated"))
}

/// RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, … }: n and e are public.
fn pkcs1(d: &[u8]) -> Parsed {
    let (seq, _) = der::expect(d, der::SEQUENCE).ok_or_else(|| malformed("PKCS#1"))?;
    match der::children(seq).as_slice() {
        [v, n, e, _d, ..] if [v.tag, n.tag, e.tag] == [der::INTEGER; 3] => {
            let (alg, material) = rsa_parts(der::unsigned(n.value), der::unsigned(e.value));
            Ok((alg, material))
        }
        _ => Err(malformed("PKCS#1")),
    }
}

/// ECPrivateKey ::= SEQUENCE { 1, privateKey OCTET STRING, [0] curve OID, [1] publicKey }.
/// `curve_oid` comes from PKCS#8 when the inner structure omits it.
fn sec1(d: &[u8], curve_oid: Option<String>) -> Parsed {
    let (seq, _) = der::expect(d, der::SEQUENCE).ok_or_else(|| malformed("SEC 1"))?;
    let items = der::children(seq);
    let scalar = match items.as_slice() {
        [v, s, ..] if v.tag == der::INTEGER && s.tag == der::OCTET_STRING => s.value,
        _ => return Err(malformed("SEC 1")),
    };
    let named = items
        .iter()
        .find(|t| t.tag == 0xa0)
        .and_then(|t| der::expect(t.value, der::OID))
        .and_then(|(oid, _)| der::oid_string(oid));
    let Some(curve) = named.or(curve_oid) else {
        return Err(KeyProblem::Unsupported(
            "an EC key without a named curve".into(),
        ));
    };
    let embedded = items
        .iter()
        .find(|t| t.tag == 0xa1)
        .and_then(|t| der::expect(t.value, der::BIT_STRING))
        .and_then(|(bits, _)| bits.split_first().map(|(_, p)| p.to_vec()));
    let point = match derive_ec_point(&curve, scalar) {
        Some(p) => p,
        // Curves eksplain has no arithmetic for: trust the embedded public key.
        None => embedded.unwrap_or_default(),
    };
    let (alg, material) = ec_info(&curve, &point);
    if point.is_empty() {
        return Ok((alg, PublicMaterial::Unsupported));
    }
    Ok((alg, material))
}

/// The uncompressed public point of a private scalar on P-256 or P-384.
fn derive_ec_point(curve_oid: &str, scalar: &[u8]) -> Option<Vec<u8>> {
    match oids::curve(curve_oid)?.0 {
        "P-256" => p256::SecretKey::from_slice(scalar)
            .ok()
            .map(|k| k.public_key().to_sec1_point(false).as_bytes().to_vec()),
        "P-384" => p384::SecretKey::from_slice(scalar)
            .ok()
            .map(|k| k.public_key().to_sec1_point(false).as_bytes().to_vec()),
        _ => None,
    }
}

/// PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, privateKey OCTET STRING, … }.
fn pkcs8(d: &[u8]) -> Parsed {
    let (seq, _) = der::expect(d, der::SEQUENCE).ok_or_else(|| malformed("PKCS#8"))?;
    let items = der::children(seq);
    let (alg_id, key) = match items.as_slice() {
        [v, a, k, ..]
            if v.tag == der::INTEGER && a.tag == der::SEQUENCE && k.tag == der::OCTET_STRING =>
        {
            (a.value, k.value)
        }
        _ => return Err(malformed("PKCS#8")),
    };
    let alg_items = der::children(alg_id);
    let oid = alg_items
        .first()
        .filter(|t| t.tag == der::OID)
        .and_then(|t| der::oid_string(t.value))
        .ok_or_else(|| malformed("PKCS#8"))?;
    match oid.as_str() {
        oids::RSA_ENCRYPTION | oids::RSASSA_PSS => pkcs1(key),
        oids::EC_PUBLIC_KEY => {
            let curve = alg_items
                .get(1)
                .filter(|t| t.tag == der::OID)
                .and_then(|t| der::oid_string(t.value));
            sec1(key, curve)
        }
        oids::ED25519 => {
            let (seed, _) =
                der::expect(key, der::OCTET_STRING).ok_or_else(|| malformed("Ed25519"))?;
            let seed: [u8; 32] = seed.try_into().map_err(|_| malformed("Ed25519"))?;
            let public = ed25519_dalek::SigningKey::from_bytes(&seed)
                .verifying_key()
                .to_bytes();
            Ok((KeyAlg::Ed25519, PublicMaterial::Ed25519(public.to_vec())))
        }
        oids::ED448 => Err(KeyProblem::Unsupported(
            "an Ed448 key; Go's TLS (kubectl) supports only RSA, ECDSA and Ed25519 keys".into(),
        )),
        oids::X25519 => Err(KeyProblem::Unsupported(
            "an X25519 key-agreement key; it cannot sign, so it cannot be a TLS client key".into(),
        )),
        other => Err(KeyProblem::Unsupported(format!(
            "a key of algorithm {}; Go's TLS (kubectl) supports only RSA, ECDSA and Ed25519 keys",
            oids::key_algorithm(other).unwrap_or(other)
        ))),
    }
}

/// Whether a key's public half is the certificate's public key. None when
/// eksplain cannot tell (an algorithm it has no arithmetic for).
pub fn matches(cert: &PublicMaterial, key: &PublicMaterial) -> Option<bool> {
    use PublicMaterial::*;
    match (cert, key) {
        (Unsupported, _) | (_, Unsupported) => None,
        (Rsa { n: n1, e: e1 }, Rsa { n: n2, e: e2 }) => Some(n1 == n2 && e1 == e2),
        (
            Ec {
                curve_oid: c1,
                point: p1,
            },
            Ec {
                curve_oid: c2,
                point: p2,
            },
        ) => {
            if c1 != c2 {
                return Some(false);
            }
            Some(normalize_point(c1, p1)? == normalize_point(c2, p2)?)
        }
        (Ed25519(a), Ed25519(b)) => Some(a == b),
        _ => Some(false),
    }
}

/// A SEC1 point in uncompressed form (certificates may hold it compressed).
fn normalize_point(curve_oid: &str, point: &[u8]) -> Option<Vec<u8>> {
    match oids::curve(curve_oid).map(|c| c.0) {
        Some("P-256") => p256::PublicKey::from_sec1_bytes(point)
            .ok()
            .map(|k| k.to_sec1_point(false).as_bytes().to_vec()),
        Some("P-384") => p384::PublicKey::from_sec1_bytes(point)
            .ok()
            .map(|k| k.to_sec1_point(false).as_bytes().to_vec()),
        _ => Some(point.to_vec()),
    }
}
