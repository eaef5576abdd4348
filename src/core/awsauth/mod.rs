//! The `aws-auth` ConfigMap: how EKS maps IAM roles and users to Kubernetes
//! users and groups (`mapRoles`, `mapUsers`, `mapAccounts`), the rules about
//! entries that never match or grant too much (`AA…`), which user and groups an
//! IAM ARN gets ([`map_identity`]), and EKS access entries, which take
//! precedence over it.

mod locate;
mod loose;
pub mod map;
pub mod model;
mod quoted;
pub mod rules;
mod view;

pub use map::{canonicalize, map_identity, MappedIdentity, Principal};
pub use model::{AwsAuth, Entry, Kind};
pub use view::AwsAuthView;

use super::finding::{Finding, Sink};
use super::report::{Explanation, Options};
use super::source::Seg;

/// What every aws-auth rule gets to look at.
pub struct AwsAuthCx<'a> {
    pub aws: &'a AwsAuth,
    pub opts: &'a Options,
}

/// Parses an aws-auth ConfigMap (YAML or JSON) without reporting anything.
pub fn parse_text(text: &str) -> Result<AwsAuth, serde_yaml::Error> {
    let (doc, i) = load(text)?;
    Ok(model::parse(text, &doc, i).0)
}

/// The document of a `---` stream that holds the ConfigMap, and its index.
/// `kubectl apply -f` takes a stream: a trailing `---`, or other manifests
/// around aws-auth, are common and fine.
fn load(text: &str) -> Result<(serde_yaml::Value, usize), serde_yaml::Error> {
    use serde::Deserialize;
    use serde_yaml::Value;
    let mut docs = Vec::new();
    for d in serde_yaml::Deserializer::from_str(text).take(1_000) {
        docs.push(Value::deserialize(d)?);
    }
    let named = |v: &Value| {
        v.get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            == Some("aws-auth")
            || model::in_list(v).is_some()
    };
    let maps = |v: &Value| {
        v.get("data")
            .is_some_and(|d| d.get("mapRoles").is_some() || d.get("mapUsers").is_some())
    };
    let i = (docs.iter().position(named))
        .or_else(|| docs.iter().position(maps))
        .or_else(|| docs.iter().position(|v| !v.is_null()))
        .unwrap_or(0);
    Ok((docs.into_iter().nth(i).unwrap_or(Value::Null), i))
}

/// The line of `Data` in `kubectl describe configmap` output (`Data`, then a
/// `====` rule), if `text` is that.
fn describe_output_data_line(text: &str) -> Option<u32> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let starts_like_describe = lines.first().is_some_and(|l| l.starts_with("Name:"));
    let at = lines
        .windows(2)
        .position(|w| w[0] == "Data" && w[1].starts_with("===="))?;
    starts_like_describe.then_some(at as u32 + 1)
}

/// A line that leaves a `mapRoles: |` (mapUsers, mapAccounts) block by
/// being indented less than the block's content but not less than its key:
/// meant as an entry of the block, it ends it instead.
struct Dedent {
    key: &'static str,
    line: u32,
    indent: usize,
    block_line: u32,
    block_indent: usize,
}

fn dedented_block_line(text: &str, line: u32) -> Option<Dedent> {
    let lines: Vec<&str> = text.lines().collect();
    let at = (line as usize).checked_sub(1)?;
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let indent = indent_of(lines.get(at)?);
    let mut block_indent = None;
    for i in (0..at).rev() {
        let l = lines.get(i)?;
        if l.trim().is_empty() {
            continue;
        }
        let n = indent_of(l);
        let header = l
            .trim()
            .strip_suffix('|')
            .or_else(|| l.trim().strip_suffix("|-"));
        let key = header
            .and_then(|h| h.trim_end().strip_suffix(':'))
            .and_then(|k| {
                ["mapRoles", "mapUsers", "mapAccounts"]
                    .into_iter()
                    .find(|m| *m == k)
            });
        if let Some(key) = key {
            let block_indent = block_indent?;
            return (indent >= n && indent < block_indent).then_some(Dedent {
                key,
                line,
                indent,
                block_line: i as u32 + 1,
                block_indent,
            });
        }
        // A content line of the block: remember the smallest indentation.
        block_indent = Some(block_indent.map_or(n, |b: usize| b.min(n)));
    }
    None
}

pub fn analyze(text: &str, opts: &Options) -> (Vec<Finding>, Explanation) {
    let (doc, doc_index) = match load(text) {
        Ok(d) => d,
        Err(e) => {
            let mut f = super::input::yaml_error(text, &e);
            if let Some(line) = describe_output_data_line(text) {
                f.message = "This is `kubectl describe configmap` output, not the ConfigMap: describe prints each data value as bare text under a `----` rule, not as YAML, so the mappings cannot be read back from it.".into();
                f.help = "Paste the ConfigMap as the cluster stores it: `kubectl get configmap aws-auth -n kube-system -o yaml`.".into();
                f.location.pos = Some(super::source::Pos::new(line, 1));
            } else if let Some(d) = f.line().and_then(|l| dedented_block_line(text, l)) {
                f.message = format!(
                    "Line {} is indented {} spaces, less than the {} of the {} block above it (from line {}): YAML ends the block there and the rest of the ConfigMap does not parse, so `kubectl apply` refuses the file and the cluster keeps the aws-auth it has.",
                    d.line, d.indent, d.block_indent, d.key, d.block_line
                );
                f.help = format!(
                    "Indent the line to {} spaces like the other lines of {}, and the rest of its entry by as much.",
                    d.block_indent, d.key
                );
            }
            return (vec![f], Explanation::None);
        }
    };
    let (aws, locator) = model::parse(text, &doc, doc_index);
    let mut sink = Sink::new(&locator);
    let cx = AwsAuthCx { aws: &aws, opts };
    for (_, check) in rules::CHECKS {
        check(&cx, &mut sink);
    }
    let view = AwsAuthView::new(aws, &locator);
    let mut findings = sink.into_findings();
    for f in &mut findings {
        if let [Seg::Key(d), Seg::Key(k), _, ..] = f.location.path.segments() {
            if d == "data" && matches!(locator.block(k), Some(locate::BlockPos::Unknown)) {
                f.message.push_str(&format!(
                    " (Shown at the {k} key: where the entry is inside that string is not known.)"
                ));
            }
        }
        // Paths of the pasted document: `items[3].data.mapRoles[0]` in a List.
        for loc in std::iter::once(&mut f.location).chain(f.related.iter_mut()) {
            loc.path = locator.within(&loc.path);
        }
    }
    (findings, Explanation::AwsAuth(Box::new(view)))
}

#[cfg(test)]
mod tests {
    /// People paste `kubectl describe configmap aws-auth` mid-outage; a bare
    /// YAML error about `====` does not tell them what to paste instead.
    #[test]
    fn describe_output_says_what_to_paste_instead() {
        let text = "Name:         aws-auth\nNamespace:    kube-system\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nmapRoles:\n----\n- groups:\n  - system:bootstrappers\n  - system:nodes\n  rolearn: arn:aws:iam::111122223333:role/eks-node\n  username: system:node:{{EC2PrivateDNSName}}\n\n\nBinaryData\n====\n\nEvents:  <none>\n";
        let findings = crate::core::testing::detected(text);
        assert_eq!(crate::core::testing::at("IN001", &findings), vec![(6, 1)]);
        let f = &findings[0];
        assert!(
            f.message
                .starts_with("This is `kubectl describe configmap` output"),
            "{}",
            f.message
        );
        assert!(f
            .help
            .contains("kubectl get configmap aws-auth -n kube-system -o yaml"));
        assert_eq!(super::describe_output_data_line("Data\n====\n"), None);
    }

    /// `kubectl get configmaps -n kube-system -o yaml` (or `-o json`) prints
    /// a List; aws-auth is one of its items. Findings point into the List.
    #[test]
    fn the_aws_auth_item_of_a_list_is_analysed_where_it_is() {
        let text = "apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    ca.crt: |\n      x\n  kind: ConfigMap\n  metadata:\n    name: kube-root-ca.crt\n- apiVersion: v1\n  data:\n    mapRoles: |\n      - rolearn: arn:aws:iam::111122223333:role/ops/Admin\n        username: admin\n        groups:\n          - ops\n  kind: ConfigMap\n  metadata:\n    name: aws-auth\n    namespace: kube-system\nkind: List\nmetadata:\n  resourceVersion: \"\"\n";
        let findings = crate::core::testing::detected(text);
        assert_eq!(crate::core::testing::at("AA001", &findings), vec![(13, 9)]);
        let json = "{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n    {\n      \"apiVersion\": \"v1\",\n      \"data\": {\n        \"mapRoles\": \"- rolearn: arn:aws:iam::111122223333:role/ops/Admin\\n  username: admin\\n  groups:\\n  - ops\\n\"\n      },\n      \"kind\": \"ConfigMap\",\n      \"metadata\": {\"name\": \"aws-auth\", \"namespace\": \"kube-system\"}\n    }\n  ],\n  \"kind\": \"List\",\n  \"metadata\": {\"resourceVersion\": \"\"}\n}\n";
        let findings = crate::core::testing::detected(json);
        assert_eq!(crate::core::testing::at("AA001", &findings), vec![(7, 24)]);
        assert_eq!(
            findings[0].location.path.to_string(),
            "items[0].data.mapRoles[0].rolearn"
        );
    }

    /// Paths name the pasted document: in a List, `items[N].data…`, for
    /// the finding and for what it relates to (AA007's earlier entry).
    #[test]
    fn paths_in_a_list_start_at_the_list() {
        let text = "apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    ca.crt: |\n      x\n  kind: ConfigMap\n  metadata:\n    name: kube-root-ca.crt\n- apiVersion: v1\n  data:\n    mapRoles: |\n      - rolearn: arn:aws:iam::111122223333:role/Admin\n        username: admin\n        groups:\n          - ops\n      - rolearn: arn:aws:iam::111122223333:role/admin\n        username: admin\n        groups:\n          - ops\n  kind: ConfigMap\n  metadata:\n    name: aws-auth\n    namespace: kube-system\nkind: List\nmetadata:\n  resourceVersion: \"\"\n";
        let findings = crate::core::testing::detected(text);
        let f = &findings[0];
        assert_eq!(f.code(), "AA007");
        assert_eq!(
            f.location.path.to_string(),
            "items[1].data.mapRoles[1].rolearn"
        );
        assert_eq!(f.line(), Some(17));
        assert_eq!(f.related[0].path.to_string(), "items[1].data.mapRoles[0]");
        assert_eq!(f.related[0].pos.map(|p| p.line), Some(13));
        // A ConfigMap on its own keeps `data.…`.
        let alone = crate::core::awsauth::rules::aws_auth!(
            "    - rolearn: arn:aws:iam::111122223333:role/ops/Admin\n      username: admin\n"
        );
        let f = crate::core::testing::detected(alone);
        assert_eq!(f[0].location.path.to_string(), "data.mapRoles[0].rolearn");
    }

    /// `kubectl get cm aws-auth -o json` puts the whole block on one line:
    /// each entry is pointed at inside the string, in findings and in the
    /// explanation, where the column tells the entries apart.
    #[test]
    fn entries_of_a_json_string_are_located_inside_it() {
        let text =
            std::fs::read_to_string("tests/fixtures/aws-auth/kubectl-get-json.json").unwrap();
        let line4 = text.lines().nth(3).unwrap();
        let col = |needle: &str| line4.find(needle).unwrap() as u32 + 1;
        let findings = crate::core::testing::detected(&text);
        assert_eq!(
            crate::core::testing::at("AA001", &findings),
            vec![(4, col("rolearn: arn:aws:iam::111122223333:role/ops"))]
        );
        let (_, explanation) = super::analyze(&text, &Default::default());
        let super::Explanation::AwsAuth(view) = explanation else {
            panic!("no aws-auth view")
        };
        let shown = view.to_text();
        let first = col("- groups:\\n  - system:bootstrappers");
        let second = col("- groups:\\n  - admins");
        assert!(
            shown.contains(&format!("eks-node-role  line 4, column {first}\n")),
            "{shown}"
        );
        assert!(
            shown.contains(&format!("ops/Admin  line 4, column {second}\n")),
            "{shown}"
        );
    }

    /// `kubectl get cm -o yaml` double-quotes a block with a line ending in
    /// a space and folds it over lines; the entry is found on its line.
    #[test]
    fn entries_of_a_folded_double_quoted_string_are_located() {
        let text = "apiVersion: v1\ndata:\n  mapRoles: \"- groups:\\n  - system:bootstrappers\\n  - system:nodes\\n  rolearn: arn:aws:iam::111122223333:role/eks-node-role\n    \\n  username: system:node:{{EC2PrivateDNSName}}\\n- groups:\\n  - system:masters\\n\n    \\ rolearn: arn:aws:iam::111122223333:role/ops/Admin\\n  username: admin\\n\"\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\n";
        let findings = crate::core::testing::detected(text);
        assert_eq!(crate::core::testing::at("AA001", &findings), vec![(5, 7)]);
        assert_eq!(crate::core::testing::at("AA004", &findings), vec![(4, 67)]);
    }

    /// `kubectl apply -f` takes a `---` stream: a trailing `---`, or other
    /// manifests around the ConfigMap, are fine; the ConfigMap is analysed
    /// where it is.
    #[test]
    fn the_configmap_is_found_in_a_stream_of_documents() {
        let cm = crate::core::awsauth::rules::aws_auth!(
            "    - rolearn: arn:aws:iam::111122223333:role/ops/Admin\n      username: admin\n"
        );
        let trailing = format!("{cm}---\n");
        let f = crate::core::testing::detected(&trailing);
        assert_eq!(
            crate::core::testing::rows(&f),
            vec![("AA001", Some(8), "error")]
        );
        let second =
            format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tools\n---\n{cm}");
        let f = crate::core::testing::detected(&second);
        assert_eq!(crate::core::testing::at("AA001", &f), vec![(13, 7)]);
        assert_eq!(super::parse_text(&second).unwrap().entries.len(), 1);
    }

    /// Where the string cannot be followed (here a folded block scalar), findings
    /// point at the key and say that the position is the whole string's.
    #[test]
    fn an_unfollowed_string_is_pointed_at_as_a_whole() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: >\n    - rolearn: arn:aws:iam::111122223333:role/ops/Admin\n";
        let findings = crate::core::testing::detected(text);
        assert_eq!(crate::core::testing::at("AA001", &findings), vec![(7, 3)]);
        assert!(
            findings[0].message.ends_with(
                "(Shown at the mapRoles key: where the entry is inside that string is not known.)"
            ),
            "{}",
            findings[0].message
        );
        let (_, super::Explanation::AwsAuth(view)) = super::analyze(text, &Default::default())
        else {
            panic!("no aws-auth view")
        };
        assert!(view
            .to_text()
            .contains("ops/Admin  line 7 (somewhere in the mapRoles string)\n"));
    }

    /// An entry indented less than the block ends the block: the file is not
    /// YAML any more. Say which block and by how much.
    #[test]
    fn an_entry_dedented_out_of_maproles_names_the_block() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/Devs\n      username: dev\n      groups:\n        - devs\n   - rolearn: arn:aws:iam::111122223333:role/Ops\n      username: ops\n      groups:\n        - ops\n";
        let findings = crate::core::testing::detected(text);
        assert_eq!(crate::core::testing::at("IN001", &findings), vec![(12, 4)]);
        assert_eq!(findings[0].message, "Line 12 is indented 3 spaces, less than the 4 of the mapRoles block above it (from line 7): YAML ends the block there and the rest of the ConfigMap does not parse, so `kubectl apply` refuses the file and the cluster keeps the aws-auth it has.");
        assert_eq!(
            findings[0].help,
            "Indent the line to 4 spaces like the other lines of mapRoles, and the rest of its entry by as much."
        );
        // Other syntax errors keep the parser's message.
        let other = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n  mapRoles: |\n    - rolearn: x\n  mapUsers: [\n";
        let f = crate::core::testing::detected(other);
        assert!(
            f[0].message.starts_with("YAML syntax error"),
            "{}",
            f[0].message
        );
    }
}
