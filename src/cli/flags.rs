//! A small parser for `--flag VALUE` / `--flag=VALUE` / `--switch` options.

use std::collections::BTreeMap;

/// Parsed options: the value of each flag given (switches map to ""), and
/// every value of each flag that may be given more than once.
#[derive(Debug, Default)]
pub struct Flags(BTreeMap<String, String>, BTreeMap<String, Vec<String>>);

impl Flags {
    /// Parses `args`; `with_value` and `switches` list the accepted names.
    pub fn parse(args: &[String], with_value: &[&str], switches: &[&str]) -> Result<Flags, String> {
        Flags::parse_repeated(args, with_value, &[], switches)
    }

    /// Like [`Flags::parse`], and the flags in `repeated` take a value each
    /// time they are given ([`Flags::all`]).
    pub fn parse_repeated(
        args: &[String],
        with_value: &[&str],
        repeated: &[&str],
        switches: &[&str],
    ) -> Result<Flags, String> {
        let mut out = BTreeMap::new();
        let mut many: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
                _ => (a.as_str(), None),
            };
            if repeated.contains(&name) {
                let v = match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or(format!("{name} needs a value"))?,
                };
                many.entry(name.to_string()).or_default().push(v);
            } else if with_value.contains(&name) {
                let v = match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or(format!("{name} needs a value"))?,
                };
                if out.insert(name.to_string(), v).is_some() {
                    return Err(format!("{name} is given twice"));
                }
            } else if switches.contains(&name) && inline.is_none() {
                out.insert(name.to_string(), String::new());
            } else if name.starts_with('-') {
                return Err(format!("unknown option `{name}`"));
            } else {
                return Err(format!("unexpected argument `{a}`"));
            }
        }
        Ok(Flags(out, many))
    }

    /// Every value given to a repeated flag, in order.
    pub fn all(&self, name: &str) -> &[String] {
        self.1.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_values_inline_values_and_switches() {
        let f = Flags::parse(
            &args("--policy p.json --sa=a:b --service-account"),
            &["--policy", "--sa"],
            &["--service-account"],
        )
        .unwrap();
        assert_eq!(f.get("--policy"), Some("p.json"));
        assert_eq!(f.get("--sa"), Some("a:b"));
        assert!(f.has("--service-account"));
        assert!(Flags::parse(&args("--nope"), &[], &[]).is_err());
        assert!(Flags::parse(&args("--sa"), &["--sa"], &[]).is_err());
        assert!(Flags::parse(&args("--sa a --sa b"), &["--sa"], &[]).is_err());
        let f = Flags::parse_repeated(&args("--claim a=1 --claim=b=2"), &[], &["--claim"], &[])
            .unwrap();
        assert_eq!(f.all("--claim"), ["a=1", "b=2"]);
        assert!(f.all("--sa").is_empty());
        assert!(Flags::parse_repeated(&args("--claim"), &[], &["--claim"], &[]).is_err());
    }
}
