//! Taking the host and path of a provider apart: which kind of EKS issuer host
//! it is (classic, dual-stack, misspelt, or not EKS at all), its region label,
//! and the `/id/ID` path.

use super::parse::{HostKind, Piece, ProviderParse};
use super::partition::{self, Partition};
use super::placeholder::{self, Slot};

pub(super) fn classify_host(p: &mut ProviderParse) {
    let host = p.host.text.to_ascii_lowercase();
    let offset = p.host.offset;
    let suffixes: [(&str, Option<Partition>, bool); 4] = [
        (
            ".api.amazonwebservices.com.cn",
            Some(Partition::AwsCn),
            true,
        ),
        (".amazonaws.com.cn", Some(Partition::AwsCn), false),
        (".api.aws", None, true),
        (".amazonaws.com", None, false),
    ];
    let Some((head, part, dual)) = suffixes
        .iter()
        .find_map(|(suf, part, dual)| host.strip_suffix(suf).map(|h| (h, *part, *dual)))
    else {
        return;
    };
    let labels: Vec<&str> = head.split('.').collect();
    // Where each label starts within the host.
    let mut starts = Vec::with_capacity(labels.len());
    let mut o = 0;
    for l in &labels {
        starts.push(o);
        o += l.len() + 1;
    }
    let region_at = |i: usize| -> Piece {
        let start = starts.get(i).copied().unwrap_or(0);
        let label = labels.get(i).copied().unwrap_or("");
        let text = p.host.text.get(start..start + label.len()).unwrap_or(label);
        Piece::new(text, offset + start, Slot::Region)
    };
    let is_region = |l: &str| {
        partition::is_region_shaped(l) || placeholder::classify(l, Slot::Region).is_some()
    };
    let region_index = labels.iter().position(|l| is_region(l));
    let kind = match (dual, &labels[..]) {
        (false, ["oidc", "eks", r]) if !r.is_empty() => {
            p.region = Some(region_at(2));
            HostKind::Classic
        }
        (true, ["oidc-eks", r]) if !r.is_empty() => {
            p.region = Some(region_at(1));
            HostKind::DualStack
        }
        _ => {
            let oidc_like = labels.first().is_some_and(|l| l.starts_with("oidc"));
            let eks_like = labels.iter().any(|l| *l == "eks" || *l == "oidc-eks");
            if oidc_like && (eks_like || region_index.is_some()) {
                p.region = region_index.map(region_at);
                HostKind::Misshapen
            } else {
                p.host_partition = part;
                return;
            }
        }
    };
    p.host_kind = kind;
    p.host_partition = part.or_else(|| {
        p.region
            .as_ref()
            .and_then(|r| r.real())
            .map(partition::implied_by_region)
            .or(Some(Partition::Aws))
    });
}

pub(super) fn split_path(p: &mut ProviderParse, path: &str, path_at: usize) {
    let body = path.strip_prefix('/').unwrap_or(path);
    let body_at = path_at + (path.len() - body.len());
    if body.is_empty() {
        return;
    }
    let mut segs = Vec::new();
    let mut o = 0;
    for seg in body.split('/') {
        segs.push((seg, body_at + o));
        o += seg.len() + 1;
    }
    let (id, rest_from) = match segs[..] {
        [("id", _), (id, at), ..] => {
            p.id_label = true;
            (Some((id, at)), 2)
        }
        [("id", _)] => {
            p.id_label = true;
            (None, 1)
        }
        [(id, at), ..] if looks_like_id(id) => (Some((id, at)), 1),
        _ => (None, 0),
    };
    if let Some((id, at)) = id {
        if !id.is_empty() {
            p.id = Some(Piece::new(id, at, Slot::Id));
        }
    }
    if let Some(&(_, at)) = segs.get(rest_from) {
        // `at` is the start of the first extra segment; include its slash.
        let from = at.saturating_sub(1);
        if let Some(extra) = p.text.get(from..path_at + path.len()) {
            p.extra_path = Some(Piece::new(extra, from, Slot::Any));
        }
    }
}

fn looks_like_id(s: &str) -> bool {
    (s.len() >= 16 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        || placeholder::classify(s, Slot::Id).is_some()
}
