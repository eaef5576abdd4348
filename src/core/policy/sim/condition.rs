//! One condition of a statement, evaluated against the request: the IAM
//! rules for missing keys, negation, `…IfExists`, `Null` and the set
//! qualifiers, the comparison of each operator family, and the sentence the
//! trace shows.

use super::Request;
use crate::core::policy::glob;
use crate::core::policy::model::CondEntry;
use crate::core::policy::operator::{Base, Family, Operator, Qualifier};
use crate::core::policy::values;
use std::fmt::Write as _;

use super::Check;

/// Replaces policy variables (`${key}`, `${*}`, `${?}`, `${$}`) with request
/// values. `None` when a referenced key is missing: the value cannot match.
fn substitute(value: &str, req: &Request) -> Option<String> {
    if !value.contains("${") {
        return Some(value.to_string());
    }
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[i..]);
            return Some(out);
        };
        let name = &after[..end];
        let name = name.split_once(", ").map(|(n, _)| n).unwrap_or(name);
        match name {
            "*" => out.push('*'),
            "?" => out.push('?'),
            "$" => out.push('$'),
            // Not IAM's (`aws:username`, `svc:key`): a template's placeholder
            // (`${Namespace}`, `${var.ns}`, `${AWS::AccountId}`), compared
            // as written, as the request's notes say.
            key if !key.contains(':') || key.contains("::") => {
                out.push_str(&rest[i..i + 2 + end + 1]);
            }
            key => match req.get(key).and_then(|v| v.first()) {
                Some(v) => out.push_str(v),
                None => return None,
            },
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn arn_matches(pattern: &str, arn: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    if p.len() != 6 || a.len() != 6 {
        return pattern == "*";
    }
    p.iter().zip(&a).all(|(p, a)| glob::matches(p, a, false))
}

/// True when request value `r` matches policy value `p` under a positive operator.
fn value_matches(base: Base, p: &str, r: &str) -> bool {
    use std::cmp::Ordering::*;
    let cmp_num = || values::number(r)?.partial_cmp(&values::number(p)?);
    let cmp_date = || Some(values::date(r)?.cmp(&values::date(p)?));
    match base {
        Base::StringEquals | Base::BinaryEquals => p == r,
        Base::StringEqualsIgnoreCase => p.to_lowercase() == r.to_lowercase(),
        Base::StringLike => glob::matches(p, r, false),
        Base::NumericEquals => cmp_num() == Some(Equal),
        Base::NumericLessThan => cmp_num() == Some(Less),
        Base::NumericLessThanEquals => matches!(cmp_num(), Some(Less | Equal)),
        Base::NumericGreaterThan => cmp_num() == Some(Greater),
        Base::NumericGreaterThanEquals => matches!(cmp_num(), Some(Greater | Equal)),
        Base::DateEquals => cmp_date() == Some(Equal),
        Base::DateLessThan => cmp_date() == Some(Less),
        Base::DateLessThanEquals => matches!(cmp_date(), Some(Less | Equal)),
        Base::DateGreaterThan => cmp_date() == Some(Greater),
        Base::DateGreaterThanEquals => matches!(cmp_date(), Some(Greater | Equal)),
        Base::Bool => values::boolean(p).is_some() && values::boolean(p) == values::boolean(r),
        Base::IpAddress => match (values::cidr(p), r.trim().parse()) {
            (Some(c), Ok(ip)) => c.contains(ip),
            _ => false,
        },
        Base::ArnEquals | Base::ArnLike => arn_matches(p, r),
        // Negated operators are evaluated through their positive form.
        _ => false,
    }
}

fn verb(base: Base) -> &'static str {
    match base.family() {
        Family::String if base.wildcards() => "matches",
        Family::String | Family::Binary => "equals",
        Family::Arn => "matches",
        Family::Ip => "is in",
        _ => "satisfies",
    }
}

pub(super) fn quoted(vals: &[String]) -> String {
    vals.iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn condition(c: &CondEntry, v2012: bool, req: &Request) -> Check {
    let pos = Some(c.key_pos);
    let op = match c.op {
        Ok(op) => op,
        Err(_) => {
            return Check {
                ok: false,
                text: format!(
                    "{} {}: `{}` is not a condition operator, so IAM would reject the policy",
                    c.op_text, c.key, c.op_text
                ),
                pos,
            }
        }
    };
    let head = format!("{} `{}`", c.op_text, c.key);
    let policy_values: Vec<String> = c
        .values
        .iter()
        .filter_map(|v| {
            if v2012 {
                substitute(&v.value, req)
            } else {
                Some(v.value.clone())
            }
        })
        .collect();
    let request = req.get(&c.key);
    if op.base == Base::Null {
        let absent = request.is_none_or(|v| v.is_empty());
        let want_absent = policy_values
            .iter()
            .any(|v| values::boolean(v) == Some(true));
        let want_present = policy_values
            .iter()
            .any(|v| values::boolean(v) == Some(false));
        let ok = (absent && want_absent) || (!absent && want_present);
        let state = if absent {
            "absent from the request"
        } else {
            "present in the request"
        };
        return Check {
            ok,
            text: format!("{head}: the key is {state} → {}", tf(ok)),
            pos,
        };
    }
    let request: &[String] = request.unwrap_or(&[]);
    if request.is_empty() {
        let (ok, why) = if op.if_exists {
            (true, "…IfExists skips a missing key")
        } else if op.qualifier == Some(Qualifier::ForAllValues) {
            (true, "ForAllValues is true for an empty set")
        } else if op.qualifier == Some(Qualifier::ForAnyValue) {
            (false, "ForAnyValue is false for an empty set")
        } else if op.base.negated() {
            (true, "a negated operator is true when the key is missing")
        } else {
            (
                false,
                "a missing key fails every operator except negated ones, …IfExists and Null",
            )
        };
        return Check {
            ok,
            text: format!("{head}: the request has no such key → {} ({why})", tf(ok)),
            pos,
        };
    }
    let positive = op.base.positive();
    let one = |r: &str| -> bool { policy_values.iter().any(|p| value_matches(positive, p, r)) };
    // Per request value: does it satisfy the operator (negation included)?
    let sat = |r: &str| -> bool { one(r) != op.base.negated() };
    let ok = match op.qualifier {
        Some(Qualifier::ForAllValues) => request.iter().all(|r| sat(r)),
        Some(Qualifier::ForAnyValue) => request.iter().any(|r| sat(r)),
        None if op.base.negated() => !request.iter().any(|r| one(r)),
        None => request.iter().any(|r| one(r)),
    };
    Check {
        ok,
        text: format!(
            "{head}: {} → {}",
            explain_values(op, &policy_values, request, ok),
            tf(ok)
        ),
        pos,
    }
}

fn tf(ok: bool) -> &'static str {
    if ok {
        "true"
    } else {
        "false"
    }
}

fn explain_values(op: Operator, policy: &[String], request: &[String], ok: bool) -> String {
    let positive = op.base.positive();
    let v = verb(positive);
    let mut out = format!("the request has {}", quoted(request));
    let hit = request
        .iter()
        .find_map(|r| policy.iter().find(|p| value_matches(positive, p, r)));
    match hit {
        Some(p) => {
            let _ = write!(out, ", which {v} `{p}`");
            if op.base.negated() {
                let _ = write!(out, " (and `{}` excludes it)", op);
            }
        }
        None => {
            let _ = write!(out, ", which {v} none of {}", quoted(policy));
            if !ok || op.base.negated() {
                if let Some(note) = near_miss_note(positive, policy, request) {
                    let _ = write!(out, " ({note})");
                }
            }
        }
    }
    out
}

/// Explains a miss that is only a matter of case or of a wildcard under an
/// exact operator.
fn near_miss_note(base: Base, policy: &[String], request: &[String]) -> Option<String> {
    for r in request {
        for p in policy {
            if base.family() == Family::String && !base.case_insensitive() {
                let folded = if base.wildcards() {
                    glob::matches(p, r, true)
                } else {
                    p.to_lowercase() == r.to_lowercase()
                };
                if folded {
                    return Some(format!(
                        "`{p}` differs from it only in case, and {} is case-sensitive",
                        base.name()
                    ));
                }
            }
            if base == Base::StringEquals && glob::has_wildcard(p) && glob::matches(p, r, false) {
                return Some(format!("`{p}` would match as a pattern, but StringEquals treats `*` and `?` literally; StringLike would match"));
            }
        }
    }
    None
}
