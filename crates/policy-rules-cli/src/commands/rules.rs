//! `policy-rules rules`: list the loaded rules.

use serde::Serialize;

use crate::args::{ListFormat, RulesArgs};
use crate::{Io, EXIT_CLEAN, EXIT_USAGE};

/// One row of the listing.
#[derive(Serialize)]
struct Row {
    id: String,
    severity: String,
    kind: &'static str,
    reference: Option<String>,
    message: String,
}

/// Run `rules`.
pub fn run(args: &RulesArgs, io: &mut Io<'_>) -> i32 {
    let Some(project) = crate::load_or_report(&args.packs, io) else {
        return EXIT_USAGE;
    };
    let (config, packs) = (&project.config, &project.packs);
    let rows: Vec<Row> = packs
        .iter()
        .flat_map(|pack| {
            pack.raw.rules.iter().map(move |rule| {
                let id = format!("{}/{}", pack.name(), rule.id);
                let overridden = config.raw.rules.iter().find(|(r, _)| *r == id).map(|(_, level)| *level);
                let severity = match overridden {
                    Some(None) => "off".to_string(),
                    Some(Some(level)) => level.to_string(),
                    None => rule.severity.to_string(),
                };
                Row {
                    id,
                    severity,
                    kind: rule.kind.name(),
                    reference: rule.reference.clone(),
                    message: rule.message.clone(),
                }
            })
        })
        .collect();
    let text = match args.format {
        ListFormat::Json => serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n",
        ListFormat::Table => table(&rows),
    };
    if io.stdout.write_all(text.as_bytes()).is_err() {
        return EXIT_USAGE;
    }
    EXIT_CLEAN
}

fn table(rows: &[Row]) -> String {
    let header = ["RULE", "SEVERITY", "KIND", "REFERENCE", "MESSAGE"];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                r.severity.clone(),
                r.kind.to_string(),
                r.reference.clone().unwrap_or_default(),
                r.message.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |row: [&str; 5]| {
        let mut text = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i == 4 {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        text.trim_end().to_string() + "\n"
    };
    let mut out = line(header);
    for row in &cells {
        out.push_str(&line([&row[0], &row[1], &row[2], &row[3], &row[4]]));
    }
    out
}
