//! Secrets: values that must never be shown, logged or stored unless the user
//! reveals them. `Debug` and `Display` print `[REDACTED]`.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// A credential (token, password, private key, client secret).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    /// The raw value. Call only to analyse it or when the user asked to reveal it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// Shows the first `keep` characters of an identifier-like value and masks the rest
/// (`AKIA****************`), for values that are sensitive but need recognising.
pub fn mask(value: &str, keep: usize) -> String {
    let mut out: String = value.chars().take(keep).collect();
    let rest = value.chars().count().saturating_sub(keep);
    out.extend(std::iter::repeat_n('*', rest.min(16)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_print_the_value() {
        let s = Secret::new("eyJhbGciOiJSUzI1NiJ9.super-secret");
        assert_eq!(format!("{s:?}"), "[REDACTED]");
        assert_eq!(format!("{s}"), "[REDACTED]");
        #[derive(Debug)]
        #[allow(dead_code)]
        struct User {
            token: Secret,
        }
        let dbg = format!("{:?}", User { token: s.clone() });
        assert!(!dbg.contains("super-secret"), "{dbg}");
        assert_eq!(s.expose(), "eyJhbGciOiJSUzI1NiJ9.super-secret");
    }

    #[test]
    fn mask_keeps_a_recognisable_prefix() {
        assert_eq!(mask("AKIAIOSFODNN7EXAMPLE", 4), "AKIA****************");
        assert_eq!(mask("ab", 4), "ab");
    }
}
