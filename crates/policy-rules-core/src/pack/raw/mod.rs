//! Every YAML deserialization of packs lives here: the structures that mirror `pack.yaml` and
//! `policy-rules.yaml`, validated inside their `Deserialize` impls so that an error carries the
//! YAML position. One file per concern: the types, the structure as it is read, checked scalars,
//! key suggestions, message placeholders, what a located value is, locating values, the configuration,
//! and YAML output.

mod config;
mod locate;
mod placeholders;
mod scalars;
mod seeds;
mod suggest;
mod target;
mod types;
mod yaml;

pub use config::{parse_config, Profile, RawConfig, OUTPUT_FORMATS};
pub use locate::{locate, parse_pack, Target};
pub use suggest::suggest;
pub use types::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_and_test_cases_are_located_by_the_parser() {
        let yaml = "pack: acme\nrules:\n  - id: a\n    severity: info\n    message: m\n    forbid: x\n  - id: b\n    severity: info\n    message: m\n    forbid: y\n    tests:\n      pass: [one, two]\n      fail:\n        - text: three\n        - four\n";
        assert_eq!(locate(yaml, Target::RuleId(1)), Some((7, 9)));
        assert_eq!(locate(yaml, Target::Case(1, true, 1)), Some((12, 19)));
        assert_eq!(locate(yaml, Target::Case(1, false, 0)), Some((14, 11)));
        assert_eq!(locate(yaml, Target::Case(1, false, 1)), Some((15, 11)));
        assert_eq!(locate(yaml, Target::Message(0)), Some((5, 14)));
    }
}
