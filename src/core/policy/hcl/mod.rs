//! Trust policies written in Terraform: `assume_role_policy = jsonencode({…})`
//! and `data "aws_iam_policy_document"` blocks. [`read`] finds the trust policy
//! in a pasted file and builds the JSON tree IAM gets — as `jsonencode` and
//! the AWS provider render it — with every key and value at its line:col in
//! the paste, so rules, explanation and simulator work on it unchanged.
//! What Terraform computes (`aws_iam_openid_connect_provider.eks.arn`,
//! `"${local.oidc}:sub"`) stays a `${…}` placeholder.

mod parse;

use crate::core::json::{JsonError, Kind, Member, Value};
use crate::core::source::Pos;
use parse::Item;

/// The trust policy found in a Terraform file.
#[derive(Debug)]
pub struct Found {
    pub root: Value,
    /// Its Terraform address: `data.aws_iam_policy_document.irsa`,
    /// `aws_iam_role.irsa.assume_role_policy`.
    pub address: String,
    /// What Terraform decides is there at all: blocks of a `dynamic` whose
    /// `for_each` it computes, and documents merged in.
    pub optional: Vec<Optional>,
    /// The other trust policies in the paste.
    pub others: Vec<Found>,
}

/// A part of the policy Terraform may render or not: the content of a
/// `dynamic` block whose `for_each` is not a literal list, or other
/// documents merged in by `source_policy_documents` /
/// `override_policy_documents`.
#[derive(Clone, Debug, PartialEq)]
pub struct Optional {
    /// The `dynamic` block or the attribute.
    pub pos: Pos,
    /// `condition`, `principals`, `statement`, or the attribute's name.
    pub block: String,
    /// The `for_each` expression, or the documents merged in, as written.
    pub expr: String,
    /// The index of the statement it is in (or is), when it is in one.
    pub statement: Option<usize>,
    /// For a condition: it tests the `sub` claim.
    pub sub: bool,
}

/// True when `text` may be Terraform that writes an IAM policy in HCL.
pub fn looks_terraform(text: &str) -> bool {
    text.contains("jsonencode(")
        || text.contains("\"aws_iam_policy_document\"")
        || text.contains("assume_role_policy")
}

/// True when `text` is Terraform holding a trust policy in HCL, or Terraform
/// too broken to read that plainly meant to.
pub fn is_trust_policy(text: &str) -> bool {
    looks_terraform(text)
        && match read(text) {
            Ok(found) => found.is_some(),
            Err(_) => text.contains("sts:AssumeRole"),
        }
}

/// The trust policy of a Terraform file; `Ok(None)` when it has none.
pub fn read(text: &str) -> Result<Option<Found>, JsonError> {
    let items = parse::body(text)?;
    let mut found = Vec::new();
    let mut refs = Refs::default();
    for item in &items {
        if let Item::Block { kind, body, .. } = item {
            if kind == "locals" {
                for i in body {
                    if let Item::Attr { name, expr } = i {
                        refs.locals
                            .push((format!("${{local.{name}}}"), expr.value.clone()));
                    }
                }
            }
        }
    }
    walk(&items, "", &mut found, &mut refs);
    // The documents `assume_role_policy` names, then `jsonencode`s written
    // there, then policies that let a principal assume a role — never a
    // document without a principal, or one a permissions policy uses.
    let pick = |f: &(Found, bool)| {
        if refs.trust.iter().any(|r| r.0 == f.0.address) {
            3
        } else if f.1 {
            2
        } else {
            u8::from(
                assumes(&f.0.root)
                    && has_principal(&f.0.root)
                    && !refs.policy.contains(&f.0.address),
            )
        }
    };
    let best = found.iter().map(pick).max().unwrap_or(0);
    let (mut chosen, others): (Vec<_>, Vec<_>) = found
        .into_iter()
        .filter(|f| pick(f) > 0)
        .partition(|f| pick(f) == best);
    let mut others: Vec<Found> = others.into_iter().map(|f| f.0).collect();
    others.extend(chosen.drain(1.min(chosen.len())..).map(|f| f.0));
    let pasted =
        |a: &str| others.iter().any(|f| f.address == a) || chosen.iter().any(|f| f.0.address == a);
    let missing: Vec<(String, Pos)> = refs
        .trust
        .iter()
        .filter(|r| !pasted(&r.0))
        .cloned()
        .collect();
    let Some((mut f, _)) = chosen.pop() else {
        return match missing.first() {
            Some((address, pos)) => Err(not_pasted(address, *pos)),
            None => Ok(None),
        };
    };
    for (address, pos) in missing {
        f.optional.push(Optional {
            pos,
            block: "missing".into(),
            expr: address,
            statement: None,
            sub: false,
        });
    }
    others.sort_by_key(|o| o.root.pos);
    // Condition keys built from a provider the paste declares with a
    // written `url` are that provider's host, as Terraform renders them.
    let urls = provider_urls(&items);
    if !urls.is_empty() {
        for root in std::iter::once(&mut f.root).chain(others.iter_mut().map(|o| &mut o.root)) {
            with_urls(root, &urls);
        }
    }
    f.others = others;
    Ok(Some(f))
}

/// `(name, url)` of each `resource "aws_iam_openid_connect_provider"` of the
/// paste whose `url` is written out.
fn provider_urls(items: &[Item]) -> Vec<(String, String)> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Block {
                kind, labels, body, ..
            } if kind == "resource"
                && labels
                    .first()
                    .is_some_and(|t| t == "aws_iam_openid_connect_provider") =>
            {
                let url = attr(body, "url")?.as_str()?;
                let name = labels.get(1)?;
                // A trailing `/` would render keys IAM never matches
                // (`host/:sub`): those stay Terraform's, with their info.
                (!url.contains("${") && !url.ends_with('/'))
                    .then(|| (name.clone(), url.to_string()))
            }
            _ => None,
        })
        .collect()
}

/// Replaces, in the keys and strings under `v`, the placeholders
/// `${replace(aws_iam_openid_connect_provider.NAME.url, "https://", "")}` and
/// `${trimprefix(aws_iam_openid_connect_provider.NAME.url, "https://")}` of a
/// provider in `urls` by what Terraform renders: the URL without `https://`.
fn with_urls(v: &mut Value, urls: &[(String, String)]) {
    let fill = |s: &mut String| {
        if !s.contains("aws_iam_openid_connect_provider.") {
            return;
        }
        for p in crate::core::policy::rules::policy_template::in_terraform(s) {
            let body: String = p
                .get(2..p.len().saturating_sub(1))
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            for (name, url) in urls {
                let of = format!("aws_iam_openid_connect_provider.{name}.url");
                if body == format!("replace({of},\"https://\",\"\")") {
                    *s = s.replace(&p, &url.replace("https://", ""));
                } else if body == format!("trimprefix({of},\"https://\")") {
                    *s = s.replace(&p, url.strip_prefix("https://").unwrap_or(url));
                }
            }
        }
    };
    match &mut v.kind {
        Kind::String(s) => fill(s),
        Kind::Array(items) => items.iter_mut().for_each(|i| with_urls(i, urls)),
        Kind::Object(members) => {
            for m in members {
                fill(&mut m.key);
                with_urls(&mut m.value, urls);
            }
        }
        _ => {}
    }
}

/// How the message starts when `assume_role_policy` names a document that is
/// not in the paste.
pub const NOT_PASTED: &str = "`assume_role_policy` uses `";

/// `assume_role_policy` names a document that is not in the paste.
fn not_pasted(address: &str, pos: Pos) -> JsonError {
    let name = address
        .trim_start_matches("data.")
        .replacen('.', "\" \"", 1);
    JsonError {
        kind: crate::core::json::ErrorKind::Empty,
        pos,
        message: format!("{NOT_PASTED}{address}`, which is not in the paste, and no other trust policy is: eksplain has nothing to check"),
        hint: format!("Paste `data \"{name}\"` too, or the JSON IAM stores (`aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`)."),
    }
}

/// What the walk learns besides policies: the documents `assume_role_policy`
/// names (with where), those `policy =` names, and the paste's locals.
#[derive(Default)]
struct Refs {
    trust: Vec<(String, Pos)>,
    policy: Vec<String>,
    locals: Vec<(String, Value)>,
}

/// True when some statement names a principal.
fn has_principal(root: &Value) -> bool {
    let statements = match root.get("Statement").map(|v| &v.kind) {
        Some(Kind::Array(items)) => items.iter().collect(),
        _ => root.get("Statement").into_iter().collect::<Vec<_>>(),
    };
    statements
        .iter()
        .any(|st| st.get("Principal").is_some() || st.get("NotPrincipal").is_some())
}

/// True when a policy tree has an `sts:AssumeRole…` action.
fn assumes(root: &Value) -> bool {
    let statements = match root.get("Statement").map(|v| &v.kind) {
        Some(Kind::Array(items)) => items.iter().collect(),
        Some(Kind::Object(_)) => root.get("Statement").into_iter().collect(),
        _ => Vec::new(),
    };
    statements.iter().any(|st| {
        let action = st.get("Action");
        let list = match action.map(|a| &a.kind) {
            Some(Kind::Array(items)) => items.iter().collect(),
            _ => action.into_iter().collect::<Vec<_>>(),
        };
        list.iter().any(|a| {
            a.as_str().is_some_and(|s| {
                s.get(..14)
                    .is_some_and(|p| p.eq_ignore_ascii_case("sts:AssumeRole"))
            })
        })
    })
}

/// Collects every policy in `items` (with whether it is assigned to
/// `assume_role_policy`) and the documents `assume_role_policy` references.
fn walk(items: &[Item], at: &str, found: &mut Vec<(Found, bool)>, refs: &mut Refs) {
    for item in items {
        match item {
            Item::Attr { name, expr, .. } => {
                let trust = name == "assume_role_policy";
                let address = format!("{at}{name}");
                match (&expr.call, expr.value.as_str()) {
                    (Some((f, args)), _) if f == "jsonencode" => {
                        // `jsonencode(local.trust)`, with the local in the paste.
                        let arg = args.first().map(|a| {
                            let local = a
                                .as_str()
                                .and_then(|s| refs.locals.iter().find(|l| l.0 == s).map(|l| &l.1));
                            local.unwrap_or(a)
                        });
                        if let Some(root) = arg.filter(|a| a.get("Statement").is_some()) {
                            let root = sorted(root.clone());
                            found.push((
                                Found {
                                    root,
                                    address,
                                    optional: Vec::new(),
                                    others: Vec::new(),
                                },
                                trust,
                            ));
                        }
                    }
                    (_, Some(s)) if trust || name == "policy" => {
                        let r = s.trim_start_matches("${").trim_end_matches('}');
                        let doc = r
                            .strip_suffix(".minified_json")
                            .or_else(|| r.strip_suffix(".json"))
                            // `data.aws_iam_policy_document.this[0].json` (a `count`).
                            .map(|d| d.split('[').next().unwrap_or(d));
                        if let Some(doc) = doc.filter(|d| d.starts_with("data.")) {
                            match trust {
                                true => refs.trust.push((doc.to_string(), expr.value.pos)),
                                false => refs.policy.push(doc.to_string()),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Item::Block {
                kind,
                labels,
                body,
                pos,
            } => {
                let address = match (kind.as_str(), labels.as_slice()) {
                    ("data", [t, n]) => format!("data.{t}.{n}"),
                    ("resource", [t, n]) => format!("{t}.{n}"),
                    ("module", [n]) => format!("module.{n}"),
                    ("locals", []) => "local".to_string(),
                    _ => format!("{at}{kind}"),
                };
                if kind == "data"
                    && labels
                        .first()
                        .is_some_and(|t| t == "aws_iam_policy_document")
                {
                    let mut optional = merged(body);
                    let root = document(body, *pos, &mut optional);
                    found.push((
                        Found {
                            root,
                            address,
                            optional,
                            others: Vec::new(),
                        },
                        false,
                    ));
                } else {
                    walk(body, &format!("{address}."), found, refs);
                }
            }
        }
    }
}

/// `jsonencode` writes an object's keys in lexical order.
fn sorted(mut v: Value) -> Value {
    let mut stack = vec![&mut v];
    while let Some(v) = stack.pop() {
        match &mut v.kind {
            Kind::Object(members) => {
                members.sort_by(|a, b| a.key.cmp(&b.key));
                stack.extend(members.iter_mut().map(|m| &mut m.value));
            }
            Kind::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    v
}

/// The value of attribute `key`; `null` is the attribute left unset.
fn attr<'a>(body: &'a [Item], key: &str) -> Option<&'a Value> {
    body.iter().rev().find_map(|i| match i {
        Item::Attr { name, expr, .. } if name == key && expr.value.kind != Kind::Null => {
            Some(&expr.value)
        }
        _ => None,
    })
}

/// The `key` blocks of `body`, and the `content` of each `dynamic "key"`
/// block: one statement, principal or condition that Terraform repeats for
/// each element of its `for_each` — with that `for_each` when Terraform
/// computes it, so the content may not be there at all. A literal empty
/// `for_each` renders nothing.
fn blocks<'a>(
    body: &'a [Item],
    key: &'a str,
) -> impl Iterator<Item = (&'a [Item], Pos, Option<String>)> + 'a {
    body.iter().filter_map(move |i| match i {
        Item::Block {
            kind, body, pos, ..
        } if kind == key => Some((body.as_slice(), *pos, None)),
        Item::Block {
            kind,
            labels,
            body,
            pos,
        } if kind == "dynamic" && labels.iter().eq([key]) => {
            let for_each = attr(body, "for_each");
            let computed = match for_each.map(|v| &v.kind) {
                Some(Kind::Array(a)) if a.is_empty() => return None,
                Some(Kind::Object(m)) if m.is_empty() => return None,
                Some(Kind::Array(_) | Kind::Object(_)) => None,
                _ => Some(for_each.map_or_else(|| "?".to_string(), expr_text)),
            };
            blocks(body, "content")
                .next()
                .map(|(b, _, _)| (b, *pos, computed))
        }
        _ => None,
    })
}

/// An expression as written: a placeholder's expression, or a list of them.
fn expr_text(v: &Value) -> String {
    let one = |v: &Value| {
        let s = v.scalar_text().unwrap_or_default();
        crate::core::policy::model::computed_expr(&s).unwrap_or(s)
    };
    match &v.kind {
        Kind::Array(items) => {
            let all: Vec<String> = items.iter().map(one).collect();
            format!("[{}]", all.join(", "))
        }
        _ => one(v),
    }
}

/// The documents an `aws_iam_policy_document` merges in: the provider adds
/// the statements of `source_policy_documents` and replaces those of the
/// same Sid with `override_policy_documents`' — nothing written here.
fn merged(body: &[Item]) -> Vec<Optional> {
    ["source_policy_documents", "override_policy_documents"]
        .into_iter()
        .filter_map(|key| {
            let v = attr(body, key).filter(|v| v.as_array().is_none_or(|a| !a.is_empty()))?;
            Some(Optional {
                pos: v.pos,
                block: key.to_string(),
                expr: expr_text(v),
                statement: None,
                sub: false,
            })
        })
        .collect()
}

/// Notes `Optional` content of a block.
fn note(
    optional: &mut Vec<Optional>,
    pos: Pos,
    block: &str,
    for_each: Option<String>,
    statement: usize,
    sub: bool,
) {
    if let Some(expr) = for_each {
        optional.push(Optional {
            pos,
            block: block.to_string(),
            expr,
            statement: Some(statement),
            sub,
        });
    }
}

fn member(key: &str, key_pos: Pos, value: Value) -> Member {
    Member {
        key: key.to_string(),
        key_pos,
        value,
    }
}

/// A set of strings as the provider writes it: one value as a string, more
/// in reverse lexical order. A set Terraform computes stays one placeholder.
fn string_set(v: &Value, vars: bool) -> Value {
    let mut items: Vec<Value> = match &v.kind {
        Kind::Array(items) => items.iter().map(|i| as_string(i, vars)).collect(),
        _ => return as_string(v, vars),
    };
    if let [one] = items.as_slice() {
        return one.clone();
    }
    items.sort_by(|a, b| b.as_str().cmp(&a.as_str()));
    Value::new(Kind::Array(items), v.pos)
}

/// A value as the string Terraform converts it to; `vars`: the provider's
/// `&{…}` spelling of an IAM policy variable becomes `${…}`.
fn as_string(v: &Value, vars: bool) -> Value {
    let s = v.scalar_text().unwrap_or_default();
    let s = if vars { s.replace("&{", "${") } else { s };
    Value::new(Kind::String(s), v.pos)
}

/// The JSON the AWS provider renders from an `aws_iam_policy_document` body
/// (its `json` attribute), for what can be known offline.
fn document(body: &[Item], pos: Pos, optional: &mut Vec<Optional>) -> Value {
    let mut root = Vec::new();
    let version = attr(body, "version")
        .map(|v| as_string(v, false))
        .unwrap_or_else(|| Value::new(Kind::String("2012-10-17".into()), pos));
    root.push(member("Version", version.pos, version));
    if let Some(id) = attr(body, "policy_id") {
        root.push(member("Id", id.pos, as_string(id, false)));
    }
    let statements = blocks(body, "statement")
        .enumerate()
        .map(|(i, (st, pos, for_each))| {
            note(optional, pos, "statement", for_each, i, false);
            statement(st, pos, i, optional)
        })
        .collect();
    root.push(member(
        "Statement",
        pos,
        Value::new(Kind::Array(statements), pos),
    ));
    Value::new(Kind::Object(root), pos)
}

fn statement(body: &[Item], pos: Pos, index: usize, optional: &mut Vec<Optional>) -> Value {
    let mut out = Vec::new();
    if let Some(sid) = attr(body, "sid").filter(|s| s.as_str() != Some("")) {
        out.push(member("Sid", sid.pos, as_string(sid, false)));
    }
    let effect = attr(body, "effect")
        .map(|v| as_string(v, false))
        .unwrap_or_else(|| Value::new(Kind::String("Allow".into()), pos));
    out.push(member("Effect", effect.pos, effect));
    for (hcl, json, vars) in [
        ("actions", "Action", false),
        ("not_actions", "NotAction", false),
        ("resources", "Resource", true),
        ("not_resources", "NotResource", true),
    ] {
        if let Some(v) = attr(body, hcl).filter(|v| v.as_array().is_none_or(|a| !a.is_empty())) {
            out.push(member(json, v.pos, string_set(v, vars)));
        }
    }
    for (hcl, json) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        if let Some(p) = principals(body, hcl, index, optional) {
            out.push(member(json, p.pos, p));
        }
    }
    if let Some(c) = conditions(body, index, optional) {
        out.push(member("Condition", c.pos, c));
    }
    Value::new(Kind::Object(out), pos)
}

/// `principals` blocks merged by `type` (types in lexical order); a lone
/// `type = "*"` with `identifiers = ["*"]` is the bare `"*"`.
fn principals(
    body: &[Item],
    key: &str,
    index: usize,
    optional: &mut Vec<Optional>,
) -> Option<Value> {
    let mut by_type: Vec<Member> = Vec::new();
    let mut first = None;
    for (b, pos, for_each) in blocks(body, key) {
        first.get_or_insert(pos);
        note(optional, pos, key, for_each, index, false);
        let (Some(t), Some(ids)) = (attr(b, "type"), attr(b, "identifiers")) else {
            continue;
        };
        let t = t.scalar_text().unwrap_or_default();
        let ids = match string_set(ids, true) {
            Value {
                kind: Kind::Array(a),
                ..
            } => a,
            one => vec![one],
        };
        match by_type.iter_mut().find(|m| m.key == t) {
            Some(m) => {
                if let Kind::Array(a) = &mut m.value.kind {
                    a.extend(ids);
                }
            }
            None => by_type.push(member(&t, pos, Value::new(Kind::Array(ids), pos))),
        }
    }
    let pos = first?;
    if let [m] = by_type.as_slice() {
        if m.key == "*" && matches!(m.value.as_array(), Some([v]) if v.as_str() == Some("*")) {
            return Some(Value::new(Kind::String("*".into()), pos));
        }
    }
    by_type.sort_by(|a, b| a.key.cmp(&b.key));
    Some(Value::new(Kind::Object(flatten(by_type)), pos))
}

/// `condition` blocks as `{test: {variable: values}}`: blocks with the same
/// test and variable add their values to one list; one value is a string.
fn conditions(body: &[Item], index: usize, optional: &mut Vec<Optional>) -> Option<Value> {
    let mut tests: Vec<Member> = Vec::new();
    let mut first = None;
    for (b, pos, for_each) in blocks(body, "condition") {
        first.get_or_insert(pos);
        let sub = attr(b, "variable")
            .and_then(Value::scalar_text)
            .is_some_and(|v| v.to_ascii_lowercase().ends_with(":sub"));
        note(optional, pos, "condition", for_each, index, sub);
        let (Some(test), Some(var), Some(values)) =
            (attr(b, "test"), attr(b, "variable"), attr(b, "values"))
        else {
            continue;
        };
        let values: Vec<Value> = match &values.kind {
            Kind::Array(a) => a.iter().map(|v| as_string(v, true)).collect(),
            _ => vec![as_string(values, true)],
        };
        let (t, v) = (
            test.scalar_text().unwrap_or_default(),
            var.scalar_text().unwrap_or_default(),
        );
        if !tests.iter().any(|m| m.key == t) {
            let empty = Value::new(Kind::Object(Vec::new()), test.pos);
            tests.push(member(&t, test.pos, empty));
        }
        let Some(block) = tests.iter_mut().find(|m| m.key == t) else {
            continue;
        };
        if let Kind::Object(vars) = &mut block.value.kind {
            match vars.iter_mut().find(|m| m.key == v) {
                Some(m) => {
                    if let Kind::Array(a) = &mut m.value.kind {
                        a.extend(values);
                    }
                }
                None => vars.push(member(
                    &v,
                    var.pos,
                    Value::new(Kind::Array(values), var.pos),
                )),
            }
        }
    }
    let pos = first?;
    tests.sort_by(|a, b| a.key.cmp(&b.key));
    for t in &mut tests {
        if let Kind::Object(vars) = &mut t.value.kind {
            vars.sort_by(|a, b| a.key.cmp(&b.key));
            *vars = flatten(std::mem::take(vars));
        }
    }
    Some(Value::new(Kind::Object(tests), pos))
}

/// Lists of one value become the value.
fn flatten(members: Vec<Member>) -> Vec<Member> {
    members
        .into_iter()
        .map(|mut m| {
            if let Kind::Array(a) = &m.value.kind {
                if let [one] = a.as_slice() {
                    m.value = one.clone();
                }
            }
            m
        })
        .collect()
}

#[cfg(test)]
mod tests;
