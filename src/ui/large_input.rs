//! Large inputs stay out of the textarea: a browser lays out every line of a
//! `<textarea>`, which for a 2 MB kubeconfig blocks the page for hundreds of
//! milliseconds (docs/performance.md, "In the browser"). Instead, an input over
//! [`LARGE_INPUT_BYTES`] is shown by a read-only view that renders only the lines
//! near the viewport. This module is that view's arithmetic — where lines start,
//! which lines to render for a scroll position, what a paste would make of the
//! textarea's text — pure and tested natively.

use super::view_model::{EDITOR_PAD_PX, LARGE_INPUT_BYTES, LINE_HEIGHT_PX};
use std::ops::Range;

/// The rendered window moves in steps of this many lines, and reaches this far
/// above and two steps below the visible lines: scrolling re-renders the view
/// once every `WINDOW_STEP` lines, not on every scroll event.
pub const WINDOW_STEP: u32 = 30;

/// A line longer than this (in characters) is shown cut, with a note of what was
/// left out: one enormous line (minified JSON) would cost as much layout as the
/// textarea did.
pub const MAX_SHOWN_CHARS: usize = 10_000;

/// True when `text` is shown read-only rather than put into the textarea.
pub fn is_large(text: &str) -> bool {
    text.len() > LARGE_INPUT_BYTES
}

/// The byte offset where each line starts (the first is 0); a trailing newline
/// starts an empty last line, as in the editor. Computed once per text.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::with_capacity(text.len() / 40 + 1);
    starts.push(0);
    // `match_indices` finds each '\n' with memchr, a word at a time (4× faster
    // in wasm than testing every byte; 10 MB pastes come here).
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// The text of 1-based `line` without its line break (nor a `\r` before it),
/// cut to [`MAX_SHOWN_CHARS`] characters, and how many bytes were cut off.
pub fn line_text<'a>(text: &'a str, starts: &[usize], line: u32) -> (&'a str, usize) {
    let Some(i) = (line as usize).checked_sub(1) else {
        return ("", 0);
    };
    let (Some(&start), end) = (starts.get(i), starts.get(i + 1).map(|e| e - 1)) else {
        return ("", 0);
    };
    let full = text.get(start..end.unwrap_or(text.len())).unwrap_or("");
    let full = full.strip_suffix('\r').unwrap_or(full);
    match full.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((cut, _)) => (&full[..cut], full.len() - cut),
        None => (full, 0),
    }
}

/// The 1-based lines to render (inclusive range) when the view is scrolled to
/// `scroll_top` and `viewport` pixels high. The start is a multiple of
/// [`WINDOW_STEP`] (plus one), so nearby scroll positions give the same window.
pub fn window(scroll_top: f64, viewport: f64, line_count: u32) -> Range<u32> {
    let line_count = line_count.max(1);
    let px = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
    let first_visible =
        ((px(scroll_top - EDITOR_PAD_PX) / LINE_HEIGHT_PX) as u32).min(line_count - 1);
    let shown = (px(viewport) / LINE_HEIGHT_PX).ceil() as u32 + 1;
    let step_start = first_visible / WINDOW_STEP * WINDOW_STEP;
    let start = step_start.saturating_sub(WINDOW_STEP) + 1;
    let end = step_start
        .saturating_add(shown.div_ceil(WINDOW_STEP) * WINDOW_STEP)
        .saturating_add(2 * WINDOW_STEP)
        .min(line_count);
    start..end + 1
}

/// Where to scroll so that `line` is a third of the way down a `viewport` pixels
/// high, or `None` when it is already comfortably visible at `scroll_top`. (The
/// textarea's rule too: `dom::scroll_line_into_view`.)
pub fn scroll_to_show(line: u32, scroll_top: f64, viewport: f64) -> Option<f64> {
    let top = (line.max(1) as f64 - 1.0) * LINE_HEIGHT_PX + EDITOR_PAD_PX;
    if top >= scroll_top + LINE_HEIGHT_PX && top + 2.0 * LINE_HEIGHT_PX <= scroll_top + viewport {
        return None;
    }
    Some((top - viewport / 3.0).max(0.0))
}

/// The byte offset of a UTF-16 offset (what `selectionStart` counts) into
/// `text`, clamped to its end.
pub fn utf16_to_byte(text: &str, utf16: u32) -> usize {
    let mut seen = 0u32;
    for (i, c) in text.char_indices() {
        if seen >= utf16 {
            return i;
        }
        seen += c.len_utf16() as u32;
    }
    text.len()
}

/// What the textarea would hold after pasting `pasted` over its selection
/// (`selection` in UTF-16 offsets), when that is a large input; `None` when the
/// paste should go into the textarea as usual. Line breaks become `\n`, as a
/// textarea's value has them.
pub fn large_paste(value: &str, selection: (u32, u32), pasted: &str) -> Option<String> {
    // The selection only takes away: an upper bound that skips small pastes at once.
    if value.len() + pasted.len() <= LARGE_INPUT_BYTES {
        return None;
    }
    let start = utf16_to_byte(value, selection.0.min(selection.1));
    let end = utf16_to_byte(value, selection.0.max(selection.1));
    let mut text = String::with_capacity(value.len() + pasted.len());
    text.push_str(&value[..start]);
    text.push_str(pasted);
    text.push_str(&value[end..]);
    let text = normalize_newlines(text);
    is_large(&text).then_some(text)
}

/// `\r\n` and lone `\r` become `\n`, as in a textarea's value (so line numbers
/// and positions are the same whichever way the text arrived).
pub fn normalize_newlines(text: String) -> String {
    if crate::core::scan::find(text.as_bytes(), b'\r').is_none() {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_start_after_each_newline_and_a_trailing_one_starts_an_empty_line() {
        let t = "a\nbc\r\n\nd\n";
        let s = line_starts(t);
        assert_eq!(s, vec![0, 2, 6, 7, 9]);
        assert_eq!(s.len() as u32, super::super::view_model::line_count(t));
        let lines: Vec<_> = (1..=5).map(|l| line_text(t, &s, l).0).collect();
        assert_eq!(lines, ["a", "bc", "", "d", ""]);
        assert_eq!(line_text(t, &s, 0), ("", 0));
        assert_eq!(line_text(t, &s, 6), ("", 0));
    }

    #[test]
    fn an_enormous_line_is_cut_on_a_character_boundary() {
        let t = format!("x\n{}é{}", "a".repeat(MAX_SHOWN_CHARS - 1), "b".repeat(50));
        let (shown, cut) = line_text(&t, &line_starts(&t), 2);
        assert_eq!(shown.chars().count(), MAX_SHOWN_CHARS);
        assert!(shown.ends_with('é'));
        assert_eq!(cut, 50);
    }

    #[test]
    fn the_window_covers_the_viewport_with_overscan_and_moves_in_steps() {
        let px = |line: u32| EDITOR_PAD_PX + (line - 1) as f64 * LINE_HEIGHT_PX;
        // 600 px = 30 lines visible.
        let w = window(0.0, 600.0, 20_000);
        assert_eq!(w.start, 1);
        assert!(w.end > 31);
        for top_line in [1, 2, 500, 517, 19_970, 19_999] {
            let w = window(px(top_line), 600.0, 20_000);
            assert!(w.start <= top_line, "{top_line}: {w:?}");
            assert!(w.end > (top_line + 31).min(20_000), "{top_line}: {w:?}");
            assert!(w.end <= 20_001);
            assert!(w.len() <= 30 + 4 * WINDOW_STEP as usize + 1, "{w:?}");
        }
        // Scrolling a few lines does not move the window.
        assert_eq!(
            window(px(500), 600.0, 20_000),
            window(px(510), 600.0, 20_000)
        );
        // Nonsense in, something sane out.
        assert_eq!(window(f64::NAN, -5.0, 0), 1..2);
        assert_eq!(window(1e12, 600.0, 10).end, 11);
    }

    #[test]
    fn a_line_is_scrolled_to_a_third_of_the_view_unless_it_is_visible() {
        assert_eq!(scroll_to_show(10, 0.0, 600.0), None);
        let top = scroll_to_show(1000, 0.0, 600.0).unwrap();
        assert_eq!(top, EDITOR_PAD_PX + 999.0 * LINE_HEIGHT_PX - 200.0);
        assert_eq!(scroll_to_show(1000, top, 600.0), None);
        assert_eq!(scroll_to_show(1, 5000.0, 600.0), Some(0.0));
    }

    #[test]
    fn a_paste_replaces_the_selection_and_only_large_results_are_taken() {
        assert_eq!(large_paste("abc", (0, 3), "small"), None);
        let big = "k: v\r\n".repeat(LARGE_INPUT_BYTES / 4);
        // "é" is one UTF-16 unit and two bytes: offsets are converted.
        let t = large_paste("éxyz", (1, 3), &big).unwrap();
        assert!(t.starts_with("ék: v\nk: v\n"));
        assert!(t.ends_with("k: v\nz"));
        assert!(!t.contains('\r'));
        // Pasting a large text over a large selection can leave a small text.
        let value = "a".repeat(LARGE_INPUT_BYTES);
        assert_eq!(
            large_paste(&value, (0, LARGE_INPUT_BYTES as u32), "b"),
            None
        );
        // A selection past the end (a stale offset) is clamped, never a panic.
        assert!(large_paste("ab", (7, 9), &big)
            .unwrap()
            .starts_with("abk: v"));
    }

    #[test]
    fn newlines_become_line_feeds() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n".into()), "a\nb\nc\n");
        assert_eq!(utf16_to_byte("a😀b", 3), 5);
        assert_eq!(utf16_to_byte("ab", 99), 2);
    }
}
