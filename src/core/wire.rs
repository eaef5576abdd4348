//! The page's wire format for a [`Report`]: how a report analysed in the Web Worker
//! crosses to the page (postcard, a compact binary serde format). Page-only: this
//! module and the serde derives it relies on exist only on wasm32 and in tests, so
//! the CLI has no way to serialise a report wholesale; its JSON output is built
//! field by field in `render.rs`. A report holds no credential (explanations mask
//! them; the page reveals from the input's text) and
//! [`Secret`](super::secret::Secret) has no `Serialize` at all.
//!
//! Both ends are the same wasm module, so the encoding needs no versioning.

use super::finding::Finding;
use super::kubeconfig::overview::{ClusterView, ContextView, UserView};
use super::kubeconfig::story::ContextStory;
use super::report::{Explanation, Report};
use super::{cert::CertCard, exec::ExecFlow};
use serde::{de::DeserializeOwned, Serialize};
use std::any::Any;

/// The report as bytes for `postMessage`.
pub fn encode(report: &Report) -> Vec<u8> {
    // Serialising plain data into a Vec cannot fail.
    postcard::to_allocvec(report).unwrap_or_default()
}

/// The report `encode` wrote, or `None` if the bytes are not one.
pub fn decode(bytes: &[u8]) -> Option<Report> {
    postcard::from_bytes(bytes).ok()
}

/// How many bytes of list items go in one part of [`encode_parts`]: decoding one
/// takes about a millisecond on the page.
pub const PART_BYTES: usize = 512 * 1024;

/// The lists that make a report large, each taken out of it (a 5,000-context
/// kubeconfig's report is 59 MB encoded, nearly all of it in these).
#[derive(Default)]
struct Lists {
    findings: Vec<Finding>,
    contexts: Vec<ContextView>,
    clusters: Vec<ClusterView>,
    users: Vec<UserView>,
    flows: Vec<ExecFlow>,
    stories: Vec<ContextStory>,
    certificates: Vec<CertCard>,
}

impl Lists {
    fn take(report: &mut Report) -> Lists {
        let mut lists = Lists {
            findings: std::mem::take(&mut report.findings),
            ..Lists::default()
        };
        if let Explanation::Kubeconfig(o) = &mut report.explanation {
            lists.contexts = std::mem::take(&mut o.contexts);
            lists.clusters = std::mem::take(&mut o.clusters);
            lists.users = std::mem::take(&mut o.users);
            lists.flows = std::mem::take(&mut o.exec_flows);
            lists.stories = std::mem::take(&mut o.stories);
            lists.certificates = std::mem::take(&mut o.certificates);
        }
        lists
    }

    /// Puts the lists [`Lists::take`] took back into `report`.
    fn put_back(self, report: &mut Report) {
        report.findings = self.findings;
        if let Explanation::Kubeconfig(o) = &mut report.explanation {
            o.contexts = self.contexts;
            o.clusters = self.clusters;
            o.users = self.users;
            o.exec_flows = self.flows;
            o.stories = self.stories;
            o.certificates = self.certificates;
        }
    }
}

/// A report split for the trip to the page: first the report with its long lists
/// emptied, then the lists' items in parts of about [`PART_BYTES`], in order. The
/// page decodes one part per message event, so no single task decodes the whole
/// report ([`Assembly`] puts it back together). `report` is left as it was.
pub fn encode_parts(report: &mut Report, part_bytes: usize) -> Vec<Vec<u8>> {
    let lists = Lists::take(report);
    let mut out = vec![encode(report)];
    push_parts(0, &lists.findings, part_bytes, &mut out);
    push_parts(1, &lists.contexts, part_bytes, &mut out);
    push_parts(2, &lists.clusters, part_bytes, &mut out);
    push_parts(3, &lists.users, part_bytes, &mut out);
    push_parts(4, &lists.flows, part_bytes, &mut out);
    push_parts(5, &lists.stories, part_bytes, &mut out);
    push_parts(6, &lists.certificates, part_bytes, &mut out);
    lists.put_back(report);
    out
}

/// Appends `items` as parts: a tag byte naming the list, then a postcard sequence
/// (its length as a varint, then the items, each as postcard writes it alone).
fn push_parts<T: Serialize>(tag: u8, items: &[T], part_bytes: usize, out: &mut Vec<Vec<u8>>) {
    let mut body = Vec::new();
    let mut count = 0usize;
    for item in items {
        // The same flavour as `encode`, so no second serialiser is instantiated.
        body.extend(postcard::to_allocvec(item).unwrap_or_default());
        count += 1;
        if body.len() >= part_bytes {
            out.push(part(tag, count, &body));
            body.clear();
            count = 0;
        }
    }
    if count > 0 {
        out.push(part(tag, count, &body));
    }
}

fn part(tag: u8, count: usize, body: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(body.len() + 11);
    bytes.push(tag);
    let mut n = count;
    while n >= 0x80 {
        bytes.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    bytes.push(n as u8);
    bytes.extend_from_slice(body);
    bytes
}

/// The page's side of [`encode_parts`]: the head, then each part as it arrives.
pub struct Assembly {
    report: Report,
}

impl Assembly {
    /// Starts from the head (the first of `encode_parts`), or `None` if the bytes
    /// are not one.
    pub fn start(head: &[u8]) -> Option<Assembly> {
        decode(head).map(|report| Assembly { report })
    }

    /// Adds the next part; `None` if the bytes are not a part of this report (the
    /// assembly is then unusable: the page analyses on its own).
    pub fn add(&mut self, bytes: &[u8]) -> Option<()> {
        let (&tag, rest) = bytes.split_first()?;
        let report = &mut self.report;
        if tag == 0 {
            return extend(&mut report.findings, rest);
        }
        let Explanation::Kubeconfig(o) = &mut report.explanation else {
            return None;
        };
        match tag {
            1 => extend(&mut o.contexts, rest),
            2 => extend(&mut o.clusters, rest),
            3 => extend(&mut o.users, rest),
            4 => extend(&mut o.exec_flows, rest),
            5 => extend(&mut o.stories, rest),
            6 => extend(&mut o.certificates, rest),
            _ => None,
        }
    }

    pub fn finish(self) -> Report {
        self.report
    }
}

fn extend<T: DeserializeOwned>(list: &mut Vec<T>, bytes: &[u8]) -> Option<()> {
    list.extend(postcard::from_bytes::<Vec<T>>(bytes).ok()?);
    Some(())
}

/// `report` cut into pieces of at most `items` list items each (and the rest of
/// the report as the last piece), so that the page can free a large report a
/// few pieces per task instead of all at once (~30 ms for 5,000 contexts).
pub fn shed(mut report: Report, items: usize) -> Vec<Box<dyn Any>> {
    let lists = Lists::take(&mut report);
    let mut pieces = Vec::new();
    pieces_of(lists.findings, items, &mut pieces);
    pieces_of(lists.contexts, items, &mut pieces);
    pieces_of(lists.clusters, items, &mut pieces);
    pieces_of(lists.users, items, &mut pieces);
    pieces_of(lists.flows, items, &mut pieces);
    pieces_of(lists.stories, items, &mut pieces);
    pieces_of(lists.certificates, items, &mut pieces);
    pieces.push(Box::new(report));
    pieces
}

fn pieces_of<T: 'static>(mut list: Vec<T>, items: usize, pieces: &mut Vec<Box<dyn Any>>) {
    let items = items.max(1);
    // From the end, so each split moves only the piece it cuts off.
    while list.len() > items {
        let tail = list.split_off(list.len() - items);
        pieces.push(Box::new(tail));
    }
    if !list.is_empty() {
        pieces.push(Box::new(list));
    }
}

/// `Finding::rule`: a `&'static RuleMeta` travels as its code and is looked up in
/// the registry on arrival.
pub mod rule {
    use crate::core::rule::RuleMeta;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    thread_local! {
        static RULES: Vec<&'static RuleMeta> = crate::core::registry::all();
    }

    pub fn serialize<S: Serializer>(rule: &&'static RuleMeta, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(rule.code)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static RuleMeta, D::Error> {
        let code = <&str>::deserialize(d)?;
        RULES
            .with(|all| all.iter().copied().find(|r| r.code == code))
            .ok_or_else(|| D::Error::custom("unknown rule code"))
    }
}

/// Text the core keeps as `&'static str` (titles, methods, partitions: always
/// literals in this binary). On arrival each distinct value is leaked once and
/// reused, so memory is bounded by the number of such literals, not by reports.
pub mod static_str {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::cell::RefCell;
    use std::collections::HashSet;

    thread_local! {
        static INTERNED: RefCell<HashSet<&'static str>> = RefCell::new(HashSet::new());
    }

    pub(super) fn intern(s: &str) -> &'static str {
        INTERNED.with(|set| {
            let mut set = set.borrow_mut();
            if let Some(&hit) = set.get(s) {
                return hit;
            }
            let leaked: &'static str = Box::leak(s.to_owned().into_boxed_str());
            set.insert(leaked);
            leaked
        })
    }

    pub fn serialize<S: Serializer>(s: &&'static str, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        <&str>::deserialize(d).map(intern)
    }
}

/// `Option<&'static str>`, as [`static_str`].
pub mod opt_static_str {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(s: &Option<&'static str>, ser: S) -> Result<S::Ok, S::Error> {
        s.serialize(ser)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
        Ok(Option::<&str>::deserialize(d)?.map(super::static_str::intern))
    }
}

/// `Vec<&'static str>`, as [`static_str`].
pub mod static_strs {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(s: &[&'static str], ser: S) -> Result<S::Ok, S::Error> {
        s.serialize(ser)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<&'static str>, D::Error> {
        let v = Vec::<&str>::deserialize(d)?;
        Ok(v.into_iter().map(super::static_str::intern).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{analyze, analyze_as, input, registry, InputKind, Options};
    use std::path::{Path, PathBuf};

    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().and_then(|e| e.to_str()) != Some("expected") {
                out.push(p);
            }
        }
    }

    /// Every fixture's report survives the trip to the page unchanged, whatever the
    /// kind (also analysed as a kubeconfig, the largest explanation).
    #[test]
    fn every_fixture_report_round_trips() {
        for (p, report) in fixture_reports() {
            let bytes = encode(&report);
            assert!(!bytes.is_empty());
            assert_eq!(decode(&bytes).as_ref(), Some(&report), "{}", p.display());
        }
    }

    /// Every fixture's report, also analysed as a kubeconfig (the largest explanation).
    fn fixture_reports() -> Vec<(PathBuf, crate::core::Report)> {
        let mut all = Vec::new();
        files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
            &mut all,
        );
        assert!(all.len() > 100, "fixtures found: {}", all.len());
        let opts = Options {
            now: Some(registry::DOC_NOW),
        };
        let mut reports = Vec::new();
        for p in all {
            let text = input::decode_bytes(&std::fs::read(&p).unwrap());
            reports.push((p.clone(), analyze(&text, &opts)));
            reports.push((p, analyze_as(&text, InputKind::Kubeconfig, &opts)));
        }
        reports
    }

    /// Split into small parts and put back together, a report is the same report:
    /// for every fixture, with parts so small that every list item is its own part,
    /// and with the page's real part size.
    #[test]
    fn every_fixture_report_survives_parts() {
        for (p, report) in fixture_reports() {
            for size in [1, PART_BYTES] {
                let mut sent = report.clone();
                let back = reassemble(encode_parts(&mut sent, size));
                assert_eq!(back, report, "{}", p.display());
                assert_eq!(sent, report, "encoding changed the report: {}", p.display());
            }
        }
    }

    fn reassemble(parts: Vec<Vec<u8>>) -> Report {
        let mut a = Assembly::start(&parts[0]).expect("head");
        for part in &parts[1..] {
            a.add(part).expect("part");
        }
        a.finish()
    }

    /// `n` EKS contexts as `aws eks update-kubeconfig` writes them, each cluster
    /// with a real CA certificate (so every list of the overview is filled).
    fn eks_kubeconfig(n: usize) -> String {
        let fixture = include_str!("../../tests/fixtures/kubeconfig/eks-exec-command-missing.yaml");
        let ca = fixture
            .lines()
            .find_map(|l| l.trim().strip_prefix("certificate-authority-data: "))
            .expect("the fixture has CA data");
        let (mut clusters, mut contexts, mut users) = (String::new(), String::new(), String::new());
        for i in 0..n {
            clusters += &format!("- cluster:\n    certificate-authority-data: {ca}\n    server: https://{i:032X}.gr7.eu-west-1.eks.amazonaws.com\n  name: arn:aws:eks:eu-west-1:111122223333:cluster/c{i}\n");
            contexts += &format!("- context:\n    cluster: arn:aws:eks:eu-west-1:111122223333:cluster/c{i}\n    user: arn:aws:eks:eu-west-1:111122223333:cluster/c{i}\n  name: arn:aws:eks:eu-west-1:111122223333:cluster/c{i}\n");
            users += &format!("- name: arn:aws:eks:eu-west-1:111122223333:cluster/c{i}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n      - --region\n      - eu-west-1\n      - eks\n      - get-token\n      - --cluster-name\n      - c{i}\n      command: aws\n");
        }
        format!("apiVersion: v1\nclusters:\n{clusters}contexts:\n{contexts}current-context: arn:aws:eks:eu-west-1:111122223333:cluster/c0\nkind: Config\npreferences: {{}}\nusers:\n{users}")
    }

    /// A large kubeconfig travels in many parts, none much over the part size, and
    /// lists longer than 127 items (a two-byte count) come back whole.
    #[test]
    fn a_large_report_travels_in_small_parts() {
        let text = eks_kubeconfig(300);
        let report = analyze(&text, &Options::default());
        let Explanation::Kubeconfig(o) = &report.explanation else {
            panic!("not a kubeconfig")
        };
        assert_eq!(o.contexts.len(), 300);
        let parts = encode_parts(&mut report.clone(), 16 * 1024);
        assert!(parts.len() > 20, "{} parts", parts.len());
        let largest_item = 16 * 1024;
        assert!(parts[1..]
            .iter()
            .all(|p| p.len() < 16 * 1024 + largest_item));
        assert!(parts[0].len() < 16 * 1024, "head: {} bytes", parts[0].len());
        assert_eq!(reassemble(parts), report);
        // One part of 300 contexts: a two-byte count.
        let parts = encode_parts(&mut report.clone(), PART_BYTES);
        assert!(parts.iter().any(|p| p[0] == 1 && p[1..3] == [0xac, 0x02]));
        assert_eq!(reassemble(parts), report);
    }

    /// A kubeconfig with more contexts than the page shows at first is previewed:
    /// every finding, the whole context, cluster and user lists, and the first
    /// items of the others, exactly as the whole report has them. The whole report
    /// is the one `analyze` gives.
    #[test]
    fn a_large_kubeconfig_is_previewed_with_the_head_of_its_whole_report() {
        use crate::core::report::{analyze_with_preview, PREVIEW_ITEMS};
        let n = PREVIEW_ITEMS + 30;
        // One context with a problem, so the findings are not empty.
        let text = eks_kubeconfig(n).replace(
            "https://00000000000000000000000000000007.",
            "http://00000000000000000000000000000007.",
        );
        let opts = Options {
            now: Some(registry::DOC_NOW),
        };
        let mut previews = Vec::new();
        let whole = analyze_with_preview(&text, None, &opts, &mut |r: &mut Report| {
            // The worker encodes the preview in place: that must leave it whole.
            let parts = encode_parts(r, 1024);
            previews.push(reassemble(parts));
        });
        assert_eq!(whole, analyze(&text, &opts));
        assert_eq!(previews.len(), 1);
        let preview = &previews[0];
        assert!(!whole.findings.is_empty());
        assert_eq!(preview.findings, whole.findings);
        assert_eq!(preview.valid_until, None);
        let (Explanation::Kubeconfig(p), Explanation::Kubeconfig(w)) =
            (&preview.explanation, &whole.explanation)
        else {
            panic!("not kubeconfigs")
        };
        assert_eq!((p.contexts.len(), w.contexts.len()), (n, n));
        assert_eq!(p.clusters, w.clusters);
        assert_eq!(p.users, w.users);
        assert_eq!(w.exec_flows.len(), n);
        assert_eq!(p.exec_flows[..], w.exec_flows[..=PREVIEW_ITEMS]);
        assert_eq!(p.stories[..], w.stories[..=PREVIEW_ITEMS]);
        assert_eq!(w.certificates.len(), n);
        assert_eq!(p.certificates[..], w.certificates[..=PREVIEW_ITEMS]);

        // Small inputs, and other kinds, go straight to the whole report.
        for text in [
            eks_kubeconfig(PREVIEW_ITEMS),
            "{\"Version\":\"2012-10-17\"}".into(),
        ] {
            let mut called = false;
            let whole = analyze_with_preview(&text, None, &opts, &mut |_| called = true);
            assert!(!called);
            assert_eq!(whole, analyze(&text, &opts));
        }
        // A preview taken and not given back: the whole report is still whole.
        let whole = analyze_with_preview(&text, None, &opts, &mut |r: &mut Report| {
            r.explanation = Explanation::None;
        });
        assert_eq!(whole, analyze(&text, &opts));
        // A kind chosen by hand is kept.
        let as_policy =
            analyze_with_preview(&text, Some(InputKind::TrustPolicy), &opts, &mut |_| {});
        assert_eq!(as_policy, analyze_as(&text, InputKind::TrustPolicy, &opts));
    }

    #[test]
    fn a_part_of_something_else_is_refused() {
        let mut kube = analyze(&eks_kubeconfig(3), &Options::default());
        let mut policy = analyze(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            &Options::default(),
        );
        let kube_parts = encode_parts(&mut kube, PART_BYTES);
        let policy_parts = encode_parts(&mut policy, PART_BYTES);
        let mut a = Assembly::start(&policy_parts[0]).unwrap();
        // A story part cannot join a trust policy's report; garbage is no part.
        let story = kube_parts.iter().find(|p| p[0] == 5).unwrap();
        assert_eq!(a.add(story), None);
        assert_eq!(a.add(&[]), None);
        assert_eq!(a.add(&[9, 0]), None);
        assert_eq!(a.add(&[1, 5, 0xff]), None);
        assert!(Assembly::start(&[0xff; 4]).is_none());
    }

    #[test]
    fn a_shed_report_is_every_item_in_small_pieces() {
        let report = analyze(&eks_kubeconfig(120), &Options::default());
        let pieces = shed(report, 50);
        // 120 contexts, clusters, users, flows, stories: 3 pieces each; the
        // certificates likewise; the rest of the report last.
        assert!(pieces.len() >= 16, "{} pieces", pieces.len());
        assert!(pieces.last().unwrap().is::<Report>());
        let stories: usize = pieces
            .iter()
            .filter_map(|p| p.downcast_ref::<Vec<ContextStory>>())
            .map(|v| {
                assert!(v.len() <= 50);
                v.len()
            })
            .sum();
        assert_eq!(stories, 120);
    }

    #[test]
    fn every_rule_travels_by_code() {
        for rule in registry::all() {
            let bytes = postcard::to_allocvec(&Wrapped(rule)).unwrap();
            let back: Wrapped = postcard::from_bytes(&bytes).unwrap();
            assert!(std::ptr::eq(back.0, rule), "{}", rule.code);
        }
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Wrapped(#[serde(with = "rule")] &'static crate::core::RuleMeta);
    }

    #[test]
    fn garbage_is_not_a_report() {
        assert_eq!(decode(&[]), None);
        assert_eq!(decode(&[0xff; 16]), None);
        let bytes = encode(&analyze(
            "apiVersion: v1\nkind: Config\n",
            &Options::default(),
        ));
        assert_eq!(decode(&bytes[..bytes.len() / 2]), None);
    }

    /// A report holds no credential: the bytes the worker sends the page carry
    /// none of the fixture's secrets (the CLI's JSON is checked in tests/secrets.rs).
    #[test]
    fn the_wire_carries_no_secret() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/kubeconfig/secrets-everywhere.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains("SECRET-"));
        let bytes = encode(&analyze(&text, &Options::default()));
        for secret in ["SECRET-", "U0VDUkVULWtleS1kYXRhLW5vdC1hLXJlYWwta2V5", "eyJ"] {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{secret} is in the wire bytes");
        }
    }
}
