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

/// Which gated built-in packs apply to a policy with `text`, under the `auto` profile.
fn applied(text: &str) -> Vec<String> {
    use std::sync::Arc;

    use policy_rules_core::{Document, Engine, Format, Selection};

    let packs = builtin::all().unwrap();
    let engine = Engine::new(&packs, Selection::default()).unwrap().gated(true);
    let doc = Arc::new(Document::parse("p.md", Format::Markdown, format!("# Privacy Policy\n\n{text}\n")));
    engine.check_document(&doc).packs.into_iter().filter(|p| p.applied).map(|p| p.pack).collect()
}

#[test]
fn jurisdiction_packs_apply_where_the_policy_addresses_their_audience() {
    assert_eq!(applied("Contact us with questions. Tell us what you think."), Vec::<String>::new());
    assert_eq!(applied("Residents of the EU and the UK have these rights."), ["gdpr"]);
    assert_eq!(applied("Your rights under the CCPA are described below."), ["ccpa"]);
    assert_eq!(
        applied(
            "If you live in one of the US states with privacy laws, see below. US state privacy laws give you rights."
        ),
        ["ccpa"]
    );
    // The pronoun and web addresses are not the countries.
    assert_eq!(applied("Let us know at help@example.eu or visit example.co.uk/us."), Vec::<String>::new());
    // The author says the law does not bind it.
    assert_eq!(applied("The CCPA does not apply to Acme, a nonprofit."), Vec::<String>::new());
    // A conditional sale is not a statement that data is sold, and does not address Californians.
    assert_eq!(applied("Should we ever sell the company, your data would be transferred."), Vec::<String>::new());
}
