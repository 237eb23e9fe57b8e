//! docs/accuracy.md publishes the scores of the built-in rules on the `test` half of tests/eval/;
//! this keeps the published table equal to what the rules score now. Skips itself, loudly, when
//! `../shared/corpus` is absent. `UPDATE_ACCURACY=1` rewrites the table after an intended change.

mod common;

use policy_rules_core::document::Date;
use policy_rules_tests::eval::{score, table, EvalSet};

const START: &str = "<!-- accuracy-table -->\n";
const END: &str = "<!-- /accuracy-table -->";

#[test]
fn the_published_accuracy_table_is_what_the_rules_score() {
    let Some(corpus) = common::corpus() else {
        eprintln!("SKIPPED: ../shared/corpus is absent; docs/accuracy.md was not checked");
        return;
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let set = EvalSet::load(&root.join("eval"));
    let today = Date::new(2026, 11, 30).unwrap();
    let (counts, _, rated) = score(&set, &corpus, "test", today, None);
    let documents = set.documents.iter().filter(|d| d.half == "test").count();
    let measured = format!("{documents} documents.\n\n{}", table(&counts, &rated));
    let path = root.join("../docs/accuracy.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let (before, rest) = page.split_once(START).expect("docs/accuracy.md has the table markers");
    let (published, after) = rest.split_once(END).expect("docs/accuracy.md has the end marker");
    if std::env::var_os("UPDATE_ACCURACY").is_some() {
        std::fs::write(&path, format!("{before}{START}{measured}{END}{after}")).unwrap();
        return;
    }
    assert_eq!(published, measured, "the scores changed; if on purpose, rerun with UPDATE_ACCURACY=1");
}
