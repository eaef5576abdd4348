//! JWTs, structure-aware: an input that starts with `{` is a header (its first
//! line) and claims (the rest) as JSON, which the target encodes into a token
//! with a fixed signature — so the fuzzer mutates claims (`iss`, `aud`, `exp`,
//! `kubernetes.io`, …), not base64url. Anything else is a token as pasted
//! (`Bearer …`, quoted, wrapped).
//!
//! Beyond "no panic": findings inside the text; segment offsets inside the
//! token on char boundaries; `claims_of` (the simulator's reader) succeeds
//! exactly when the analysis decodes the token; neither the token nor its
//! signature appears in any output.
#![no_main]
use eksplain::core::jwt::{self, decode};
use eksplain::core::{report, Explanation, InputKind};
use libfuzzer_sys::fuzz_target;

/// A signature no output has a reason to contain.
const SIGNATURE: &[u8] = b"fuzz signature 0123456789 never shown";

fuzz_target!(|data: &[u8]| {
    let text = if data.first() == Some(&b'{') {
        let (header, claims) = match data.iter().position(|&b| b == b'\n') {
            Some(i) => (&data[..i], &data[i + 1..]),
            None => (data, &b"{}"[..]),
        };
        format!(
            "{}.{}.{}",
            eksplain_fuzz::b64url(header),
            eksplain_fuzz::b64url(claims),
            eksplain_fuzz::b64url(SIGNATURE)
        )
    } else {
        eksplain_fuzz::text(data)
    };

    let decoded = decode(&text);
    if let Ok(d) = &decoded {
        let token = d.token.expose();
        for s in d.segments {
            eksplain_fuzz::assert_offset(token, s.start, "segment start");
            eksplain_fuzz::assert_offset(token, s.start + s.len, "segment end");
        }
        eksplain_fuzz::assert_inside(&text, d.origin, "token origin");
    }
    let r = report::analyze_as(&text, InputKind::Jwt, &eksplain_fuzz::opts());
    eksplain_fuzz::check_report(&text, &r);
    assert_eq!(
        jwt::claims_of(&text).is_ok(),
        matches!(r.explanation, Explanation::Jwt(_)),
        "claims_of and analyze disagree on whether the token decodes"
    );
    let out = eksplain_fuzz::rendered(&text, &r);
    if let Ok(d) = &decoded {
        let token = d.token.expose();
        if token.len() >= 24 {
            eksplain_fuzz::assert_absent(&out, token, "the token");
        }
        let [_, _, sig] = d.segments;
        let signature = token.get(sig.start..sig.start + sig.len).unwrap_or("");
        if signature.len() >= 16 && text.matches(signature).count() == 1 {
            eksplain_fuzz::assert_absent(&out, signature, "the signature");
        }
    }
});
