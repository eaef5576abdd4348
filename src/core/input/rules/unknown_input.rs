use crate::core::finding::{Category, Severity};
use crate::core::rule::{Domain, RuleMeta};

pub static RULE: RuleMeta = RuleMeta {
    code: "IN003",
    name: "unrecognised-input",
    severity: Severity::Info,
    category: Category::Correctness,
    domain: Domain::Input,
    summary: "The input is not one of the kinds eksplain explains.",
    what: "eksplain recognises kubeconfigs, PEM certificates, EKS tokens and `ExecCredential` JSON, JWTs, \
           IAM trust policies, OIDC provider ARNs and issuer URLs, `aws-auth` ConfigMaps and ServiceAccount \
           manifests. Anything else gets this note and a list of what can be pasted; for a Pod (did the IRSA webhook \
           mutate it?), a workload (which ServiceAccount its pods run as), an eksctl ClusterConfig or eksctl's log, \
           and `aws sts get-caller-identity` output, the note says what it can tell and what to paste instead.",
    why: "Saying plainly that nothing was recognised is better than an empty page or a parser error about a \
          format the input was never meant to be.",
    example: "hello: world\n",
    fixed: "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n",
    fix_summary: "Paste a kubeconfig, a trust policy, an OIDC provider ARN, an EKS token, a certificate, an aws-auth ConfigMap or a ServiceAccount — or pick the kind by hand.",
};
