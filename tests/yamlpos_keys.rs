//! Differential test of the position index (src/core/yamlpos.rs): on every
//! YAML kubeconfig fixture, and on the same file with each plain value
//! rewritten as a quoted scalar that goes on over lines (continued at the
//! key's indentation and at column 0), every mapping serde_yaml reads has
//! exactly the keys the index lists at the same path. A continuation line
//! taken for a key would be reported by KC006 as an unknown field.

use eksplain::core::yamlpos::PosTree;
use eksplain::core::Path;
use serde_yaml::Value;
use std::path::Path as FsPath;

/// Compares the keys of every mapping under `path`; returns how many mappings.
fn compare(tree: &PosTree, v: &Value, path: &Path, name: &str, text: &str) -> usize {
    match v {
        Value::Mapping(m) => {
            let mut want: Vec<String> = m
                .keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect();
            let mut got: Vec<String> = tree.keys(0, path).map(|(k, _)| k.to_string()).collect();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{name}: keys of {path}\n{text}");
            1 + m
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?, v)))
                .map(|(k, v)| compare(tree, v, &path.k(k), name, text))
                .sum::<usize>()
        }
        Value::Sequence(s) => s
            .iter()
            .enumerate()
            .map(|(i, v)| compare(tree, v, &path.i(i), name, text))
            .sum(),
        _ => 0,
    }
}

/// Checks `text` if serde_yaml reads it as one plain document; returns the
/// number of mappings compared.
fn check(name: &str, text: &str) -> usize {
    // Aliases and merge keys give serde_yaml structure the text does not
    // spell out where it stands; several documents are compared elsewhere.
    if text.contains('*') || text.contains("<<") || text.contains("\n---") {
        return 0;
    }
    let Ok(v) = serde_yaml::from_str::<Value>(text) else {
        return 0;
    };
    compare(&PosTree::new(text), &v, &Path::root(), name, text)
}

/// `text` with the plain value of line `i` (`key: value`) written as a
/// double-quoted scalar whose second half is on the next line, indented
/// `indent` spaces; `None` when that line has no such value.
fn wrapped(text: &str, i: usize, indent: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let line = lines.get(i)?;
    let (key, value) = line.split_once(": ")?;
    let value = value.trim();
    let plain = !value.is_empty()
        && value.len() > 3
        && !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!', '#'])
        && !value.contains(['"', '\\', '#']);
    if !plain {
        return None;
    }
    let mid = value.char_indices().nth(value.chars().count() / 2)?.0;
    let (a, b) = value.split_at(mid);
    let mut out = String::new();
    for (j, l) in lines.iter().enumerate() {
        if j == i {
            out.push_str(&format!("{key}: \"{a}\n{indent}x: - {b}\"\n"));
        } else {
            out.push_str(l);
            out.push('\n');
        }
    }
    Some(out)
}

#[test]
fn the_index_lists_the_keys_serde_yaml_reads() {
    let dir = FsPath::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kubeconfig");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let (mut mappings, mut variants) = (0, 0);
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let name = f.file_name().unwrap().to_string_lossy();
        mappings += check(&name, &text);
        // Every fifth line, to keep the run short.
        for i in (0..text.lines().count()).step_by(5) {
            for indent in ["", "    "] {
                if let Some(t) = wrapped(&text, i, indent) {
                    let n = check(&format!("{name} (line {} wrapped)", i + 1), &t);
                    variants += usize::from(n > 0);
                }
            }
        }
    }
    assert!(mappings > 500, "{mappings}");
    assert!(variants > 200, "{variants}");
    eprintln!("{mappings} mappings in the fixtures, {variants} variants with a value over lines");
}
