//! The `aws-auth` ConfigMap as the EKS authenticator reads it: `data.mapRoles`,
//! `data.mapUsers` and `data.mapAccounts` are strings holding YAML, parsed
//! with field names matched case-insensitively (Go's `encoding/json`), unknown
//! fields ignored. Positions inside the block scalars are kept so findings point
//! at the line in the pasted ConfigMap.

use super::locate::{
    block_error_pos, block_offsets, second_document_start, tab_in_indentation, BlockPos, Locator,
};
use crate::core::source::{LineIndex, Path, Pos};
use crate::core::yamlpos::PosTree;
use serde_yaml::Value;

/// Which list an entry is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub enum Kind {
    Role,
    User,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Role => "mapRoles",
            Kind::User => "mapUsers",
        }
    }
    pub fn arn_field(self) -> &'static str {
        match self {
            Kind::Role => "rolearn",
            Kind::User => "userarn",
        }
    }
}

/// `sso:` matcher of a mapRoles entry (IAM Identity Center permission sets).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Sso {
    pub permission_set: String,
    pub account: String,
}

/// A field value that is not what the authenticator expects.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct BadField {
    pub key: String,
    pub why: String,
}

/// One entry of mapRoles or mapUsers.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct Entry {
    pub kind: Kind,
    pub index: usize,
    /// `rolearn` / `userarn`.
    pub arn: Option<String>,
    pub sso: Option<Sso>,
    pub username: Option<String>,
    pub groups: Vec<String>,
    /// Keys that are none of the known ones (after case folding).
    pub unknown_keys: Vec<String>,
    pub bad_fields: Vec<BadField>,
    /// The item is not a mapping at all.
    pub not_a_mapping: bool,
    /// Keys given twice with different values: the authenticator keeps the
    /// last value.
    pub overridden_keys: Vec<String>,
}

impl Entry {
    pub fn path(&self) -> Path {
        Path::root().k("data").k(self.kind.key()).i(self.index)
    }
    /// The path of a field, with the key as written.
    pub fn field(&self, key: &str) -> Path {
        self.path().k(key)
    }
}

/// A mapRoles/mapUsers/mapAccounts string that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct BlockError {
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_str")
    )]
    pub key: crate::core::StaticStr,
    pub message: String,
    pub pos: Option<Pos>,
}

/// The parsed ConfigMap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    any(test, target_arch = "wasm32"),
    derive(serde::Serialize, serde::Deserialize)
)]
pub struct AwsAuth {
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub entries: Vec<Entry>,
    pub accounts: Vec<String>,
    pub errors: Vec<BlockError>,
    /// Data values that are not strings (`mapRoles:` followed by a YAML list
    /// instead of `mapRoles: |`). The API server refuses such a ConfigMap, so
    /// it never reaches the authenticator; the cluster keeps what it had.
    pub not_strings: Vec<BlockError>,
    /// Blocks with a second YAML document (after a `---` line): the
    /// authenticator reads the first only.
    pub later_documents: Vec<BlockError>,
    /// Which of the three keys are present.
    #[cfg_attr(
        any(test, target_arch = "wasm32"),
        serde(with = "crate::core::wire::static_strs")
    )]
    pub present: Vec<&'static str>,
}

/// Key names as written in an entry, for paths: `(canonical, as written)`.
fn lookup<'a>(map: &'a serde_yaml::Mapping, name: &str) -> Option<(&'a str, &'a Value)> {
    map.iter().find_map(|(k, v)| {
        let k = k.as_str()?;
        k.eq_ignore_ascii_case(name).then_some((k, v))
    })
}

fn string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn entry(kind: Kind, index: usize, item: &Value) -> Entry {
    let mut e = Entry {
        kind,
        index,
        arn: None,
        sso: None,
        username: None,
        groups: Vec::new(),
        unknown_keys: Vec::new(),
        bad_fields: Vec::new(),
        not_a_mapping: false,
        overridden_keys: Vec::new(),
    };
    let Some(map) = item.as_mapping() else {
        e.not_a_mapping = true;
        return e;
    };
    let known: &[&str] = match kind {
        Kind::Role => &["rolearn", "username", "groups", "userid", "sso"],
        Kind::User => &["userarn", "username", "groups", "userid"],
    };
    for k in map.keys().filter_map(Value::as_str) {
        if !known.iter().any(|n| n.eq_ignore_ascii_case(k)) {
            e.unknown_keys.push(k.to_string());
        }
    }
    if let Some((k, v)) = lookup(map, kind.arn_field()) {
        match string(v) {
            Some(s) => e.arn = Some(s),
            None if v.is_null() => {}
            None => e.bad_fields.push(BadField {
                key: k.into(),
                why: "must be a string".into(),
            }),
        }
    }
    if let Some((k, v)) = lookup(map, "username") {
        match string(v) {
            Some(s) => e.username = Some(s),
            None if v.is_null() => {}
            None => e.bad_fields.push(BadField {
                key: k.into(),
                why: "must be a string".into(),
            }),
        }
    }
    if let Some((k, v)) = lookup(map, "groups") {
        match v {
            Value::Sequence(items) => e.groups = items.iter().filter_map(string).collect(),
            Value::Null => {}
            _ => e.bad_fields.push(BadField {
                key: k.into(),
                why: "must be a list (`- system:masters`), not a single value; the authenticator ignores it and maps this entry with no groups".into(),
            }),
        }
    }
    if kind == Kind::Role {
        if let Some((_, Value::Mapping(sso))) = lookup(map, "sso") {
            let get = |n: &str| {
                lookup(sso, n)
                    .and_then(|(_, v)| string(v))
                    .unwrap_or_default()
            };
            e.sso = Some(Sso {
                permission_set: get("permissionSetName"),
                account: get("accountID"),
            });
        }
    }
    e
}

/// The aws-auth ConfigMap inside a `kind: List` (what `kubectl get
/// configmaps -n kube-system -o yaml` prints): its index in `items`, and the
/// item. The one named `aws-auth`, else the first with `mapRoles` or `mapUsers`.
pub fn in_list(doc: &Value) -> Option<(usize, &Value)> {
    if doc.get("kind").and_then(Value::as_str) != Some("List") {
        return None;
    }
    let items = doc.get("items")?.as_sequence()?;
    let named = |it: &&Value| {
        it.get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            == Some("aws-auth")
    };
    let mapping = |it: &&Value| {
        it.get("data")
            .is_some_and(|d| d.get("mapRoles").is_some() || d.get("mapUsers").is_some())
    };
    items
        .iter()
        .enumerate()
        .find(|(_, it)| named(it))
        .or_else(|| items.iter().enumerate().find(|(_, it)| mapping(it)))
}

/// Parses the ConfigMap. Syntax errors of the outer document are the caller's.
/// `doc` is the `doc_index`th document of `text`.
pub fn parse(text: &str, doc: &Value, doc_index: usize) -> (AwsAuth, Locator) {
    match in_list(doc) {
        Some((i, item)) => parse_at(text, item, doc_index, Path::root().k("items").i(i)),
        None => parse_at(text, doc, doc_index, Path::root()),
    }
}

/// Parses the ConfigMap `doc`, found at `base` in the input.
fn parse_at(text: &str, doc: &Value, doc_index: usize, base: Path) -> (AwsAuth, Locator) {
    let outer = PosTree::new(text);
    let full = base.k("data");
    let mut a = AwsAuth {
        name: doc
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string),
        namespace: doc
            .get("metadata")
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
            .map(str::to_string),
        ..Default::default()
    };
    let mut blocks = Vec::new();
    let data = doc.get("data");
    for key in ["mapRoles", "mapUsers", "mapAccounts"] {
        let Some(v) = data.and_then(|d| d.get(key)) else {
            continue;
        };
        a.present.push(key);
        let path = full.k(key);
        let key_pos = outer.locate(doc_index, &path);
        let Some(s) = v.as_str() else {
            let json_type = match v {
                Value::Sequence(_) => "array",
                Value::Mapping(_) => "object",
                Value::Number(_) => "number",
                Value::Bool(_) => "bool",
                _ => "",
            };
            if !json_type.is_empty() {
                a.not_strings.push(BlockError {
                    key,
                    message: format!("data.{key} is a YAML {} instead of a string: the API server refuses the ConfigMap (`kubectl apply` fails with `cannot unmarshal {json_type} into Go struct field ConfigMap.data of type string`), so the cluster keeps the aws-auth it has and none of this reaches the authenticator", if json_type == "array" { "list" } else if json_type == "object" { "mapping" } else { json_type }),
                    pos: key_pos,
                });
            }
            continue;
        };
        let value_pos = outer.locate_value(doc_index, &path);
        let offsets = value_pos.and_then(|p| block_offsets(text, p));
        let block = match (value_pos, offsets) {
            (_, Some((l, c))) => BlockPos::Lines(PosTree::embedded(s, l, c)),
            (Some(p), None) => match super::quoted::origin(text, p, s) {
                Some(origin) => BlockPos::Quoted(PosTree::new(s), origin),
                None => BlockPos::Unknown,
            },
            (None, None) => BlockPos::Unknown,
        };
        // Where byte `index` of the decoded string is in the input.
        let pos_of = |index: usize| match (&block, offsets) {
            (BlockPos::Lines(_), Some(offsets)) => Some(block_error_pos(s, index, offsets)),
            (BlockPos::Quoted(_, origin), _) => {
                let end = s.trim_end().len();
                origin.original(LineIndex::new(s).pos(index.min(end)))
            }
            _ => None,
        };
        let skippable = matches!(s.trim(), "" | "``" | "\"\"" | "''");
        if !skippable {
            let parsed = super::loose::first_document(s);
            if let Ok((_, Some(n))) = &parsed {
                let at = second_document_start(s);
                let ignored = match n {
                    0 => "everything after that line is ignored".to_string(),
                    1 => "the entry after that line is ignored".to_string(),
                    n => format!("the {n} entries after that line are ignored"),
                };
                let marker = at.map_or("---", |(_, m)| m);
                a.later_documents.push(BlockError {
                    key,
                    message: format!("data.{key} holds a second YAML document, after the `{marker}` line: the authenticator reads only the first, so {ignored}, as if deleted"),
                    pos: at.and_then(|(i, _)| pos_of(i)).or(key_pos),
                });
            }
            match parsed.map(|(l, _)| (l.value, l.items)) {
                Err(e) => {
                    let pos = e.location().and_then(|l| pos_of(l.index())).or(key_pos);
                    let msg = e.to_string();
                    let mut msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                    if e.location().is_some_and(|l| tab_in_indentation(s, l.index())) {
                        msg.push_str(" (a tab in the indentation of that line: YAML indents with spaces only, and editors show the tab as spaces)");
                    }
                    a.errors.push(BlockError { key, message: msg, pos });
                }
                Ok((Value::Sequence(items), overridden)) => match key {
                    "mapAccounts" => a.accounts = items.iter().filter_map(string).collect(),
                    _ => {
                        let kind = if key == "mapRoles" { Kind::Role } else { Kind::User };
                        a.entries.extend(items.iter().zip(overridden).enumerate().map(
                            |(i, (it, keys))| Entry {
                                overridden_keys: keys,
                                ..entry(kind, i, it)
                            },
                        ));
                    }
                },
                Ok((Value::Null, _)) => {}
                Ok(_) => a.errors.push(BlockError {
                    key,
                    message: format!("data.{key} holds YAML that is not a list; it must be a list of entries (`- rolearn: …`)"),
                    pos: block.locate(&Path::root()).or(key_pos),
                }),
            }
        }
        blocks.push((key, block));
    }
    (
        a,
        Locator {
            outer,
            doc: doc_index,
            base,
            blocks,
        },
    )
}
