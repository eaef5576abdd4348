//! Checked on the whole input by [`check_input`]: the client IDs belong to the
//! provider as IAM stores it, not to any one written form of it.
use super::prelude::*;
use crate::core::finding::{Finding, NoPositions};
use crate::core::oidc::ProviderParse;
use crate::core::source::{Path, Pos};
use crate::core::yamlpos::PosTree;

pub static RULE: RuleMeta = RuleMeta {
    code: "OIDC020",
    name: "client-id-not-sts",
    severity: Severity::Warning,
    category: Category::Correctness,
    domain: Domain::OidcProvider,
    summary: "An EKS OIDC provider's `ClientIDList` does not include `sts.amazonaws.com`.",
    what: "Reads the `ClientIDList` that `aws iam get-open-id-connect-provider` prints for an EKS issuer and \
           flags it when `sts.amazonaws.com` is not in it.",
    why: "STS accepts a web identity token only when its `aud` is one of the provider's client IDs. The pod \
          identity webhook requests tokens with audience `sts.amazonaws.com` unless the ServiceAccount's \
          `eks.amazonaws.com/audience` says otherwise, so every pod fails with `InvalidIdentityToken: Incorrect \
          token audience`, however right the role's trust policy is.",
    example: "{\n    \"Url\": \"oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\",\n    \"ClientIDList\": [\n        \"sts.amazonaws.com.cn\"\n    ],\n    \"ThumbprintList\": []\n}\n",
    fixed: "{\n    \"Url\": \"oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\",\n    \"ClientIDList\": [\n        \"sts.amazonaws.com\"\n    ],\n    \"ThumbprintList\": []\n}\n",
    fix_summary: "`aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ARN --client-id sts.amazonaws.com`.",
};

/// The client IDs of `--output text` (`CLIENTIDLIST<TAB>id<TAB>id`), and the
/// position of the first such line.
fn text_output(text: &str) -> Option<(Vec<String>, Option<Pos>)> {
    let mut ids = Vec::new();
    let mut at = None;
    for (n, line) in text.lines().enumerate().take(1_000) {
        if let Some(rest) = line.strip_prefix("CLIENTIDLIST\t") {
            at = at.or(Some(Pos::new(n as u32 + 1, 1)));
            ids.extend(
                rest.split('\t')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
        }
    }
    at.map(|at| (ids, Some(at)))
}

/// The finding for `text` when it is one EKS provider's description with a
/// `ClientIDList` that lacks `sts.amazonaws.com`.
pub fn check_input(text: &str, providers: &[ProviderParse]) -> Option<Finding> {
    let [p] = providers else { return None };
    if !p.is_eks() {
        return None;
    }
    let (ids, at) = match text_output(text) {
        Some(found) => found,
        None => {
            let doc: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
            let list = doc.get("ClientIDList")?.as_sequence()?;
            let ids = list
                .iter()
                .filter_map(serde_yaml::Value::as_str)
                .map(str::to_string)
                .collect();
            (
                ids,
                PosTree::new(text).locate(0, &Path::root().k("ClientIDList")),
            )
        }
    };
    if ids.iter().any(|id| id.trim() == "sts.amazonaws.com") {
        return None;
    }
    let has = if ids.is_empty() {
        "The provider has no client IDs, so it lacks".to_string()
    } else {
        let quoted: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
        format!("The provider's client IDs ({}) lack", quoted.join(", "))
    };
    let path = Path::root().k("ClientIDList");
    let arn = p
        .canonical()
        .map(|c| c.arn().unwrap_or_else(|| c.arn_with_account("ACCOUNT_ID")))
        .unwrap_or_else(|| "ARN".into());
    let mut sink = Sink::new(&NoPositions);
    sink.report(
        &RULE,
        path.clone(),
        format!("{has} `sts.amazonaws.com`, the audience of IRSA tokens: STS rejects them with `InvalidIdentityToken: Incorrect token audience`."),
    )
    .at(at)
    .with_help(format!("Add it: `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn {arn} --client-id sts.amazonaws.com`."));
    sink.into_findings().pop()
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings;
    use crate::core::testing::messages_of;

    #[test]
    fn fires_on_the_client_id_list() {
        let f: Vec<_> = findings(super::RULE.example)
            .into_iter()
            .filter(|f| f.0 == "OIDC020")
            .collect();
        assert_eq!(f, vec![("OIDC020", Some(3), Some(5), "warning")]);
        let text = super::RULE.example.replace("\"sts.amazonaws.com.cn\"", "");
        let m = messages_of("OIDC020", &crate::core::testing::detected(&text));
        assert_eq!(m, vec!["The provider has no client IDs, so it lacks `sts.amazonaws.com`, the audience of IRSA tokens: STS rejects them with `InvalidIdentityToken: Incorrect token audience`."]);
    }

    #[test]
    fn reads_aws_output_yaml_and_names_the_ids() {
        let text = "ClientIDList:\n- sigstore\nUrl: oidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\n";
        let f = crate::core::testing::detected(text);
        assert_eq!(
            messages_of("OIDC020", &f),
            vec!["The provider's client IDs (`sigstore`) lack `sts.amazonaws.com`, the audience of IRSA tokens: STS rejects them with `InvalidIdentityToken: Incorrect token audience`."]
        );
        let at: Vec<_> = f
            .iter()
            .filter(|f| f.code() == "OIDC020")
            .map(|f| (f.line(), f.column()))
            .collect();
        assert_eq!(at, vec![(Some(1), Some(1))]);
    }

    #[test]
    fn reads_aws_output_text() {
        let text = "2024-03-12T09:41:27+00:00\toidc.eks.eu-west-1.amazonaws.com/id/5A1F2B3C4D5E6F708192A3B4C5D6E7F8\nCLIENTIDLIST\tsigstore\nTHUMBPRINTLIST\t9e99a48a9960b14926bb7f3b02e22da2b0ab7280\n";
        let f = crate::core::testing::detected(text);
        let at: Vec<_> = f
            .iter()
            .filter(|f| f.code() == "OIDC020")
            .map(|f| (f.line(), f.column()))
            .collect();
        assert_eq!(at, vec![(Some(2), Some(1))]);
        assert!(messages_of("OIDC020", &f)[0]
            .starts_with("The provider's client IDs (`sigstore`) lack"));
        let ok = text.replace("sigstore", "sts.amazonaws.com");
        assert!(messages_of("OIDC020", &crate::core::testing::detected(&ok)).is_empty());
    }

    #[test]
    fn quiet_with_sts_or_for_other_providers() {
        assert!(findings(super::RULE.fixed).iter().all(|f| f.0 != "OIDC020"));
        let github =
            "{\"Url\": \"token.actions.githubusercontent.com\", \"ClientIDList\": [\"sigstore\"]}";
        assert!(findings(github).iter().all(|f| f.0 != "OIDC020"));
    }
}
