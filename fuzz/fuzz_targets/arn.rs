//! ARNs and OIDC provider names, in every parser that reads them: the ARN
//! splitter, the OIDC provider parser (ARN, issuer URL, host path, condition
//! key) and its canonical form, the trust policy's strict provider ARN and
//! issuer readers and near-miss corrector, aws-auth's canonicalization of
//! caller ARNs, the ServiceAccount role-arn check, and EKS cluster names.
//!
//! Beyond "no panic" (the properties a user relies on when eksplain says
//! "use this instead"): every piece's offset points at its text; a provider
//! ARN, issuer or caller ARN printed back reads the same; a corrected ARN is
//! well-formed and needs no further correction; the canonical provider is a
//! fixed point.
#![no_main]
use eksplain::core::awsauth;
use eksplain::core::exec;
use eksplain::core::oidc::arn::Arn;
use eksplain::core::oidc::{parse_provider, Piece};
use eksplain::core::policy::provider::{arn_problem, corrected_arn, Provider, ProviderArn};
use eksplain::core::serviceaccount::role;
use libfuzzer_sys::fuzz_target;

fn assert_field(s: &str, offset: usize, field: &str, what: &str) {
    assert_eq!(
        s.get(offset..offset + field.len()),
        Some(field),
        "{what} at {offset} of {s:?}"
    );
}

fn assert_piece(s: &str, piece: &Option<Piece>, what: &str) {
    if let Some(p) = piece {
        assert_field(s, p.offset, &p.text, what);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = eksplain_fuzz::text(data);
    let s = text.as_str();

    if let Ok(a) = Arn::split(s) {
        for (f, what) in [
            (a.partition, "partition"),
            (a.service, "service"),
            (a.region, "region"),
            (a.account, "account"),
            (a.resource, "resource"),
        ] {
            assert_field(s, f.offset, f.text, what);
        }
        let _ = a.resource_type();
    }

    if let Ok(p) = parse_provider(s) {
        let t = p.text.as_str();
        assert_field(t, p.host.offset, &p.host.text, "host");
        for (piece, what) in [
            (&p.scheme, "scheme"),
            (&p.region, "region"),
            (&p.id, "id"),
            (&p.extra_path, "extra path"),
            (&p.trailing_slash, "trailing slash"),
            (&p.key_suffix, "key suffix"),
        ] {
            assert_piece(t, piece, what);
        }
        if let Some(a) = &p.arn {
            for (piece, what) in [
                (&a.partition, "arn partition"),
                (&a.service, "arn service"),
                (&a.region, "arn region"),
                (&a.account, "arn account"),
            ] {
                assert_field(t, piece.offset, &piece.text, what);
            }
        }
        let _ = (p.issuer(), p.arn(), p.path(), p.pos(usize::MAX));
        let _ = eksplain::core::oidc::check_provider(
            &p,
            eksplain::core::Path::root(),
            &eksplain_fuzz::opts(),
        );
        // Only for IDs and hosts a real provider could have: punctuation
        // inside an ID (`ID,x`) has no canonical form to round-trip.
        let plausible = |c: &eksplain::core::oidc::provider::Canonical| {
            c.id.bytes().all(|b| b.is_ascii_alphanumeric())
                && c.host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        };
        if let Some(c) = p.canonical().filter(plausible) {
            // An issuer URL does not say its partition (GovCloud and
            // commercial hosts look alike), an ARN does.
            let again = parse_provider(&c.issuer()).ok().and_then(|q| q.canonical());
            assert_eq!(
                again.map(|q| (q.host, q.id)),
                Some((c.host.clone(), c.id.clone())),
                "the canonical issuer {} reads differently",
                c.issuer()
            );
            if let Some(arn) = c.arn() {
                let again = parse_provider(&arn).ok().and_then(|q| q.canonical());
                assert_eq!(again, Some(c), "the canonical ARN {arn} reads differently");
            }
        }
    }

    if let Some(p) = ProviderArn::parse(s) {
        assert_eq!(p.to_arn(), s, "a provider ARN prints back differently");
        assert_eq!(ProviderArn::parse(&p.to_arn()), Some(p));
    }
    // arn_problem says nothing about texts that name no provider at all.
    if arn_problem(s).is_none() && s.contains("oidc-provider/") {
        assert!(
            ProviderArn::parse(s).is_some(),
            "no problem found, yet {s:?} does not parse"
        );
    }
    for account in [None, Some("111122223333")] {
        if let Some(fixed) = corrected_arn(s, account) {
            assert_ne!(fixed, s);
            assert!(
                ProviderArn::parse(&fixed).is_some(),
                "correction {fixed:?} does not parse"
            );
            assert_eq!(
                corrected_arn(&fixed, account),
                None,
                "the correction {fixed:?} of {s:?} is corrected again"
            );
        }
    }
    if let Some(p) = Provider::from_issuer(s) {
        assert_eq!(Provider::from_issuer(&p.issuer()), Some(p.clone()));
        let _ = (p.partition(), p.key("sub"), p.same(&p));
    }
    if let Some(p) = Provider::from_eks_endpoint(s) {
        assert!(
            p.eks.is_some(),
            "an EKS endpoint's provider {:?} is no EKS issuer",
            p.path
        );
    }

    // Like the authenticator, an assumed-role ARN keeps every middle segment
    // as the role name (STS never writes a path there), while a role ARN's
    // path is dropped: only path-free results are fixed points.
    let path_free = |c: &str| {
        c.splitn(6, ':')
            .nth(5)
            .is_some_and(|r| r.matches('/').count() <= 1)
    };
    if let Some(p) = awsauth::canonicalize(s)
        .ok()
        .filter(|p| path_free(&p.canonical))
    {
        let again = awsauth::canonicalize(&p.canonical);
        assert_eq!(
            again.map(|q| q.canonical),
            Ok(p.canonical.clone()),
            "canonicalizing {s:?} twice"
        );
    }

    match role::check(s) {
        Ok(r) => assert_eq!(
            format!(
                "arn:{}:iam::{}:role{}{}",
                r.partition, r.account, r.path, r.name
            ),
            s,
            "a valid role ARN taken apart and put together"
        ),
        Err(
            role::Problem::Region { offset, .. }
            | role::Problem::Account { offset, .. }
            | role::Problem::Partition { offset, .. }
            | role::Problem::Name { offset, .. },
        ) => eksplain_fuzz::assert_offset(s, offset, "role-arn problem"),
        Err(_) => {}
    }

    if let Some(n) = exec::eks_name(s) {
        assert!(!n.cluster.is_empty());
    }
});
