//! "Did you mean …?": the nearest known word to a mistyped one. Shared by
//! every domain's rules (kubeconfig names, IAM actions and elements, OIDC
//! regions and partitions, aws-auth templates, audiences).

/// The candidate closest to `word` by edit distance, if close enough to be a
/// typo: at most a third of the word's length (1 to 4 edits). Ties go to the
/// earlier candidate.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 4);
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
