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
