//! A quoted scalar may go on over several lines, and its continuation lines
//! may hold anything — `key: value`, `- item`, `#`, at any indentation,
//! even column 0. YAML (serde_yaml, kubectl) reads one string; eksplain's
//! position index must too, or it reports the continuation as fields
//! (`KC006 … has a field and-more`) and points later findings at the wrong
//! lines.
//!
//! Each case is checked against the same file with the value written on one
//! line: the findings must be the same, at the same places once the extra
//! lines are counted, and the secret must not show in `eksplain check`'s
//! output.

use eksplain::core::{analyze, registry, render, Options};

/// A kubeconfig whose user's `password` is `value` (written from column 13
/// of line 18). `foo` (line 7) makes eksplain list every object's keys, and
/// `tokne` (just after the password) is a typo it must find at its own line.
fn kubeconfig(value: &str) -> String {
    format!(
        "apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://example.com
    foo: 1
contexts:
- name: x
  context:
    cluster: c
    user: u
current-context: x
users:
- name: u
  user:
    username: admin
    password: {value}
    tokne: t
"
    )
}

const PASSWORD_LINE: u32 = 18;

/// Code, path, line and column of every finding, and the message.
fn findings(text: &str) -> Vec<(String, String, u32, u32, String)> {
    let opts = Options {
        now: Some(registry::DOC_NOW),
    };
    analyze(text, &opts)
        .findings
        .iter()
        .map(|f| {
            let p = f.location.pos.expect("every finding here has a position");
            (
                f.code().to_string(),
                f.location.path.to_string(),
                p.line,
                p.column,
                f.message.clone(),
            )
        })
        .collect()
}

/// `multi` (a value over several lines) and `one` (the same value on one
/// line) give the same findings, those below the value moved down by the
/// extra lines; the output shows none of `secrets`.
fn same_findings(multi: &str, one: &str, secrets: &[&str]) {
    let extra = multi.lines().count() as u32 - 1;
    let text = kubeconfig(multi);
    let got = findings(&text);
    let want: Vec<_> = findings(&kubeconfig(one))
        .into_iter()
        .map(|(code, path, line, col, msg)| {
            let line = if line > PASSWORD_LINE {
                line + extra
            } else {
                line
            };
            (code, path, line, col, msg)
        })
        .collect();
    assert_eq!(got, want, "{text}");
    // The value holds no field: what is reported is the unknown `foo`, the
    // clear-text password and the typo, each at its own line.
    let codes: Vec<_> = got.iter().map(|f| (f.0.as_str(), f.2)).collect();
    assert!(codes.contains(&("KC006", 7)), "{codes:?}");
    assert!(codes.contains(&("KC062", PASSWORD_LINE)), "{codes:?}");
    assert!(
        codes.contains(&("KC006", PASSWORD_LINE + 1 + extra)),
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| c.0 == "KC006").count(),
        2,
        "{codes:?}"
    );
    let opts = Options {
        now: Some(registry::DOC_NOW),
    };
    let report = analyze(&text, &opts);
    let out = render::check_text("kc", &text, &report);
    let md = render::markdown("kc", &text, &report);
    for s in secrets {
        assert!(!out.contains(s), "{s} shown:\n{out}");
        assert!(!md.contains(s), "{s} shown:\n{md}");
    }
    assert!(
        out.contains(&format!("kc:{}:5: ", PASSWORD_LINE + 1 + extra)),
        "{out}"
    );
}

#[test]
fn a_double_quoted_value_over_lines_is_one_string() {
    // Continuation lines below, at and left of the key's indentation.
    for indent in ["      ", "    ", "  ", ""] {
        same_findings(
            &format!("\"hunter2\n{indent}and-more: secret\""),
            "\"hunter2 and-more: secret\"",
            &["hunter2", "and-more", "secret\""],
        );
    }
}

#[test]
fn escapes_do_not_end_a_double_quoted_value() {
    // `\"` is a quote inside the value, `\\` a backslash, and a `\` at the
    // end of a line joins the next one without a space.
    same_findings(
        "\"a \\\"quoted\\\" \\\\ word\n  - and-more: secret\\\n    x: \\\" y\"",
        "\"a \\\"quoted\\\" \\\\ word - and-more: secretx: \\\" y\"",
        &["quoted", "and-more", "secretx"],
    );
}

#[test]
fn a_single_quoted_value_over_lines_is_one_string() {
    // `''` is a quote inside the value; `#` and `- ` are text there too.
    same_findings(
        "'it''s\n  and-more: ''x''\n  - y # not a comment\n    token: z'",
        "'it''s and-more: ''x'' - y # not a comment token: z'",
        &["it''s", "and-more", "not a comment"],
    );
}

#[test]
fn a_quoted_value_over_many_lines_with_comment_and_dash_marks() {
    same_findings(
        "\"one # not: a comment\n- two\n    three: - four\n  five:\n\n  six\"  # a real comment",
        "\"one # not: a comment - two three: - four five:\\nsix\"  # a real comment",
        &["not: a comment", "three", "six"],
    );
}

#[test]
fn a_quoted_value_on_the_line_below_its_key_is_one_string() {
    same_findings(
        "\n      \"hunter2\n    and-more: secret\"",
        "\"hunter2 and-more: secret\"",
        &["hunter2", "and-more"],
    );
}

#[test]
fn a_plain_value_over_lines_is_one_string() {
    // A plain scalar goes on over lines indented deeper than its key; `- `
    // is text there (a `: ` is not allowed: serde_yaml rejects it).
    same_findings(
        "hunter2\n      - and-more\n       more # a comment",
        "hunter2 - and-more more # a comment",
        &["hunter2", "and-more"],
    );
}

#[test]
fn a_quoted_key_with_a_value_over_lines() {
    let text = kubeconfig("x").replace(
        "    password: x\n",
        "    \"password\": \"hunter2\n and-more: secret\"\n",
    );
    let got = findings(&text);
    let codes: Vec<_> = got.iter().map(|f| (f.0.as_str(), f.2, f.3)).collect();
    assert_eq!(
        codes,
        [("KC006", 7, 5), ("KC062", 18, 5), ("KC006", 20, 5)],
        "{got:?}"
    );
}

#[test]
fn a_value_over_lines_in_a_flow_mapping_is_one_string() {
    let text = kubeconfig("x").replace(
        "  user:\n    username: admin\n    password: x\n    tokne: t\n",
        "  user: {username: admin, password: \"hunter2\n    and-more: secret\",\n    tokne: t}\n",
    );
    let got = findings(&text);
    let codes: Vec<_> = got.iter().map(|f| (f.0.as_str(), f.2, f.3)).collect();
    assert_eq!(
        codes,
        [("KC006", 7, 5), ("KC062", 16, 27), ("KC006", 18, 5)],
        "{got:?}"
    );
    let out = render::check_text("kc", &text, &analyze(&text, &Options::default()));
    assert!(
        !out.contains("hunter2") && !out.contains("and-more"),
        "{out}"
    );
}

#[test]
fn an_unterminated_quote_is_a_syntax_error_and_nothing_else() {
    for text in [
        kubeconfig("\"hunter2\n    tokne: t"),
        kubeconfig("'hunter2"),
        kubeconfig("\"hunter2\\"),
        // At the very end of the file, with no line break.
        kubeconfig("x") + "    token: \"hunter2",
    ] {
        let got = findings(&text);
        let codes: Vec<_> = got.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(codes, ["IN001"], "{text}\n{got:?}");
        let out = render::check_text("kc", &text, &analyze(&text, &Options::default()));
        assert!(!out.contains("hunter2"), "{out}");
    }
}
