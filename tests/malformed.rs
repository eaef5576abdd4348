//! Hostile and broken inputs (tests/malformed/, written by tools/gen-malformed,
//! plus inputs too big to commit, generated here) go through exactly what the
//! page and the CLI do with a dropped file: decode the bytes, detect, analyse,
//! render. For every one: no panic; a clear message (a finding or an
//! explanation); every position inside the text, and one on every YAML error;
//! no credential in any output (the corpus marks them `s3cr3t`); and bounds on
//! time, heap and output size.
//!
//! The bounds are sanity bounds that catch a quadratic or an expansion bomb,
//! not speed targets (those are in tools/bench.sh). They are measured here:
//! the slowest case (10 MB of contexts) takes about 3 s in a debug build and
//! 0.1 s in release, and no case's heap peak exceeds 16× its input (counting
//! inputs under 1 MB as 1 MB). The test prints both.
//!
//! One test function, run sequentially, so the heap counter sees only it.

use eksplain::core::{analyze, input, registry, render, Options, Report};
use std::alloc::{GlobalAlloc, Layout, System};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their peak, to bound each analysis's memory.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The heap peak of the last case run.
static LAST_HEAP: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is forwarded unchanged to the system allocator; the
// wrapper only keeps counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Time allowed per case: generous (shared 2-core machines, debug builds; once
/// seen at 17 s for the 10 MB case under a load average of 6), growing with the
/// input so only super-linear behaviour trips it: a quadratic pass over 10 MB
/// takes minutes, not seconds.
fn time_bound(len: usize) -> Duration {
    let mb = len as f64 / 1e6;
    let debug = if cfg!(debug_assertions) { 1.0 } else { 0.1 };
    Duration::from_secs_f64(debug * (4.0 + 3.0 * mb))
}

/// Heap allowed per case: the parsed model and the position index are each
/// about the size of the text, and an error may quote a long value a few times
/// over; an alias bomb would be thousands of times the text.
fn heap_bound(len: usize) -> usize {
    (32 << 20).max(12 * len)
}

/// Output allowed per case (text report, JSON or explanation): at most twice
/// the input and a constant. The explanation of a 10 MB file of clusters, with
/// a summary of every CA certificate, is 1.3× its input; an alias bomb's
/// explanation must not grow with its expansion.
fn output_bound(len: usize) -> usize {
    (256 << 10) + 2 * len
}
/// Findings allowed per case: a few per line at most (a 10 MB file of broken
/// clusters has thousands, an alias bomb one).
fn findings_bound(text: &str) -> usize {
    500 + 2 * text.lines().count()
}

struct Outcome {
    report: Report,
    outputs: Vec<String>,
    took: Duration,
    heap: usize,
}

fn run(bytes: &[u8]) -> Outcome {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let start = Instant::now();
    let text = input::decode_bytes(bytes);
    let report = analyze(
        &text,
        &Options {
            now: Some(registry::DOC_NOW),
        },
    );
    let outputs = vec![
        render::check_text("input", &text, &report),
        render::json(&[("input", &report)]),
        render::explanation_text(&report),
    ];
    let took = start.elapsed();
    let heap = PEAK.load(Relaxed).saturating_sub(before);
    LAST_HEAP.store(heap, Relaxed);
    Outcome {
        report,
        outputs,
        took,
        heap,
    }
}

/// Everything wrong with one case, as sentences (empty when it passes).
fn problems(name: &str, bytes: &[u8]) -> Vec<String> {
    let o = match catch_unwind(AssertUnwindSafe(|| run(bytes))) {
        Ok(o) => o,
        Err(_) => return vec![format!("{name}: panicked")],
    };
    let mut out = Vec::new();
    let text = input::decode_bytes(bytes);
    let lines = text.split('\n').count() as u32;
    let r = &o.report;
    if r.findings.is_empty()
        && r.kind != eksplain::core::InputKind::Empty
        && o.outputs[2].trim().is_empty()
    {
        out.push(format!(
            "{name}: no finding and no explanation for a {} input",
            r.kind
        ));
    }
    for f in &r.findings {
        match f.location.pos {
            Some(p) if p.line == 0 || p.line > lines || p.column == 0 => out.push(format!(
                "{name}: {} at {p} is outside the text ({lines} lines)",
                f.code()
            )),
            None if matches!(f.code(), "IN001" | "IN002" | "IN004") => {
                out.push(format!("{name}: {} has no line:col", f.code()))
            }
            _ => {}
        }
        if f.message.trim().is_empty() {
            out.push(format!("{name}: {} has an empty message", f.code()));
        }
    }
    if r.findings.len() > findings_bound(&text) {
        out.push(format!("{name}: {} findings", r.findings.len()));
    }
    for s in &o.outputs {
        if s.contains("s3cr3t") {
            out.push(format!("{name}: a credential reached the output:\n{s}"));
        }
        if s.len() > output_bound(bytes.len()) {
            out.push(format!("{name}: {} bytes of output", s.len()));
        }
    }
    if o.took > time_bound(bytes.len()) {
        out.push(format!(
            "{name}: took {:?} for {} bytes",
            o.took,
            bytes.len()
        ));
    }
    if o.heap > heap_bound(bytes.len()) {
        out.push(format!(
            "{name}: heap peaked at {} MB for {} bytes",
            o.heap >> 20,
            bytes.len()
        ));
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Inputs too big to commit.
fn generated() -> Vec<(String, Vec<u8>)> {
    let mut cases = Vec::new();
    // 10 MB of EKS clusters with a real CA (the benchmark's).
    let ca = base64(include_bytes!("../tools/bench-data/eks-ca.crt"));
    let mut big = String::from("apiVersion: v1\nkind: Config\nclusters:\n");
    let mut i = 0;
    while big.len() < 10_000_000 {
        big.push_str(&format!(
            "- cluster:\n    certificate-authority-data: {ca}\n    server: https://{i:032X}.gr7.us-west-2.eks.amazonaws.com\n  name: c{i}\n"
        ));
        i += 1;
    }
    cases.push(("generated: 10 MB kubeconfig".into(), big.into_bytes()));
    // A 100,000-item list.
    let mut list = String::from("apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args:\n");
    for i in 0..100_000 {
        list.push_str(&format!("      - arg{i}\n"));
    }
    cases.push(("generated: 100,000-item list".into(), list.into_bytes()));
    // An aws-auth with 8,000 roles (each entry compared with every earlier
    // one took 0.3 s in release, 17 s here), and 5,000 as the one-line JSON
    // string `kubectl get -o json` prints. The heap peaks at about 23 times
    // the block: serde_yaml buffers every event of a document before
    // deserializing it.
    let mut roles = String::new();
    for i in 0..8_000 {
        roles.push_str(&format!("- rolearn: arn:aws:iam::111122223333:role/team-{i}\n  username: team-{i}:{{{{SessionName}}}}\n  groups:\n  - team-{i}\n"));
    }
    let block: String = roles.lines().map(|l| format!("    {l}\n")).collect();
    cases.push((
        "generated: aws-auth with 8,000 roles".into(),
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n{block}").into_bytes(),
    ));
    cases.push((
        "generated: aws-auth with 5,000 roles in a JSON string".into(),
        format!("{{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {{\"name\": \"aws-auth\", \"namespace\": \"kube-system\"}}, \"data\": {{\"mapRoles\": \"{}\"}}}}\n", roles.lines().take(20_000).collect::<Vec<_>>().join("\\n")).into_bytes(),
    ));
    // The same as one flow sequence on one line.
    let flow: Vec<String> = (0..100_000).map(|i| format!("a{i}")).collect();
    cases.push((
        "generated: 100,000 items in one flow sequence".into(),
        format!(
            "apiVersion: v1\nkind: Config\nclusters: [{}]\n",
            flow.join(", ")
        )
        .into_bytes(),
    ));
    // 10,000 levels of nesting, flow and block.
    cases.push((
        "generated: 10,000 nested flow mappings".into(),
        format!(
            "apiVersion: v1\nkind: Config\npreferences: {}\n",
            "{a: ".repeat(10_000)
        )
        .into_bytes(),
    ));
    cases.push((
        "generated: 10,000 nested block sequences".into(),
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n{}x\n",
            "- ".repeat(10_000)
        )
        .into_bytes(),
    ));
    // Not a kubeconfig: every kind refuses deep flow nesting before YAML
    // parsing (100,000 levels took serde_yaml about a minute).
    cases.push((
        "generated: 100,000 nested flow sequences in a ConfigMap".into(),
        format!(
            "apiVersion: v1\nkind: ConfigMap\ndata:\n  x: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        )
        .into_bytes(),
    ));
    // CloudFormation: a 40,000-item `!Join` on one line (its heap is about
    // 30 times the text: serde_yaml keeps every tag), and `Fn::Sub` variable
    // maps nested so that each level quadruples the text.
    let items: Vec<String> = (0..40_000).map(|i| format!("!Ref P{i}")).collect();
    cases.push((
        "generated: CloudFormation role with a 40,000-item !Join".into(),
        format!(
            "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: sts:AssumeRoleWithWebIdentity\n            Principal:\n              Federated: !Join [\"\", [{}]]\n",
            items.join(", ")
        )
        .into_bytes(),
    ));
    cases.push((
        "generated: CloudFormation Fn::Sub maps nested 16 deep".into(),
        format!(
            "{{\"Statement\": [{{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Principal\": {{\"AWS\": {}\"x\"{}}}}}]}}\n",
            "{\"Fn::Sub\": [\"${A}${A}${A}${A}\", {\"A\": ".repeat(16),
            "}]}".repeat(16)
        )
        .into_bytes(),
    ));
    let mut block = String::from("apiVersion: v1\nkind: Config\npreferences:\n");
    for d in 1..2_000 {
        block.push_str(&" ".repeat(d));
        block.push_str("a:\n");
    }
    cases.push((
        "generated: 2,000 nested block mappings".into(),
        block.into_bytes(),
    ));
    // Giant single lines: a 5 MB value, and 5 MB of text with no line break at all.
    cases.push((
        "generated: 5 MB single-line value".into(),
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: https://x\n    certificate-authority-data: {}\n",
            "QUJD".repeat(1_250_000)
        )
        .into_bytes(),
    ));
    cases.push((
        "generated: 5 MB without a line break".into(),
        "clusters: "
            .bytes()
            .chain("xy z".bytes().cycle().take(5_000_000))
            .collect(),
    ));
    // Terraform: deep HCL nesting, and a 2 MB file around a short trust policy.
    cases.push((
        "generated: 10,000 nested objects in jsonencode".into(),
        format!(
            "resource \"aws_iam_role\" \"r\" {{\n  assume_role_policy = jsonencode({{ Statement = [{{ Action = \"sts:AssumeRole\", a = {}",
            "{ a = ".repeat(10_000)
        )
        .into_bytes(),
    ));
    let mut tf = String::from("resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Principal = { Service = \"pods.eks.amazonaws.com\" }, Action = [\"sts:AssumeRole\", \"sts:TagSession\"] }] })\n}\n");
    let mut i = 0;
    while tf.len() < 2_000_000 {
        tf.push_str(&format!("resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"logs-${{var.env}}-{i}\" # s3cr3t-free\n  tags   = {{ Team = \"platform\", Index = {i} }}\n}}\n"));
        i += 1;
    }
    cases.push((
        "generated: 2 MB of Terraform around a trust policy".into(),
        tf.into_bytes(),
    ));
    // 40,000 Terraform directives in a heredoc policy (each one re-indexed the
    // whole body, and each character was tested against every directive: over
    // 20 s for this 1.4 MB file).
    let mut dirs = String::from("resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = <<EOF\n{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Principal\":{\"Service\":\"pods.eks.amazonaws.com\"},\"Condition\":{\"StringEquals\":{\n");
    for i in 0..40_000 {
        dirs.push_str(&format!("%{{ if var.x{i} }}\"a\":1,%{{ endif }}\n"));
    }
    dirs.push_str("\"b\":1}}}]}\nEOF\n}\n");
    cases.push((
        "generated: 40,000 directives in a Terraform heredoc".into(),
        dirs.into_bytes(),
    ));
    // 1,000 IRSA ServiceAccounts next to 5,000 Deployments running as near
    // misses of their names: SA012 listed every account in every finding
    // (quadratic output) and compared every pair of names.
    let mut sa = String::new();
    for n in 0..1_000 {
        sa.push_str(&format!("---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-{n:05}\n  namespace: ns\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/r{n}\n"));
    }
    for n in 0..5_000 {
        sa.push_str(&format!("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d{n}\n  namespace: ns\nspec:\n  template:\n    spec:\n      serviceAccountName: sa-{:05}x\n      containers:\n      - name: c\n        image: x\n", n % 1_000));
    }
    cases.push((
        "generated: 1,000 IRSA ServiceAccounts and 5,000 near-miss Deployments".into(),
        sa.into_bytes(),
    ));
    cases.push((
        "generated: a million empty lines".into(),
        vec![b'\n'; 1_000_000],
    ));
    cases.push((
        "generated: 1 MB of invalid UTF-8".into(),
        (0..1_000_000u32).map(|i| 0x80 | (i % 64) as u8).collect(),
    ));
    cases
}

#[test]
fn malformed_inputs_get_clear_bounded_answers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/malformed exists")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 60,
        "the corpus has only {} files",
        files.len()
    );
    let mut cases: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(p).unwrap())
        })
        .collect();
    cases.extend(generated());
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    let mut hungriest = (0.0f64, String::new());
    for (name, bytes) in &cases {
        let started = Instant::now();
        failures.extend(problems(name, bytes));
        if started.elapsed() > slowest.0 {
            slowest = (started.elapsed(), name.clone());
        }
        let ratio = LAST_HEAP.load(Relaxed) as f64 / bytes.len().max(1 << 20) as f64;
        if ratio > hungriest.0 {
            hungriest = (ratio, name.clone());
        }
    }
    eprintln!(
        "{} malformed inputs checked; slowest: {} ({:?}); most heap per input byte: {} ({:.1}×, inputs under 1 MB counted as 1 MB)",
        cases.len(),
        slowest.1,
        slowest.0,
        hungriest.1,
        hungriest.0
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
