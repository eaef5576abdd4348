use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC004",
    name: "account-id-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "The account in an OIDC provider ARN is not a 12-digit AWS account ID.",
    what: "Flags provider ARNs whose account field is empty, has other than 12 digits, or holds dashes, spaces or \
           letters. Template placeholders such as `<account-id>` are reported by OIDC017 instead.",
    why: "The account field must be the 12-digit ID of the account that owns the OIDC provider (usually the \
          account that owns the role). An 11-digit ID is the classic sign of a leading zero lost on the way \
          through a number type — a YAML or JSON number, a spreadsheet, a Terraform `number` — and the console \
          shows IDs with dashes that ARNs never contain. Either way the ARN names no provider.",
    example: "arn:aws:iam::93827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fixed: "arn:aws:iam::093827160542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n",
    fix_summary: "Write the 12-digit account ID, with leading zeros and without dashes (`aws sts get-caller-identity --query Account --output text`).",
};

/// What is wrong with an account field, in words; `None` when it is a valid ID.
pub fn problem(account: &str) -> Option<String> {
    if crate::core::oidc::arn::is_account_id(account) {
        return None;
    }
    let digits = account.chars().filter(|c| c.is_ascii_digit()).count();
    let only_digits = account.chars().all(|c| c.is_ascii_digit());
    Some(if account.is_empty() {
        "the account field is empty".to_string()
    } else if only_digits && digits < 12 {
        format!(
            "`{account}` has {digits} digits, not 12 — a leading zero was probably lost when the ID passed through a number type (YAML/JSON number, spreadsheet)"
        )
    } else if only_digits {
        format!("`{account}` has {digits} digits, not 12")
    } else if digits == 12
        && account
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    {
        format!(
            "`{account}` contains separators; ARNs write the 12 digits without dashes or spaces"
        )
    } else {
        format!("`{account}` is not a 12-digit account ID")
    })
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some(arn) = &cx.p.arn else { return };
    let a = &arn.account;
    if a.placeholder.is_some() {
        return;
    }
    let Some(problem) = problem(&a.text) else {
        return;
    };
    sink.report(
        &RULE,
        cx.path("account"),
        format!("The ARN's account ID is invalid: {problem}."),
    )
    .at(cx.at(a));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns_of, messages_of};

    #[test]
    fn fires_on_the_account_field() {
        assert_eq!(columns_of("OIDC004", super::RULE.example), vec![14]);
        let m = messages_of("OIDC004", super::RULE.example);
        assert!(
            m[0].contains("11 digits") && m[0].contains("leading zero"),
            "{m:?}"
        );
        let dashed = "arn:aws:iam::4938-2716-0542:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8";
        assert!(messages_of("OIDC004", dashed)[0].contains("separators"));
    }

    #[test]
    fn quiet_for_twelve_digits_and_placeholders() {
        assert!(columns_of("OIDC004", super::RULE.fixed).is_empty());
        let templ = "arn:aws:iam::<account-id>:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8";
        assert!(columns_of("OIDC004", templ).is_empty());
    }
}
