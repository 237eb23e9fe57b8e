//! `json`: one object, `{"version": 1, "findings": [...], "documents": [...]}`, written when the run
//! ends.

use std::io::{self, Write};

use policy_rules_core::Checked;

use super::record::{self, DocumentRecord, Findings, Record};
use super::{Emitter, Format, RunInfo, Style};

/// The format.
pub const FORMAT: Format = Format {
    name: "json",
    about: "one JSON object with every finding (schema: `policy-rules schema findings`)",
    make: |_: Style| Box::new(Json::default()),
};

#[derive(Default)]
struct Json {
    findings: Vec<Record>,
    documents: Vec<DocumentRecord>,
}

impl Emitter for Json {
    fn document(&mut self, checked: &Checked, _out: &mut dyn Write) -> io::Result<()> {
        self.findings.extend(record::records(checked, &checked.findings));
        self.documents.push(DocumentRecord::of(checked));
        Ok(())
    }

    fn finish(&mut self, _run: &RunInfo, out: &mut dyn Write) -> io::Result<()> {
        let all = Findings {
            version: 1,
            findings: std::mem::take(&mut self.findings),
            documents: std::mem::take(&mut self.documents),
        };
        serde_json::to_writer_pretty(&mut *out, &all).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }
}
