//! A small parser for `--flag VALUE` / `--flag=VALUE` / `--switch` options.

use std::collections::BTreeMap;

/// Parsed options: the value of each flag given (switches map to "").
#[derive(Debug, Default)]
pub struct Flags(BTreeMap<String, String>);

impl Flags {
    /// Parses `args`; `with_value` and `switches` list the accepted names.
    pub fn parse(args: &[String], with_value: &[&str], switches: &[&str]) -> Result<Flags, String> {
        let mut out = BTreeMap::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
                _ => (a.as_str(), None),
            };
            if with_value.contains(&name) {
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
        Ok(Flags(out))
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
    }
}
