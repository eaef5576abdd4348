//! Turns text into DER blocks, leniently, and says what it had to forgive.
//!
//! Accepted: PEM (one or many blocks, any labels, RFC 1421 headers such as
//! `Proc-Type: 4,ENCRYPTED`), base64 of PEM (what kubeconfig `*-data` fields
//! hold), base64 of DER (`MII…`), and base64 encoded twice. base64 is read
//! with whitespace, missing padding and the URL-safe alphabet tolerated; each
//! leniency becomes a [`Note`] with its byte offset, because kubectl (Go's
//! `encoding/base64`) is stricter and the user needs to know what it rejects.
//!
//! Linear in the input; never panics; offsets are byte offsets into the text
//! handed in (or `None` inside a decoded layer, which has no place in it).

/// One layer of encoding, outermost first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    Base64,
    Pem,
    Der,
}

/// What the caller expects the text to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Pasted input: PEM, base64 PEM and base64 DER are all fine.
    Any,
    /// A kubeconfig `*-data` value: base64 of PEM, nothing else works in kubectl.
    Base64OfPem,
}

/// A DER object found in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The PEM label (`CERTIFICATE`, `EC PRIVATE KEY`, …); empty for bare DER.
    pub label: String,
    pub der: Vec<u8>,
    /// RFC 1421 `Proc-Type: 4,ENCRYPTED` header (legacy encrypted PEM).
    pub encrypted_header: bool,
    /// Byte offset of the block's `-----BEGIN` in the input, if it has one there.
    pub offset: Option<usize>,
}

/// Something the decoder forgave or could not get past.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// Spaces/tabs and line breaks inside base64 (offsets of the first of each).
    Whitespace {
        first_space: Option<usize>,
        first_break: Option<usize>,
        spaces: usize,
        line_breaks: usize,
    },
    /// base64 without its trailing `=` padding.
    MissingPadding { offset: usize, missing: usize },
    /// `-`/`_` of the URL-safe alphabet instead of `+`/`/`.
    UrlSafe { offset: usize, ch: char },
    /// A character that is not base64 at all; decoding stopped.
    InvalidChar {
        offset: Option<usize>,
        ch: char,
        count: usize,
        in_pem: bool,
    },
    /// base64 whose length leaves one dangling character: cut short.
    Truncated { offset: Option<usize> },
    /// A PEM block without its END line.
    PemNoEnd {
        label: String,
        offset: Option<usize>,
    },
    /// `-----END X-----` does not match `-----BEGIN Y-----`.
    PemEndMismatch {
        begin: String,
        end: String,
        offset: Option<usize>,
    },
    /// A BEGIN line that does not start a line (two PEM files joined without a newline).
    PemJoined {
        label: String,
        offset: Option<usize>,
    },
    /// A kubeconfig `*-data` value holding PEM text instead of base64 of it.
    PemNotEncoded,
    /// A kubeconfig `*-data` value holding base64 of DER instead of base64 of PEM.
    DerNotPem,
    /// base64 of base64 of PEM.
    DoubleEncoded,
    /// No PEM block and no DER. `head` is the start of the text it decodes to
    /// (empty for binary data); callers must not show it for key fields.
    NothingFound { head: String, len: usize },
    /// More blocks than eksplain analyses; the rest were skipped.
    TooManyBlocks { analysed: usize, total: usize },
}

impl Note {
    /// Moves a note that has a position to `offset`.
    fn set_offset(&mut self, offset: Option<usize>) {
        match self {
            Note::InvalidChar { offset: o, .. } | Note::Truncated { offset: o } => *o = offset,
            Note::MissingPadding { offset: o, .. } => *o = offset.unwrap_or(0),
            _ => {}
        }
    }

    /// The byte offset in the input, when the note has one.
    pub fn offset(&self) -> Option<usize> {
        match self {
            Note::Whitespace {
                first_space,
                first_break,
                ..
            } => first_space.or(*first_break),
            Note::MissingPadding { offset, .. } | Note::UrlSafe { offset, .. } => Some(*offset),
            Note::InvalidChar { offset, .. }
            | Note::Truncated { offset }
            | Note::PemNoEnd { offset, .. }
            | Note::PemEndMismatch { offset, .. }
            | Note::PemJoined { offset, .. } => *offset,
            _ => None,
        }
    }
}

/// The result of decoding one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    pub layers: Vec<Layer>,
    pub blocks: Vec<Block>,
    pub notes: Vec<Note>,
}

/// At most this many blocks are analysed per input (bounds the work on huge pastes).
pub const MAX_BLOCKS: usize = 256;

/// Decodes `text`.
pub fn decode(text: &str, expect: Expect) -> Decoded {
    let mut d = Decoded::default();
    let trimmed = text.trim_start();
    if text.contains("-----BEGIN ") {
        if expect == Expect::Base64OfPem {
            d.notes.push(Note::PemNotEncoded);
        }
        d.layers.push(Layer::Pem);
        parse_pem(text, Some(0), &mut d);
        return d;
    }
    if trimmed.is_empty() {
        return d;
    }
    let Some(bytes) = base64_lenient(text, Some(0), false, &mut d.notes) else {
        return d;
    };
    d.layers.push(Layer::Base64);
    inner(&bytes, expect, 0, &mut d);
    d
}

/// What base64-decoded bytes turn out to be.
fn inner(bytes: &[u8], expect: Expect, depth: u8, d: &mut Decoded) {
    let start = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let body = &bytes[start..];
    if body.starts_with(b"-----BEGIN ") {
        d.layers.push(Layer::Pem);
        let text = String::from_utf8_lossy(bytes);
        parse_pem(&text, None, d);
    } else if depth == 0 && body.starts_with(b"LS0tLS1CRUdJTi") {
        d.notes.push(Note::DoubleEncoded);
        let text = String::from_utf8_lossy(body);
        if let Some(again) = base64_lenient(&text, None, false, &mut Vec::new()) {
            d.layers.push(Layer::Base64);
            inner(&again, expect, depth + 1, d);
        }
    } else if body.first() == Some(&0x30) {
        if expect == Expect::Base64OfPem {
            d.notes.push(Note::DerNotPem);
        }
        d.layers.push(Layer::Der);
        d.blocks.push(Block {
            label: String::new(),
            der: body.to_vec(),
            encrypted_header: false,
            offset: None,
        });
    } else {
        d.notes.push(nothing_found(body));
    }
}

/// What bytes that are neither PEM nor DER look like: the start of the text,
/// or empty for binary.
fn nothing_found(bytes: &[u8]) -> Note {
    let printable = bytes
        .iter()
        .take(256)
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
    let head = if printable {
        String::from_utf8_lossy(&bytes[..bytes.len().min(24)])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        String::new()
    };
    Note::NothingFound {
        head,
        len: bytes.len(),
    }
}

fn sextet(c: u8) -> Option<u8> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    })
}

/// Decodes base64 leniently. `base` is the offset of `s` in the input (None
/// when `s` is itself decoded text). In a PEM body whitespace is normal and
/// not noted. Returns None (with an `InvalidChar`/`Truncated` note) when the
/// text cannot be decoded.
pub fn base64_lenient(
    s: &str,
    base: Option<usize>,
    in_pem: bool,
    notes: &mut Vec<Note>,
) -> Option<Vec<u8>> {
    let at = |i: usize| base.map(|b| b + i);
    let mut sextets: Vec<u8> = Vec::with_capacity(s.len());
    let (mut spaces, mut breaks) = (0usize, 0usize);
    let (mut first_space, mut first_break) = (None, None);
    let mut url_safe = None;
    let mut invalid: Option<(usize, char)> = None;
    let mut invalid_count = 0usize;
    let mut pads = 0usize;
    let mut pad_at = None;
    // Whitespace around the value is not inside it.
    let lead = s.len() - s.trim_start().len();
    let tail = s.trim_end().len();
    for (i, ch) in s.char_indices() {
        match ch {
            ' ' | '\t' | '\r' | '\n' if i < lead || i >= tail => {}
            ' ' | '\t' => {
                spaces += 1;
                first_space.get_or_insert(i);
            }
            '\r' | '\n' => {
                breaks += 1;
                first_break.get_or_insert(i);
            }
            '=' => {
                pads += 1;
                pad_at.get_or_insert(i);
            }
            _ => match u8::try_from(ch).ok().and_then(sextet) {
                Some(v) if pads == 0 => {
                    if (ch == '-' || ch == '_') && url_safe.is_none() {
                        url_safe = Some((i, ch));
                    }
                    sextets.push(v);
                }
                Some(_) => {
                    // Data after padding: two base64 values joined, or a stray `=`.
                    invalid_count += 1;
                    invalid.get_or_insert((pad_at.unwrap_or(i), '='));
                }
                None => {
                    invalid_count += 1;
                    invalid.get_or_insert((i, ch));
                }
            },
        }
    }
    if let Some((i, ch)) = invalid {
        notes.push(Note::InvalidChar {
            offset: at(i),
            ch,
            count: invalid_count,
            in_pem,
        });
        return None;
    }
    if sextets.len() % 4 == 1 || pads > 2 {
        notes.push(Note::Truncated {
            offset: at(s.len()),
        });
        return None;
    }
    if !in_pem && (spaces > 0 || breaks > 0) {
        notes.push(Note::Whitespace {
            first_space: first_space.and_then(at),
            first_break: first_break.and_then(at),
            spaces,
            line_breaks: breaks,
        });
    }
    if let Some((i, ch)) = url_safe {
        notes.push(Note::UrlSafe {
            offset: at(i).unwrap_or(0),
            ch,
        });
    }
    let missing = (4 - sextets.len() % 4) % 4;
    if missing > 0 && pads < missing {
        notes.push(Note::MissingPadding {
            offset: at(s.trim_end().len()).unwrap_or(0),
            missing: missing - pads,
        });
    }
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let v = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (k, s)| acc | (u32::from(*s) << (18 - 6 * k)));
        let bytes = v.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

/// Finds PEM blocks in `text` (`base` = its offset in the input, if it has one).
fn parse_pem(text: &str, base: Option<usize>, d: &mut Decoded) {
    const BEGIN: &str = "-----BEGIN ";
    const END: &str = "-----END ";
    let at = |i: usize| base.map(|b| b + i);
    // A label ends within this many bytes, or it is not a label.
    let label_end = |from: usize| {
        let window = &text.as_bytes()[from..(from + 80).min(text.len())];
        window.windows(5).position(|w| w == b"-----")
    };
    let mut pos = 0usize;
    let mut total = 0usize;
    // The next END marker at or after some position, searched again only when
    // passed: every search is linear overall, whatever the input.
    let mut next_end: Option<Option<usize>> = None;
    while let Some(found) = text.get(pos..).and_then(|t| t.find(BEGIN)) {
        let begin = pos + found;
        let label_start = begin + BEGIN.len();
        let Some(label_len) = label_end(label_start) else {
            pos = label_start;
            continue;
        };
        let label = &text[label_start..label_start + label_len];
        let after_begin = label_start + label_len + 5;
        if label.contains('\n') {
            pos = label_start;
            continue;
        }
        let indent = text[..begin].trim_end_matches([' ', '\t']).len();
        if indent > 0 && !text[..indent].ends_with('\n') {
            push(
                d,
                Note::PemJoined {
                    label: label.to_string(),
                    offset: at(begin),
                },
            );
        }
        if next_end.is_none_or(|e| e.is_some_and(|e| e < after_begin)) {
            next_end = Some(text[after_begin..].find(END).map(|e| after_begin + e));
        }
        let next_begin = text[after_begin..].find(BEGIN).map(|b| after_begin + b);
        let Some(end) = next_end
            .flatten()
            .filter(|e| next_begin.is_none_or(|b| *e < b))
        else {
            push(
                d,
                Note::PemNoEnd {
                    label: label.to_string(),
                    offset: at(begin),
                },
            );
            match next_begin {
                Some(b) => {
                    pos = b;
                    continue;
                }
                None => break,
            }
        };
        let end_label_start = end + END.len();
        let end_label_len = label_end(end_label_start).unwrap_or(0);
        let end_label = &text[end_label_start..end_label_start + end_label_len];
        if end_label != label {
            push(
                d,
                Note::PemEndMismatch {
                    begin: label.to_string(),
                    end: end_label.chars().take(64).collect(),
                    offset: at(end),
                },
            );
        }
        pos = (end_label_start + end_label_len + 5).min(text.len());
        total += 1;
        if d.blocks.len() >= MAX_BLOCKS {
            continue;
        }
        let body = &text[after_begin..end];
        let (encrypted_header, body_off) = headers(body);
        let body_text = &body[body_off..];
        // Inside a private key, point at the BEGIN line, never at a line of the key.
        let body_base = if label.ends_with("PRIVATE KEY") {
            None
        } else {
            at(after_begin + body_off)
        };
        let first_new = d.notes.len();
        let der = base64_lenient(body_text, body_base, true, &mut d.notes);
        if body_base.is_none() {
            for n in &mut d.notes[first_new..] {
                n.set_offset(at(begin));
            }
        }
        d.notes.truncate(MAX_NOTES.max(first_new));
        if let Some(der) = der {
            d.blocks.push(Block {
                label: label.to_string(),
                der,
                encrypted_header,
                offset: at(begin),
            });
        }
    }
    if total > MAX_BLOCKS {
        d.notes.push(Note::TooManyBlocks {
            analysed: MAX_BLOCKS,
            total,
        });
    }
    if total == 0 && d.notes.is_empty() {
        d.notes.push(Note::NothingFound {
            head: "-----BEGIN".into(),
            len: text.len(),
        });
    }
}

/// At most this many notes are kept: a hostile paste may have thousands.
const MAX_NOTES: usize = 32;

fn push(d: &mut Decoded, note: Note) {
    if d.notes.len() < MAX_NOTES {
        d.notes.push(note);
    }
}

/// RFC 1421 headers at the top of a PEM body: whether it says ENCRYPTED, and
/// where the base64 starts.
fn headers(body: &str) -> (bool, usize) {
    let mut encrypted = false;
    let mut offset = 0;
    let mut saw_header = false;
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        if t.contains(':') {
            saw_header = true;
            if t.starts_with("Proc-Type:") && t.contains("ENCRYPTED") {
                encrypted = true;
            }
        } else if !(t.is_empty() && (saw_header || offset == 0)) {
            break;
        }
        offset += line.len();
    }
    if saw_header {
        (encrypted, offset)
    } else {
        (false, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> Option<Vec<u8>> {
        base64_lenient(s, Some(0), false, &mut Vec::new())
    }

    #[test]
    fn decodes_standard_base64() {
        assert_eq!(b64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(b64("aGVsbG8hIQ==").unwrap(), b"hello!!");
        assert_eq!(b64("").unwrap(), b"");
    }

    #[test]
    fn each_leniency_is_noted_with_its_offset() {
        let mut notes = Vec::new();
        let out = base64_lenient("aG Vs\nbG8\n", Some(10), false, &mut notes).unwrap();
        assert_eq!(out, b"hello");
        assert_eq!(
            notes,
            vec![
                Note::Whitespace {
                    first_space: Some(12),
                    first_break: Some(15),
                    spaces: 1,
                    line_breaks: 1
                },
                Note::MissingPadding {
                    offset: 19,
                    missing: 1
                }
            ]
        );
        let mut notes = Vec::new();
        assert_eq!(
            base64_lenient("-_8=", Some(0), false, &mut notes).unwrap(),
            vec![0xfb, 0xff]
        );
        assert_eq!(notes, vec![Note::UrlSafe { offset: 0, ch: '-' }]);
    }

    #[test]
    fn invalid_characters_stop_decoding_at_their_offset() {
        let mut notes = Vec::new();
        assert!(base64_lenient("aGVs*bG8=", Some(0), false, &mut notes).is_none());
        assert_eq!(
            notes,
            vec![Note::InvalidChar {
                offset: Some(4),
                ch: '*',
                count: 1,
                in_pem: false
            }]
        );
        let mut notes = Vec::new();
        assert!(base64_lenient("aGk=aGk=", Some(0), false, &mut notes).is_none());
        assert!(matches!(
            notes[0],
            Note::InvalidChar {
                offset: Some(3),
                ch: '=',
                ..
            }
        ));
        let mut notes = Vec::new();
        assert!(base64_lenient("aGVsb", Some(0), false, &mut notes).is_none());
        assert_eq!(notes, vec![Note::Truncated { offset: Some(5) }]);
    }

    #[test]
    fn pem_bundles_keep_labels_offsets_and_headers() {
        let text = "junk\n-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\naGk=\n-----END RSA PRIVATE KEY-----\n";
        let d = decode(text, Expect::Any);
        assert_eq!(d.layers, vec![Layer::Pem]);
        assert!(d.notes.is_empty(), "{:?}", d.notes);
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.blocks[0].label, "CERTIFICATE");
        assert_eq!(d.blocks[0].der, b"hello");
        assert_eq!(d.blocks[0].offset, Some(5));
        assert!(d.blocks[1].encrypted_header);
        assert_eq!(d.blocks[1].der, b"hi");
    }

    #[test]
    fn pem_problems_are_noted() {
        let d = decode("-----BEGIN CERTIFICATE-----\naGk=\n", Expect::Any);
        assert!(
            matches!(&d.notes[0], Note::PemNoEnd { label, offset: Some(0) } if label == "CERTIFICATE")
        );
        let d = decode(
            "-----BEGIN CERTIFICATE-----\naGk=\n-----END CERTIFICATE----------BEGIN CERTIFICATE-----\naGk=\n-----END CERTIFICATE-----\n",
            Expect::Any,
        );
        assert_eq!(d.blocks.len(), 2);
        assert!(matches!(
            &d.notes[0],
            Note::PemJoined {
                offset: Some(58),
                ..
            }
        ));
        let d = decode(
            "-----BEGIN CERTIFICATE-----\naGk=\n-----END PRIVATE KEY-----\n",
            Expect::Any,
        );
        assert!(matches!(&d.notes[0], Note::PemEndMismatch { end, .. } if end == "PRIVATE KEY"));
    }

    #[test]
    fn kubeconfig_values_must_be_base64_of_pem() {
        let pem = "-----BEGIN CERTIFICATE-----\naGk=\n-----END CERTIFICATE-----\n";
        let d = decode(pem, Expect::Base64OfPem);
        assert_eq!(d.notes, vec![Note::PemNotEncoded]);
        let der_b64 = "MAMCAQE="; // SEQUENCE { INTEGER 1 }
        let d = decode(der_b64, Expect::Base64OfPem);
        assert_eq!(d.notes, vec![Note::DerNotPem]);
        assert_eq!(d.layers, vec![Layer::Base64, Layer::Der]);
        let d = decode(der_b64, Expect::Any);
        assert!(d.notes.is_empty());
    }

    #[test]
    fn double_encoding_is_unwrapped() {
        // base64(base64("-----BEGIN X-----\naGk=\n-----END X-----\n"))
        let once = "LS0tLS1CRUdJTiBYLS0tLS0KYUdrPQotLS0tLUVORCBYLS0tLS0K";
        let twice = "TFMwdExTMUNSVWRKVGlCWUxTMHRMUzBLWVVkclBRb3RMUzB0TFVWT1JDQllMUzB0TFMwSw==";
        assert_eq!(decode(once, Expect::Base64OfPem).blocks[0].der, b"hi");
        let d = decode(twice, Expect::Base64OfPem);
        assert_eq!(d.notes, vec![Note::DoubleEncoded]);
        assert_eq!(d.blocks[0].der, b"hi");
    }

    #[test]
    fn other_content_is_described_not_dumped() {
        let d = decode("aGVsbG8gd29ybGQ=", Expect::Any);
        assert_eq!(
            d.notes,
            vec![Note::NothingFound {
                head: "hello world".into(),
                len: 11
            }]
        );
    }
}
