//! Runs every built-in rule over a corpus and writes docs/packs/coverage.md.
//! Usage: corpus-report [CORPUS] (default: ../shared/corpus beside the repository).

use std::path::{Path, PathBuf};

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| repo.join("../shared/corpus"));
    if !corpus.is_dir() {
        eprintln!("error: no corpus at {}", corpus.display());
        std::process::exit(2);
    }
    let report = policy_rules_tests::coverage_report(&corpus);
    let target = repo.join("docs/packs/coverage.md");
    std::fs::write(&target, report).expect("write coverage.md");
    println!("wrote {}", target.display());
}
