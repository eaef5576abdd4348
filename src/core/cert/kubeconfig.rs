//! Certificates inside a kubeconfig: `certificate-authority-data`,
//! `client-certificate-data` and `client-key-data` are decoded into fields,
//! paired through the contexts (which client certificate is used with which
//! CA, which key with which certificate), checked by the certificate rules,
//! and shown as cards in the kubeconfig overview. Findings point at the
//! `*-data` key's line.

use super::card::{self, CertCard};
use super::{Analysis, ClientUse, Field, FieldKind};
use crate::core::finding::{NoPositions, Sink};
use crate::core::fxhash::FxHashMap;
use crate::core::kubeconfig::Cx;
use crate::core::source::Path;
use std::collections::hash_map::Entry;

/// At most this many CA certificates of one field are tried as issuers.
const MAX_ISSUER_CANDIDATES: usize = 8;

/// Values that are placeholders, not data: `kubectl config view` without
/// `--raw` prints `DATA+OMITTED` / `REDACTED`; docs use `<base64-encoded-ca>`.
/// The kubeconfig rules report those; here they are skipped.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || v == "DATA+OMITTED"
        || v == "REDACTED"
        || (v.starts_with('<') && v.ends_with('>'))
        || v.starts_with("${")
}

/// Keyed by the whole base64 value (1–2 KB each): see [`crate::core::fxhash`].
type Memo<'c> = FxHashMap<(FieldKind, &'c str), usize>;

/// A file path given instead of data (`certificate-authority: /etc/…`).
#[derive(Clone, Debug, PartialEq)]
struct FileRef {
    title: String,
    key: &'static str,
    file: String,
    path: Path,
}

/// Decodes one value into a new field (or copies an identical one decoded before).
fn add<'c>(
    a: &mut Analysis,
    memo: &mut Memo<'c>,
    kind: FieldKind,
    value: &'c str,
    entry: Option<&str>,
    path: Path,
    in_current: bool,
) -> usize {
    let idx = a.fields.len();
    // One lookup: hashing a 1.5 KB CA twice per cluster showed in profiles.
    let mut field = match memo.entry((kind, value)) {
        Entry::Occupied(first) => a.fields[*first.get()].clone(),
        Entry::Vacant(slot) => {
            slot.insert(idx);
            Field::decode(kind, value, Path::root(), None, None)
        }
    };
    field.path = path;
    field.entry = entry.map(str::to_string);
    field.in_current_context = in_current;
    a.fields.push(field);
    idx
}

/// Decodes every `*-data` field and pairs them through the contexts.
fn analysis<'c>(cx: &Cx<'c>) -> (Analysis, Vec<FileRef>) {
    let mut a = Analysis {
        now: cx.opts.now,
        ..Analysis::default()
    };
    let mut files = Vec::new();
    // The same value (one CA for many clusters) is decoded once.
    let mut memo = Memo::default();
    let current_uses = |contexts: &[usize]| cx.current.is_some_and(|c| contexts.contains(&c));
    // Which contexts use each cluster and user, indexed once (a kubeconfig may
    // hold thousands of contexts).
    let mut by_cluster: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut by_user: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, nc) in cx.config.contexts.iter().enumerate() {
        if let Some(c) = &nc.context {
            if let Some(cl) = c.cluster.as_deref() {
                by_cluster.entry(cl).or_default().push(i);
            }
            if let Some(u) = c.user.as_deref() {
                by_user.entry(u).or_default().push(i);
            }
        }
    }
    let none: Vec<usize> = Vec::new();

    let mut ca_of_cluster: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, nc) in cx.config.clusters.iter().enumerate() {
        let Some(cluster) = &nc.cluster else { continue };
        let name = nc.name.as_deref().unwrap_or("");
        let base = cx.cluster_path(i).field("cluster");
        if let Some(v) = cluster.certificate_authority_data.as_deref() {
            if !is_placeholder(v) {
                let used = current_uses(by_cluster.get(name).unwrap_or(&none));
                let idx = add(
                    &mut a,
                    &mut memo,
                    FieldKind::CaData,
                    v,
                    Some(name),
                    base.field("certificate-authority-data"),
                    used,
                );
                ca_of_cluster.entry(name).or_insert(idx);
            }
        } else if let Some(f) = cluster
            .certificate_authority
            .as_deref()
            .filter(|f| !f.is_empty())
        {
            files.push(FileRef {
                title: format!("certificate-authority of cluster `{name}`"),
                key: "certificate-authority",
                file: f.to_string(),
                path: base.field("certificate-authority"),
            });
        }
    }
    for (i, nu) in cx.config.users.iter().enumerate() {
        let Some(user) = &nu.user else { continue };
        let name = nu.name.as_deref().unwrap_or("");
        let base = cx.user_path(i).field("user");
        let contexts = by_user.get(name).unwrap_or(&none);
        let used = current_uses(contexts);
        let mut cert_idx = None;
        let mut key_idx = None;
        if let Some(v) = user
            .client_certificate_data
            .as_deref()
            .filter(|v| !is_placeholder(v))
        {
            cert_idx = Some(add(
                &mut a,
                &mut memo,
                FieldKind::ClientCertData,
                v,
                Some(name),
                base.field("client-certificate-data"),
                used,
            ));
        } else if let Some(f) = user.client_certificate.as_deref().filter(|f| !f.is_empty()) {
            files.push(FileRef {
                title: format!("client-certificate of user `{name}`"),
                key: "client-certificate",
                file: f.to_string(),
                path: base.field("client-certificate"),
            });
        }
        if let Some(v) = user
            .client_key_data
            .as_ref()
            .map(|s| s.expose())
            .filter(|v| !is_placeholder(v))
        {
            key_idx = Some(add(
                &mut a,
                &mut memo,
                FieldKind::ClientKeyData,
                v,
                Some(name),
                base.field("client-key-data"),
                used,
            ));
        } else if let Some(f) = user.client_key.as_deref().filter(|f| !f.is_empty()) {
            files.push(FileRef {
                title: format!("client-key of user `{name}`"),
                key: "client-key",
                file: f.to_string(),
                path: base.field("client-key"),
            });
        }
        let Some(cert) = cert_idx else { continue };
        let mut use_ = ClientUse {
            cert,
            key: key_idx,
            cas: Vec::new(),
            contexts: Vec::new(),
        };
        for &ctx in contexts {
            let Some(nc) = cx.config.contexts.get(ctx) else {
                continue;
            };
            let cluster = nc.context.as_ref().and_then(|c| c.cluster.as_deref());
            if let Some(&ca) = cluster.and_then(|c| ca_of_cluster.get(c)) {
                if !use_.cas.contains(&ca) {
                    use_.cas.push(ca);
                }
                use_.contexts.push(nc.name.clone().unwrap_or_default());
            }
        }
        a.clients.push(use_);
    }
    // Each client certificate (and the intermediates sent with it in the
    // same field) against the certificates of its clusters' CAs.
    let mut pairs: Vec<((usize, usize), (usize, usize))> = Vec::new();
    for u in &a.clients {
        let chain = a.fields[u.cert].certs.len().min(MAX_ISSUER_CANDIDATES);
        for c in 0..chain {
            for &ca in &u.cas {
                let n = a.fields[ca].certs.len().min(MAX_ISSUER_CANDIDATES);
                pairs.extend((0..n).map(|k| ((u.cert, c), (ca, k))));
            }
        }
    }
    let client_fields: Vec<usize> = a.clients.iter().map(|u| u.cert).collect();
    for f in client_fields {
        if a.fields[f].certs.len() > 1 {
            a.check_bundle(f);
        }
    }
    for (child, issuer) in pairs {
        a.check_issuance(child, issuer);
    }
    (a, files)
}

/// Runs the certificate rules over a kubeconfig's `*-data` fields.
pub fn check(cx: &Cx, sink: &mut Sink) {
    // Positions only for a file with something to report: locating every
    // field would index the whole file, which a clean file never needs.
    let (mut a, _) = analysis(cx);
    let mut trial = Sink::new(&NoPositions);
    super::rules::run(&a, None, &mut trial);
    if trial.findings().is_empty() {
        return;
    }
    locate_fields(cx, &mut a);
    super::rules::run(&a, None, sink);
}

/// Fills in where each field is ([`analysis`] leaves that to its callers).
fn locate_fields(cx: &Cx, a: &mut Analysis) {
    for f in &mut a.fields {
        f.pos = cx.pos.locate(0, &f.path);
    }
}

/// Single-quoted for a shell; names with quotes fall back to an index.
fn jsonpath(list: &str, name: Option<&str>, index: usize, inner: &str, key: &str) -> String {
    match name.filter(|n| !n.contains(['\'', '"', '\\'])) {
        Some(n) => format!("{{.{list}[?(@.name==\"{n}\")].{inner}.{key}}}"),
        None => format!("{{.{list}[{index}].{inner}.{key}}}"),
    }
}

fn commands(a: &Analysis, fi: usize) -> Vec<String> {
    let f = &a.fields[fi];
    let (list, inner) = match f.kind {
        FieldKind::CaData => ("clusters", "cluster"),
        _ => ("users", "user"),
    };
    let index = f
        .path
        .segments()
        .get(1)
        .and_then(|s| match s {
            crate::core::source::Seg::Index(i) => Some(*i),
            _ => None,
        })
        .unwrap_or(0);
    let get = |key: &str| {
        format!(
            "kubectl config view --raw -o jsonpath='{}' | base64 -d",
            jsonpath(list, f.entry.as_deref(), index, inner, key)
        )
    };
    let mut out = Vec::new();
    match f.kind {
        FieldKind::ClientKeyData => {
            out.push(format!(
                "{} | openssl pkey -pubout   # the public half only",
                get(f.kind.key())
            ));
        }
        _ if f.certs.len() > 1 => {
            out.push(format!(
                "{} | openssl storeutl -noout -text -certs /dev/stdin",
                get(f.kind.key())
            ));
        }
        _ => out.push(format!(
            "{} | openssl x509 -noout -text -fingerprint -sha256",
            get(f.kind.key())
        )),
    }
    if f.kind == FieldKind::ClientCertData {
        if let Some(u) = a.clients.iter().find(|u| u.cert == fi) {
            if let Some(ca) = u.cas.first().and_then(|&c| a.fields.get(c)) {
                let ca_get = format!(
                    "kubectl config view --raw -o jsonpath='{}' | base64 -d",
                    jsonpath(
                        "clusters",
                        ca.entry.as_deref(),
                        match ca.path.segments().get(1) {
                            Some(crate::core::source::Seg::Index(i)) => *i,
                            _ => 0,
                        },
                        "cluster",
                        "certificate-authority-data"
                    )
                );
                out.push(format!(
                    "openssl verify -CAfile <({ca_get}) <({})",
                    get(f.kind.key())
                ));
            }
        }
    }
    out
}

/// A kubeconfig's certificate cards: one per `*-data` field, then one per
/// file path given instead, built a range at a time (the page's preview of a
/// large file builds the first ones, then the rest). The fields are decoded
/// and located once.
pub struct Cards {
    a: Analysis,
    files: Vec<FileRef>,
}

impl Cards {
    pub fn new(cx: &Cx) -> Cards {
        let (mut a, files) = analysis(cx);
        locate_fields(cx, &mut a);
        Cards { a, files }
    }

    /// The cards in `range` of the whole list.
    pub fn range(&self, cx: &Cx, range: std::ops::Range<usize>) -> Vec<CertCard> {
        let (a, fields) = (&self.a, self.a.fields.len());
        let total = fields + self.files.len();
        // Every field has its card, so card `i` is field `i`, then file
        // `i - fields`: the cards before the range are not built.
        (range.start.min(total)..range.end.min(total))
            .filter_map(|i| match i.checked_sub(fields) {
                None => card::card(a, i, commands(a, i)),
                Some(f) => self.files.get(f).map(|f| file_card(cx, f)),
            })
            .collect()
    }
}

/// The card of a file kubectl would read (`certificate-authority: /path`).
fn file_card(cx: &Cx, f: &FileRef) -> CertCard {
    CertCard {
        title: f.title.clone(),
        kind: match f.key {
            "certificate-authority" => FieldKind::CaData,
            "client-certificate" => FieldKind::ClientCertData,
            _ => FieldKind::ClientKeyData,
        },
        pos: cx.pos.locate(0, &f.path),
        path: f.path.clone(),
        encoding: format!("a file path: {}", f.file),
        certs: Vec::new(),
        keys: Vec::new(),
        notes: vec![match crate::core::kubeconfig::rules::path_not_expanded::shorthand(&f.file) {
            // kubectl would not find it, so `--flatten` fails too (KC034).
            Some(short) => format!(
                "kubectl does not expand `{short}`: it reads `<kubeconfig dir>/{}` on the machine where it runs, not the file the shell means by `{}`. Drop or paste that file here to check it, and write its full path in `{}`.",
                f.file, f.file, f.key
            ),
            None => format!(
                "kubectl reads `{}` on the machine where it runs; a web page cannot open a path. Drop or paste that file here to check it, or embed it with `kubectl config view --raw --flatten`, which turns `{}` into `{}-data`.",
                f.file, f.key, f.key
            ),
        }],
        openssl: vec![if f.key == "client-key" {
            format!("openssl pkey -in {} -pubout   # the public half only", f.file)
        } else {
            format!("openssl x509 -in {} -noout -text -fingerprint -sha256", f.file)
        }],
    }
}
