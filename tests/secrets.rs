//! Credentials never leave eksplain unredacted: the whole CLI — check (text
//! and JSON), explain, view, merge — over a kubeconfig holding every kind of
//! credential prints none of them, on either stream, unless `--raw` asks.

use eksplain::cli::{run, Env};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/kubeconfig/secrets-everywhere.yaml"
);

/// Pieces of every credential in the fixture: all its secret values start
/// with `SECRET-`; the rest are the JWT signatures, the key data, and the
/// JWT prefix (a token's header and claims are shown decoded, never whole).
const SECRETS: &[&str] = &[
    "SECRET-",
    "Zm9yZ2VkLXNpZ25hdHVyZS1ub3QtcmVhbC1TRUNSRVQtU0lH",
    "aWQtdG9rZW4tU0VDUkVULXNpZ25hdHVyZQ",
    "U0VDUkVULWtleS1kYXRhLW5vdC1hLXJlYWwta2V5",
    "eyJ",
];

fn cli(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut stdin: &[u8] = &[];
    let code = run(
        &args,
        &mut Env {
            stdin: &mut stdin,
            out: &mut out,
            err: &mut err,
            clock: &|| 1_767_225_600,
            read_file: &|p| std::fs::read(p),
        },
    );
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn no_command_prints_a_credential() {
    let commands: &[&[&str]] = &[
        &["check", FIXTURE],
        &["check", "--format", "json", FIXTURE],
        &["explain", FIXTURE],
        &["view", FIXTURE],
        &["view", "--minify", "--context", "eks-keys", FIXTURE],
        &["merge", FIXTURE, FIXTURE],
    ];
    for args in commands {
        let (code, out, err) = cli(args);
        assert_ne!(code, 2, "{args:?} failed: {err}");
        assert!(!out.trim().is_empty(), "{args:?} printed nothing");
        for s in SECRETS {
            assert!(!out.contains(s), "{args:?} printed `{s}` on stdout:\n{out}");
            assert!(!err.contains(s), "{args:?} printed `{s}` on stderr:\n{err}");
        }
    }
}

#[test]
fn the_fixture_really_holds_them_and_raw_shows_them() {
    let (code, out, _) = cli(&["view", "--raw", FIXTURE]);
    assert_eq!(code, 0);
    for s in SECRETS {
        assert!(out.contains(s), "`{s}` is not in the fixture's raw view");
    }
    let (_, out, _) = cli(&["check", FIXTURE]);
    assert_eq!(out.matches("[KC062]").count(), 7, "{out}");
    // The AWS secret key in exec env is reported once, by the AWS-specific rule.
    assert_eq!(out.matches("[EXE005]").count(), 1, "{out}");
    assert_eq!(out.matches("[KC063]").count(), 2, "{out}");
}

/// An env entry may give its `value` before its `name` (hand-edited files,
/// JSON from tools that keep insertion order): the secret key is still a
/// secret, in the excerpt under the finding that reports it too.
#[test]
fn an_env_value_written_before_its_secret_name_is_redacted() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/kubeconfig/eks-exec-env-value-before-name.yaml"
    );
    let secret = "bPxRfiCYEXAMPLEKEY";
    assert!(std::fs::read_to_string(fixture).unwrap().contains(secret));
    for args in [
        &["check", fixture][..],
        &["check", "--format", "json", fixture],
        &["explain", fixture],
        &["view", fixture],
    ] {
        let (code, out, err) = cli(args);
        assert_ne!(code, 2, "{args:?} failed: {err}");
        assert!(
            !out.contains(secret),
            "{args:?} printed the secret key:\n{out}"
        );
        assert!(
            !err.contains(secret),
            "{args:?} printed the secret key:\n{err}"
        );
    }
    let (_, out, _) = cli(&["check", fixture]);
    assert!(out.contains("[EXE005]"), "{out}");
    let (_, out, _) = cli(&["view", fixture]);
    assert!(
        out.contains("value: eu-west-1"),
        "only secrets are hidden:\n{out}"
    );
}

/// Damaged files whose credentials reached the output before (a review of
/// session 8): a colon lost after `client-key-data` (serde quoted the value in
/// its message), after an env `value` under a secret name (the excerpt and the
/// "write it as" help), a secret quoted over two lines inside a flow mapping,
/// and a JWT in an env var whose name says nothing. Every format, and the
/// explanation, must hide them.
#[test]
fn damaged_files_do_not_leak_their_credentials() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/secrets/");
    let cases: &[(&str, &[&str])] = &[
        ("colon-lost3.yaml", &["SECRETKEY"]),
        ("colon-lost2.yaml", &["wJalrSECRETKEY"]),
        ("flow-pw.yaml", &["hunter2", "PWSECONDHALF", "TOKSECRET"]),
        ("env-jwt.yaml", &["eyJ"]),
    ];
    for (file, secrets) in cases {
        let path = format!("{dir}{file}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(secrets.iter().all(|s| text.contains(s)), "{file}");
        for args in [
            &["check", &path][..],
            &["check", "--format", "json", &path],
            &["check", "--format", "github", &path],
            &["check", "--format", "sarif", &path],
            &["explain", &path],
            &["view", &path],
        ] {
            let (_, out, err) = cli(args);
            for s in *secrets {
                assert!(!out.contains(s), "{args:?} printed `{s}`:\n{out}");
                assert!(!err.contains(s), "{args:?} printed `{s}`:\n{err}");
            }
        }
    }
    // What is not secret stays readable: the message quotes the damaged line.
    let (_, out, _) = cli(&["check", &format!("{dir}colon-lost3.yaml")]);
    assert!(
        out.contains(
            r#"invalid type: string "client-key-data REDACTED", expected struct AuthInfo"#
        ),
        "{out}"
    );
}
