//! Parsing a pack, and finding where a value of a valid pack file is: serde_yaml gives
//! positions only with errors, so a second parse fails on purpose at the value sought.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::seeds::PackSeed;
use super::types::RawPack;

/// Parse and validate a pack's YAML.
pub fn parse_pack(yaml: &str) -> Result<RawPack, serde_yaml::Error> {
    let pack = PackSeed { fail_at: None }.deserialize(serde_yaml::Deserializer::from_str(yaml))?;
    let bad = pack.rules.iter().enumerate().find_map(|(rule, raw)| raw.placeholder_problem().map(|p| (rule, p)));
    match bad {
        // A message is only known to be wrong once its rule's kind is read; parse again, failing at
        // the message itself, so that the error carries its line and column.
        Some((rule, problem)) => Err(fail_at(yaml, Target::Message(rule), &problem)),
        None => Ok(pack),
    }
}

/// A value of a pack file that can be located after parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The `id` of the rule with this index.
    RuleId(usize),
    /// The `message` of the rule with this index.
    Message(usize),
    /// An inline test case: rule index, `pass` (true) or `fail`, case index.
    Case(usize, bool, usize),
}

impl Target {
    /// The index of the rule it is in.
    pub(super) fn rule(self) -> usize {
        match self {
            Target::RuleId(rule) | Target::Message(rule) | Target::Case(rule, _, _) => rule,
        }
    }
}

/// A parse of `yaml` that fails at `target` with `message`, so that the error carries the
/// target's position (serde_yaml only gives positions with errors).
fn fail_at(yaml: &str, target: Target, message: &str) -> serde_yaml::Error {
    let spec = (target, message.to_string());
    match (PackSeed { fail_at: Some(&spec) }).deserialize(serde_yaml::Deserializer::from_str(yaml)) {
        Err(error) => error,
        Ok(_) => de::Error::custom(message),
    }
}

/// The 1-based line and column of `target` in a valid pack file.
pub fn locate(yaml: &str, target: Target) -> Option<(usize, usize)> {
    fail_at(yaml, target, "located").location().map(|at| (at.line(), at.column()))
}

/// Where a parse must fail, and with which message.
pub(super) type FailAt<'a> = Option<&'a (Target, String)>;

/// A value that is read only to fail with a given message at its own position.
pub(super) struct Failing<'a>(pub(super) &'a str);

impl<'de> DeserializeSeed<'de> for Failing<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Failing<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<String, E> {
        Err(E::custom(self.0))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom(self.0))
    }
}

/// A list of test cases that fails at one of them.
pub(super) struct CasesSeed<'a> {
    pub(super) fail: Option<(usize, &'a str)>,
}

impl<'de> DeserializeSeed<'de> for CasesSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for CasesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of test cases")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            match self.fail {
                Some((at, message)) if at == index => {
                    seq.next_element_seed(Failing(message))?;
                }
                _ => {
                    if seq.next_element::<de::IgnoredAny>()?.is_none() {
                        return Ok(());
                    }
                }
            }
            index += 1;
        }
    }
}
