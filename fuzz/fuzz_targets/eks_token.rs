//! EKS bearer tokens, structure-aware: an input that starts with `k8s-aws-v1.`
//! is a token as pasted; anything else is the presigned STS URL itself, which
//! the target encodes (unpadded base64url after the prefix) — so the fuzzer
//! mutates the URL, its host and query, not the base64 around it. Each token
//! is analysed pasted, inside an `ExecCredential`, and as a kubeconfig user's
//! `token` next to an EKS cluster.
//!
//! Beyond "no panic": findings inside the text; the signature, the session
//! token, the access key ID and the token itself appear in no output.
#![no_main]
use eksplain::core::token::decode::{decode, PREFIX};
use eksplain::core::{report, InputKind};
use libfuzzer_sys::fuzz_target;

/// Values of the URL's query parameters that are credentials: long enough
/// and distinctive enough (a digit, no separator) that seeing them in the
/// output can only mean a leak.
fn secrets(url: &str) -> Vec<(&str, &'static str)> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let mut out = Vec::new();
    for pair in query.split('&') {
        let Some((k, v)) = pair.split_once('=') else {
            continue;
        };
        let v = match k.to_ascii_lowercase().as_str() {
            "x-amz-signature" => (v, "the signature"),
            "x-amz-security-token" => (v, "the session token"),
            "x-amz-credential" => (
                v.split(['/', '%']).next().unwrap_or(""),
                "the access key ID",
            ),
            _ => continue,
        };
        let distinctive = v.0.len() >= 16
            && v.0.bytes().any(|b| b.is_ascii_digit())
            && v.0.bytes().all(|b| b.is_ascii_alphanumeric());
        // Once in the URL: a value that is also the host or a path is shown as that.
        if distinctive && url.matches(v.0).count() == 1 {
            out.push(v);
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let (token, url) = if data.starts_with(PREFIX.as_bytes()) {
        let token = eksplain_fuzz::text(data);
        let url =
            eksplain::core::token::decode::decode_b64url(token.trim().trim_start_matches(PREFIX))
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
        (token, url)
    } else {
        let token = format!("{PREFIX}{}", eksplain_fuzz::b64url(data));
        (token, String::from_utf8_lossy(data).into_owned())
    };
    let _ = decode(token.trim());
    let opts = eksplain_fuzz::opts();
    let mut outputs = Vec::new();

    let r = report::analyze_as(&token, InputKind::EksToken, &opts);
    eksplain_fuzz::check_report(&token, &r);
    outputs.push(eksplain_fuzz::rendered(&token, &r));

    let t = token.trim();
    let exec_credential = format!(
        "{{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"spec\":{{}},\"status\":{{\"expirationTimestamp\":\"2026-01-01T00:14:00Z\",\"token\":{}}}}}",
        serde_json::Value::String(t.to_string())
    );
    let r = report::analyze_as(&exec_credential, InputKind::ExecCredential, &opts);
    eksplain_fuzz::check_report(&exec_credential, &r);
    outputs.push(eksplain_fuzz::rendered(&exec_credential, &r));

    if !t.contains(['\n', '\r', '\'']) {
        let kubeconfig = format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: arn:aws:eks:us-west-2:111122223333:cluster/prod\n  cluster:\n    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\ncontexts:\n- name: c\n  context:\n    cluster: arn:aws:eks:us-west-2:111122223333:cluster/prod\n    user: u\nusers:\n- name: u\n  user:\n    token: '{t}'\n"
        );
        let r = report::analyze_as(&kubeconfig, InputKind::Kubeconfig, &opts);
        eksplain_fuzz::check_report(&kubeconfig, &r);
        outputs.push(eksplain_fuzz::rendered(&kubeconfig, &r));
    }

    for out in &outputs {
        if t.len() > PREFIX.len() + 16 {
            eksplain_fuzz::assert_absent(out, t, "the token");
        }
        for (secret, what) in secrets(&url) {
            eksplain_fuzz::assert_absent(out, secret, what);
        }
    }
});
