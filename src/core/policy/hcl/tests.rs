use super::parse::body;
use super::*;
use crate::core::json::pretty;

fn json(text: &str) -> (String, String) {
    let f = read(text).expect("reads").expect("a policy");
    (pretty(&f.root, 2), f.address)
}

#[test]
fn placeholder_smoke() {
    let tf = "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }, Action = \"sts:AssumeRoleWithWebIdentity\", Condition = { StringEquals = { \"${replace(aws_iam_openid_connect_provider.eks.url, \"https://\", \"\")}:sub\" = \"system:serviceaccount:kube-system:aws-node\", \"${local.oidc}:aud\" = \"sts.amazonaws.com\" } } }] })\n}\n";
    let (j, a) = json(tf);
    eprintln!("{j}");
    assert_eq!(a, "aws_iam_role.r.assume_role_policy");
    assert!(body("x = {").is_err());
}
