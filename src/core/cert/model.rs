//! The owned summary of one certificate: every field `openssl x509 -noout
//! -text` shows that matters for Kubernetes access, named as openssl names it.
//! Built from x509-parser's borrowed view at once, so nothing downstream
//! holds a borrow of the input. The DER is kept for fingerprints and for
//! signature checks ([`super::verify`]).

use super::der;
use super::oids::{self, Hash, SigKind};
use crate::core::UnixTime;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};
use x509_parser::signature_algorithm::RsaSsaPssParams;

/// A distinguished name: its attributes in order, and openssl's rendering.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Name {
    /// (short name such as `CN`, value), in encoding order.
    pub attributes: Vec<(String, String)>,
    /// `O = system:masters, CN = kubernetes-admin`, as `openssl x509 -text` prints it.
    pub display: String,
    /// The DER, compared byte for byte when matching issuer to subject (as Go does).
    pub raw: Vec<u8>,
}

impl Name {
    pub fn get(&self, attr: &str) -> impl Iterator<Item = &str> + '_ {
        let attr = attr.to_string();
        self.attributes
            .iter()
            .filter(move |(a, _)| *a == attr)
            .map(|(_, v)| v.as_str())
    }
    pub fn common_name(&self) -> Option<&str> {
        self.get("CN").next()
    }
    /// The CN if there is one, else the whole name: how a card titles a certificate.
    pub fn short(&self) -> String {
        match self.common_name() {
            Some(cn) if !cn.is_empty() => cn.to_string(),
            _ if self.display.is_empty() => "(empty name)".into(),
            _ => self.display.clone(),
        }
    }
}

/// The algorithm and size of a public key.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum KeyAlg {
    Rsa {
        bits: u32,
        exponent: Option<u64>,
    },
    Ec {
        #[cfg_attr(
            any(test, target_arch = "wasm32"),
            serde(with = "crate::core::wire::opt_static_str")
        )]
        curve: Option<crate::core::StaticStr>,
        asn1: String,
        bits: u32,
    },
    Ed25519,
    Ed448,
    Dsa {
        bits: u32,
    },
    Other {
        oid: String,
    },
}

impl KeyAlg {
    /// "RSA 2048 bit", "EC P-256", "Ed25519".
    pub fn describe(&self) -> String {
        match self {
            KeyAlg::Rsa { bits, .. } => format!("RSA {bits} bit"),
            KeyAlg::Ec { curve: Some(c), .. } => format!("EC {c}"),
            KeyAlg::Ec { asn1, bits, .. } => format!("EC {asn1} ({bits} bit)"),
            KeyAlg::Ed25519 => "Ed25519".into(),
            KeyAlg::Ed448 => "Ed448".into(),
            KeyAlg::Dsa { bits } => format!("DSA {bits} bit"),
            KeyAlg::Other { oid } => format!("unknown algorithm {oid}"),
        }
    }
}

/// The public key itself, enough to verify signatures and match private keys.
/// Public data: safe to keep and compare.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum PublicMaterial {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    /// An uncompressed or compressed SEC1 point on the named curve.
    Ec {
        curve_oid: String,
        point: Vec<u8>,
    },
    Ed25519(Vec<u8>),
    Unsupported,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct PublicKeyInfo {
    /// openssl's name: `rsaEncryption`, `id-ecPublicKey`, `ED25519`.
    pub algorithm: String,
    pub alg: KeyAlg,
    pub material: PublicMaterial,
}

/// RSASSA-PSS parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct PssParams {
    pub hash: Option<Hash>,
    pub mgf_hash: Option<Hash>,
    pub salt_len: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct SignatureAlg {
    pub oid: String,
    /// openssl's name (`sha256WithRSAEncryption`), or the OID when unknown.
    pub name: String,
    pub kind: SigKind,
    pub hash: Option<Hash>,
    pub pss: Option<PssParams>,
}

/// A subject alternative name.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum San {
    Dns(String),
    Ip(String),
    Uri(String),
    Email(String),
    Other(String),
}

impl San {
    /// openssl's form: `DNS:kubernetes`, `IP Address:10.96.0.1`.
    pub fn display(&self) -> String {
        match self {
            San::Dns(v) => format!("DNS:{v}"),
            San::Ip(v) => format!("IP Address:{v}"),
            San::Uri(v) => format!("URI:{v}"),
            San::Email(v) => format!("email:{v}"),
            San::Other(v) => v.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct BasicConstraints {
    pub ca: bool,
    pub path_len: Option<u32>,
    pub critical: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct KeyUsage {
    /// openssl's names: `Digital Signature`, `Certificate Sign`, …
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_strs")
    )]
    pub names: Vec<&'static str>,
    pub cert_sign: bool,
    pub critical: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct ExtKeyUsage {
    /// openssl's names (`TLS Web Client Authentication`) or dotted OIDs.
    pub names: Vec<String>,
    pub client_auth: bool,
    pub server_auth: bool,
    pub any: bool,
    pub critical: bool,
}

/// Everything eksplain knows about one certificate. No secrets in here.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct CertSummary {
    pub der: Vec<u8>,
    /// 1, 2 or 3.
    pub version: u32,
    /// Lower-case colon hex of the serial's magnitude, as openssl prints long serials.
    pub serial_hex: String,
    /// The serial in decimal when it fits in 64 bits (openssl prints `4096 (0x1000)`).
    pub serial_decimal: Option<u64>,
    pub subject: Name,
    pub issuer: Name,
    pub not_before: UnixTime,
    pub not_after: UnixTime,
    pub public_key: PublicKeyInfo,
    pub signature: SignatureAlg,
    pub sans: Vec<San>,
    pub basic_constraints: Option<BasicConstraints>,
    pub key_usage: Option<KeyUsage>,
    pub ext_key_usage: Option<ExtKeyUsage>,
    /// Upper-case colon hex, as openssl prints key identifiers.
    pub subject_key_id: Option<String>,
    pub authority_key_id: Option<String>,
    /// openssl's headings of every extension present (`X509v3 Key Usage`), with criticality.
    pub extensions: Vec<(String, bool)>,
    /// `AB:CD:…` (upper-case), as `openssl x509 -fingerprint -sha256` prints it.
    pub sha256: String,
    pub sha1: String,
}

impl CertSummary {
    /// Subject and issuer are the same name (a root, or a self-signed leaf).
    pub fn self_issued(&self) -> bool {
        self.subject.raw == self.issuer.raw
    }
    /// basicConstraints CA:TRUE.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints.is_some_and(|b| b.ca)
    }
    /// What Go requires of a certificate that signs another (`CheckSignatureFrom`):
    /// CA:TRUE (for v3), and keyCertSign if a key usage is present.
    pub fn can_sign_certificates(&self) -> bool {
        let ca_ok = match self.basic_constraints {
            Some(b) => b.ca,
            None => self.version < 3,
        };
        ca_ok && self.key_usage.as_ref().is_none_or(|k| k.cert_sign)
    }
    /// The serial as openssl prints it: `4096 (0x1000)` or colon hex.
    pub fn serial_display(&self) -> String {
        match self.serial_decimal {
            Some(d) => format!("{d} (0x{d:x})"),
            None => self.serial_hex.clone(),
        }
    }
}

/// Colon-separated hex (`0f:19:23`), upper- or lower-case.
pub fn colon_hex(bytes: &[u8], upper: bool) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        let _ = if upper {
            write!(s, "{b:02X}")
        } else {
            write!(s, "{b:02x}")
        };
    }
    s
}

/// Why a DER blob is not a certificate, in words.
pub fn parse_error(err: &x509_parser::nom::Err<x509_parser::error::X509Error>) -> String {
    match err {
        x509_parser::nom::Err::Incomplete(_) => {
            "the DER ends early: the certificate was cut short (a truncated paste?)".into()
        }
        x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e) => {
            format!("the DER is not a valid X.509 certificate ({e})")
        }
    }
}

/// Parses one DER certificate into a summary.
pub fn summarize(der_bytes: &[u8]) -> Result<CertSummary, String> {
    if let Some((declared, present)) = truncated(der_bytes) {
        return Err(format!(
            "the DER ends early: the certificate announces {declared} bytes but only {present} are there (it was cut short)"
        ));
    }
    let (_, cert) = X509Certificate::from_der(der_bytes).map_err(|e| parse_error(&e))?;
    Ok(from_parsed(&cert))
}

/// (declared, present) lengths of an outer DER SEQUENCE that is cut short.
fn truncated(d: &[u8]) -> Option<(usize, usize)> {
    let [0x30, first, rest @ ..] = d else {
        return None;
    };
    let (len, body) = if *first < 0x80 {
        (*first as usize, rest)
    } else {
        let n = (*first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return Some((0, d.len()));
        }
        let len = rest[..n].iter().fold(0usize, |a, b| (a << 8) | *b as usize);
        (len, &rest[n..])
    };
    (body.len() < len).then_some((d.len() - body.len() + len, d.len()))
}

/// The subject a certificate signing request (PKCS#10) asks for; None when
/// the DER is not one.
pub fn csr_subject(der_bytes: &[u8]) -> Option<Name> {
    use x509_parser::certification_request::X509CertificationRequest;
    let (_, csr) = X509CertificationRequest::from_der(der_bytes).ok()?;
    Some(name(&csr.certification_request_info.subject))
}

fn name(n: &X509Name<'_>) -> Name {
    let mut attributes = Vec::new();
    let mut display = String::new();
    for (i, rdn) in n.iter().enumerate() {
        if i > 0 {
            display.push_str(", ");
        }
        for (j, atv) in rdn.iter().enumerate() {
            if j > 0 {
                display.push_str(" + ");
            }
            let oid = atv.attr_type().to_id_string();
            let short = oids::attribute(&oid).map(str::to_string).unwrap_or(oid);
            let value = match atv.as_str() {
                Ok(s) => s.to_string(),
                Err(_) => decode_string_value(atv.attr_value().tag().0, atv.as_slice()),
            };
            let _ = write!(display, "{short} = {}", escape_value(&value));
            attributes.push((short, value));
        }
    }
    Name {
        attributes,
        display,
        raw: n.as_raw().to_vec(),
    }
}

/// BMPString (UCS-2) and the like; anything else as openssl's `#hex` dump.
fn decode_string_value(tag: u32, bytes: &[u8]) -> String {
    match tag {
        30 => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        20 | 22 | 26 => String::from_utf8_lossy(bytes).into_owned(),
        _ => format!("#{}", colon_hex(bytes, false).replace(':', "")),
    }
}

/// RFC 2253 escaping as openssl applies it in its one-line name format.
fn escape_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let last = v.chars().count().saturating_sub(1);
    for (i, c) in v.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (c == '#' || c == ' '))
            || (i == last && c == ' ');
        if special {
            out.push('\\');
        }
        if c.is_control() {
            let _ = write!(out, "\\{:02X}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

fn public_key(cert: &X509Certificate<'_>) -> PublicKeyInfo {
    let spki = cert.public_key();
    let oid = spki.algorithm.algorithm.to_id_string();
    let algorithm = oids::key_algorithm(&oid)
        .map(str::to_string)
        .unwrap_or_else(|| oid.clone());
    let key_bytes: &[u8] = &spki.subject_public_key.data;
    let (alg, material) = match oid.as_str() {
        oids::RSA_ENCRYPTION | oids::RSASSA_PSS => rsa_public(key_bytes),
        oids::EC_PUBLIC_KEY => {
            let curve_oid = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| (p.tag().0 == 6).then(|| der::oid_string(p.data)))
                .flatten()
                .unwrap_or_default();
            ec_info(&curve_oid, key_bytes)
        }
        oids::ED25519 => (
            KeyAlg::Ed25519,
            if key_bytes.len() == 32 {
                PublicMaterial::Ed25519(key_bytes.to_vec())
            } else {
                PublicMaterial::Unsupported
            },
        ),
        oids::ED448 => (KeyAlg::Ed448, PublicMaterial::Unsupported),
        oids::DSA => {
            let bits = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| der::expect(p.as_bytes(), der::SEQUENCE))
                .and_then(|(seq, _)| der::expect(seq, der::INTEGER))
                .map(|(p, _)| bit_len(der::unsigned(p)))
                .unwrap_or(0);
            (KeyAlg::Dsa { bits }, PublicMaterial::Unsupported)
        }
        _ => (KeyAlg::Other { oid }, PublicMaterial::Unsupported),
    };
    PublicKeyInfo {
        algorithm,
        alg,
        material,
    }
}

/// Bits of an unsigned big-endian integer.
pub fn bit_len(n: &[u8]) -> u32 {
    match n.first() {
        None => 0,
        Some(first) => (n.len() as u32 - 1) * 8 + (8 - first.leading_zeros()),
    }
}

/// An RSAPublicKey (PKCS#1) SEQUENCE { n, e }.
pub fn rsa_public(key: &[u8]) -> (KeyAlg, PublicMaterial) {
    let parsed = der::expect(key, der::SEQUENCE).and_then(|(seq, _)| {
        let (n, rest) = der::expect(seq, der::INTEGER)?;
        let (e, _) = der::expect(rest, der::INTEGER)?;
        Some((der::unsigned(n), der::unsigned(e)))
    });
    match parsed {
        Some((n, e)) => rsa_parts(n, e),
        None => (
            KeyAlg::Rsa {
                bits: 0,
                exponent: None,
            },
            PublicMaterial::Unsupported,
        ),
    }
}

/// An RSA key from its modulus and exponent (unsigned big-endian).
pub fn rsa_parts(n: &[u8], e: &[u8]) -> (KeyAlg, PublicMaterial) {
    let exponent = (e.len() <= 8).then(|| e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)));
    (
        KeyAlg::Rsa {
            bits: bit_len(n),
            exponent,
        },
        PublicMaterial::Rsa {
            n: n.to_vec(),
            e: e.to_vec(),
        },
    )
}

/// The algorithm and material of an EC key on the curve `curve_oid`.
pub fn ec_info(curve_oid: &str, point: &[u8]) -> (KeyAlg, PublicMaterial) {
    let (curve, asn1, bits) = match oids::curve(curve_oid) {
        Some((nist, asn1, bits)) => (Some(nist), asn1.to_string(), bits),
        None => (
            None,
            curve_oid.to_string(),
            (point.len().saturating_sub(1) * 4) as u32,
        ),
    };
    (
        KeyAlg::Ec { curve, asn1, bits },
        PublicMaterial::Ec {
            curve_oid: curve_oid.to_string(),
            point: point.to_vec(),
        },
    )
}

fn signature_alg(cert: &X509Certificate<'_>) -> SignatureAlg {
    let alg = &cert.signature_algorithm;
    let oid = alg.algorithm.to_id_string();
    let (name, kind, mut hash) = oids::signature(&oid);
    let mut pss = None;
    if kind == SigKind::RsaPss {
        if let Some(p) = alg
            .parameters
            .as_ref()
            .and_then(|any| RsaSsaPssParams::try_from(any).ok())
        {
            let h = Hash::from_oid(&p.hash_algorithm_oid().to_id_string());
            let mgf_hash = p
                .mask_gen_algorithm()
                .ok()
                .and_then(|m| Hash::from_oid(&m.hash.to_id_string()));
            hash = h;
            pss = Some(PssParams {
                hash: h,
                mgf_hash,
                salt_len: p.salt_length(),
            });
        }
    }
    SignatureAlg {
        name: if name.is_empty() {
            oid.clone()
        } else {
            name.to_string()
        },
        oid,
        kind,
        hash,
        pss,
    }
}

fn ip_string(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string(),
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(bytes);
            std::net::Ipv6Addr::from(a).to_string()
        }
        _ => format!("<invalid {} bytes>", bytes.len()),
    }
}

fn extension_heading(oid: &str) -> String {
    match oid {
        "2.5.29.19" => "X509v3 Basic Constraints",
        "2.5.29.15" => "X509v3 Key Usage",
        "2.5.29.37" => "X509v3 Extended Key Usage",
        "2.5.29.14" => "X509v3 Subject Key Identifier",
        "2.5.29.35" => "X509v3 Authority Key Identifier",
        "2.5.29.17" => "X509v3 Subject Alternative Name",
        "2.5.29.18" => "X509v3 Issuer Alternative Name",
        "2.5.29.30" => "X509v3 Name Constraints",
        "2.5.29.31" => "X509v3 CRL Distribution Points",
        "2.5.29.32" => "X509v3 Certificate Policies",
        "1.3.6.1.5.5.7.1.1" => "Authority Information Access",
        "1.3.6.1.4.1.11129.2.4.2" => "CT Precertificate SCTs",
        other => return other.to_string(),
    }
    .to_string()
}

fn from_parsed(cert: &X509Certificate<'_>) -> CertSummary {
    let der_bytes = cert.as_raw().to_vec();
    let serial = cert.raw_serial();
    let serial_trim = der::unsigned(serial);
    let negative = serial.first().is_some_and(|b| b & 0x80 != 0);
    let serial_decimal = (!negative && serial_trim.len() <= 8 && !serial_trim.is_empty())
        .then(|| {
            serial_trim
                .iter()
                .fold(0u64, |a, b| (a << 8) | u64::from(*b))
        })
        .filter(|v| *v <= i64::MAX as u64);
    let mut s = CertSummary {
        version: cert.version().0 + 1,
        serial_hex: if serial_trim.is_empty() {
            "00".into()
        } else {
            colon_hex(serial_trim, false)
        },
        serial_decimal,
        subject: name(cert.subject()),
        issuer: name(cert.issuer()),
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        public_key: public_key(cert),
        signature: signature_alg(cert),
        sans: Vec::new(),
        basic_constraints: None,
        key_usage: None,
        ext_key_usage: None,
        subject_key_id: None,
        authority_key_id: None,
        extensions: Vec::new(),
        sha256: colon_hex(&Sha256::digest(&der_bytes), true),
        sha1: colon_hex(&Sha1::digest(&der_bytes), true),
        der: der_bytes,
    };
    for ext in cert.extensions() {
        let oid = ext.oid.to_id_string();
        s.extensions.push((extension_heading(&oid), ext.critical));
        match ext.parsed_extension() {
            ParsedExtension::BasicConstraints(bc) => {
                s.basic_constraints = Some(BasicConstraints {
                    ca: bc.ca,
                    path_len: bc.path_len_constraint,
                    critical: ext.critical,
                })
            }
            ParsedExtension::KeyUsage(ku) => {
                let all = [
                    (ku.digital_signature(), "Digital Signature"),
                    (ku.non_repudiation(), "Non Repudiation"),
                    (ku.key_encipherment(), "Key Encipherment"),
                    (ku.data_encipherment(), "Data Encipherment"),
                    (ku.key_agreement(), "Key Agreement"),
                    (ku.key_cert_sign(), "Certificate Sign"),
                    (ku.crl_sign(), "CRL Sign"),
                    (ku.encipher_only(), "Encipher Only"),
                    (ku.decipher_only(), "Decipher Only"),
                ];
                s.key_usage = Some(KeyUsage {
                    names: all.iter().filter(|(on, _)| *on).map(|(_, n)| *n).collect(),
                    cert_sign: ku.key_cert_sign(),
                    critical: ext.critical,
                });
            }
            ParsedExtension::ExtendedKeyUsage(eku) => {
                let mut names = Vec::new();
                let flags = [
                    (eku.server_auth, "1.3.6.1.5.5.7.3.1"),
                    (eku.client_auth, "1.3.6.1.5.5.7.3.2"),
                    (eku.code_signing, "1.3.6.1.5.5.7.3.3"),
                    (eku.email_protection, "1.3.6.1.5.5.7.3.4"),
                    (eku.time_stamping, "1.3.6.1.5.5.7.3.8"),
                    (eku.ocsp_signing, "1.3.6.1.5.5.7.3.9"),
                    (eku.any, "2.5.29.37.0"),
                ];
                for (on, oid) in flags {
                    if on {
                        names.push(oids::ext_key_usage(oid).unwrap_or(oid).to_string());
                    }
                }
                names.extend(eku.other.iter().map(|o| o.to_id_string()));
                s.ext_key_usage = Some(ExtKeyUsage {
                    names,
                    client_auth: eku.client_auth,
                    server_auth: eku.server_auth,
                    any: eku.any,
                    critical: ext.critical,
                });
            }
            ParsedExtension::SubjectKeyIdentifier(k) => {
                s.subject_key_id = Some(colon_hex(k.0, true))
            }
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                s.authority_key_id = a.key_identifier.as_ref().map(|k| colon_hex(k.0, true))
            }
            ParsedExtension::SubjectAlternativeName(san) => {
                for g in &san.general_names {
                    s.sans.push(match g {
                        GeneralName::DNSName(d) => San::Dns(d.to_string()),
                        GeneralName::IPAddress(b) => San::Ip(ip_string(b)),
                        GeneralName::URI(u) => San::Uri(u.to_string()),
                        GeneralName::RFC822Name(e) => San::Email(e.to_string()),
                        GeneralName::DirectoryName(n) => {
                            San::Other(format!("DirName:{}", name(n).display))
                        }
                        GeneralName::OtherName(oid, _) => {
                            San::Other(format!("othername: {}", oid.to_id_string()))
                        }
                        GeneralName::RegisteredID(oid) => {
                            San::Other(format!("Registered ID:{}", oid.to_id_string()))
                        }
                        _ => San::Other("<unsupported>".into()),
                    });
                }
            }
            _ => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colon_hex_matches_openssl_case_conventions() {
        assert_eq!(colon_hex(&[0x0f, 0xab], true), "0F:AB");
        assert_eq!(colon_hex(&[0x0f, 0xab], false), "0f:ab");
        assert_eq!(colon_hex(&[], true), "");
    }

    #[test]
    fn names_escape_like_openssl() {
        assert_eq!(escape_value("a,b"), "a\\,b");
        assert_eq!(escape_value(" x "), "\\ x\\ ");
        assert_eq!(escape_value("system:masters"), "system:masters");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(summarize(&[]).is_err());
        assert!(summarize(&[0x30, 0x82, 0x01])
            .unwrap_err()
            .contains("cut short"));
        assert!(summarize(&[0x30, 0x03, 0x02, 0x01, 0x01]).is_err());
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_len(&[0x80, 0]), 16);
        assert_eq!(bit_len(&[0x01, 0]), 9);
        assert_eq!(bit_len(&[]), 0);
    }
}
