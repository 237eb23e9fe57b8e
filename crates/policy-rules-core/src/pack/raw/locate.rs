//! Parsing a pack, and finding where a value of a valid pack file is: serde_yaml gives
//! positions only with errors, so a second parse fails on purpose at the value sought.

use serde::de::{self, DeserializeSeed};

use super::seeds::PackSeed;
pub use super::target::Target;
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
