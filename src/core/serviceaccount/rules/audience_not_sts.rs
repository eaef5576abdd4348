use super::prelude::*;
use crate::core::suggest::edit_distance;

pub static RULE: RuleMeta = RuleMeta {
    code: "SA007",
    name: "audience-not-sts",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::ServiceAccount,
    summary: "`eks.amazonaws.com/audience` is not `sts.amazonaws.com`.",
    what: "Flags an audience annotation other than the default `sts.amazonaws.com`; a near miss such as \
           `sts.amazon.com` is called a typo.",
    why: "The webhook requests the pod's token for this audience. STS accepts the token only if the audience is \
          in the IAM OIDC provider's client ID list, and trust policies usually require `…:aud` = \
          `sts.amazonaws.com`. A different audience fails with `InvalidIdentityToken: Incorrect token audience` \
          unless the provider and the trust policy were set up for it.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n    eks.amazonaws.com/audience: sts.amazon.com\n",
    fixed: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/payments-api\n    eks.amazonaws.com/audience: sts.amazonaws.com\n",
    fix_summary: "Remove the annotation (the default is `sts.amazonaws.com`) or set it to `sts.amazonaws.com`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let Some((value, path)) = super::string_annotation(cx, model::AUDIENCE) else {
        return;
    };
    if value == model::DEFAULT_AUDIENCE {
        return;
    }
    let message = if edit_distance(value.trim(), model::DEFAULT_AUDIENCE) <= 3 {
        format!("The audience `{value}` looks like a typo of `sts.amazonaws.com`; tokens for it are rejected by STS (`Incorrect token audience`).")
    } else {
        format!("The audience is `{value}`, not `sts.amazonaws.com`: STS accepts these tokens only if the IAM OIDC provider lists `{value}` as a client ID and the trust policy's `:aud` condition allows it.")
    };
    sink.report(&RULE, path.clone(), message)
        .at(cx.value_pos(&path));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{at, messages_of, sa};

    #[test]
    fn fires_on_the_value() {
        assert_eq!(at("SA007", super::RULE.example), vec![(8, 33)]);
        assert!(messages_of("SA007", super::RULE.example)[0].contains("typo"));
        let custom = sa("    eks.amazonaws.com/role-arn: arn:aws:iam::493827160542:role/x\n    eks.amazonaws.com/audience: vault\n");
        assert!(messages_of("SA007", &custom)[0].contains("client ID"));
    }

    #[test]
    fn quiet_for_sts() {
        assert!(at("SA007", super::RULE.fixed).is_empty());
    }
}
