//! `eksplain map-identity FILE ARN`: which Kubernetes user and groups an IAM
//! identity gets from an aws-auth ConfigMap.

use super::{read_input, usage_error, Env, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::core::awsauth::{self, canonicalize};

pub fn map_identity(args: &[String], env: &mut Env) -> i32 {
    let [file, arn] = args else {
        return usage_error(
            env,
            "map-identity takes an aws-auth ConfigMap FILE (or -) and an IAM ARN",
        );
    };
    let text = match read_input(env, file) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(env.err, "eksplain: {e}");
            return EXIT_USAGE;
        }
    };
    let aws = match awsauth::parse_text(&text) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(env.err, "eksplain: {file} is not YAML: {e}");
            return EXIT_USAGE;
        }
    };
    let principal = match canonicalize(arn) {
        Ok(p) => p,
        Err(e) => return usage_error(env, &e),
    };
    let _ = writeln!(env.out, "IAM identity: {arn}");
    let _ = writeln!(env.out, "looked up as: {}", principal.canonical);
    if let Some(n) = &principal.note {
        let _ = writeln!(env.out, "  ({n})");
    }
    if !aws.errors.is_empty() {
        let _ = writeln!(env.out, "warning: {} block(s) of this ConfigMap do not parse and are ignored, as the authenticator would (run `eksplain check`)", aws.errors.len());
    }
    match awsauth::map_identity(&aws, arn) {
        Some(m) => {
            print_mapping(env, &m);
            if !m.others.is_empty() {
                let which = match m.others.len() {
                    1 => "1 other entry matches too: the authenticator keeps both",
                    _ => "other entries match too: the authenticator keeps them all",
                };
                let _ = writeln!(env.out, "\nbut {which} and answers each request with whichever it finds first, in no fixed order:");
                for o in &m.others {
                    print_mapping(env, o);
                }
                return EXIT_FINDINGS;
            }
            if m.denied.is_some() {
                return EXIT_FINDINGS;
            }
            EXIT_OK
        }
        None => {
            let _ = writeln!(env.out, "no entry maps it: the request is Unauthorized, unless an EKS access entry maps this principal");
            EXIT_FINDINGS
        }
    }
}

fn print_mapping(env: &mut Env, m: &awsauth::MappedIdentity) {
    let _ = writeln!(env.out, "matched:      {}", m.via);
    let _ = writeln!(env.out, "username:     {}", m.shown_username());
    let groups = if m.groups.is_empty() {
        "(none)".to_string()
    } else {
        m.groups.join(", ")
    };
    let _ = writeln!(env.out, "groups:       {groups}");
    if let Some(d) = &m.denied {
        let _ = writeln!(env.out, "but denied:   {d}");
    }
}

#[cfg(test)]
mod tests {
    use crate::cli::{run, Env};

    fn run_with(args: &[&str], file: &'static str) -> (i32, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut stdin: &[u8] = b"";
        let code = {
            let mut env = Env {
                stdin: &mut stdin,
                out: &mut out,
                err: &mut err,
                clock: &|| 0,
                read_file: &|_| Ok(file.as_bytes().to_vec()),
            };
            let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            run(&args, &mut env)
        };
        (code, String::from_utf8(out).unwrap())
    }

    const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/Developers\n      username: dev:{{SessionName}}\n      groups:\n        - developers\n";

    #[test]
    fn prints_the_user_and_groups_of_a_session() {
        let (code, out) = run_with(
            &[
                "map-identity",
                "cm.yaml",
                "arn:aws:sts::111122223333:assumed-role/Developers/jane",
            ],
            CM,
        );
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("username:     dev:jane"), "{out}");
        assert!(out.contains("groups:       developers"), "{out}");
    }

    /// An entry without `username`: the authenticator still lets the caller
    /// in, with an empty name (it validates only the ARN, renders the missing
    /// template as ""). The line must say so, not stay blank.
    #[test]
    fn an_empty_username_is_named() {
        const NO_NAME: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/Developers\n      groups:\n        - developers\n";
        let (code, out) = run_with(
            &[
                "map-identity",
                "cm.yaml",
                "arn:aws:sts::111122223333:assumed-role/Developers/jane",
            ],
            NO_NAME,
        );
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("username:     (empty: the authenticator still lets the caller in, with an empty Kubernetes user name, which no RoleBinding can name; only the groups get permissions)\ngroups:       developers\n"), "{out}");
    }

    /// mapUsers entries are stored by the ARN as written: two that differ
    /// only in case are both kept, and either may answer a request.
    #[test]
    fn users_differing_in_case_show_both_mappings() {
        const TWO: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/alice\n      username: alice\n      groups:\n        - system:masters\n    - userarn: arn:aws:iam::111122223333:user/Alice\n      username: alice\n      groups:\n        - viewers\n";
        let (code, out) = run_with(
            &[
                "map-identity",
                "cm.yaml",
                "arn:aws:iam::111122223333:user/Alice",
            ],
            TWO,
        );
        assert_eq!(code, 1, "{out}");
        assert!(
            out.contains(
                "matched:      data.mapUsers[1]\nusername:     alice\ngroups:       viewers\n"
            ),
            "{out}"
        );
        assert!(out.contains("matched:      data.mapUsers[0]\nusername:     alice\ngroups:       system:masters\n"), "{out}");
        assert!(out.contains("in no fixed order"), "{out}");
        // An exact repeat is replaced: the later entry alone answers.
        let same = TWO.replace("user/Alice", "user/alice");
        let (code, out) = run_with(
            &[
                "map-identity",
                "cm.yaml",
                "arn:aws:iam::111122223333:user/Alice",
            ],
            Box::leak(same.into_boxed_str()),
        );
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("matched:      data.mapUsers[1]\n"), "{out}");
        assert!(!out.contains("data.mapUsers[0]"), "{out}");
    }

    #[test]
    fn unmapped_identities_exit_1() {
        let (code, out) = run_with(
            &[
                "map-identity",
                "cm.yaml",
                "arn:aws:iam::111122223333:user/eve",
            ],
            CM,
        );
        assert_eq!(code, 1);
        assert!(out.contains("Unauthorized"), "{out}");
    }
}
