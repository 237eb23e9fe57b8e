//! What a value of a pack file is, for locating it, and the seeds that make a parse fail at it.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

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
