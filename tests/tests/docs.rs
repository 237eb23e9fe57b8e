//! The examples in docs/ are executed, so the docs cannot drift from the program.

mod common;

use std::fs;
use std::path::Path;

use policy_rules_core::pack::Origin;
use policy_rules_core::{testing, Pack};

fn doc(name: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs").join(name)).unwrap()
}

/// Fenced blocks of `lang` in a Markdown text.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match &mut current {
            None if line.trim_start() == format!("```{lang}") => current = Some(String::new()),
            Some(block) if line.trim_start() == "```" => {
                out.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn every_pack_example_in_the_rules_guide_passes_its_tests() {
    let examples: Vec<String> =
        blocks(&doc("rules.md"), "yaml").into_iter().filter(|b| b.starts_with("pack:")).collect();
    assert!(examples.len() >= 12, "found {} examples", examples.len());
    for (n, yaml) in examples.iter().enumerate() {
        let pack = Pack::from_yaml(yaml, &format!("docs/rules.md example {}", n + 1), Origin::Builtin("docs".into()))
            .unwrap_or_else(|e| panic!("example {} does not load: {e}", n + 1));
        for outcome in testing::run_pack(&pack).unwrap() {
            assert!(outcome.complete(), "{} in example {} needs pass and fail cases", outcome.rule, n + 1);
            assert!(outcome.failures.is_empty(), "example {}: {:?}", n + 1, outcome.failures);
        }
    }
}

#[test]
fn the_guides_show_every_rule_kind_and_matcher() {
    // Every key of every rule kind the engine knows, so a new kind cannot go undocumented.
    let guides = [blocks(&doc("rules.md"), "yaml"), blocks(&doc("rhai.md"), "yaml")].concat().join("\n");
    for keys in policy_rules_core::pack::RawKind::keys() {
        for key in keys {
            assert!(guides.contains(&format!("{}:", key.name)), "no guide has an example of the `{}` key", key.name);
        }
    }
    // Every key of every matcher, and the modifiers every matcher takes.
    let examples = blocks(&doc("rules.md"), "yaml").join("\n");
    let matcher_keys = policy_rules_core::pack::MatcherKind::keys();
    let keys = matcher_keys.iter().flat_map(|keys| keys.iter().map(|k| k.name));
    for key in keys.chain(["in", "unless", "measure", "applies", "report"]) {
        assert!(examples.contains(&format!("{key}:")), "docs/rules.md has no example of `{key}`");
    }
}

#[test]
fn the_applies_example_runs_its_pack_only_where_it_applies() {
    let guide = doc("rules.md");
    let yaml = blocks(&guide, "yaml").into_iter().find(|b| b.contains("applies:")).expect("an `applies` example");
    let shown = blocks(&guide, "text").into_iter().find(|b| b.contains("not applied")).expect("the reason shown");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.yaml"), yaml).unwrap();
    let pack = dir.path().display().to_string();
    let check = |text: &str, extra: &[&str]| {
        let mut args =
            vec!["check", "--no-builtin", "--pack", &pack, "--stdin-filename", "policy.md", "--format", "concise"];
        args.extend_from_slice(extra);
        args.push("-");
        common::run_with_stdin(&args, format!("# Privacy policy\n\n{text}\n").as_bytes())
    };
    let quebec = check("We serve customers in Quebec. Write to us at privacy@example.com.", &[]);
    assert_eq!(quebec.code, 1, "{}", quebec.stderr);
    assert!(quebec.stdout.starts_with("policy.md:1:3: error[quebec/privacy-officer]"), "{}", quebec.stdout);
    assert!(
        quebec.stderr.contains("quebec applied: the policy addresses people in Quebec: \"Quebec\".\n"),
        "{}",
        quebec.stderr
    );
    let ontario = check("We serve customers in Ontario. Write to us at privacy@example.com.", &[]);
    assert_eq!((ontario.code, ontario.stdout.as_str()), (0, ""), "{}", ontario.stderr);
    assert!(ontario.stderr.starts_with(&shown), "{}", ontario.stderr);
    let exempt = check("We serve customers in Quebec. Law 25 does not apply to us.", &[]);
    assert_eq!(exempt.code, 0, "{}", exempt.stdout);
    assert!(exempt.stderr.contains("quebec not applied to policy.md: the policy says the law does not bind it: \"Law 25 does not apply to us\""), "{}", exempt.stderr);
    let forced = check("We serve customers in Ontario. Write to us at privacy@example.com.", &["--profile", "all"]);
    assert_eq!(forced.code, 1, "{}", forced.stderr);
    assert!(!forced.stderr.contains("applied"), "{}", forced.stderr);
}

#[test]
fn the_report_once_example_gives_one_finding_with_the_other_place_related() {
    let yaml = blocks(&doc("rules.md"), "yaml").into_iter().find(|b| b.contains("report: once")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.yaml"), &yaml).unwrap();
    let text = "# Privacy\n\nAcme complies with the EU-U.S. Privacy Shield. Acme has certified to the Privacy Shield Principles.\n";
    let pack = dir.path().display().to_string();
    let out = common::run_with_stdin(
        &["check", "--no-builtin", "--pack", &pack, "--stdin-filename", "p.md", "--format", "json", "-q", "-"],
        text.as_bytes(),
    );
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{}", out.stdout);
    assert_eq!((&findings[0]["start"]["line"], &findings[0]["start"]["column"]), (&3.into(), &6.into()));
    let related = findings[0]["related"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["message"], "also here");
}

#[test]
fn the_mistake_shown_in_the_rules_guide_is_what_users_see() {
    let dir = tempfile::tempdir().unwrap();
    let pack_dir = dir.path().join("rules/acme");
    fs::create_dir_all(&pack_dir).unwrap();
    fs::write(
        pack_dir.join("pack.yaml"),
        "pack: acme\nrules:\n  - id: vague\n    severity: error\n    mesage: Vague wording\n    forbid: 'from time to time'\n",
    )
    .unwrap();
    let sample = common::sample("sample-policy.md");
    let out = common::run(&["check", &sample, "--pack", &pack_dir.display().to_string()]);
    assert_eq!(out.code, 2);
    let shown = out.stderr.replace(&format!("{}/", dir.path().display()), "");
    let documented = blocks(&doc("rules.md"), "text").into_iter().find(|b| b.contains("mesage")).unwrap();
    assert_eq!(shown.trim_end(), documented.trim_end());
}

#[test]
fn the_document_example_is_parsed_as_described() {
    use policy_rules_core::{Document, Format};
    let examples = blocks(&doc("documents.md"), "markdown");
    let table = examples.iter().find(|b| b.starts_with('|')).expect("the table example");
    let parsed = Document::parse("table.md", Format::Markdown, table.clone());
    let cells: Vec<&str> = parsed.blocks.iter().map(|b| parsed.slice(&b.range)).collect();
    assert_eq!(&cells[2..], ["Categories of personal information: Identifiers", "Recipients: Service providers"]);
    let markdown = examples.into_iter().find(|b| b.starts_with("# Acme")).expect("the policy example");
    let parsed = Document::parse("example.md", Format::Markdown, markdown);
    assert_eq!(parsed.meta.title.as_deref(), Some("Acme Privacy Policy"));
    assert_eq!(parsed.updated().map(|m| m.date.iso()), Some("2024-05-01".to_string()));
    let sections: Vec<(u8, &str)> = parsed.sections.iter().map(|s| (s.level, parsed.slice(&s.heading))).collect();
    assert_eq!(sections, vec![(1, "Acme Privacy Policy"), (2, "Data We Collect"), (3, "Cookies"), (2, "Your Rights")]);
    let sentences: Vec<&str> = parsed.sentences().iter().map(|s| parsed.slice(&s.range)).collect();
    assert!(sentences.contains(&"We collect your name, e.g. when you sign up."), "{sentences:?}");
    assert!(sentences.contains(&"We use it to run Acme Inc. services."), "{sentences:?}");
}

#[test]
fn every_rhai_example_prints_what_the_guide_shows() {
    let guide = doc("rhai.md");
    let policy = blocks(&guide, "markdown").remove(0);
    let scripts = blocks(&guide, "rhai");
    let outputs: Vec<String> = blocks(&guide, "text").into_iter().filter(|b| b.starts_with("policy.md:")).collect();
    assert!(scripts.len() >= 13, "found {} examples", scripts.len());
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("policy.md"), policy).unwrap();
    let pack = dir.path().join("example");
    fs::create_dir(&pack).unwrap();
    let yaml = blocks(&guide, "yaml").remove(0);
    fs::write(pack.join("pack.yaml"), yaml).unwrap();
    for (n, (script, expected)) in scripts.iter().zip(&outputs).enumerate() {
        fs::write(pack.join("rule.rhai"), script).unwrap();
        let path = dir.path().join("policy.md").display().to_string();
        let out = common::run(&[
            "check",
            &path,
            "--no-builtin",
            "--pack",
            &pack.display().to_string(),
            "--format",
            "concise",
            "-q",
        ]);
        let shown = out.stdout.replace(&format!("{}/", dir.path().display()), "");
        assert_eq!(&shown, expected, "example {} in docs/rhai.md:\n{script}", n + 1);
    }
}

#[test]
fn the_rhai_guide_covers_every_api_item() {
    let guide = doc("rhai.md");
    for item in [
        "doc.text",
        "doc.title",
        "doc.path",
        "doc.format",
        "doc.meta",
        "doc.sections",
        "doc.paragraphs",
        "doc.sentences",
        "doc.find(",
        "doc.contains(",
        "doc.section(",
        "doc.words",
        "doc.readability(",
        "parse_duration(",
        "date_diff_days(",
        "report(",
        ".span",
        ".captures",
        ".in_list",
        ".heading",
        ".level",
    ] {
        let in_examples = blocks(&guide, "rhai").iter().any(|b| b.contains(item));
        assert!(in_examples, "docs/rhai.md has no runnable example using `{item}`");
    }
}

/// Fenced blocks of any language, in order: (language, text).
fn all_blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut current, fence) {
            (None, Some(lang)) => current = Some((lang.trim().to_string(), String::new())),
            (Some(_), Some("")) => out.extend(current.take()),
            (Some((_, block)), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

#[test]
fn every_command_shown_in_the_output_guide_prints_what_the_guide_shows() {
    let blocks = all_blocks(&doc("output.md"));
    let mut checked = 0;
    for pair in blocks.windows(2) {
        let (lang, command) = &pair[0];
        let (_, shown) = &pair[1];
        let Some(args) = command.trim().strip_prefix("policy-rules ").filter(|_| lang == "sh") else { continue };
        if command.trim().lines().count() != 1 {
            continue;
        }
        // The guide runs from the top of the repository; tests run in tests/.
        let args: Vec<String> = args.split_whitespace().map(|a| a.replacen("tests/", "", 1)).collect();
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.push("-q");
        let out = common::run(&args);
        let stdout = out.stdout.replace("samples/", "tests/samples/");
        assert_eq!(stdout, *shown, "docs/output.md: `{}`", command.trim());
        checked += 1;
    }
    assert!(checked >= 2, "checked {checked} commands");
}

#[test]
fn the_output_guide_documents_every_format_and_every_field() {
    let guide = doc("output.md");
    for format in policy_rules_core::pack::raw::OUTPUT_FORMATS {
        assert!(guide.contains(&format!("| `{format}`")), "docs/output.md has no row for `{format}`");
    }
    let schema: serde_json::Value = serde_json::from_str(&common::run(&["schema", "findings"]).stdout).unwrap();
    let record = schema["$defs"]["Record"]["properties"].as_object().expect("a Record definition");
    for field in record.keys() {
        assert!(guide.contains(&format!("`{field}`")), "docs/output.md does not document `{field}`");
    }
    for rule in policy_rules_core::finding::INTERNAL_RULES {
        assert!(guide.contains(&format!("| `{}` |", rule.id)), "docs/output.md does not list `{}`", rule.id);
    }
}
