//! The catalogue of mistakes in packs and configuration files, as users see them: each rendered
//! diagnostic is a snapshot (tests/tests/snapshots/errors__*.snap).

mod common;

use std::fs;

const RULE: &str = "  - id: vague\n    severity: warning\n    message: Vague wording\n";

/// Files of one mistake, relative to a temporary folder holding the pack in `pack/`.
struct Mistake {
    name: &'static str,
    files: Vec<(&'static str, String)>,
    /// Use `pack/policy-rules.yaml` as `--config` instead of loading `pack/` with `--pack`.
    config: bool,
}

fn pack(name: &'static str, yaml: String) -> Mistake {
    Mistake { name, files: vec![("pack/pack.yaml", yaml)], config: false }
}

fn with_rule(name: &'static str, rest: &str) -> Mistake {
    pack(name, format!("pack: acme\nrules:\n{RULE}{rest}"))
}

fn catalogue() -> Vec<Mistake> {
    let script_pack =
        "pack: acme\nrules:\n  - id: scripted\n    severity: info\n    message: m\n    script: rule.rhai\n";
    vec![
        pack("yaml_syntax", format!("pack: acme\nrules:\n{RULE}    help: 'Say when\n    forbid: x\n")),
        with_rule("unknown_key", "    forbid: 'from time to time'\n    sevrity: info\n"),
        with_rule("wrong_type", "    tags: gdpr\n    forbid: 'from time to time'\n"),
        with_rule("bad_regex", "    forbid:\n      pattern: 'from (time to time'\n"),
        with_rule("empty_any", "    forbid:\n      any: []\n"),
        with_rule("near_without_within", "    forbid:\n      near: ['retain', 'days']\n"),
        with_rule("within_not_positive", "    forbid:\n      near: ['retain', 'days']\n      within: -3\n"),
        with_rule("two_matchers_in_one_map", "    forbid:\n      pattern: 'retain'\n      phrases: ['as needed']\n"),
        with_rule("unknown_scope", "    forbid:\n      pattern: 'retain'\n      in: page\n"),
        with_rule("unknown_measure", "    metric:\n      measure: syllables\n      max: 3\n"),
        pack(
            "unknown_severity",
            "pack: acme\nrules:\n  - id: vague\n    severity: critical\n    message: m\n    forbid: x\n".into(),
        ),
        pack("missing_message", "pack: acme\nrules:\n  - id: vague\n    severity: info\n    forbid: x\n".into()),
        pack("no_kind", format!("pack: acme\nrules:\n{RULE}    help: Be precise.\n")),
        with_rule("two_kinds", "    forbid: 'x'\n    require: 'y'\n"),
        with_rule("when_without_require", "    when: 'cookies'\n"),
        pack("duplicate_id", format!("pack: acme\nrules:\n{RULE}    forbid: x\n{RULE}    forbid: y\n")),
        pack(
            "invalid_rule_id",
            "pack: acme\nrules:\n  - id: Vague_Wording\n    severity: info\n    message: m\n    forbid: x\n".into(),
        ),
        pack("missing_script_file", script_pack.into()),
        Mistake {
            name: "script_syntax_error",
            files: vec![
                ("pack/pack.yaml", script_pack.into()),
                (
                    "pack/rule.rhai",
                    "fn check(doc) {\n    if doc.words > 10 {\n        report(\"long\"\n    }\n}\n".into(),
                ),
            ],
            config: false,
        },
        Mistake {
            name: "script_without_check",
            files: vec![("pack/pack.yaml", script_pack.into()), ("pack/rule.rhai", "fn inspect(doc) {}\n".into())],
            config: false,
        },
        Mistake {
            name: "unknown_rule_in_config_override",
            files: vec![(
                "pack/policy-rules.yaml",
                "packs:\n  - builtin:gdpr\nrules:\n  gdpr/retention-periods: warning\n".into(),
            )],
            config: true,
        },
        Mistake {
            name: "unknown_builtin_pack_in_config",
            files: vec![("pack/policy-rules.yaml", "packs:\n  - builtin:gdpr\n  - builtin:hipaa\n".into())],
            config: true,
        },
        pack(
            "message_placeholder_typo",
            "pack: acme\nrules:\n  - id: vague\n    severity: info\n    message: 'Vague: {mtach}'\n    forbid: 'from time to time'\n".into(),
        ),
        pack(
            "message_placeholder_without_match",
            "pack: acme\nrules:\n  - id: retention\n    severity: error\n    message: 'No retention: {match}'\n    require: 'retain'\n".into(),
        ),
        with_rule("pattern_with_control_character", "    forbid:\n      pattern: \"\\bwe sell\\b\"\n"),
        with_rule("tests_with_unknown_format", "    forbid: 'x'\n    tests:\n      format: docx\n"),
        Mistake {
            name: "unknown_output_format_in_config",
            files: vec![("pack/policy-rules.yaml", "output-format: sarif2\n".into())],
            config: true,
        },
        Mistake {
            name: "invalid_glob_in_config",
            files: vec![("pack/policy-rules.yaml", "exclude:\n  - 'drafts/[a-'\n".into())],
            config: true,
        },
        Mistake {
            name: "unknown_level_in_config",
            files: vec![("pack/policy-rules.yaml", "rules:\n  gdpr/retention-period: silent\n".into())],
            config: true,
        },
    ]
}

#[test]
fn every_mistake_is_a_located_diagnostic_with_exit_2() {
    let sample = common::sample("sample-policy.md");
    let mistakes = catalogue();
    assert!(mistakes.len() >= 15);
    for mistake in mistakes {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in &mistake.files {
            let target = dir.path().join(path);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(target, text).unwrap();
        }
        let folder = dir.path().join("pack").display().to_string();
        let config = dir.path().join("pack/policy-rules.yaml").display().to_string();
        let args: Vec<&str> = if mistake.config {
            vec!["check", &sample, "--config", &config]
        } else {
            vec!["check", &sample, "--no-builtin", "--pack", &folder]
        };
        let out = common::run(&args);
        assert_eq!(out.code, 2, "{}: {}", mistake.name, out.stderr);
        assert_eq!(out.stdout, "", "{}", mistake.name);
        let shown = out.stderr.replace(&format!("{}/", dir.path().display()), "");
        assert!(shown.contains("╭─["), "{}: no source snippet:\n{shown}", mistake.name);
        insta::assert_snapshot!(mistake.name, shown);
    }
}
