//! `eksplain trust-policy`: generates the IRSA (or Pod Identity) trust policy
//! for one service account, and optionally its ServiceAccount manifest.

use super::flags::Flags;
use super::{usage_error, Env, EXIT_OK};
use crate::core::policy::generate;
use crate::core::policy::probe::parse_service_account;
use crate::core::policy::provider::{arn_problem, Provider, ProviderArn};

const VALUE_FLAGS: &[&str] = &[
    "--oidc-provider",
    "--issuer",
    "--endpoint",
    "--account",
    "--sa",
    "--role-arn",
];
const SWITCHES: &[&str] = &["--service-account", "--pod-identity"];

fn account_ok(a: &str) -> bool {
    a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit())
}

/// The provider from `--oidc-provider`, or `--issuer`/`--endpoint` with `--account`.
fn provider(flags: &Flags) -> Result<ProviderArn, String> {
    if let Some(arn) = flags.get("--oidc-provider") {
        if let Some(p) = arn_problem(arn) {
            return Err(format!("--oidc-provider `{arn}` {p}"));
        }
        return ProviderArn::parse(arn).ok_or(format!(
            "--oidc-provider `{arn}` is not arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST/id/ID"
        ));
    }
    let account = flags
        .get("--account")
        .ok_or("give --oidc-provider ARN, or --issuer URL / --endpoint URL with --account ID")?;
    if !account_ok(account) {
        return Err(format!(
            "--account `{account}` is not a 12-digit AWS account ID"
        ));
    }
    let p = match (flags.get("--issuer"), flags.get("--endpoint")) {
        (Some(i), _) => Provider::from_issuer(i).ok_or(format!(
            "--issuer `{i}` is not an issuer URL (https://oidc.eks.REGION.amazonaws.com/id/ID)"
        ))?,
        (None, Some(e)) => Provider::from_eks_endpoint(e).ok_or(format!(
            "--endpoint `{e}` is not an EKS API endpoint (https://ID.gr7.REGION.eks.amazonaws.com)"
        ))?,
        (None, None) => return Err("with --account, give --issuer URL or --endpoint URL".into()),
    };
    Ok(ProviderArn {
        partition: p.partition().to_string(),
        account: account.to_string(),
        provider: p,
    })
}

pub fn trust_policy(args: &[String], env: &mut Env) -> i32 {
    let flags = match Flags::parse(args, VALUE_FLAGS, SWITCHES) {
        Ok(f) => f,
        Err(e) => return usage_error(env, &e),
    };
    let Some(sa) = flags.get("--sa") else {
        return usage_error(env, "trust-policy needs --sa NAMESPACE:NAME");
    };
    let (ns, name) = match parse_service_account(sa) {
        Ok(x) => x,
        Err(e) => return usage_error(env, &format!("--sa: {e}")),
    };
    if let Err(e) = generate::check_service_account(&ns, &name) {
        return usage_error(env, &format!("--sa: {e}"));
    }
    if let Some(r) = flags.get("--role-arn") {
        let ok = r.starts_with("arn:") && r.contains(":iam::") && r.contains(":role/");
        if !ok {
            return usage_error(
                env,
                &format!(
                    "--role-arn `{r}` is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"
                ),
            );
        }
    }
    let (policy, p) = if flags.has("--pod-identity") {
        (generate::pod_identity_policy(&ns, &name), None)
    } else {
        match provider(&flags) {
            Ok(p) => (generate::irsa_policy(&p, &ns, &name), Some(p)),
            Err(e) => return usage_error(env, &e),
        }
    };
    let _ = write!(env.out, "{policy}");
    if flags.has("--service-account") {
        let manifest = generate::service_account(&ns, &name, flags.get("--role-arn"), p.as_ref());
        let _ = write!(env.out, "---\n{manifest}");
    }
    EXIT_OK
}

#[cfg(test)]
mod tests {
    use super::super::{run, Env};

    fn gen(args: &[&str]) -> (i32, String, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut env = Env {
            stdin: &mut std::io::empty(),
            out: &mut out,
            err: &mut err,
            clock: &|| 0,
            read_file: &|_| {
                Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no files",
                ))
            },
        };
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let code = run(&args, &mut env);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    const ARN: &str = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

    #[test]
    fn generates_from_a_provider_arn_or_an_endpoint() {
        let (code, a, _) = gen(&[
            "trust-policy",
            "--oidc-provider",
            ARN,
            "--sa",
            "payments:api",
        ]);
        assert_eq!(code, 0);
        let (code, b, _) = gen(&[
            "trust-policy",
            "--endpoint",
            "https://EXAMPLED539D4633E53DE1B71EXAMPLE.gr7.us-east-1.eks.amazonaws.com",
            "--account",
            "111122223333",
            "--sa",
            "payments:api",
        ]);
        assert_eq!(code, 0);
        assert_eq!(a, b);
        let (_, c, _) = gen(&[
            "trust-policy",
            "--oidc-provider",
            ARN,
            "--sa",
            "payments:api",
            "--service-account",
            "--role-arn",
            "arn:aws:iam::111122223333:role/api",
        ]);
        assert!(
            c.contains("\n---\napiVersion: v1\nkind: ServiceAccount\n"),
            "{c}"
        );
        assert!(
            c.contains("eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/api\n"),
            "{c}"
        );
    }

    #[test]
    fn refuses_bad_input_with_the_reason() {
        let (code, _, err) = gen(&[
            "trust-policy",
            "--oidc-provider",
            "https://oidc.eks.us-east-1.amazonaws.com/id/X",
            "--sa",
            "a:b",
        ]);
        assert_eq!(code, 2);
        assert!(err.contains("is an issuer URL"), "{err}");
        let (code, _, err) = gen(&[
            "trust-policy",
            "--oidc-provider",
            ARN,
            "--sa",
            "Payments:api",
        ]);
        assert_eq!(code, 2);
        assert!(err.contains("upper-case"), "{err}");
        assert_eq!(gen(&["trust-policy", "--sa", "a:b"]).0, 2);
    }
}
