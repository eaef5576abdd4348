//! IAM wildcard matching: `*` matches any run of characters (also none), `?`
//! exactly one. Iterative with backtracking to the last `*`, so it runs in
//! O(pattern × text) at worst and never recurses.

/// True when `text` matches `pattern`.
pub fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let fold = |s: &str| -> Vec<char> {
        if ignore_case {
            s.chars().flat_map(char::to_lowercase).collect()
        } else {
            s.chars().collect()
        }
    };
    let p = fold(pattern);
    let t = fold(text);
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if *c == '?' || Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|c| *c == '*')
}

/// True when `s` contains a wildcard character.
pub fn has_wildcard(s: &str) -> bool {
    s.contains('*') || s.contains('?')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_and_question_mark() {
        assert!(matches(
            "system:serviceaccount:payments:*",
            "system:serviceaccount:payments:api",
            false
        ));
        assert!(matches(
            "system:serviceaccount:*:api-?",
            "system:serviceaccount:x:api-1",
            false
        ));
        assert!(!matches(
            "system:serviceaccount:*:api-?",
            "system:serviceaccount:x:api-12",
            false
        ));
        assert!(matches("*", "", false));
        assert!(matches("a*b*c", "aXXbYYc", false));
        assert!(!matches("a*b*c", "aXXbYY", false));
        assert!(!matches("Payments", "payments", false));
        assert!(matches(
            "sts:AssumeRole*",
            "STS:ASSUMEROLEWITHWEBIDENTITY",
            true
        ));
    }

    #[test]
    fn long_patterns_stay_fast() {
        let text = "a".repeat(5000);
        let pattern = "*a".repeat(50) + "b";
        assert!(!matches(&pattern, &text, false));
    }
}
