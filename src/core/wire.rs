//! The page's wire format for a [`Report`]: how a report analysed in the Web Worker
//! crosses to the page (postcard, a compact binary serde format). Page-only: this
//! module and the serde derives it relies on exist only on wasm32 and in tests, so
//! the CLI has no way to serialise a report wholesale; its JSON output is built
//! field by field in `render.rs`. A report holds no credential (explanations mask
//! them; the page reveals from the input's text) and
//! [`Secret`](super::secret::Secret) has no `Serialize` at all.
//!
//! Both ends are the same wasm module, so the encoding needs no versioning.

use super::report::Report;

/// The report as bytes for `postMessage`.
pub fn encode(report: &Report) -> Vec<u8> {
    // Serialising plain data into a Vec cannot fail.
    postcard::to_allocvec(report).unwrap_or_default()
}

/// The report `encode` wrote, or `None` if the bytes are not one.
pub fn decode(bytes: &[u8]) -> Option<Report> {
    postcard::from_bytes(bytes).ok()
}

/// `Finding::rule`: a `&'static RuleMeta` travels as its code and is looked up in
/// the registry on arrival.
pub mod rule {
    use crate::core::rule::RuleMeta;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    thread_local! {
        static RULES: Vec<&'static RuleMeta> = crate::core::registry::all();
    }

    pub fn serialize<S: Serializer>(rule: &&'static RuleMeta, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(rule.code)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static RuleMeta, D::Error> {
        let code = <&str>::deserialize(d)?;
        RULES
            .with(|all| all.iter().copied().find(|r| r.code == code))
            .ok_or_else(|| D::Error::custom("unknown rule code"))
    }
}

/// Text the core keeps as `&'static str` (titles, methods, partitions: always
/// literals in this binary). On arrival each distinct value is leaked once and
/// reused, so memory is bounded by the number of such literals, not by reports.
pub mod static_str {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::cell::RefCell;
    use std::collections::HashSet;

    thread_local! {
        static INTERNED: RefCell<HashSet<&'static str>> = RefCell::new(HashSet::new());
    }

    pub(super) fn intern(s: &str) -> &'static str {
        INTERNED.with(|set| {
            let mut set = set.borrow_mut();
            if let Some(&hit) = set.get(s) {
                return hit;
            }
            let leaked: &'static str = Box::leak(s.to_owned().into_boxed_str());
            set.insert(leaked);
            leaked
        })
    }

    pub fn serialize<S: Serializer>(s: &&'static str, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        <&str>::deserialize(d).map(intern)
    }
}

/// `Option<&'static str>`, as [`static_str`].
pub mod opt_static_str {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(s: &Option<&'static str>, ser: S) -> Result<S::Ok, S::Error> {
        s.serialize(ser)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
        Ok(Option::<&str>::deserialize(d)?.map(super::static_str::intern))
    }
}

/// `Vec<&'static str>`, as [`static_str`].
pub mod static_strs {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(s: &[&'static str], ser: S) -> Result<S::Ok, S::Error> {
        s.serialize(ser)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<&'static str>, D::Error> {
        let v = Vec::<&str>::deserialize(d)?;
        Ok(v.into_iter().map(super::static_str::intern).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{analyze, analyze_as, input, registry, InputKind, Options};
    use std::path::{Path, PathBuf};

    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().and_then(|e| e.to_str()) != Some("expected") {
                out.push(p);
            }
        }
    }

    /// Every fixture's report survives the trip to the page unchanged, whatever the
    /// kind (also analysed as a kubeconfig, the largest explanation).
    #[test]
    fn every_fixture_report_round_trips() {
        let mut all = Vec::new();
        files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
            &mut all,
        );
        assert!(all.len() > 100, "fixtures found: {}", all.len());
        let opts = Options {
            now: Some(registry::DOC_NOW),
        };
        for p in all {
            let text = input::decode_bytes(&std::fs::read(&p).unwrap());
            for report in [
                analyze(&text, &opts),
                analyze_as(&text, InputKind::Kubeconfig, &opts),
            ] {
                let bytes = encode(&report);
                assert!(!bytes.is_empty());
                assert_eq!(decode(&bytes).as_ref(), Some(&report), "{}", p.display());
            }
        }
    }

    #[test]
    fn every_rule_travels_by_code() {
        for rule in registry::all() {
            let bytes = postcard::to_allocvec(&Wrapped(rule)).unwrap();
            let back: Wrapped = postcard::from_bytes(&bytes).unwrap();
            assert!(std::ptr::eq(back.0, rule), "{}", rule.code);
        }
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Wrapped(#[serde(with = "rule")] &'static crate::core::RuleMeta);
    }

    #[test]
    fn garbage_is_not_a_report() {
        assert_eq!(decode(&[]), None);
        assert_eq!(decode(&[0xff; 16]), None);
        let bytes = encode(&analyze(
            "apiVersion: v1\nkind: Config\n",
            &Options::default(),
        ));
        assert_eq!(decode(&bytes[..bytes.len() / 2]), None);
    }

    /// A report holds no credential: the bytes the worker sends the page carry
    /// none of the fixture's secrets (the CLI's JSON is checked in tests/secrets.rs).
    #[test]
    fn the_wire_carries_no_secret() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/kubeconfig/secrets-everywhere.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains("SECRET-"));
        let bytes = encode(&analyze(&text, &Options::default()));
        for secret in ["SECRET-", "U0VDUkVULWtleS1kYXRhLW5vdC1hLXJlYWwta2V5", "eyJ"] {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{secret} is in the wire bytes");
        }
    }
}
