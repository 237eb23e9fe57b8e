//! `policy-rules diff --history`: over a corpus of dated versions, each rule's first and last
//! appearance per policy, as a table, JSON, JSON Lines or CSV.

use std::io::Write;

use super::diff::{gather, Appearance};
use crate::args::DiffArgs;
use crate::{Io, EXIT_CLEAN, EXIT_USAGE};

/// The formats `--history` prints.
const FORMATS: &[&str] = &["human", "json", "jsonl", "csv"];

/// Run `diff --history`.
pub fn run(args: &DiffArgs, io: &mut Io<'_>) -> i32 {
    let format = args.format.clone().unwrap_or_else(|| "human".into());
    if !FORMATS.contains(&format.as_str()) {
        let _ = writeln!(io.stderr, "error: --history prints {}, not {format}", FORMATS.join(", "));
        return EXIT_USAGE;
    }
    if args.paths.is_empty() {
        let _ = writeln!(io.stderr, "error: --history needs the versions: a corpus, folders or files");
        return EXIT_USAGE;
    }
    let history = match gather(args, io) {
        Ok(history) => history,
        Err(code) => return code,
    };
    let rows = history.appearances();
    let written = write(&mut *io.stdout, &format, &rows).and_then(|()| io.stdout.flush());
    if let Err(error) = written {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(io.stderr, "error: cannot write output: {error}");
            return EXIT_USAGE;
        }
    }
    if !args.quiet {
        let _ =
            writeln!(io.stderr, "{} policies, {} rules that flagged a version of one.", history.policies(), rows.len());
    }
    EXIT_CLEAN
}

fn write(out: &mut dyn Write, format: &str, rows: &[Appearance]) -> std::io::Result<()> {
    match format {
        "json" => {
            serde_json::to_writer_pretty(&mut *out, rows).map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        }
        "jsonl" => {
            for row in rows {
                serde_json::to_writer(&mut *out, row).map_err(std::io::Error::other)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        "csv" => {
            let mut csv = csv::Writer::from_writer(out);
            for row in rows {
                csv.serialize(row).map_err(crate::render::csv_error)?;
            }
            csv.flush()
        }
        _ => {
            let width = rows.iter().map(|r| r.policy.chars().count()).max().unwrap_or(6).clamp(6, 48);
            writeln!(out, "{:<width$} {:<36} {:<10} {:<10} {:>8} NOW", "POLICY", "RULE", "FIRST", "LAST", "VERSIONS")?;
            for row in rows {
                let policy = crate::render::escape_controls(&row.policy);
                let flagged = format!("{}/{}", row.versions_flagged, row.versions);
                let now = if row.in_latest { "yes" } else { "no" };
                writeln!(
                    out,
                    "{policy:<width$} {:<36} {:<10} {:<10} {flagged:>8} {now}",
                    row.rule, row.first, row.last
                )?;
            }
            Ok(())
        }
    }
}
