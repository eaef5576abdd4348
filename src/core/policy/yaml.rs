//! Trust policies written in YAML (CloudFormation templates, Kubernetes
//! operators' CRDs): converted to the same spanned tree as JSON, with the
//! positions from the YAML position index.

use crate::core::json::{ErrorKind, JsonError, Kind, Member, Value, MAX_DEPTH};
use crate::core::source::{LineIndex, Path, Pos, Seg};
use crate::core::yamlpos::PosTree;

/// Reads the first YAML document of `text` as a tree.
pub fn read(text: &str) -> Result<Value, JsonError> {
    use serde::Deserialize;
    let doc = serde_yaml::Deserializer::from_str(text)
        .next()
        .ok_or_else(|| error(Pos::new(1, 1), "there is no YAML document".into()))?;
    let y = serde_yaml::Value::deserialize(doc).map_err(|e| {
        // From the byte offset, like input::yaml_error: libyaml's own line
        // can be one past the text's last (an error at the end of input).
        let pos = e
            .location()
            .map(|l| LineIndex::new(text).pos(l.index()))
            .unwrap_or(Pos::new(1, 1));
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        error(pos, format!("YAML syntax error: {msg}"))
    })?;
    if !y.is_mapping() {
        return Err(error(
            Pos::new(1, 1),
            "the document is not a mapping with `Version` and `Statement`".into(),
        ));
    }
    let pos = PosTree::new(text);
    convert(&y, &pos, Path::root(), 0).ok_or_else(|| {
        error(
            Pos::new(1, 1),
            "the document is nested too deeply, or has a key that is not text (CloudFormation does not evaluate `!Sub` or any other function in a key)".into(),
        )
    })
}

fn error(pos: Pos, message: String) -> JsonError {
    JsonError {
        kind: ErrorKind::UnexpectedChar,
        pos,
        message,
        hint: "A trust policy is JSON (or YAML in a CloudFormation template): `Version`, then `Statement` with a list of statements.".into(),
    }
}

fn scalar_text(y: &serde_yaml::Value) -> Option<String> {
    match y {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn convert(y: &serde_yaml::Value, pos: &PosTree, path: Path, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let at = pos
        .locate_value(0, &path)
        .or_else(|| pos.locate(0, &path))
        .unwrap_or(Pos::new(1, 1));
    let kind = match y {
        serde_yaml::Value::Null => Kind::Null,
        serde_yaml::Value::Bool(b) => Kind::Bool(*b),
        serde_yaml::Value::Number(n) => Kind::Number(n.to_string()),
        serde_yaml::Value::String(s) => Kind::String(s.clone()),
        serde_yaml::Value::Sequence(items) => Kind::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| convert(item, pos, path.i(i), depth + 1))
                .collect::<Option<Vec<_>>>()?,
        ),
        serde_yaml::Value::Mapping(m) => {
            let mut members = Vec::with_capacity(m.len());
            for (k, v) in m {
                let key = scalar_text(k)?;
                let kpath = path.k(&key);
                let key_pos = pos.locate(0, &kpath).unwrap_or(at);
                members.push(Member {
                    value: convert(v, pos, kpath, depth + 1)?,
                    key,
                    key_pos,
                });
            }
            Kind::Object(members)
        }
        // CloudFormation's short forms: `!Sub x` is `{"Fn::Sub": x}`, `!Ref x`
        // is `{"Ref": x}` (`policy::cfn` evaluates them). Other tags are
        // read through.
        serde_yaml::Value::Tagged(t) => {
            let value = convert(&t.value, pos, path.clone(), depth + 1)?;
            // `Federated: !If` and the list below it: the function is where
            // its key is, not on the line after.
            let keyed = matches!(path.segments().last(), Some(Seg::Key(_)));
            let at = match &t.value {
                serde_yaml::Value::Sequence(_) | serde_yaml::Value::Mapping(_) if keyed => {
                    pos.locate(0, &path).unwrap_or(at)
                }
                _ => at,
            };
            let tag = t.tag.to_string();
            let name = tag.trim_start_matches('!');
            let key = match name {
                "Ref" => "Ref".to_string(),
                "Sub" | "GetAtt" | "Join" | "If" | "Select" | "Split" | "ImportValue"
                | "FindInMap" | "Base64" | "GetAZs" | "Cidr" | "Equals" | "Not" | "And" | "Or"
                | "ToJsonString" | "Length" | "Transform" => format!("Fn::{name}"),
                _ => return Some(value),
            };
            let call = Kind::Object(vec![Member {
                key,
                key_pos: at,
                value,
            }]);
            return Some(Value::new(call, at));
        }
    };
    Some(Value::new(kind, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_cloudformation_style_policy_with_positions() {
        let text = "Version: \"2012-10-17\"\nStatement:\n  - Effect: Allow\n    Principal:\n      Service: pods.eks.amazonaws.com\n    Action:\n      - sts:AssumeRole\n      - sts:TagSession\n";
        let v = read(text).unwrap();
        let st = &v.get("Statement").unwrap().as_array().unwrap()[0];
        assert_eq!(st.member("Principal").unwrap().key_pos, Pos::new(4, 5));
        assert_eq!(st.get("Action").unwrap().as_array().unwrap().len(), 2);
        assert!(read("a: [b\n").is_err());
    }

    #[test]
    fn cloudformation_short_forms_are_their_long_forms() {
        let text = "Principal:\n  Federated: !Sub arn:aws:iam::${AWS::AccountId}:oidc-provider/x\nSid: !Ref Name\nOther: !Custom y\n";
        let v = read(text).unwrap();
        let sub = v.get("Principal").unwrap().get("Federated").unwrap();
        assert_eq!(
            sub.get("Fn::Sub").unwrap().as_str(),
            Some("arn:aws:iam::${AWS::AccountId}:oidc-provider/x")
        );
        assert_eq!(sub.pos.line, 2);
        assert_eq!(
            v.get("Sid").unwrap().get("Ref").unwrap().as_str(),
            Some("Name")
        );
        assert_eq!(v.get("Other").unwrap().as_str(), Some("y"));
    }

    #[test]
    fn an_error_at_the_end_of_the_text_points_inside_it() {
        // Found by the `policy_json` fuzz target: libyaml said line 3 of 2.
        let text = "# a comment\n\"Principal\": {\"Federated\": ";
        let e = read(text).unwrap_err();
        assert_eq!(e.pos.line, 2);
        assert!(e.pos.column <= 28, "{}", e.pos);
    }
}
