//! A trust policy as the IAM API returns it: `AssumeRolePolicyDocument` is
//! URL-encoded (`%7B%22Version%22%3A…`). The AWS CLI and boto3 decode it; the
//! raw API, most other SDKs and AWS Config's configuration items do not, so
//! that is what gets pasted from them.
//!
//! [`decode`] returns the decoded text with, for every character of it, the
//! position of the escape (or character) it came from, so findings on the
//! decoded policy can point into the pasted text.

use crate::core::source::Pos;

pub struct Decoded {
    pub text: String,
    /// For each line of `text`, the input position of each of its characters
    /// (and, when `cut_short`, of the incomplete escape after them).
    origin: Vec<Vec<Pos>>,
    /// The input ends inside a character's escapes (`%E2%80` of the three
    /// `%E2%80%9C` takes): the paste was cut short. `text` stops before it.
    pub cut_short: bool,
}

impl Decoded {
    /// The same text, decoded from a one-line JSON string whose opening quote
    /// is at `quote`: every position moves there.
    pub fn within(mut self, quote: Pos) -> Decoded {
        for p in self.origin.iter_mut().flatten() {
            *p = Pos::new(
                quote.line + p.line.saturating_sub(1),
                quote.column + p.column,
            );
        }
        self
    }

    /// Where the character at `p` in the decoded text was in the input.
    pub fn original(&self, p: Pos) -> Pos {
        let line = self.origin.get((p.line as usize).saturating_sub(1));
        line.and_then(|l| {
            l.get((p.column as usize).saturating_sub(1))
                .or_else(|| l.last())
        })
        .copied()
        .unwrap_or(p)
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// The decoded policy, when `text` is a URL-encoded JSON object: it starts
/// with `%7B` and holds no `{` of its own.
pub fn decode(text: &str) -> Option<Decoded> {
    let t = text.trim_start_matches('\u{feff}').trim();
    if !t.get(..3).is_some_and(|s| s.eq_ignore_ascii_case("%7B")) || t.contains('{') {
        return None;
    }
    // Each decoded byte with the input position it came from.
    let mut bytes: Vec<u8> = Vec::with_capacity(text.len());
    let mut from: Vec<Pos> = Vec::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1u32, 1u32);
    while let Some(c) = chars.next() {
        let here = Pos::new(line, column);
        let mut width = 1;
        if c == '%' {
            let mut ahead = chars.clone();
            let pair = (ahead.next(), ahead.next());
            if let (Some(h), Some(l)) = pair {
                if let (Some(h), Some(l)) = (
                    u8::try_from(h).ok().and_then(hex),
                    u8::try_from(l).ok().and_then(hex),
                ) {
                    chars.next();
                    chars.next();
                    bytes.push(h << 4 | l);
                    from.push(here);
                    column += 3;
                    continue;
                }
            }
        }
        // Every encoder writes a `+` of the text as `%2B`, so a bare `+` is a
        // space written the form-encoding way (`+` instead of `%20`).
        let c = if c == '+' { ' ' } else { c };
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            bytes.push(b);
            from.push(here);
        }
        if c == '\n' {
            line += 1;
            column = 1;
            width = 0;
        }
        column += width;
    }
    let (decoded, cut_short) = match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        // Only the last character is incomplete: a paste cut short.
        Err(e) if e.utf8_error().error_len().is_none() => {
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            (String::from_utf8(bytes).ok()?, true)
        }
        Err(_) => return None,
    };
    let mut origin = vec![Vec::new()];
    for (i, c) in decoded.char_indices() {
        let at = from.get(i).copied().unwrap_or_default();
        if let Some(l) = origin.last_mut() {
            l.push(at);
        }
        if c == '\n' {
            origin.push(Vec::new());
        }
    }
    if cut_short {
        if let (Some(l), Some(at)) = (origin.last_mut(), from.get(decoded.len())) {
            l.push(*at);
        }
    }
    Some(Decoded {
        text: decoded,
        origin,
        cut_short,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_maps_positions_back() {
        let d = decode("%7B%0A%20%20%22Version%22%3A%20%222012-10-17%22%0A%7D").unwrap();
        assert_eq!(d.text, "{\n  \"Version\": \"2012-10-17\"\n}");
        // `"Version"` starts at 2:3 decoded; its `%22` is at column 13.
        assert_eq!(d.original(Pos::new(2, 3)), Pos::new(1, 13));
        assert_eq!(d.original(Pos::new(3, 1)), Pos::new(1, 51));
    }

    #[test]
    fn keeps_plain_characters_and_multibyte_escapes() {
        let d = decode("%7B%22a%22:%22%E2%80%9Cb%22}").unwrap();
        assert_eq!(d.text, "{\"a\":\"\u{201c}b\"}");
        assert_eq!(d.original(Pos::new(1, 7)), Pos::new(1, 15));
    }

    #[test]
    fn a_plus_is_a_space_and_an_encoded_plus_is_a_plus() {
        let d = decode("%7B%22a%22:+%22x%2By%22%7D").unwrap();
        assert_eq!(d.text, "{\"a\": \"x+y\"}");
    }

    #[test]
    fn none_for_json_or_broken_escapes() {
        assert!(decode("{\"Version\": \"2012-10-17\"}").is_none());
        assert!(decode("%7B%22a%22%3A%FF%22").is_none());
        // Cut inside `%E2%80%9C`: the text stops before it, pointing at `%E2`.
        let d = decode("%7B%22a%22%3A%E2%80").unwrap();
        assert!(d.cut_short);
        assert_eq!(d.text, "{\"a\":");
        assert_eq!(d.original(Pos::new(1, 6)), Pos::new(1, 14));
        // A stray `%` is kept as it is; positions past the end stay in range.
        let d = decode("%7B%").unwrap();
        assert_eq!(d.text, "{%");
        assert_eq!(d.original(Pos::new(9, 9)), Pos::new(9, 9));
    }
}
