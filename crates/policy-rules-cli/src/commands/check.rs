//! `policy-rules check`: check documents and render the findings.

use std::collections::BTreeMap;
use std::time::Instant;

use policy_rules_core::{Input, Selection, Severity};

use crate::args::{CheckArgs, OutputFormat};
use crate::{render, report_error, walk, Io, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE};

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Run `check`.
pub fn run(args: &CheckArgs, io: &mut Io<'_>) -> i32 {
    let started = Instant::now();
    let Some((config, packs)) = crate::load_or_report(&args.packs, io) else {
        return EXIT_USAGE;
    };
    let known: Vec<String> = packs
        .iter()
        .flat_map(|p| {
            std::iter::once(p.name().to_string()).chain(p.raw.rules.iter().map(|r| format!("{}/{}", p.name(), r.id)))
        })
        .collect();
    for name in args.select.iter().chain(&args.ignore) {
        let internal = ["io", "script"].iter().any(|p| name == p || name.starts_with(&format!("{p}/")));
        if !known.contains(name) && !internal {
            let _ = writeln!(io.stderr, "error: `{name}` is neither a loaded rule id nor a pack name");
            return EXIT_USAGE;
        }
    }
    let selection = Selection { select: args.select.clone(), ignore: args.ignore.clone(), ..Selection::default() };
    let engine = match crate::engine(&config, &packs, selection) {
        Ok(engine) => engine,
        Err(error) => {
            report_error(io, &error);
            return EXIT_USAGE;
        }
    };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build() {
        Ok(pool) if args.jobs != Some(0) => pool,
        _ => {
            let _ = writeln!(io.stderr, "error: --jobs must be a positive number of threads");
            return EXIT_USAGE;
        }
    };
    let paths = walk::expand(&args.paths);
    let threshold: Severity = args.fail_on.into();
    let human = render::human::Human::new(io.color);
    let mut counts = [0usize; 4];
    let mut documents = 0;
    let mut failed = false;
    let mut write_error = None;
    // rule -> (severity, documents flagged, findings)
    let mut statistics: BTreeMap<String, (Severity, usize, usize)> = BTreeMap::new();
    let stdout = &mut *io.stdout;
    engine.check_all(&pool, paths.into_iter().map(Input::Path), |checked| {
        documents += 1;
        let mut flagged: Vec<&str> = Vec::new();
        for finding in &checked.findings {
            counts[finding.severity as usize] += 1;
            failed |= finding.severity.at_least(threshold);
            let entry = statistics.entry(finding.rule.clone()).or_insert((finding.severity, 0, 0));
            entry.2 += 1;
            if !flagged.contains(&finding.rule.as_str()) {
                flagged.push(&finding.rule);
                entry.1 += 1;
            }
        }
        if args.statistics {
            return;
        }
        let written = match args.format {
            OutputFormat::Human => human.render(&checked, stdout),
            OutputFormat::Concise => render::concise::render(&checked, stdout),
        };
        if let Err(error) = written {
            write_error.get_or_insert(error);
        }
    });
    if let Some(error) = write_error {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(io.stderr, "error: cannot write output: {error}");
        }
        return EXIT_USAGE;
    }
    if args.statistics {
        let mut table = format!("{:<40} {:<8} {:>10} {:>9}\n", "RULE", "SEVERITY", "DOCUMENTS", "FINDINGS");
        for (rule, (severity, docs, findings)) in &statistics {
            table.push_str(&format!("{rule:<40} {:<8} {docs:>10} {findings:>9}\n", severity.as_str()));
        }
        if io.stdout.write_all(table.as_bytes()).is_err() {
            return EXIT_USAGE;
        }
    }
    if args.timings {
        let _ = writeln!(io.stderr, "time per rule, summed over documents and threads:");
        for (rule, spent) in engine.timings() {
            let _ = writeln!(io.stderr, "{:>10.3}s  {rule}", spent.as_secs_f64());
        }
    }
    if !args.quiet {
        let [errors, warnings, infos, hints] = counts;
        let _ = writeln!(
            io.stderr,
            "Checked {} in {:.2}s: {}, {}, {} info, {}.",
            plural(documents, "document", "documents"),
            started.elapsed().as_secs_f64(),
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
            infos,
            plural(hints, "hint", "hints"),
        );
    }
    if failed {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
