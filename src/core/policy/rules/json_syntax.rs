use super::prelude::*;
use crate::core::finding::{Finding, NoPositions};
use crate::core::json::JsonError;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP001",
    name: "json-syntax",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "The policy is not valid JSON (trailing comma, single or curly quotes, a comment, an unquoted key, a missing comma…).",
    what: "Reports every JSON syntax error with its line and column and how to fix it. For the mistakes whose \
           intent is clear — trailing commas, single or typographic quotes, comments, unquoted keys, missing \
           commas, Python's `True`/`None` — eksplain reads past the error and still checks the rest of the policy. \
           A URL-encoded policy that stops early (half an escape, or JSON left open) is reported as cut short, \
           where the pasted text stops.",
    why: "IAM refuses the whole document (`MalformedPolicyDocument: This policy contains invalid Json`), so the \
          role keeps its old trust policy — or is never created — and every pod that relies on it gets \
          `AccessDenied` from STS.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\",]\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Fix the syntax at the line shown: double quotes only, no comments, no comma after the last item.",
};

pub const AA: Option<Aa> = Aa::error("Json syntax error");

/// One finding per kind of syntax error met while reading, at its first
/// occurrence; repeats of the same mistake are counted, not repeated.
pub fn findings(_text: &str, errors: &[JsonError]) -> Vec<Finding> {
    let mut sink = Sink::new(&NoPositions);
    for (i, e) in errors.iter().enumerate() {
        if errors[..i].iter().any(|f| f.kind == e.kind) {
            continue;
        }
        let more: Vec<u32> = errors[i + 1..]
            .iter()
            .filter(|f| f.kind == e.kind)
            .map(|f| f.pos.line)
            .collect();
        let yaml = e.message.starts_with("YAML");
        let cut = e
            .message
            .starts_with(crate::core::policy::urlencoded::CUT_SHORT);
        // Terraform whose trust policy is elsewhere: nothing to check, no syntax error.
        let elsewhere = e.message.starts_with(crate::core::policy::hcl::NOT_PASTED);
        let mut message = if yaml || cut || elsewhere || e.message.starts_with("Terraform") {
            e.message.clone()
        } else {
            format!("JSON syntax error: {}", e.message)
        };
        if !more.is_empty() {
            let mut lines: Vec<String> = Vec::new();
            for l in &more {
                let l = l.to_string();
                if !lines.contains(&l) {
                    lines.push(l);
                }
            }
            let shown = if lines.len() > 6 {
                format!("{}, …", lines[..6].join(", "))
            } else {
                lines.join(", ")
            };
            let word = if lines.len() == 1 { "line" } else { "lines" };
            message.push_str(&format!(
                " (and {} more like it, on {word} {shown})",
                more.len()
            ));
        }
        message.push('.');
        let help = if yaml {
            format!("{}\nIAM Access Analyzer reads JSON only; CloudFormation converts YAML policies to JSON.", e.hint)
        } else if e.message.starts_with("Terraform") {
            format!(
                "{}\nIAM Access Analyzer reads the JSON Terraform renders, never the HCL.",
                e.hint
            )
        } else {
            e.hint.clone()
        };
        // Said by TP038, which names what Terraform works out.
        let rule = match elsewhere {
            true => &super::policy_template::RULE,
            false => &RULE,
        };
        let f = sink
            .report(rule, Path::root(), message)
            .at(Some(e.pos))
            .with_help(help);
        if elsewhere {
            f.with_severity(crate::core::finding::Severity::Info);
        }
    }
    sink.into_findings()
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::{lines_of, messages_of};

    #[test]
    fn fires_at_the_trailing_comma() {
        assert_eq!(lines_of("TP001", super::RULE.example), vec![7]);
        assert!(messages_of("TP001", super::RULE.example)[0].contains("trailing comma"));
    }

    #[test]
    fn reads_past_recoverable_errors_and_keeps_checking() {
        let text = "{\n  'Version': \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]\n}\n";
        assert_eq!(lines_of("TP001", text), vec![2]);
        let many = text
            .replace("\"Allow\"", "'Allow'")
            .replace("\"sts:AssumeRole\"", "'sts:AssumeRole'");
        let m = messages_of("TP001", &many);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("(and 2 more like it, on line 3)"), "{m:?}");
        // The Pod Identity rule still sees the statement.
        assert_eq!(lines_of("TP032", text), vec![3]);
    }

    #[test]
    fn quiet_for_valid_json() {
        assert!(lines_of("TP001", super::RULE.fixed).is_empty());
    }
}
