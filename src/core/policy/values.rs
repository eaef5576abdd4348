//! Typed condition values: numbers, dates, booleans and IP ranges as IAM
//! compares them.

use crate::core::time::{days_from_civil, parse_rfc3339};
use crate::core::UnixTime;
use std::net::IpAddr;

/// A number as IAM's `Numeric*` operators read it (integers and decimals).
pub fn number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A date as IAM's `Date*` operators read it: W3C/ISO 8601 (`2026-01-01`,
/// `2026-01-01T12:00:00Z`) or seconds since the epoch.
pub fn date(s: &str) -> Option<UnixTime> {
    let t = s.trim();
    if !t.is_empty() && t.len() <= 12 && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok();
    }
    if let Some(ts) = parse_rfc3339(t) {
        return Some(ts);
    }
    let b = t.as_bytes();
    if t.len() == 10 && b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') {
        let y: i64 = t.get(0..4)?.parse().ok()?;
        let m: u32 = t.get(5..7)?.parse().ok()?;
        let d: u32 = t.get(8..10)?.parse().ok()?;
        if (1..=12).contains(&m) && (1..=31).contains(&d) {
            return Some(days_from_civil(y, m, d) * 86_400);
        }
    }
    None
}

/// `true` / `false`, in any case.
pub fn boolean(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An IP range: an address and a prefix length (`10.0.0.0/8`; a bare address is a /32 or /128).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub addr: IpAddr,
    pub prefix: u8,
}

pub fn cidr(s: &str) -> Option<Cidr> {
    let t = s.trim();
    let (a, p) = match t.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (t, None),
    };
    let addr: IpAddr = a.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match p {
        Some(p) => p.parse::<u8>().ok().filter(|n| *n <= max)?,
        None => max,
    };
    Some(Cidr { addr, prefix })
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let bits = |ip: IpAddr| -> (u128, u32) {
            match ip {
                IpAddr::V4(v) => (u128::from(u32::from(v)), 32),
                IpAddr::V6(v) => (u128::from(v), 128),
            }
        };
        let (net, width) = bits(self.addr);
        let (host, w2) = bits(ip);
        if width != w2 {
            return false;
        }
        let prefix = u32::from(self.prefix).min(width);
        if prefix == 0 {
            return true;
        }
        let shift = width - prefix;
        (net >> shift) == (host >> shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_like_iam() {
        assert_eq!(number("42"), Some(42.0));
        assert_eq!(number("forty"), None);
        assert_eq!(date("2026-01-01"), Some(1_767_225_600));
        assert_eq!(date("2026-01-01T00:00:00Z"), Some(1_767_225_600));
        assert_eq!(date("1767225600"), Some(1_767_225_600));
        assert_eq!(date("01/01/2026"), None);
        assert_eq!(boolean("TRUE"), Some(true));
        let c = cidr("10.1.0.0/16").unwrap();
        assert!(c.contains("10.1.2.3".parse().unwrap()));
        assert!(!c.contains("10.2.0.1".parse().unwrap()));
        assert!(cidr("2001:db8::/32")
            .unwrap()
            .contains("2001:db8::1".parse().unwrap()));
        assert_eq!(cidr("10.0.0.0/33"), None);
        assert!(cidr("0.0.0.0/0")
            .unwrap()
            .contains("8.8.8.8".parse().unwrap()));
    }
}
