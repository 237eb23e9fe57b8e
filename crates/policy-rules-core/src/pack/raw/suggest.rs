//! Keys checked against the known ones, with a suggestion for a near miss.

use std::fmt;
use std::sync::LazyLock;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use crate::kinds::{MatcherKind, RawKind};

// ----- keys -------------------------------------------------------------------------------------

pub(super) const PACK_KEYS: &[&str] = &["pack", "title", "version", "description", "references", "applies", "rules"];
pub(super) const APPLIES_KEYS: &[&str] = &["audience", "when", "unless"];
/// The keys of a rule besides its kind's.
const RULE_COMMON_KEYS: &[&str] =
    &["id", "severity", "message", "help", "example", "reference", "url", "tags", "report", "tests"];
/// Every key of a rule: the common ones, then each kind's.
pub(super) static RULE_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut keys = RULE_COMMON_KEYS.to_vec();
    for key in RawKind::keys().into_iter().flatten() {
        if !keys.contains(&key.name) {
            keys.push(key.name);
        }
    }
    keys
});
/// Every key of a matcher: each kind's, then the modifiers every matcher takes.
pub(super) static MATCHER_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut keys: Vec<&'static str> = Vec::new();
    for key in MatcherKind::keys().into_iter().flatten().map(|k| k.name).chain(["in", "section", "unless"]) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
});
pub(super) const METRIC_KEYS: &[&str] = &["measure", "max", "min", "in"];
pub(super) const TESTS_KEYS: &[&str] = &["pass", "fail", "format"];
pub(super) const FAIL_KEYS: &[&str] = &["text", "message", "flagged"];

/// The known key closest to `unknown`, if any is close.
pub fn suggest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Deserializes a map key, accepting only `known` ones, so an unknown key's error points at it.
pub(super) struct Key<'a> {
    pub(super) known: &'static [&'static str],
    pub(super) what: &'static str,
    /// The keys of this map read so far, one bit per entry of `known`: a key met twice is an
    /// error at the second one.
    pub(super) seen: &'a std::cell::Cell<u64>,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Key<'_> {
    type Value = &'static str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} key", self.what)
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        if let Some(index) = self.known.iter().position(|k| *k == key) {
            let bit = 1u64 << index.min(63);
            if self.seen.get() & bit != 0 {
                return Err(duplicate(key));
            }
            self.seen.set(self.seen.get() | bit);
            return Ok(self.known[index]);
        }
        let hint = match suggest(key, self.known) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("expected one of: {}", self.known.join(", ")),
        };
        Err(E::custom(format!("unknown {} key `{key}`; {hint}", self.what)))
    }
}

pub(super) fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format!("duplicate key `{key}`"))
}

pub(super) fn set<T, E: de::Error>(slot: &mut Option<T>, key: &str, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(duplicate(key));
    }
    *slot = Some(value);
    Ok(())
}
