use super::prelude::*;

pub static RULE: RuleMeta = RuleMeta {
    code: "AA005",
    name: "aws-auth-yaml-invalid",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::AwsAuth,
    summary: "The YAML inside mapRoles, mapUsers or mapAccounts does not parse, is not a list, holds a second document, or is not a string at all.",
    what: "Parses each block of the ConfigMap as the authenticator does and reports the first syntax error with its line inside the block (usually an indentation slip or a tab).",
    why: "Kubernetes stores the block as an opaque string, so `kubectl apply` accepts it; the authenticator then fails to parse it and drops every entry of that block. With mapRoles that includes the node role: nodes stop joining (NotReady) and every mapped user gets `Unauthorized` — the classic aws-auth outage.",
    example: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/eks-node\n      username: system:node:{{EC2PrivateDNSName}}\n      groups:\n        - system:bootstrappers\n        - system:nodes\n    - rolearn: arn:aws:iam::111122223333:role/Developers\n       username: dev:{{SessionName}}\n      groups:\n        - developers\n"),
    fixed: aws_auth!("    - rolearn: arn:aws:iam::111122223333:role/eks-node\n      username: system:node:{{EC2PrivateDNSName}}\n      groups:\n        - system:bootstrappers\n        - system:nodes\n    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n"),
    fix_summary: "Fix the YAML at the line shown — usually the indentation (spaces only, keys of an entry aligned), otherwise an unclosed quote or bracket — and check with `eksplain check` before applying.",
};

pub fn check(cx: &AwsAuthCx, sink: &mut Sink) {
    for err in &cx.aws.errors {
        let dropped = match err.key {
            "mapRoles" => "every role mapping, node roles included, is dropped",
            "mapUsers" => "every user mapping is dropped",
            _ => "every listed account is dropped",
        };
        sink.report(
            &RULE,
            Path::root().k("data").k(err.key),
            format!(
                "data.{} does not parse: {}. The authenticator ignores the whole block: {dropped}.",
                err.key, err.message
            ),
        )
        .at(err.pos);
    }
    for err in &cx.aws.later_documents {
        sink.report(&RULE, Path::root().k("data").k(err.key), format!("{}.", err.message))
            .with_help("Delete the `---` or `...` line inside the block (and any between entries): in mapRoles, mapUsers and mapAccounts, every entry belongs to one YAML list.")
            .at(err.pos);
    }
    for err in &cx.aws.not_strings {
        sink.report(&RULE, Path::root().k("data").k(err.key), format!("{}.", err.message))
            .with_help(format!("Write the list as one string: `{}: |` on its own line, the entries indented below it (as `kubectl get configmap aws-auth -n kube-system -o yaml` shows them).", err.key))
            .at(err.pos);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{line_of, lines_of};

    #[test]
    fn fires_at_the_bad_line_inside_the_block() {
        let ex = super::RULE.example;
        let lines = lines_of("AA005", ex);
        assert_eq!(lines, vec![line_of(ex, "       username: dev")]);
        assert!(lines_of("AA005", super::RULE.fixed).is_empty());
    }

    /// libyaml names the line after the block for an error at its end: past
    /// the end of the file, or the next key's line. The finding must point at
    /// the block's last line, where the quote or bracket is left open.
    #[test]
    fn an_error_on_the_last_line_of_the_block_points_at_it() {
        let head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/eks-node-role\n";
        let last = "      groups: [system:bootstrappers, system:nodes\n";
        let at_end = format!("{head}{last}");
        assert_eq!(lines_of("AA005", &at_end), vec![9]);
        let before_users = format!("{at_end}  mapUsers: |\n    []\n");
        assert_eq!(lines_of("AA005", &before_users), vec![9]);
        let quote = format!("{head}      username: \"system:node:{{{{EC2PrivateDNSName}}}}\n");
        assert_eq!(lines_of("AA005", &quote), vec![9]);
    }

    /// go-yaml's `Unmarshal` reads one document: a `---` before the first
    /// entry or after the last changes nothing, one between entries hides
    /// every entry after it from the authenticator.
    #[test]
    fn a_second_document_in_a_block_is_ignored_by_the_authenticator() {
        let node = "    - rolearn: arn:aws:iam::111122223333:role/eks-node\n      username: system:node:{{EC2PrivateDNSName}}\n      groups:\n        - system:nodes\n";
        let dev = "    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n";
        let head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n";
        let around = format!("{head}    ---\n{node}{dev}    ---\n");
        assert!(lines_of("AA005", &around).is_empty());
        assert_eq!(
            crate::core::awsauth::parse_text(&around)
                .unwrap()
                .entries
                .len(),
            2
        );
        let between = format!("{head}{node}    ---\n{dev}");
        let findings = crate::core::testing::detected(&between);
        assert_eq!(crate::core::testing::at("AA005", &findings), vec![(12, 5)]);
        assert_eq!(
            crate::core::testing::messages_of("AA005", &findings),
            vec!["data.mapRoles holds a second YAML document, after the `---` line: the authenticator reads only the first, so the entry after that line is ignored, as if deleted.".to_string()]
        );
        // `...` ends the first document just as well.
        let ended = format!("{head}{node}    ...\n{dev}");
        let findings = crate::core::testing::detected(&ended);
        assert_eq!(crate::core::testing::at("AA005", &findings), vec![(12, 5)]);
        assert!(
            crate::core::testing::messages_of("AA005", &findings)[0]
                .contains("after the `...` line"),
            "{findings:?}"
        );
        assert_eq!(
            crate::core::awsauth::parse_text(&between)
                .unwrap()
                .entries
                .len(),
            1
        );
        let (_, crate::core::report::Explanation::AwsAuth(view)) =
            crate::core::awsauth::analyze(&between, &Default::default())
        else {
            panic!("no aws-auth view")
        };
        let shown = view.to_text();
        assert!(
            shown
                .contains("mapRoles (1):\n  [0] arn:aws:iam::111122223333:role/eks-node  line 8\n"),
            "{shown}"
        );
        assert!(shown.contains("\ndata.mapRoles holds a second YAML document: the authenticator ignores everything after its `---` (see the findings); the entries above are the ones it reads.\n"), "{shown}");
    }

    /// A tab is invisible in the pasted text: the message must name it.
    #[test]
    fn a_tab_in_the_indentation_is_named() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/eks-node\n      username: system:node:{{EC2PrivateDNSName}}\n      groups:\n    \t- system:bootstrappers\n        - system:nodes\n";
        let findings = crate::core::testing::detected(text);
        assert_eq!(crate::core::testing::at("AA005", &findings), vec![(11, 5)]);
        assert_eq!(
            crate::core::testing::messages_of("AA005", &findings),
            vec!["data.mapRoles does not parse: found character that cannot start any token (a tab in the indentation of that line: YAML indents with spaces only, and editors show the tab as spaces). The authenticator ignores the whole block: every role mapping, node roles included, is dropped.".to_string()]
        );
    }

    /// `mapRoles:` without `|` makes the value a YAML list. ConfigMap data
    /// values are strings, so the API server refuses the whole object: nothing
    /// is dropped by the authenticator, the apply itself fails.
    #[test]
    fn a_list_instead_of_a_string_is_refused_by_the_api_server() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles:\n    - rolearn: arn:aws:iam::111122223333:role/eks-node\n      username: system:node:{{EC2PrivateDNSName}}\n      groups:\n        - system:nodes\n";
        let findings = crate::core::testing::detected(text);
        assert_eq!(lines_of("AA005", text), vec![7]);
        let m = crate::core::testing::messages_of("AA005", &findings);
        assert_eq!(m, vec!["data.mapRoles is a YAML list instead of a string: the API server refuses the ConfigMap (`kubectl apply` fails with `cannot unmarshal array into Go struct field ConfigMap.data of type string`), so the cluster keeps the aws-auth it has and none of this reaches the authenticator.".to_string()]);
        let help = findings.iter().map(|f| f.help.clone()).collect::<String>();
        assert!(help.contains("`mapRoles: |`"), "{help}");
    }
}
