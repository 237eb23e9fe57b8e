//! Every YAML deserialization of packs lives here: the structures that mirror `pack.yaml` and
//! `policy-rules.yaml`, validated inside their `Deserialize` impls so that an error carries the
//! YAML position. One file per concern: the types, the structure as it is read, checked scalars,
//! key suggestions, message placeholders, what a located value is, locating values and the
//! configuration.

mod config;
mod locate;
mod placeholders;
mod scalars;
mod seeds;
mod suggest;
mod target;
mod types;

pub use config::{parse_config, Profile, RawConfig, OUTPUT_FORMATS};
pub use locate::{locate, parse_pack, Target};
pub use suggest::suggest;
pub use types::*;

pub use crate::kinds::{MatcherKind, Measure, RawKind, RawMatcher, RawMetric, Scope};

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

    /// The types are the one description of a pack: what they write back, the loader reads as the
    /// same pack, for every built-in pack (anchors expanded, shorthands written out).
    #[test]
    fn every_builtin_pack_written_back_reads_as_the_same_pack() {
        for builtin in crate::builtin::PACKS {
            let pack = parse_pack(builtin.yaml).unwrap();
            let written = serde_yaml::to_string(&pack).unwrap();
            let again = parse_pack(&written).unwrap_or_else(|e| panic!("{}: {e}\n{written}", builtin.name));
            assert_eq!(serde_yaml::to_string(&again).unwrap(), written, "{}", builtin.name);
            assert_eq!(again.rules.len(), pack.rules.len());
        }
    }

    #[test]
    fn companion_keys_need_the_key_that_names_their_kind() {
        let rule = |body: &str| format!("pack: acme\nrules:\n  - id: a\n    severity: info\n    message: m\n{body}");
        let error = |body: &str| parse_pack(&rule(body)).unwrap_err().to_string();
        let cases = [
            ("    when: x\n", "rule `a` has `when` without `require`; add what the document must then say"),
            ("    forbid: {pattern: x, within: 3}\n", "`within` only goes with `near`"),
            ("    forbid: {phrases: [x], case_sensitive: true}\n", "`case_sensitive` only goes with `pattern`"),
            (
                "    forbid: {near: [x, y]}\n",
                "`near` needs `within: N` (the most words allowed between the two matches)",
            ),
        ];
        for (body, expected) in cases {
            let message = error(body);
            assert!(message.contains(expected), "{body}: {message}");
        }
        assert!(parse_pack(&rule("    when: x\n    require: {near: [x, y], within: 2}\n")).is_ok());
    }

    #[test]
    fn a_matcher_is_written_in_the_shape_it_is_read() {
        let yaml = "pack: acme\nrules:\n  - id: a\n    severity: info\n    message: m\n    report: once\n    when: x\n    require:\n      near: [a, {phrases: [b c]}]\n      within: 4\n      in: paragraph\n      unless: {pattern: Z, case_sensitive: true}\n";
        let pack = parse_pack(yaml).unwrap();
        assert_eq!(
            serde_yaml::to_string(&pack.rules[0]).unwrap(),
            "id: a\nseverity: info\nmessage: m\nreport: once\nwhen:\n  pattern: x\nrequire:\n  near:\n  - pattern: a\n  - phrases:\n    - b c\n  within: 4\n  in: paragraph\n  unless:\n    pattern: Z\n    case_sensitive: true\n"
        );
    }
}
