//! What every fuzz target checks beyond "no panic": the invariants a user
//! relies on, whatever the input.

use eksplain::core::{registry, Options, Pos, Report};

/// The fixed clock every target analyses with (2026-01-01T00:00:00Z).
pub fn opts() -> Options {
    Options {
        now: Some(registry::DOC_NOW),
    }
}

/// The bytes as the page and the CLI see a dropped file.
pub fn text(data: &[u8]) -> String {
    eksplain::core::input::decode_bytes(data)
}

/// A position must point inside `text`: a line that exists, a column no
/// further than one past the line's last character.
pub fn assert_inside(text: &str, pos: Pos, what: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        pos.line >= 1 && pos.column >= 1,
        "{what}: {pos} is not 1-based"
    );
    let line = lines
        .get(pos.line as usize - 1)
        .unwrap_or_else(|| panic!("{what}: line {} of {}", pos.line, lines.len()));
    let width = line.chars().count() as u32 + 1;
    assert!(
        pos.column <= width.max(1),
        "{what}: column {} of a {width}-column line",
        pos.column
    );
}

/// Every finding of a report points inside the text, and every syntax or type
/// error has a position.
pub fn check_report(text: &str, report: &Report) {
    // A report stops being true after the clock it was made at, never before.
    if let Some(t) = report.valid_until {
        assert!(t > registry::DOC_NOW, "valid_until {t} is not after now");
    }
    for f in &report.findings {
        match f.location.pos {
            Some(p) => assert_inside(text, p, f.code()),
            None => assert!(
                !matches!(f.code(), "IN001" | "IN002" | "IN004"),
                "{} without a position",
                f.code()
            ),
        }
    }
}

/// Everything a user can see of a report: the `check` text, the JSON, the
/// markdown and the explanation. Secrets must appear in none of it.
pub fn rendered(text: &str, report: &Report) -> String {
    use eksplain::core::render;
    let mut out = render::check_text("fuzz", text, report);
    out.push_str(&render::json(&[("fuzz", report)]));
    out.push_str(&render::markdown("fuzz", text, report));
    out.push_str(&render::explanation_text(report));
    out
}

/// `secret` must not be anywhere in `output`.
pub fn assert_absent(output: &str, secret: &str, what: &str) {
    assert!(
        !output.contains(secret),
        "{what} `{secret}` appears in the output"
    );
}

/// Unpadded base64url, as EKS tokens and JWTs are written.
pub fn b64url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Standard padded base64, as kubeconfig `*-data` fields hold.
pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A byte offset that claims to point into `text` must be a char boundary
/// inside it (or its end).
pub fn assert_offset(text: &str, offset: usize, what: &str) {
    assert!(
        text.is_char_boundary(offset),
        "{what}: byte offset {offset} is not a char boundary of a {}-byte text",
        text.len()
    );
}
