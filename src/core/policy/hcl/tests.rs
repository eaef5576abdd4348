use super::parse::body;
use super::*;
use crate::core::json::{pretty, ErrorKind};

fn found(text: &str) -> Found {
    read(text).expect("reads").expect("a policy")
}

/// The value at `path` (`Statement.0.Principal.Federated`) and its line:col.
fn at<'a>(v: &'a Value, path: &str) -> (&'a Value, String) {
    let mut cur = v;
    for seg in path.split('.') {
        cur = match seg.parse::<usize>() {
            Ok(i) => &cur.as_array().unwrap()[i],
            Err(_) => cur
                .get(seg)
                .unwrap_or_else(|| panic!("no {seg} in {cur:?}")),
        };
    }
    (cur, cur.pos.to_string())
}

const BRIEF: &str = "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }, Action = \"sts:AssumeRoleWithWebIdentity\", Condition = { StringEquals = { \"${replace(aws_iam_openid_connect_provider.eks.url, \"https://\", \"\")}:sub\" = \"system:serviceaccount:kube-system:aws-node\", \"${local.oidc}:aud\" = \"sts.amazonaws.com\" } } }] })\n}\n";

#[test]
fn jsonencode_becomes_the_json_terraform_writes_with_references_as_placeholders() {
    let f = found(BRIEF);
    assert_eq!(f.address, "aws_iam_role.r.assume_role_policy");
    // jsonencode sorts keys; references are `${…}` as written.
    assert_eq!(
        pretty(&f.root, 0).replace("\n", "").replace("\": ", "\":"),
        r#"{"Statement":[{"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"${local.oidc}:aud":"sts.amazonaws.com","${replace(aws_iam_openid_connect_provider.eks.url, \"https://\", \"\")}:sub":"system:serviceaccount:kube-system:aws-node"}},"Effect":"Allow","Principal":{"Federated":"${aws_iam_openid_connect_provider.eks.arn}"}}],"Version":"2012-10-17"}"#
    );
    let (v, pos) = at(&f.root, "Statement.0.Principal.Federated");
    assert_eq!(
        v.as_str(),
        Some("${aws_iam_openid_connect_provider.eks.arn}")
    );
    assert_eq!(pos, "2:120");
}

#[test]
fn reads_hcl_syntax_with_positions() {
    let tf = "# comment\nlocals {\n  // another\n  p = jsonencode({\n    /* block\n       comment */\n    \"Version\": \"2012-10-17\",\n    Statement = [\n      {\n        Sid    = \"A\\\"b\\\\c\\u00e9\\n\"\n        Effect = \"Allow\",\n        Action = [\"sts:AssumeRole\", \"sts:TagSession\",]\n        Principal = { (local.kind) = \"$${aws:PrincipalTag/x} ✓ é\" }\n        Condition = { Bool = { \"aws:SecureTransport\" = true }, NumericLessThan = { \"k:n\" = 1.5e+3 } }\n        Note = null\n        Doc = <<-EOT\n          line ${var.x}\n            more\n          EOT\n      },\n    ]\n  })\n}\n";
    let f = found(tf);
    assert_eq!(f.address, "local.p");
    let (sid, pos) = at(&f.root, "Statement.0.Sid");
    assert_eq!((sid.as_str(), pos.as_str()), (Some("A\"b\\cé\n"), "10:18"));
    let (action, pos) = at(&f.root, "Statement.0.Action.1");
    assert_eq!(
        (action.as_str(), pos.as_str()),
        (Some("sts:TagSession"), "12:37")
    );
    let p = f.root.get("Statement").unwrap().as_array().unwrap()[0]
        .get("Principal")
        .unwrap();
    let m = &p.as_object().unwrap()[0];
    assert_eq!(m.key, "${local.kind}");
    assert_eq!(m.key_pos.to_string(), "13:23");
    // `$${` is a literal `${`; characters after non-ASCII ones count as one column each.
    assert_eq!(m.value.as_str(), Some("${aws:PrincipalTag/x} ✓ é"));
    assert_eq!(m.value.pos.to_string(), "13:38");
    let (n, _) = at(&f.root, "Statement.0.Condition.NumericLessThan.k:n");
    assert_eq!(n.kind, Kind::Number("1.5e+3".into()));
    let (b, _) = at(&f.root, "Statement.0.Condition.Bool.aws:SecureTransport");
    assert_eq!(b.kind, Kind::Bool(true));
    assert_eq!(at(&f.root, "Statement.0.Note").0.kind, Kind::Null);
    let (doc, pos) = at(&f.root, "Statement.0.Doc");
    assert_eq!(doc.as_str(), Some("line ${var.x}\n  more\n"));
    assert_eq!(pos, "17:1");
}

#[test]
fn computed_expressions_are_placeholders_as_written() {
    let tf = "x = jsonencode({ Statement = [{ Action = \"sts:AssumeRole\", Principal = \"*\", A = var.list[0], B = format(\"%s:sub\", local.p), C = a ? \"x\" : \"y\", D = [for s in var.s : s], E = length(var.x) + 1, F = \"${module.eks.oidc_provider}:sub\", G = !var.flag, H = data.x.y[*].arn }] })\n";
    let f = found(tf);
    for (k, want) in [
        ("A", "${var.list[0]}"),
        ("B", "${format(\"%s:sub\", local.p)}"),
        ("C", "${a ? \"x\" : \"y\"}"),
        ("D", "${[for s in var.s : s]}"),
        ("E", "${length(var.x) + 1}"),
        ("F", "${module.eks.oidc_provider}:sub"),
        ("G", "${!var.flag}"),
        ("H", "${data.x.y[*].arn}"),
    ] {
        assert_eq!(
            at(&f.root, &format!("Statement.0.{k}")).0.as_str(),
            Some(want),
            "{k}"
        );
    }
}

#[test]
fn policy_document_follows_the_aws_provider() {
    let tf = "data \"aws_iam_policy_document\" \"a\" {\n  statement {\n    actions = [\"sts:TagSession\", \"sts:AssumeRole\"]\n    principals {\n      type        = \"Service\"\n      identifiers = [\"pods.eks.amazonaws.com\"]\n    }\n    principals {\n      type        = \"AWS\"\n      identifiers = [\"arn:aws:iam::111122223333:root\"]\n    }\n    principals {\n      type        = \"Service\"\n      identifiers = [\"ec2.amazonaws.com\"]\n    }\n    condition {\n      test     = \"StringEquals\"\n      variable = \"aws:RequestTag/team\"\n      values   = [\"a\"]\n    }\n    condition {\n      test     = \"StringEquals\"\n      variable = \"aws:RequestTag/team\"\n      values   = [\"&{aws:PrincipalTag/team}\"]\n    }\n  }\n  statement {\n    sid = \"\"\n    effect = \"Deny\"\n    not_actions = [\"sts:AssumeRole\"]\n    not_principals {\n      type = \"*\"\n      identifiers = [\"*\"]\n    }\n  }\n}\n";
    let f = found(tf);
    assert_eq!(f.address, "data.aws_iam_policy_document.a");
    assert_eq!(
        pretty(&f.root, 0).replace("\n", "").replace("\": ", "\":"),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:TagSession","sts:AssumeRole"],"Principal":{"AWS":"arn:aws:iam::111122223333:root","Service":["pods.eks.amazonaws.com","ec2.amazonaws.com"]},"Condition":{"StringEquals":{"aws:RequestTag/team":["a","${aws:PrincipalTag/team}"]}}},{"Effect":"Deny","NotAction":"sts:AssumeRole","NotPrincipal":"*"}]}"#
    );
    // Defaults sit on the block; written values where they were written.
    assert_eq!(at(&f.root, "Statement.0.Effect").1, "2:3");
    assert_eq!(at(&f.root, "Statement.0.Principal.Service.1").1, "14:22");
    assert_eq!(
        at(
            &f.root,
            "Statement.0.Condition.StringEquals.aws:RequestTag/team.1"
        )
        .1,
        "24:19"
    );
}

#[test]
fn picks_the_document_assume_role_policy_names() {
    let doc = |name: &str, action: &str| {
        format!("data \"aws_iam_policy_document\" \"{name}\" {{\n  statement {{\n    actions = [\"{action}\"]\n  }}\n}}\n")
    };
    let tf = format!(
        "{}{}{}module \"m\" {{\n  source = \"x\"\n}}\nresource \"aws_iam_role\" \"r\" {{\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}}\n",
        doc("perms", "s3:GetObject"),
        doc("other", "sts:AssumeRole"),
        doc("trust", "sts:AssumeRoleWithWebIdentity"),
    );
    assert_eq!(found(&tf).address, "data.aws_iam_policy_document.trust");
    // Without the reference, the one with an AssumeRole action and a
    // principal; never a document without one (a permissions policy).
    let tf = tf.replace("data.aws_iam_policy_document.trust.json", "var.x");
    assert!(read(&tf).unwrap().is_none());
    let principal = "    principals {\n      type = \"Service\"\n      identifiers = [\"ec2.amazonaws.com\"]\n    }\n";
    let tf = tf.replacen(
        "[\"sts:AssumeRole\"]\n",
        &format!("[\"sts:AssumeRole\"]\n{principal}"),
        1,
    );
    assert_eq!(found(&tf).address, "data.aws_iam_policy_document.other");
    // Nor one a role policy attaches with `policy =`.
    let attached = format!("{tf}resource \"aws_iam_role_policy\" \"p\" {{\n  policy = data.aws_iam_policy_document.other.json\n}}\n");
    assert!(read(&attached).unwrap().is_none());
    // No trust policy at all.
    assert!(read(&doc("perms", "s3:GetObject")).unwrap().is_none());
}

#[test]
fn syntax_errors_have_a_position_and_nothing_panics() {
    let e = |t: &str| body(t).map(|_| ()).unwrap_err();
    let unclosed = e("resource \"a\" \"b\" {\n  x = 1\n");
    assert_eq!(
        (unclosed.kind, unclosed.pos.to_string()),
        (ErrorKind::Unclosed, "1:1".into())
    );
    assert!(
        unclosed
            .message
            .starts_with("Terraform (HCL) syntax error: the `resource` block"),
        "{}",
        unclosed.message
    );
    let string = e("x = {\n  a = \"open\n}\n");
    assert_eq!(
        (string.kind, string.pos.to_string()),
        (ErrorKind::UnterminatedString, "2:7".into())
    );
    assert_eq!(e("x = \"\\q\"").kind, ErrorKind::BadEscape);
    assert_eq!(e("x = { a = 1 b = 2 }").pos.to_string(), "1:13");
    let deep = format!("x = {}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(e(&deep).kind, ErrorKind::TooDeep);
    let deep = format!("x = {}", "{a = ".repeat(10_000));
    assert_eq!(e(&deep).kind, ErrorKind::TooDeep);
    assert_eq!(
        e(&format!("x = {}1", "!-".repeat(50_000))).kind,
        ErrorKind::TooDeep
    );
    let nested = format!("x = \"{}\"", "${\"".repeat(5_000));
    assert!(body(&nested).is_err());
    for t in [
        "x = <<EOF\nabc\n",
        "x = (",
        "x = f(",
        "/* x",
        "x = [\"a\" \"b\"]",
        "a \"b\" c",
        "é = 1",
        "x = 1e",
        "x = -",
        "x = <<\n",
        "x = \"\\u12\"",
        "\u{feff}x = 1",
    ] {
        let _ = read(t);
    }
}

mod end_to_end {
    use crate::core::detect::{detect, InputKind};
    use crate::core::report::Explanation;
    use crate::core::{analyze, json, Options};

    const WRONG_PROVIDER: &str = include_str!(
        "../../../../tests/fixtures/trust-policy/terraform-policy-document-wrong-provider.tf"
    );

    /// A Terraform file with modules and other resources around the role is a
    /// trust policy; one without a trust policy keeps the "get the JSON" help.
    #[test]
    fn detects_terraform_that_holds_a_trust_policy() {
        let blueprints = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-jsonencode-blueprints.tf"
        );
        assert_eq!(detect(blueprints), InputKind::TrustPolicy);
        assert_eq!(detect(WRONG_PROVIDER), InputKind::TrustPolicy);
        let perms = "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({ Statement = [{ Action = \"s3:*\", Resource = \"*\" }] })\n}\n";
        assert_eq!(detect(perms), InputKind::Unknown);
        let r = analyze(perms, &Options::default());
        assert!(r.findings[0].help.starts_with("This is Terraform (HCL)"));
    }

    /// Broken HCL that plainly holds a trust policy gets a syntax error at
    /// its line:col, not "unrecognised input".
    /// The explanation names what Terraform fills in instead of guessing.
    #[test]
    fn the_explanation_says_where_terraform_fills_in_the_provider() {
        let text = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-jsonencode-blueprints.tf"
        );
        let r = analyze(text, &Options::default());
        let Explanation::TrustPolicy(view) = &r.explanation else {
            panic!("no explanation")
        };
        assert_eq!(
            view.inner.as_deref(),
            Some("aws_iam_role.karpenter.assume_role_policy")
        );
        assert_eq!(view.who, ["Service account `karpenter` in namespace `karpenter` of the provider Terraform fills in (`${module.eks.oidc_provider_arn}`) — via IRSA, Statement[0]"]);
        assert_eq!(view.statements[0].mechanism, "IRSA (web identity)");
    }

    /// A `sub` condition in a `dynamic` block whose `for_each` may be empty
    /// is not a restriction that holds: a warning at the block, and the
    /// summary says who gets in otherwise.
    #[test]
    fn a_dynamic_sub_condition_may_not_be_there() {
        let text = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-dynamic-sub-condition.tf"
        );
        let r = analyze(text, &Options::default());
        let f: Vec<_> = r
            .findings
            .iter()
            .map(|f| {
                (
                    f.code(),
                    f.location.pos.map(|p| (p.line, p.column)),
                    f.severity,
                )
            })
            .collect();
        assert_eq!(
            f,
            [(
                "TP038",
                Some((13, 5)),
                crate::core::finding::Severity::Warning
            )]
        );
        assert!(r.findings[0].message.ends_with("if Terraform renders none, any service account in any namespace of cluster `ABC` (us-east-1) can assume this role."), "{}", r.findings[0].message);
        let Explanation::TrustPolicy(view) = &r.explanation else {
            panic!("no explanation")
        };
        assert_eq!(view.who, ["Service account `api` in namespace `payments` of cluster `ABC` (us-east-1) — via IRSA, Statement[0] — if Terraform renders the dynamic condition at line 13; otherwise any service account in any namespace of cluster `ABC` (us-east-1)"]);
        // A literal non-empty `for_each` renders the condition; an empty one never does.
        let always = text.replace("var.restrict_sub ? [1] : []", "[1]");
        assert!(analyze(&always, &Options::default()).findings.is_empty());
        let never = text.replace("var.restrict_sub ? [1] : []", "[]");
        let codes: Vec<_> = analyze(&never, &Options::default())
            .findings
            .iter()
            .map(|f| f.code())
            .collect();
        assert_eq!(codes, ["TP028"]);
    }

    /// A paste with several trust policies: the first is explained, every
    /// other one is checked too, its findings naming it (the second role
    /// here trusts every service account of the cluster).
    #[test]
    fn every_trust_policy_of_the_paste_is_checked() {
        let text = include_str!("../../../../tests/fixtures/trust-policy/terraform-two-roles.tf");
        let r = analyze(text, &Options::default());
        let f: Vec<_> = r
            .findings
            .iter()
            .map(|f| (f.code(), f.location.pos.map(|p| p.line)))
            .collect();
        assert_eq!(f, [("TP038", Some(19)), ("TP028", Some(23))]);
        assert!(r.findings[1].message.starts_with(
            "In `aws_iam_role.wide_open.assume_role_policy`: Statement[0] has no condition"
        ));
        let Explanation::TrustPolicy(view) = &r.explanation else {
            panic!("no explanation")
        };
        assert_eq!(view.who, ["Service account `b` in namespace `a` of cluster `ABC` (us-east-1) — via IRSA, Statement[0]"]);
        // A role whose document is not in the paste: said, and no
        // permissions policy checked in its place.
        let perm = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-trust-document-not-pasted.tf"
        );
        let r = analyze(perm, &Options::default());
        let f: Vec<_> = r
            .findings
            .iter()
            .map(|f| {
                (
                    f.code(),
                    f.location.pos.map(|p| (p.line, p.column)),
                    f.severity,
                )
            })
            .collect();
        assert_eq!(
            f,
            [("TP038", Some((3, 24)), crate::core::finding::Severity::Info)]
        );
        // With another trust policy in the paste, that one is checked, and
        // the missing document still said.
        let role = "resource \"aws_iam_role\" \"ok\" {\n  assume_role_policy = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal = { Service = \"ec2.amazonaws.com\" } }] })\n}\n";
        let r = analyze(&format!("{perm}{role}"), &Options::default());
        let m: Vec<_> = r
            .findings
            .iter()
            .map(|f| (f.code(), f.location.pos.map(|p| p.line), f.message.as_str()))
            .collect();
        assert_eq!(m, [("TP038", Some(3), "`assume_role_policy` uses `data.aws_iam_policy_document.trust`, which is not in the paste: eksplain checked the trust policy it found instead.")]);
        // `jsonencode(local.trust)` reads the local of the paste.
        let local =
            include_str!("../../../../tests/fixtures/trust-policy/terraform-jsonencode-local.tf");
        assert_eq!(crate::core::policy::testing::lines_of("TP028", local), [6]);
    }

    /// Past 21 policies, the rest are counted, not silently dropped.
    #[test]
    fn a_paste_of_many_roles_says_how_many_were_not_checked() {
        let text: String = (0..25)
            .map(|i| format!("resource \"aws_iam_role\" \"r{i}\" {{\n  assume_role_policy = jsonencode({{ Version = \"2012-10-17\", Statement = [{{ Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal = {{ Service = \"ec2.amazonaws.com\" }} }}] }})\n}}\n"))
            .collect();
        let r = analyze(&text, &Options::default());
        let last = r.findings.last().expect("findings");
        assert_eq!(last.location.pos.map(|p| p.line), Some(65));
        assert!(last.message.starts_with("The paste holds 4 more trust policies, from `aws_iam_role.r21.assume_role_policy` (line 65) on, that eksplain did not check"), "{}", last.message);
    }

    /// Documents merged in by `source_policy_documents` and
    /// `override_policy_documents` are Terraform's: said, not ignored.
    #[test]
    fn merged_documents_are_said_to_change_the_policy() {
        let text = include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-policy-document-merged.tf"
        );
        let r = analyze(text, &Options::default());
        let lines: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.code() == "TP038")
            .map(|f| f.location.pos.map(|p| p.line))
            .collect();
        assert_eq!(lines, [Some(2), Some(3)]);
        let Explanation::TrustPolicy(view) = &r.explanation else {
            panic!("no explanation")
        };
        assert_eq!(view.who, ["Service account `api` in namespace `payments` of cluster `ABC` (us-east-1) — via IRSA, Statement[0] (Sid `Irsa`) — unless `override_policy_documents` (line 3) replaces it", "Also whoever the statements Terraform adds from `source_policy_documents` (line 2) let in"]);
    }

    /// A long Terraform file around a short policy is checked in full: the
    /// size limit is the policy's, not the file's.
    #[test]
    fn a_long_terraform_file_is_no_reason_to_skip_the_rules() {
        let mut tf = String::from("resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({ Statement = [{ Effect = \"Allow\", Principal = { Service = \"pods.eks.amazonaws.com\" }, Action = \"sts:AssumeRole\" }] })\n}\n");
        for i in 0..2_000 {
            tf.push_str(&format!(
                "resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"logs-{i}\"\n}}\n"
            ));
        }
        assert!(tf.len() > crate::core::policy::MAX_CHECKED);
        let codes = crate::core::policy::testing::findings(&tf);
        assert!(codes.contains(&("TP032", Some(2), "error")), "{codes:?}");
    }

    #[test]
    fn a_syntax_error_is_reported_where_it_is() {
        let broken = WRONG_PROVIDER.replacen("    principals {", "    principals {{", 1);
        assert_eq!(detect(&broken), InputKind::TrustPolicy);
        let r = analyze(&broken, &Options::default());
        let f = &r.findings[0];
        assert_eq!(f.code(), "TP001");
        assert_eq!(
            f.location.pos.map(|p| p.to_string()).as_deref(),
            Some("6:17")
        );
        assert_eq!(
            f.message,
            "Terraform (HCL) syntax error: `{` where an attribute or a block should be."
        );
        let unclosed = WRONG_PROVIDER.replacen("\"sts.amazonaws.com\"]", "\"sts.amazonaws.com]", 1);
        let r = analyze(&unclosed, &Options::default());
        assert_eq!(
            r.findings[0].location.pos.map(|p| p.to_string()).as_deref(),
            Some("14:19")
        );
        assert!(
            r.findings[0].message.contains("never closed on its line"),
            "{}",
            r.findings[0].message
        );
    }

    /// The corrected policy of an HCL input is what IAM accepts: strict JSON
    /// that eksplain then finds nothing wrong with.
    #[test]
    fn the_corrected_policy_of_hcl_is_valid_iam_json() {
        let r = analyze(WRONG_PROVIDER, &Options::default());
        assert_eq!(
            r.findings.iter().map(|f| f.code()).collect::<Vec<_>>(),
            ["TP027"]
        );
        let Explanation::TrustPolicy(view) = &r.explanation else {
            panic!("no explanation")
        };
        assert_eq!(
            view.inner.as_deref(),
            Some("data.aws_iam_policy_document.assume")
        );
        let fixed = view.corrected.as_deref().expect("a corrected policy");
        assert!(json::parse(fixed).is_ok(), "{fixed}");
        assert_eq!(detect(fixed), InputKind::TrustPolicy);
        let again = analyze(fixed, &Options::default());
        assert!(again.findings.is_empty(), "{:?}", again.findings);
    }
}

/// terraform-aws-modules writes the statement in a `dynamic` block and
/// references the document with an index (`this[0].json`, for its `count`).
#[test]
fn a_dynamic_statement_is_read_once_and_an_indexed_reference_picks_its_document() {
    let tf = include_str!(
        "../../../../tests/fixtures/trust-policy/terraform-policy-document-dynamic.tf"
    );
    let other = "data \"aws_iam_policy_document\" \"x\" {\n  statement {\n    actions = [\"sts:AssumeRole\"]\n  }\n}\n";
    let f = found(&format!("{other}{tf}"));
    assert_eq!(f.address, "data.aws_iam_policy_document.assume");
    let (v, pos) = at(&f.root, "Statement.0.Principal.Federated");
    assert_eq!(
        (v.as_str(), pos.as_str()),
        (Some("${statement.value.provider_arn}"), "18:24")
    );
    let r = crate::core::analyze(tf, &crate::core::Options::default());
    let crate::core::report::Explanation::TrustPolicy(view) = &r.explanation else {
        panic!("no explanation")
    };
    assert!(
        view.who[0].starts_with("The service accounts Terraform's `sub` condition names"),
        "{:?}",
        view.who
    );
    assert!(
        view.statements[0].conditions[0]
            .ends_with("by the operator Terraform fills in (`${var.condition_test}`)"),
        "{:?}",
        view.statements[0].conditions
    );
}

/// Every prefix of the HCL fixtures, and each with one character dropped,
/// goes through detection and the checks without a panic (unclosed braces
/// and strings, a heredoc cut short, half an escape).
#[test]
fn cut_or_damaged_terraform_never_panics() {
    for text in [
        BRIEF,
        include_str!(
            "../../../../tests/fixtures/trust-policy/terraform-policy-document-dynamic.tf"
        ),
        include_str!("../../../../tests/fixtures/trust-policy/terraform-jsonencode-blueprints.tf"),
    ] {
        let cuts = text.char_indices().map(|(i, _)| i);
        for i in cuts.clone() {
            let _ = crate::core::analyze(&text[..i], &crate::core::Options::default());
        }
        for i in cuts.step_by(3) {
            let mut damaged = text.to_string();
            damaged.remove(i);
            let _ = crate::core::analyze(&damaged, &crate::core::Options::default());
        }
    }
}
