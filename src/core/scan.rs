//! Byte searches eight bytes at a time, for the passes that read a whole input
//! (line index, position index, YAML fast path). On a 2 MB kubeconfig these
//! run several times per analysis; `str::find(char)` pays a call and an
//! alignment prologue per short line, this pays about one instruction a byte.
//! Safe code only: words are assembled with `u64::from_le_bytes`.
//!
//! The web build is optimised for size (opt-level "z"), which inlines almost
//! nothing: these helpers are a few instructions each and run per eight bytes,
//! so they are `#[inline(always)]`. Without it, `word` alone was a quarter of
//! a 1,000-context kubeconfig's analysis at opt-level "z" (docs/performance.md).

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The first eight bytes of `c` as a little-endian word (missing bytes read as 0).
#[inline(always)]
pub fn word(c: &[u8]) -> u64 {
    if let Some(w) = c.first_chunk::<8>() {
        return u64::from_le_bytes(*w);
    }
    let mut w = [0u8; 8];
    for (d, s) in w.iter_mut().zip(c) {
        *d = *s;
    }
    u64::from_le_bytes(w)
}

/// Non-zero when some byte of `x` is zero (exact as a yes/no answer).
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// Some byte of `x` is zero (exact as a yes/no answer).
#[inline(always)]
fn has_zero(x: u64) -> bool {
    zero_bytes(x) != 0
}

/// Some byte of `x` equals `b`.
#[inline(always)]
pub fn has_byte(x: u64, b: u8) -> bool {
    has_zero(x ^ (LO * u64::from(b)))
}

/// Some byte of `x` is below `n`; exact when no byte of `x` has its high bit set.
#[inline(always)]
pub fn has_less(x: u64, n: u8) -> bool {
    x.wrapping_sub(LO * u64::from(n)) & !x & HI != 0
}

/// No byte of `x` has its high bit set.
#[inline(always)]
pub fn is_ascii(x: u64) -> bool {
    x & HI == 0
}

/// The zero-byte masks of `x ^ pattern`, ORed over the patterns: non-zero
/// exactly when some byte of `x` is in the set, and its lowest set bit is in
/// the first byte that is (a borrow can only mark bytes above a true match).
#[inline(always)]
fn matched<const N: usize>(x: u64, patterns: &[u64; N]) -> u64 {
    let mut m = 0;
    let mut i = 0;
    while i < N {
        m |= zero_bytes(x ^ patterns[i]);
        i += 1;
    }
    m
}

/// The index of the first byte of `hay` that is one of `set`.
///
/// Written as plain loops: at opt-level "z" an iterator adapter or a closure
/// here is a call per sixteen bytes.
fn find_any<const N: usize>(hay: &[u8], set: [u8; N]) -> Option<usize> {
    let patterns = set.map(|b| LO * u64::from(b));
    // Sixteen bytes per branch.
    let mut rest = hay;
    while let Some((chunk, tail)) = rest.split_first_chunk::<16>() {
        let mx = matched(word(chunk), &patterns);
        let my = matched(word(&chunk[8..]), &patterns);
        if mx | my != 0 {
            let bit = if mx != 0 {
                mx.trailing_zeros()
            } else {
                64 + my.trailing_zeros()
            };
            return Some(hay.len() - rest.len() + (bit / 8) as usize);
        }
        rest = tail;
    }
    // The last few bytes one by one (`set.contains` would be a call to
    // `memchr` at opt-level "z").
    let at = hay.len() - rest.len();
    let mut i = 0;
    while let Some(&b) = rest.get(i) {
        let mut k = 0;
        while k < N {
            if set[k] == b {
                return Some(at + i);
            }
            k += 1;
        }
        i += 1;
    }
    None
}

/// The index of the first byte of `hay` that is `a` or `b`.
pub fn find2(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    find_any(hay, [a, b])
}

/// The index of the first byte of `hay` that is `a`, `b` or `c`.
pub fn find3(hay: &[u8], a: u8, b: u8, c: u8) -> Option<usize> {
    find_any(hay, [a, b, c])
}

/// True when some byte of `hay` is one of `set`.
pub fn any_of<const N: usize>(hay: &[u8], set: [u8; N]) -> bool {
    find_any(hay, set).is_some()
}

/// The index of the first `b` in `hay`.
pub fn find(hay: &[u8], b: u8) -> Option<usize> {
    find_any(hay, [b])
}

/// `s` without its leading spaces: `s.trim_start_matches(' ')`, which at
/// opt-level "z" builds a char searcher per call (the YAML passes call this
/// once a line).
#[inline(always)]
pub fn trim_spaces_start(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    // Only ASCII spaces were skipped: `i` is a character boundary.
    &s[i..]
}

/// `s` without its trailing spaces: `s.trim_end_matches(' ')`.
#[inline(always)]
pub fn trim_spaces_end(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 && b[i - 1] == b' ' {
        i -= 1;
    }
    &s[..i]
}

/// `s` without its leading spaces and tabs: `s.trim_start_matches([' ', '\t'])`.
#[inline(always)]
pub fn trim_blanks_start(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    &s[i..]
}

/// `s.trim_start()`, deciding ASCII bytes without decoding characters; the
/// first non-ASCII byte hands the rest to `str::trim_start`.
#[inline(always)]
pub fn trim_whitespace_start(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    // `char::is_whitespace` on ASCII: space, tab, LF, VT, FF, CR.
    while let Some(b' ' | b'\t'..=b'\r') = b.get(i) {
        i += 1;
    }
    let rest = &s[i..];
    if rest.as_bytes().first().is_some_and(|c| !c.is_ascii()) {
        rest.trim_start()
    } else {
        rest
    }
}

/// `s` without the line break(s) at its end: `s.trim_end_matches(['\n', '\r'])`.
#[inline(always)]
pub fn trim_line_end(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 && (b[i - 1] == b'\n' || b[i - 1] == b'\r') {
        i -= 1;
    }
    &s[..i]
}

/// `s` starts with the ASCII byte `b`: `s.starts_with(char)` without the
/// char's UTF-8 encoding and a `memcmp` call at opt-level "z".
#[inline(always)]
pub fn starts(s: &str, b: u8) -> bool {
    s.as_bytes().first() == Some(&b)
}

/// Where `quote` closes a scalar in `text`, which starts inside it: the first
/// `"` not escaped by `\`, or the first `'` that is not half of a `''`. A
/// `\` at the end of a line escapes the line break, so each line can be
/// searched on its own.
pub fn closing_quote(text: &str, quote: u8) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Iterates over the lines of `text` *including* their `\n`, exactly like
/// `text.split_inclusive('\n')`.
pub fn lines_inclusive(text: &str) -> LinesInclusive<'_> {
    LinesInclusive { text, at: 0 }
}

pub struct LinesInclusive<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for LinesInclusive<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.text.get(self.at..).filter(|r| !r.is_empty())?;
        let len = find(rest.as_bytes(), b'\n').map_or(rest.len(), |i| i + 1);
        self.at += len;
        rest.get(..len)
    }
}

/// The byte offsets just after every `\n` in `text`, in order.
pub fn line_starts(text: &str, out: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes.get(from..).and_then(|rest| find(rest, b'\n')) {
        from += i + 1;
        out.push(from);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLES: &[&str] = &[
        "",
        "\n",
        "a",
        "a\n",
        "abc\ndef\n\nghi",
        "0123456789abcdef\n0123456789abcdef:#\n",
        "\x0b\n\x0b\x0b\n\n\n\n\n\n\n\n\n\x01\n",
        "näme: ü\nx:#y\r\n",
    ];

    #[test]
    fn lines_match_split_inclusive() {
        for s in SAMPLES {
            let a: Vec<&str> = lines_inclusive(s).collect();
            let b: Vec<&str> = s.split_inclusive('\n').collect();
            assert_eq!(a, b, "{s:?}");
            let mut starts = Vec::new();
            line_starts(s, &mut starts);
            let want: Vec<usize> = s.match_indices('\n').map(|(i, _)| i + 1).collect();
            assert_eq!(starts, want, "{s:?}");
        }
    }

    #[test]
    fn space_trims_match_the_standard_library() {
        for s in [
            "",
            " ",
            "   ",
            "a",
            " a ",
            "  - name: x  ",
            "\u{a0} a \u{a0}",
            "\t a",
            "é  ",
        ] {
            assert_eq!(trim_spaces_start(s), s.trim_start_matches(' '), "{s:?}");
            assert_eq!(trim_spaces_end(s), s.trim_end_matches(' '), "{s:?}");
            assert_eq!(starts(s, b'a'), s.starts_with('a'), "{s:?}");
            assert_eq!(starts(s, b' '), s.starts_with(' '), "{s:?}");
        }
        for s in [
            "",
            " \t x",
            "\t\t",
            "\n\r\x0b\x0c x",
            " \u{a0}x",
            "\u{3000} y",
            "x \n\r\n",
            "\r\n\r",
            "a\u{85}\n",
            "\u{feff}k: v\n",
        ] {
            assert_eq!(
                trim_blanks_start(s),
                s.trim_start_matches([' ', '\t']),
                "{s:?}"
            );
            assert_eq!(trim_whitespace_start(s), s.trim_start(), "{s:?}");
            assert_eq!(trim_line_end(s), s.trim_end_matches(['\n', '\r']), "{s:?}");
        }
    }

    #[test]
    fn any_of_matches_a_naive_search() {
        let base = "abcdefghijklmnopqrstuvwxyz0123456789.<${\u{2026}";
        for start in 0..base.len() {
            let hay = &base.as_bytes()[start..];
            let naive = |set: &[u8]| hay.iter().any(|c| set.contains(c));
            assert_eq!(any_of(hay, *b"<${.\xE2"), naive(b"<${.\xE2"), "{start}");
            assert_eq!(any_of(hay, *b"z"), naive(b"z"), "{start}");
            assert_eq!(any_of(hay, *b"#"), naive(b"#"), "{start}");
            assert!(!any_of(hay, []), "{start}");
        }
    }

    #[test]
    fn the_first_match_is_found_beside_bytes_that_fool_the_word_trick() {
        // A byte one above a match (a borrow can mark it), the high-bit bytes
        // and zero, at every alignment and in every one of the 16 positions.
        let tricky = [0x00, 0x01, 0x3A, 0x3B, 0x7F, 0x80, 0xBA, 0xFF, b'#', b'\n'];
        for len in 0..40 {
            for at in 0..len {
                for &fill in &tricky {
                    for &found in &[b':', 0x00, 0xFF] {
                        let mut hay = vec![fill; len];
                        hay[at] = found;
                        for set in [[b':', b'#'], [0x00, 0x00], [0xFF, 0x01]] {
                            let naive = hay.iter().position(|c| set.contains(c));
                            assert_eq!(find2(&hay, set[0], set[1]), naive, "{hay:?} {set:?}");
                        }
                        let naive = hay.iter().position(|&c| c == found);
                        assert_eq!(find(&hay, found), naive, "{hay:?} {found}");
                    }
                }
            }
        }
    }

    #[test]
    fn find2_matches_a_naive_search_at_every_alignment() {
        let base = "abcdefghijklmnopqrstuvwxyz:0123456789#ABCDEFGHIJ\n\x0b:";
        for start in 0..base.len() {
            let hay = &base.as_bytes()[start..];
            for (a, b) in [(b':', b'#'), (b'\n', b'\n'), (b'#', b'\x0b'), (b'z', b'Q')] {
                let naive = hay.iter().position(|&c| c == a || c == b);
                assert_eq!(find2(hay, a, b), naive, "start {start} {a} {b}");
            }
        }
    }
}
