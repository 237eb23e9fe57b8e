//! Scores the built-in rules against the labels of tests/eval/ and prints precision, recall and F1
//! per rule on each half. Usage: eval [--half tune|test] [--show RULE] [--corpus DIR].
//! `--show RULE` lists the rule's errors, on the `tune` half only: tuning never looks at `test`.
//! `--rules DIR` reads the packs from DIR (e.g. `rules`) instead of the built-in ones, so that edits
//! to a pack are scored without a rebuild.

use std::path::{Path, PathBuf};

use policy_rules_core::document::Date;
use policy_rules_tests::eval::{score, table, EvalSet};

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut args = std::env::args().skip(1);
    let mut halves = vec!["tune".to_string(), "test".to_string()];
    let mut show: Option<String> = None;
    let mut corpus = repo.join("../shared/corpus");
    let mut rules: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--half" => halves = vec![args.next().unwrap_or_default()],
            "--show" => show = args.next(),
            "--corpus" => corpus = PathBuf::from(args.next().unwrap_or_default()),
            "--rules" => rules = args.next().map(PathBuf::from),
            other => {
                eprintln!(
                    "error: unknown argument `{other}`; usage: eval [--half tune|test] [--show RULE] [--corpus DIR] [--rules DIR]"
                );
                std::process::exit(2);
            }
        }
    }
    if !corpus.is_dir() {
        eprintln!("SKIPPED: no corpus at {}; the evaluation needs ../shared/corpus", corpus.display());
        return;
    }
    let set = EvalSet::load(&repo.join("tests/eval"));
    // A fixed reference day, so that the scores do not move with the calendar.
    let today = Date::new(2026, 11, 30).expect("a valid date");
    if let Some(rule) = show {
        let (_, errors, _) = score(&set, &corpus, "tune", today, rules.as_deref());
        for (_, judged) in errors.iter().filter(|(r, _)| *r == rule) {
            println!("{} {}: {}", judged.what, judged.doc, judged.detail);
        }
        return;
    }
    for half in halves {
        let (counts, _, rated) = score(&set, &corpus, &half, today, rules.as_deref());
        let documents = set.documents.iter().filter(|d| d.half == half).count();
        println!("## `{half}` half ({documents} documents)\n");
        println!("{}", table(&counts, &rated));
    }
}
