use super::data::{self, Shape, Want};
use super::prelude::*;
use super::support::{display_name, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC019",
    name: "data-not-pem",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A `*-data` field decodes, but not to the PEM it must hold.",
    what: "Looks inside each decoded `*-data` value: `certificate-authority-data` and \
           `client-certificate-data` must hold complete `CERTIFICATE` PEM blocks, `client-key-data` an \
           unencrypted `PRIVATE KEY` block. Recognises the usual mix-ups: base64 applied twice, DER without \
           PEM armour, a truncated block, certificate and key swapped, an encrypted key.",
    why: "kubectl loads the file, then fails when it builds the TLS client: `unable to load root \
          certificates: unable to parse bytes as PEM block`, `tls: failed to find any PEM data in key input`, \
          or `tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM \
          inputs may have been switched`. None of these says which field, or what the bytes actually are.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0Q2sxSlNVSUtMUzB0TFMxRlRrUWdRMFZTVkVsR1NVTkJWRVV0TFMwdExRbz0=\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: dev\nusers:\n- name: dev\n  user:\n    token: abc\ncurrent-context: dev\n",
    fix_summary: "Encode the PEM file itself, once and on one line: `base64 -w0 ca.crt` (`base64 -i ca.crt` on macOS).",
};

fn is_key(label: &str) -> bool {
    label == "PRIVATE KEY" || label.ends_with(" PRIVATE KEY")
}

/// What is wrong with the decoded bytes for this field, as (what, kubectl's error, help).
fn problem(want: Want, key: &str, bytes: &[u8]) -> Option<(String, &'static str, String)> {
    let kubectl_err = match want {
        Want::CaCerts => "unable to load root certificates: unable to parse bytes as PEM block",
        Want::ClientCert => "tls: failed to find any PEM data in certificate input",
        Want::ClientKey => "tls: failed to find any PEM data in key input",
    };
    let reencode = RULE.fix_summary.to_string();
    match data::shape(bytes) {
        Shape::Pem(labels) => {
            let has_cert = labels.iter().any(|l| l == "CERTIFICATE");
            let key_label = labels.iter().find(|l| is_key(l));
            match want {
                Want::CaCerts | Want::ClientCert if has_cert => None,
                Want::ClientCert if key_label.is_some() => Some((
                    "it holds a private key, not a certificate: the certificate and the key were swapped".into(),
                    "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched",
                    "Swap the values of `client-certificate-data` and `client-key-data`.".into(),
                )),
                Want::ClientKey => match key_label {
                    Some(l) if l.starts_with("ENCRYPTED") => Some((
                        "it holds an encrypted (password-protected) private key, which kubectl cannot use".into(),
                        "tls: failed to parse private key",
                        "Decrypt the key (`openssl pkey -in key.pem -out key-plain.pem`) and encode that: `base64 -w0 key-plain.pem`.".into(),
                    )),
                    Some(_) => None,
                    None if has_cert => Some((
                        "it holds a certificate, not a private key: the certificate and the key were swapped".into(),
                        "tls: found a certificate rather than a key in the PEM for the private key",
                        "Swap the values of `client-certificate-data` and `client-key-data`.".into(),
                    )),
                    None => Some((format!("it holds PEM blocks of type {} but no private key", labels.join(", ")), kubectl_err, reencode)),
                },
                _ => Some((format!("it holds PEM blocks of type {} but no CERTIFICATE", labels.join(", ")), kubectl_err, reencode)),
            }
        }
        Shape::Truncated(label) => Some((
            format!("its PEM block `{label}` has a BEGIN line but no END line: the value was cut short"),
            kubectl_err,
            format!("Copy `{key}` again in full (`kubectl config view --raw`), or re-encode the PEM file with `base64 -w0 FILE`."),
        )),
        Shape::DoubleEncoded => Some((
            "it was base64-encoded twice (it decodes to `LS0t…`, which is base64 of `-----`)".into(),
            kubectl_err,
            format!("Decode it once (`echo VALUE | base64 -d`) and put the result in `{key}`, or encode the PEM file only once: `base64 -w0 FILE`."),
        )),
        Shape::Der => Some((
            "it holds binary DER, not PEM text".into(),
            kubectl_err,
            "Convert to PEM first, then encode: `openssl x509 -inform der -in cert.der | base64 -w0` (for a key: `openssl pkey -inform der -in key.der | base64 -w0`).".into(),
        )),
        Shape::Other => Some(("it decodes to something that is not PEM".into(), kubectl_err, reencode)),
    }
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for f in data::fields(cx) {
        if data::placeholder(f.value).is_some() {
            continue; // KC020 names the placeholder.
        }
        let Ok(bytes) = data::decode(f.value) else {
            continue; // KC018.
        };
        let Some((what, kubectl_err, help)) = problem(f.want, f.key, &bytes) else {
            continue;
        };
        let (owner, scope, noun) = if f.is_cluster {
            ("Cluster", scoper.cluster(f.entry), "cluster")
        } else {
            ("User", scoper.user(f.entry), "user")
        };
        let name = display_name(f.entry);
        sink.report(
            &RULE,
            f.path.clone(),
            format!("{owner} `{name}`: `{}` is valid base64, but {what}; kubectl fails with `{kubectl_err}`.{}", f.key, scope.note(noun)),
        )
        .with_severity(scope.severity(RULE.severity))
        .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_double_encoded_data() {
        assert_eq!(lines_of("KC019", super::RULE.example), vec![7]);
    }

    #[test]
    fn swapped_certificate_and_key_are_named() {
        // client-certificate-data holds "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n".
        let t = "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster: {server: 'https://x'}\ncontexts:\n- name: a\n  context: {cluster: a, user: a}\ncurrent-context: a\nusers:\n- name: a\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlCCi0tLS0tRU5EIFJTQSBQUklWQVRFIEtFWS0tLS0tCg==\n    client-key-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\n";
        let f = findings(t);
        assert!(f.contains(&("KC019", Some(13), "error")), "{f:?}");
        assert!(f.contains(&("KC019", Some(14), "error")), "{f:?}");
    }

    #[test]
    fn quiet_for_pem() {
        assert!(lines_of("KC019", super::RULE.fixed).is_empty());
    }
}
