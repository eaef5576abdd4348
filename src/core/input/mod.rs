//! Rules about the input as text: syntax errors, unrecognised inputs.

mod irsa_hint;
mod json_comment;
pub mod rules;
mod unclosed_quote;

use super::finding::{Finding, Locate, Location, NoPositions, Sink};
use super::redact::redact_text;
use super::source::{LineIndex, Path, Pos};

/// A syntax or structure error from serde_yaml, as a finding with line and column.
pub fn yaml_error(text: &str, err: &serde_yaml::Error) -> Finding {
    let lines = LineIndex::new(text);
    // From the byte offset, not libyaml's line and column: libyaml also breaks
    // lines at a lone CR, U+0085, U+2028 and U+2029, which the editor does not.
    // It gives no location for its alias-expansion limit: point at the first alias.
    let pos = err
        .location()
        .map(|l| lines.pos(l.index()))
        .or_else(|| Some(first_alias(text).unwrap_or(Pos::new(1, 1))));
    let raw = err.to_string();
    // serde_yaml writes " at line L column C" after the error and its context;
    // the location is shown separately (and computed differently, see above).
    let message = shorten_quoted_value(before_location(&raw));
    let (path, message) = split_path_prefix(&message);
    let is_type = message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("duplicate field")
        || message.starts_with("missing field")
        || message.starts_with("unknown variant");
    // A `//` comment in JSON trips the parser a line or more later: point at it.
    // A leading comment makes the whole document one string: a type error.
    let comment = err.location().and_then(|l| {
        json_comment::first_comment(text, l.index()).filter(|(at, _)| !is_type || *at == l.index())
    });
    let rule = if is_type && comment.is_none() {
        &rules::schema_type::RULE
    } else {
        &rules::yaml_syntax::RULE
    };
    let mut sink = Sink::new(&NoPositions);
    let quote = unclosed_quote::find(text, &lines, &raw);
    let (pos, hint) = match (comment, quote) {
        (Some((at, marker)), _) => (
            Some(lines.pos(at)),
            Some(comment_hint(marker, &message, pos.map(|p| p.line))),
        ),
        (None, Some((open, q))) => (Some(open), Some(unclosed_quote::help(open, q, pos))),
        (None, None) => match pos
            .filter(|_| !is_type)
            .and_then(|p| unclosed_quote::find_closed_late(text, &lines, p))
        {
            Some((open, q, close)) => (
                Some(open),
                Some(unclosed_quote::help_closed_late(open, q, close)),
            ),
            None => hint_and_pos(text, &lines, &path, &message, pos),
        },
    };
    // The hint may quote the damaged lines: never with a credential in them.
    let hint = hint
        .or_else(|| alias_hint(&message))
        .map(|h| redact_text(&h));
    // The offending line goes into the message: redact it in context first
    // (a `value:` under a secret env name, the word after `--token`).
    let redacted = redact_text(text);
    let shown = pos
        .and_then(|p| LineIndex::new(&redacted).line(p.line))
        .map(|l| shown_line(l.char_indices().nth(1000).map_or(l, |(i, _)| &l[..i])));
    let what = if message.starts_with("duplicate field") {
        "Duplicate key"
    } else if is_type {
        "Wrong type"
    } else {
        "YAML syntax error"
    };
    let mut msg = match comment {
        Some((_, marker)) => format!(
            "JSON syntax error: `{}` starts a comment here, and JSON has no comments",
            marker.as_str()
        ),
        None => format!("{what}: {}", redact_message(&message)),
    };
    if let (Some(p), Some(line)) = (pos, shown) {
        let line: String = line.chars().take(200).collect();
        msg.push_str(&format!(" — line {}: `{}`", p.line, line.trim_end()));
    }
    let f = sink.report(rule, path, msg).at(pos);
    if let Some(h) = hint {
        f.with_help(h);
    }
    let mut out = sink.into_findings();
    out.pop().expect("one finding")
}

/// A parser message, redacted: serde quotes a scalar it could not use
/// (`invalid type: string "client-key-data LS0t…", expected struct AuthInfo`)
/// when a colon was lost, so a key and its secret value can be inside the
/// quotes. The quoted scalar is redacted as a line of the file would be
/// (`string "client-key-data REDACTED"`), as the excerpt after it is.
fn redact_message(message: &str) -> String {
    let message = crate::core::redact::redact_line(message);
    let Some(start) = message.find("string \"").map(|i| i + "string \"".len()) else {
        return message;
    };
    let end = message[start..]
        .rfind("\", expected")
        .or_else(|| message[start..].rfind('"'))
        .map_or(message.len(), |e| start + e);
    let quoted = crate::core::redact::redact_text(&message[start..end]);
    format!("{}{quoted}{}", &message[..start], &message[end..])
}

/// The hint and position for a syntax error: at the second of two duplicate
/// keys, at the line a recognised accident is on, or where the parser stopped.
fn hint_and_pos(
    text: &str,
    lines: &LineIndex,
    path: &Path,
    message: &str,
    pos: Option<Pos>,
) -> (Option<Pos>, Option<String>) {
    match duplicate_key(text, path, message, pos) {
        Some((p, h)) => (Some(p), Some(h)),
        None => match rules::yaml_syntax::hint_at(text, pos, message) {
            Some(h) => (culprit(lines, h.line).or(pos), Some(h.text)),
            None => (pos, None),
        },
    }
}

/// The help for a JSON comment. `message` is the parser's complaint and
/// `line` the 1-based line it stopped at: kubectl's YAML parser (go-yaml)
/// says the same words, numbering the line from 0 for a parser error — so
/// kubectl's `yaml: line N` is the line before the token it tripped on,
/// which is the comment's own line only when that token follows at once.
fn comment_hint(marker: json_comment::Marker, message: &str, line: Option<u32>) -> String {
    let kubectl = match line {
        Some(l) if message.starts_with("did not find expected") => format!(
            "fails with `yaml: line {}: {message}`",
            l.saturating_sub(1).max(1)
        ),
        // Where eksplain's parser reads the comment as a value instead
        // (`// prod {…}` in a list), go-yaml still stops, but in words
        // eksplain cannot know.
        _ => "stops with a `yaml: line N: …` syntax error at or after the comment".to_string(),
    };
    format!(
        "Delete the comment (to keep the note, convert the file to YAML, where `# …` starts a comment). kubectl reads JSON with its YAML parser: it takes `{}` for text and {kubectl}.",
        marker.as_str()
    )
}

/// A serde_yaml message up to its first ` at line L column C`: what follows is
/// libyaml's context (`, while scanning a simple key at line …`), jargon next
/// to the position eksplain shows itself. A value quoted in the message that
/// happens to contain " at line " is not a location and is kept.
fn before_location(message: &str) -> &str {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut from = 0;
    while let Some(i) = message[from..].find(" at line ").map(|i| i + from) {
        let tail = &message[i + " at line ".len()..];
        let l = digits(tail);
        if let Some(col) = tail[l..].strip_prefix(" column ") {
            if l > 0 && digits(col) > 0 {
                return &message[..i];
            }
        }
        from = i + 1;
    }
    message
}

/// serde quotes a mistyped value whole (`invalid type: string "…", expected a
/// sequence`): a megabyte line would make a megabyte message. Keep its start.
fn shorten_quoted_value(message: &str) -> String {
    const KEEP: usize = 60;
    let Some(open) = message.find(" \"").map(|i| i + 2) else {
        return message.to_string();
    };
    let close = message.rfind("\", expected").filter(|&c| c >= open);
    let Some(close) = close else {
        return message.to_string();
    };
    let inner = &message[open..close];
    if inner.chars().count() <= KEEP + 20 {
        return message.to_string();
    }
    let kept: String = inner.chars().take(KEEP).collect();
    format!("{}{kept}…{}", &message[..open], &message[close..])
}

/// The position of the first alias (`*name`) used as a value.
fn first_alias(text: &str) -> Option<Pos> {
    let lines = LineIndex::new(text);
    let b = text.as_bytes();
    let at = (0..b.len()).find(|&i| {
        b[i] == b'*'
            && (i == 0 || matches!(b[i - 1], b' ' | b'[' | b',' | b'\n'))
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    })?;
    Some(lines.pos(at))
}

fn alias_hint(message: &str) -> Option<String> {
    message.contains("repetition limit exceeded").then(|| {
        "The document's aliases (`*name`) expand into more values than a parser should build — the \
         \"billion laughs\" pattern. kubeconfigs, policies and manifests never need aliases: paste the \
         document without anchors (`&name`) and aliases."
            .to_string()
    })
}

/// The position of the first non-blank character of `line`.
fn culprit(lines: &LineIndex, line: Option<u32>) -> Option<Pos> {
    let text = lines.line(line?)?;
    let col = text.chars().take_while(|c| *c == ' ').count() as u32 + 1;
    Some(Pos::new(line?, col))
}

/// A source line for a message: redacted, and a bare base64 line (perhaps the
/// wrapped rest of a `client-key-data`) shortened to its first characters.
fn shown_line(line: &str) -> String {
    let t = line.trim();
    if rules::yaml_syntax::looks_base64(t) {
        let head: String = t.chars().take(8).collect();
        return format!("{}{head}…", &line[..line.len() - line.trim_start().len()]);
    }
    crate::core::redact::redact_line(line)
}

/// serde_yaml reports `duplicate field `k`` at the start of the mapping; find
/// the second `k` and explain what kubectl does with it (keeps the last one).
fn duplicate_key(
    text: &str,
    path: &Path,
    message: &str,
    pos: Option<Pos>,
) -> Option<(Pos, String)> {
    let key = message
        .strip_prefix("duplicate field `")?
        .split('`')
        .next()?;
    let tree = crate::core::yamlpos::PosTree::new(text);
    let at: Vec<Pos> = tree
        .keys(0, path)
        .filter(|(k, _)| *k == key)
        .map(|(_, p)| p)
        .collect();
    let (first, second) = match at.as_slice() {
        [a, b, ..] => (*a, *b),
        _ => return pos.map(|p| (p, format!("`{key}` appears twice in the same mapping; kubectl silently keeps the last one. Delete the one you do not mean."))),
    };
    let top = [
        "apiVersion",
        "kind",
        "clusters",
        "contexts",
        "users",
        "current-context",
    ];
    let help = if path.is_root() && top.contains(&key) {
        format!("`{key}` appears twice at the top level (lines {} and {}): this looks like two kubeconfigs joined with `cat`. kubectl does not merge them: it silently keeps the last value of every key, so everything from the first file is lost. Merge them with `KUBECONFIG=first.yaml:second.yaml kubectl config view --flatten > merged.yaml`.", first.line, second.line)
    } else {
        format!("`{key}` appears twice in the same mapping (lines {} and {}); kubectl silently keeps the last one. Delete the one you do not mean.", first.line, second.line)
    };
    Some((second, help))
}

/// serde_yaml prefixes type errors with the path (`users[0].user.token: invalid type…`).
fn split_path_prefix(message: &str) -> (Path, String) {
    if let Some(i) = message.find(": ") {
        let head = &message[..i];
        if !head.contains(' ') && (head.contains('.') || head.contains('[')) {
            return (Path::parse(head), message[i + 2..].to_string());
        }
    }
    (Path::root(), message.to_string())
}

/// The finding for input that eksplain does not recognise.
pub fn unknown_input(text: &str) -> Finding {
    let mut sink = Sink::new(&NoPositions);
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let first = shown_start(first);
    let f = sink
        .report(
            &rules::unknown_input::RULE,
            Path::root(),
            format!("eksplain does not recognise this input (it starts with `{first}`)."),
        )
        .at(Some(Pos::new(1, 1)));
    if let Some((message, help)) = caller_identity(text) {
        f.message = message;
        f.with_help(help);
    } else if let Some((message, help)) =
        irsa_hint::workload(text).or_else(|| irsa_hint::eksctl(text))
    {
        f.message = message;
        f.with_help(help);
    } else if openssl_text_dump(text) {
        f.with_help("This is what `openssl x509 -noout -text` (or `openssl req -noout -text`) prints: the decoded fields without the certificate itself. Paste the PEM instead (`openssl x509 -in cert.pem`, or the same command without `-noout`); eksplain decodes it, checks it and prints these fields too.");
    } else if crate::core::policy::hcl::looks_terraform(text)
        || (["module \"", "resource \"", "data \""]
            .iter()
            .any(|b| text.contains(b))
            && text.contains("iam"))
    {
        // Terraform that builds a trust policy in HCL (`jsonencode({…})`, an
        // `aws_iam_policy_document`): say how to get the JSON IAM stores.
        f.with_help("This is Terraform (HCL) without a trust policy eksplain can read: it reads `assume_role_policy = jsonencode({…})`, a `data \"aws_iam_policy_document\"` with an `sts:AssumeRole…` action, or a heredoc holding the JSON, but not what a module or `file(…)` builds. Paste the resource or document that holds the policy, or the JSON IAM stores: `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`.");
    }
    sink.into_findings().pop().expect("one finding")
}

/// `openssl x509 -noout -text` output: the fields, not the certificate.
fn openssl_text_dump(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with("Certificate:") || t.starts_with("Certificate Request:"))
        && t.contains("Data:")
        && t.contains("Subject:")
}

/// For `aws sts get-caller-identity` output (`UserId`, `Account`, `Arn`), the
/// first thing people run when EKS answers Unauthorized: what the ARN is
/// looked up as, and what to paste to see its mapping.
fn caller_identity(text: &str) -> Option<(String, String)> {
    let doc: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let map = doc.as_mapping()?;
    let field = |k: &str| map.get(k).and_then(serde_yaml::Value::as_str);
    let (arn, user_id, _) = (field("Arn")?, field("UserId")?, field("Account")?);
    let arn = arn.trim();
    let p = super::awsauth::canonicalize(arn).ok()?;
    // Access entries store the principal's unique ID (a role's `AROA…`, the
    // UserId before `:`; a user's `AIDA…`) when created, and match it.
    let id = user_id.split(':').next().unwrap_or(user_id).trim();
    let entries = match id.get(..4) {
        Some("AROA") => format!("by the role's unique ID `{id}` (the UserId before `:`; an entry keeps the ID the role had when the entry was created)"),
        Some("AIDA") => format!("by the user's unique ID `{id}` (an entry keeps the ID the user had when the entry was created)"),
        _ => "by the principal's unique ID".to_string(),
    };
    let aws_auth = if p.canonical == arn {
        format!("by the ARN `{arn}` itself")
    } else {
        format!(
            "by `{}` (the role, without its path and session name)",
            p.canonical
        )
    };
    Some((
        format!("This is `aws sts get-caller-identity` output. EKS looks the caller up in the cluster's access entries {entries}, then in the aws-auth ConfigMap {aws_auth}."),
        format!("To see which Kubernetes user and groups it gets, paste the aws-auth ConfigMap (`kubectl get configmap aws-auth -n kube-system -o yaml`), or run `eksplain map-identity aws-auth.yaml {arn}`; `aws eks list-access-entries --cluster-name NAME` lists the access entries."),
    ))
}

/// The start of an unrecognised input, safe to show: credentials are redacted
/// and an opaque blob (a token, a key) shows only its first characters.
fn shown_start(line: &str) -> String {
    let line = redact_text(line);
    if let Some(i) = line.find(super::redact::MARK) {
        return format!("{}…", &line[..i + super::redact::MARK.len()]);
    }
    let blob = line.chars().count() > 24 && !line.contains(char::is_whitespace);
    let keep = if blob { 12 } else { 60 };
    let mut shown: String = line.chars().take(keep).collect();
    if blob {
        shown.push('…');
    }
    shown
}

/// Locates nothing but the document start; for inputs that are a single value.
pub struct Start;

impl Locate for Start {
    fn locate(&self, _path: &Path) -> Option<Pos> {
        Some(Pos::new(1, 1))
    }
}

pub fn at_start(path: Path) -> Location {
    Location {
        path,
        pos: Some(Pos::new(1, 1)),
    }
}

/// A DER SEQUENCE whose length covers the whole input and that is not text:
/// a binary certificate or key file.
fn looks_like_der(bytes: &[u8]) -> bool {
    let [0x30, len, rest @ ..] = bytes else {
        return false;
    };
    let body = match *len {
        0x81 => rest.first().map(|l| (*l as usize, 1)),
        0x82 => (rest.len() >= 2).then(|| ((rest[0] as usize) << 8 | rest[1] as usize, 2)),
        0x83 => (rest.len() >= 3)
            .then(|| (rest[0] as usize) << 16 | (rest[1] as usize) << 8 | rest[2] as usize)
            .map(|l| (l, 3)),
        l if l < 0x80 => Some((l as usize, 0)),
        _ => None,
    };
    matches!(body, Some((l, n)) if l + n == rest.len()) && std::str::from_utf8(bytes).is_err()
}

/// Decodes a dropped or piped file to text: UTF-8 (with or without BOM),
/// UTF-16 with a BOM; anything else is decoded lossily (invalid bytes become
/// U+FFFD, which the parsers then report with their position).
pub fn decode_bytes(bytes: &[u8]) -> String {
    if looks_like_der(bytes) {
        // A binary .der/.crt file: lossy UTF-8 would destroy it. Its base64 is
        // what a user would paste, and the certificate decoder reads it.
        use base64::Engine;
        return base64::engine::general_purpose::STANDARD.encode(bytes);
    }
    normalize_breaks(decode_unnormalized(bytes))
}

/// A lone CR ends a line for kubectl's YAML parser (old Mac files, some
/// clipboard tools) but not for the line index or the editor: make it a LF,
/// as a browser's text box does with pasted text. CRLF is left alone.
fn normalize_breaks(text: String) -> String {
    let b = text.as_bytes();
    let mut from = 0;
    let mut lone_cr = false;
    while let Some(i) = b.get(from..).and_then(|r| super::scan::find(r, b'\r')) {
        let at = from + i;
        if b.get(at + 1) != Some(&b'\n') {
            lone_cr = true;
            break;
        }
        from = at + 1;
    }
    if !lone_cr {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push(if rest[i + 1..].starts_with('\n') {
            '\r'
        } else {
            '\n'
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

fn decode_unnormalized(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    // Validating first is several times faster than the lossy decoder on the
    // (usual) valid input; the result is the same.
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Like [`decode_bytes`], taking ownership: valid UTF-8 without a BOM (the
/// usual case) becomes the text without a copy, which matters for megabyte files.
pub fn decode_vec(bytes: Vec<u8>) -> String {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
    {
        return decode_bytes(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => normalize_breaks(text),
        Err(e) => decode_bytes(e.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_turns_lone_carriage_returns_into_line_feeds() {
        assert_eq!(
            decode_bytes(b"a: 1\rb: 2\r\nc: 3\r"),
            "a: 1\nb: 2\r\nc: 3\n"
        );
        assert_eq!(decode_vec(b"a\rb".to_vec()), "a\nb");
        assert_eq!(decode_bytes(b"\xff\xfea\x00\r\x00b\x00"), "a\nb");
    }

    #[test]
    fn messages_stop_before_libyamls_location_and_context() {
        assert_eq!(
            before_location("did not find expected ',' at line 8 column 1, while parsing a flow mapping at line 1 column 10"),
            "did not find expected ','"
        );
        assert_eq!(
            before_location(
                "invalid type: string \"at line x\", expected a sequence at line 2 column 3"
            ),
            "invalid type: string \"at line x\", expected a sequence"
        );
    }

    #[test]
    fn a_mistyped_megabyte_value_makes_a_short_message() {
        let text = format!("clusters: {}\n", "x".repeat(100_000));
        let err = crate::core::kubeconfig::parse(&text).unwrap_err();
        let f = yaml_error(&text, &err);
        assert!(f.message.len() < 400, "{}", f.message);
        assert!(
            f.message.contains("…\", expected a sequence"),
            "{}",
            f.message
        );
    }

    use crate::core::{analyze, Options};

    #[test]
    fn a_yaml_error_on_a_secret_line_does_not_quote_the_secret() {
        let text = "apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user:\n    token: eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.c2ln: oops\n";
        let r = analyze(text, &Options::default());
        assert_eq!(r.findings[0].code(), "IN001");
        assert_eq!(r.findings[0].line(), Some(6));
        assert!(
            !r.findings[0].message.contains("c2VjcmV0"),
            "{}",
            r.findings[0].message
        );
    }
}

#[cfg(test)]
mod terraform_tests {
    use crate::core::{analyze, Options};

    #[test]
    fn terraform_without_a_trust_policy_says_how_to_get_the_json() {
        // A permissions policy: nothing here says who may assume the role.
        let text = "resource \"aws_iam_role_policy\" \"s3\" {\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"*\" }]\n  })\n}\n";
        let r = analyze(text, &Options::default());
        assert_eq!(r.findings[0].code(), "IN003");
        assert!(
            r.findings[0]
                .help
                .starts_with("This is Terraform (HCL) without a trust policy")
                && r.findings[0].help.contains(
                    "aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument"
                ),
            "{}",
            r.findings[0].help
        );
    }
}

#[cfg(test)]
mod json_comment_tests {
    use crate::core::{analyze, Options};

    /// The one finding of `text`: its code, line:col and message.
    fn only(text: &str) -> (String, String, String) {
        let r = analyze(text, &Options::default());
        let f = &r.findings[0];
        let at = f.location.pos.map(|p| p.to_string()).unwrap_or_default();
        (f.code().to_string(), at, f.message.clone())
    }

    #[test]
    fn openssl_text_output_without_the_pem_says_to_paste_the_pem() {
        let text = include_str!("../../../tests/fixtures/input/openssl-x509-noout-text.out");
        let r = analyze(text, &Options::default());
        let f = &r.findings[0];
        assert_eq!(f.code(), "IN003");
        assert!(f.help.contains("Paste the PEM instead"), "{}", f.help);
    }

    #[test]
    fn a_comment_in_a_json_kubeconfig_is_reported_on_its_own_line() {
        let text = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Config\",\n  // prod cluster added by platform team\n  \"clusters\": [],\n  \"contexts\": [],\n  \"users\": []\n}\n";
        let (code, at, message) = only(text);
        assert_eq!((code.as_str(), at.as_str()), ("IN001", "4:3"));
        assert!(
            message.starts_with(
                "JSON syntax error: `//` starts a comment here, and JSON has no comments — line 4: `  // prod cluster"
            ),
            "{message}"
        );
    }

    #[test]
    fn a_comment_after_a_value_or_before_the_document_is_found_too() {
        let text = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Config\",\n  \"clusters\": [{\"name\": \"prod\", \"cluster\": {\n    \"server\": \"https://10.0.0.1:6443\", /* private endpoint */\n    \"insecure-skip-tls-verify\": true}}]\n}\n";
        let (code, at, message) = only(text);
        assert_eq!((code.as_str(), at.as_str()), ("IN001", "5:40"));
        assert!(
            message.contains("`/* … */` starts a comment here"),
            "{message}"
        );
        let text = "// CI kubeconfig\n{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Config\",\n  \"clusters\": []\n}\n";
        let (code, at, _) = only(text);
        assert_eq!((code.as_str(), at.as_str()), ("IN001", "1:1"));
    }

    /// The help quotes kubectl's words and line, as kubectl 1.32 prints them
    /// for these files: the line before the token the parser tripped on,
    /// which is not the comment's when blank lines follow it.
    #[test]
    fn the_help_quotes_what_kubectl_says() {
        let help = |text: &str| analyze(text, &Options::default()).findings[0].help.clone();
        let text = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Config\",\n  // prod\n  \"clusters\": []\n}\n";
        let h = help(text);
        assert!(
            h.ends_with("it takes `//` for text and fails with `yaml: line 4: did not find expected ',' or '}'`."),
            "{h}"
        );
        let text = "{\n  \"apiVersion\": \"v1\",\n\n\n  // prod\n\n\n  \"clusters\": []\n}\n";
        let h = help(text);
        assert!(
            h.ends_with("fails with `yaml: line 7: did not find expected ',' or '}'`."),
            "{h}"
        );
        let text = "{\n  \"apiVersion\": \"v1\",\n  \"clusters\": [\n    // prod\n    {\"name\": \"a\"}\n  ]\n}\n";
        // kubectl says `yaml: line 4: did not find expected ',' or ']'`
        // here, but eksplain's parser reads `// prod {…}` as a value.
        let h = help(text);
        assert!(
            h.ends_with("stops with a `yaml: line N: …` syntax error at or after the comment."),
            "{h}"
        );
    }

    /// `//` inside an unquoted flow word is text to YAML, not a comment: the
    /// error reported is the real one, on the line after.
    #[test]
    fn a_slash_pair_after_an_unquoted_word_does_not_hide_the_real_error() {
        let text = "{\"apiVersion\": \"v1\", \"kind\": \"Config\", \"users\": [{\"name\": \"a\", \"user\": {\"exec\": {\"command\": \"sh\", \"args\": [-c, echo //x]}}}],\n \"clusters\": [}";
        let (code, at, message) = only(text);
        assert_eq!(code, "IN001");
        assert!(at.starts_with("2:"), "{at} {message}");
        assert!(!message.contains("comment"), "{message}");
    }

    /// A byte order mark before the document does not hide the comment, and
    /// the position is the comment's.
    #[test]
    fn a_comment_after_a_byte_order_mark_is_found() {
        let text = "\u{feff}{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Config\",\n  // prod\n  \"clusters\": []\n}\n";
        let (code, at, message) = only(text);
        assert_eq!((code.as_str(), at.as_str()), ("IN001", "4:3"));
        assert!(
            message.starts_with("JSON syntax error: `//` starts a comment here"),
            "{message}"
        );
    }

    /// Trust policies go through the policy's own JSON parser, not
    /// `yaml_error`: this checks that its message (TP001) says the same.
    #[test]
    fn the_policy_parser_reports_a_comment_in_a_trust_policy_itself() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    // the app's role\n    \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\n    \"Action\": \"sts:AssumeRoleWithWebIdentity\"\n  }]\n}\n";
        let r = analyze(text, &Options::default());
        let f = r.findings.iter().find(|f| f.code() == "TP001").unwrap();
        assert_eq!(
            f.location.pos.map(|p| p.to_string()).as_deref(),
            Some("5:5")
        );
        assert!(f.help.contains("JSON has no comments"), "{}", f.help);
    }
}

#[cfg(test)]
mod caller_identity_tests {
    /// `aws sts get-caller-identity` is what people run first on
    /// Unauthorized; the finding says what EKS looks the caller up as.
    #[test]
    fn get_caller_identity_output_says_what_eks_looks_up() {
        let text = "{\n    \"UserId\": \"AROAEXAMPLEID1234567:jane@example.com\",\n    \"Account\": \"111122223333\",\n    \"Arn\": \"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane@example.com\"\n}\n";
        let findings = crate::core::testing::detected(text);
        assert_eq!(
            crate::core::testing::messages_of("IN003", &findings),
            vec!["This is `aws sts get-caller-identity` output. EKS looks the caller up in the cluster's access entries by the role's unique ID `AROAEXAMPLEID1234567` (the UserId before `:`; an entry keeps the ID the role had when the entry was created), then in the aws-auth ConfigMap by `arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef` (the role, without its path and session name).".to_string()]
        );
        assert!(findings[0].help.contains(
            "eksplain map-identity aws-auth.yaml arn:aws:sts::111122223333:assumed-role/"
        ));
        let user = "{\"UserId\": \"AIDAEXAMPLE\", \"Account\": \"111122223333\", \"Arn\": \"arn:aws:iam::111122223333:user/ops/alice\"}";
        let m = crate::core::testing::messages_of("IN003", &crate::core::testing::detected(user));
        assert!(
            m[0].contains("access entries by the user's unique ID `AIDAEXAMPLE` (an entry keeps")
                && m[0].ends_with(
                    "ConfigMap by the ARN `arn:aws:iam::111122223333:user/ops/alice` itself."
                ),
            "{}",
            m[0]
        );
    }
}
