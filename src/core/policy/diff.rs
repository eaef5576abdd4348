//! A small line diff (longest common subsequence) for showing a corrected
//! policy against the original, in unified format.

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// Inputs longer than this are shown as a whole replacement: the LCS table is
/// quadratic, and no policy is this long.
const MAX_LINES: usize = 2_000;

/// The line-by-line difference between `a` and `b`.
pub fn lines<'a>(a: &'a str, b: &'a str) -> Vec<Line<'a>> {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    if a.len() > MAX_LINES || b.len() > MAX_LINES {
        return a
            .iter()
            .map(|l| Line::Removed(l))
            .chain(b.iter().map(|l| Line::Added(l)))
            .collect();
    }
    let (n, m) = (a.len(), b.len());
    // lcs[i][j] = length of the LCS of a[i..] and b[j..], flattened.
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if a[i] == b[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            out.push(Line::Same(a[i]));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            out.push(Line::Removed(a[i]));
            i += 1;
        } else {
            out.push(Line::Added(b[j]));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|l| Line::Removed(l)));
    out.extend(b[j..].iter().map(|l| Line::Added(l)));
    out
}

/// A unified diff with `context` lines around each change and `@@` hunk
/// headers; empty when the texts have the same lines.
pub fn unified(a: &str, b: &str, context: usize) -> String {
    let d = lines(a, b);
    if d.iter().all(|l| matches!(l, Line::Same(_))) {
        return String::new();
    }
    // Line numbers (1-based) in a and b before each diff line.
    let mut pos = Vec::with_capacity(d.len());
    let (mut la, mut lb) = (1usize, 1usize);
    for l in &d {
        pos.push((la, lb));
        match l {
            Line::Same(_) => {
                la += 1;
                lb += 1;
            }
            Line::Removed(_) => la += 1,
            Line::Added(_) => lb += 1,
        }
    }
    let changed: Vec<usize> = d
        .iter()
        .enumerate()
        .filter(|(_, l)| !matches!(l, Line::Same(_)))
        .map(|(i, _)| i)
        .collect();
    // Group changes whose context overlaps into hunks.
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for &c in &changed {
        let start = c.saturating_sub(context);
        let end = (c + context + 1).min(d.len());
        match hunks.last_mut() {
            Some(h) if start <= h.1 => h.1 = end,
            _ => hunks.push((start, end)),
        }
    }
    let mut out = String::new();
    for (start, end) in hunks {
        let slice = &d[start..end];
        let count_a = slice
            .iter()
            .filter(|l| !matches!(l, Line::Added(_)))
            .count();
        let count_b = slice
            .iter()
            .filter(|l| !matches!(l, Line::Removed(_)))
            .count();
        let (sa, sb) = pos[start];
        out.push_str(&format!("@@ -{sa},{count_a} +{sb},{count_b} @@\n"));
        for l in slice {
            match l {
                Line::Same(s) => out.push_str(&format!(" {s}\n")),
                Line::Removed(s) => out.push_str(&format!("-{s}\n")),
                Line::Added(s) => out.push_str(&format!("+{s}\n")),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimal_change() {
        let a = "a\nb\nc\nd\n";
        let b = "a\nB\nc\nd\ne\n";
        assert_eq!(
            lines(a, b),
            vec![
                Line::Same("a"),
                Line::Removed("b"),
                Line::Added("B"),
                Line::Same("c"),
                Line::Same("d"),
                Line::Added("e"),
            ]
        );
    }

    #[test]
    fn unified_hunks_with_context() {
        let a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let b = "1\n2\nthree\n4\n5\n6\n7\n8\nnine\n";
        assert_eq!(
            unified(a, b, 1),
            "@@ -2,3 +2,3 @@\n 2\n-3\n+three\n 4\n@@ -8,2 +8,2 @@\n 8\n-9\n+nine\n"
        );
        assert_eq!(unified(a, a, 3), "");
    }
}
