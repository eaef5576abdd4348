//! `eksplain simulate`: may this service account — or this web identity
//! token's subject, a GitHub workflow's, a Cognito identity's — assume the
//! role? Prints ALLOW or DENY and the evaluation trace.

use super::flags::Flags;
use super::{read_input, usage_error, Env, EXIT_OK, EXIT_USAGE};
use crate::core::jwt;
use crate::core::policy::keys::SA_PREFIX;
use crate::core::policy::probe::{self, Probe, Via};
use crate::core::policy::{self, sim, who};

/// Exit code for a simulated DENY.
pub const EXIT_DENY: i32 = 3;

const VALUE_FLAGS: &[&str] = &[
    "--policy",
    "--sa",
    "--sub",
    "--aud",
    "--iss",
    "--token",
    "--cluster-arn",
    "--pod-name",
    "--pod-uid",
    "--source-arn",
    "--org-id",
    "--via",
];

pub fn simulate(args: &[String], env: &mut Env) -> i32 {
    let flags = match Flags::parse_repeated(args, VALUE_FLAGS, &["--claim"], &[]) {
        Ok(f) => f,
        Err(e) => return usage_error(env, &e),
    };
    let Some(policy_file) = flags.get("--policy") else {
        return usage_error(
            env,
            "simulate needs --policy FILE (the role's trust policy)",
        );
    };
    let claims = match flags.get("--token") {
        Some(path) => {
            let text = match read_input(env, path) {
                Ok(t) => t,
                Err(e) => return fail(env, &e),
            };
            match jwt::claims_of(&text) {
                Ok(c) => Some(c),
                Err(e) => return fail(env, &format!("--token {path}: {e}")),
            }
        }
        None => None,
    };
    if flags.has("--sa") && flags.has("--sub") {
        return usage_error(
            env,
            "give --sa NAMESPACE:NAME (a service account) or --sub SUBJECT (any web identity token), not both",
        );
    }
    let mut claims_given = Vec::new();
    for c in flags.all("--claim") {
        match probe::parse_claim(c) {
            Ok(kv) => claims_given.push(kv),
            Err(e) => return usage_error(env, &format!("--claim: {e}")),
        }
    }
    // A token brings its own claims (those IAM sees for its issuer); a
    // --claim of the same name wins.
    if let (Some(c), Some(path)) = (&claims, flags.get("--token")) {
        let kind = c
            .iss
            .as_deref()
            .and_then(|i| i.strip_prefix("https://"))
            .map(|p| policy::issuer::Issuer::of_path(p.trim_end_matches('/')));
        // Only where eksplain knows which claims IAM sees; never for a
        // service account's token (IRSA's request has no other claims).
        let service_account = c.sub.as_deref().is_some_and(|s| s.starts_with(SA_PREFIX));
        if let Some(kind) = kind.filter(|k| {
            !service_account
                && !flags.has("--sa")
                && matches!(
                    k,
                    policy::issuer::Issuer::GitHub { .. } | policy::issuer::Issuer::Cognito
                )
        }) {
            let text = read_input(env, path).unwrap_or_default();
            for (k, values) in jwt::condition_claims(&text) {
                if kind.passed(&k)
                    && !claims_given
                        .iter()
                        .any(|(g, _): &(String, String)| g.eq_ignore_ascii_case(&k))
                {
                    claims_given.extend(values.into_iter().map(|v| (k.clone(), v)));
                }
            }
        }
    }
    // A service account, or any other subject: a token's `sub` is a service
    // account's when it says so.
    let token_sub = claims.as_ref().and_then(|c| c.sub.clone());
    let sa = flags.get("--sa").map(str::to_string).or_else(|| {
        token_sub
            .clone()
            .filter(|s| s.starts_with(SA_PREFIX) && !flags.has("--sub"))
    });
    let sub = flags
        .get("--sub")
        .map(str::to_string)
        .or_else(|| token_sub.filter(|s| !s.starts_with(SA_PREFIX) && sa.is_none()));
    let (namespace, name) = match (&sa, &sub) {
        (Some(sa), _) => match probe::parse_service_account(sa) {
            Ok(x) => x,
            Err(e) => return usage_error(env, &format!("--sa: {e}")),
        },
        (None, Some(s)) if s.trim().is_empty() => {
            return usage_error(
                env,
                "--sub needs the token's subject, e.g. repo:octo-org/infra:ref:refs/heads/main",
            )
        }
        (None, Some(_)) => (String::new(), String::new()),
        (None, None) => return usage_error(
            env,
            "simulate needs --sa NAMESPACE:NAME, --sub SUBJECT (or a --token whose sub names one)",
        ),
    };
    let via = match flags.get("--via") {
        None => None,
        Some("irsa") => Some(Via::Irsa),
        Some("pod-identity") => Some(Via::PodIdentity),
        Some(v) => {
            return usage_error(
                env,
                &format!("--via must be irsa or pod-identity, not `{v}`"),
            )
        }
    };
    let aud = flags
        .get("--aud")
        .map(|a| a.split(',').map(str::to_string).collect())
        .or_else(|| {
            claims
                .as_ref()
                .map(|c| c.aud.clone())
                .filter(|a| !a.is_empty())
        });
    let issuer = flags
        .get("--iss")
        .map(str::to_string)
        .or_else(|| claims.as_ref().and_then(|c| c.iss.clone()));
    let probe = Probe {
        namespace,
        name,
        aud,
        issuer,
        cluster_arn: flags.get("--cluster-arn").map(str::to_string),
        pod_name: flags.get("--pod-name").map(str::to_string),
        pod_uid: flags.get("--pod-uid").map(str::to_string),
        source_arn: flags.get("--source-arn").map(str::to_string),
        org_id: flags.get("--org-id").map(str::to_string),
        via,
        expect: None,
        sub: if sa.is_none() { sub } else { None },
        claims: claims_given,
    };
    let text = match read_input(env, policy_file) {
        Ok(t) => t,
        Err(e) => return fail(env, &e),
    };
    let read = policy::read(&text);
    // A URL-encoded policy is one line: its places need their column.
    let encoded = read.decoded.is_some();
    let Some(root) = read.root.as_ref() else {
        let e = read
            .errors
            .last()
            .map(|e| {
                // A syntax error's place always has its column, as `check` gives it.
                let at = policy::input_place(true, read.input_pos(e.pos));
                format!("{} at {at} — {}", e.message, e.hint)
            })
            .unwrap_or_default();
        return fail(
            env,
            &format!("{policy_file} cannot be read as a policy: {e}"),
        );
    };
    // The stack's account and partition are no news (as in `check`).
    let placeholders: Vec<String> = match read.expands {
        Some(by) => policy::rules::policy_template::in_policy(root, by)
            .into_iter()
            .filter(|p| !policy::cfn::is_pseudo_parameter(p))
            .collect(),
        None => Vec::new(),
    };
    if !placeholders.is_empty() {
        let _ = writeln!(
            env.err,
            "eksplain: note: {policy_file} is a template: {} {} filled in by {} before IAM sees the policy; the simulation takes a placeholder in a principal or condition key to be what the request has there, and compares values as written (the trace's notes say which).",
            placeholders.join(", "),
            if placeholders.len() == 1 { "is" } else { "are" },
            read.expands.unwrap_or(policy::heredoc::Expander::Shell).name(),
        );
    }
    // What Terraform may render or not: the verdict holds for the policy
    // as written, with every `dynamic` block rendered once.
    for o in &read.optional {
        let what = match o.block.as_str() {
            "condition" if o.sub => "its `sub` condition",
            "source_policy_documents" | "override_policy_documents" => {
                let _ = writeln!(env.err, "eksplain: note: {policy_file}: `{}` (line {}) merges in documents Terraform works out; the simulation covers only the statements written here.", o.block, o.pos.line);
                continue;
            }
            "missing" => continue,
            _ => "a block",
        };
        let st = o
            .statement
            .map(|i| format!("Statement[{i}]"))
            .unwrap_or_default();
        let _ = writeln!(env.err, "eksplain: note: {policy_file}: {st} takes {what} from the `dynamic \"{}\"` block at line {}, which Terraform may render zero times (`for_each = {}`); the simulation assumes it is rendered once.", o.block, o.pos.line, o.expr);
    }
    if !read.others.is_empty() {
        let _ = writeln!(env.err, "eksplain: note: {policy_file} holds {} more trust policies; the simulation covers the first only (`eksplain check` checks them all).", read.others.len());
    }
    if !read.errors.is_empty() {
        let _ = writeln!(
            env.err,
            "eksplain: note: {policy_file} has {} JSON syntax error(s) that IAM would reject (see `eksplain check`); simulating the policy as read past them.",
            read.errors.len()
        );
    }
    let Some(p) = read.model() else {
        return fail(env, &format!("{policy_file} cannot be read as a policy"));
    };
    let mut request = match probe::request(&p, &probe) {
        Ok(r) => r,
        Err(e) => return usage_error(env, &e),
    };
    // A template is simulated with its placeholders filled in from the
    // request; who can assume it is still told from the policy as written.
    let filled = sim::fill_in(&p, &mut request, read.expands);
    let pod_flags: Vec<&str> = ["--pod-name", "--pod-uid", "--source-arn", "--org-id"]
        .into_iter()
        .filter(|f| flags.get(f).is_some())
        .collect();
    let irsa = request
        .actions
        .iter()
        .any(|a| a == "sts:AssumeRoleWithWebIdentity");
    if irsa && !pod_flags.is_empty() {
        let _ = writeln!(
            env.err,
            "eksplain: note: {} apply to EKS Pod Identity only; this simulation is IRSA (sts:AssumeRoleWithWebIdentity), so they are not in the request.",
            pod_flags.join(", ")
        );
    }
    let v2012 = p.version.as_ref().is_some_and(|v| v.value == "2012-10-17");
    let decision = sim::evaluate(filled.as_ref().unwrap_or(&p), v2012, &request);
    let _ = write!(env.out, "{}", decision.to_text_in(&request, encoded));
    if let Some(c) = &claims {
        let _ = writeln!(
            env.out,
            "\nToken (decoded locally; its signature is not verified offline): iss {}, sub {}, aud {}",
            c.iss.as_deref().unwrap_or("(none)"),
            c.sub.as_deref().unwrap_or("(none)"),
            if c.aud.is_empty() { "(none)".to_string() } else { c.aud.join(", ") }
        );
    }
    let report = crate::core::analyze_as(
        &text,
        crate::core::InputKind::TrustPolicy,
        &Default::default(),
    );
    let place = |f: &crate::core::Finding| match f.location.pos {
        Some(p) => format!("{} at {}", f.code(), policy::input_place(encoded, p)),
        None => f.code().to_string(),
    };
    // A role open to anyone is saved by IAM and works: said apart.
    let open = |f: &crate::core::Finding| policy::rules::OPEN_TO_ANYONE.contains(&f.code());
    let errors: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.severity == crate::core::Severity::Error && !open(f))
        .map(place)
        .collect();
    let opened: Vec<String> = report
        .findings
        .iter()
        .filter(|f| open(f))
        .map(place)
        .collect();
    if !opened.is_empty() {
        let _ = writeln!(
            env.out,
            "\nNote: `eksplain check` reports {}: the policy lets in far more callers than this one.",
            opened.join(", ")
        );
    }
    if !errors.is_empty() {
        let shown = errors
            .iter()
            .take(4)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = if errors.len() > 4 { ", …" } else { "" };
        let _ = writeln!(
            env.out,
            "\nNote: `eksplain check` reports {} in this policy ({shown}{more}); the verdict is for the policy as written, and IAM may refuse to save it.",
            if errors.len() == 1 { "1 error".to_string() } else { format!("{} errors", errors.len()) }
        );
    }
    let _ = writeln!(env.out, "\nWho can assume this role:");
    for line in who::summary_in(&p, &report.findings, encoded) {
        let _ = writeln!(env.out, "  - {line}");
    }
    if decision.allowed {
        EXIT_OK
    } else {
        EXIT_DENY
    }
}

fn fail(env: &mut Env, msg: &str) -> i32 {
    let _ = writeln!(env.err, "eksplain: {msg}");
    EXIT_USAGE
}

#[cfg(test)]
mod tests {

    const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com",
        "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:payments:api"}}}]}"#;

    /// Pod Identity, pinned to one association and one pod name prefix.
    const POD_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"Service": "pods.eks.amazonaws.com"},
      "Action": ["sts:AssumeRole", "sts:TagSession"],
      "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-0123456789abcdef0"},
        "StringLike": {"aws:RequestTag/kubernetes-pod-name": "api-*"}}}]}"#;

    fn token() -> String {
        use base64::Engine as _;
        let e = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!(
            "{}.{}.c2lnbmF0dXJl",
            e(r#"{"alg":"RS256","kid":"k"}"#),
            e(
                r#"{"aud":["sts.amazonaws.com"],"exp":1767229200,"iss":"https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE","sub":"system:serviceaccount:payments:api"}"#
            )
        )
    }

    /// A GitHub Actions token's claims (not a real one: no signature is checked).
    fn gha_token() -> String {
        use base64::Engine as _;
        let e = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!(
            "{}.{}.c2lnbmF0dXJl",
            e(r#"{"alg":"RS256","kid":"k"}"#),
            e(
                r#"{"aud":"sts.amazonaws.com","iss":"https://token.actions.githubusercontent.com","sub":"repo:octo-org/infra:ref:refs/heads/dev","repository":"octo-org/infra","repository_owner":"octo-org","job_workflow_ref":"octo-org/shared/.github/workflows/deploy.yml@refs/heads/main","run_attempt":"1"}"#
            )
        )
    }

    fn sim(args: &[&str]) -> (i32, String, String) {
        let template = format!(
            "cat >trust.json <<EOF\n{}\nEOF\n",
            POLICY.replace("payments", "$namespace")
        );
        super::super::run_with_files(
            args,
            &[
                ("policy.json", POLICY.to_string()),
                ("token", token()),
                ("pod.json", POD_POLICY.to_string()),
                ("template.sh", template),
                (
                    "dyn.tf",
                    include_str!(
                        "../../tests/fixtures/trust-policy/terraform-dynamic-sub-condition.tf"
                    )
                    .to_string(),
                ),
                (
                    "gha.json",
                    include_str!(
                        "../../tests/fixtures/trust-policy/github-actions-owner-prefix.json"
                    )
                    .to_string(),
                ),
                (
                    "cognito.json",
                    include_str!(
                        "../../tests/fixtures/trust-policy/cognito-identity-pool-no-aud.json"
                    )
                    .to_string(),
                ),
                ("gha-token", gha_token()),
                (
                    "reusable.json",
                    r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:repository": "octo-org/infra",
        "token.actions.githubusercontent.com:job_workflow_ref": "octo-org/shared/.github/workflows/deploy.yml@refs/heads/main"}}}]}"#
                        .to_string(),
                ),
                (
                    "irsa.tf",
                    include_str!(
                        "../../tests/fixtures/trust-policy/terraform-jsonencode-blueprints.tf"
                    )
                    .to_string(),
                ),
            ],
        )
    }

    #[test]
    fn allow_exits_zero_and_deny_exits_three() {
        let (code, out, _) = sim(&[
            "simulate",
            "--policy",
            "policy.json",
            "--sa",
            "payments:api",
        ]);
        assert_eq!(code, 0, "{out}");
        assert!(
            out.starts_with("ALLOW — sts:AssumeRoleWithWebIdentity allowed by Statement[0]\n"),
            "{out}"
        );
        let (code, out, _) = sim(&[
            "simulate",
            "--policy",
            "policy.json",
            "--sa",
            "payments:web",
        ]);
        assert_eq!(code, 3);
        assert!(
            out.starts_with("DENY — no statement allows sts:AssumeRoleWithWebIdentity\n"),
            "{out}"
        );
        let (code, out, _) = sim(&[
            "simulate",
            "--policy",
            "policy.json",
            "--sa",
            "payments:api",
            "--aud",
            "vault",
        ]);
        assert_eq!(code, 3, "{out}");
        let (code, out, _) = sim(&[
            "simulate",
            "--policy",
            "policy.json",
            "--sa",
            "payments:api",
            "--iss",
            "https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
        ]);
        assert_eq!(code, 3, "{out}");
        assert!(!out.contains("Note: `eksplain check`"), "{out}");
    }

    #[test]
    fn pod_identity_flags_reach_the_request() {
        let base = [
            "simulate",
            "--policy",
            "pod.json",
            "--sa",
            "payments:api",
            "--cluster-arn",
            "arn:aws:eks:eu-west-1:111122223333:cluster/prod",
        ];
        let with = |extra: &[&str]| {
            let mut args = base.to_vec();
            args.extend_from_slice(extra);
            sim(&args)
        };
        let arn =
            "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-0123456789abcdef0";
        let (code, out, _) = with(&["--pod-name", "api-7d9f8c6b5-x2x4q", "--source-arn", arn]);
        assert_eq!(code, 0, "{out}");
        // Without them, the conditions see missing keys, and the note says which flag to give.
        let (code, out, _) = with(&[]);
        assert_eq!(code, 3, "{out}");
        assert!(out.contains("give --pod-name"), "{out}");
        assert!(out.contains("give --source-arn"), "{out}");
        // IRSA has no such keys: the flags are named as left out.
        let (code, out, err) = sim(&[
            "simulate",
            "--policy",
            "policy.json",
            "--sa",
            "payments:api",
            "--pod-name",
            "api-1",
        ]);
        assert_eq!(code, 0, "{out}");
        assert!(
            err.contains("--pod-name apply to EKS Pod Identity only"),
            "{err}"
        );
        let (code, out, _) = with(&["--pod-name", "web-1", "--source-arn", arn]);
        assert_eq!(code, 3, "{out}");
        let (code, out, _) = with(&[
            "--pod-name",
            "api-1",
            "--source-arn",
            arn,
            "--org-id",
            "o-a1b2c3d4e5",
            "--pod-uid",
            "5b1c",
        ]);
        assert_eq!(code, 0, "{out}");
        assert!(!out.contains("not in the request"), "{out}");
    }

    #[test]
    fn token_claims_fill_in_the_request_but_never_the_token_itself() {
        let (code, out, _) = sim(&["simulate", "--policy", "policy.json", "--token", "token"]);
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("signature is not verified offline"), "{out}");
        assert!(!out.contains("c2lnbmF0dXJl"), "{out}");
    }

    /// A `sub` condition Terraform may not render: the verdict says it
    /// assumes the condition is there.
    #[test]
    fn a_dynamic_condition_is_simulated_with_a_note() {
        let (code, out, err) = sim(&["simulate", "--policy", "dyn.tf", "--sa", "other:x"]);
        assert!(out.starts_with("DENY"), "{out}");
        assert_eq!(code, 3, "{err}");
        assert!(err.contains("dyn.tf: Statement[0] takes its `sub` condition from the `dynamic \"condition\"` block at line 13, which Terraform may render zero times (`for_each = var.restrict_sub ? [1] : []`); the simulation assumes it is rendered once."), "{err}");
    }

    #[test]
    fn a_template_is_simulated_as_written_with_a_note() {
        let (code, _, err) = sim(&[
            "simulate",
            "--policy",
            "template.sh",
            "--sa",
            "payments:api-server",
        ]);
        assert_eq!(code, 3, "{err}");
        assert!(
            err.contains(
                "template.sh is a template: $namespace is filled in by the shell before IAM sees the policy"
            ),
            "{err}"
        );
    }

    /// Terraform's provider references stand for the simulated provider; who
    /// can assume the role is still told from the policy as written.
    #[test]
    fn terraform_references_are_simulated_as_the_requests_provider() {
        let (code, out, err) = sim(&[
            "simulate",
            "--policy",
            "irsa.tf",
            "--sa",
            "karpenter:karpenter",
        ]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("note: condition key `${local.oidc_provider}:sub` taken to be the request's `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub`"), "{out}");
        assert!(
            out.contains("of the provider Terraform fills in (`${module.eks.oidc_provider_arn}`)"),
            "{out}"
        );
        let (code, _, _) = sim(&["simulate", "--policy", "irsa.tf", "--sa", "karpenter:other"]);
        assert_eq!(code, 3);
    }

    /// Any web identity's subject, not only a service account's: a GitHub
    /// workflow, a Cognito identity.
    #[test]
    fn sub_asks_about_any_web_identity_token() {
        let gha = |sub: &str, extra: &[&str]| {
            let mut args = vec!["simulate", "--policy", "gha.json", "--sub", sub];
            args.extend_from_slice(extra);
            sim(&args)
        };
        // `repo:octo-org*` lets in an owner anyone can create.
        let (code, out, err) = gha("repo:octo-orgzz/x:environment:production", &[]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.starts_with("ALLOW — sts:AssumeRoleWithWebIdentity allowed by Statement[0]\n"),
            "{out}"
        );
        assert!(
            out.contains("\n  token.actions.githubusercontent.com:repository = `octo-orgzz/x`\n"),
            "{out}"
        );
        assert!(out.contains("note: repository octo-orgzz/x, environment production (from the sub, as a GitHub Actions token carries them; give claim=KEY=VALUE or --claim to differ)"), "{out}");
        let (code, out, _) = gha("repo:octo-org/infra:ref:refs/heads/main", &[]);
        assert_eq!(code, 0, "{out}");
        let (code, out, _) = gha("repo:octo-org/infra:ref:refs/heads/dev", &[]);
        assert_eq!(code, 3, "{out}");
        let (code, out, _) = gha(
            "repo:octo-org/infra:ref:refs/heads/main",
            &["--aud", "sigstore"],
        );
        assert_eq!(code, 3, "{out}");
        // --claim adds claims; `--claim=K=V` works too.
        let (code, out, _) = gha(
            "repo:octo-org/infra:ref:refs/heads/main",
            &["--claim", "environment=production", "--claim=actor=octocat"],
        );
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains("token.actions.githubusercontent.com:environment = `production`"),
            "{out}"
        );
        assert!(
            out.contains("token.actions.githubusercontent.com:actor = `octocat`"),
            "{out}"
        );
        // A token whose sub is no service account's is asked about as a subject.
        let (code, out, err) = sim(&["simulate", "--policy", "gha.json", "--token", "gha-token"]);
        assert_eq!(code, 3, "{out}{err}");
        assert!(out.contains("token.actions.githubusercontent.com:sub = `repo:octo-org/infra:ref:refs/heads/dev`"), "{out}");

        // A built-in provider, named without an ARN.
        let cognito = |extra: &[&str]| {
            let mut args = vec![
                "simulate",
                "--policy",
                "cognito.json",
                "--sub",
                "us-east-1:11111111-2222-4333-8444-555555555555",
            ];
            args.extend_from_slice(extra);
            sim(&args)
        };
        let pool = "eu-west-1:eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee";
        let (code, out, _) = cognito(&["--aud", pool, "--claim", "amr=authenticated"]);
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains("by Federated `cognito-identity.amazonaws.com`"),
            "{out}"
        );
        let (code, out, _) = cognito(&["--aud", pool, "--claim", "amr=unauthenticated"]);
        assert_eq!(code, 3, "{out}");
        let (code, _, err) = cognito(&["--claim", "amr=authenticated"]);
        assert_eq!(code, 2);
        assert!(err.contains("give it with aud= (--aud)"), "{err}");
    }

    #[test]
    fn sub_usage_errors_exit_two() {
        for (args, want) in [
            (
                &["--sa", "a:b", "--sub", "repo:a/b:ref:x"][..],
                "give --sa NAMESPACE:NAME (a service account) or --sub SUBJECT",
            ),
            (&["--sub", ""][..], "--sub needs the token's subject"),
            (
                &["--sub", "repo:a/b:ref:x", "--claim", "environment"][..],
                "--claim: `environment` is not KEY=VALUE",
            ),
            (
                &["--sub", "repo:a/b:ref:x", "--claim", "aud=x"][..],
                "--claim: give the token's aud with aud= (--aud)",
            ),
            (
                &["--sub", "repo:a/b:ref:x", "--via", "pod-identity"][..],
                "EKS Pod Identity asks about a service account",
            ),
        ] {
            let mut all = vec!["simulate", "--policy", "gha.json"];
            all.extend_from_slice(args);
            let (code, out, err) = sim(&all);
            assert_eq!(code, 2, "{args:?}: {out}");
            assert!(err.contains(want), "{args:?}: {err}");
        }
        // Pod Identity's flags are named as left out, as for IRSA.
        let (code, _, err) = sim(&[
            "simulate",
            "--policy",
            "gha.json",
            "--sub",
            "repo:octo-org/infra:ref:refs/heads/main",
            "--pod-name",
            "x",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains("--pod-name apply to EKS Pod Identity only"),
            "{err}"
        );
    }

    #[test]
    fn usage_errors_exit_two() {
        assert_eq!(sim(&["simulate", "--sa", "a:b"]).0, 2);
        assert_eq!(sim(&["simulate", "--policy", "policy.json"]).0, 2);
        assert_eq!(
            sim(&["simulate", "--policy", "policy.json", "--sa", "nocolon"]).0,
            2
        );
        assert_eq!(
            sim(&["simulate", "--policy", "missing.json", "--sa", "a:b"]).0,
            2
        );
        assert_eq!(
            sim(&[
                "simulate",
                "--policy",
                "policy.json",
                "--sa",
                "a:b",
                "--via",
                "magic"
            ])
            .0,
            2
        );
    }

    /// A URL-encoded policy is one line: the trace, the note and the summary
    /// name places with their column, as `eksplain check` does (TP008 is at
    /// 1:893 there).
    #[test]
    fn a_url_encoded_policy_names_line_and_column() {
        let policy =
            include_str!("../../tests/fixtures/trust-policy/url-encoded-duplicate-sid.encoded");
        let (code, out, _) = super::super::run_with_files(
            &["simulate", "--policy", "p", "--sa", "payments:worker"],
            &[("p", policy.to_string())],
        );
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains(
                "\n  Statement[0] (Sid `Irsa`) [Allow] at line 1, column 99 — does not apply\n"
            ),
            "{out}"
        );
        assert!(out.contains("` is listed (line 1, column 1200)\n"), "{out}");
        assert!(
            out.contains("reports 1 error in this policy (TP008 at line 1, column 893);"),
            "{out}"
        );
        assert!(
            out.contains("but as written it does not work (TP008 at line 1, column 893)"),
            "{out}"
        );
        // A plain policy keeps naming lines.
        let (_, out, _) = sim(&[
            "simulate",
            "--policy",
            "policy.json",
            "--sa",
            "payments:api",
        ]);
        assert!(out.contains("[Allow] at line 1 — applies: ALLOW"), "{out}");
    }

    #[test]
    fn a_url_encoded_policy_cut_short_is_named_where_it_stops() {
        let (code, _, err) = super::super::run_with_files(
            &["simulate", "--policy", "p", "--sa", "a:b"],
            &[(
                "p",
                "%7B%22Version%22%3A%222012-10-17%22%2C%22St\n".to_string(),
            )],
        );
        assert_eq!(code, 2, "{err}");
        assert!(
            err.starts_with(
                "eksplain: p cannot be read as a policy: The URL-encoded policy is cut short"
            ),
            "{err}"
        );
        assert!(
            err.contains(" at line 1, column 44 — Copy the whole"),
            "{err}"
        );
    }

    /// A token's own claims reach the request, as far as IAM sees them.
    #[test]
    fn a_token_brings_the_claims_iam_sees() {
        let (code, out, err) = sim(&[
            "simulate",
            "--policy",
            "reusable.json",
            "--token",
            "gha-token",
        ]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("token.actions.githubusercontent.com:job_workflow_ref = `octo-org/shared/.github/workflows/deploy.yml@refs/heads/main`"), "{out}");
        // Not what STS does not pass (`repository_owner`), nor what no condition key names.
        assert!(!out.contains("repository_owner ="), "{out}");
        assert!(!out.contains("run_attempt"), "{out}");
        // A --claim of the same name wins.
        let (code, out, _) = sim(&[
            "simulate",
            "--policy",
            "reusable.json",
            "--token",
            "gha-token",
            "--claim",
            "job_workflow_ref=someone/else/.github/workflows/x.yml@refs/heads/main",
        ]);
        assert_eq!(code, 3, "{out}");
    }
}
