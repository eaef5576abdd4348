//! Calendar arithmetic on Unix seconds (UTC), without reading any clock.

use super::UnixTime;

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses RFC 3339 (`2024-05-01T12:00:00Z`, `…+02:00`, fractional seconds) and
/// the basic form AWS uses in `X-Amz-Date` (`20240501T120000Z`).
pub fn parse_rfc3339(s: &str) -> Option<UnixTime> {
    let s = s.trim();
    if s.len() == 16 && s.is_ascii() && s.ends_with('Z') && s.as_bytes().get(8) == Some(&b'T') {
        let ext = format!(
            "{}-{}-{}T{}:{}:{}Z",
            &s[0..4],
            &s[4..6],
            &s[6..8],
            &s[9..11],
            &s[11..13],
            &s[13..15]
        );
        return parse_rfc3339(&ext);
    }
    if !s.is_ascii() || s.len() < 20 {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let y = num(&date[0..4])?;
    let mo = num(&date[5..7])? as u32;
    let d = num(&date[8..10])? as u32;
    if &date[4..5] != "-" || &date[7..8] != "-" || !(1..=12).contains(&mo) || !(1..=31).contains(&d)
    {
        return None;
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let h = num(&rest[0..2])?;
    let mi = num(rest.get(3..5)?)?;
    let se = num(rest.get(6..8)?)?;
    if h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut tz = &rest[8..];
    if let Some(frac) = tz.strip_prefix('.') {
        let digits = frac.bytes().take_while(|b| b.is_ascii_digit()).count();
        tz = &frac[digits..];
    }
    let offset = match tz {
        "Z" | "z" => 0,
        _ if tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) => {
            let oh = num(&tz[1..3])?;
            let om = num(&tz[4..6])?;
            let o = oh * 3600 + om * 60;
            if tz.starts_with('-') {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se - offset)
}

/// Formats as RFC 3339 in UTC (`2024-05-01T12:00:00Z`).
pub fn format_rfc3339(t: UnixTime) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// "in 4 years", "3 days ago", "in 5 minutes": `t` relative to `now`.
pub fn relative(t: UnixTime, now: UnixTime) -> String {
    let delta = t - now;
    let a = delta.unsigned_abs();
    let (n, unit) = match a {
        0..=59 => (a, "second"),
        60..=3_599 => (a / 60, "minute"),
        3_600..=86_399 => (a / 3_600, "hour"),
        86_400..=5_183_999 => (a / 86_400, "day"),
        5_184_000..=63_071_999 => (a / 2_592_000, "month"),
        _ => (a / 31_536_000, "year"),
    };
    let plural = if n == 1 { "" } else { "s" };
    if delta >= 0 {
        format!("in {n} {unit}{plural}")
    } else {
        format!("{n} {unit}{plural} ago")
    }
}

/// The buckets of [`relative`]: (first, last, unit) in seconds of distance.
const BUCKETS: [(u64, u64, u64); 6] = [
    (0, 59, 1),
    (60, 3_599, 60),
    (3_600, 86_399, 3_600),
    (86_400, 5_183_999, 86_400),
    (5_184_000, 63_071_999, 2_592_000),
    (63_072_000, u64::MAX, 31_536_000),
];

/// The first instant after `now` at which `relative(t, ·)` reads differently
/// from `relative(t, now)`: the count of its unit goes down by one as `t`
/// approaches (or switches to a smaller unit), up by one as it recedes.
pub fn relative_changes_at(t: UnixTime, now: UnixTime) -> UnixTime {
    let delta = i128::from(t) - i128::from(now);
    let a = delta.unsigned_abs().min(u128::from(u64::MAX)) as u64;
    let (_, last, unit) = BUCKETS
        .iter()
        .copied()
        .find(|&(first, last, _)| (first..=last).contains(&a))
        .unwrap_or(BUCKETS[5]);
    let n = a / unit;
    let at = if delta >= 0 {
        // Reads "in n units" until the distance drops to n·unit − 1.
        i128::from(t) - (i128::from(n * unit) - 1)
    } else {
        // Reads "n units ago" until the distance reaches (n+1)·unit, or leaves the bucket.
        let next = ((n + 1).saturating_mul(unit)).min(last.saturating_add(1));
        i128::from(t) + i128::from(next)
    };
    at.clamp(i128::from(now) + 1, i128::from(UnixTime::MAX)) as UnixTime
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_offsets() {
        let t = parse_rfc3339("2024-02-29T23:59:59Z").unwrap();
        assert_eq!(t, 1_709_251_199);
        assert_eq!(format_rfc3339(t), "2024-02-29T23:59:59Z");
        assert_eq!(parse_rfc3339("2024-03-01T01:59:59+02:00"), Some(t));
        assert_eq!(parse_rfc3339("2024-02-29T23:59:59.123456Z"), Some(t));
        assert_eq!(parse_rfc3339("20240229T235959Z"), Some(t));
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        for s in [
            "",
            "2024",
            "2024-13-01T00:00:00Z",
            "yesterday",
            "2024-01-01T00:00:00",
            "２０２４-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(s), None, "{s}");
        }
    }

    #[test]
    fn relative_times_read_naturally() {
        assert_eq!(relative(100, 100 + 3 * 86_400), "3 days ago");
        assert_eq!(relative(4 * 31_536_000 + 10, 0), "in 4 years");
        assert_eq!(relative(60, 0), "in 1 minute");
    }

    #[test]
    fn relative_text_changes_exactly_when_predicted() {
        let now = 1_767_225_600;
        let mut distances: Vec<i64> = vec![
            0, 1, 59, 60, 61, 119, 120, 3_599, 3_600, 3_601, 86_399, 86_400, 86_401,
        ];
        distances.extend([
            5_183_999,
            5_184_000,
            5_184_001,
            63_071_999,
            63_072_000,
            63_072_001,
            400_000_000,
        ]);
        distances.extend([7_000, 123_456, 9_999_999, 1_000_000]);
        for d in distances {
            for t in [now + d, now - d] {
                let at = relative_changes_at(t, now);
                assert!(at > now, "{t}");
                let text = relative(t, now);
                assert_eq!(relative(t, at - 1), text, "t={t} at={at}");
                assert_ne!(relative(t, at), text, "t={t} at={at}");
            }
        }
        // Extremes neither overflow nor go backwards.
        assert!(relative_changes_at(i64::MAX, i64::MIN) > i64::MIN);
        assert_eq!(relative_changes_at(i64::MIN, i64::MAX - 1), i64::MAX);
    }
}
