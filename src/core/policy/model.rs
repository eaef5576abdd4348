//! The trust policy as IAM reads it, built from the spanned JSON tree. The
//! model is lenient — a value of the wrong type is left out, and rules that
//! care about types look at the JSON — and keeps a path and position for
//! everything, so findings and the simulator's trace can point at the text.
//!
//! Where a JSON object repeats a key exactly, the model keeps the last one, as
//! most JSON readers (and the tools that upload policies) do; the
//! duplicate-key rule reports the repetition.

use super::operator::{self, OpError, Operator};
use crate::core::json::{Kind, Value};
use crate::core::source::{Path, Pos};

/// A string of the policy and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub pos: Pos,
    pub path: Path,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Policy {
    /// `Version`, when it is a string.
    pub version: Option<Text>,
    pub statements: Vec<Statement>,
    /// Who fills in its `${…}` placeholders, for a template (set by the
    /// reader, not by [`build`]).
    pub filled_by: Option<super::heredoc::Expander>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// `Statement[i]`, or `Statement` when the policy has a single object.
    pub path: Path,
    pub pos: Pos,
    pub sid: Option<Text>,
    pub effect: Option<Text>,
    pub principal: Option<Principal>,
    pub not_principal: Option<Principal>,
    pub action: Option<Vec<Text>>,
    pub not_action: Option<Vec<Text>>,
    /// The path of `Resource` or `NotResource`, when present.
    pub resource: Option<Path>,
    /// The path of `Condition`, when present.
    pub condition: Option<Path>,
    /// Every (operator, key) of the `Condition` block, in order.
    pub conditions: Vec<CondEntry>,
    /// What Terraform computes that decides whether the statement applies —
    /// its `Effect`, its `Condition` or an operator's block — as the
    /// expression (`var.effect`), at the place it is written.
    pub computed: Option<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Principal {
    /// `"Principal": "*"` (or any other bare string).
    Bare(Text),
    /// `{"Federated": …, "Service": …}`; entries in order.
    Map(Vec<PrincipalEntry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalEntry {
    /// `AWS`, `Federated`, `Service`, `CanonicalUser` — or whatever was written.
    pub kind: String,
    pub kind_pos: Pos,
    pub path: Path,
    pub values: Vec<Text>,
}

/// One `"Operator": {"key": values}` pair of a `Condition` block.
#[derive(Clone, Debug, PartialEq)]
pub struct CondEntry {
    pub op_text: String,
    pub op: Result<Operator, OpError>,
    pub op_pos: Pos,
    pub op_path: Path,
    pub key: String,
    pub key_pos: Pos,
    pub path: Path,
    /// The values, as text (`true` and `"true"` alike). Non-scalars are left out.
    pub values: Vec<Text>,
}

impl Statement {
    pub fn effect(&self) -> Option<&str> {
        self.effect.as_ref().map(|e| e.value.as_str())
    }
    pub fn is_allow(&self) -> bool {
        self.effect() == Some("Allow")
    }
    /// The `Sid` or the path, to name the statement in messages.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(s) if !s.value.is_empty() => format!("{} (Sid `{}`)", self.path, s.value),
            _ => self.path.to_string(),
        }
    }
    /// Values of `Principal` entries of kind `kind` (exact spelling).
    pub fn principals<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Text> + 'a {
        let entries: &[PrincipalEntry] = match &self.principal {
            Some(Principal::Map(e)) => e,
            _ => &[],
        };
        entries
            .iter()
            .filter(move |e| e.kind == kind)
            .flat_map(|e| e.values.iter())
    }
    pub fn actions(&self) -> &[Text] {
        self.action.as_deref().unwrap_or(&[])
    }
    /// True when `Action` lists `name` (case-insensitive, as IAM compares actions).
    pub fn has_action(&self, name: &str) -> bool {
        self.actions()
            .iter()
            .any(|a| a.value.eq_ignore_ascii_case(name))
    }
}

fn text(v: &Value, path: Path) -> Option<Text> {
    v.as_str().map(|s| Text {
        value: s.to_string(),
        pos: v.pos,
        path,
    })
}

/// A string or an array of strings (non-strings left out).
fn strings(v: &Value, path: &Path) -> Vec<Text> {
    match &v.kind {
        Kind::String(_) => text(v, path.clone()).into_iter().collect(),
        Kind::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| text(item, path.i(i)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Scalars (string, boolean, number) or an array of them, as text.
fn scalars(v: &Value, path: &Path) -> Vec<Text> {
    let one = |v: &Value, path: Path| {
        v.scalar_text().map(|value| Text {
            value,
            pos: v.pos,
            path,
        })
    };
    match &v.kind {
        Kind::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| one(item, path.i(i)))
            .collect(),
        _ => one(v, path.clone()).into_iter().collect(),
    }
}

/// Members with distinct keys, keeping the last of exact duplicates, in the
/// order of their last occurrence's first appearance.
fn distinct(members: &[crate::core::json::Member]) -> Vec<&crate::core::json::Member> {
    let mut out: Vec<&crate::core::json::Member> = Vec::new();
    for m in members {
        match out.iter_mut().find(|o| o.key == m.key) {
            Some(slot) => *slot = m,
            None => out.push(m),
        }
    }
    out
}

pub fn build(root: &Value) -> Policy {
    let mut p = Policy {
        version: root
            .get("Version")
            .and_then(|v| text(v, Path::root().k("Version"))),
        statements: Vec::new(),
        filled_by: None,
    };
    let stmt_path = Path::root().k("Statement");
    match root.get("Statement").map(|v| &v.kind) {
        Some(Kind::Object(_)) => {
            if let Some(v) = root.get("Statement") {
                p.statements.push(statement(v, stmt_path));
            }
        }
        Some(Kind::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                if v.as_object().is_some() {
                    p.statements.push(statement(v, stmt_path.i(i)));
                }
            }
        }
        _ => {}
    }
    p
}

fn principal(v: &Value, path: Path) -> Option<Principal> {
    match &v.kind {
        Kind::String(_) => text(v, path).map(Principal::Bare),
        Kind::Object(members) => Some(Principal::Map(
            distinct(members)
                .into_iter()
                .map(|m| PrincipalEntry {
                    kind: m.key.clone(),
                    kind_pos: m.key_pos,
                    path: path.k(&m.key),
                    values: strings(&m.value, &path.k(&m.key)),
                })
                .collect(),
        )),
        _ => None,
    }
}

/// The first expression Terraform fills in (`${…}`, `%{…}`) of `s`, bare.
pub fn computed_expr(s: &str) -> Option<String> {
    let p = super::rules::policy_template::in_terraform(s)
        .into_iter()
        .next()?;
    let bare = p.get(2..p.len().saturating_sub(1)).unwrap_or(&p).trim();
    let p = if p.starts_with('%') { p.as_str() } else { bare };
    Some(super::rules::policy_template::short(p))
}

/// The statement's `Effect`, `Condition` or operator block when Terraform
/// computes it (a string placeholder where IAM wants a word or an object).
fn computed_part(v: &Value, path: &Path) -> Option<Text> {
    let at = |x: &Value, path: Path| {
        x.as_str().and_then(computed_expr).map(|value| Text {
            value,
            pos: x.pos,
            path,
        })
    };
    if let Some(t) = v.get("Effect").and_then(|e| at(e, path.k("Effect"))) {
        return Some(t);
    }
    let cond = v.get("Condition")?;
    let cpath = path.k("Condition");
    at(cond, cpath.clone()).or_else(|| {
        cond.as_object()?
            .iter()
            .find_map(|m| at(&m.value, cpath.k(&m.key)))
    })
}

/// Models one statement object found at `path`.
pub fn statement(v: &Value, path: Path) -> Statement {
    let field = |k: &str| v.get(k);
    let list = |k: &str| field(k).map(|x| strings(x, &path.k(k)));
    let mut s = Statement {
        pos: v.pos,
        sid: field("Sid").and_then(|x| text(x, path.k("Sid"))),
        effect: field("Effect").and_then(|x| text(x, path.k("Effect"))),
        principal: field("Principal").and_then(|x| principal(x, path.k("Principal"))),
        not_principal: field("NotPrincipal").and_then(|x| principal(x, path.k("NotPrincipal"))),
        action: list("Action"),
        not_action: list("NotAction"),
        resource: ["Resource", "NotResource"]
            .iter()
            .find(|k| field(k).is_some())
            .map(|k| path.k(k)),
        condition: field("Condition").map(|_| path.k("Condition")),
        conditions: Vec::new(),
        computed: computed_part(v, &path),
        path: path.clone(),
    };
    if let Some(blocks) = field("Condition").and_then(Value::as_object) {
        let cpath = path.k("Condition");
        for block in distinct(blocks) {
            let op_path = cpath.k(&block.key);
            let Some(entries) = block.value.as_object() else {
                continue;
            };
            for e in distinct(entries) {
                let kpath = op_path.k(&e.key);
                s.conditions.push(CondEntry {
                    op_text: block.key.clone(),
                    op: operator::parse(&block.key),
                    op_pos: block.key_pos,
                    op_path: op_path.clone(),
                    key: e.key.clone(),
                    key_pos: e.key_pos,
                    values: scalars(&e.value, &kpath),
                    path: kpath,
                });
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::parse;

    #[test]
    fn builds_statements_from_an_object_or_an_array() {
        let one =
            parse(r#"{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole"}}"#).unwrap();
        let p = build(&one);
        assert_eq!(p.statements.len(), 1);
        assert_eq!(p.statements[0].path.to_string(), "Statement");
        let many = parse(r#"{"Statement": [{"Sid": "A"}, 3, {"Sid": "B"}]}"#).unwrap();
        let p = build(&many);
        let paths: Vec<String> = p.statements.iter().map(|s| s.path.to_string()).collect();
        assert_eq!(paths, ["Statement[0]", "Statement[2]"]);
    }

    #[test]
    fn flattens_conditions_and_keeps_the_last_exact_duplicate() {
        let v = parse(
            r#"{"Statement": {"Condition": {
            "StringEquals": {"a:sub": "x"},
            "StringEquals": {"a:aud": ["y", true], "A:AUD": 1}
        }}}"#,
        )
        .unwrap();
        let s = &build(&v).statements[0];
        let keys: Vec<&str> = s.conditions.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["a:aud", "A:AUD"]);
        let vals: Vec<&str> = s.conditions[0]
            .values
            .iter()
            .map(|t| t.value.as_str())
            .collect();
        assert_eq!(vals, ["y", "true"]);
        assert_eq!(
            s.conditions[0].values[1].path.to_string(),
            "Statement.Condition.StringEquals[\"a:aud\"][1]"
        );
    }
}
