//! Does certificate A's signature verify with certificate B's public key?
//! Pure-Rust RustCrypto primitives that build for wasm32: RSA PKCS#1 v1.5 and
//! PSS, ECDSA on P-256 and P-384, Ed25519. All inputs are public; nothing
//! here needs constant time or randomness.

use super::der;
use super::model::{CertSummary, PublicKeyInfo, PublicMaterial};
use super::oids::{self, Hash, SigKind};
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use rsa::{BoxedUint, Pkcs1v15Sign, Pss};
use sha2::Digest;
use x509_parser::prelude::{FromDer, X509Certificate};

/// ECDSA verification on one curve crate (`p256`, `p384`); field size in bytes.
macro_rules! ecdsa_verify {
    ($curve:ident, $size:expr, $point:expr, $sig:expr, $prehash:expr) => {{
        let (point, sig, prehash): (&[u8], &[u8], &[u8]) = ($point, $sig, $prehash);
        match $curve::ecdsa::VerifyingKey::from_sec1_bytes(point) {
            Err(_) => None,
            Ok(_) if prehash.len() < $size / 2 => None,
            Ok(key) => Some(
                ecdsa_der_to_fixed(sig, $size)
                    .and_then(|rs| $curve::ecdsa::Signature::from_slice(&rs).ok())
                    .is_some_and(|sig| key.verify_prehash(prehash, &sig).is_ok()),
            ),
        }
    }};
}

/// The outcome of checking one signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signature {
    /// The issuer's key produced this signature.
    Valid,
    /// It did not (another key, or the certificate was altered).
    Invalid,
    /// eksplain cannot check this combination (the reason says which).
    Unchecked(String),
}

/// Checks `child`'s signature with `issuer`'s public key.
pub fn check(child: &CertSummary, issuer: &PublicKeyInfo) -> Signature {
    let Ok((_, cert)) = X509Certificate::from_der(&child.der) else {
        return Signature::Unchecked("the certificate does not parse".into());
    };
    let tbs: &[u8] = cert.tbs_certificate.as_ref();
    let sig: &[u8] = &cert.signature_value.data;
    let alg = &child.signature;
    let unchecked = |why: String| Signature::Unchecked(why);
    let outcome = match (alg.kind, &issuer.material) {
        (SigKind::RsaPkcs1, PublicMaterial::Rsa { n, e }) => {
            let Some(hash) = alg.hash.filter(|h| !matches!(h, Hash::Md2 | Hash::Md5)) else {
                return unchecked(format!("{} is not checked (broken hash)", alg.name));
            };
            rsa_verify(n, e, sig, |key| {
                let hashed = digest(hash, tbs);
                let scheme = match hash {
                    Hash::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
                    Hash::Sha224 => Pkcs1v15Sign::new::<sha2::Sha224>(),
                    Hash::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
                    Hash::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
                    _ => Pkcs1v15Sign::new::<sha2::Sha512>(),
                };
                key.verify(scheme, &hashed, sig).is_ok()
            })
        }
        (SigKind::RsaPss, PublicMaterial::Rsa { n, e }) => {
            let Some(p) = &alg.pss else {
                return unchecked("RSA-PSS parameters that do not parse".into());
            };
            let (Some(hash), Some(mgf)) = (p.hash, p.mgf_hash) else {
                return unchecked("RSA-PSS with an unknown hash".into());
            };
            if hash != mgf {
                return unchecked("RSA-PSS whose MGF1 hash differs from its message hash".into());
            }
            let salt = p.salt_len as usize;
            rsa_verify(n, e, sig, |key| {
                let hashed = digest(hash, tbs);
                match hash {
                    Hash::Sha1 => key.verify(Pss::<sha1::Sha1>::new_with_salt(salt), &hashed, sig),
                    Hash::Sha224 => {
                        key.verify(Pss::<sha2::Sha224>::new_with_salt(salt), &hashed, sig)
                    }
                    Hash::Sha256 => {
                        key.verify(Pss::<sha2::Sha256>::new_with_salt(salt), &hashed, sig)
                    }
                    Hash::Sha384 => {
                        key.verify(Pss::<sha2::Sha384>::new_with_salt(salt), &hashed, sig)
                    }
                    _ => key.verify(Pss::<sha2::Sha512>::new_with_salt(salt), &hashed, sig),
                }
                .is_ok()
            })
        }
        (SigKind::Ecdsa, PublicMaterial::Ec { curve_oid, point }) => {
            let Some(hash) = alg.hash.filter(|h| !matches!(h, Hash::Md2 | Hash::Md5)) else {
                return unchecked(format!("{} is not checked", alg.name));
            };
            match oids::curve(curve_oid).map(|c| c.0) {
                Some("P-256") => ecdsa_verify!(p256, 32, point, sig, &digest(hash, tbs)),
                Some("P-384") => ecdsa_verify!(p384, 48, point, sig, &digest(hash, tbs)),
                _ => return unchecked(format!("ECDSA on curve {curve_oid} is not checked")),
            }
        }
        (SigKind::Ed25519, PublicMaterial::Ed25519(key)) => ed25519_verify(key, sig, tbs),
        (SigKind::Ed448 | SigKind::Dsa | SigKind::Unknown, _) => {
            return unchecked(format!("{} signatures are not checked", alg.name));
        }
        (_, PublicMaterial::Unsupported) => {
            return unchecked(format!(
                "the issuer's {} key is not supported",
                issuer.alg.describe()
            ));
        }
        // An RSA signature and an EC key, or the like: this key did not sign it.
        _ => Some(false),
    };
    match outcome {
        Some(true) => Signature::Valid,
        Some(false) => Signature::Invalid,
        None => Signature::Unchecked(format!(
            "the issuer's {} key is outside what eksplain checks",
            issuer.alg.describe()
        )),
    }
}

fn digest(hash: Hash, data: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Sha1 => sha1::Sha1::digest(data).to_vec(),
        Hash::Sha224 => sha2::Sha224::digest(data).to_vec(),
        Hash::Sha256 => sha2::Sha256::digest(data).to_vec(),
        Hash::Sha384 => sha2::Sha384::digest(data).to_vec(),
        Hash::Sha512 => sha2::Sha512::digest(data).to_vec(),
        Hash::Md2 | Hash::Md5 => Vec::new(),
    }
}

/// Builds the RSA key (512 to 16384 bits) and runs `f`; None if the key is unusable.
fn rsa_verify(
    n: &[u8],
    e: &[u8],
    sig: &[u8],
    f: impl FnOnce(&rsa::PublicKey) -> bool,
) -> Option<bool> {
    if sig.is_empty() || n.len() > 2048 || e.len() > 8 {
        return Some(false);
    }
    let key = rsa::PublicKey::new_with_size_limits(
        BoxedUint::from_be_slice_vartime(n),
        BoxedUint::from_be_slice_vartime(e),
        512..=16384,
    )
    .ok()?;
    Some(f(&key))
}

/// ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } → r ‖ s, each `size` bytes.
fn ecdsa_der_to_fixed(sig: &[u8], size: usize) -> Option<Vec<u8>> {
    let (seq, rest) = der::expect(sig, der::SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (r, rest) = der::expect(seq, der::INTEGER)?;
    let (s, rest) = der::expect(rest, der::INTEGER)?;
    if !rest.is_empty() {
        return None;
    }
    let mut out = vec![0u8; size * 2];
    for (i, v) in [der::unsigned(r), der::unsigned(s)].iter().enumerate() {
        if v.len() > size {
            return None;
        }
        let end = (i + 1) * size;
        out[end - v.len()..end].copy_from_slice(v);
    }
    Some(out)
}

fn ed25519_verify(key: &[u8], sig: &[u8], msg: &[u8]) -> Option<bool> {
    use ed25519_dalek::Verifier;
    let key: &[u8; 32] = key.try_into().ok()?;
    let key = ed25519_dalek::VerifyingKey::from_bytes(key).ok()?;
    let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else {
        return Some(false);
    };
    Some(key.verify(msg, &sig).is_ok())
}
