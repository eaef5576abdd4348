use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "SA008",
    name: "token-expiration-invalid",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "`eks.amazonaws.com/token-expiration` is not a whole number of seconds, or outside 600–86400.",
    what: "Reads the annotation as the webhook does: a whole number of seconds. A value that does not parse \
           (`1h`, `24h`, `3600s`) is ignored in favour of the default 86400; a value below 600 is raised to \
           600; a value above 86400 exceeds what EKS issues (info).",
    why: "The webhook silently replaces values it cannot use, so the lifetime in the manifest is not the one \
          the pods get. The webhook raises anything shorter to 600 seconds, the API server's \
          minimum for a projected token (webhooks before January 2024 raised it to 3600). EKS service-account tokens last at most 24 hours.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n    eks.amazonaws.com/token-expiration: \"1h\"\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n    eks.amazonaws.com/token-expiration: \"3600\"\n",
    fix_summary: "Write seconds as a quoted whole number between \"600\" and \"86400\".",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some((value, path)) = super::string_annotation(cx, model::TOKEN_EXPIRATION) else {
        return;
    };
    let (severity, message) = match value.parse::<i64>() {
        Err(_) => {
            let hint = parse_duration(value)
                .map(|s| format!(" Did you mean \"{s}\" (seconds)?"))
                .unwrap_or_default();
            (
                Severity::Warning,
                format!("`{value}` is not a whole number of seconds; the webhook ignores it and requests its default of 86400.{hint}"),
            )
        }
        Ok(n) if n < model::MIN_TOKEN_EXPIRATION => (
            Severity::Warning,
            format!(
                "A token lifetime of {n} seconds is below the minimum of {}; the webhook requests {} instead.",
                model::MIN_TOKEN_EXPIRATION,
                model::MIN_TOKEN_EXPIRATION
            ),
        ),
        Ok(n) if n > model::DEFAULT_TOKEN_EXPIRATION => (
            Severity::Info,
            format!("A token lifetime of {n} seconds exceeds the 24 hours (86400) EKS issues service-account tokens for; the tokens will not live longer."),
        ),
        Ok(_) => return,
    };
    sink.report(&RULE, path.clone(), message)
        .at(cx.value_pos(&path))
        .with_severity(severity);
}

/// `1h`, `30m`, `3600s`, `1d` → seconds.
fn parse_duration(s: &str) -> Option<i64> {
    let s = s.trim();
    let unit = s.chars().last()?;
    let n: i64 = s.get(..s.len() - unit.len_utf8())?.parse().ok()?;
    let mult = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return None,
    };
    n.checked_mul(mult)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{at, findings, messages_of, sa};

    #[test]
    fn fires_on_a_duration_string() {
        assert_eq!(at("SA008", super::RULE.example), vec![(8, 41)]);
        assert!(messages_of("SA008", super::RULE.example)[0].contains("Did you mean \"3600\""));
    }

    #[test]
    fn low_values_are_raised_and_high_ones_capped() {
        let low = sa("    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/x\n    eks.amazonaws.com/token-expiration: \"300\"\n");
        assert_eq!(
            messages_of("SA008", &low),
            vec!["A token lifetime of 300 seconds is below the minimum of 600; the webhook requests 600 instead."]
        );
        // 600 is the minimum itself (amazon-eks-pod-identity-webhook#207): nothing to report.
        let min = sa("    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/x\n    eks.amazonaws.com/token-expiration: \"600\"\n");
        assert!(at("SA008", &min).is_empty());
        let high = sa("    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/x\n    eks.amazonaws.com/token-expiration: \"172800\"\n");
        assert!(findings(&high)
            .iter()
            .any(|f| f.0 == "SA008" && f.3 == "info"));
    }

    #[test]
    fn quiet_in_range() {
        assert!(at("SA008", super::RULE.fixed).is_empty());
    }
}
