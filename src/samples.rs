//! Realistic sample inputs for the page's "Load sample" menu and for tests.
//!
//! Every sample is a file in `static/samples/` (the e2e suite pastes each file and
//! compares the page with `eksplain check` on the same file). The shapes are what
//! the tools write or what people paste mid-outage: `aws eks update-kubeconfig`
//! output, a kubelet kubeconfig, `aws eks get-token` output (made offline with AWS's
//! documented example keys), trust policies as the IAM console and eksctl create
//! them, an eksctl-style `aws-auth` ConfigMap.

use crate::core::InputKind;

/// A sample: a menu group and label, the kind it should be detected as, and its text.
pub struct Sample {
    pub id: &'static str,
    /// The menu section (`<optgroup>`) it is listed under.
    pub group: &'static str,
    pub label: &'static str,
    pub kind: InputKind,
    pub text: &'static str,
}

const KUBECONFIG: &str = "kubeconfig";
const IAM: &str = "IAM and IRSA";
const CREDENTIALS: &str = "Tokens and credentials";
const KUBERNETES: &str = "Kubernetes objects";

pub const SAMPLES: &[Sample] = &[
    Sample {
        id: "eks",
        group: KUBECONFIG,
        label: "EKS kubeconfig (aws eks update-kubeconfig)",
        kind: InputKind::Kubeconfig,
        text: include_str!("../static/samples/eks-kubeconfig.yaml"),
    },
    Sample {
        id: "eks-v1alpha1",
        group: KUBECONFIG,
        label: "EKS kubeconfig with a removed v1alpha1 exec",
        kind: InputKind::Kubeconfig,
        text: include_str!("../static/samples/eks-v1alpha1.yaml"),
    },
    Sample {
        id: "kubelet",
        group: KUBECONFIG,
        label: "kubelet kubeconfig with a CA file path",
        kind: InputKind::Kubeconfig,
        text: include_str!("../static/samples/kubelet-kubeconfig.yaml"),
    },
    Sample {
        id: "broken-yaml",
        group: KUBECONFIG,
        label: "kubeconfig broken by a bad paste",
        kind: InputKind::Kubeconfig,
        text: include_str!("../static/samples/broken-paste.yaml"),
    },
    Sample {
        id: "irsa-policy",
        group: IAM,
        label: "IRSA trust policy (correct)",
        kind: InputKind::TrustPolicy,
        text: include_str!("../static/samples/irsa-trust-policy.json"),
    },
    Sample {
        id: "irsa-policy-broken",
        group: IAM,
        label: "IRSA trust policy with common mistakes",
        kind: InputKind::TrustPolicy,
        text: include_str!("../static/samples/irsa-trust-policy-broken.json"),
    },
    Sample {
        id: "pod-identity-policy",
        group: IAM,
        label: "EKS Pod Identity trust policy",
        kind: InputKind::TrustPolicy,
        text: include_str!("../static/samples/pod-identity-trust-policy.json"),
    },
    Sample {
        id: "github-actions-policy",
        group: IAM,
        label: "GitHub Actions trust policy open to other owners",
        kind: InputKind::TrustPolicy,
        text: include_str!("../static/samples/github-actions-trust-policy.json"),
    },
    Sample {
        id: "cloudformation-irsa-role",
        group: IAM,
        label: "CloudFormation IRSA role with the wrong action",
        kind: InputKind::TrustPolicy,
        text: include_str!("../static/samples/cloudformation-irsa-role.yaml"),
    },
    Sample {
        id: "oidc-provider",
        group: IAM,
        label: "OIDC provider ARN",
        kind: InputKind::OidcProvider,
        text: include_str!("../static/samples/oidc-provider-arn.txt"),
    },
    Sample {
        id: "exec-credential",
        group: CREDENTIALS,
        label: "aws eks get-token output (ExecCredential)",
        kind: InputKind::ExecCredential,
        text: include_str!("../static/samples/exec-credential.json"),
    },
    Sample {
        id: "sa-token",
        group: CREDENTIALS,
        label: "Projected service account token (JWT)",
        kind: InputKind::Jwt,
        text: include_str!("../static/samples/service-account-token.jwt"),
    },
    Sample {
        id: "aws-auth",
        group: KUBERNETES,
        label: "aws-auth ConfigMap (eksctl)",
        kind: InputKind::AwsAuth,
        text: include_str!("../static/samples/aws-auth-configmap.yaml"),
    },
    Sample {
        id: "service-account",
        group: KUBERNETES,
        label: "ServiceAccount with an IRSA role annotation",
        kind: InputKind::ServiceAccount,
        text: include_str!("../static/samples/service-account-irsa.yaml"),
    },
];

/// The menu groups, in menu order.
pub fn groups() -> impl Iterator<Item = &'static str> {
    let mut seen: Vec<&'static str> = Vec::new();
    for s in SAMPLES {
        if !seen.contains(&s.group) {
            seen.push(s.group);
        }
    }
    seen.into_iter()
}

pub fn by_id(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}

/// A kubeconfig for `n` EKS clusters, as `aws eks update-kubeconfig` writes one
/// entry per cluster (cluster, context and user named by the cluster's ARN, an
/// `aws eks get-token` exec user, the EKS sample's CA bundle), spread over
/// three regions. The analysis worker warms up on it (`ui::worker::warm_up`).
pub fn eks_fleet(n: usize) -> String {
    use std::fmt::Write as _;
    const REGIONS: [&str; 3] = ["eu-west-1", "us-east-1", "ap-southeast-2"];
    let ca = by_id("eks")
        .map_or("", |s| s.text)
        .lines()
        .find_map(|l| l.trim().strip_prefix("certificate-authority-data: "))
        .unwrap_or_default();
    let arn = |i: usize| {
        let region = REGIONS[i % REGIONS.len()];
        format!("arn:aws:eks:{region}:111122223333:cluster/team-{i:03}")
    };
    let mut out = String::from("apiVersion: v1\nclusters:\n");
    for i in 0..n {
        let region = REGIONS[i % REGIONS.len()];
        let _ = write!(
            out,
            "- cluster:\n    certificate-authority-data: {ca}\n    server: https://{:032X}.gr7.{region}.eks.amazonaws.com\n  name: {}\n",
            0x4F1A_9B2C_7D3E_5F60_u128 * (i as u128 + 1),
            arn(i)
        );
    }
    out.push_str("contexts:\n");
    for i in 0..n {
        let a = arn(i);
        let _ = write!(
            out,
            "- context:\n    cluster: {a}\n    user: {a}\n  name: {a}\n"
        );
    }
    if n > 0 {
        let _ = writeln!(out, "current-context: {}", arn(0));
    }
    out.push_str("kind: Config\npreferences: {}\nusers:\n");
    for i in 0..n {
        let region = REGIONS[i % REGIONS.len()];
        let _ = write!(
            out,
            "- name: {}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n      - --region\n      - {region}\n      - eks\n      - get-token\n      - --cluster-name\n      - team-{i:03}\n      - --output\n      - json\n      command: aws\n",
            arn(i)
        );
    }
    out
}

/// The analyses a first paste makes, on the inputs above: every sample, and
/// three times an EKS kubeconfig of 60 clusters (it takes the worker's preview
/// path), each report sent through the wire format and back as on its way to
/// the page. V8 compiles a wasm function when it is first called and optimises
/// it once it is hot: the analysis worker runs this before it says it is ready
/// (`ui::worker::warm_up`), so a fresh page's first analysis is not 2–3× slower
/// than its second. One pass compiles; the next two get the hot loops of a large
/// kubeconfig optimised (docs/performance.md has the numbers). Returns how many
/// reports came back whole.
#[cfg(any(test, target_arch = "wasm32"))]
pub fn warm_up(opts: &crate::core::Options) -> usize {
    use crate::core::{analyze, report, wire, Report};
    let mut whole = 0;
    let mut trip = |report: &mut Report| {
        let parts = wire::encode_parts(report, wire::PART_BYTES);
        let Some((head, rest)) = parts.split_first() else {
            return;
        };
        let Some(mut assembly) = wire::Assembly::start(head) else {
            return;
        };
        if rest.iter().all(|part| assembly.add(part).is_some()) {
            // Not `==`: Report's PartialEq would add 2 KB to the wasm for this alone
            // (core::wire's own tests compare whole reports).
            let back = assembly.finish();
            whole += usize::from(
                back.kind == report.kind && back.findings.len() == report.findings.len(),
            );
        }
    };
    for sample in SAMPLES {
        trip(&mut analyze(sample.text, opts));
    }
    let fleet = eks_fleet(report::PREVIEW_ITEMS + 10);
    for _ in 0..3 {
        let mut r = report::analyze_with_preview(&fleet, None, opts, &mut |p| trip(p));
        trip(&mut r);
    }
    whole
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_is_detected_as_its_kind() {
        for s in SAMPLES {
            assert_eq!(crate::core::detect(s.text), s.kind, "sample {}", s.id);
        }
    }

    #[test]
    fn ids_are_unique_and_groups_are_contiguous() {
        for (i, s) in SAMPLES.iter().enumerate() {
            assert!(
                SAMPLES[..i].iter().all(|o| o.id != s.id),
                "duplicate id {}",
                s.id
            );
        }
        // A group listed twice would split its <optgroup> in the menu.
        let order: Vec<&str> = SAMPLES.iter().map(|s| s.group).collect();
        let mut deduped = order.clone();
        deduped.dedup();
        assert_eq!(deduped, groups().collect::<Vec<_>>());
    }

    #[test]
    fn the_eks_fleet_is_a_clean_kubeconfig_that_gets_a_preview() {
        use crate::core::{analyze, report, Explanation, InputKind, Options};
        let n = report::PREVIEW_ITEMS + 10;
        let text = eks_fleet(n);
        let opts = Options {
            now: Some(1_767_225_600), // 2026-01-01, while the sample's CA is valid
        };
        let r = analyze(&text, &opts);
        assert_eq!(r.kind, InputKind::Kubeconfig);
        let found: Vec<String> = r
            .findings
            .iter()
            .map(|f| format!("{}: {}", f.rule.code, f.message))
            .collect();
        assert!(found.is_empty(), "{found:#?}");
        let Explanation::Kubeconfig(o) = &r.explanation else {
            panic!("no kubeconfig overview");
        };
        assert_eq!(
            (o.contexts.len(), o.clusters.len(), o.users.len()),
            (n, n, n)
        );
        assert_eq!(o.exec_flows.len(), n);
        assert_eq!(o.certificates.len(), n, "one CA bundle per cluster");
        // More than PREVIEW_ITEMS contexts: the worker's preview path runs too.
        let mut previews = 0;
        report::analyze_with_preview(&text, None, &opts, &mut |_| previews += 1);
        assert_eq!(previews, 1);
    }

    #[test]
    fn the_warm_up_brings_every_report_back_whole_at_any_time() {
        use crate::core::Options;
        // Every sample, then the fleet's preview and whole report three times.
        let want = SAMPLES.len() + 3 * 2;
        for now in [None, Some(1_767_225_600), Some(4_102_444_800)] {
            assert_eq!(warm_up(&Options { now }), want, "now = {now:?}");
        }
    }

    #[test]
    fn every_file_in_static_samples_is_in_the_menu() {
        // The e2e suite pastes every file of static/samples/; each must be reachable from the menu too.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/static/samples");
        let files = std::fs::read_dir(dir).expect("static/samples");
        for f in files {
            let text = std::fs::read_to_string(f.expect("entry").path()).expect("utf-8 sample");
            assert!(
                SAMPLES.iter().any(|s| s.text == text),
                "a file in static/samples/ is not in SAMPLES:\n{}",
                text.lines().next().unwrap_or_default()
            );
        }
        assert_eq!(std::fs::read_dir(dir).unwrap().count(), SAMPLES.len());
    }
}
