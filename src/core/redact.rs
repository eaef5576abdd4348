//! Redaction of credentials in text that eksplain shows or exports: source
//! excerpts, copied reports, downloaded JSON. Line structure is kept, so line
//! numbers still match the input.

/// Keys whose values are credentials.
const SECRET_KEYS: &[&str] = &[
    "token",
    "password",
    "client-key-data",
    "id-token",
    "refresh-token",
    "access-token",
    "client-secret",
    "secret",
    "aws_secret_access_key",
    "aws_session_token",
    "sessiontoken",
    "secretaccesskey",
];

/// Env var names whose `value` on the next line is a credential.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    n.contains("SECRET")
        || n.contains("TOKEN")
        || n.contains("PASSWORD")
        || n.ends_with("_KEY") && !n.ends_with("_ID_KEY")
}

pub const MARK: &str = "REDACTED";

/// An exec env entry's value as eksplain shows it: `REDACTED` under a secret
/// name; under any other name, with the tokens in it (a JWT, a presigned EKS
/// token) redacted as they are in arguments, since a name says little
/// (`OIDC_ID`, `MY_CREDENTIAL`).
pub fn env_value(name: &str, value: &str) -> String {
    if is_secret_name(name) && !value.is_empty() {
        return MARK.to_string();
    }
    let mut out = String::with_capacity(value.len());
    redact_words(value, &mut false, &mut Vec::new(), &mut out);
    out
}

/// A value that is already a redaction marker — `DATA+OMITTED` or `REDACTED`,
/// as `kubectl config view` prints them, or `[REDACTED]` — quoted or not.
/// It is not a secret: shown as it is, the excerpt matches the file and the
/// finding that names the marker.
pub fn is_marker(value: &str) -> bool {
    let v = value.trim().trim_end_matches(',').trim();
    let v = v
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(v);
    matches!(v, "REDACTED" | "DATA+OMITTED" | "[REDACTED]")
}

fn is_jwt_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | '/')
}

/// Command-line flags whose value is a credential: the last word of the
/// flag name is `token`, `password`, `secret`… (`--token`, `--id-token`,
/// `--oidc-client-secret`, `--aws-secret-access-key`), but not flags that
/// name a file or a setting about one (`--token-cache-dir`, `--password-stdin`).
pub fn is_secret_flag(arg: &str) -> bool {
    let b = arg.as_bytes();
    if !super::scan::starts(arg, b'-') {
        return false;
    }
    // The flag's name: after its dashes, before any `=`.
    let mut start = 0;
    while start < b.len() && b[start] == b'-' {
        start += 1;
    }
    let mut end = start;
    while end < b.len() && b[end] != b'=' {
        end += 1;
    }
    // Its last two words (split at `-` and `_`), read backwards by hand: every
    // word of every exec argument comes through here, and at the web build's
    // opt-level "z" a `split` / `filter` / `rev` chain costs ~500 instructions
    // per call.
    let sep = |c: u8| c == b'-' || c == b'_';
    let mut words: [&[u8]; 2] = [&[], &[]];
    let mut n = 0;
    let mut j = end;
    while n < 2 {
        while j > start && sep(b[j - 1]) {
            j -= 1;
        }
        if j == start {
            break;
        }
        let e = j;
        while j > start && !sep(b[j - 1]) {
            j -= 1;
        }
        words[n] = &b[j..e];
        n += 1;
    }
    if n == 0 {
        return false;
    }
    let (last, before) = (words[0], words[1]);
    let any = |w: &[u8], of: &[&str]| of.iter().any(|s| w.eq_ignore_ascii_case(s.as_bytes()));
    any(last, &["token", "password", "passwd", "secret", "apikey"])
        || (last.eq_ignore_ascii_case(b"key")
            && any(before, &["secret", "access", "private", "api"]))
}

/// Keys of an auth-provider `config` (and similar string maps) whose values
/// are credentials: `id-token`, `refresh-token`, `access-token`,
/// `client-secret`, and anything named like a password or secret. Settings
/// that merely mention a token (`token-key`, `expiry-key`) are not.
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    SECRET_KEYS.contains(&k.as_str())
        || k.contains("password")
        || k.contains("secret")
        || k.ends_with("-token")
        || k.ends_with("_token")
}

/// Env var names that hold a credential, for reporting: like
/// [`is_secret_name`] but without names that point at one
/// (`AWS_WEB_IDENTITY_TOKEN_FILE`, `TOKEN_CACHE_DIR`).
pub fn is_credential_env(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    is_secret_name(&n)
        && ![
            "_FILE",
            "_PATH",
            "_DIR",
            "_URL",
            "_ENDPOINT",
            "_TYPE",
            "_CACHE",
            "_NAME",
        ]
        .iter()
        .any(|s| n.ends_with(s))
}

/// What kind of credential a word on a command line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgSecret {
    /// The value of a secret flag (`--token X`, `--password=X`).
    FlagValue,
    /// A presigned EKS token (`k8s-aws-v1.…`).
    EksToken,
    /// A JSON Web Token (`eyJ….….…`).
    Jwt,
}

fn is_word_sep(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}' | '"' | '\'')
}

/// The length in bytes of the run at the start of `s` of separators
/// (`sep`) or of word characters (`!sep`). ASCII is decided per byte: every
/// command-line argument goes through here, and at opt-level "z" a char
/// searcher is a few calls per character.
fn run_len(s: &str, sep: bool) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let (is_sep, len) = if c.is_ascii() {
            // `char::is_whitespace` on ASCII: space, tab, LF, VT, FF, CR.
            let sep = matches!(
                c,
                b' ' | b'\t'..=b'\r' | b',' | b'[' | b']' | b'{' | b'}' | b'"' | b'\''
            );
            (sep, 1)
        } else {
            // `i` is always at a character boundary: it moves by whole characters.
            match s.get(i..).and_then(|r| r.chars().next()) {
                Some(ch) => (is_word_sep(ch), ch.len_utf8()),
                None => return i,
            }
        };
        if is_sep != sep {
            return i;
        }
        i += len;
    }
    b.len()
}

/// Redacts the credentials in one piece of text, word by word. `carry` says
/// the previous word was a bare secret flag, so this text's first word is its
/// value; it is updated for the next piece (the next arg, the next line).
/// Appends the redacted text to `out` and what was found to `found`.
fn redact_words(text: &str, carry: &mut bool, found: &mut Vec<ArgSecret>, out: &mut String) {
    out.reserve(text.len());
    let mut rest = text;
    // In a flow mapping (`{name: AWS_SESSION_TOKEN, value: …}`), the env name
    // seen before `value:`.
    let mut secret_name = false;
    let mut after_name_key = false;
    while !rest.is_empty() {
        let start = run_len(rest, true);
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.is_empty() {
            break;
        }
        let end = run_len(rest, false);
        let word = &rest[..end];
        rest = &rest[end..];
        if word == "-" || word.as_bytes().last() == Some(&b':') {
            // A YAML sequence dash or a mapping key: structure, not a value.
            let key = word.trim_end_matches(':');
            after_name_key = key == "name";
            if is_secret_key(key) || (key == "value" && secret_name) {
                *carry = true;
            }
            // A token followed by a colon (`k8s-aws-v1.…: Unauthorized`) is
            // still a token, whatever the colon makes it look like.
            redact_tokens(key, found, out);
            out.push_str(&word[key.len()..]);
            continue;
        }
        if std::mem::take(&mut after_name_key) {
            secret_name = is_secret_name(word);
        }
        if std::mem::take(carry) {
            if is_marker(word) {
                out.push_str(word);
                continue;
            }
            out.push_str(MARK);
            found.push(ArgSecret::FlagValue);
            continue;
        }
        if is_secret_flag(word) {
            match word.split_once('=') {
                Some((flag, value)) if !value.is_empty() && !is_marker(value) => {
                    out.push_str(flag);
                    out.push('=');
                    out.push_str(MARK);
                    found.push(ArgSecret::FlagValue);
                }
                Some(_) => out.push_str(word),
                None => {
                    out.push_str(word);
                    *carry = true;
                }
            }
            continue;
        }
        redact_tokens(word, found, out);
    }
}

/// Appends `text` to `out` with its presigned EKS tokens and JWTs replaced.
fn redact_tokens(text: &str, found: &mut Vec<ArgSecret>, out: &mut String) {
    // Most words hold neither start: skip the substring searches for them.
    if !text
        .as_bytes()
        .windows(3)
        .any(|w| w == b"k8s" || w == b"eyJ")
    {
        out.push_str(text);
        return;
    }
    let mut rest = text;
    loop {
        let k8s = rest.find("k8s-aws-v1.");
        // A JWT, or a damaged one (a segment missing, re-encoded with `+` and `/`):
        // anything starting `eyJ` (base64 of `{"`) with at least one dot.
        let jwt = rest.find("eyJ").filter(|&i| {
            rest[i..]
                .split(|c: char| !is_jwt_char(c))
                .next()
                .is_some_and(|t| t.contains('.'))
        });
        let next = match (k8s, jwt) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let Some(i) = next else {
            out.push_str(rest);
            return;
        };
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        // A token runs to the next blank, quote or delimiter: a damaged one
        // (a stray `!`, a cut in the middle) is still a credential.
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '`' | ']' | '}'))
            .unwrap_or(tail.len());
        if tail.starts_with("k8s-aws-v1.") {
            out.push_str("k8s-aws-v1.");
            found.push(ArgSecret::EksToken);
        } else {
            found.push(ArgSecret::Jwt);
        }
        out.push_str(MARK);
        rest = &tail[end..];
    }
}

/// An exec plugin's `args` with every credential replaced by `REDACTED`:
/// values of secret flags (`--token X`, `--client-secret=X`), EKS tokens and
/// JWTs. Safe to show; the arguments that are not secrets are unchanged.
pub fn redact_args(args: &[String]) -> Vec<String> {
    let mut carry = false;
    let mut found = Vec::new();
    args.iter()
        .map(|a| {
            let mut out = String::new();
            redact_words(a, &mut carry, &mut found, &mut out);
            out
        })
        .collect()
}

/// Appends `args`, redacted as [`redact_args`] does, to `out`, each after a
/// space: a command line as the overview and the stories print it, without a
/// `String` per argument (they do this for every exec user).
pub fn push_redacted_args(args: &[String], out: &mut String) {
    let mut carry = false;
    let mut found = Vec::new();
    for a in args {
        out.push(' ');
        redact_words(a, &mut carry, &mut found, out);
    }
}

/// The arguments of an exec plugin that hold credentials: `(index, kind)`.
pub fn arg_secrets(args: &[String]) -> Vec<(usize, ArgSecret)> {
    let mut carry = false;
    let mut out = Vec::new();
    // Only what is found matters here: one scratch buffer takes every
    // redacted arg.
    let mut found = Vec::new();
    let mut scratch = String::new();
    for (i, a) in args.iter().enumerate() {
        found.clear();
        scratch.clear();
        redact_words(a, &mut carry, &mut found, &mut scratch);
        if let Some(kind) = found.first() {
            out.push((i, *kind));
        }
    }
    out
}

/// Redacts the values of secret keys written as pairs anywhere on a line —
/// JSON's `{"token": "…"}` and flow mappings' `user: {token: …}` — and an env
/// entry's `value` after a secret `name` on the same line. Also returns the
/// quote of a secret's quoted value that the line leaves open (`{password:
/// "abc` with the rest on the next line): the lines up to its end are secret.
fn redact_pairs(line: &str) -> (String, Option<u8>) {
    let lower = line.to_ascii_lowercase();
    if !(lower.contains("value") || SECRET_KEYS.iter().any(|k| lower.contains(k))) {
        return (line.to_string(), None);
    }
    let b = line.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    // Where the next delimiter and the next unescaped quote of each kind are,
    // from every offset: each pair's value is then found in constant time, so
    // a line of ten thousand `key: ` stays linear.
    let n = b.len();
    let mut next_delim = vec![n; n + 1];
    let mut next_dq = vec![n; n + 1];
    let mut next_sq = vec![n; n + 1];
    for i in (0..n).rev() {
        next_delim[i] = if matches!(b[i], b',' | b'}' | b']') {
            i
        } else {
            next_delim[i + 1]
        };
        let escaped = i > 0 && b[i - 1] == b'\\';
        next_dq[i] = if b[i] == b'"' && !escaped {
            i
        } else {
            next_dq[i + 1]
        };
        // `''` inside a single-quoted scalar is an escaped quote, not its end.
        next_sq[i] = match (b[i], b.get(i + 1)) {
            (b'\'', Some(b'\'')) => next_sq.get(i + 2).copied().unwrap_or(n),
            (b'\'', _) => i,
            _ => next_sq[i + 1],
        };
    }
    // (key, value start, value end) of every `key: value` pair on the line.
    let mut pairs = Vec::new();
    for c in (0..n).filter(|&i| b[i] == b':') {
        let mut k_end = c;
        while k_end > 0 && b[k_end - 1] == b' ' {
            k_end -= 1;
        }
        let quoted = k_end > 0 && matches!(b[k_end - 1], b'"' | b'\'');
        let k_end = if quoted { k_end - 1 } else { k_end };
        let mut k_start = k_end;
        while k_start > 0 && word(b[k_start - 1]) {
            k_start -= 1;
        }
        if k_start == k_end || k_end - k_start > 64 {
            continue;
        }
        let v = c + 1 + b[c + 1..].iter().take_while(|&&x| x == b' ').count();
        let (vs, ve, quote) = match b.get(v) {
            Some(&q @ b'"') => (v + 1, next_dq[v + 1], Some(q)),
            Some(&q @ b'\'') => (v + 1, next_sq[v + 1], Some(q)),
            _ => (v, next_delim[v], None),
        };
        pairs.push((k_start, &line[k_start..k_end], vs, ve, quote));
    }
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    let mut open = None;
    // Whether the env entry being read (`{name: …, value: …}`) names a secret.
    let mut secret_name = false;
    for (j, &(_, k, vs, ve, quote)) in pairs.iter().enumerate() {
        if k.eq_ignore_ascii_case("name") {
            secret_name = is_secret_name(line[vs..ve].trim());
        }
        // `{value: …, name: AWS_SECRET_ACCESS_KEY}`: the name comes next, in
        // the same mapping (no `}` between them).
        let name_next = || {
            pairs.get(j + 1).is_some_and(|&(ks, nk, nvs, nve, _)| {
                nk.eq_ignore_ascii_case("name")
                    && !line.get(ve..ks).unwrap_or("}").contains('}')
                    && is_secret_name(line[nvs..nve].trim())
            })
        };
        let secret =
            is_secret_key(k) || (k.eq_ignore_ascii_case("value") && (secret_name || name_next()));
        if !secret || vs < last {
            continue;
        }
        if ve == n && quote.is_some() {
            // A quoted value that does not close on this line.
            open = quote;
        }
        let value = line[vs..ve].trim();
        if value.is_empty() || value == "|" || is_marker(value) {
            continue;
        }
        out.push_str(&line[last..vs]);
        out.push_str(MARK);
        last = ve;
    }
    out.push_str(&line[last..]);
    (out, open)
}

/// Redacts credentials in YAML/JSON-like text, line by line.
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_secret_name = false;
    let mut in_key_block = false;
    // The previous line ended with a bare secret flag (`- --token`): the next
    // word is its value.
    let mut carry = false;
    // Inside the block scalar (`password: |`) of a secret key: the column of
    // that key. Every line indented further is the secret's content.
    let mut secret_block: Option<usize> = None;
    // Inside a secret's quoted scalar left open at the end of its key's line:
    // the quote that closes it.
    let mut secret_quote: Option<u8> = None;
    let raws: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, &raw) in raws.iter().enumerate() {
        let (line, nl) = match raw.strip_suffix('\n') {
            Some(l) => (l, "\n"),
            None => (raw, ""),
        };
        if let Some(q) = secret_quote {
            // Inside a secret's quoted scalar that goes on over lines.
            carry = false;
            let t = line.trim_start();
            let indent = line.len() - t.len();
            out.push_str(&line[..indent]);
            let end = super::scan::closing_quote(t, q);
            if !t[..end.unwrap_or(t.len())].trim().is_empty() {
                out.push_str(MARK);
            }
            // The closing quote and what follows it are shown as written
            // (redacted in turn): a second pass over the redacted text then
            // sees the quote close where the file closes it.
            secret_quote = None;
            if let Some(e) = end {
                let (rest, open) = redact_pairs(&t[e + 1..]);
                out.push(char::from(q));
                out.push_str(&rest);
                secret_quote = open;
            }
            out.push_str(nl);
            continue;
        }
        if let Some(key_col) = secret_block {
            let t = line.trim_start();
            let indent = line.len() - t.len();
            if t.is_empty() || indent > key_col {
                // The secret's value: a bare `token:` above it left nothing to carry.
                carry = false;
                out.push_str(&line[..indent]);
                if !t.is_empty() {
                    out.push_str(MARK);
                }
                out.push_str(nl);
                continue;
            }
            secret_block = None;
        }
        if line.contains("-----BEGIN") && line.contains("PRIVATE KEY") {
            in_key_block = true;
        }
        if in_key_block {
            if line.contains("-----END") {
                in_key_block = false;
            }
            let indent = line.len() - line.trim_start().len();
            out.push_str(&line[..indent]);
            out.push_str(if line.contains("-----") {
                line.trim_start()
            } else {
                MARK
            });
            out.push_str(nl);
            continue;
        }
        let mut redacted = None;
        let t = line.trim_start().trim_start_matches("- ").trim_start();
        // `- value: …` starts another entry: the name on the line above was
        // the previous entry's.
        let new_item = line.trim_start().starts_with("- ");
        if let Some(c) = t.find(':') {
            let key = t[..c]
                .trim()
                .trim_matches(|ch| ch == '"' || ch == '\'')
                .to_ascii_lowercase();
            let value = t[c + 1..].trim().trim_end_matches(',');
            let is_secret = SECRET_KEYS.contains(&key.as_str())
                || (key == "value"
                    && ((prev_secret_name && !new_item)
                        || later_name_is_secret(&raws, i, line.len() - t.len())));
            let bare = strip_properties(value);
            if is_secret && (is_block_indicator(bare) || bare.is_empty()) {
                // `token: |` (or `token: !!str >-`, or `token:` with the value
                // on the lines below): the secret is the deeper lines.
                secret_block = Some(line.len() - t.len());
            }
            if is_secret {
                if let Some(q @ (b'"' | b'\'')) = bare.bytes().next() {
                    if super::scan::closing_quote(&bare[1..], q).is_none() {
                        secret_quote = Some(q);
                    }
                }
            }
            if is_secret
                && !is_block_indicator(bare)
                && !value.is_empty()
                && value != "\"\""
                && !is_marker(value)
            {
                carry = false;
                let vstart = line.len() - t.len() + c + 1;
                let lead = &line[vstart..];
                let ws = lead.len() - lead.trim_start().len();
                // The quotes as written: one left open on this line is
                // shown open, not closed by a quote the file does not have.
                let quoted = match value.as_bytes().first() {
                    Some(&q @ (b'"' | b'\'')) => {
                        let closed = super::scan::closing_quote(&value[1..], q).is_some();
                        let q = char::from(q);
                        if closed {
                            format!("{q}{MARK}{q}")
                        } else {
                            format!("{q}{MARK}")
                        }
                    }
                    _ => MARK.to_string(),
                };
                let comma = if t.trim_end().ends_with(',') { "," } else { "" };
                redacted = Some(format!("{}{quoted}{comma}", &line[..vstart + ws]));
            }
            // A second `value` in the same entry (a duplicated key) is as
            // secret as the first.
            prev_secret_name = if key == "name" {
                is_secret_name(value.trim_matches(|ch| ch == '"' || ch == '\'' || ch == ','))
            } else {
                key == "value" && prev_secret_name
            };
        } else {
            let after_secret_name = std::mem::take(&mut prev_secret_name);
            // `token abc` — a secret key whose colon was lost, or an env
            // entry's `value abc` under (or above) a secret name.
            if let Some((key, value)) = t.split_once(char::is_whitespace) {
                let secret = is_secret_key(key)
                    || (key == "value"
                        && ((after_secret_name && !new_item)
                            || later_name_is_secret(&raws, i, line.len() - t.len())));
                if secret && !value.trim().is_empty() {
                    redacted = Some(format!("{}{key} {MARK}", &line[..line.len() - t.len()]));
                }
            }
        }
        let line = redacted.unwrap_or_else(|| {
            let mut words = String::new();
            redact_words(line, &mut carry, &mut Vec::new(), &mut words);
            words
        });
        let (line, open) = redact_pairs(&line);
        if open.is_some() {
            secret_quote = open;
        }
        out.push_str(&line);
        out.push_str(nl);
    }
    out
}

/// A block scalar's header (`|`, `>-`, `|2+`…, perhaps with a comment): the
/// value is on the lines below.
fn is_block_indicator(value: &str) -> bool {
    let v = value.split(" #").next().unwrap_or(value).trim_end();
    let mut b = v.bytes();
    matches!(b.next(), Some(b'|' | b'>')) && b.all(|c| matches!(c, b'-' | b'+' | b'1'..=b'9'))
}

/// `value` without the tags and anchors in front of it (`!!str |`, `&a x`).
fn strip_properties(value: &str) -> &str {
    let mut v = value.trim_start();
    while v.starts_with(['!', '&']) {
        v = v
            .split_once(char::is_whitespace)
            .map_or("", |(_, rest)| rest.trim_start());
    }
    v
}

/// How far below a `value` key its entry's `name` is looked for.
const NAME_LOOKAHEAD: usize = 8;

/// Whether the env entry whose `value` key starts at byte `col` of line `i`
/// names a secret further down: `- value: …` written above
/// `name: AWS_SECRET_ACCESS_KEY` (hand-written files, and JSON from tools that
/// keep insertion order). The entry's keys are the lines indented exactly to
/// `col`; a line indented less, or a new `- ` item, ends it.
fn later_name_is_secret(lines: &[&str], i: usize, col: usize) -> bool {
    let quotes = |ch| ch == '"' || ch == '\'' || ch == ',';
    for next in lines.iter().skip(i + 1).take(NAME_LOOKAHEAD) {
        let next = next.trim_end();
        let t = next.trim_start();
        let indent = next.len() - t.len();
        if t.is_empty() || t.starts_with('#') || indent > col {
            continue;
        }
        if indent < col || t.starts_with('-') {
            return false;
        }
        if let Some((k, v)) = t.split_once(':') {
            if k.trim().trim_matches(quotes).eq_ignore_ascii_case("name") {
                return is_secret_name(v.trim().trim_matches(quotes));
            }
        }
    }
    false
}

/// Redacts one line (for excerpts shown next to a finding).
pub fn redact_line(line: &str) -> String {
    redact_text(line)
}

/// Redacts `line` knowing the lines around it: the name of an env entry's
/// secret may come before its `value` or after it, and a duplicated `value`
/// follows another one.
pub fn redact_line_within(before: &[&str], line: &str, after: &[&str]) -> String {
    let mut text = String::new();
    for l in before {
        text.push_str(l);
        text.push('\n');
    }
    text.push_str(line);
    for l in after {
        text.push('\n');
        text.push_str(l);
    }
    let redacted = redact_text(&text);
    redacted
        .split('\n')
        .nth(before.len())
        .unwrap_or_default()
        .to_string()
}

/// Where column `column` (1-based, in characters) of `original` is in
/// `redacted`, the same line with credentials replaced by [`MARK`]: a caret
/// drawn under a redacted excerpt must follow the text the redaction
/// shortened or lengthened. A column inside a replaced credential moves to
/// the start of its mark; one past the end of `original` stays as far past
/// the end of `redacted`.
///
/// The redactor only ever puts `MARK` in place of a span, so the text between
/// marks is the original's: each piece is found in `original` in turn (the
/// last one at its end). Where the redactor dropped more than a span (the
/// rest of a line after a secret), the column moves to the end of what is
/// shown.
pub fn redacted_column(original: &str, redacted: &str, column: usize) -> usize {
    let col = column.saturating_sub(1);
    // The byte the column is at, and how many characters past the end it is.
    let (target, beyond) = match original.char_indices().nth(col) {
        Some((i, _)) => (i, 0),
        None => (original.len(), col - original.chars().count()),
    };
    let chars = |b: usize| redacted.get(..b).map_or(0, |s| s.chars().count());
    let pieces: Vec<&str> = redacted.split(MARK).collect();
    let (mut o, mut r) = (0usize, 0usize);
    for (k, piece) in pieces.iter().enumerate() {
        let rest = original.get(o..).unwrap_or_default();
        let same = rest
            .bytes()
            .zip(piece.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        if target < o + same || (target == o + same && same < piece.len()) {
            return chars(r + target - o) + 1;
        }
        if same < piece.len() {
            // The redaction changed more than a span: clamp to what is shown.
            return chars(redacted.len()) + 1;
        }
        o += same;
        r += same;
        let Some(next) = pieces.get(k + 1) else {
            // The last piece: the column is at the end of the line or past it.
            return chars(r) + 1 + beyond;
        };
        // The credential runs to where the next piece starts (the last piece
        // ends the line).
        let rest = original.get(o..).unwrap_or_default();
        let len = if k + 2 == pieces.len() && rest.ends_with(next) {
            rest.len() - next.len()
        } else {
            rest.find(next).unwrap_or(rest.len())
        };
        if target < o + len {
            return chars(r) + 1;
        }
        o += len;
        r += MARK.len();
    }
    chars(redacted.len()) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_moves_with_the_text_around_a_redacted_credential() {
        let col = |original: &str, column: usize| {
            let redacted = redact_line(original);
            (
                redacted.clone(),
                redacted_column(original, &redacted, column),
            )
        };
        // `]` after a token: the token is shorter once redacted.
        let line = "  user: {token: abcdefghijklmnopqrstuvwxyz0123456789, username: admin]";
        let (r, c) = col(line, line.find(']').unwrap() + 1);
        assert_eq!(r, "  user: {token: REDACTED, username: admin]");
        assert_eq!(r.chars().nth(c - 1), Some(']'));
        // Before the token, nothing moves; inside it, the caret is on the mark.
        assert_eq!(col(line, 3).1, 3);
        assert_eq!(col(line, line.find("mnop").unwrap() + 1).1, 17);
        // A shorter secret makes the text after it move right.
        let line = "{\"token\": \"x\", \"a\": 1,, ü}";
        let (r, c) = col(line, line.find(",,").unwrap() + 2);
        assert_eq!(r, "{\"token\": \"REDACTED\", \"a\": 1,, ü}");
        assert_eq!(&r[r.find(",,").unwrap() + 1..][..1], ",");
        assert_eq!(r.chars().nth(c - 1), Some(','));
        assert_eq!(col(line, line.chars().count()).1, r.chars().count());
        // Two credentials on a line.
        let line = "{token: aaaaaaaaaaaaaaaa, password: bb, x: y: z}";
        let (r, c) = col(line, line.find("y:").unwrap() + 2);
        assert_eq!(r, "{token: REDACTED, password: REDACTED, x: y: z}");
        assert_eq!(&r[c - 2..c], "y:");
        // A value the redaction drops with the rest of its line: the caret
        // stays on the line shown, and past the end stays past the end.
        let line = "    token: abcdefghijklmnopqrstuvwxyz0123456789    username: admin";
        let (r, c) = col(line, line.find(": admin").unwrap() + 1);
        assert_eq!(r, "    token: REDACTED");
        assert_eq!(c, 12);
        assert_eq!(col(line, line.chars().count() + 1).1, r.chars().count() + 1);
        assert_eq!(col("a: b", 9).1, 9);
        // A line without credentials is shown as it is.
        assert_eq!(col("a: b", 3).1, 3);
    }

    #[test]
    fn a_secret_written_as_a_block_scalar_is_redacted_line_by_line() {
        let text = "users:\n- name: a\n  user:\n    password: |\n      hunter2\n\n      and-more\n    username: admin\n- name: b\n  user:\n    client-key-data: >-\n      c2VjcmV0LWtleQ==\n    token: x\n";
        let r = redact_text(text);
        assert!(!r.contains("hunter2") && !r.contains("and-more"), "{r}");
        assert!(!r.contains("c2VjcmV0LWtleQ=="), "{r}");
        // The lines after the block are read as before.
        assert!(r.contains("    username: admin\n"), "{r}");
        assert!(r.contains("    token: REDACTED\n"), "{r}");
        // Line structure is kept: line numbers still match.
        assert_eq!(r.lines().count(), text.lines().count());
        // A block under a key that is not secret is shown.
        let text = "clusters:\n- cluster:\n    server: |\n      https://x\n";
        assert_eq!(redact_text(text), text);
    }

    #[test]
    fn a_secret_on_the_lines_below_its_key_is_redacted_there() {
        for (text, secret) in [
            ("users:\n- name: u\n  user:\n    token: \"eyJhbGciOiJSUzI1NiIs\n      dq2ndlinesecretXYZ\"\n    username: admin\n", "dq2ndlinesecretXYZ"),
            ("users:\n- name: u\n  user:\n    password: 'it''s\n      sq2ndline'\n    username: admin\n", "sq2ndline"),
            ("users:\n- name: u\n  user:\n    token: !!str |\n      tagblocksecret\n    username: admin\n", "tagblocksecret"),
            ("users:\n- name: u\n  user:\n    token: &a |\n      anchorsecret\n    username: admin\n", "anchorsecret"),
            ("users:\n- name: u\n  user:\n    password:\n      plainbelow\n    username: admin\n", "plainbelow"),
            ("    env:\n    - name: AWS_SECRET_ACCESS_KEY\n      value: \"line1\n        s3cr3t\"\n    - name: AWS_PROFILE\n      value: admin\n", "s3cr3t"),
        ] {
            let r = redact_text(text);
            assert!(!r.contains(secret), "{r}");
            // What follows the secret is read as before, and lines stay lines.
            assert!(r.contains("admin"), "{r}");
            assert_eq!(r.lines().count(), text.lines().count(), "{r}");
        }
        // A quoted secret closed on its own line ends there.
        let text = "    token: \"abc\"\n    username: \"admin\"\n";
        assert_eq!(
            redact_text(text),
            "    token: \"REDACTED\"\n    username: \"admin\"\n"
        );
    }

    /// A credential in a quote that never closes is shown as written, open:
    /// no closing quote the file does not have.
    #[test]
    fn an_unclosed_quote_stays_open_and_a_closed_one_keeps_its_quotes() {
        assert_eq!(
            redact_line("    token: \"eyJhbGciOi.abc"),
            "    token: \"REDACTED"
        );
        assert_eq!(
            redact_line("    password: 'hunter2"),
            "    password: 'REDACTED"
        );
        assert_eq!(
            redact_line("    password: 'hunter2'"),
            "    password: 'REDACTED'"
        );
        assert_eq!(redact_line("    token: \"abc\\\""), "    token: \"REDACTED");
        assert_eq!(
            redact_line("    token: \"abc\","),
            "    token: \"REDACTED\","
        );
        // Over lines, the quote closes where the file closes it, and
        // redacting the redacted text again changes nothing (the check
        // output redacts an excerpt's neighbours a second time).
        let text = "    password: \"abc: x\n    def\" # note\n    as-group: ops\n";
        let once = redact_text(text);
        assert_eq!(
            once,
            "    password: \"REDACTED\n    REDACTED\" # note\n    as-group: ops\n"
        );
        assert_eq!(redact_text(&once), once);
        let flow = "  user: {password: \"abc\n    def\", token: xyz}\n";
        assert_eq!(
            redact_text(flow),
            "  user: {password: \"REDACTED\n    REDACTED\", token: REDACTED}\n"
        );
    }

    #[test]
    fn an_escaped_quote_does_not_end_a_single_quoted_secret() {
        for text in [
            "users: [{name: a, user: {password: 'DATA+OMITTED''hunter2'}}]\n",
            "users: [{name: a, user: {password: 'it''s hunter2', username: u}}]\n",
        ] {
            let r = redact_text(text);
            assert!(!r.contains("hunter2"), "{r}");
        }
    }

    #[test]
    fn a_command_line_is_the_redacted_args_joined() {
        let args: Vec<String> = [
            "--token",
            "abc",
            "--region",
            "eu-west-1",
            "--password=x",
            "k8s-aws-v1.aHR0cHM6Ly9zdHM",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut line = String::from("aws");
        push_redacted_args(&args, &mut line);
        let want = format!("aws {}", redact_args(&args).join(" "));
        assert_eq!(line, want);
        assert!(
            !line.contains("abc") && line.contains("eu-west-1"),
            "{line}"
        );
    }

    #[test]
    fn a_marker_after_an_equals_sign_is_no_secret_either() {
        let args = |a: &[&str]| arg_secrets(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(args(&["--token", "REDACTED"]), vec![]);
        assert_eq!(args(&["--token=REDACTED"]), vec![]);
        assert_eq!(args(&["--token=abc"]), vec![(0, ArgSecret::FlagValue)]);
    }

    #[test]
    fn words_split_where_the_char_rules_split_them() {
        for s in [
            "",
            " ",
            "a",
            "--token abc",
            "a,b[c]{d}\"e'f",
            "x\ty\r\nz\x0b\x0cw",
            "é ü",
            "a\u{a0}b",
            "a\u{2003}b\u{3000}c",
            "\u{85}x",
            "日本 語",
            "-",
        ] {
            let mut i = 0;
            while i < s.len() {
                for sep in [true, false] {
                    let want = s[i..]
                        .find(|c: char| is_word_sep(c) != sep)
                        .unwrap_or(s.len() - i);
                    assert_eq!(run_len(&s[i..], sep), want, "{s:?} at {i}, sep {sep}");
                }
                i += s[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }

    #[test]
    fn redacts_known_keys_env_values_tokens_and_keys() {
        let text = "users:\n- name: a\n  user:\n    token: eyJhbGciOi.eyJzdWIi.sig\n    password: \"hunter2\"\n    exec:\n      env:\n      - name: AWS_SECRET_ACCESS_KEY\n        value: wJalrXUtnFEMI/K7MDENG\n      - name: AWS_PROFILE\n        value: prod\n      args: [\"--token\", \"k8s-aws-v1.aHR0cHM6Ly9zdHM\"]\n    client-key-data: LS0tLS1CRUdJTiBSU0E=\n";
        let r = redact_text(text);
        for secret in [
            "eyJhbGciOi",
            "hunter2",
            "wJalrXUtnFEMI",
            "aHR0cHM6Ly9zdHM",
            "LS0tLS1CRUdJTiBSU0E",
        ] {
            assert!(!r.contains(secret), "{secret} leaked:\n{r}");
        }
        assert!(r.contains("value: prod"));
        assert_eq!(redact_line("    token abc123"), "    token REDACTED");
        assert!(r.contains("password: \"REDACTED\""));
        assert_eq!(r.lines().count(), text.lines().count());
    }

    #[test]
    fn redacts_damaged_jwts_too() {
        for line in [
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIi+OiJ4In0.c2ln/bmF0dXJl",
            "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0",
        ] {
            let r = redact_text(line);
            assert!(!r.contains("eyJzdWIi") && !r.contains("c2ln"), "{r}");
        }
        assert_eq!(redact_text("key: eyJust a word."), "key: eyJust a word.");
    }

    #[test]
    fn an_env_value_that_lost_its_colon_is_still_redacted() {
        let text = "      env:\n      - name: AWS_SECRET_ACCESS_KEY\n        value wJalrSECRETKEY\n      - name: REGION\n        value eu-west-1\n";
        let out = redact_text(text);
        assert!(!out.contains("wJalr"), "{out}");
        assert!(out.contains("        value REDACTED\n"), "{out}");
        // A value that is not a secret's stays readable.
        assert!(out.contains("value eu-west-1"), "{out}");
    }

    #[test]
    fn a_token_followed_by_a_colon_is_still_redacted() {
        // Found by the `eks_token` fuzz target: the word looked like a YAML key.
        for text in [
            "k8s-aws-v1.aHR0cHM6Ly9zdHM: Unauthorized",
            "error eyJhbGciOi.eyJzdWIi.c2ln: expired",
        ] {
            let out = redact_text(text);
            assert!(
                !out.contains("aHR0cHM6") && !out.contains("eyJzdWIi"),
                "{out}"
            );
            assert!(out.contains(MARK) && out.contains(": "), "{out}");
        }
    }

    #[test]
    fn redacts_pem_private_keys_but_not_certificates() {
        let text = "-----BEGIN CERTIFICATE-----\nMIIBxx\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n";
        let r = redact_text(text);
        assert!(r.contains("MIIBxx"));
        assert!(!r.contains("MIIEvQ"));
    }

    /// The hand-written word split agrees with the obvious iterator version.
    #[test]
    fn secret_flag_words_match_a_plain_split() {
        fn reference(arg: &str) -> bool {
            let Some(name) = arg.strip_prefix('-') else {
                return false;
            };
            let name = name.trim_start_matches('-');
            let name = name.split('=').next().unwrap_or(name);
            let mut words = name.split(['-', '_']).filter(|w| !w.is_empty()).rev();
            let (Some(last), before) = (words.next(), words.next()) else {
                return false;
            };
            let any = |w: &str, of: &[&str]| of.iter().any(|s| w.eq_ignore_ascii_case(s));
            any(last, &["token", "password", "passwd", "secret", "apikey"])
                || (last.eq_ignore_ascii_case("key")
                    && before.is_some_and(|b| any(b, &["secret", "access", "private", "api"])))
        }
        let parts = [
            "-", "--", "_", "=", "token", "KEY", "secret", "access", "x", "é", "api", "",
        ];
        let mut n = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in parts {
                        let arg = format!("{a}{b}{c}{d}");
                        assert_eq!(is_secret_flag(&arg), reference(&arg), "{arg:?}");
                        n += 1;
                    }
                }
            }
        }
        assert_eq!(n, 12 * 12 * 12 * 12);
    }

    #[test]
    fn secret_flags_are_recognised_by_their_last_word() {
        for f in [
            "--token",
            "--id-token",
            "--oidc-client-secret",
            "--password",
            "--aws-secret-access-key",
            "-token",
            "--client-secret=abc",
        ] {
            assert!(is_secret_flag(f), "{f}");
        }
        for f in [
            "--token-cache-dir",
            "--password-stdin",
            "--client-key",
            "--cluster-name",
            "token",
            "--tokenFile",
        ] {
            assert!(!is_secret_flag(f), "{f}");
        }
    }

    #[test]
    fn args_lose_their_credentials_and_keep_the_rest() {
        let args: Vec<String> = [
            "eks",
            "get-token",
            "--cluster-name",
            "demo",
            "--token",
            "s3cr3t-one",
            "--client-secret=s3cr3t-two",
            "k8s-aws-v1.aHR0cHM6Ly9zdHM",
            "--password s3cr3t-three",
            "eyJhbGciOi.eyJzdWIi.c2ln",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let r = redact_args(&args);
        let joined = r.join(" ");
        for secret in ["s3cr3t", "aHR0cHM6Ly9zdHM", "eyJhbGciOi"] {
            assert!(!joined.contains(secret), "{secret} leaked: {joined}");
        }
        assert_eq!(
            joined,
            "eks get-token --cluster-name demo --token REDACTED --client-secret=REDACTED k8s-aws-v1.REDACTED --password REDACTED REDACTED"
        );
        assert_eq!(
            arg_secrets(&args),
            vec![
                (5, ArgSecret::FlagValue),
                (6, ArgSecret::FlagValue),
                (7, ArgSecret::EksToken),
                (8, ArgSecret::FlagValue),
                (9, ArgSecret::Jwt),
            ]
        );
    }

    #[test]
    fn exec_args_and_env_in_yaml_are_redacted_in_every_layout() {
        let text = "      args:\n      - --token\n      - s3cr3t-block\n      - --cluster-name\n      - demo\n      args: [\"--password\", \"s3cr3t-flow\", --client-secret=s3cr3t-eq]\n      args: [--oidc-client-secret, 's3cr3t-single']\n      env: [{name: AWS_SESSION_TOKEN, value: s3cr3t-env}, {name: AWS_PROFILE, value: prod}]\n";
        let r = redact_text(text);
        assert!(!r.contains("s3cr3t"), "{r}");
        assert!(r.contains("- demo"), "{r}");
        assert!(r.contains("value: prod"), "{r}");
        assert_eq!(r.lines().count(), text.lines().count());
    }

    #[test]
    fn credential_env_names_exclude_paths() {
        assert!(is_credential_env("AWS_SECRET_ACCESS_KEY"));
        assert!(is_credential_env("AWS_SESSION_TOKEN"));
        assert!(is_credential_env("VAULT_TOKEN"));
        assert!(!is_credential_env("AWS_WEB_IDENTITY_TOKEN_FILE"));
        assert!(!is_credential_env("AWS_PROFILE"));
        assert!(is_secret_key("client-secret"));
        assert!(is_secret_key("id-token"));
        assert!(!is_secret_key("token-key"));
        assert!(!is_secret_key("client-id"));
    }

    #[test]
    fn a_line_is_redacted_with_the_name_above_it() {
        let r = redact_line_within(
            &["      - name: AWS_SECRET_ACCESS_KEY"],
            "        value: wJalrXUtnFEMI: x",
            &[],
        );
        assert_eq!(r, "        value: REDACTED");
        assert_eq!(redact_line_within(&[""], "a: b", &[]), "a: b");
    }

    #[test]
    fn an_env_value_is_redacted_when_its_secret_name_comes_after_it() {
        let text = "      env:\n      - value: wJalrXUtnFEMI/K7MDENG\n        # the key\n        name: AWS_SECRET_ACCESS_KEY\n      - value: eu-west-1\n        name: AWS_REGION\n      - value: prod\n      - name: AWS_SESSION_TOKEN\n";
        let r = redact_text(text);
        assert!(r.contains("- value: REDACTED\n"), "{r}");
        assert!(
            r.contains("value: eu-west-1") && r.contains("value: prod"),
            "{r}"
        );
        let json =
            "{\n  \"value\": \"wJalrXUtnFEMI/K7MDENG\",\n  \"name\": \"AWS_SECRET_ACCESS_KEY\"\n}";
        assert!(
            !redact_text(json).contains("wJalr"),
            "{}",
            redact_text(json)
        );
        assert_eq!(
            redact_line_within(
                &["      env:"],
                "      - value: wJalrXUtnFEMI/K7MDENG",
                &["        name: AWS_SECRET_ACCESS_KEY"]
            ),
            "      - value: REDACTED"
        );
    }

    #[test]
    fn a_duplicated_secret_env_value_is_redacted_twice() {
        let r = redact_line_within(
            &[
                "      - name: AWS_SECRET_ACCESS_KEY",
                "        value: wJalrXUtnFEMI/one",
            ],
            "        value: wJalrXUtnFEMI/two",
            &[],
        );
        assert_eq!(r, "        value: REDACTED");
    }

    #[test]
    fn a_flow_env_value_is_redacted_when_its_secret_name_comes_after_it() {
        let r = redact_text(
            "env: [{value: eu-west-1, name: AWS_REGION}, {value: wJalrXUtnFEMI/K7MDENG, name: AWS_SECRET_ACCESS_KEY}]",
        );
        assert_eq!(
            r,
            "env: [{value: eu-west-1, name: AWS_REGION}, {value: REDACTED, name: AWS_SECRET_ACCESS_KEY}]"
        );
    }

    #[test]
    fn a_redaction_marker_is_shown_as_it_is_and_a_real_secret_is_not() {
        let text = "    client-key-data: DATA+OMITTED\n    token: \"REDACTED\"\n    password: '[REDACTED]'\n    client-key-data: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t\n    token: DATA+OMITTEDx\n";
        assert_eq!(
            redact_text(text),
            "    client-key-data: DATA+OMITTED\n    token: \"REDACTED\"\n    password: '[REDACTED]'\n    client-key-data: REDACTED\n    token: REDACTED\n"
        );
        assert_eq!(
            redact_text("{\"client-key-data\": \"DATA+OMITTED\", \"token\": \"abc\"}"),
            "{\"client-key-data\": \"DATA+OMITTED\", \"token\": \"REDACTED\"}"
        );
    }

    #[test]
    fn redacts_secret_pairs_inside_json_and_flow_lines() {
        let cases = [
            (
                r#"  "users": [{"name": "a", "user": {"token": "s3cr3t-1"}}],"#,
                r#"  "users": [{"name": "a", "user": {"token": "REDACTED"}}],"#,
            ),
            (
                "- {name: a, user: {password: s3cr3t, username: bob}}",
                "- {name: a, user: {password: REDACTED, username: bob}}",
            ),
            ("server: https://x:443", "server: https://x:443"),
        ];
        for (line, want) in cases {
            assert_eq!(redact_text(line), want);
        }
        let env = redact_text(r#"env: [{"name": "AWS_SESSION_TOKEN", "value": "s3cr3t"}]"#);
        assert!(!env.contains("s3cr3t"), "{env}");
    }
}
