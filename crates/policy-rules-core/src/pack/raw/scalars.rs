//! Scalar values checked while they are read, so that an error points at the value.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use crate::search::Pattern;

// ----- scalars with validation -----------------------------------------------------------------

/// A regex source, compiled while deserializing so a bad regex points at its YAML value.
pub(super) struct PatternValue {
    pub(super) case_sensitive: bool,
}

impl<'de> DeserializeSeed<'de> for PatternValue {
    type Value = Pattern;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Pattern, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for PatternValue {
    type Value = Pattern;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a regular expression")
    }

    fn visit_str<E: de::Error>(self, source: &str) -> Result<Pattern, E> {
        compile_pattern(source, self.case_sensitive)
    }
}

/// Compile a rule's regex, refusing control characters: they come from escapes in double-quoted
/// YAML strings (`"\bwe sell"` holds a backspace, not a word boundary), never from intent.
pub(super) fn compile_pattern<E: de::Error>(source: &str, case_sensitive: bool) -> Result<Pattern, E> {
    if let Some(c) = source.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        let name = match c {
            '\u{8}' => " (a backspace: `\\b` inside double quotes)".to_string(),
            '\u{c}' => " (a form feed: `\\f` inside double quotes)".to_string(),
            '\u{0}' => " (a NUL: `\\0` inside double quotes)".to_string(),
            _ => String::new(),
        };
        return Err(E::custom(format!(
            "the pattern holds the control character U+{:04X}{name}; help: write regexes in single quotes, \
             where a backslash is a backslash: pattern: '\\bwe sell\\b'",
            c as u32
        )));
    }
    Pattern::new(source, case_sensitive).map_err(|e| E::custom(format!("invalid regex: {e}")))
}

/// A positive whole number up to `max` (`within`, `budget_ms`).
pub(super) struct Positive {
    pub(super) max: u64,
}

impl<'de> DeserializeSeed<'de> for Positive {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Visitor<'_> for Positive {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a positive whole number")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<usize, E> {
        if value == 0 {
            return Err(E::custom("must be a positive number, not 0"));
        }
        if value > self.max {
            return Err(E::custom(format!("must be at most {}, not {value}", self.max)));
        }
        Ok(value as usize)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<usize, E> {
        if value <= 0 {
            return Err(E::custom(format!("must be a positive number, not {value}")));
        }
        self.visit_u64(value as u64)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<usize, E> {
        match u64::try_from(value) {
            Ok(value) => self.visit_u64(value),
            Err(_) => Err(E::custom(format!("must be at most {}, not {value}", self.max))),
        }
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<usize, E> {
        match u128::try_from(value) {
            Ok(value) => self.visit_u128(value),
            Err(_) => Err(E::custom(format!("must be a positive number, not {value}"))),
        }
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<usize, E> {
        if value.fract() == 0.0 && value > self.max as f64 {
            return Err(E::custom(format!("must be at most {}, not {value}", self.max)));
        }
        Err(E::custom(format!("must be a whole number, not {value}")))
    }
}

/// The largest `within` distance, in words: beyond it "near" means anywhere.
pub(super) const MAX_WITHIN: u64 = 10_000;

/// A rule id, checked for shape and uniqueness within the pack.
pub(super) struct RuleId<'a> {
    pub(super) seen: &'a mut HashSet<String>,
}

impl<'de> DeserializeSeed<'de> for RuleId<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for RuleId<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rule id such as `retention-period`")
    }

    fn visit_str<E: de::Error>(self, id: &str) -> Result<String, E> {
        check_name(id, "rule id")?;
        if !self.seen.insert(id.to_string()) {
            return Err(E::custom(format!("duplicate rule id `{id}`; rule ids must be unique in a pack")));
        }
        Ok(id.to_string())
    }
}

pub(super) fn check_name<E: de::Error>(name: &str, what: &str) -> Result<(), E> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(E::custom(format!(
            "invalid {what} `{name}`: use lowercase letters, digits and `-`, e.g. `retention-period`"
        )))
    }
}

pub(super) struct PackName;

impl<'de> DeserializeSeed<'de> for PackName {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for PackName {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a pack name such as `acme`")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<String, E> {
        check_name(name, "pack name")?;
        Ok(name.to_string())
    }
}

/// A scalar version (number or string) as text.
pub(super) struct VersionValue;

impl<'de> DeserializeSeed<'de> for VersionValue {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Visitor<'_> for VersionValue {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a version number or string")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
}

// ----- schema shapes a derive cannot say --------------------------------------------------------

/// A fail case may also be written as its bare text.
pub(super) fn or_text_string(schema: &mut schemars::Schema) {
    crate::kinds::or_string(schema, "The text that must be flagged.");
}

/// A version is a number or a string.
pub(super) fn version_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": ["number", "string"] })
}
