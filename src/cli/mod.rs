//! The native command-line front end: `eksplain check|explain|rules`. Pure
//! except for its streams and the clock, which are passed in, so it is tested
//! without spawning a process.

mod annotations;
mod check;
mod flags;
mod identity;
mod merge;
mod simulate;
mod trust_policy;

use crate::core::{self, InputKind, Options};
use std::io::{Read, Write};

pub const USAGE: &str = "eksplain — explains Kubernetes access: kubeconfigs, certificates, EKS tokens, IRSA trust policies.

Usage:
  eksplain check [--format text|json|github|sarif] [--fail-on error|warning|info] [--now RFC3339]
                 [--as KIND] FILE|- ...
  eksplain explain [--now RFC3339] [--as KIND] FILE|-
  eksplain rules [--format text|markdown]
  eksplain map-identity AWS_AUTH_FILE|- IAM_ARN
  eksplain view [--minify] [--context NAME] [--raw] FILE|- ...
  eksplain merge [--raw] FILE|- ...
  eksplain simulate --policy FILE --sa NS:NAME [--aud A[,B]] [--iss ISSUER-URL] [--token JWT-FILE]
                    [--cluster-arn ARN] [--pod-name NAME] [--pod-uid UID] [--source-arn ARN]
                    [--org-id o-ID] [--via irsa|pod-identity]
  eksplain simulate --policy FILE --sub SUBJECT [--claim KEY=VALUE ...] [--aud A[,B]] [--iss ISSUER-URL]
  eksplain trust-policy (--oidc-provider ARN | --issuer URL --account ID | --endpoint URL --account ID)
                        --sa NS:NAME [--role-arn ARN] [--service-account] [--pod-identity]
  eksplain --version

check    reports findings like a linter; exit 0 when there is no error, 1 when there is, 2 on usage or IO failure;
         --fail-on warning (or info) also exits 1 on findings of that severity; --format github prints
         GitHub Actions annotations, sarif a SARIF 2.1.0 log for code-scanning tools
explain  prints the explanation the web page shows, as text, then the findings
view     prints kubeconfigs back like `kubectl config view` (several files are merged like KUBECONFIG=a:b);
         credentials are redacted unless --raw; --minify keeps only --context (default: current-context)
merge    prints the merge of several kubeconfigs, as kubectl merges KUBECONFIG=a:b:…, and reports on
         standard error every definition the merge drops
rules    lists every rule (code, severity, category, summary); markdown prints the full reference
map-identity  the Kubernetes user and groups an IAM ARN (user, role, or assumed-role session) gets from an aws-auth ConfigMap
simulate evaluates the trust policy for service account NS:NAME as IAM would and prints ALLOW or DENY with
         the trace; exit 0 allow, 3 deny, 2 usage. IRSA by default (aud sts.amazonaws.com, issuer from the
         policy's first Federated principal, or from --token's claims, decoded locally); for a policy that
         trusts pods.eks.amazonaws.com, NS:NAME become Pod Identity's session tags, with the cluster's
         ARN and the pod's name and UID, and --source-arn (reportedly the association's ARN) and --org-id
         as context keys (these four apply to Pod Identity only). --sub asks about any web identity token
         instead of a service account's (a GitHub workflow's repo:OWNER/REPO:ref:refs/heads/main, a Cognito
         identity's): the issuer is the policy's first Federated provider, `cognito-identity.amazonaws.com`
         and `accounts.google.com` included, unless --iss names another; --claim adds the token's other
         claims (environment=production, amr=authenticated); for GitHub, repository and repository_owner
         are taken from the sub unless given
trust-policy prints the IRSA trust policy for NS:NAME (--pod-identity: the Pod Identity one); with
         --service-account also the ServiceAccount manifest with eks.amazonaws.com/role-arn, after `---`
--now    fixes the clock (RFC 3339, e.g. 2025-01-31T12:00:00Z) for reproducible output
--as     analyse as this kind instead of detecting it: kubeconfig, certificate, eks-token, exec-credential,
         jwt, trust-policy, oidc-provider, aws-auth, service-account
";

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// What a command needs from the outside world.
pub struct Env<'a> {
    pub stdin: &'a mut dyn Read,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// The current time, read only when `--now` is not given.
    pub clock: &'a dyn Fn() -> core::UnixTime,
    /// Reads a file; injected so tests need no file system.
    pub read_file: &'a dyn Fn(&str) -> std::io::Result<Vec<u8>>,
}

/// Options shared by the subcommands.
#[derive(Default)]
pub struct Common {
    pub format: Option<String>,
    pub now: Option<core::UnixTime>,
    pub kind: Option<InputKind>,
    /// `check --fail-on`: the lowest severity that makes the exit code 1.
    pub fail_on: Option<core::Severity>,
    pub files: Vec<String>,
}

pub fn usage_error(env: &mut Env, msg: &str) -> i32 {
    let _ = writeln!(env.err, "eksplain: {msg}\n\n{USAGE}");
    EXIT_USAGE
}

/// Parses `--format`, `--now`, `--as` and file operands.
pub fn parse_common(args: &[String]) -> Result<Common, String> {
    let mut c = Common::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{name} needs a value"))
        };
        match flag {
            "--format" | "-f" => c.format = Some(value("--format")?),
            "--now" => {
                let v = value("--now")?;
                c.now = Some(core::time::parse_rfc3339(&v).ok_or(format!(
                    "--now: `{v}` is not an RFC 3339 time such as 2025-01-31T12:00:00Z"
                ))?);
            }
            "--fail-on" => {
                let v = value("--fail-on")?;
                c.fail_on = Some(match v.as_str() {
                    "error" => core::Severity::Error,
                    "warning" => core::Severity::Warning,
                    "info" => core::Severity::Info,
                    _ => {
                        return Err(format!(
                            "--fail-on must be error, warning or info, not `{v}`"
                        ))
                    }
                });
            }
            "--as" => {
                let v = value("--as")?;
                c.kind = Some(InputKind::from_id(&v).ok_or(format!("--as: unknown kind `{v}`"))?);
            }
            "-" => c.files.push("-".into()),
            f if f.starts_with('-') => return Err(format!("unknown option `{f}`")),
            f => c.files.push(f.to_string()),
        }
    }
    Ok(c)
}

/// Reads an operand (`-` is standard input) and decodes it to text.
pub fn read_input(env: &mut Env, path: &str) -> Result<String, String> {
    let bytes = if path == "-" {
        let mut b = Vec::new();
        env.stdin
            .read_to_end(&mut b)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        b
    } else {
        (env.read_file)(path).map_err(|e| format!("cannot read {path}: {e}"))?
    };
    Ok(core::input::decode_vec(bytes))
}

pub fn options(c: &Common, env: &Env) -> Options {
    Options {
        now: Some(c.now.unwrap_or_else(|| (env.clock)())),
    }
}

/// Runs the CLI with `args` (without the program name) and returns the exit code.
pub fn run(args: &[String], env: &mut Env) -> i32 {
    let Some(cmd) = args.first() else {
        let _ = write!(env.err, "{USAGE}");
        return EXIT_USAGE;
    };
    let rest = &args[1..];
    // `eksplain check --help` is how most people ask; answer it rather than
    // call `--help` an unknown option.
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        let _ = write!(env.out, "{USAGE}");
        return EXIT_OK;
    }
    match cmd.as_str() {
        "check" => check::check(rest, env),
        "explain" => check::explain(rest, env),
        "rules" => check::rules(rest, env),
        "map-identity" => identity::map_identity(rest, env),
        "view" => merge::view(rest, env),
        "merge" => merge::merge(rest, env),
        "simulate" => simulate::simulate(rest, env),
        "trust-policy" => trust_policy::trust_policy(rest, env),
        "--version" | "-V" | "version" => {
            let _ = writeln!(env.out, "eksplain {}", env!("CARGO_PKG_VERSION"));
            EXIT_OK
        }
        "--help" | "-h" | "help" => {
            let _ = write!(env.out, "{USAGE}");
            EXIT_OK
        }
        other => usage_error(env, &format!("unknown command `{other}`")),
    }
}

/// Runs the CLI in tests over in-memory files (`name`, text), at time 0:
/// the exit code, standard output and standard error.
#[cfg(test)]
pub(crate) fn run_with_files(args: &[&str], files: &[(&str, String)]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let read = |p: &str| -> std::io::Result<Vec<u8>> {
        files
            .iter()
            .find(|(name, _)| *name == p)
            .map(|(_, text)| text.clone().into_bytes())
            .ok_or_else(|| std::io::ErrorKind::NotFound.into())
    };
    let mut env = Env {
        stdin: &mut std::io::empty(),
        out: &mut out,
        err: &mut err,
        clock: &|| 0,
        read_file: &read,
    };
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let code = run(&args, &mut env);
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap_or_default();
    (code, text(out), text(err))
}

#[cfg(test)]
mod tests {
    use super::{run_with_files, EXIT_OK, EXIT_USAGE};

    fn cli(args: &[&str]) -> (i32, String, String) {
        run_with_files(args, &[("warn.yaml", WARN_ONLY.to_string())])
    }

    /// Two warnings (KC016, KC062), no error.
    const WARN_ONLY: &str = "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    insecure-skip-tls-verify: true\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n";

    #[test]
    fn fail_on_sets_the_severity_that_fails_the_run() {
        let exit = |args: &[&str]| cli(args).0;
        assert_eq!(exit(&["check", "warn.yaml"]), EXIT_OK);
        assert_eq!(exit(&["check", "--fail-on", "error", "warn.yaml"]), EXIT_OK);
        assert_eq!(exit(&["check", "--fail-on", "warning", "warn.yaml"]), 1);
        assert_eq!(exit(&["check", "--fail-on=info", "warn.yaml"]), 1);
        assert_eq!(exit(&["explain", "--fail-on", "warning", "warn.yaml"]), 1);
        let (code, _, err) = cli(&["check", "--fail-on", "warnings", "warn.yaml"]);
        assert_eq!(code, EXIT_USAGE);
        assert!(
            err.contains("--fail-on must be error, warning or info, not `warnings`"),
            "{err}"
        );
    }

    #[test]
    fn github_and_sarif_formats_annotate_the_file() {
        let (code, out, _) = cli(&["check", "--format", "github", "warn.yaml"]);
        assert_eq!(code, EXIT_OK);
        assert!(
            out.starts_with("::warning file=warn.yaml,line=7,col=5,title=KC016 "),
            "{out}"
        );
        let (_, out, _) = cli(&["check", "--format=sarif", "warn.yaml"]);
        let v: serde_json::Value = serde_json::from_str(&out).expect("SARIF is JSON");
        assert_eq!(v["runs"][0]["results"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn help_after_a_command_prints_the_usage_and_succeeds() {
        for args in [
            &["check", "--help"][..],
            &["simulate", "-h"],
            &["view", "a.yaml", "--help"],
        ] {
            let (code, out, err) = cli(args);
            assert_eq!(code, EXIT_OK, "{args:?}: {err}");
            assert!(
                out.contains("Usage:") && out.contains("eksplain check"),
                "{args:?}"
            );
            assert!(err.is_empty(), "{args:?}: {err}");
        }
    }

    #[test]
    fn an_unknown_option_is_still_a_usage_error() {
        let (code, out, err) = cli(&["check", "--hlep", "a.yaml"]);
        assert_eq!(code, EXIT_USAGE);
        assert!(out.is_empty());
        assert!(err.contains("unknown option `--hlep`"), "{err}");
    }
}
