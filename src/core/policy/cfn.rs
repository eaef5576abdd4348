//! Trust policies in CloudFormation templates. A role's
//! `AssumeRolePolicyDocument` is often written with intrinsic functions —
//! `{"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:oidc-provider/…"}`,
//! `{"Ref": "OIDCProviderArn"}`, YAML's `!Sub` and `!If` — which
//! CloudFormation evaluates before IAM sees the policy. Judged as written they
//! are objects where IAM wants strings (`Federated` "is an object").
//!
//! [`resolve`] replaces each function by the text it stands for, with the
//! parts only CloudFormation knows as `${…}` placeholders in `Fn::Sub`'s own
//! syntax (`${AWS::AccountId}`, `${GitHubOrg}`, `${GithubOidc.Arn}`), so the
//! template is then judged as Terraform's references are: the rest is
//! checked, and nothing is said about a value only CloudFormation knows.
//! What the template itself says is used: a `Ref` to an
//! `AWS::IAM::OIDCProvider` created beside the role becomes that provider's
//! ARN, so the issuer it trusts is known.

use crate::core::json::{Kind, Member, Value};
use crate::core::source::{Path, Pos};

/// True when `root` is a CloudFormation template: `AWSTemplateFormatVersion`,
/// or `Resources` whose members have a `Type`.
pub fn is_template(root: &Value) -> bool {
    root.member("AWSTemplateFormatVersion").is_some()
        || root
            .get("Resources")
            .and_then(Value::as_object)
            .is_some_and(|rs| rs.iter().any(|r| r.value.get("Type").is_some()))
}

/// The parts of a template [`resolve`] and [`describe`] read: `Parameters`,
/// and each resource's `Type` and `Properties.Url`.
pub fn outline(template: &Value) -> Value {
    let keep = |m: &Member, keys: &[&str]| -> Option<Member> {
        let members: Vec<Member> = m
            .value
            .as_object()?
            .iter()
            .filter(|x| keys.contains(&x.key.as_str()))
            .cloned()
            .collect();
        Some(Member {
            key: m.key.clone(),
            key_pos: m.key_pos,
            value: Value::new(Kind::Object(members), m.value.pos),
        })
    };
    let mut out = Vec::new();
    if let Some(p) = template.member("Parameters") {
        out.push(p.clone());
    }
    if let Some(r) = template.member("Resources") {
        let resources: Vec<Member> = r
            .value
            .as_object()
            .unwrap_or(&[])
            .iter()
            .filter_map(|res| {
                let mut res = keep(res, &["Type", "Properties"])?;
                if let Kind::Object(parts) = &mut res.value.kind {
                    for part in parts.iter_mut().filter(|p| p.key == "Properties") {
                        if let Some(url) = keep(part, &["Url"]) {
                            *part = url;
                        }
                    }
                }
                Some(res)
            })
            .collect();
        out.push(Member {
            key: r.key.clone(),
            key_pos: r.key_pos,
            value: Value::new(Kind::Object(resources), r.value.pos),
        });
    }
    Value::new(Kind::Object(out), template.pos)
}

/// The function an object is, when it is one: a single member named `Ref` or
/// `Fn::…`. IAM has no such keys, so the form is unambiguous.
fn intrinsic(v: &Value) -> Option<(&str, &Value)> {
    match v.as_object()? {
        [m] if m.key == "Ref" || m.key.starts_with("Fn::") => Some((&m.key, &m.value)),
        _ => None,
    }
}

/// True when `v` holds an intrinsic function anywhere.
pub fn has_intrinsics(v: &Value) -> bool {
    intrinsic(v).is_some()
        || match &v.kind {
            Kind::Array(items) => items.iter().any(has_intrinsics),
            Kind::Object(members) => members.iter().any(|m| has_intrinsics(&m.value)),
            _ => false,
        }
}

/// A part of the policy `Fn::If` decides: eksplain checks one branch.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub pos: Pos,
    /// Where in the policy (once resolved) the part is.
    pub path: Path,
    /// The condition's name.
    pub condition: String,
    /// True when the other branch is `AWS::NoValue`: the part is there or not.
    pub or_nothing: bool,
}

/// A CloudFormation policy as read: the template it is in, when the paste
/// is one, and the parts `Fn::If` decides.
#[derive(Clone, Debug, Default)]
pub struct Found {
    pub template: Option<Value>,
    pub choices: Vec<Choice>,
}

/// What [`resolve`] found.
#[derive(Default, Debug)]
pub struct Resolved {
    /// At least one function was replaced.
    pub any: bool,
    pub choices: Vec<Choice>,
    /// Functions evaluated so far: nested `Fn::Sub` variable maps can ask
    /// for exponentially many (`${A}${A}` where `A` is `${B}${B}`…).
    steps: usize,
}

/// At most this many function evaluations per policy; past it, a function is
/// a placeholder naming it. A real template needs a few hundred.
const MAX_STEPS: usize = 20_000;

/// Text longer than this is cut: a role's trust policy is at most 4,096
/// characters (IAM's quota), so nothing longer is one of its strings.
const MAX_TEXT: usize = 16 * 1024;

/// Replaces every intrinsic function under `v` by the value CloudFormation
/// gives it, as far as the paste tells; `template` is the whole template,
/// when the paste is one (for its resources).
pub fn resolve(v: &mut Value, template: Option<&Value>) -> Resolved {
    let mut out = Resolved::default();
    let _ = walk(v, template, &mut out, &Path::root(), 0);
    out
}

/// What a function evaluates to.
enum Eval {
    /// A value in place of the function (a string, or a branch of `Fn::If`).
    Value(Value),
    /// `AWS::NoValue`: the member or item is removed.
    Nothing,
}

/// Deep enough for any policy; the JSON reader limits depth already.
const MAX_DEPTH: usize = 64;

/// Resolves the functions under `v`; false when `v` itself is `AWS::NoValue`.
fn walk(v: &mut Value, t: Option<&Value>, out: &mut Resolved, path: &Path, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    let before = out.choices.len();
    if let Some(e) = eval(v, t, out, depth) {
        out.any = true;
        for c in &mut out.choices[before..] {
            c.path = path.clone();
        }
        match e {
            Eval::Value(new) => {
                *v = new;
                // A branch of `Fn::If` may hold more functions.
                return walk(v, t, out, path, depth + 1);
            }
            Eval::Nothing => return false,
        }
    }
    match &mut v.kind {
        Kind::Array(items) => {
            let mut kept = 0;
            items.retain_mut(|i| {
                let keep = walk(i, t, out, &path.i(kept), depth + 1);
                kept += usize::from(keep);
                keep
            })
        }
        Kind::Object(members) => {
            members.retain_mut(|m| walk(&mut m.value, t, out, &path.k(&m.key), depth + 1))
        }
        _ => {}
    }
    true
}

fn eval(v: &Value, t: Option<&Value>, out: &mut Resolved, depth: usize) -> Option<Eval> {
    let (name, arg) = intrinsic(v)?;
    let at = v.pos;
    let s = |mut text: String| {
        if text.len() > MAX_TEXT {
            let mut end = MAX_TEXT;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
        }
        Some(Eval::Value(Value::new(Kind::String(text), at)))
    };
    out.steps += 1;
    if out.steps > MAX_STEPS {
        return s(format!("${{{name}(…)}}"));
    }
    match name {
        "Ref" if arg.as_str() == Some("AWS::NoValue") => Some(Eval::Nothing),
        "Ref" => s(reference(arg.as_str().unwrap_or("?"), None, t)),
        "Fn::GetAtt" => {
            let (res, att) = match &arg.kind {
                Kind::String(x) => x.split_once('.').unwrap_or((x, "")),
                Kind::Array(parts) => (
                    parts.first().and_then(Value::as_str).unwrap_or("?"),
                    parts.get(1).and_then(Value::as_str).unwrap_or(""),
                ),
                _ => ("?", ""),
            };
            s(reference(res, Some(att), t))
        }
        "Fn::Sub" => s(sub(arg, t, out, depth)),
        "Fn::Join" => {
            let parts = arg.as_array().unwrap_or(&[]);
            // The delimiter must be written out: CloudFormation evaluates no
            // function there.
            let sep = parts.first().and_then(Value::as_str);
            match (sep, parts.get(1).map(|l| &l.kind)) {
                (Some(sep), Some(Kind::Array(items))) => {
                    let mut text = String::new();
                    let mut first = true;
                    for item in items {
                        if text.len() > MAX_TEXT {
                            break;
                        }
                        // `AWS::NoValue` leaves the item out.
                        let Some(part) = as_text(item, t, out, depth) else {
                            continue;
                        };
                        if !first {
                            text.push_str(sep);
                        }
                        first = false;
                        text.push_str(&part);
                    }
                    s(text)
                }
                _ => s(opaque(name, arg)),
            }
        }
        "Fn::If" => {
            let parts = arg.as_array().unwrap_or(&[]);
            let cond = parts.first().and_then(Value::as_str).unwrap_or("?");
            let (yes, no) = (parts.get(1)?, parts.get(2)?);
            let none = |x: &Value| {
                intrinsic(x).is_some_and(|(n, a)| n == "Ref" && a.as_str() == Some("AWS::NoValue"))
            };
            match (none(yes), none(no)) {
                (true, true) => Some(Eval::Nothing),
                // The same text either way (compared as written: evaluating
                // both branches of nested `Fn::If`s would take exponential time).
                (false, false)
                    if yes.scalar_text().is_some() && yes.scalar_text() == no.scalar_text() =>
                {
                    Some(Eval::Value(yes.clone()))
                }
                (y, _) => {
                    out.choices.push(Choice {
                        pos: at,
                        path: Path::root(),
                        condition: cond.to_string(),
                        or_nothing: y || none(no),
                    });
                    let chosen = if y { no } else { yes };
                    Some(Eval::Value(chosen.clone()))
                }
            }
        }
        _ => s(opaque(name, arg)),
    }
}

/// A string part of `Fn::Join` or `Fn::If`: text as it is, a function as what
/// it evaluates to.
fn as_text(v: &Value, t: Option<&Value>, out: &mut Resolved, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    match eval(v, t, out, depth + 1) {
        Some(Eval::Value(x)) => as_text(&x, t, out, depth + 1),
        Some(Eval::Nothing) => None,
        None => v.scalar_text(),
    }
}

/// `Fn::Sub`: its string with the variables of its second form put in; the
/// rest of its `${…}` stay as CloudFormation fills them in. `${!Literal}`
/// is the literal `${Literal}`.
fn sub(arg: &Value, t: Option<&Value>, out: &mut Resolved, depth: usize) -> String {
    let (text, vars) = match &arg.kind {
        Kind::String(x) => (x.as_str(), &[][..]),
        Kind::Array(parts) => (
            parts.first().and_then(Value::as_str).unwrap_or(""),
            parts.get(1).and_then(Value::as_object).unwrap_or(&[]),
        ),
        _ => return opaque("Fn::Sub", arg),
    };
    let mut s = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        if s.len() > MAX_TEXT {
            return s;
        }
        s.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else {
            s.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let name = &after[..end];
        if let Some(lit) = name.strip_prefix('!') {
            s.push_str(&format!("${{{lit}}}"));
        } else if name.trim().is_empty() {
            // `${}` names nothing; CloudFormation refuses the template.
            s.push_str("${}");
        } else if let Some(m) = vars.iter().find(|m: &&Member| m.key == name) {
            s.push_str(&as_text(&m.value, t, out, depth).unwrap_or_default());
        } else {
            match name.split_once('.') {
                Some((res, att)) if !name.contains("::") => {
                    s.push_str(&reference(res, Some(att), t))
                }
                _ => s.push_str(&reference(name, None, t)),
            }
        }
        rest = &after[end + 1..];
    }
    s.push_str(rest);
    s
}

/// The resource type of an IAM OIDC provider, and the custom resource the
/// AWS CDK's `OpenIdConnectProvider` synthesises (its `Ref` is the ARN too).
const PROVIDER: &str = "AWS::IAM::OIDCProvider";
const CDK_PROVIDER: &str = "Custom::AWSCDKOpenIdConnectProvider";

/// What `Ref NAME` (or `Fn::GetAtt NAME.ATT`) is: for an
/// `AWS::IAM::OIDCProvider` of the template with a written `Url`, its ARN;
/// otherwise a placeholder.
fn reference(name: &str, att: Option<&str>, t: Option<&Value>) -> String {
    let provider = t
        .and_then(|t| t.get("Resources"))
        .and_then(|r| r.get(name))
        .filter(|r| {
            matches!(
                r.get("Type").and_then(Value::as_str),
                Some(PROVIDER | CDK_PROVIDER)
            )
        })
        .and_then(|r| r.get("Properties")?.get("Url")?.as_str());
    match provider {
        Some(url) if matches!(att, None | Some("Arn")) => {
            let host = url.strip_prefix("https://").unwrap_or(url);
            format!(
                "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:oidc-provider/{}",
                host.trim_end_matches('/')
            )
        }
        _ => match att {
            Some(a) if !a.is_empty() => format!("${{{name}.{a}}}"),
            _ => format!("${{{name}}}"),
        },
    }
}

/// A function eksplain does not evaluate, as a placeholder naming it.
fn opaque(name: &str, arg: &Value) -> String {
    let args = match &arg.kind {
        Kind::Array(items) => items.iter().map(short).collect::<Vec<_>>().join(", "),
        _ => short(arg),
    };
    format!("${{{name}({args})}}")
}

/// An argument as a placeholder quotes it.
fn short(v: &Value) -> String {
    match (&v.kind, intrinsic(v)) {
        (_, Some(("Ref", a))) => a.as_str().unwrap_or("?").to_string(),
        (_, Some((n, _))) => format!("{n}(…)"),
        (Kind::String(s), _) => s.clone(),
        (Kind::Number(n), _) => n.clone(),
        (Kind::Bool(b), _) => b.to_string(),
        (Kind::Array(_), _) => "[…]".into(),
        (Kind::Object(_), _) => "{…}".into(),
        (Kind::Null, _) => "null".into(),
    }
}

/// True for the placeholder of a pseudo parameter whose value is the same for
/// every role of a stack: `${AWS::AccountId}`, `${AWS::Partition}`…
pub fn is_pseudo_parameter(placeholder: &str) -> bool {
    matches!(
        placeholder,
        "${AWS::AccountId}" | "${AWS::Partition}" | "${AWS::Region}" | "${AWS::URLSuffix}"
    )
}

/// What CloudFormation puts in place of the placeholder body `expr`
/// (`AWS::AccountId`, `GitHubOrg`, `GithubOidc.Arn`, `Fn::ImportValue(…)`),
/// from the template when the paste is one.
pub fn describe(expr: &str, template: Option<&Value>) -> String {
    match expr {
        "AWS::AccountId" => return "the stack's AWS account ID (12 digits)".into(),
        "AWS::Partition" => return "the partition: `aws`, `aws-cn` or `aws-us-gov`".into(),
        "AWS::Region" => return "the stack's Region".into(),
        "AWS::URLSuffix" => return "`amazonaws.com` (`amazonaws.com.cn` in China)".into(),
        "AWS::StackName" | "AWS::StackId" => return "the stack's name or ID".into(),
        _ => {}
    }
    if let Some(f) = expr.strip_prefix("Fn::") {
        let name = f.split('(').next().unwrap_or(f);
        return match name {
            "ImportValue" => "an output another stack exports".into(),
            _ => format!("what `Fn::{name}` evaluates to"),
        };
    }
    let (name, att) = match expr.split_once('.') {
        Some((n, a)) => (n, Some(a)),
        None => (expr, None),
    };
    if let Some(p) = template.and_then(|t| t.get("Parameters")?.get(name)) {
        let mut d = format!("the value of the stack's parameter `{name}`");
        if let Some(def) = p.get("Default").and_then(Value::scalar_text) {
            let def = match def.is_empty() {
                true => "empty".to_string(),
                false => format!("`{def}`"),
            };
            d.push_str(&format!(" (default {def})"));
        }
        return d;
    }
    if let Some(ty) = template
        .and_then(|t| t.get("Resources")?.get(name)?.get("Type"))
        .and_then(Value::as_str)
    {
        return match (ty, att) {
            (PROVIDER | CDK_PROVIDER, None | Some("Arn")) => {
                format!("the ARN of the IAM OIDC provider `{name}` the template creates")
            }
            (_, Some(a)) => format!("the `{a}` of the template's `{ty}` `{name}`"),
            (_, None) => format!("what `Ref` returns for the template's `{ty}` `{name}`"),
        };
    }
    match template {
        Some(_) => format!(
            "`{name}`, which this template does not define (a parameter or resource of the stack)"
        ),
        None => format!("a parameter or resource of the template (`{name}`)"),
    }
}

/// A policy written as a JSON string that is not a YAML block
/// (`{"Fn::Sub": "{\"Version\": …}"}`, `!Sub '{"Version": …}'`): the policy
/// read from it, with every position, its errors' too, at the string.
pub fn json_string(v: &Value) -> Option<(Value, Vec<crate::core::json::JsonError>)> {
    let s = v.as_str().filter(|s| s.trim_start().starts_with('{'))?;
    let (root, mut errors) = crate::core::json::parse_lenient(s);
    let mut root = root?;
    at(&mut root, v.pos);
    for e in &mut errors {
        e.pos = v.pos;
    }
    Some((root, errors))
}

/// Puts every position of `v` at `pos`.
fn at(v: &mut Value, pos: Pos) {
    v.pos = pos;
    match &mut v.kind {
        Kind::Array(items) => items.iter_mut().for_each(|i| at(i, pos)),
        Kind::Object(members) => {
            for m in members {
                m.key_pos = pos;
                at(&mut m.value, pos);
            }
        }
        _ => {}
    }
}

/// Where the first document of a CloudFormation YAML template holds a policy
/// as a JSON string (`AssumeRolePolicyDocument: !Sub |` and the JSON on the
/// lines below): that text with every other line blanked to spaces, so
/// positions are the input's. `key_line` is the 1-based line of the key.
pub fn json_block(text: &str, key_line: u32) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut key_line = key_line;
    let head = *lines.get(key_line.checked_sub(1)? as usize)?;
    let mut indent = head.len() - head.trim_start().len();
    let mut after = head.trim_start().split_once(':')?.1.trim();
    if after.is_empty() {
        // The long form on the next line: `Fn::Sub: |`.
        let (i, next) = lines
            .iter()
            .enumerate()
            .skip(key_line as usize)
            .find(|(_, l)| !l.trim().is_empty())?;
        after = next.trim().strip_prefix("Fn::Sub:")?.trim();
        indent = next.len() - next.trim_start().len();
        key_line = u32::try_from(i + 1).ok()?;
    }
    let after = after.strip_prefix("!Sub").unwrap_or(after).trim();
    // A literal (`|`) or folded (`>`) block, with its chomping and
    // indentation indicators.
    let block = after.starts_with(['|', '>'])
        && after[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+') || c.is_ascii_digit());
    if !block {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut inside = true;
    for (i, l) in lines.iter().enumerate() {
        let n = i + 1;
        let body = l.trim_end_matches(['\n', '\r']);
        let ind = body.len() - body.trim_start().len();
        let keep = if n <= key_line as usize || !inside {
            false
        } else if body.trim().is_empty() || ind > indent {
            true
        } else {
            inside = false;
            false
        };
        if keep {
            out.push_str(l);
        } else {
            out.extend(body.chars().map(|_| ' '));
            out.push_str(&l[body.len()..]);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::parse;

    fn resolved(json: &str, template: Option<&str>) -> (Value, Resolved) {
        let mut v = parse(json).unwrap();
        let t = template.map(|t| parse(t).unwrap());
        let r = resolve(&mut v, t.as_ref());
        (v, r)
    }

    fn text_at(v: &Value, path: &[&str]) -> String {
        let mut cur = v;
        for p in path {
            cur = cur.get(p).unwrap();
        }
        cur.as_str().unwrap().to_string()
    }

    #[test]
    fn sub_keeps_what_cloudformation_fills_in() {
        let (v, r) = resolved(
            r#"{"Federated": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:oidc-provider/${Host}"}}"#,
            None,
        );
        assert!(r.any);
        assert_eq!(
            text_at(&v, &["Federated"]),
            "arn:aws:iam::${AWS::AccountId}:oidc-provider/${Host}"
        );
    }

    #[test]
    fn sub_variables_and_escapes() {
        let (v, _) = resolved(
            r#"{"a": {"Fn::Sub": ["repo:${Org}/${Repo}:*", {"Org": "octo-org", "Repo": {"Ref": "RepoName"}}]}, "b": {"Fn::Sub": "${!aws:username}"}}"#,
            None,
        );
        assert_eq!(text_at(&v, &["a"]), "repo:octo-org/${RepoName}:*");
        assert_eq!(text_at(&v, &["b"]), "${aws:username}");
    }

    #[test]
    fn join_getatt_and_import() {
        let (v, _) = resolved(
            r#"{"a": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":oidc-provider/x"]]},
                "b": {"Fn::GetAtt": ["Provider", "Arn"]}, "c": {"Fn::GetAtt": "Provider.Arn"},
                "d": {"Fn::ImportValue": "eks-oidc-arn"}}"#,
            None,
        );
        assert_eq!(
            text_at(&v, &["a"]),
            "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/x"
        );
        assert_eq!(text_at(&v, &["b"]), "${Provider.Arn}");
        assert_eq!(text_at(&v, &["c"]), "${Provider.Arn}");
        assert_eq!(text_at(&v, &["d"]), "${Fn::ImportValue(eks-oidc-arn)}");
    }

    #[test]
    fn a_provider_of_the_template_is_its_arn() {
        let template = r#"{"Resources": {"GithubOidc": {"Type": "AWS::IAM::OIDCProvider", "Properties": {"Url": "https://token.actions.githubusercontent.com"}}}}"#;
        let (v, _) = resolved(
            r#"{"a": {"Ref": "GithubOidc"}, "b": {"Fn::GetAtt": ["GithubOidc", "Arn"]}}"#,
            Some(template),
        );
        let arn = "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com";
        assert_eq!(text_at(&v, &["a"]), arn);
        assert_eq!(text_at(&v, &["b"]), arn);
    }

    #[test]
    fn if_and_no_value() {
        let (v, r) = resolved(
            r#"{"Statement": [{"Effect": "Allow"}, {"Fn::If": ["Extra", {"Effect": "Deny"}, {"Ref": "AWS::NoValue"}]}, {"Ref": "AWS::NoValue"}],
                "p": {"Fn::If": ["Create", {"Ref": "Oidc"}, {"Ref": "OidcArn"}]},
                "q": {"Ref": "AWS::NoValue"}}"#,
            None,
        );
        let st = v.get("Statement").unwrap().as_array().unwrap();
        assert_eq!(st.len(), 2);
        assert_eq!(text_at(&st[1], &["Effect"]), "Deny");
        assert_eq!(r.choices.len(), 2);
        assert!(r.choices[0].or_nothing);
        // Two values: the first is checked, and the choice is said.
        assert_eq!(text_at(&v, &["p"]), "${Oidc}");
        assert!(!r.choices[1].or_nothing);
        assert!(v.get("q").is_none());
    }

    #[test]
    fn nothing_to_resolve() {
        let (_, r) = resolved(r#"{"Principal": {"Service": "ec2.amazonaws.com"}}"#, None);
        assert!(!r.any);
        // A hostile nesting ends without a stack overflow.
        // Hostile nestings end, and soon: both branches of each `Fn::If`.
        for (open, close) in [
            ("{\"Fn::If\": [\"c\", ", ", \"y\"]}"),
            (
                "{\"Fn::If\": [\"c\", {\"Fn::Join\": [\"\", [",
                "]]}, {\"Ref\": \"R\"}]}",
            ),
            ("{\"Fn::Sub\": [\"${a}${b}\", {\"a\": ", ", \"b\": \"z\"}]}"),
        ] {
            let deep = open.repeat(12) + "\"x\"" + &close.repeat(12);
            let (v, _) = resolved(&deep, None);
            assert!(v.as_str().is_some() || v.as_object().is_some(), "{deep}");
        }
    }

    #[test]
    fn describes_pseudo_parameters_parameters_and_resources() {
        let t = parse(r#"{"Parameters": {"OIDCAudience": {"Type": "String", "Default": "sts.amazonaws.com"}},
            "Resources": {"GithubOidc": {"Type": "AWS::IAM::OIDCProvider"}, "Bucket": {"Type": "AWS::S3::Bucket"}}}"#).unwrap();
        assert_eq!(
            describe("AWS::AccountId", Some(&t)),
            "the stack's AWS account ID (12 digits)"
        );
        assert_eq!(
            describe("OIDCAudience", Some(&t)),
            "the value of the stack's parameter `OIDCAudience` (default `sts.amazonaws.com`)"
        );
        assert_eq!(
            describe("GithubOidc", Some(&t)),
            "the ARN of the IAM OIDC provider `GithubOidc` the template creates"
        );
        assert_eq!(
            describe("Bucket.Arn", Some(&t)),
            "the `Arn` of the template's `AWS::S3::Bucket` `Bucket`"
        );
        assert!(describe("Nope", Some(&t)).contains("does not define"));
        assert!(describe("Nope", None).contains("parameter or resource"));
    }

    #[test]
    fn a_json_string_is_read_at_its_place() {
        let v = Value::new(
            Kind::String("{\"Statement\": [{\"Effect\": \"Allow\"}], }".into()),
            Pos::new(3, 7),
        );
        let (root, errors) = json_string(&v).unwrap();
        let st = &root.get("Statement").unwrap().as_array().unwrap()[0];
        assert_eq!(st.get("Effect").unwrap().pos, Pos::new(3, 7));
        // The trailing comma is reported, at the string.
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pos, Pos::new(3, 7));
        assert!(json_string(&Value::new(Kind::String("arn:x".into()), Pos::new(1, 1))).is_none());
    }

    #[test]
    fn a_json_block_keeps_its_lines() {
        let text = "Resources:\n  Role:\n    Properties:\n      AssumeRolePolicyDocument: !Sub |\n        {\"Version\": \"2012-10-17\",\n\n         \"Statement\": []}\n      RoleName: x\n";
        let body = json_block(text, 4).unwrap();
        assert_eq!(body.lines().count(), text.lines().count());
        assert!(body.lines().nth(4).unwrap().contains("\"Version\""));
        assert!(body.lines().nth(7).unwrap().trim().is_empty());
        assert!(body.lines().nth(3).unwrap().trim().is_empty());
        assert!(json_block(text, 3).is_none());
        // The long form, folded.
        let long = "Doc:\n  AssumeRolePolicyDocument:\n    Fn::Sub: >-\n      {\"Statement\":\n       []}\n  Other: 1\n";
        let body = json_block(long, 2).unwrap();
        assert!(body.lines().nth(3).unwrap().contains("{\"Statement\""));
        assert!(body.lines().nth(4).unwrap().contains("[]}"));
        assert!(body.lines().nth(2).unwrap().trim().is_empty());
        assert!(body.lines().nth(5).unwrap().trim().is_empty());
    }
}
