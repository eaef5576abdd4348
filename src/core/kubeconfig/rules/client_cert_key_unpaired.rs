use super::prelude::*;
use super::support::{display_name, set, Scoper};

pub static RULE: RuleMeta = RuleMeta {
    code: "KC023",
    name: "client-cert-key-unpaired",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Kubeconfig,
    summary: "A user has a client certificate without its key, or a key without its certificate.",
    what: "Checks that `client-certificate(-data)` and `client-key(-data)` come together.",
    why: "A certificate without a key is refused: `client-key-data or client-key must be specified for dev \
          to use the clientCert authentication method.` A key without a certificate is silently ignored: \
          kubectl sends no client certificate, and with no other credential it asks `Please enter \
          Username:` on a terminal (or fails with `EOF` in a script). Both usually mean a line was lost when \
          the user entry was copied.",
    example: "apiVersion: v1\nkind: Config\nclusters:\n- name: kind-kind\n  cluster:\n    server: https://127.0.0.1:40123\ncontexts:\n- name: kind-kind\n  context:\n    cluster: kind-kind\n    user: kind-kind\nusers:\n- name: kind-kind\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\ncurrent-context: kind-kind\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters:\n- name: kind-kind\n  cluster:\n    server: https://127.0.0.1:40123\ncontexts:\n- name: kind-kind\n  context:\n    cluster: kind-kind\n    user: kind-kind\nusers:\n- name: kind-kind\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlCCi0tLS0tRU5EIFJTQSBQUklWQVRFIEtFWS0tLS0tCg==\ncurrent-context: kind-kind\n",
    fix_summary: "Add the missing half: `client-key-data` (or `client-key`) next to the certificate, or `client-certificate-data` (or `client-certificate`) next to the key.",
};

pub fn check(cx: &Cx, sink: &mut Sink) {
    let scoper = Scoper::new(cx);
    for (i, nu, u) in super::support::users(cx) {
        let cert = set(&u.client_certificate) || set(&u.client_certificate_data);
        let key = set(&u.client_key) || u.client_key_data.as_ref().is_some_and(|k| !k.is_empty());
        if cert == key {
            continue;
        }
        let scope = scoper.user(nu.name.as_deref());
        let name = display_name(nu.name.as_deref());
        let base = cx.user_path(i).k("user");
        if cert {
            let field = if set(&u.client_certificate_data) {
                "client-certificate-data"
            } else {
                "client-certificate"
            };
            scope.report(sink, &RULE, base.k(field), "user", format!("User `{name}` has a client certificate but no `client-key`/`client-key-data`; kubectl stops with `client-key-data or client-key must be specified for {name} to use the clientCert authentication method.`"))
            .with_help("Add `client-key-data` (base64 of the PEM key) or `client-key` (its path) to this user; the key is the one the certificate was issued for.");
            continue;
        }
        let field = if u.client_key_data.as_ref().is_some_and(|k| !k.is_empty()) {
            "client-key-data"
        } else {
            "client-key"
        };
        let other = u.token.as_ref().is_some_and(|t| !t.is_empty())
            || set(&u.token_file)
            || set(&u.username)
            || u.exec.is_some()
            || u.auth_provider.is_some();
        let (what, severity) = if other {
            (
                "kubectl ignores the key and authenticates with the user's other credential",
                Severity::Warning,
            )
        } else {
            ("kubectl ignores the key, sends no client certificate, and prompts `Please enter Username:` (or fails with `EOF` without a terminal)", RULE.severity)
        };
        sink.report(
            &RULE,
            base.k(field),
            format!("User `{name}` has a client key but no `client-certificate`/`client-certificate-data`: {what}.{}", scope.note("user")),
        )
        .with_severity(scope.severity(severity))
        .with_help("Add `client-certificate-data` (base64 of the PEM certificate) or `client-certificate` (its path), or delete the stray key.");
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, lines_of};

    #[test]
    fn fires_on_a_certificate_without_key() {
        assert_eq!(lines_of("KC023", super::RULE.example), vec![15]);
    }

    #[test]
    fn a_key_alone_is_an_error_unless_another_credential_exists() {
        let t = "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster: {server: 'https://x'}\ncontexts:\n- name: a\n  context: {cluster: a, user: a}\ncurrent-context: a\nusers:\n- name: a\n  user:\n    client-key: /k.pem\n";
        assert!(findings(t).contains(&("KC023", Some(13), "error")));
        let t = t.replace(
            "    client-key: /k.pem\n",
            "    client-key: /k.pem\n    token: abc\n",
        );
        assert!(findings(&t).contains(&("KC023", Some(13), "warning")));
    }

    #[test]
    fn quiet_with_both() {
        assert!(lines_of("KC023", super::RULE.fixed).is_empty());
    }
}
