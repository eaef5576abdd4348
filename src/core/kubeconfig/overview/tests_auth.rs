//! What the explanation says kubectl sends, checked against kubectl 1.32 run
//! under `unshare -n` against a local TLS server (`python3 -m http.server`
//! wrapped in TLS, asking for an optional client certificate), printing the
//! `Authorization` header and the certificate it received.

use crate::core::report::Explanation;
use crate::core::{analyze, Options};

fn kubeconfig(server: &str, context: &str, user: &str) -> String {
    format!("apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: {server}\ncontexts:\n- name: prod\n  context:\n{context}current-context: prod\nusers:\n- name: prod\n  user:\n{user}")
}

/// The user card, the story's credential line, and its steps' texts.
fn explained(text: &str) -> (String, String, Vec<String>) {
    let Explanation::Kubeconfig(o) = analyze(text, &Options::default()).explanation else {
        panic!("not a kubeconfig")
    };
    let story = &o.stories[0];
    let steps = story.steps.iter().map(|s| s.text.clone()).collect();
    let card = o
        .users
        .first()
        .map(|u| u.detail.clone())
        .unwrap_or_default();
    (card, story.credential.clone(), steps)
}

const USED: &str = "    cluster: prod\n    user: prod\n";
const PROMPTS: &str = "kubectl asks `Please enter Username:` and `Please enter Password:` and sends the answers as basic auth; when stdin is not a terminal (CI, `</dev/null`) it stops with `error: EOF` and sends no request.";

/// kubectl 1.32, `user: {}` or no user over https: `Please enter Username:`,
/// then `error: EOF` with `</dev/null` and no request; on a terminal it asks
/// for the password too and sends `Authorization: Basic`. Over plain HTTP it
/// asks nothing and sends no credential.
#[test]
fn a_user_with_nothing_makes_kubectl_prompt_over_https() {
    let https = "https://10.0.0.1:6443";
    let (card, line, steps) = explained(&kubeconfig(https, USED, "    {}\n"));
    assert_eq!(card, "no credentials: with an https server kubectl asks `Please enter Username:` (and fails with `EOF` when stdin is not a terminal); only over plain HTTP do requests go out anonymous");
    assert_eq!(line, format!("none: {card}"));
    assert_eq!(steps[4], format!("the user has no credential: {PROMPTS}"));
    assert!(steps[5].ends_with(", with the username and password typed at the prompt, as `Authorization: Basic …` (without a terminal kubectl stopped before this request) — which API servers no longer accept since Kubernetes 1.19."), "{}", steps[5]);
    assert!(steps[6].starts_with("no authenticator reads basic auth since Kubernetes 1.19, so the request counts as `system:anonymous` (or gets 401 Unauthorized where anonymous access is off). Then RBAC"), "{}", steps[6]);

    let (_, line, steps) = explained(&kubeconfig(https, "    cluster: prod\n", "    {}\n"));
    assert_eq!(line, "none: no user: kubectl asks `Please enter Username:` (and fails with `EOF` when stdin is not a terminal)");
    assert_eq!(
        steps[4],
        format!("there is no user, so there is no credential: {PROMPTS}")
    );
    let (_, _, steps) = explained(&kubeconfig(
        https,
        "    cluster: prod\n    user: ghost\n",
        "    {}\n",
    ));
    assert_eq!(
        steps[4],
        format!("user `ghost` is not defined, so there is no credential: {PROMPTS}")
    );
    assert!(
        steps[2].contains("user `ghost`, which is not defined — kubectl has no credential from the file (see the next steps"),
        "{}",
        steps[2]
    );

    let (_, _, steps) = explained(&kubeconfig(
        "http://10.0.0.1:8080",
        "    cluster: prod\n",
        "    {}\n",
    ));
    assert_eq!(
        steps[4],
        "there is no user, so there is no credential: the request goes out anonymous."
    );
    assert!(steps[5].ends_with(", with no credential."), "{}", steps[5]);
}

/// kubectl 1.32 with `token` and a certificate with its key: the server saw
/// `Authorization: Bearer tok123` and the client certificate (CN=certuser) on
/// the same request. The API server's x509 authenticator runs before the
/// token authenticators, and the first that succeeds wins.
#[test]
fn a_token_next_to_a_certificate_is_sent_with_it() {
    let user = "    token: tok123\n    client-certificate: /c.pem\n    client-key: /k.pem\n";
    let (card, _, steps) = explained(&kubeconfig("https://10.0.0.1:6443", USED, user));
    assert_eq!(card, "a TLS client certificate and a bearer token: kubectl sends both (the certificate in the TLS handshake, the other in the `Authorization` header), and the API server tries the certificate first");
    assert!(steps[4].ends_with("proves it holds the matching private key. It sends a bearer token as well, in the `Authorization` header: kubectl uses both, and the API server decides which one counts."), "{}", steps[4]);
    assert!(steps[5].ends_with(", with `Authorization: Bearer <the stored token>`, and the client certificate from the handshake: kubectl sends both, and the API server's authenticators decide which one identifies the user."), "{}", steps[5]);
    assert!(
        steps[6].starts_with("the API server tries the client certificate before the token:"),
        "{}",
        steps[6]
    );

    // A certificate alone still sends no header.
    let user = "    client-certificate: /c.pem\n    client-key: /k.pem\n";
    let (card, _, steps) = explained(&kubeconfig("https://10.0.0.1:6443", USED, user));
    assert_eq!(card, "a TLS client certificate (mutual TLS)");
    assert!(steps[5].ends_with(", with no Authorization header: the client certificate from the handshake identifies the user."), "{}", steps[5]);
}

/// kubectl 1.32 with `username: bob` alone: no prompt, and the server saw
/// `Authorization: Basic Ym9iOg==`, which is `bob:`.
#[test]
fn a_username_alone_is_sent_with_an_empty_password() {
    let (card, _, steps) = explained(&kubeconfig(
        "https://10.0.0.1:6443",
        USED,
        "    username: bob\n",
    ));
    assert_eq!(card, "a username with no password: kubectl does not ask for one and sends basic auth with an empty password");
    assert_eq!(steps[4], "kubectl uses the stored username with an empty password (basic auth); it does not ask for the password.");
    assert!(steps[5].ends_with(", with `Authorization: Basic <username:>` (an empty password) — which API servers no longer accept since Kubernetes 1.19."), "{}", steps[5]);

    let user = "    username: bob\n    password: pw\n";
    let (card, _, _) = explained(&kubeconfig("https://10.0.0.1:6443", USED, user));
    assert_eq!(card, "a username and password (basic auth)");
}

/// KC012 leaves a placeholder server to KC020, so the trust line cites
/// KC020 (kubectl 1.32 tries `http://<server>/api`: `no such host`).
#[test]
fn a_placeholder_server_cites_the_finding_that_fires() {
    for server in ["<server>", "${KUBE_SERVER}", "xxxx"] {
        let text = kubeconfig(server, USED, "    token: abc\n");
        let report = analyze(&text, &Options::default());
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code()).collect();
        assert!(
            codes.contains(&"KC020") && !codes.contains(&"KC012"),
            "{server}: {codes:?}"
        );
        let Explanation::Kubeconfig(o) = report.explanation else {
            panic!("not a kubeconfig")
        };
        assert!(
            o.clusters[0]
                .trust
                .ends_with(", not an address kubectl can reach (KC020)"),
            "{server}: {}",
            o.clusters[0].trust
        );
        assert_eq!(o.stories[0].trust, o.clusters[0].trust);
    }
}
