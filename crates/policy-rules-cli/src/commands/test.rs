//! `policy-rules test`: run the packs' inline tests and fixture documents.

use std::path::Path;

use policy_rules_core::{builtin, testing, Pack, PackError};

use crate::args::TestArgs;
use crate::{report_error, Io, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE};

/// The packs to test: folders, built-in names (`gdpr` or `builtin:gdpr`), or every built-in pack.
fn packs(names: &[String]) -> Result<Vec<Pack>, PackError> {
    if names.is_empty() {
        return builtin::all();
    }
    names
        .iter()
        .map(|name| {
            let path = Path::new(name);
            if path.is_dir() {
                return Pack::from_dir(path);
            }
            let builtin_name = name.strip_prefix("builtin:").unwrap_or(name);
            builtin::pack(builtin_name).unwrap_or_else(|| {
                Err(PackError::Io {
                    message: format!("`{name}` is neither a pack folder nor a built-in pack"),
                    help: Some(format!(
                        "built-in packs: {}",
                        builtin::PACKS.iter().map(|b| b.name).collect::<Vec<_>>().join(", ")
                    )),
                })
            })
        })
        .collect()
}

/// Run `test`.
pub fn run(args: &TestArgs, io: &mut Io<'_>) -> i32 {
    let packs = match packs(&args.packs) {
        Ok(packs) => packs,
        Err(error) => {
            report_error(io, &error);
            return EXIT_USAGE;
        }
    };
    let mut passed = 0;
    let mut failed = 0;
    let mut out = String::new();
    for pack in &packs {
        let outcomes = match testing::run_pack(pack) {
            Ok(outcomes) => outcomes,
            Err(error) => {
                report_error(io, &error);
                return EXIT_USAGE;
            }
        };
        out.push_str(&format!("pack {}\n", pack.name()));
        for outcome in outcomes {
            passed += outcome.passed;
            failed += outcome.failures.len();
            if outcome.failures.is_empty() {
                out.push_str(&format!("  PASS {} ({} cases)\n", outcome.rule, outcome.passed));
            } else {
                out.push_str(&format!(
                    "  FAIL {} ({} passed, {} failed)\n",
                    outcome.rule,
                    outcome.passed,
                    outcome.failures.len()
                ));
            }
            for failure in &outcome.failures {
                out.push_str(&format!("    {}\n", failure.case));
                out.push_str(&format!("      expected: {}\n", failure.expected));
                if failure.actual.is_empty() {
                    out.push_str("      actual:   no finding\n");
                }
                for (n, actual) in failure.actual.iter().enumerate() {
                    let label = if n == 0 { "actual:  " } else { "         " };
                    out.push_str(&format!("      {label} {actual}\n"));
                }
                out.push_str(&format!("      why:      {}\n", failure.why));
            }
            if !outcome.has_pass {
                out.push_str(&format!("  warning: {} has no `pass` case\n", outcome.rule));
            }
            if !outcome.has_fail {
                out.push_str(&format!("  warning: {} has no `fail` case\n", outcome.rule));
            }
        }
    }
    out.push_str(&format!("{passed} passed, {failed} failed\n"));
    if io.stdout.write_all(out.as_bytes()).is_err() {
        return EXIT_USAGE;
    }
    if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
