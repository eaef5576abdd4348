//! A boolean field written as a quoted YAML 1.1 word, such as
//! `insecure-skip-tls-verify: "yes"`: reported as IN002 (wrong type), like a
//! quoted `"true"`.
//!
//! kubectl reads `yes`, `on`, `y` (and their `no` counterparts) as booleans
//! only when they are written without quotes; quoted they are strings, and it
//! refuses the whole file with `json: cannot unmarshal string into Go struct
//! field … of type bool`. The model has to accept the words (serde_yaml hands
//! even plain ones over as strings) and cannot see quotes, so the quotes are
//! looked for in the text — only at the few boolean fields that hold a value,
//! which most kubeconfigs (and the 1,000-context bench file) have none of.

use super::prelude::*;
use super::support::{display_name, LOAD_NOTE};
use super::value_not_string::go_field;
use crate::core::input::rules::schema_type::RULE;
use crate::core::source::{LineIndex, Pos};

/// The words kubectl's YAML 1.1 parser reads as booleans when unquoted,
/// besides `true` and `false` (which the model only takes unquoted).
fn yaml11_word(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    // The boolean fields that hold a value, with whose they are: nothing to
    // look at (and no position index to build) in a file that sets none.
    let mut fields: Vec<(Path, String)> = Vec::new();
    for (i, nc) in cx.config.clusters.iter().enumerate() {
        let Some(c) = &nc.cluster else { continue };
        for (key, v) in [
            ("insecure-skip-tls-verify", c.insecure_skip_tls_verify),
            ("disable-compression", c.disable_compression),
        ] {
            if v.is_some() {
                let owner = format!("Cluster `{}`", display_name(nc.name.as_deref()));
                fields.push((cx.cluster_path(i).field("cluster").field(key), owner));
            }
        }
    }
    for (i, nu) in cx.config.users.iter().enumerate() {
        let exec = nu.user.as_ref().and_then(|u| u.exec.as_ref());
        if exec.is_some_and(|e| e.provide_cluster_info.is_some()) {
            let owner = format!("User `{}`", display_name(nu.name.as_deref()));
            let path = cx.user_path(i).field("user").field("exec");
            fields.push((path.field("provideClusterInfo"), owner));
        }
    }
    if fields.is_empty() {
        return;
    }
    let lines = LineIndex::new(cx.text);
    for (path, owner) in fields {
        let Some(pos) = cx.pos.locate_value(0, &path) else {
            continue;
        };
        let Some(word) = quoted_text_at(&lines, pos) else {
            continue;
        };
        let Some(meant) = yaml11_word(word) else {
            continue;
        };
        let key = match path.segments().last() {
            Some(crate::core::source::Seg::Key(k)) => k.to_string(),
            _ => continue,
        };
        sink.report(
            &RULE,
            path.clone(),
            format!(
                "{owner}: `{key}` is the quoted string `\"{word}\"`, not a boolean: kubectl reads `{word}` as a boolean only without quotes, and stops with `json: cannot unmarshal string into Go struct field {} of type bool`.{LOAD_NOTE}",
                go_field(&path)
            ),
        )
        .at(Some(pos))
        .with_help(format!("Write `{key}: {meant}`, without quotes."));
    }
}

/// The text of the quoted scalar at `pos`, without its quotes, when it has
/// no escape and ends on the same line.
pub(super) fn quoted_text_at<'t>(lines: &LineIndex<'t>, pos: Pos) -> Option<&'t str> {
    let (_, rest) = super::value_not_string::split_at_pos(lines, pos)?;
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let body = &rest[1..];
    let end = body.find(quote)?;
    let word = &body[..end];
    (!word.contains('\\')).then_some(word)
}

#[cfg(test)]
mod tests {
    use crate::core::{analyze, Options};

    fn kubeconfig(cluster_line: &str, exec_line: &str) -> String {
        format!("apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\n{cluster_line}\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: prod\ncurrent-context: prod\nusers:\n- name: prod\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, prod]\n{exec_line}\n")
    }

    /// `(code, line:col, message, help)` of the IN002 findings.
    fn in002(text: &str) -> Vec<(String, String, String)> {
        analyze(text, &Options::default())
            .findings
            .into_iter()
            .filter(|f| f.code() == "IN002")
            .map(|f| {
                let at = f.location.pos.map(|p| p.to_string()).unwrap_or_default();
                (at, f.message, f.help)
            })
            .collect()
    }

    #[test]
    fn a_quoted_yes_is_a_string_to_kubectl() {
        let text = kubeconfig("    insecure-skip-tls-verify: \"yes\"", "");
        let f = in002(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        let (at, message, help) = &f[0];
        assert_eq!(at, "7:31");
        assert!(
            message.starts_with("Cluster `prod`: `insecure-skip-tls-verify` is the quoted string `\"yes\"`, not a boolean: kubectl reads `yes` as a boolean only without quotes, and stops with `json: cannot unmarshal string into Go struct field Cluster.clusters.cluster.insecure-skip-tls-verify of type bool`."),
            "{message}"
        );
        assert_eq!(
            help,
            "Write `insecure-skip-tls-verify: true`, without quotes."
        );
    }

    #[test]
    fn every_boolean_field_and_quote_style_is_checked() {
        let text = kubeconfig(
            "    disable-compression: 'off'",
            "      provideClusterInfo: \"no\"",
        );
        let f = in002(&text);
        let at: Vec<&str> = f.iter().map(|(at, _, _)| at.as_str()).collect();
        assert_eq!(at, ["7:26", "21:27"], "{f:?}");
        assert!(f[1].1.contains(
            "Go struct field ExecConfig.users.user.exec.provideClusterInfo of type bool"
        ));
        assert_eq!(f[1].2, "Write `provideClusterInfo: false`, without quotes.");
    }

    #[test]
    fn quiet_for_unquoted_words_and_other_strings() {
        for line in [
            "    insecure-skip-tls-verify: yes",
            "    insecure-skip-tls-verify: true",
            "    insecure-skip-tls-verify: on # lab only",
            "    disable-compression: false",
        ] {
            assert!(in002(&kubeconfig(line, "")).is_empty(), "{line}");
        }
        let json = "{\"apiVersion\": \"v1\", \"kind\": \"Config\", \"clusters\": [{\"name\": \"p\", \"cluster\": {\"server\": \"https://10.0.0.1:6443\", \"insecure-skip-tls-verify\": \"on\"}}]}";
        assert_eq!(in002(json).len(), 1);
    }
}
