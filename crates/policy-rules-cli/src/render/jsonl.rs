//! `jsonl`: one JSON object per finding and line, written as each document finishes, so that a
//! corpus run streams; with `--document-records`, one more line per document.

use std::io::{self, Write};

use policy_rules_core::Checked;
use serde::Serialize;

use super::record::{self, DocumentRecord};
use super::{Emitter, Format, Style};

/// The format.
pub const FORMAT: Format = Format {
    name: "jsonl",
    about: "JSON Lines: one finding per line, streamed document by document",
    make: |style: Style| Box::new(JsonLines { documents: style.documents }),
};

struct JsonLines {
    documents: bool,
}

/// The line of one document (`--document-records`): what a data frame of documents needs, with no
/// join on the findings.
#[derive(Serialize)]
struct DocumentLine {
    /// Always `document`, which finding lines do not have.
    record: &'static str,
    #[serde(flatten)]
    document: DocumentRecord,
    /// Whether the document could be read and checked.
    checked: bool,
    /// The packs whose rules ran on it, of those that run only where they apply.
    packs_applied: Vec<String>,
    error: usize,
    warning: usize,
    info: usize,
    hint: usize,
}

impl Emitter for JsonLines {
    fn document(&mut self, checked: &Checked, out: &mut dyn Write) -> io::Result<()> {
        for record in record::records(checked, &checked.findings) {
            serde_json::to_writer(&mut *out, &record).map_err(io::Error::other)?;
            out.write_all(b"\n")?;
        }
        if self.documents {
            let mut counts = [0; 4];
            for finding in &checked.findings {
                counts[finding.severity as usize] += 1;
            }
            let [error, warning, info, hint] = counts;
            let line = DocumentLine {
                record: "document",
                document: DocumentRecord::of(checked),
                checked: checked.document.is_some(),
                packs_applied: checked.packs.iter().filter(|p| p.applied).map(|p| p.pack.clone()).collect(),
                error,
                warning,
                info,
                hint,
            };
            serde_json::to_writer(&mut *out, &line).map_err(io::Error::other)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}
