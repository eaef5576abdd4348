//! A trust policy as the IAM API returns it: `AssumeRolePolicyDocument` is
//! URL-encoded (`%7B%22Version%22%3A…`). The AWS CLI and boto3 decode it; the
//! raw API, most other SDKs and AWS Config's configuration items do not, so
//! that is what gets pasted from them.
//!
//! [`decode`] returns the decoded text with, for every character of it, the
//! position of the escape (or character) it came from, so findings on the
//! decoded policy can point into the pasted text.

use crate::core::json::{ErrorKind, JsonError};
use crate::core::source::Pos;

pub struct Decoded {
    pub text: String,
    /// For each line of `text`, the input position of each of its characters;
    /// the last line ends with where the text stops in the input (just past
    /// its last character, or at an incomplete escape).
    origin: Vec<Vec<Pos>>,
    /// The input ends inside an escape: the paste was cut short, and `text`
    /// stops before it.
    pub cut: Option<Cut>,
}

/// How the input ends inside an escape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cut {
    /// `%` or `%2`: half of a `%XX` escape (kept as written).
    Escape(String),
    /// `%E2%80`: some of the escapes of one multi-byte character (of the three
    /// `%E2%80%9C` takes).
    Character,
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
    // Just past the last character that is not white space.
    let mut end = Pos::new(1, 1);
    let mut cut = None;
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
                    end = Pos::new(line, column);
                    continue;
                }
            }
            // `%` or `%2` and nothing after it: the copy stopped mid-escape.
            let rest = chars.clone().collect::<String>();
            let rest = rest.trim_end();
            if rest.chars().count() <= 1 && rest.bytes().all(|b| hex(b).is_some()) {
                cut = Some(Cut::Escape(format!("%{rest}")));
                end = here;
                break;
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
        if !c.is_whitespace() {
            end = Pos::new(line, column);
        }
    }
    let decoded = match String::from_utf8(bytes) {
        Ok(s) => s,
        // Only the last character is incomplete: a paste cut short.
        Err(e) if e.utf8_error().error_len().is_none() => {
            let valid = e.utf8_error().valid_up_to();
            if let Some(at) = from.get(valid) {
                end = *at;
            }
            cut = Some(Cut::Character);
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes).ok()?
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
    if let Some(l) = origin.last_mut() {
        l.push(end);
    }
    Some(Decoded {
        text: decoded,
        origin,
        cut,
    })
}

/// The sentence a policy cut short starts with (the syntax rule shows it as
/// it is, not as a JSON syntax error).
pub const CUT_SHORT: &str = "The URL-encoded policy is cut short";

/// `errors` (from parsing `d.text`) with those the end of the text caused —
/// an escape cut in half, a string or an object left open — replaced by one
/// error at the place the pasted text stops: a URL-encoded policy is one long
/// line, and what gets lost when it is copied is its end.
pub fn cut_short(d: &Decoded, mut errors: Vec<JsonError>) -> Vec<JsonError> {
    let last_line = u32::try_from(d.text.lines().count().max(1)).unwrap_or(u32::MAX);
    let at_end = |e: &JsonError| match e.kind {
        ErrorKind::Unclosed | ErrorKind::Empty => true,
        ErrorKind::UnterminatedString => e.pos.line >= last_line,
        _ => false,
    };
    let why = match &d.cut {
        Some(Cut::Escape(half)) => format!("it ends with `{half}`, half of a `%XX` escape"),
        Some(Cut::Character) => "it ends in the middle of a character's `%XX` escapes".into(),
        None if errors.iter().any(at_end) => {
            let tail: Vec<char> = d.text.trim_end().chars().rev().take(24).collect();
            let tail: String = tail.into_iter().rev().collect();
            format!("it decodes to `…{tail}` and stops there, before the JSON is complete")
        }
        None => return errors,
    };
    errors.retain(|e| !at_end(e));
    let last = d.text.lines().last().unwrap_or("");
    let column = u32::try_from(last.chars().count() + 1).unwrap_or(u32::MAX);
    let column = if d.text.ends_with('\n') { 1 } else { column };
    let line = if d.text.ends_with('\n') {
        last_line + 1
    } else {
        last_line
    };
    errors.push(JsonError {
        kind: ErrorKind::Unclosed,
        pos: Pos::new(line, column),
        message: format!("{CUT_SHORT}: {why}, so the rest of the policy is missing"),
        hint: "Copy the whole `AssumeRolePolicyDocument` value again. To read it decoded: `python3 -c 'import urllib.parse,sys;print(urllib.parse.unquote(sys.stdin.read()))'` (paste, then Ctrl-D), or `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`.".into(),
    });
    errors
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
        assert_eq!(d.cut, Some(Cut::Character));
        assert_eq!(d.text, "{\"a\":");
        assert_eq!(d.original(Pos::new(1, 6)), Pos::new(1, 14));
        // A `%` in the middle that starts no escape is kept as it is;
        // positions past the end stay in range.
        let d = decode("%7B%zz").unwrap();
        assert_eq!((d.text.as_str(), d.cut.clone()), ("{%zz", None));
        assert_eq!(d.original(Pos::new(9, 9)), Pos::new(9, 9));
    }

    #[test]
    fn an_escape_cut_in_half_ends_the_text_where_it_starts() {
        for (input, half) in [
            ("%7B%22a%2", "%2"),
            ("%7B%22a%", "%"),
            ("%7B%22a%2\n", "%2"),
        ] {
            let d = decode(input).unwrap();
            assert_eq!(d.text, "{\"a", "{input:?}");
            assert_eq!(d.cut, Some(Cut::Escape(half.into())), "{input:?}");
            assert_eq!(d.original(Pos::new(1, 4)), Pos::new(1, 8), "{input:?}");
        }
    }

    #[test]
    fn the_end_of_the_text_maps_past_its_last_escape() {
        let d = decode("%7B%22St\n").unwrap();
        assert_eq!(d.cut, None);
        assert_eq!(d.text, "{\"St\n");
        assert_eq!(d.original(Pos::new(1, 5)), Pos::new(1, 9));
    }

    /// What `eksplain check` says about a policy cut short: one TP001 at the
    /// place the text stops, saying so (not "JSON syntax error").
    fn cut_finding(text: &str) -> (u32, u32, String, String) {
        let report = crate::core::analyze(text, &Default::default());
        let f: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code() == "TP001")
            .collect();
        assert_eq!(f.len(), 1, "{:?}", report.findings);
        let p = f[0].location.pos.unwrap_or_default();
        (p.line, p.column, f[0].message.clone(), f[0].help.clone())
    }

    #[test]
    fn a_policy_cut_short_is_reported_where_the_text_stops() {
        let (line, column, message, help) =
            cut_finding("%7B%22Version%22%3A%222012-10-17%22%2C%22St\n");
        assert_eq!((line, column), (1, 44));
        assert_eq!(
            message,
            "The URL-encoded policy is cut short: it decodes to `…ersion\":\"2012-10-17\",\"St` and stops \
             there, before the JSON is complete, so the rest of the policy is missing."
        );
        assert!(help.starts_with("Copy the whole `AssumeRolePolicyDocument` value again. To read it decoded: `python3 -c 'import urllib.parse,sys;print(urllib.parse.unquote(sys.stdin.read()))'`"), "{help}");

        let half = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%2";
        let (line, column, message, _) = cut_finding(half);
        assert_eq!((line, column), (1, 86));
        assert!(
            message.starts_with(
                "The URL-encoded policy is cut short: it ends with `%2`, half of a `%XX` escape"
            ),
            "{message}"
        );

        let no_end = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D";
        let (_, column, message, _) = cut_finding(no_end);
        assert_eq!(column, no_end.len() as u32 + 1);
        assert!(
            message.contains("decodes to `…12-10-17\",\"Statement\":[]`"),
            "{message}"
        );
    }

    #[test]
    fn a_cut_document_inside_get_role_output_points_into_it() {
        let text = "{\n  \"Role\": {\n    \"AssumeRolePolicyDocument\": \"%7B%22Version%22%3A%222012-10-17%22%2C%22St\"\n  }\n}\n";
        let (line, column, message, _) = cut_finding(text);
        // Just past `%22St`, on the closing quote of the value.
        assert_eq!((line, column), (3, 77));
        assert!(
            message.starts_with("The URL-encoded policy is cut short"),
            "{message}"
        );
    }

    #[test]
    fn a_real_syntax_error_in_a_complete_policy_is_still_one() {
        // A trailing comma, and the policy ends with `%7D`: not cut short.
        let text = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%2C%7D";
        let (_, _, message, _) = cut_finding(text);
        assert!(message.starts_with("JSON syntax error"), "{message}");
    }
}
