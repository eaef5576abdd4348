use super::data;
use super::prelude::*;
use super::support::{display_name, LOAD_NOTE};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC018",
    name: "data-undecodable",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A `*-data` field is not valid base64 (wrapped, cut short, raw PEM, wrong alphabet).",
    what: "Decodes `certificate-authority-data`, `client-certificate-data` and `client-key-data` exactly as \
           kubectl does (standard base64, `=` padding required, line breaks skipped) and says why a value \
           fails: spaces from a line-wrapped paste, PEM text where base64 belongs, URL-safe characters, or a \
           value cut short.",
    why: "kubectl decodes every `*-data` field while loading the file, so one bad value anywhere stops every \
          command, in every context, with only `error loading config file \"…\": illegal base64 data at \
          input byte 76`. The usual cause is a long value wrapped by an editor, terminal or chat window: YAML \
          joins the wrapped lines with spaces, and a space is not base64. (A value written as a `|` block, \
          one base64 line per line, is fine: kubectl skips line breaks.)",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1J\n      SUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Put the base64 on one unbroken line (or in a `|` block), copied again from the source or re-encoded with `base64 -w0 FILE`.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    for f in data::fields(cx) {
        if data::placeholder(f.value).is_some() {
            continue; // KC020 names the placeholder.
        }
        let Err(e) = data::validate(f.value) else {
            continue;
        };
        let owner = if f.is_cluster { "Cluster" } else { "User" };
        let name = display_name(f.entry);
        let what = e.describe();
        let fix = e.help(f.key);
        let help = fix;
        sink.report(
            &RULE,
            f.path.clone(),
            format!("{owner} `{name}`: `{}` is not valid base64: {what}. kubectl stops with `illegal base64 data`.{LOAD_NOTE}", f.key),
        )
        .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_the_wrapped_value() {
        assert_eq!(lines_of("KC018", super::RULE.example), vec![7]);
    }

    #[test]
    fn raw_pem_is_an_error_even_for_an_unused_user() {
        let t = "apiVersion: v1\nkind: Config\nusers:\n- name: old\n  user:\n    client-certificate-data: \"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\"\n    client-key-data: aGVsbG8K\n";
        assert!(findings(t).contains(&("KC018", Some(6), "error")));
    }

    #[test]
    fn a_literal_block_of_base64_lines_is_fine() {
        let t = "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://x\n    certificate-authority-data: |\n      LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1J\n      SUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\n";
        assert!(lines_of("KC018", t).is_empty());
    }

    #[test]
    fn quiet_for_one_line_of_base64() {
        assert!(lines_of("KC018", super::RULE.fixed).is_empty());
    }
}
