//! Every built-in rule passes its own inline tests and has both kinds of case.

use policy_rules_core::{builtin, testing};

#[test]
fn builtin_rules_pass_their_inline_tests() {
    let mut failures = Vec::new();
    for pack in builtin::all().expect("built-in packs load") {
        for outcome in testing::run_inline(&pack).expect("built-in rules compile") {
            assert!(outcome.complete, "{} needs at least one pass and one fail case", outcome.rule);
            failures.extend(outcome.failures);
        }
    }
    let report: Vec<String> = failures.iter().map(|f| format!("{}: {:?}: {}", f.rule, f.text, f.reason)).collect();
    assert!(report.is_empty(), "inline test failures:\n{}", report.join("\n"));
}
