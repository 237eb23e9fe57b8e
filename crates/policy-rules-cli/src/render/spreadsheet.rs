//! `csv`: one row per finding under a header row, streamed document by document, for spreadsheets
//! and data frames.

use std::io::{self, Write};

use policy_rules_core::Checked;
use serde::Serialize;

use super::{record, Emitter, Format, RunInfo, Style};

/// The format.
pub const FORMAT: Format = Format {
    name: "csv",
    about: "CSV: one finding per row (path, date, rule, severity, position, message, …)",
    make: |_: Style| Box::new(Csv),
};

struct Csv;

/// One row.
#[derive(Serialize)]
struct Row<'a> {
    path: &'a str,
    date: Option<&'a str>,
    rule: &'a str,
    pack: &'a str,
    severity: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    document_level: bool,
    message: &'a str,
    text: &'a str,
    fingerprint: &'a str,
}

impl Emitter for Csv {
    fn begin(&mut self, _run: &RunInfo, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"path,date,rule,pack,severity,line,column,end_line,end_column,document_level,message,text,fingerprint\n")
    }

    fn document(&mut self, checked: &Checked, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(out);
        for r in record::records(checked, &checked.findings) {
            let row = Row {
                path: &r.path,
                date: r.date.as_deref(),
                rule: &r.rule,
                pack: &r.pack,
                severity: r.severity.as_str(),
                line: r.start.line,
                column: r.start.column,
                end_line: r.end.line,
                end_column: r.end.column,
                document_level: r.document_level,
                message: &r.message,
                text: &r.text,
                fingerprint: &r.fingerprint,
            };
            writer.serialize(row).map_err(io_error)?;
        }
        writer.flush()
    }
}

/// A CSV error as the I/O error it wraps (so that a closed pipe is recognised), else as "other".
pub fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}
