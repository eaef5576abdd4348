use super::prelude::*;
use crate::core::json::{Kind, Value};
use crate::core::policy::cfn;
use crate::core::policy::heredoc::Expander;
use crate::core::policy::keys::{self, ComputedProvider};
use crate::core::source::Pos;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP038",
    name: "policy-template",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "The policy is a template: a heredoc whose `$variables` the shell or Terraform fills in, or Terraform's or CloudFormation's references, before IAM sees it.",
    what: "Flags a policy pasted as the body of a heredoc (`cat >trust.json <<EOF … EOF`, as in the AWS \
           documentation for IRSA, or `assume_role_policy = <<EOF` in Terraform) that still holds shell \
           variables (`$oidc_provider`, `${namespace}`) or Terraform interpolations (`${var.oidc_arn}`). \
           IAM policy variables such as `${aws:username}` are not placeholders and do not count; \
           Terraform's `%{ if … }` / `%{ for … }` directives do. When it fires, the other trust-policy \
           rules stay quiet: they would judge the placeholders, not the values that replace them. For a \
           policy written in HCL (`jsonencode`, `aws_iam_policy_document`), references are expected: \
           an info names each and what Terraform puts there, and the other rules judge the rest. The \
           same holds for a role in a CloudFormation template (JSON or YAML): `Fn::Sub`'s `${Param}`, \
           `Ref`, `Fn::GetAtt`, `Fn::Join` and `Fn::ImportValue` are read as what CloudFormation fills \
           in (a `Ref` to an `AWS::IAM::OIDCProvider` of the same template as that provider's ARN; \
           the stack's account and partition go unmentioned), a policy written as a `!Sub |` JSON \
           string is read from that string, and each `Fn::If` is named with the branch checked. A \
           `$name` without braces in Terraform is flagged too: it reaches IAM as written. So are the \
           parts Terraform may render or not — a `dynamic` block whose `for_each` it computes, documents \
           merged in by `source_policy_documents` or `override_policy_documents` — as a warning when \
           what may be missing is a condition.",
    why: "The shell (for an unquoted delimiter) or Terraform replaces the placeholders before the \
          policy reaches IAM, so `\"$oidc_provider:sub\"` is not the key IAM gets. Judging the template \
          would report a bad key and a missing `sub` condition that the real policy may not have — \
          and would miss what is wrong with the real values.",
    example: "cat >trust-relationship.json <<EOF\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::$account_id:oidc-provider/$oidc_provider\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"$oidc_provider:aud\": \"sts.amazonaws.com\",\n        \"$oidc_provider:sub\": \"system:serviceaccount:$namespace:$service_account\"\n      }}\n    }\n  ]\n}\nEOF\n",
    fixed: "cat >trust-relationship.json <<EOF\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\",\n        \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments:api\"\n      }}\n    }\n  ]\n}\nEOF\n",
    fix_summary: "Check the policy IAM stores — `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument` — or the file the heredoc wrote, not the template.",
};

pub const AA: Option<Aa> = None;

/// The placeholders in `s`: `$name`, `${name}` and `${expression}`, but not
/// IAM policy variables (`${aws:username}`, `${*}`).
pub fn placeholders(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        let after = &rest[i + 1..];
        let (found, skip) = if let Some(inner) = after.strip_prefix('{') {
            // The `}` that closes it: `${[for s in x : "a:${s}"]}` nests.
            let close = inner
                .char_indices()
                .scan(0usize, |depth, (i, c)| {
                    match c {
                        '{' => *depth += 1,
                        '}' if *depth == 0 => return Some(Some(i)),
                        '}' => *depth -= 1,
                        _ => {}
                    }
                    Some(None)
                })
                .flatten()
                .next();
            match close {
                Some(end) => {
                    let body = &inner[..end];
                    // `${aws:username}` is IAM's; `${AWS::AccountId}`
                    // (two colons) is CloudFormation's.
                    let iam = matches!(body, "*" | "?" | "$")
                        || !body.contains("::")
                            && body.split_once(':').is_some_and(|(svc, key)| {
                                !svc.is_empty()
                                    && !key.is_empty()
                                    && !body.contains(|c: char| {
                                        c.is_whitespace() || "()\"',".contains(c)
                                    })
                            });
                    ((!iam).then(|| format!("${{{body}}}")), end + 2)
                }
                None => (None, 1),
            }
        } else {
            let n = after
                .char_indices()
                .find(|&(j, c)| {
                    !(c == '_' || c.is_ascii_alphanumeric()) || (j == 0 && c.is_ascii_digit())
                })
                .map_or(after.len(), |(j, _)| j);
            ((n > 0).then(|| format!("${}", &after[..n])), n)
        };
        if let Some(p) = found.filter(|p| !out.contains(p)) {
            out.push(p);
        }
        rest = after.get(skip..).unwrap_or("");
    }
    out
}

/// The placeholders `by` fills in within `s`: Terraform interpolates only
/// `${…}` (and writes `$${` for a literal `${`); the shell also `$name`.
fn placeholders_for(s: &str, by: Expander) -> Vec<String> {
    match by {
        Expander::Shell => placeholders(s),
        Expander::Terraform | Expander::CloudFormation => in_terraform(s),
    }
}

/// The `${…}` placeholders and `%{…}` directives Terraform fills in
/// within `s`.
pub fn in_terraform(s: &str) -> Vec<String> {
    let mut out: Vec<String> = placeholders(&s.replace("$${", ""))
        .into_iter()
        .filter(|p| p.starts_with("${"))
        .collect();
    let s = s.replace("%%{", "");
    let mut rest = s.as_str();
    while let Some(i) = rest.find("%{") {
        let after = rest.get(i..).unwrap_or("");
        let Some(end) = after.find('}') else { break };
        let d = after.get(..=end).unwrap_or("").to_string();
        if !out.contains(&d) {
            out.push(d);
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    out
}

/// An expression as a message quotes it: on one line, and cut after 90
/// characters (`merge(…)` over several lines).
pub fn short(expr: &str) -> String {
    let one: Vec<&str> = expr.split_whitespace().collect();
    let one = one.join(" ").replace("( ", "(").replace(" )", ")");
    match one.char_indices().nth(90) {
        Some((i, _)) => format!("{}…", one.get(..i).unwrap_or_default()),
        None => one,
    }
}

/// Every placeholder in the keys and strings under `v`, each with where it
/// first appears, in order of appearance.
fn collect(v: &Value, by: Expander) -> Vec<(String, Pos, Path)> {
    let mut found: Vec<(String, Pos, Path)> = Vec::new();
    let mut note = |s: &str, pos: Pos, path: Path| {
        for p in placeholders_for(s, by) {
            match found.iter_mut().find(|f| f.0 == p) {
                Some(f) if pos < f.1 => (f.1, f.2) = (pos, path.clone()),
                Some(_) => {}
                None => found.push((p, pos, path.clone())),
            }
        }
    };
    let mut stack = vec![(v, Path::root())];
    while let Some((v, path)) = stack.pop() {
        match &v.kind {
            Kind::String(s) => note(s, v.pos, path),
            Kind::Object(members) => {
                for m in members.iter().rev() {
                    stack.push((&m.value, path.k(&m.key)));
                }
                for m in members {
                    note(&m.key, m.key_pos, path.k(&m.key));
                }
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, path.i(i)));
                }
            }
            _ => {}
        }
    }
    found.sort_by_key(|f| f.1);
    found
}

/// The placeholders `by` fills in anywhere in the policy `root`, in order
/// of appearance.
pub fn in_policy(root: &Value, by: Expander) -> Vec<String> {
    collect(root, by).into_iter().map(|f| f.0).collect()
}

/// True when the check below reports: the other rules then stay quiet.
pub fn fires(cx: &Cx) -> bool {
    !cx.directives.is_empty()
        || cx
            .expands
            .is_some_and(|by| !collect(cx.root, by).is_empty())
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(by) = cx.expands else {
        return;
    };
    if by == Expander::Terraform {
        literal_dollar(cx, sink);
    }
    let mut found = collect(cx.root, by);
    // A directive's path is the policy: it may stand anywhere in the text.
    found.extend(
        cx.directives
            .iter()
            .map(|(pos, d)| (d.clone(), *pos, Path::root())),
    );
    found.sort_by_key(|f| f.1);
    if cx.templated {
        optional(cx, sink);
        choices(cx, sink);
        // HCL and CloudFormation compute values by design: say what each
        // will be, once; the directives of one string (`%{if …}…%{endif}`)
        // together.
        let mut shown = 0;
        for (i, (p, pos, path)) in found.iter().enumerate() {
            if shown == 6 || i > 0 && p.starts_with('%') && found[i - 1].1 == *pos {
                continue;
            }
            let expr = match p.starts_with('%') {
                true => p.as_str(),
                false => p.get(2..p.len().saturating_sub(1)).unwrap_or(p).trim(),
            };
            let what = match by {
                // The account and partition of the stack are no news; `${}`
                // names nothing.
                Expander::CloudFormation if expr.starts_with("AWS::") || expr.is_empty() => {
                    continue
                }
                Expander::CloudFormation => Some(cfn::describe(
                    expr,
                    cx.cfn.and_then(|c| c.template.as_ref()),
                )),
                _ => computed(expr, cx.text, sa_subjects(cx)).map(str::to_string),
            };
            shown += 1;
            let what = match what {
                Some(w) => format!(": {w}"),
                None => String::new(),
            };
            let directives: Vec<String> = found[i..]
                .iter()
                .take_while(|f| f.0.starts_with('%') && f.1 == *pos)
                .map(|f| format!("`{}`", short(&f.0)))
                .collect();
            let quoted = match directives.len() {
                0 | 1 => format!("`{}` is", short(expr)),
                _ => format!("{} are", directives.join(", ")),
            };
            sink.report(
                &RULE,
                path.clone(),
                format!("{quoted} worked out by {}{what}. eksplain cannot know the value, so the checks that need it are skipped.", by.name()),
            )
            .with_severity(Severity::Info)
            .at(Some(*pos))
            .with_help(match by {
                Expander::CloudFormation => "To check the values too, paste the JSON IAM stores once the stack is deployed: `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`.",
                _ => "To check the values too, paste the JSON IAM stores after `terraform apply`: `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`.",
            });
        }
        return;
    }
    let Some((_, pos, path)) = found.iter().min_by_key(|f| f.1).cloned() else {
        return;
    };
    let shown: Vec<String> = found.iter().take(4).map(|p| format!("`{}`", p.0)).collect();
    let more = match found.len().saturating_sub(4) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    sink.report(
        &RULE,
        path,
        format!(
            "This policy is a template: {}{more} {} filled in by {} before IAM sees the policy, so eksplain cannot check the {} {} become{}.",
            shown.join(", "),
            if found.len() == 1 { "is" } else { "are" },
            by.name(),
            if found.len() == 1 { "key or value" } else { "keys and values" },
            if found.len() == 1 { "it" } else { "they" },
            if found.len() == 1 { "s" } else { "" },
        ),
    )
    .at(Some(pos))
    .with_help(RULE.fix_summary);
}

/// The parts of a CloudFormation policy `Fn::If` decides: eksplain checks
/// one branch.
fn choices(cx: &Cx, sink: &mut Sink) {
    for c in cx.cfn.map(|c| c.choices.as_slice()).unwrap_or(&[]) {
        let message = match c.or_nothing {
            true => format!("The part at line {} is in the policy only when the template's condition `{}` holds (`Fn::If` with `AWS::NoValue`): eksplain checks it as present.", c.pos.line, c.condition),
            false => format!("`Fn::If` at line {} picks one of two parts by the template's condition `{}`: eksplain checks the first; the stack gets the second when `{}` is false.", c.pos.line, c.condition, c.condition),
        };
        sink.report(&RULE, c.path.clone(), message)
            .with_severity(Severity::Info)
            .at(Some(c.pos))
            .with_help("To check what the stack got, paste the JSON IAM stores: `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`.");
    }
}

/// What a message about a part Terraform may leave out says it then means.
pub const IF_NONE: &str = "if Terraform renders none";

/// Parts of an HCL policy Terraform renders or not: `dynamic` blocks whose
/// `for_each` it computes, and documents it merges in.
fn optional(cx: &Cx, sink: &mut Sink) {
    for o in cx.optional {
        let line = o.pos.line;
        let expr = short(&o.expr);
        let st = o.statement.and_then(|i| cx.policy.statements.get(i));
        let at = o
            .statement
            .map(|i| Path::root().k("Statement").i(i))
            .unwrap_or_else(|| match o.block.as_str() {
                "missing" => Path::root(),
                b => Path::root().k(b),
            });
        let label = st.map(|s| s.label()).unwrap_or_default();
        let dynamic = format!("the `dynamic \"{}\"` block at line {line}, rendered once per element of `{expr}`, which Terraform works out", o.block);
        let (message, warn, help) = match o.block.as_str() {
            "condition" => {
                let then = match st.and_then(crate::core::policy::provider_of).and_then(|p| p.provider.eks) {
                    Some(e) if o.sub => format!("any service account in any namespace of cluster `{}` ({}) can assume this role", e.id, e.region),
                    _ if o.sub => "any subject the provider issues tokens for can assume this role".to_string(),
                    _ => format!("{label} has no such condition"),
                };
                let what = if o.sub { "`sub` condition" } else { "condition" };
                (
                    format!("{label}'s {what} comes from {dynamic}: {IF_NONE}, {then}."),
                    true,
                    "Write a restriction the role always needs as a plain `condition` block; a `for_each` that may be empty makes it optional.".to_string(),
                )
            }
            "principals" | "not_principals" => (
                format!("{label}'s principals come from {dynamic}: the statement may trust fewer or more principals than shown."),
                false,
                RULE_HELP.to_string(),
            ),
            "statement" => (
                format!("{label} comes from {dynamic}: Terraform may render it several times, or not at all; eksplain checks one rendering."),
                false,
                RULE_HELP.to_string(),
            ),
            "missing" => (
                format!("`assume_role_policy` uses `{expr}`, which is not in the paste: eksplain checked the trust policy it found instead."),
                false,
                "Paste the `data \"aws_iam_policy_document\"` block the role uses too, or the JSON IAM stores: `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`.".to_string(),
            ),
            "source_policy_documents" => (
                format!("`source_policy_documents` adds the statements of `{expr}`, which Terraform works out: eksplain checks only the statements written here, and the role may trust more than shown."),
                true,
                RULE_HELP.to_string(),
            ),
            _ => (
                format!("`override_policy_documents` replaces every statement whose Sid matches one in `{expr}`, which Terraform works out: the statements shown here, and their conditions, may not be what IAM gets."),
                true,
                RULE_HELP.to_string(),
            ),
        };
        sink.report(&RULE, at, message)
            .with_severity(if warn {
                Severity::Warning
            } else {
                Severity::Info
            })
            .at(Some(o.pos))
            .with_help(help);
    }
}

const RULE_HELP: &str = "To check what Terraform renders, paste the JSON IAM stores after `terraform apply`: `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`.";

/// A `$name` without braces in Terraform: not interpolated, so IAM gets the
/// text as written — almost always a shell habit.
fn literal_dollar(cx: &Cx, sink: &mut Sink) {
    let bare = collect(cx.root, Expander::Shell)
        .into_iter()
        .find(|f| !f.0.starts_with("${"));
    let Some((name, pos, path)) = bare else {
        return;
    };
    let var = name.trim_start_matches('$');
    sink.report(
        &RULE,
        path,
        format!("`{name}` reaches IAM as written: Terraform fills in only `${{…}}`, so IAM compares the literal text `{name}`."),
    )
    .at(Some(pos))
    .with_help(format!("Write `${{var.{var}}}` (or the value itself); `{name}` is how the shell, not Terraform, writes a variable."));
}

/// True when a condition of the policy names a Kubernetes service account
/// (`system:serviceaccount:…`, or the RBAC group's near miss): evidence that
/// the provider Terraform fills in is an EKS cluster's.
fn sa_subjects(cx: &Cx) -> bool {
    let head = keys::SA_PREFIX.trim_end_matches(':');
    cx.policy
        .statements
        .iter()
        .flat_map(|st| &st.conditions)
        .flat_map(|c| &c.values)
        .any(|v| {
            v.value
                .get(..head.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(head))
        })
}

/// What Terraform puts in place of `expr`, for the expressions IRSA trust
/// policies are written with. A provider is described as an EKS cluster's
/// only on evidence: its name (`module.eks.oidc_provider_arn`), an
/// `aws_iam_openid_connect_provider` whose `url` in `text` is an EKS issuer,
/// or (`sa`) a condition naming a service account.
fn computed(expr: &str, text: &str, sa: bool) -> Option<&'static str> {
    let last = expr.rsplit('.').next().unwrap_or(expr);
    // `replace(X.url, "https://", "")`, or the ARN cut after `provider/`.
    let strips = (expr.starts_with("replace(") || expr.starts_with("trimprefix("))
        && (expr.contains("https://") || expr.contains("provider/"));
    let arn =
        last.ends_with("provider_arn") || expr.contains("openid_connect_provider") && last == "arn";
    let kind = keys::computed_provider(expr);
    let eks = kind == ComputedProvider::Eks
        || kind != ComputedProvider::Saml && (sa || eks_issuer_in(expr, text));
    let issuer = strips || last == "oidc_provider" || expr.contains("issuer");
    if keys::computed_provider(expr) == ComputedProvider::Saml && last == "arn" {
        return Some("an IAM SAML provider's ARN, `arn:aws:iam::<account>:saml-provider/<NAME>`");
    }
    Some(match (eks, arn && !strips, issuer) {
        (true, true, _) => "the IAM OIDC provider's ARN, `arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>`",
        (false, true, _) => "an IAM OIDC provider's ARN, `arn:aws:iam::<account>:oidc-provider/<issuer host and path>`",
        (true, false, true) if strips || last == "oidc_provider" => "the cluster's OIDC issuer without `https://` (host and path), `oidc.eks.<region>.amazonaws.com/id/<ID>`",
        (true, false, true) => "the cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<ID>`",
        (false, false, true) if strips => "an OIDC issuer without `https://` (host and path)",
        (false, false, true) if expr.contains("issuer") => "an OIDC issuer URL",
        _ if last == "account_id" => "an AWS account ID (12 digits)",
        _ if last == "partition" => "the partition: `aws`, `aws-cn` or `aws-us-gov`",
        _ if expr.starts_with("var.") => "the value of an input variable",
        _ if expr.starts_with("local.") => "the value of a local",
        _ if expr.starts_with("module.") => "an output of a module",
        _ => return None,
    })
}

/// True when `expr` names an `aws_iam_openid_connect_provider` whose `url`
/// in the pasted `text` is an EKS cluster's issuer.
fn eks_issuer_in(expr: &str, text: &str) -> bool {
    const RES: &str = "aws_iam_openid_connect_provider.";
    let Some(name) = expr.find(RES).and_then(|i| expr.get(i + RES.len()..)) else {
        return false;
    };
    let name: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    let header = format!("\"aws_iam_openid_connect_provider\" \"{name}\"");
    let Some(body) = text.find(&header).and_then(|i| text.get(i..)) else {
        return false;
    };
    // The block's `url = …` line, before the next block begins.
    body.lines()
        .skip(1)
        .take_while(|l| !l.starts_with("resource ") && !l.starts_with("data "))
        .filter_map(|l| l.trim_start().strip_prefix("url"))
        .filter_map(|l| l.trim_start().strip_prefix('='))
        .any(|v| {
            v.contains("oidc.eks.")
                || v.contains("aws_eks_cluster.")
                || keys::computed_provider(v) == ComputedProvider::Eks
        })
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};
    use super::placeholders;

    /// TP038 calls a provider an EKS cluster's only on evidence: GitHub's
    /// `aws_iam_openid_connect_provider` is described generically, one whose
    /// `url` in the paste is an EKS issuer as the cluster's.
    #[test]
    fn describes_a_provider_as_eks_only_on_evidence() {
        let github = messages_of(
            "TP038",
            include_str!(
                "../../../../tests/fixtures/trust-policy/terraform-jsonencode-github-actions.tf"
            ),
        );
        assert!(github[0].contains(": an IAM OIDC provider's ARN, `arn:aws:iam::<account>:oidc-provider/<issuer host and path>`."), "{github:?}");
        // The provider's `url` is written out in the paste: the keys built
        // from it are known (`token.actions.githubusercontent.com:sub`).
        assert_eq!(github.len(), 1, "{github:?}");
        // Without it, they are described.
        let text = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-jsonencode-github-actions.tf"
        )
        .replace(
            "\"https://token.actions.githubusercontent.com\"",
            "var.github_url",
        );
        let github = messages_of("TP038", &text);
        assert!(
            github[1].contains(": an OIDC issuer without `https://` (host and path)."),
            "{github:?}"
        );
        assert!(github.iter().all(|m| !m.contains("oidc.eks")), "{github:?}");
        let eks = messages_of(
            "TP038",
            include_str!("../../../../tests/fixtures/trust-policy/terraform-openid-connect-provider-eks-url.tf"),
        );
        assert!(
            eks[0].contains(
                "`arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>`"
            ),
            "{eks:?}"
        );
        let saml = messages_of(
            "TP038",
            include_str!(
                "../../../../tests/fixtures/trust-policy/terraform-jsonencode-saml-provider.tf"
            ),
        );
        assert!(saml[0].contains(": an IAM SAML provider's ARN"), "{saml:?}");
    }

    #[test]
    fn fires_once_on_the_aws_docs_template_and_silences_the_rest() {
        assert_eq!(lines_of("TP038", super::RULE.example), vec![7]);
        let m = &messages_of("TP038", super::RULE.example)[0];
        assert!(m.starts_with("This policy is a template: `$account_id`, `$oidc_provider`, `$namespace`, `$service_account` are filled in"), "{m}");
        for other in ["TP019", "TP025", "TP028", "TP030"] {
            assert!(lines_of(other, super::RULE.example).is_empty(), "{other}");
        }
    }

    #[test]
    fn quiet_for_filled_in_values_and_plain_json() {
        assert!(lines_of("TP038", super::RULE.fixed).is_empty());
        // Outside a heredoc, `$namespace` is what IAM stores: other rules judge it.
        let body: String = super::RULE
            .example
            .lines()
            .filter(|l| !l.contains("EOF"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(lines_of("TP038", &body).is_empty());
        assert!(!lines_of("TP019", &body).is_empty());
    }

    /// Terraform interpolates only `${…}`: a bare `$namespace` reaches IAM
    /// as written, so the other rules judge it (TP023 here) and TP038 says
    /// so; `${var.x}` is Terraform's, and one placeholder "is" filled in.
    #[test]
    fn a_bare_dollar_in_a_terraform_heredoc_is_literal() {
        let tf = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-bare-dollar-is-literal.tf"
        );
        assert_eq!(messages_of("TP038", tf), ["`$namespace` reaches IAM as written: Terraform fills in only `${…}`, so IAM compares the literal text `$namespace`.\nWrite `${var.namespace}` (or the value itself); `$namespace` is how the shell, not Terraform, writes a variable."]);
        assert_eq!(lines_of("TP038", tf), vec![10]);
        assert_eq!(lines_of("TP023", tf), vec![10]);
        let shell = tf.replace("  assume_role_policy = <<EOF", "cat >trust.json <<EOF");
        assert_eq!(messages_of("TP038", &shell)[0].lines().next(), Some("This policy is a template: `$namespace` is filled in by the shell before IAM sees the policy, so eksplain cannot check the key or value it becomes."));
        let interpolated = tf.replace("$namespace", "${var.namespace}");
        assert_eq!(messages_of("TP038", &interpolated)[0].lines().next(), Some("This policy is a template: `${var.namespace}` is filled in by Terraform before IAM sees the policy, so eksplain cannot check the key or value it becomes."));
        assert!(lines_of("TP038", &tf.replace("$namespace", "$${aws:username}")).is_empty());
        // In HCL too: `jsonencode` writes `$namespace` as it is.
        let hcl = "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({\n    Statement = [{\n      Action = \"sts:AssumeRoleWithWebIdentity\"\n      Condition = { StringEquals = { \"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub\" = \"system:serviceaccount:$namespace:app\" } }\n    }]\n  })\n}\n";
        assert_eq!(lines_of("TP038", hcl), vec![5]);
    }

    /// `%{ for … }` and `%{ if … }` build part of the policy: a template,
    /// not JSON with a syntax error at the `%`.
    #[test]
    fn a_terraform_directive_makes_a_heredoc_a_template() {
        let tf = "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = <<EOF\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC\"},\n    \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n    \"Condition\": {\"StringEquals\": {\n      %{ if var.pin_sub ~}\n      \"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub\": \"system:serviceaccount:default:app\",\n      %{ endif ~}\n      \"oidc.eks.us-east-1.amazonaws.com/id/ABC:aud\": \"sts.amazonaws.com\"\n    }}\n  }]\n}\nEOF\n}\n";
        let f = crate::core::policy::testing::findings(tf);
        assert_eq!(f, [("TP038", Some(10), "warning")]);
        assert!(messages_of("TP038", tf)[0].starts_with("This policy is a template: `%{ if var.pin_sub ~}`, `%{ endif ~}` are filled in by Terraform"));
        // `%%{` is a literal `%{`: no directive, and the JSON reader reports the `%`.
        let literal = tf.replace("%{", "%%{");
        assert!(lines_of("TP038", &literal).is_empty());
    }

    #[test]
    fn iam_policy_variables_are_not_placeholders() {
        assert_eq!(
            placeholders("${aws:username} ${*} ${oidc.eks.x/id/Y:sub}"),
            Vec::<String>::new()
        );
        assert_eq!(
            placeholders("${var.oidc_arn}:$ns:${replace(x, \"https://\", \"\")}:$1x"),
            [
                "${var.oidc_arn}",
                "$ns",
                "${replace(x, \"https://\", \"\")}"
            ]
        );
        assert_eq!(placeholders("cost $ 5, $"), Vec::<String>::new());
    }
}
