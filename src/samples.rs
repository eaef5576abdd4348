//! Realistic sample inputs for the page's "Load sample" menu and for tests.

use crate::core::InputKind;

/// A sample: a label for the menu, the kind it should be detected as, and its text.
pub struct Sample {
    pub id: &'static str,
    pub label: &'static str,
    pub kind: InputKind,
    pub text: &'static str,
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        id: "eks",
        label: "EKS kubeconfig (aws eks update-kubeconfig)",
        kind: InputKind::Kubeconfig,
        text: include_str!("../static/samples/eks-kubeconfig.yaml"),
    },
    Sample {
        id: "eks-v1alpha1",
        label: "EKS kubeconfig with a removed v1alpha1 exec",
        kind: InputKind::Kubeconfig,
        text: include_str!("../static/samples/eks-v1alpha1.yaml"),
    },
    Sample {
        id: "kubelet",
        label: "kubelet kubeconfig with a CA file path",
        kind: InputKind::Kubeconfig,
        text: include_str!("../static/samples/kubelet-kubeconfig.yaml"),
    },
    Sample {
        id: "broken-yaml",
        label: "kubeconfig broken by a bad paste",
        kind: InputKind::Kubeconfig,
        text: include_str!("../static/samples/broken-paste.yaml"),
    },
];

pub fn by_id(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_is_detected_as_its_kind() {
        for s in SAMPLES {
            assert_eq!(crate::core::detect(s.text), s.kind, "sample {}", s.id);
        }
    }
}
