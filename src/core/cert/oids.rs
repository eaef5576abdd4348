//! Object identifiers eksplain names, with the names `openssl x509 -text`
//! prints for them, so a card and openssl's output read the same.

/// Hash functions a signature algorithm uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum Hash {
    Md2,
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub fn name(self) -> &'static str {
        match self {
            Hash::Md2 => "MD2",
            Hash::Md5 => "MD5",
            Hash::Sha1 => "SHA-1",
            Hash::Sha224 => "SHA-224",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }

    /// Broken for signatures: collisions can be computed.
    pub fn is_weak(self) -> bool {
        matches!(self, Hash::Md2 | Hash::Md5 | Hash::Sha1)
    }

    pub fn from_oid(oid: &str) -> Option<Hash> {
        Some(match oid {
            "1.2.840.113549.2.2" => Hash::Md2,
            "1.2.840.113549.2.5" => Hash::Md5,
            "1.3.14.3.2.26" => Hash::Sha1,
            "2.16.840.1.101.3.4.2.4" => Hash::Sha224,
            "2.16.840.1.101.3.4.2.1" => Hash::Sha256,
            "2.16.840.1.101.3.4.2.2" => Hash::Sha384,
            "2.16.840.1.101.3.4.2.3" => Hash::Sha512,
            _ => return None,
        })
    }
}

/// The family of a signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum SigKind {
    RsaPkcs1,
    RsaPss,
    Ecdsa,
    Ed25519,
    Ed448,
    Dsa,
    Unknown,
}

pub const RSASSA_PSS: &str = "1.2.840.113549.1.1.10";

/// (openssl name, family, hash) of a signature algorithm OID. PSS takes its
/// hash from its parameters, so it has none here.
pub fn signature(oid: &str) -> (&'static str, SigKind, Option<Hash>) {
    use Hash::*;
    use SigKind::*;
    match oid {
        "1.2.840.113549.1.1.2" => ("md2WithRSAEncryption", RsaPkcs1, Some(Md2)),
        "1.2.840.113549.1.1.4" => ("md5WithRSAEncryption", RsaPkcs1, Some(Md5)),
        "1.2.840.113549.1.1.5" => ("sha1WithRSAEncryption", RsaPkcs1, Some(Sha1)),
        "1.2.840.113549.1.1.14" => ("sha224WithRSAEncryption", RsaPkcs1, Some(Sha224)),
        "1.2.840.113549.1.1.11" => ("sha256WithRSAEncryption", RsaPkcs1, Some(Sha256)),
        "1.2.840.113549.1.1.12" => ("sha384WithRSAEncryption", RsaPkcs1, Some(Sha384)),
        "1.2.840.113549.1.1.13" => ("sha512WithRSAEncryption", RsaPkcs1, Some(Sha512)),
        RSASSA_PSS => ("rsassaPss", RsaPss, None),
        "1.2.840.10045.4.1" => ("ecdsa-with-SHA1", Ecdsa, Some(Sha1)),
        "1.2.840.10045.4.3.1" => ("ecdsa-with-SHA224", Ecdsa, Some(Sha224)),
        "1.2.840.10045.4.3.2" => ("ecdsa-with-SHA256", Ecdsa, Some(Sha256)),
        "1.2.840.10045.4.3.3" => ("ecdsa-with-SHA384", Ecdsa, Some(Sha384)),
        "1.2.840.10045.4.3.4" => ("ecdsa-with-SHA512", Ecdsa, Some(Sha512)),
        "1.3.101.112" => ("ED25519", Ed25519, None),
        "1.3.101.113" => ("ED448", Ed448, None),
        "1.2.840.10040.4.3" => ("dsaWithSHA1", Dsa, Some(Sha1)),
        "2.16.840.1.101.3.4.3.1" => ("dsa_with_SHA224", Dsa, Some(Sha224)),
        "2.16.840.1.101.3.4.3.2" => ("dsa_with_SHA256", Dsa, Some(Sha256)),
        _ => ("", Unknown, None),
    }
}

pub const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
pub const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
pub const ED25519: &str = "1.3.101.112";
pub const ED448: &str = "1.3.101.113";
pub const X25519: &str = "1.3.101.110";
pub const DSA: &str = "1.2.840.10040.4.1";

/// openssl's name of a public key algorithm.
pub fn key_algorithm(oid: &str) -> Option<&'static str> {
    Some(match oid {
        RSA_ENCRYPTION => "rsaEncryption",
        RSASSA_PSS => "rsassaPss",
        EC_PUBLIC_KEY => "id-ecPublicKey",
        ED25519 => "ED25519",
        ED448 => "ED448",
        X25519 => "X25519",
        DSA => "dsaEncryption",
        _ => return None,
    })
}

/// Named elliptic curves: (NIST name, openssl ASN1 OID name, bits).
pub fn curve(oid: &str) -> Option<(&'static str, &'static str, u32)> {
    Some(match oid {
        "1.2.840.10045.3.1.7" => ("P-256", "prime256v1", 256),
        "1.3.132.0.34" => ("P-384", "secp384r1", 384),
        "1.3.132.0.35" => ("P-521", "secp521r1", 521),
        "1.3.132.0.33" => ("P-224", "secp224r1", 224),
        "1.3.132.0.10" => ("secp256k1", "secp256k1", 256),
        _ => return None,
    })
}

/// openssl's short names of distinguished-name attributes.
pub fn attribute(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.17" => "postalCode",
        "2.5.4.42" => "GN",
        "2.5.4.46" => "dnQualifier",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.1" => "UID",
        "0.9.2342.19200300.100.1.25" => "DC",
        _ => return None,
    })
}

/// openssl's names of extended key usages.
pub fn ext_key_usage(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.3.6.1.5.5.7.3.1" => "TLS Web Server Authentication",
        "1.3.6.1.5.5.7.3.2" => "TLS Web Client Authentication",
        "1.3.6.1.5.5.7.3.3" => "Code Signing",
        "1.3.6.1.5.5.7.3.4" => "E-mail Protection",
        "1.3.6.1.5.5.7.3.8" => "Time Stamping",
        "1.3.6.1.5.5.7.3.9" => "OCSP Signing",
        "2.5.29.37.0" => "Any Extended Key Usage",
        _ => return None,
    })
}
