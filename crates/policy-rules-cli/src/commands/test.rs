//! `policy-rules test`: run the packs' inline tests and fixture documents.

use std::path::Path;

use policy_rules_core::testing::{self, RuleOutcome};
use policy_rules_core::{Pack, PackError, Project};
use serde::Serialize;

use crate::args::{ExplainFormat, TestArgs};
use crate::{report_error, Io, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE};

/// The packs to test: folders, names of packs the project loads (`gdpr`, `builtin:gdpr`, a
/// custom pack's name), or every pack the project loads.
fn packs(names: &[String], project: Project) -> Result<Vec<Pack>, PackError> {
    if names.is_empty() {
        return Ok(project.packs);
    }
    names
        .iter()
        .map(|name| {
            let path = Path::new(name);
            if path.join("pack.yaml").is_file() || path.join("pack.yml").is_file() {
                return Pack::from_dir(path);
            }
            let pack_name = name.strip_prefix("builtin:").unwrap_or(name);
            if let Some(pack) = project.packs.iter().find(|p| p.name() == pack_name) {
                return Ok(pack.clone());
            }
            if let Some(builtin) = policy_rules_core::builtin::pack(pack_name) {
                return builtin;
            }
            let loaded: Vec<&str> = project.packs.iter().map(Pack::name).collect();
            Err(PackError::Io {
                message: format!("`{name}` is neither a pack folder nor the name of a loaded or built-in pack"),
                help: Some(format!("loaded packs: {}", loaded.join(", "))),
            })
        })
        .collect()
}

/// `test --format json`: every pack's outcomes and the totals.
#[derive(Serialize)]
struct Report {
    packs: Vec<PackReport>,
    passed: usize,
    failed: usize,
}

#[derive(Serialize)]
struct PackReport {
    pack: String,
    rules: Vec<RuleOutcome>,
}

/// Run `test`.
pub fn run(args: &TestArgs, io: &mut Io<'_>) -> i32 {
    let Some(project) = crate::load_or_report(&args.packs, io) else {
        return EXIT_USAGE;
    };
    let packs = match packs(&args.names, project) {
        Ok(packs) => packs,
        Err(error) => {
            report_error(io, &error);
            return EXIT_USAGE;
        }
    };
    let mut report = Report { packs: Vec::new(), passed: 0, failed: 0 };
    for pack in &packs {
        let outcomes = match testing::run_pack(pack) {
            Ok(outcomes) => outcomes,
            Err(error) => {
                report_error(io, &error);
                return EXIT_USAGE;
            }
        };
        for outcome in &outcomes {
            report.passed += outcome.passed;
            report.failed += outcome.failures.len();
        }
        report.packs.push(PackReport { pack: pack.name().to_string(), rules: outcomes });
    }
    let text = match args.format {
        ExplainFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        ExplainFormat::Text => text(&report),
    };
    if io.stdout.write_all(text.as_bytes()).is_err() {
        return EXIT_USAGE;
    }
    if report.failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn text(report: &Report) -> String {
    let mut out = String::new();
    for pack in &report.packs {
        out.push_str(&format!("pack {}\n", pack.pack));
        for outcome in &pack.rules {
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
    out.push_str(&format!("{} passed, {} failed\n", report.passed, report.failed));
    out
}
