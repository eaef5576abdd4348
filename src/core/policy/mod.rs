//! IAM role trust policies, with IRSA and EKS Pod Identity in mind: read the
//! JSON (or the YAML of a CloudFormation template) with positions, check it
//! as IAM Access Analyzer would plus what only matters for EKS, simulate who
//! can assume the role, and propose a corrected policy.

pub mod cfn;
pub mod diff;
pub mod explain;
pub mod fix;
pub mod generate;
pub mod glob;
pub mod hcl;
pub mod heredoc;
pub mod issuer;
pub mod keys;
pub mod model;
pub mod operator;
pub mod probe;
pub mod provider;
pub mod rules;
pub mod sim;
mod urlencoded;
pub mod values;
pub mod who;
mod yaml;

pub use explain::TrustPolicyView;

use super::finding::{sort_findings, Finding, Sink};
use super::json::{self, JsonError, Value};
use super::report::{Explanation, Options};
use super::source::{Path, Pos};
use keys::{KeyKind, POD_IDENTITY_SERVICE};
use model::{CondEntry, Policy, Statement, Text};
use provider::ProviderArn;

/// What every trust-policy rule gets to look at.
pub struct Cx<'a> {
    pub text: &'a str,
    pub root: &'a Value,
    pub policy: &'a Policy,
    pub opts: &'a Options,
    /// The policy is a heredoc body whose placeholders this expands.
    pub expands: Option<heredoc::Expander>,
    /// For a URL-encoded policy: where each decoded character came from.
    pub decoded: Option<&'a urlencoded::Decoded>,
    /// The policy was written in Terraform's HCL or in a CloudFormation
    /// template: its `${…}` are what Terraform or CloudFormation computes,
    /// and the rules judge everything else.
    pub templated: bool,
    /// For a CloudFormation template: the template and the `Fn::If`s.
    pub cfn: Option<&'a cfn::Found>,
    /// Terraform directives (`%{ for … }`) blanked out of a heredoc body.
    pub directives: &'a [(Pos, String)],
    /// What Terraform renders or not (`dynamic` blocks, merged documents).
    pub optional: &'a [hcl::Optional],
}

impl Cx<'_> {
    /// How a message names the place of `p`, a position in the policy text:
    /// `line 13`; for a URL-encoded policy, the place of its escape in the
    /// input, as finding locations give it (`line 1, column 245`): the
    /// decoded lines are nowhere in what was pasted.
    pub fn line_at(&self, p: Pos) -> String {
        match self.decoded {
            Some(d) => input_place(true, d.original(p)),
            None => input_place(false, p),
        }
    }
}

/// How a message names `p`, a position in the input: `line 13`, or with the
/// column when the input is a URL-encoded policy, whose lines all decode
/// from one.
pub fn input_place(encoded: bool, p: Pos) -> String {
    if encoded {
        format!("line {}, column {}", p.line, p.column)
    } else {
        format!("line {}", p.line)
    }
}

/// The input read as a JSON tree, with the syntax errors met on the way.
pub struct Read {
    /// The policy document; `None` when the text could not be read to the end.
    pub root: Option<Value>,
    pub errors: Vec<JsonError>,
    /// True when the input was YAML (a CloudFormation-style policy).
    pub yaml: bool,
    /// Where the policy was found inside a larger document, e.g.
    /// `Role.AssumeRolePolicyDocument` in `aws iam get-role` output.
    pub inner: Option<Path>,
    /// The text the policy was read from, when that is not the input: a
    /// Terraform heredoc's body with the HCL around it blanked to spaces, so
    /// positions are those of the input; or the decoded text of a
    /// URL-encoded policy.
    pub text: Option<String>,
    /// For a URL-encoded policy: where each decoded character came from.
    pub decoded: Option<urlencoded::Decoded>,
    /// Who expands the placeholders of a heredoc body the policy was read from
    /// (`$name`, `${…}` are filled in before IAM sees it): the shell's or
    /// Terraform's.
    pub expands: Option<heredoc::Expander>,
    /// For a policy written in Terraform's HCL: the Terraform address it was
    /// read from (`data.aws_iam_policy_document.irsa`).
    pub terraform: Option<String>,
    /// Terraform directives (`%{ if … }`, `%{ for … }`) in a heredoc body,
    /// blanked to spaces in `text`; each with where it is.
    pub directives: Vec<(Pos, String)>,
    /// For a policy written in HCL: what Terraform may render or not.
    pub optional: Vec<hcl::Optional>,
    /// The other trust policies of a paste that holds several (Terraform
    /// roles, CloudFormation resources): checked too, not explained.
    pub others: Vec<Other>,
    /// For a CloudFormation template, or a policy with its intrinsic
    /// functions: what was found resolving them (`expands` is then
    /// CloudFormation).
    pub cfn: Option<cfn::Found>,
}

/// Another trust policy in the paste.
pub struct Other {
    /// Its Terraform address or its path in the document.
    pub name: String,
    pub root: Value,
    /// Its path in the document, for a CloudFormation template.
    pub inner: Option<Path>,
    pub optional: Vec<hcl::Optional>,
}

/// True when the first line that is not blank or a comment starts with `{`.
fn looks_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .find(|l| {
            !(l.is_empty() || l.starts_with("//") || l.starts_with('#') || l.starts_with("/*"))
        })
        .is_none_or(|l| l.starts_with('{') || l.starts_with('['))
}

/// The trust policy inside `aws iam get-role` output or a CloudFormation
/// template: the first `AssumeRolePolicyDocument` object, a few levels down.
fn find_inner(root: &Value) -> Option<(Path, Value)> {
    if root.member("Statement").is_some() {
        return None;
    }
    find_document(root, |v| v.as_object().is_some().then(|| v.clone()))
}

/// The `AssumeRolePolicyDocument` objects after the first (the roles of a
/// CloudFormation template), at most five levels down.
fn more_inner(root: &Value) -> Vec<Other> {
    let mut out = Vec::new();
    let mut level: Vec<(&Value, Path)> = vec![(root, Path::root())];
    for _ in 0..5 {
        let mut next = Vec::new();
        for (v, path) in level {
            for m in v.as_object().unwrap_or(&[]) {
                let p = path.k(&m.key);
                if m.key == "AssumeRolePolicyDocument" && m.value.as_object().is_some() {
                    out.push(Other {
                        name: p.to_string(),
                        root: m.value.clone(),
                        inner: Some(p.clone()),
                        optional: Vec::new(),
                    });
                }
                next.push((&m.value, p));
            }
        }
        level = next;
    }
    // The first is the one explained.
    out.into_iter().skip(1).collect()
}

/// How the message of a finding about another policy of the paste starts.
pub const IN_OTHER: &str = "In `";

/// At most this many other policies of one paste are checked.
const MAX_OTHERS: usize = 20;

/// The first `AssumeRolePolicyDocument` member, breadth first and at most five
/// levels down, whose value `pick` takes.
fn find_document<T>(root: &Value, pick: impl Fn(&Value) -> Option<T>) -> Option<(Path, T)> {
    let mut level: Vec<(&Value, Path)> = vec![(root, Path::root())];
    for _ in 0..5 {
        let mut next = Vec::new();
        for (v, path) in level {
            for m in v.as_object().unwrap_or(&[]) {
                let p = path.k(&m.key);
                if m.key == "AssumeRolePolicyDocument" {
                    if let Some(found) = pick(&m.value) {
                        return Some((p, found));
                    }
                }
                next.push((&m.value, p));
            }
        }
        level = next;
    }
    None
}

/// Reads a policy: JSON (reading past recoverable mistakes) or YAML, and the
/// trust policy inside a role description or template when that is what was
/// pasted.
pub fn read(text: &str) -> Read {
    let decoded = urlencoded::decode(text);
    let (body, expands) = match &decoded {
        Some(d) => (Some(d.text.clone()), None),
        None => match (!looks_json(text))
            .then(|| heredoc::json_body(text))
            .flatten()
        {
            Some((b, expands)) => (Some(b), expands),
            None => (None, None),
        },
    };
    let (body, directives) = match body {
        Some(b) if expands == Some(heredoc::Expander::Terraform) => {
            let (b, d) = heredoc::blank_directives(b);
            (Some(b), d)
        }
        b => (b, Vec::new()),
    };
    if body.is_none() && !looks_json(text) {
        if let Some((line, column, ident)) = heredoc::unclosed(text) {
            return Read {
                root: None,
                errors: vec![JsonError {
                    kind: json::ErrorKind::Unclosed,
                    pos: super::source::Pos::new(line, column),
                    message: format!("the heredoc opened at line {line} (`<<{ident}`) has no closing `{ident}` line, so the shell reads to the end of the file and Terraform rejects it"),
                    hint: format!("End the policy with a line holding only `{ident}`."),
                }],
                yaml: false,
                inner: None,
                text: None,
                decoded: None,
                expands: None,
                terraform: None,
                directives: Vec::new(),
                optional: Vec::new(),
                others: Vec::new(),
                cfn: None,
            };
        }
        if hcl::looks_terraform(text) {
            let (root, errors, terraform, optional, others) = match hcl::read(text) {
                Ok(Some(f)) => {
                    let others = f
                        .others
                        .into_iter()
                        .map(|o| Other {
                            name: o.address,
                            root: o.root,
                            inner: None,
                            optional: o.optional,
                        })
                        .collect();
                    (
                        Some(f.root),
                        Vec::new(),
                        Some(f.address),
                        f.optional,
                        others,
                    )
                }
                Ok(None) => (
                    None,
                    vec![no_policy_in_terraform()],
                    None,
                    Vec::new(),
                    Vec::new(),
                ),
                Err(e) => (None, vec![e], None, Vec::new(), Vec::new()),
            };
            return Read {
                root,
                errors,
                yaml: false,
                inner: None,
                text: None,
                decoded: None,
                expands: Some(heredoc::Expander::Terraform),
                terraform,
                directives: Vec::new(),
                optional,
                others,
                cfn: None,
            };
        }
    }
    let text = body.as_deref().unwrap_or(text);
    let (root, errors, yaml) = if looks_json(text) {
        let (root, errors) = json::parse_lenient(text);
        (root, errors, false)
    } else {
        match yaml::read(text) {
            Ok(v) => (Some(v), Vec::new(), true),
            Err(e) => (None, vec![e], true),
        }
    };
    let mut errors = errors;
    if let Some(d) = decoded.as_ref() {
        errors = urlencoded::cut_short(d, errors);
    }
    let mut others = match (&root, decoded.is_none()) {
        (Some(r), true) => more_inner(r),
        _ => Vec::new(),
    };
    // What `describe` and `Ref` need of a template: its parameters and
    // resource types, not a copy of the whole document.
    let template = root
        .as_ref()
        .filter(|r| cfn::is_template(r))
        .map(cfn::outline);
    let template = template.as_ref();
    let found = root.as_ref().and_then(find_inner);
    let key_line = found
        .as_ref()
        .and_then(|(p, _)| root.as_ref()?.lookup(p)?.1)
        .map(|p| p.line);
    let (mut root, inner) = match found {
        Some((path, v)) => (Some(v), Some(path)),
        None => (root, None),
    };
    // CloudFormation's intrinsic functions, in a template or in a policy
    // copied out of one.
    let mut found_cfn = None;
    let mut cfn_body = None;
    let mut expands = expands;
    if decoded.is_none() && body.is_none() {
        if let Some(r) = root
            .as_mut()
            .filter(|r| template.is_some() || cfn::has_intrinsics(r))
        {
            let resolved = cfn::resolve(r, template);
            // `AssumeRolePolicyDocument: !Sub |` and the JSON below it.
            let block = match (&r.kind, key_line) {
                (json::Kind::String(s), Some(line)) if yaml && s.trim_start().starts_with('{') => {
                    cfn::json_block(text, line)
                }
                _ => None,
            };
            if let Some(blanked) = block {
                let (parsed, errs) = json::parse_lenient(&blanked);
                root = parsed;
                errors = errs;
                cfn_body = Some(blanked);
            } else if let Some((parsed, errs)) = cfn::json_string(r) {
                // A JSON string on one line (`{"Fn::Sub": "{\"Version\"…"}`):
                // everything in it is found at the string.
                root = Some(parsed);
                errors = errs;
            }
            found_cfn = Some(cfn::Found {
                template: template.cloned(),
                choices: resolved.choices,
            });
            expands = Some(heredoc::Expander::CloudFormation);
        }
        if found_cfn.is_some() {
            for o in &mut others {
                cfn::resolve(&mut o.root, template);
            }
            // A policy written as a `!Sub` JSON string is checked when it is
            // the one explained; the others must be objects.
            others.retain(|o| o.root.as_object().is_some());
        }
    }
    if inner.is_none() && decoded.is_none() && errors.is_empty() {
        // `"AssumeRolePolicyDocument": "%7B%22Version…"`, as the raw IAM API
        // and AWS Config give it.
        let found = root.as_ref().and_then(find_encoded);
        if let Some((path, d)) = found {
            let (root, errors) = json::parse_lenient(&d.text);
            let errors = urlencoded::cut_short(&d, errors);
            return Read {
                root,
                errors,
                yaml: false,
                inner: Some(path),
                text: Some(d.text.clone()),
                decoded: Some(d),
                expands: None,
                terraform: None,
                directives: Vec::new(),
                optional: Vec::new(),
                others: Vec::new(),
                cfn: None,
            };
        }
    }
    Read {
        root,
        errors,
        yaml: yaml && cfn_body.is_none(),
        inner,
        text: body.or(cfn_body),
        decoded,
        expands,
        terraform: None,
        directives,
        optional: Vec::new(),
        others,
        cfn: found_cfn,
    }
}

/// Terraform (chosen as a trust policy by hand) that holds no policy eksplain
/// can read.
fn no_policy_in_terraform() -> JsonError {
    JsonError {
        kind: json::ErrorKind::Empty,
        pos: Pos::new(1, 1),
        message: "Terraform (HCL) without a trust policy: no `assume_role_policy = jsonencode({…})`, no `data \"aws_iam_policy_document\"` with an `sts:AssumeRole…` action".into(),
        hint: "Paste the resource that sets `assume_role_policy` and the policy document it uses, or the JSON IAM stores (`aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`).".into(),
    }
}

/// A URL-encoded `AssumeRolePolicyDocument` string a few levels down, decoded,
/// with positions in the input.
fn find_encoded(root: &Value) -> Option<(Path, urlencoded::Decoded)> {
    // The value's position is its opening quote; URL-encoded text has no
    // JSON escapes, so its characters follow it.
    find_document(root, |v| {
        v.as_str()
            .and_then(urlencoded::decode)
            .map(|d| d.within(v.pos))
    })
}

/// Parses and models a policy, for the simulator and the CLI. Syntax errors
/// that could be read past are ignored here; `check` reports them.
pub fn load(text: &str) -> Result<(Value, Policy), JsonError> {
    let r = read(text);
    match r.root {
        Some(root) => {
            let root = in_input(root, r.decoded.as_ref());
            let p = model::build(&root);
            Ok((root, p))
        }
        None => Err(r.errors.into_iter().last().unwrap_or(JsonError {
            kind: json::ErrorKind::Empty,
            pos: Default::default(),
            message: "there is no JSON value in the input".into(),
            hint: String::new(),
        })),
    }
}

/// Larger inputs get only a syntax check and a size finding.
pub const MAX_CHECKED: usize = 64 * 1024;

pub fn analyze(text: &str, opts: &Options) -> (Vec<Finding>, Explanation) {
    let read = read(text);
    let text = read.text.as_deref().unwrap_or(text);
    let mut findings = rules::json_syntax::findings(text, &read.errors);
    let Some(root) = read.root.as_ref() else {
        rules::annotate(&mut findings);
        to_input_positions(&read, &mut findings);
        return (findings, Explanation::None);
    };
    // The policy's own size: a heredoc's surroundings are blanked to
    // spaces, and a long Terraform file around a short policy is no reason
    // to skip the rules.
    // For HCL, the policy is the tree read from it, not the file.
    let size = match read.terraform {
        Some(_) => rules::policy_too_large::size(root),
        None => text.trim().len(),
    };
    if size > MAX_CHECKED {
        // Nothing this large is a trust policy (IAM's quota is 4,096 characters);
        // checking it in full would only make the page wait.
        let n = rules::policy_too_large::size(root);
        let mut sink = Sink::new(&super::finding::NoPositions);
        let (message, severity) = rules::policy_too_large::verdict(n).unwrap_or((
            format!("The document has {n} characters."),
            super::finding::Severity::Warning,
        ));
        sink.report(
            &rules::policy_too_large::RULE,
            super::source::Path::root(),
            format!(
                "{message} eksplain checked only its JSON syntax: the document is over {} KB.",
                MAX_CHECKED / 1024
            ),
        )
        .with_severity(severity)
        .at(Some(root.pos));
        findings.extend(sink.into_findings());
        rules::annotate(&mut findings);
        to_input_positions(&read, &mut findings);
        sort_findings(&mut findings);
        return (findings, Explanation::None);
    }
    let mut policy = model::build(root);
    policy.filled_by = read.expands;
    let cx = Cx {
        text,
        root,
        policy: &policy,
        opts,
        expands: read.expands,
        decoded: read.decoded.as_ref(),
        templated: read.terraform.is_some() || read.cfn.is_some(),
        cfn: read.cfn.as_ref(),
        directives: &read.directives,
        optional: &read.optional,
    };
    let mut checked = run_checks(&cx);
    if let Some(inner) = &read.inner {
        within_document(inner, &mut checked);
    }
    findings.extend(checked);
    // The other trust policies of the paste: checked too, each finding
    // naming its policy.
    let main = read
        .terraform
        .clone()
        .or_else(|| read.inner.as_ref().map(|p| p.to_string()))
        .unwrap_or_default();
    let mut elsewhere = Vec::new();
    for other in read.others.iter().take(MAX_OTHERS) {
        let policy = model::build(&other.root);
        let cx = Cx {
            root: &other.root,
            policy: &policy,
            decoded: None,
            directives: &[],
            optional: &other.optional,
            ..cx
        };
        let mut more = run_checks(&cx);
        if let Some(inner) = &other.inner {
            within_document(inner, &mut more);
        }
        for f in &mut more {
            f.message = format!("{IN_OTHER}{}`: {}", other.name, f.message);
        }
        let mut sink = Sink::new(&super::finding::NoPositions);
        sink.report(
            &rules::policy_template::RULE,
            other.inner.clone().unwrap_or_else(Path::root),
            format!("The paste holds another trust policy, `{}` (line {}): its findings are listed too, each starting with its name; the explanation and the simulator show `{main}` only.", other.name, other.root.pos.line),
        )
        .with_severity(super::finding::Severity::Info)
        .at(Some(other.root.pos))
        .with_help("To see its explanation, paste it alone.");
        elsewhere.extend(sink.into_findings());
        elsewhere.extend(more);
    }
    if let Some(first) = read.others.get(MAX_OTHERS) {
        let mut sink = Sink::new(&super::finding::NoPositions);
        sink.report(
            &rules::policy_template::RULE,
            first.inner.clone().unwrap_or_else(Path::root),
            format!("The paste holds {} more trust policies, from `{}` (line {}) on, that eksplain did not check: it checks {} per paste.", read.others.len() - MAX_OTHERS, first.name, first.root.pos.line, MAX_OTHERS + 1),
        )
        .with_severity(super::finding::Severity::Info)
        .at(Some(first.root.pos))
        .with_help("Paste the roles a few at a time.");
        elsewhere.extend(sink.into_findings());
    }
    rules::annotate(&mut findings);
    to_input_positions(&read, &mut findings);
    sort_findings(&mut findings);
    // The explanation, its corrected policy and "who" stand on this
    // policy's findings alone.
    let view = explain::build(&cx, &read, &findings);
    rules::annotate(&mut elsewhere);
    findings.extend(elsewhere);
    sort_findings(&mut findings);
    (findings, Explanation::TrustPolicy(Box::new(view)))
}

/// Runs every trust-policy rule on one policy.
fn run_checks(cx: &Cx) -> Vec<Finding> {
    let locator = json::Locator(cx.root);
    let mut sink = Sink::new(&locator);
    // A template is judged only as one: its placeholders are not what IAM
    // gets. In HCL, they are Terraform's references: the rest is judged,
    // and no finding stands on a value only Terraform knows.
    let template = rules::policy_template::fires(cx) && !cx.templated;
    for rule in rules::CHECKS {
        if !template || rule.meta.code == rules::policy_template::RULE.code {
            (rule.check)(cx, &mut sink);
        }
    }
    let mut checked = sink.into_findings();
    if cx.templated {
        // What is missing is missing whatever fills in the placeholders: a
        // `sub` condition (TP028), a policy document (TP007).
        let absence = [
            rules::oidc_sub_unrestricted::RULE.code,
            rules::statement_missing::RULE.code,
        ];
        checked.retain(|f| {
            f.code() == rules::policy_template::RULE.code
                || !(stands_on_computed(&f.message)
                    || !absence.contains(&f.code())
                        && std::iter::once(&f.location)
                            .chain(&f.related)
                            .any(|l| computed_at(cx.root, &l.path)))
        });
    }
    checked
}

/// Paths are relative to the policy; show where it sits in the document.
fn within_document(inner: &Path, findings: &mut [Finding]) {
    for f in findings {
        let mut full = inner.clone();
        full.0.append(&mut f.location.path.0);
        f.location.path = full;
        for r in &mut f.related {
            let mut full = inner.clone();
            full.0.append(&mut r.path.0);
            r.path = full;
        }
    }
}

/// True when `s` quotes a value Terraform computes.
fn stands_on_computed(s: &str) -> bool {
    (s.contains("${") || s.contains("%{")) && !rules::policy_template::in_terraform(s).is_empty()
}

/// True when the string at `path` is computed by Terraform or
/// CloudFormation. A finding at a key judges the key's value unless its
/// message quotes the key. The stack's account and partition
/// (`${AWS::AccountId}`) decide nothing a finding there says about the rest
/// (a principal with no condition); a message quoting them is dropped above.
fn computed_at(root: &Value, path: &Path) -> bool {
    root.lookup(path)
        .and_then(|(v, _)| v.as_str())
        .is_some_and(|s| {
            rules::policy_template::in_terraform(s)
                .iter()
                .any(|p| !cfn::is_pseudo_parameter(p))
        })
}

/// Findings on a URL-encoded policy point at the escapes they came from.
impl Read {
    /// Where `p`, a position in the text the policy was read from (such as a
    /// syntax error's), is in the input.
    pub fn input_pos(&self, p: Pos) -> Pos {
        match &self.decoded {
            Some(d) => d.original(p),
            None => p,
        }
    }

    /// The policy model for the simulator, whose trace names lines: for a
    /// URL-encoded policy, those of the escapes in the input, as findings give
    /// them, not of the decoded text nobody pasted.
    pub fn model(&self) -> Option<Policy> {
        let mut p = match &self.decoded {
            Some(d) => model::build(&in_input(self.root.clone()?, Some(d))),
            None => model::build(self.root.as_ref()?),
        };
        p.filled_by = self.expands;
        Some(p)
    }
}

/// `root` with the positions of the input: moved there from the decoded text
/// of a URL-encoded policy, as they are for every other input.
fn in_input(mut root: Value, decoded: Option<&urlencoded::Decoded>) -> Value {
    if let Some(d) = decoded {
        to_input_tree(d, &mut root);
    }
    root
}

/// Moves every position of `v` from the decoded text to the input.
fn to_input_tree(d: &urlencoded::Decoded, v: &mut Value) {
    v.pos = d.original(v.pos);
    match &mut v.kind {
        json::Kind::Array(items) => items.iter_mut().for_each(|i| to_input_tree(d, i)),
        json::Kind::Object(members) => {
            for m in members {
                m.key_pos = d.original(m.key_pos);
                to_input_tree(d, &mut m.value);
            }
        }
        _ => {}
    }
}

fn to_input_positions(read: &Read, findings: &mut [Finding]) {
    let Some(d) = &read.decoded else { return };
    for f in findings {
        for loc in std::iter::once(&mut f.location).chain(f.related.iter_mut()) {
            loc.pos = loc.pos.map(|p| d.original(p));
        }
    }
}

/// The AWS account the policy's ARNs name (for completing a provider ARN).
pub fn account_hint(policy: &Policy) -> Option<String> {
    policy
        .statements
        .iter()
        .flat_map(|st| {
            ["AWS", "Federated"]
                .into_iter()
                .flat_map(move |k| st.principals(k))
        })
        .find_map(|t| {
            let parts: Vec<&str> = t.value.splitn(6, ':').collect();
            match parts.as_slice() {
                ["arn", _, "iam", "", acct, _]
                    if acct.len() == 12 && acct.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    Some(acct.to_string())
                }
                _ => None,
            }
        })
}

/// How a statement is meant to be used, from its principal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// A `Federated` OIDC provider: IRSA (or another web identity).
    WebIdentity,
    /// `Service: pods.eks.amazonaws.com`: EKS Pod Identity.
    PodIdentity,
    Other,
}

/// The `Federated` values of a statement meant as OIDC providers, with the
/// provider when the value parses as a provider ARN.
pub fn oidc_principals(st: &Statement) -> Vec<(&Text, Option<ProviderArn>)> {
    // A provider of unknown kind that Terraform or a template fills in
    // (`${statement.value.provider_arn}`) is an OIDC one when the statement
    // allows only web identity: the action is the evidence.
    let web_only = !st.actions().is_empty()
        && st.actions().iter().all(|a| {
            a.value
                .eq_ignore_ascii_case("sts:AssumeRoleWithWebIdentity")
        });
    st.principals("Federated")
        .filter(|t| {
            looks_oidc(&t.value)
                || web_only
                    && t.value.contains('$')
                    && keys::computed_provider(&t.value) == keys::ComputedProvider::Unknown
        })
        .map(|t| (t, ProviderArn::parse(&t.value)))
        .collect()
}

fn looks_oidc(v: &str) -> bool {
    // `${aws_iam_openid_connect_provider.eks.arn}`, `${module.eks.oidc_provider_arn}`;
    // not `${aws_iam_saml_provider.okta.arn}` nor a `${provider_arn}` of unknown kind.
    keys::computed_oidc(v)
        || v.contains(":oidc-provider/")
        || v.contains("oidc-provider/")
        || v.starts_with("https://")
        || v.starts_with("oidc.")
        || v.starts_with("oidc-eks.")
}

/// The providers the statement's condition keys name (`ISSUER:sub` with the
/// issuer written out), in order: who a placeholder principal stands for.
pub fn key_providers(st: &Statement) -> impl Iterator<Item = (&str, provider::Provider)> {
    st.conditions
        .iter()
        .filter_map(|c| match keys::classify(&c.key) {
            KeyKind::Claim { prefix, .. } if !prefix.contains('$') => {
                Some((prefix, provider::Provider::from_path(prefix)?))
            }
            _ => None,
        })
}

/// The first OIDC provider a statement's `Federated` principal names — or
/// plainly means, when the value is a near miss (an issuer URL, `https://`
/// inside the ARN…; the account of such a value may be a placeholder). Rules
/// about condition keys compare against the intended provider, so one
/// mistake in the principal does not hide the others.
pub fn provider_of(st: &Statement) -> Option<ProviderArn> {
    let principals = oidc_principals(st);
    principals.iter().find_map(|(_, p)| p.clone()).or_else(|| {
        principals.iter().find_map(|(t, _)| {
            provider::corrected_arn(&t.value, Some("ACCOUNT_ID"))
                .and_then(|a| ProviderArn::parse(&a))
        })
    })
}

pub fn use_of(st: &Statement) -> Use {
    if !oidc_principals(st).is_empty() {
        Use::WebIdentity
    } else if st
        .principals("Service")
        .any(|t| t.value.eq_ignore_ascii_case(POD_IDENTITY_SERVICE))
    {
        Use::PodIdentity
    } else {
        Use::Other
    }
}

/// Condition entries on the web-identity claim `claim` (`sub`, `aud`), any prefix.
pub fn claim_entries<'a>(st: &'a Statement, claim: &str) -> Vec<&'a CondEntry> {
    st.conditions
        .iter()
        .filter(|c| {
            matches!(keys::classify(&c.key), KeyKind::Claim { claim: cl, .. } if cl.eq_ignore_ascii_case(claim))
        })
        .collect()
}

#[cfg(test)]
pub mod testing {
    use crate::core::report::Options;
    use crate::core::testing as t;
    use crate::core::Finding;

    fn run(text: &str) -> Vec<Finding> {
        super::analyze(text, &Options::default()).0
    }

    /// `(code, line, severity)` of every finding for a trust policy text.
    pub fn findings(text: &str) -> Vec<(&'static str, Option<u32>, &'static str)> {
        t::rows(&run(text))
    }

    /// The lines at which `code` fires.
    pub fn lines_of(code: &str, text: &str) -> Vec<u32> {
        t::lines_of(code, &run(text))
    }

    /// The messages of `code`'s findings, each followed by its help.
    pub fn messages_of(code: &str, text: &str) -> Vec<String> {
        run(text)
            .iter()
            .filter(|f| f.code() == code)
            .map(|f| format!("{}\n{}", f.message, f.help))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    /// The simulator's trace names where each statement is: for a URL-encoded
    /// policy, on the input's line that holds the escapes (a fuzz run found
    /// trace positions on the decoded text's lines, outside the input).
    #[test]
    fn a_url_encoded_policy_loads_with_positions_in_the_input() {
        let text = include_str!("../../../tests/fixtures/trust-policy/get-role-url-encoded.json");
        let (root, policy) = super::load(text).expect("the policy loads");
        let line = text.lines().nth(5).expect("line 6");
        assert!(
            line.contains("\"AssumeRolePolicyDocument\": \"%7B"),
            "{line}"
        );
        let width = line.chars().count() as u32;
        assert_eq!(root.pos.line, 6);
        assert!(!policy.statements.is_empty());
        for st in &policy.statements {
            assert_eq!(st.pos.line, 6, "{:?}", st.pos);
            assert!(st.pos.column > 35 && st.pos.column <= width, "{:?}", st.pos);
        }
    }
}
