//! YAML read the way the authenticator reads the blocks: a key given twice in
//! one mapping is not an error, the later value replaces the earlier.
//!
//! The authenticator turns mapRoles and mapUsers into JSON with
//! `k8s.io/apimachinery/pkg/util/yaml.ToJSON`, which calls the non-strict
//! `sigs.k8s.io/yaml.YAMLToJSON` (its tests: "expected YAMLtoJSON to pass on
//! duplicate field names"). serde_yaml's own `Value` rejects duplicate keys,
//! so parsing with it would report a block as unreadable — every entry
//! dropped — when the authenticator in fact reads it and only loses the
//! earlier value of one field.

use serde::de::{
    Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_yaml::{Mapping, Value};
use std::fmt;

/// A YAML value, with the keys that a later duplicate overrode.
pub struct Loose {
    pub value: Value,
    /// Keys of this mapping given twice or more with different values.
    pub overridden: Vec<String>,
    /// For a sequence, the `overridden` keys of each item.
    pub items: Vec<Vec<String>>,
}

impl Loose {
    fn plain(value: Value) -> Self {
        Loose {
            value,
            overridden: Vec::new(),
            items: Vec::new(),
        }
    }
}

/// Parses `text` like [`serde_yaml::from_str`], keeping the last of duplicate keys.
#[cfg(test)]
pub fn from_str(text: &str) -> Result<Loose, serde_yaml::Error> {
    serde_yaml::from_str(text)
}

/// Parses the first YAML document of `text`, as go-yaml's `Unmarshal` (under
/// the authenticator's YAML-to-JSON) does: it reads one document and never
/// looks past its `---`. Also returns, when a later document holds anything
/// (or does not parse), how many list items the later documents hold: what
/// the authenticator ignores.
pub fn first_document(text: &str) -> Result<(Loose, Option<usize>), serde_yaml::Error> {
    let mut docs = serde_yaml::Deserializer::from_str(text);
    let first = match docs.next() {
        Some(d) => Loose::deserialize(d)?,
        None => Loose::plain(Value::Null),
    };
    let mut later = None;
    for d in docs.take(100) {
        match Loose::deserialize(d).map(|l| l.value) {
            Ok(Value::Null) => {}
            Ok(Value::Sequence(items)) => *later.get_or_insert(0) += items.len(),
            _ => *later.get_or_insert(0) += 0,
        }
    }
    Ok((first, later))
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Loose, E> {
        Ok(Loose::plain(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::plain(Value::Number(v.into())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::plain(Value::Number(v.into())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
        Ok(Loose::plain(Value::Number(v.into())))
    }
    fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::plain(Value::String(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::plain(Value::String(v)))
    }
    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::plain(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::plain(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        Loose::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        let mut values = Vec::new();
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Loose>()? {
            values.push(item.value);
            items.push(item.overridden);
        }
        Ok(Loose {
            value: Value::Sequence(values),
            overridden: Vec::new(),
            items,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        let mut m = Mapping::new();
        let mut overridden = Vec::new();
        while let Some((k, v)) = map.next_entry::<Loose, Loose>()? {
            if let Some(old) = m.insert(k.value.clone(), v.value) {
                let changed = m.get(&k.value) != Some(&old);
                if let (true, Some(name)) = (changed, k.value.as_str()) {
                    if !overridden.iter().any(|o| o == name) {
                        overridden.push(name.to_string());
                    }
                }
            }
        }
        Ok(Loose {
            value: Value::Mapping(m),
            overridden,
            items: Vec::new(),
        })
    }
    /// A tagged value (`!Foo bar`): the authenticator's YAML-to-JSON drops the
    /// tag and keeps the value.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Loose, A::Error> {
        let (_tag, variant): (String, _) = data.variant()?;
        variant.newtype_variant::<Loose>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_of_duplicate_keys_and_names_them() {
        let l =
            from_str("- rolearn: a\n  groups: [x]\n  groups: [y]\n- rolearn: b\n  rolearn: b\n")
                .unwrap();
        let item = &l.value.as_sequence().unwrap()[0];
        assert_eq!(item["groups"][0].as_str(), Some("y"));
        assert_eq!(l.items, vec![vec!["groups".to_string()], vec![]]);
    }

    #[test]
    fn reads_what_serde_yaml_reads() {
        let text = "a: 1\nb: [true, null, 2.5, \"s\"]\nc: !Tag {d: e}\n";
        let l = from_str(text).unwrap();
        assert_eq!(
            l.value["b"],
            serde_yaml::from_str::<Value>("[true, null, 2.5, \"s\"]").unwrap()
        );
        assert_eq!(l.value["c"]["d"].as_str(), Some("e"));
        assert!(from_str("a: [1\n").is_err());
    }

    #[test]
    fn reads_the_first_document_only() {
        let (l, later) = first_document("---\n- a\n---\n").unwrap();
        assert_eq!(l.value, serde_yaml::from_str::<Value>("[a]").unwrap());
        assert_eq!(later, None);
        let (l, later) = first_document("- a\n---\n- b\n- c\n").unwrap();
        assert_eq!(l.value.as_sequence().map(Vec::len), Some(1));
        assert_eq!(later, Some(2));
        assert_eq!(first_document("- a\n---\n- [b\n").unwrap().1, Some(0));
        assert!(first_document("").unwrap().0.value.is_null());
    }
}
