use super::prelude::*;
use crate::core::policy::keys::POD_IDENTITY_SERVICE;
use crate::core::suggest::edit_distance;

pub static RULE: RuleMeta = RuleMeta {
    code: "TP035",
    name: "pod-identity-service-principal",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::TrustPolicy,
    summary: "A `Service` principal is a near miss of `pods.eks.amazonaws.com` (`pod.eks.amazonaws.com`, `pods.eks.amazonaws.com.cn`…).",
    what: "The service principal of EKS Pod Identity is exactly `pods.eks.amazonaws.com` — in every \
           partition, China included. Flags service principals that look like it but are not.",
    why: "IAM may accept the policy (service principals are not all validated), but EKS's request never \
          matches it: the Pod Identity Agent cannot assume the role and the pod gets no credentials.",
    example: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com.cn\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fixed: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},\n      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]\n    }\n  ]\n}\n",
    fix_summary: "Write the service principal as `pods.eks.amazonaws.com`.",
};

pub const AA: Option<Aa> = None;

/// Real EKS service principals that are not Pod Identity's.
const OTHER_EKS: &[&str] = &[
    "eks.amazonaws.com",
    "eks-fargate-pods.amazonaws.com",
    "eks-nodegroup.amazonaws.com",
    "eks-connector.amazonaws.com",
];

/// True when `v` was probably meant to be the Pod Identity service principal.
pub fn near_miss(v: &str) -> bool {
    let l = v.trim().to_ascii_lowercase();
    if v == POD_IDENTITY_SERVICE || OTHER_EKS.contains(&l.as_str()) {
        return false;
    }
    l == POD_IDENTITY_SERVICE
        || edit_distance(&l, POD_IDENTITY_SERVICE) <= 4
        || ["pods.eks", "pod.eks", "eks-pods", "eks.pods"]
            .iter()
            .any(|m| l.contains(m))
}

pub fn check(cx: &Cx, sink: &mut Sink) {
    for st in &cx.policy.statements {
        for t in st.principals("Service") {
            if !near_miss(&t.value) {
                continue;
            }
            let extra = if t.value.ends_with(".cn") {
                " China regions use `pods.eks.amazonaws.com` as well."
            } else {
                ""
            };
            sink.report(
                &RULE,
                t.path.clone(),
                format!("Service principal `{}` is not EKS Pod Identity's `{POD_IDENTITY_SERVICE}`; EKS's request never matches it.{extra}", t.value),
            )
            .at(Some(t.pos));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::lines_of;

    #[test]
    fn fires_on_the_china_suffix() {
        assert_eq!(lines_of("TP035", super::RULE.example), vec![6]);
        assert!(super::near_miss("pod.eks.amazonaws.com"));
        assert!(!super::near_miss("eks.amazonaws.com"));
        assert!(!super::near_miss("ec2.amazonaws.com"));
        assert!(!super::near_miss("eks-fargate-pods.amazonaws.com"));
    }

    #[test]
    fn quiet_for_the_right_principal() {
        assert!(lines_of("TP035", super::RULE.fixed).is_empty());
    }
}
