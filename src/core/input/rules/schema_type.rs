use crate::core::finding::{Category, Severity};
use crate::core::rule::{Domain, RuleMeta};

pub static RULE: RuleMeta = RuleMeta {
    code: "IN002",
    name: "wrong-value-type",
    severity: Severity::Error,
    category: Category::Correctness,
    domain: Domain::Input,
    summary: "A field has a value of the wrong type (a string where a list belongs, a word where a boolean belongs).",
    what: "Reports values that parse as YAML but do not fit the schema, such as `args: --region us-east-1` \
           (a string where a list is required), `insecure-skip-tls-verify: yes please`, a quoted `\"yes\"` \
           where a boolean belongs (kubectl takes `yes` only unquoted), or a key given twice in the same mapping.",
    why: "kubectl decodes the file strictly and stops with `json: cannot unmarshal …` or `error converting YAML \
          to JSON`; no context in the file can be used until it is fixed. A key given twice is the exception: \
          kubectl silently keeps the last one, which is how a file made with `cat a.yaml b.yaml` loses \
          everything from `a.yaml`.",
    example: "apiVersion: v1\nkind: Config\nusers:\n- name: dev\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: eks get-token --cluster-name dev\n",
    fixed: "apiVersion: v1\nkind: Config\nusers:\n- name: dev\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, dev]\n",
    fix_summary: "Give the field a value of the type shown (a list is written `[a, b]` or as `- a` lines).",
};
