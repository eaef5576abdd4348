//! What the overview says, checked against what the file holds.

use crate::core::report::Explanation;
use crate::core::{analyze, Options};

fn config(ca: &str, server: &str) -> String {
    format!("apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    certificate-authority-data: {ca}\n    server: {server}\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: prod\ncurrent-context: prod\nusers:\n- name: prod\n  user:\n    token: abc\n")
}

/// The cluster card's trust line, the story's, and the story's connect step.
fn trust_texts(text: &str) -> (String, String, String) {
    let report = analyze(text, &Options::default());
    let Explanation::Kubeconfig(o) = report.explanation else {
        panic!("not a kubeconfig: {:?}", report.kind)
    };
    let story = &o.stories[0];
    (
        o.clusters[0].trust.clone(),
        story.trust.clone(),
        story.steps[3].text.clone(),
    )
}

#[test]
fn an_omitted_ca_is_not_called_an_embedded_ca() {
    let text = config(
        "DATA+OMITTED",
        "https://4F1B2C3D5E6A7B8C9D0E1F2A3B4C5D6E.gr7.us-west-2.eks.amazonaws.com",
    );
    let (card, story, step) = trust_texts(&text);
    assert_eq!(card, "none usable: certificate-authority-data is `DATA+OMITTED`, the marker `kubectl config view` prints in place of embedded data, not a CA certificate: kubectl stops before connecting with `unable to load root certificates: unable to parse bytes as PEM block`; get the real data with `kubectl config view --raw`, or regenerate the entry with `aws eks update-kubeconfig`");
    assert_eq!(story, card);
    assert!(step.ends_with(" TLS: no usable CA: certificate-authority-data is `DATA+OMITTED`, the marker `kubectl config view` prints in place of embedded data, not a CA certificate: kubectl stops before connecting with `unable to load root certificates: unable to parse bytes as PEM block`; get the real data with `kubectl config view --raw`, or regenerate the entry with `aws eks update-kubeconfig`."), "{step}");
    let shown = crate::core::render::explanation_text(&analyze(&text, &Options::default()));
    assert!(
        !shown.contains("embedded in certificate-authority-data"),
        "{shown}"
    );
    assert!(!shown.contains("chain to the CA embedded"), "{shown}");
}

#[test]
fn a_template_placeholder_is_quoted_and_stops_the_load() {
    let (card, _, _) = trust_texts(&config("<base64-encoded-ca>", "https://10.0.0.1:6443"));
    assert_eq!(card, "none usable: certificate-authority-data is `<base64-encoded-ca>`, a template placeholder that was never filled in, not a CA certificate: kubectl stops loading the file with `illegal base64 data`; put the cluster's CA there (base64 of its PEM), or regenerate the entry with the tool that wrote it");
}

#[test]
fn real_ca_data_is_still_the_trust_anchor() {
    let ca = REAL_CA;
    let (card, _, step) = trust_texts(&config(ca, "https://10.0.0.1:6443"));
    assert_eq!(
        card,
        "the CA certificate embedded in certificate-authority-data"
    );
    assert!(
        step.contains("chain to the CA embedded in certificate-authority-data"),
        "{step}"
    );
}

#[test]
fn a_redacted_credential_is_not_called_a_credential() {
    let text =
        config("DATA+OMITTED", "https://10.0.0.1:6443").replace("token: abc", "token: REDACTED");
    let report = analyze(&text, &Options::default());
    let Explanation::Kubeconfig(o) = &report.explanation else {
        panic!("not a kubeconfig")
    };
    assert_eq!(o.users[0].detail, "a static bearer token, but token is `REDACTED`, the marker `kubectl config view` prints in place of a secret: kubectl sends it as the token, and the API server answers 401 Unauthorized");
    assert_eq!(o.stories[0].steps[4].text, "nothing to fetch, and nothing usable: token is `REDACTED`, the marker `kubectl config view` prints in place of a secret: kubectl sends it as the token, and the API server answers 401 Unauthorized.");
    let cert = text.replace(
        "token: REDACTED",
        "client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED",
    );
    let report = analyze(&cert, &Options::default());
    let Explanation::Kubeconfig(o) = &report.explanation else {
        panic!("not a kubeconfig")
    };
    assert_eq!(o.users[0].detail, "a TLS client certificate, but client-certificate-data is `DATA+OMITTED`, the marker `kubectl config view` prints in place of embedded data, not a certificate: kubectl stops with `tls: failed to find any PEM data in certificate input`");
}

#[test]
fn a_secret_placeholder_is_named_not_quoted() {
    let text =
        config("DATA+OMITTED", "https://10.0.0.1:6443").replace("token: abc", "token: changeme");
    let report = analyze(&text, &Options::default());
    let Explanation::Kubeconfig(o) = &report.explanation else {
        panic!("not a kubeconfig")
    };
    assert_eq!(o.users[0].detail, "a static bearer token, but token is a placeholder word that was never replaced: kubectl sends it as the token, and the API server answers 401 Unauthorized");
}

#[test]
fn a_ca_file_is_named_as_kubectl_opens_it() {
    let with_file = |f: &str| {
        let text = config("x", "https://10.0.0.1:6443").replace(
            "certificate-authority-data: x",
            &format!("certificate-authority: {f}"),
        );
        trust_texts(&text)
    };
    let (card, _, step) = with_file("~/.minikube/ca.crt");
    assert_eq!(card, "the CA certificate in the file <kubeconfig dir>/~/.minikube/ca.crt, since kubectl does not expand `~` (on the machine running kubectl)");
    // kubectl 1.32: `unable to read certificate-authority /tmp/kx/~/ca.crt …`.
    assert_eq!(step, "kubectl stops here, before connecting: it refuses the cluster entry as written (KC034, line 6).");
    let (_, _, step) = with_file("certs/ca.crt");
    assert!(step.contains("chain to the CA in the file certs/ca.crt, relative to the kubeconfig file's directory, read on"), "{step}");
    let (card, _, _) = with_file("certs/ca.crt");
    assert_eq!(card, "the CA certificate in the file certs/ca.crt, relative to the kubeconfig file's directory (on the machine running kubectl)");
    for absolute in ["/etc/kubernetes/pki/ca.crt", "C:\\Users\\me\\ca.crt"] {
        let (card, _, _) = with_file(absolute);
        assert_eq!(
            card,
            format!("the CA certificate in the file {absolute} (on the machine running kubectl)")
        );
    }
}

#[test]
fn a_tilde_file_card_does_not_promise_kubectl_reads_it() {
    let text = config("x", "https://10.0.0.1:6443").replace(
        "certificate-authority-data: x",
        "certificate-authority: ~/.minikube/ca.crt",
    );
    let report = analyze(&text, &Options::default());
    let Explanation::Kubeconfig(o) = &report.explanation else {
        panic!("not a kubeconfig")
    };
    assert_eq!(o.certificates[0].notes, ["kubectl does not expand `~`: it reads `<kubeconfig dir>/~/.minikube/ca.crt` on the machine where it runs, not the file the shell means by `~/.minikube/ca.crt`. Drop or paste that file here to check it, and write its full path in `certificate-authority`."]);
}

fn overview_of(text: &str) -> crate::core::kubeconfig::Overview {
    match analyze(text, &Options::default()).explanation {
        Explanation::Kubeconfig(o) => *o,
        _ => panic!("not a kubeconfig"),
    }
}

#[test]
fn a_static_token_next_to_exec_is_what_kubectl_sends() {
    // client-go skips the plugin when the user has a static credential
    // (KC024 says so): the explanation must not say the plugin runs.
    let text = config("DATA+OMITTED", "https://10.0.0.1:6443").replace(
        "    token: abc\n",
        "    token: abc\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, prod]\n",
    );
    let o = overview_of(&text);
    assert_eq!(o.users[0].method, "bearer token");
    assert_eq!(o.users[0].detail, "a static bearer token stored in the file; the exec plugin (`aws`) never runs while that is set (KC024)");
    let steps = &o.stories[0].steps;
    assert_eq!(steps[4].text, "nothing to fetch: kubectl uses the static bearer token stored in the file. Next to it, the exec plugin (`aws`) never runs while that is set (KC024).");
    assert!(
        steps[5]
            .text
            .ends_with("with `Authorization: Bearer <the stored token>`."),
        "{}",
        steps[5].text
    );
    assert!(o.exec_flows[0].sections[0]
        .lines
        .iter()
        .any(|l| l.starts_with("kubectl does not run it:")));
}

#[test]
fn token_file_wins_over_token_and_basic_auth_is_refused() {
    let both = config("DATA+OMITTED", "https://10.0.0.1:6443").replace(
        "    token: abc\n",
        "    token: abc\n    tokenFile: token.txt\n",
    );
    let o = overview_of(&both);
    assert_eq!(o.users[0].detail, "a bearer token read from token.txt, relative to the kubeconfig file's directory; the `token` stored in the file is used only when that file cannot be read");
    let steps = &o.stories[0].steps;
    assert!(steps[4].text.starts_with("whenever it can read the file, kubectl uses the bearer token in token.txt, relative to the kubeconfig file's directory; only otherwise"), "{}", steps[4].text);
    assert!(
        steps[5]
            .text
            .ends_with("with `Authorization: Bearer <the token from the file>`."),
        "{}",
        steps[5].text
    );

    let basic = config("DATA+OMITTED", "https://10.0.0.1:6443").replace(
        "    token: abc\n",
        "    token: abc\n    username: admin\n    password: pw\n",
    );
    let o = overview_of(&basic);
    assert_eq!(
        o.users[0].detail,
        "a bearer token and a username/password, which kubectl refuses together (KC024)"
    );
    assert!(o.stories[0].steps[4]
        .text
        .starts_with("kubectl stops here:"));
}

#[test]
fn the_cluster_card_and_the_story_agree_on_plain_http() {
    for (server, trust) in [
        (
            "http://10.0.0.1:8080",
            "none: the server URL is plain http, there is no TLS",
        ),
        (
            "10.0.0.1:6443",
            "none: the server has no `https://` scheme, so kubectl speaks plain HTTP (KC012)",
        ),
    ] {
        let (card, story, _) = trust_texts(&config("DATA+OMITTED", server));
        assert_eq!(card, trust, "{server}");
        assert_eq!(story, trust, "{server}");
    }
}

#[test]
fn the_connect_step_says_what_kc012_and_kc014_say() {
    let (_, _, step) = trust_texts(&config("DATA+OMITTED", "\"https://10.0.0.1:6443 \""));
    assert_eq!(step, "the server `https://10.0.0.1:6443 ` has white space around it; kubectl fails with `host must be a URL or a host:port pair`.");
    let (_, _, step) = trust_texts(&config("DATA+OMITTED", "10.0.0.1:6443"));
    assert!(
        step.starts_with(
            "the server `10.0.0.1:6443` has no `https://` scheme; kubectl then speaks plain HTTP"
        ),
        "{step}"
    );
    let proxied = config("DATA+OMITTED", "https://10.0.0.1:6443").replace(
        "    server:",
        "    proxy-url: proxy.corp.example:3128\n    server:",
    );
    let (_, _, step) = trust_texts(&proxied);
    assert!(
        step.starts_with("the proxy-url `proxy.corp.example:3128` has no `scheme://`"),
        "{step}"
    );
}

#[test]
fn a_host_with_a_space_is_not_named_as_a_host() {
    let report = analyze(
        &config("DATA+OMITTED", "\"https://10.0.0.1:6443 \""),
        &Options::default(),
    );
    let Explanation::Kubeconfig(o) = &report.explanation else {
        panic!("not a kubeconfig")
    };
    let said = o.clusters[0].platform.describe();
    assert!(!said.contains("the host `10.0.0.1:6443 `"), "{said}");
    assert!(said.contains("not a URL kubectl can use"), "{said}");
}

#[test]
fn a_broken_ca_is_not_called_the_trust_anchor() {
    // A stray character: kubectl refuses the file (CRT004).
    let broken = format!("{}*{}", &REAL_CA[..100], &REAL_CA[100..]);
    let (card, story, step) = trust_texts(&config(&broken, "https://10.0.0.1:6443"));
    assert_eq!(card, "none usable: certificate-authority-data has an error (CRT004, line 6), so kubectl cannot verify the server with it");
    assert_eq!(story, card);
    // The step keeps its own words; the finding is attached to it.
    assert!(step.contains("TLS:"), "{step}");
}

/// A valid CA certificate (CN = kubernetes, until 2034), from the fixtures.
const REAL_CA: &str = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM2RENDQWRDZ0F3SUJBZ0lDRUFBd0RRWUpLb1pJaHZjTkFRRUxCUUF3RlRFVE1CRUdBMVVFQXd3S2EzVmkKWlhKdVpYUmxjekFlRncweU5UQXhNREV3TURBd01EQmFGdzB6TkRFeU16QXdNREF3TURCYU1CVXhFekFSQmdOVgpCQU1NQ210MVltVnlibVYwWlhNd2dnRWlNQTBHQ1NxR1NJYjNEUUVCQVFVQUE0SUJEd0F3Z2dFS0FvSUJBUURPCk1mQnNITG8xTkp3R2ZoTXZtYlNBWXZMMHU1RVF4OEJoTFVxQ2VObWRHcGFydDBWWExtL3NXQ0hERGFpMmZ5VjcKUUh3ZEozaGthZ3IveUFybUUva2VIalFRR0FNS1diVGJBS0RYL0l0MVhUc29TYzJpNFlrV1psb09KU043Q2tRWQo3clRlOU8vQnBpbGpxMWJyWksyMTdZVFZqK21NTXI4T2dCNTBjNHBqNWgrUk5yN21zbzdVRFRDVUhyWWZuakJuClZsZkFnRWNvVExhUXVFY1VCRXcrdCs0KzVHZXpVWEs4M3RrdDUxOC9qaW9UNmVwKzNPZVZ4OFVXeDdXWmR6TjMKaFI3VERWWnhSOC9FVWtndTVXak1xT2FYdElSQUlualdVRFFMQ2o1Rk5PcXBuamh0ME9iTHBwekJEYjNVdU9YbQp3YllNakJrSjlab2RhTUgxVVVkMUFnTUJBQUdqUWpCQU1BOEdBMVVkRXdFQi93UUZNQU1CQWY4d0RnWURWUjBQCkFRSC9CQVFEQWdLa01CMEdBMVVkRGdRV0JCUyttSExqK3FNSTZMUHdzQW9UYjA5akpyaEpuREFOQmdrcWhraUcKOXcwQkFRc0ZBQU9DQVFFQXJtWHhaNDQ1NHJsejlSMmtVOERNRUI5RXhaZXFQM2ZNZEs5UVVvMW5mbndZUS9TZwpmWnh6dFQ3NzZNWTcwOWdVVG1JbkhBdDlyQTlBUE9lcDJlZ2JOSWloNVNCVGE0Z2dyeEJ6RDI3bkE3NGlaMCtJClVJQmtvRVFrMkRLQXhJMWxQMnhWbjdaTnpEWEgreTFyczdzV1NzcnNtT3orRFFIMzFJTjg3RGVkOFlHQmpsUWQKak8rbkhEZktmeDZvSW1hME1uNFVxWFdoVVVSanJ4MEdiVkEybjhFSy8zNWwza01Pb2hLMFJrSVowY0pqYWhoRQp1NXM5OFBMYlBqMnJESS90ZHFhNCtUV29CRGp4NkJzZHM5azFZNThtUHFDdExvQ3M3alArMkh2elY1YnZVdXBlCkpIZjdZdi9zQ0VjcjFZcEtPTHhUOEMzNmdLdmdqK21LbGZ0cEp3PT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=";

#[test]
fn exec_next_to_an_auth_provider_is_refused_not_run() {
    let text = config(REAL_CA, "https://34.78.120.15").replace(
        "    token: abc\n",
        "    auth-provider:\n      name: gcp\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: gke-gcloud-auth-plugin\n",
    );
    let o = overview_of(&text);
    assert_eq!(
        o.users[0].detail,
        "an exec plugin and an auth-provider, which kubectl refuses together (KC026)"
    );
    assert_eq!(o.stories[0].steps[4].text, "kubectl stops here: the user has both an exec plugin and an auth-provider, and kubectl refuses the combination (KC026).");
}

#[test]
fn an_unnamed_context_is_not_offered_to_context_flag() {
    let text = config(REAL_CA, "https://10.0.0.1:6443").replace(
        "current-context: prod\n",
        "- context:\n    cluster: prod\n    user: prod\ncurrent-context: prod\n",
    );
    let report = analyze(&text, &Options::default());
    let shown = crate::core::render::explanation_text(&report);
    assert!(!shown.contains("--context  "), "{shown}");
    assert!(!shown.contains("`--context `"), "{shown}");
    let o = overview_of(&text);
    assert_eq!(o.stories[1].steps[1].text, "this context has no name, so neither `--context` nor current-context can pick it: kubectl never uses it.");
}

#[test]
fn a_hidden_character_in_current_context_is_shown() {
    let text = config(REAL_CA, "https://10.0.0.1:6443")
        .replace("current-context: prod\n", "current-context: pr\u{200b}od\n");
    let report = analyze(&text, &Options::default());
    let shown = crate::core::render::explanation_text(&report);
    assert!(shown.contains("Current context: pr<U+200B>od\n"), "{shown}");
    let o = overview_of(&text);
    assert!(
        o.stories[0].steps[1].text.ends_with("without the flag kubectl stops with `context was not found for specified context: pr<U+200B>od`: current-context names no context."),
        "{shown}"
    );
}

#[test]
fn a_cluster_without_server_says_so_on_its_card() {
    let text =
        config(REAL_CA, "https://10.0.0.1:6443").replace("    server: https://10.0.0.1:6443\n", "");
    let o = overview_of(&text);
    assert_eq!(
        o.clusters[0].platform.describe(),
        "no `server`, so kubectl falls back to http://localhost:8080"
    );
    assert_eq!(
        o.clusters[0].trust,
        "none: kubectl falls back to http://localhost:8080, plain HTTP"
    );
    assert_eq!(o.stories[0].trust, o.clusters[0].trust);
}

#[test]
fn an_exec_section_kubectl_refuses_is_not_run() {
    let with_exec =
        |exec: &str| config(REAL_CA, "https://10.0.0.1:6443").replace("    token: abc\n", exec);
    let no_command = with_exec("    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args: [eks, get-token, --cluster-name, prod]\n");
    let o = overview_of(&no_command);
    assert_eq!(
        o.users[0].detail,
        "an exec plugin with no `command`, which kubectl refuses (KC027)"
    );
    assert_eq!(o.stories[0].steps[4].text, "kubectl stops here, before running the exec plugin: it refuses the user's `exec` section as written (KC027, line 17).");

    let nameless_env = with_exec("    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, prod]\n      env:\n      - AWS_PROFILE: admin\n");
    let o = overview_of(&nameless_env);
    assert!(
        o.stories[0].steps[4]
            .text
            .starts_with("kubectl stops here, before running the exec plugin"),
        "{}",
        o.stories[0].steps[4].text
    );
    let lines = &o.exec_flows[0].sections[0].lines;
    assert!(
        lines
            .iter()
            .any(|l| l == "  (an entry without `name`: kubectl refuses it, KC029)"),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.trim() == "="), "{lines:?}");

    let v1alpha1 = with_exec(
        "    exec:\n      apiVersion: client.authentication.k8s.io/v1alpha1\n      command: aws\n",
    );
    let o = overview_of(&v1alpha1);
    assert!(
        o.stories[0].steps[4].text.contains("(KC010, line 18)"),
        "{}",
        o.stories[0].steps[4].text
    );
}

/// The trust line reads the server as kubectl does (Go's `url.Parse` keeps
/// the white space and lowercases the scheme), so it never contradicts the
/// URL rules: kubectl 1.32 under `unshare -n` stops on the trailing space with
/// `host must be a URL or a host:port pair`, sends `GET http://…` with no
/// Authorization for `HTTP://`, and a bearer token over TLS for `HTTPS://`.
#[test]
fn trust_reads_the_server_as_the_url_rules_do() {
    for (server, trust, code) in [
        (
            "\"https://10.0.0.1:6443 \"",
            "none: kubectl cannot use the server URL as written, so it connects nowhere (KC012)",
            Some("KC012"),
        ),
        (
            "HTTP://10.0.0.1:8080",
            "none: the server URL is plain http, there is no TLS",
            Some("KC013"),
        ),
        (
            "HTTPS://10.0.0.1:6443",
            "the operating system's trusted root CAs (no CA given)",
            None,
        ),
    ] {
        let text = config("x", server).replace("    certificate-authority-data: x\n", "");
        let (card, story, step) = trust_texts(&text);
        assert_eq!(card, trust, "{server}");
        assert_eq!(story, trust, "{server}");
        let report = analyze(&text, &Options::default());
        let url_codes: Vec<&str> = report
            .findings
            .iter()
            .map(|f| f.code())
            .filter(|c| ["KC012", "KC013"].contains(c))
            .collect();
        assert_eq!(url_codes, code.into_iter().collect::<Vec<_>>(), "{server}");
        if server.starts_with("HTTP:") {
            assert!(
                step.starts_with("kubectl opens a connection to 10.0.0.1, port 8080"),
                "{step}"
            );
            assert!(step.ends_with("The URL is plain http: no TLS, so requests and responses cross the network in clear text, and kubectl sends them no credential."), "{step}");
        }
    }
}

/// What the user card, the story's credential step and the exec flow say
/// for a field next to `exec`, per client-go's `UpdateTransportConfig` and
/// kubectl 1.32 run under `unshare -n` with a plugin that leaves a mark.
fn exec_next_to(fields: &str) -> (String, String, Vec<String>) {
    let text = config("DATA+OMITTED", "https://10.0.0.1:6443").replace(
        "    token: abc\n",
        &format!("{fields}    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, prod]\n"),
    );
    let o = overview_of(&text);
    let flow = o.exec_flows[0].sections[0].lines.clone();
    (
        o.users[0].detail.clone(),
        o.stories[0].steps[4].text.clone(),
        flow,
    )
}

const RUNS: &str =
    "runs `aws eks get-token --cluster-name prod` and reads an ExecCredential (client.authentication.k8s.io/v1beta1)";

#[test]
fn a_password_or_key_alone_does_not_stop_the_plugin() {
    let (card, step, flow) = exec_next_to("    password: pw\n");
    assert_eq!(
        card,
        format!("{RUNS}; `password` without a `username` is ignored (KC024)")
    );
    assert!(
        step.ends_with(" The `password` without a `username` is ignored (KC024)."),
        "{step}"
    );
    assert!(!step.contains("never runs"), "{step}");
    assert!(
        !flow
            .iter()
            .any(|l| l.starts_with("kubectl does not run it")),
        "{flow:?}"
    );

    let (card, step, _) = exec_next_to("    client-key-data: a2V5\n");
    assert_eq!(
        card,
        format!("{RUNS}; `client-key-data` without a client certificate is ignored (KC023)")
    );
    assert!(
        step.ends_with(" The `client-key-data` without a client certificate is ignored (KC023)."),
        "{step}"
    );
}

#[test]
fn a_certificate_without_its_key_is_refused_not_preferred() {
    // kubectl: `client-key-data or client-key must be specified for prod to use
    // the clientCert authentication method.`, and the plugin never runs.
    let (card, step, flow) = exec_next_to("    client-certificate: /c.pem\n");
    assert_eq!(card, "a TLS client certificate without its key, which kubectl refuses (KC023), so the exec plugin never runs");
    assert_eq!(step, "kubectl stops here: the user has a client certificate without its key (`client-key` or `client-key-data`), and kubectl refuses it (KC023).");
    assert!(flow.iter().any(|l| l == "kubectl does not run it: this user also has a client certificate without its key, and kubectl refuses the user before it gets here (KC023)."), "{flow:?}");
}

#[test]
fn a_username_or_a_certificate_with_its_key_stops_the_plugin() {
    let (card, _, flow) = exec_next_to("    username: admin\n");
    assert_eq!(card, "a username with no password: kubectl does not ask for one and sends basic auth with an empty password; the exec plugin (`aws`) never runs while that is set (KC024)");
    assert!(flow.iter().any(|l| l == "kubectl does not run it: this user also has `username`, which kubectl uses instead (KC024)."), "{flow:?}");
    let (card, _, flow) =
        exec_next_to("    client-certificate: /c.pem\n    client-key-data: a2V5\n");
    assert_eq!(card, "a TLS client certificate (mutual TLS); the exec plugin (`aws`) never runs while that is set (KC024)");
    assert!(flow.iter().any(|l| l == "kubectl does not run it: this user also has `client-certificate`, which kubectl uses instead (KC024)."), "{flow:?}");
}

#[test]
fn a_password_alone_is_not_basic_auth() {
    // kubectl 1.32: `Please enter Username: error: EOF`.
    let text = config("DATA+OMITTED", "https://10.0.0.1:6443")
        .replace("    token: abc\n", "    password: pw\n");
    let o = overview_of(&text);
    assert_eq!(o.users[0].detail, "a `password` without a `username`, which kubectl ignores: it asks `Please enter Username:` on a terminal (or fails with `EOF` without one)");
    // Only what is typed at the prompt is sent, never the stored password.
    assert!(
        o.stories[0].steps[5].text.contains(
            ", with the username and password typed at the prompt, as `Authorization: Basic …`"
        ),
        "{}",
        o.stories[0].steps[5].text
    );
    // Next to a token file it is ignored, and nothing is refused.
    let text = config("DATA+OMITTED", "https://10.0.0.1:6443")
        .replace("    token: abc\n", "    password: pw\n    tokenFile: /t\n");
    let o = overview_of(&text);
    assert_eq!(
        o.users[0].detail,
        "a bearer token read from /t; `password` without a `username` is ignored (KC024)"
    );
}

/// kubectl reads no credential for a plain-HTTP server (client-go's
/// `IsConfigTransportTLS`): 1.32 sends `GET http://…` with no Authorization
/// header and never runs the plugin, for `http://` and `HTTP://` alike.
#[test]
fn over_plain_http_the_story_sends_no_credential() {
    for (server, why) in [
        ("http://10.0.0.1:8080", "the server is plain HTTP"),
        ("HTTP://10.0.0.1:8080", "the server is plain HTTP"),
        (
            "10.0.0.1:8080",
            "the server has no `https://` scheme, so it is plain HTTP",
        ),
    ] {
        let o = overview_of(&config("DATA+OMITTED", server));
        let steps = &o.stories[0].steps;
        assert_eq!(steps[4].text, format!("nothing to fetch: {why}, and kubectl uses a user's credentials only with an https server: no token, certificate or exec plugin is used and the request goes out anonymous."), "{server}");
        assert_eq!(
            o.stories[0].credential,
            format!("bearer token, not sent: {why}, and kubectl sends credentials only over https")
        );
        assert!(
            steps[5].text.ends_with(", with no credential."),
            "{server}: {}",
            steps[5].text
        );
    }
}

/// A context whose cluster is missing, or whose cluster has no server, talks
/// to http://localhost:8080: kubectl 1.32 under `unshare -n`, `--v=9`, sent
/// `GET http://localhost:8080/api` with no Authorization header and never ran
/// the exec plugin (a marker script), with no error before the connection.
#[test]
fn without_a_cluster_or_server_no_credential_is_sent_or_plugin_run() {
    let exec = "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: /bin/plugin\n";
    let base = config("DATA+OMITTED", "https://10.0.0.1:6443").replace("    token: abc\n", exec);
    let missing = base.replace("    cluster: prod\n", "    cluster: typo\n");
    let no_server = base.replace("    server: https://10.0.0.1:6443\n", "");
    for (text, why) in [
        (
            missing,
            "http://localhost:8080, the fallback for a missing cluster, is plain HTTP",
        ),
        (
            no_server,
            "http://localhost:8080, the fallback for a cluster without server, is plain HTTP",
        ),
    ] {
        let report = analyze(&text, &Options::default());
        let shown = crate::core::render::explanation_text(&report);
        let o = overview_of(&text);
        let s = &o.stories[0];
        assert_eq!(
            s.trust,
            "none: kubectl falls back to http://localhost:8080, plain HTTP"
        );
        assert!(
            s.credential
                .starts_with(&format!("exec plugin, not sent: {why}")),
            "{}",
            s.credential
        );
        assert!(
            s.steps[4]
                .text
                .starts_with(&format!("nothing to fetch: {why}")),
            "{}",
            s.steps[4].text
        );
        assert!(
            s.steps[5]
                .text
                .ends_with(":8080/api/v1/namespaces/default/pods?limit=500, with no credential."),
            "{}",
            s.steps[5].text
        );
        assert!(
            s.steps[6].text.starts_with("without a credential"),
            "{}",
            s.steps[6].text
        );
        assert!(
            shown.contains(&format!("kubectl does not run the plugin here: {why}")),
            "{shown}"
        );
    }
}

/// A file kubectl refuses to load (kubectl 1.32: `error loading config file
/// …: duplicate name "prod" in list`) is not told as a request that goes out:
/// every story stops at loading, and names the finding.
#[test]
fn a_file_kubectl_refuses_to_load_stops_every_story_at_loading() {
    let base = config("DATA+OMITTED", "https://10.0.0.1:6443");
    let text = base.replace(
        "current-context: prod\n",
        "- name: prod\n  context:\n    cluster: prod\n    user: prod\ncurrent-context: prod\n",
    );
    let o = overview_of(&text);
    assert_eq!(o.stories.len(), 2);
    for s in &o.stories {
        assert_eq!(s.steps[0].text, "kubectl stops here: it refuses to load this file (KC007, line 13), whatever the context, and sends nothing; the steps below are what it does once that is fixed.");
        assert!(s.steps[0].notes.iter().any(|n| n.code == "KC007"));
    }
    let o = overview_of(&base);
    assert!(o.stories[0].steps[0]
        .text
        .starts_with("kubectl reads the files"));
}

/// kubectl 1.32 refuses a CA as both file and data (`certificate-authority-data
/// and certificate-authority are both specified for minikube`) and a client
/// certificate as both (`client-cert-data and client-cert are both specified
/// …`) before connecting: the story says so at the step it concerns.
#[test]
fn a_cluster_or_user_entry_kubectl_refuses_stops_the_story_there() {
    let base = config("DATA+OMITTED", "https://10.0.0.1:6443");
    let text = base.replace(
        "    server:",
        "    certificate-authority: /ca.crt\n    server:",
    );
    let o = overview_of(&text);
    assert_eq!(o.stories[0].steps[3].text, "kubectl stops here, before connecting: it refuses the cluster entry as written (KC015, line 7).");
    let text = base.replace(
        "    token: abc\n",
        "    client-certificate: /c.crt\n    client-certificate-data: Y2VydA==\n    client-key: /k.key\n",
    );
    let o = overview_of(&text);
    assert_eq!(o.stories[0].steps[4].text, "kubectl stops here, before connecting: it refuses the user entry as written (KC021, line 17).");
}

/// kubectl 1.32 under `unshare -n`, `--v=9`, with `as`/`as-groups` and an
/// `http://` server: `GET http://…` with `Impersonate-User: system:admin`,
/// `Impersonate-Group: system:masters` and no `Authorization` header.
#[test]
fn impersonation_headers_go_out_over_plain_http_too() {
    let text = config("DATA+OMITTED", "http://10.0.0.1:8080").replace(
        "    token: abc\n",
        "    token: abc\n    as: system:admin\n    as-groups: [system:masters]\n",
    );
    let o = overview_of(&text);
    assert!(o.stories[0].steps[5].text.ends_with("with no credential, plus `Impersonate-User: system:admin`, `Impersonate-Group: system:masters` — the server checks that the authenticated user may impersonate, then acts as that user."), "{}", o.stories[0].steps[5].text);
}

/// kubectl 1.32 ran `command: ./plugin.sh` from the kubeconfig file's
/// directory, not from the current one.
#[test]
fn a_relative_exec_command_is_found_from_the_kubeconfig_directory() {
    let exec = |cmd: &str| {
        let text = config("DATA+OMITTED", "https://10.0.0.1:6443").replace(
            "    token: abc\n",
            &format!("    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: {cmd}\n"),
        );
        overview_of(&text).stories[0].steps[4].text.clone()
    };
    assert!(exec("./plugin.sh")
        .starts_with("kubectl runs `./plugin.sh` (relative to the kubeconfig file's directory)."));
    assert!(exec("/usr/bin/aws").starts_with("kubectl runs `/usr/bin/aws` (at that path)."));
    assert!(exec("aws").starts_with("kubectl runs `aws` (found on PATH)."));
}

/// kubectl 1.32 under `unshare -n`, `--v=9`: `as-user-extra: {reason:
/// [outage]}` goes out as `Impersonate-Extra-Reason: outage`; `as-groups`
/// without `as` stops it with `requesting uid, groups or user-extra for u
/// without impersonating a user`, over http:// too.
#[test]
fn impersonation_extras_are_sent_and_groups_without_a_user_stop_kubectl() {
    let base = config("DATA+OMITTED", "https://10.0.0.1:6443");
    let text = base.replace(
        "    token: abc\n",
        "    token: abc\n    as: jane\n    as-user-extra:\n      reason: [outage]\n",
    );
    let step = &overview_of(&text).stories[0].steps[5].text;
    assert!(
        step.contains(", plus `Impersonate-User: jane`, `Impersonate-Extra-Reason: outage` —"),
        "{step}"
    );
    let text = config("DATA+OMITTED", "http://10.0.0.1:8080")
        .replace("    token: abc\n", "    as-groups: [system:masters]\n");
    let step = &overview_of(&text).stories[0].steps[5].text;
    assert_eq!(step, "kubectl stops here, before any request: it refuses the user's impersonation settings as written (KC025, line 17).");
}

/// kubectl 1.32 under `unshare -n` with stdin at /dev/null and
/// `interactiveMode: Always`: `Unable to connect to the server: getting
/// credentials: exec plugin cannot support interactive mode: standard input
/// is not a terminal`, and the plugin never ran.
#[test]
fn interactive_mode_always_without_a_terminal_quotes_kubectl() {
    let text = config("DATA+OMITTED", "https://10.0.0.1:6443").replace(
        "    token: abc\n",
        "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n      interactiveMode: Always\n",
    );
    let step = &overview_of(&text).stories[0].steps[4].text;
    assert!(step.ends_with("interactiveMode Always: without a terminal (CI, scripts) kubectl does not run it and fails with `getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal`."), "{step}");
}

/// `aws eks get-token` output pasted into `token:` is an EKS token, not a
/// JWT: the user card, the credential step and the server-side step say so.
#[test]
fn a_stored_eks_token_is_named_as_one() {
    let token = include_str!("../../../../tests/fixtures/token/get-token-us-west-2.token");
    let text = config(
        "DATA+OMITTED",
        "https://ABC.gr7.us-west-2.eks.amazonaws.com",
    )
    .replace(
        "    token: abc\n",
        &format!("    token: {}\n", token.trim()),
    );
    let o = overview_of(&text);
    assert_eq!(o.users[0].detail, "an EKS token (`aws eks get-token` output) stored in the file, accepted for 15 minutes after it was signed");
    let steps = &o.stories[0].steps;
    assert_eq!(steps[4].text, "nothing to fetch: kubectl uses the EKS token stored in the file (`aws eks get-token` output signed at 2026-11-25T19:28:16Z), which STS accepts for 15 minutes after signing; the exec plugin would fetch a fresh one for every command.");
    assert!(
        steps[6]
            .text
            .starts_with("the EKS authenticator replays the token's presigned STS request"),
        "{}",
        steps[6].text
    );
    assert!(!format!("{o:?}").contains(token.trim()));
}
