//! Every built-in rule passes its own tests (inline cases and fixtures) and has both kinds of case.

use policy_rules_core::{builtin, testing};

#[test]
fn builtin_rules_pass_their_tests() {
    let mut failures = Vec::new();
    for pack in builtin::all().expect("built-in packs load") {
        for outcome in testing::run_pack(&pack).expect("built-in rules compile") {
            assert!(outcome.complete(), "{} needs at least one pass and one fail case", outcome.rule);
            failures.extend(outcome.failures);
        }
    }
    let report: Vec<String> =
        failures.iter().map(|f| format!("{}: {}: {} ({})", f.rule, f.case, f.expected, f.why)).collect();
    assert!(report.is_empty(), "rule test failures:\n{}", report.join("\n"));
}

#[test]
fn every_compliant_example_satisfies_its_rule() {
    use std::sync::Arc;

    use policy_rules_core::{Document, Engine, Format, Selection};

    let packs = builtin::all().unwrap();
    let mut checked = 0;
    for pack in &packs {
        for rule in &pack.raw.rules {
            let Some(example) = &rule.example else { continue };
            let id = format!("{}/{}", pack.name(), rule.id);
            let engine =
                Engine::new(std::slice::from_ref(pack), Selection { select: vec![id.clone()], ..Selection::default() })
                    .unwrap();
            let doc =
                Arc::new(Document::parse("example.md", Format::Markdown, format!("# Privacy Policy\n\n{example}\n")));
            let findings = engine.check(&doc);
            assert!(findings.is_empty(), "the example of {id} is flagged by it: {findings:?}");
            checked += 1;
        }
    }
    assert!(checked >= 40, "{checked} examples");
}
