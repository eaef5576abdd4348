//! IAM condition operators: `[ForAnyValue:|ForAllValues:]Base[IfExists]`.

use std::fmt;

/// The set qualifier of an operator for multivalued keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    ForAnyValue,
    ForAllValues,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::ForAnyValue => "ForAnyValue",
            Qualifier::ForAllValues => "ForAllValues",
        }
    }
}

/// What kind of values an operator compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

macro_rules! bases {
    ($($name:ident),* $(,)?) => {
        /// A condition operator without qualifier or `IfExists`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Base { $($name),* }
        impl Base {
            pub const ALL: &'static [Base] = &[$(Base::$name),*];
            pub fn name(self) -> &'static str {
                match self { $(Base::$name => stringify!($name)),* }
            }
        }
    };
}

bases!(
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
);

impl Base {
    pub fn family(self) -> Family {
        use Base::*;
        match self {
            StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | StringLike
            | StringNotLike => Family::String,
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => Family::Numeric,
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => Family::Date,
            Bool => Family::Bool,
            BinaryEquals => Family::Binary,
            IpAddress | NotIpAddress => Family::Ip,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => Family::Arn,
            Null => Family::Null,
        }
    }

    /// Negated operators are true when *no* policy value matches — and, per
    /// the IAM documentation, when the key is missing from the request.
    pub fn negated(self) -> bool {
        use Base::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }

    /// The operator that a negated one negates (itself when not negated).
    pub fn positive(self) -> Base {
        use Base::*;
        match self {
            StringNotEquals => StringEquals,
            StringNotEqualsIgnoreCase => StringEqualsIgnoreCase,
            StringNotLike => StringLike,
            NumericNotEquals => NumericEquals,
            DateNotEquals => DateEquals,
            NotIpAddress => IpAddress,
            ArnNotEquals => ArnEquals,
            ArnNotLike => ArnLike,
            other => other,
        }
    }

    /// Operators for which `*` and `?` in a policy value are wildcards.
    pub fn wildcards(self) -> bool {
        matches!(
            self.positive(),
            Base::StringLike | Base::ArnLike | Base::ArnEquals
        )
    }

    /// The `Like` counterpart of an `Equals` string operator, if any.
    pub fn like_variant(self) -> Option<Base> {
        match self {
            Base::StringEquals | Base::StringEqualsIgnoreCase => Some(Base::StringLike),
            Base::StringNotEquals | Base::StringNotEqualsIgnoreCase => Some(Base::StringNotLike),
            _ => None,
        }
    }

    pub fn case_insensitive(self) -> bool {
        matches!(
            self,
            Base::StringEqualsIgnoreCase | Base::StringNotEqualsIgnoreCase | Base::Bool
        )
    }
}

/// A parsed condition operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Operator {
    pub qualifier: Option<Qualifier>,
    pub base: Base,
    pub if_exists: bool,
}

impl Operator {
    pub const fn plain(base: Base) -> Self {
        Operator {
            qualifier: None,
            base,
            if_exists: false,
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(q) = self.qualifier {
            write!(f, "{}:", q.as_str())?;
        }
        f.write_str(self.base.name())?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}

/// Why an operator name is not one IAM knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpError {
    /// Not an operator; the closest one, when it looks like a typo.
    Unknown { suggestion: Option<String> },
    /// `NullIfExists`: IAM forbids `IfExists` on `Null`.
    NullIfExists,
    /// A qualifier other than `ForAnyValue:` / `ForAllValues:`.
    BadQualifier {
        qualifier: String,
        suggestion: Option<String>,
    },
}

/// Parses an operator name exactly as IAM spells it.
pub fn parse(s: &str) -> Result<Operator, OpError> {
    let (qualifier, rest) = match s.split_once(':') {
        Some(("ForAnyValue", r)) => (Some(Qualifier::ForAnyValue), r),
        Some(("ForAllValues", r)) => (Some(Qualifier::ForAllValues), r),
        Some((q, r)) => {
            let suggestion = crate::core::suggest::closest(q, &["ForAnyValue", "ForAllValues"])
                .and_then(|q| parse(&format!("{q}:{r}")).ok())
                .map(|op| op.to_string());
            return Err(OpError::BadQualifier {
                qualifier: q.to_string(),
                suggestion,
            });
        }
        None => (None, s),
    };
    let (name, if_exists) = match rest.strip_suffix("IfExists") {
        Some(n) => (n, true),
        None => (rest, false),
    };
    if let Some(base) = Base::ALL.iter().copied().find(|b| b.name() == name) {
        if base == Base::Null && if_exists {
            return Err(OpError::NullIfExists);
        }
        return Ok(Operator {
            qualifier,
            base,
            if_exists,
        });
    }
    Err(OpError::Unknown {
        suggestion: suggest(s),
    })
}

/// The valid operator closest to `s`: same spelling in another case, or a
/// small edit away (`StringEqual`, `StringEqualsIfExist`, `ArnLIke`).
fn suggest(s: &str) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    for b in Base::ALL {
        names.push(b.name().to_string());
        if *b != Base::Null {
            names.push(format!("{}IfExists", b.name()));
        }
    }
    let (prefix, rest) = match s.split_once(':') {
        Some((q, r)) => (format!("{q}:"), r),
        None => (String::new(), s),
    };
    if let Some(n) = names.iter().find(|n| n.eq_ignore_ascii_case(rest)) {
        return Some(format!("{prefix}{n}"));
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    crate::core::suggest::closest(rest, &refs).map(|n| format!("{prefix}{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_operator_with_qualifiers_and_if_exists() {
        for b in Base::ALL {
            assert_eq!(parse(b.name()), Ok(Operator::plain(*b)));
        }
        let op = parse("ForAllValues:StringLikeIfExists").unwrap();
        assert_eq!(op.qualifier, Some(Qualifier::ForAllValues));
        assert_eq!(op.base, Base::StringLike);
        assert!(op.if_exists);
        assert_eq!(op.to_string(), "ForAllValues:StringLikeIfExists");
    }

    #[test]
    fn explains_what_is_not_an_operator() {
        assert_eq!(parse("NullIfExists"), Err(OpError::NullIfExists));
        assert_eq!(
            parse("stringequals"),
            Err(OpError::Unknown {
                suggestion: Some("StringEquals".into())
            })
        );
        assert_eq!(
            parse("StringEqual"),
            Err(OpError::Unknown {
                suggestion: Some("StringEquals".into())
            })
        );
        assert_eq!(
            parse("ForAnyValues:StringLike"),
            Err(OpError::BadQualifier {
                qualifier: "ForAnyValues".into(),
                suggestion: Some("ForAnyValue:StringLike".into())
            })
        );
        assert_eq!(parse("Banana"), Err(OpError::Unknown { suggestion: None }));
    }

    #[test]
    fn negation_and_wildcards() {
        assert!(Base::StringNotLike.negated());
        assert_eq!(Base::NotIpAddress.positive(), Base::IpAddress);
        assert!(Base::ArnEquals.wildcards());
        assert!(!Base::StringEquals.wildcards());
    }
}
