//! "Did you mean …?": the nearest known word to a mistyped one. Shared by
//! every domain's rules (kubeconfig names, IAM actions and elements, OIDC
//! regions and partitions, aws-auth templates, audiences).

/// The candidate closest to `word` by edit distance, if close enough to be a
/// typo: at most a third of the word's length (1 to 4 edits). Ties go to the
/// earlier candidate.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w: Vec<char> = word.chars().collect();
    let limit = (w.len() / 3).clamp(1, 4);
    // Every reference of a large file may ask against every name (a file
    // whose references all carry the same typo): the distance is computed
    // only within `limit` of the diagonal and abandoned once it is over.
    let mut best: Option<(usize, &'a str)> = None;
    let mut c = Vec::new();
    let mut rows = (Vec::new(), Vec::new());
    for &cand in candidates {
        c.clear();
        c.extend(cand.chars());
        let max = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if let Some(d) = distance_within(&w, &c, max, &mut rows) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// The edit distance of `a` and `b` if it is at most `k` (Ukkonen's band:
/// only cells within `k` of the diagonal can be `k` or less). `rows` are
/// scratch buffers, reused across calls.
fn distance_within(
    a: &[char],
    b: &[char],
    k: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    const FAR: usize = usize::MAX / 2;
    if a.len().abs_diff(b.len()) > k || a.len() > 256 || b.len() > 256 {
        return None;
    }
    let n = b.len();
    let (prev, cur) = rows;
    prev.clear();
    prev.extend((0..=n).map(|j| if j <= k { j } else { FAR }));
    cur.clear();
    cur.resize(n + 1, FAR);
    for (i, ca) in a.iter().enumerate().map(|(i, c)| (i + 1, c)) {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(n);
        cur[lo - 1] = if lo == 1 { i } else { FAR };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let v = (prev[j - 1] + usize::from(*ca != b[j - 1]))
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if hi < n {
            cur[hi + 1] = FAR;
        }
        if row_min > k {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    let d = prev[n];
    (d <= k).then_some(d)
}

/// Levenshtein distance over characters. Inputs are short names; either
/// longer than 256 characters is "too far" (`usize::MAX`), which keeps the
/// quadratic table small whatever is pasted.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > 256 || b.len() > 256 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The name of a character that an editor or a terminal shows as nothing, or
/// as an ordinary space: text pasted from a web page, a chat or a document
/// brings them along, and a name holding one differs from the name it looks
/// like. `None` for every other character (and for all of ASCII).
pub fn hidden_char_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{a0}' => "no-break space",
        '\u{ad}' => "soft hyphen",
        '\u{180e}' => "Mongolian vowel separator",
        '\u{2000}'..='\u{200a}' => "typographic space",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "bidirectional text control",
        '\u{202f}' => "narrow no-break space",
        '\u{205f}' => "medium mathematical space",
        '\u{2060}' => "word joiner",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{3000}' => "ideographic space",
        '\u{feff}' => "byte order mark",
        _ => return None,
    })
}

/// A hidden character found in a name: which one and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hidden {
    pub ch: char,
    pub name: &'static str,
    /// 1-based, in characters.
    pub position: usize,
    /// How many hidden characters the name holds in all.
    pub count: usize,
}

/// The first hidden character of `s` (see [`hidden_char_name`]).
pub fn find_hidden(s: &str) -> Option<Hidden> {
    // Every hidden character is outside ASCII: most names are skipped at once.
    if s.is_ascii() {
        return None;
    }
    let mut found = s
        .chars()
        .enumerate()
        .filter_map(|(i, c)| hidden_char_name(c).map(|name| (i, c, name)));
    let (i, ch, name) = found.next()?;
    Some(Hidden {
        ch,
        name,
        position: i + 1,
        count: 1 + found.count(),
    })
}

/// `s` without its hidden characters.
pub fn without_hidden(s: &str) -> String {
    s.chars()
        .filter(|&c| hidden_char_name(c).is_none())
        .collect()
}

/// `s` with each hidden character written as `<U+200B>`, so it can be seen.
pub fn show_hidden(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match hidden_char_name(c) {
            Some(_) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            None => out.push(c),
        }
    }
    out
}

/// A character that shows as an ordinary space but is not one (a no-break
/// space pasted from a web page, a typographic space from a document): a
/// name holding one differs from the name typed with a space.
pub fn is_space_like(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// `s` as a reader sees it: each space-like character an ordinary space,
/// each other hidden character gone. Two names that look the same read the
/// same here.
pub fn as_seen(s: &str) -> String {
    s.chars()
        .filter_map(|c| match hidden_char_name(c) {
            None => Some(c),
            Some(_) if is_space_like(c) => Some(' '),
            Some(_) => None,
        })
        .collect()
}

/// Which kinds of hidden characters `s` holds: invisible ones, space
/// look-alikes, or both.
fn kinds(s: &str) -> (usize, usize) {
    s.chars()
        .filter(|&c| hidden_char_name(c).is_some())
        .fold((0, 0), |(inv, sp), c| {
            if is_space_like(c) {
                (inv, sp + 1)
            } else {
                (inv + 1, sp)
            }
        })
}

/// How `s` reads once its hidden characters are put right, for "…, the name
/// is `x`": `without it`, `with an ordinary space in its place`, …
pub fn once_fixed(s: &str) -> &'static str {
    match kinds(s) {
        (1, 0) => "without it",
        (_, 0) => "without them",
        (0, 1) => "with an ordinary space in its place",
        (0, _) => "with ordinary spaces in their place",
        _ => "without the invisible characters and with ordinary spaces for the look-alikes",
    }
}

/// The name of the first look-alike space in `s` (`no-break space`, …).
fn space_name(s: &str) -> &'static str {
    s.chars()
        .find(|&c| is_space_like(c))
        .and_then(hidden_char_name)
        .unwrap_or("look-alike space")
}

/// What retyping `s` by hand must leave out or put right, after "retype it
/// by hand, ": `without the invisible character`, `typing an ordinary space
/// where the no-break space is`, …
pub fn how_to_retype(s: &str) -> String {
    match kinds(s) {
        (1, 0) => "without the invisible character".to_string(),
        (_, 0) => "without the invisible characters".to_string(),
        (0, 1) => format!("typing an ordinary space where the {} is", space_name(s)),
        (0, _) => "typing ordinary spaces where the look-alike spaces are".to_string(),
        _ => "without the invisible characters, and with ordinary spaces for the look-alike ones"
            .to_string(),
    }
}

/// What copying `s` carries along, for "(copying it carries … along)": `the
/// invisible character`, `the no-break space`, …
pub fn what_copying_carries(s: &str) -> String {
    match kinds(s) {
        (1, 0) => "the invisible character".to_string(),
        (_, 0) => "the invisible characters".to_string(),
        (0, 1) => format!("the {}", space_name(s)),
        (0, _) => "the look-alike spaces".to_string(),
        _ => "the hidden characters".to_string(),
    }
}

fn with_article(name: &str) -> String {
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

impl Hidden {
    /// `U+200B (zero-width space)`: the character alone, for a list.
    pub fn short(&self) -> String {
        format!("U+{:04X} ({})", self.ch as u32, self.name)
    }

    /// `an invisible character, U+200B (zero-width space)`, or for a space
    /// look-alike `a no-break space, U+00A0, where an ordinary space should be`.
    fn what(&self) -> String {
        if is_space_like(self.ch) {
            format!(
                "{}, U+{:04X}, where an ordinary space should be",
                with_article(self.name),
                self.ch as u32
            )
        } else {
            format!("an invisible character, {}", self.short())
        }
    }

    /// `an invisible character, U+200B (zero-width space), at character 4`,
    /// with the characters it follows (or precedes, at the start) so the
    /// place can be found, and how many more there are. Reads after "the
    /// name contains".
    pub fn describe(&self, s: &str) -> String {
        // A name that is nothing but hidden characters has no place to name.
        if s.chars().all(|c| hidden_char_name(c).is_some()) {
            return match self.count {
                1 => format!("only {}", self.what()),
                n => format!(
                    "only hidden characters: {} and {} more",
                    self.short(),
                    n - 1
                ),
            };
        }
        let before: String = s.chars().take(self.position - 1).collect();
        let before = show_hidden(&before);
        let place = if before.is_empty() {
            let after: String = s.chars().skip(1).take(40).collect();
            format!("the first character, before `{}`", show_hidden(&after))
        } else {
            let tail: Vec<char> = before.chars().collect();
            let tail: String = tail[tail.len().saturating_sub(40)..].iter().collect();
            format!("character {}, after `{tail}`", self.position)
        };
        let more = match self.count {
            1 => String::new(),
            2 => " (and one more further on)".to_string(),
            n => format!(" (and {} more further on)", n - 1),
        };
        format!("{}, at {place}{more}", self.what())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banded_distance_agrees_with_the_full_one() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "prod",
            "prdo",
            "product",
            "production",
            "staging",
            "stage",
            "kind-kind",
            "kind-kin",
            "arn:aws:eks:us-west-2:111122223333:cluster/dev",
            "arn:aws:eks:us-west-2:111122223333:cluster/dve",
            "dev\u{200b}",
            "dév",
            "dév",
        ];
        let mut rows = (Vec::new(), Vec::new());
        for a in words {
            for b in words {
                let full = edit_distance(a, b);
                let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                for k in 0..6 {
                    let want = (full <= k).then_some(full);
                    assert_eq!(
                        distance_within(&ac, &bc, k, &mut rows),
                        want,
                        "{a:?} {b:?} {k}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_first_of_the_nearest_names_is_suggested() {
        // A swap is two edits; one changed letter is one.
        assert_eq!(closest("prdo", &["staging", "prod", "prdx"]), Some("prdx"));
        // Short names allow one edit, so a swap is too far for them.
        assert_eq!(closest("prdo", &["staging", "prod"]), None);
        assert_eq!(
            closest("prodcution", &["staging", "production"]),
            Some("production")
        );
        assert_eq!(closest("prdo", &["prdx", "prda"]), Some("prdx"));
        assert_eq!(closest("prdo", &["prda", "prdx"]), Some("prda"));
        assert_eq!(closest("prod", &["staging"]), None);
    }

    #[test]
    fn counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("sts.amazonaws.com", "sts.amazonaws.com"), 0);
        assert_eq!(edit_distance("stsamazonaws.com", "sts.amazonaws.com"), 1);
        // Characters, not bytes.
        assert_eq!(edit_distance("prod-ü", "prod-u"), 1);
        assert_eq!(edit_distance(&"a".repeat(300), "a"), usize::MAX);
    }

    #[test]
    fn suggests_only_near_misses() {
        let contexts = ["prod", "staging", "dev"];
        assert_eq!(closest("stagin", &contexts), Some("staging"));
        assert_eq!(closest("prd", &contexts), Some("prod"));
        assert_eq!(closest("production-eu", &contexts), None);
        // Short words allow one edit, long ones up to four.
        assert_eq!(closest("ab", &["xy"]), None);
        assert_eq!(
            closest(
                "sts:AssumeRoleWithWebIdentty",
                &["sts:AssumeRoleWithWebIdentity"]
            ),
            Some("sts:AssumeRoleWithWebIdentity")
        );
        assert_eq!(closest("", &["a"]), Some("a"));
    }

    #[test]
    fn hidden_characters_are_found_named_and_placed() {
        let h = find_hidden("pro\u{200b}d").unwrap();
        assert_eq!((h.ch, h.position, h.count), ('\u{200b}', 4, 1));
        assert_eq!(
            h.describe("pro\u{200b}d"),
            "an invisible character, U+200B (zero-width space), at character 4, after `pro`"
        );
        let s = "\u{feff}prod\u{2060}";
        let h = find_hidden(s).unwrap();
        assert_eq!(
            h.describe(s),
            "an invisible character, U+FEFF (byte order mark), at the first character, before `prod<U+2060>` (and one more further on)"
        );
        assert_eq!(without_hidden(s), "prod");
        assert_eq!(show_hidden("a\u{200c}b\u{200d}"), "a<U+200C>b<U+200D>");
        assert_eq!(find_hidden("prod-ü"), None);
        // A name that is only a hidden character has no "before" or "after".
        assert_eq!(
            find_hidden("\u{200b}").unwrap().describe("\u{200b}"),
            "only an invisible character, U+200B (zero-width space)"
        );
        // A no-break space is not invisible: it is a space that is not one.
        let s = "my\u{a0}cluster";
        assert_eq!(
            find_hidden(s).unwrap().describe(s),
            "a no-break space, U+00A0, where an ordinary space should be, at character 3, after `my`"
        );
        assert_eq!(as_seen(s), "my cluster");
        assert_eq!(as_seen("pro\u{200b}d"), "prod");
        assert_eq!(once_fixed("a\u{200b}b\u{200c}"), "without them");
        assert_eq!(find_hidden("prod"), None);
    }
}
