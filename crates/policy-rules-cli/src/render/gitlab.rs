//! `gitlab`: a GitLab Code Quality report, which merge requests show as code quality findings.

use std::io::{self, Write};

use policy_rules_core::{Checked, Severity};
use serde::Serialize;

use super::{record, Emitter, Format, RunInfo, Style};

/// The format.
pub const FORMAT: Format = Format {
    name: "gitlab",
    about: "GitLab Code Quality report (JSON)",
    make: |_: Style| Box::new(Gitlab::default()),
};

#[derive(Serialize)]
struct Issue {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    positions: Positions,
}

#[derive(Serialize)]
struct Positions {
    begin: LineColumn,
    end: LineColumn,
}

#[derive(Serialize)]
struct LineColumn {
    line: usize,
    column: usize,
}

#[derive(Default)]
struct Gitlab {
    issues: Vec<Issue>,
}

impl Emitter for Gitlab {
    fn document(&mut self, checked: &Checked, _out: &mut dyn Write) -> io::Result<()> {
        for record in record::records(checked, &checked.findings) {
            self.issues.push(Issue {
                kind: "issue",
                description: format!("{}: {}", record.rule, record.message),
                check_name: record.rule,
                // Unique in the report: the finding's fingerprint in its document, and the document.
                fingerprint: record::hash(&[&record.path, &record.fingerprint]),
                severity: match record.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info | Severity::Hint => "info",
                },
                location: Location {
                    path: record.path,
                    positions: Positions {
                        begin: LineColumn { line: record.start.line, column: record.start.column },
                        end: LineColumn { line: record.end.line, column: record.end.column },
                    },
                },
            });
        }
        Ok(())
    }

    fn finish(&mut self, _run: &RunInfo, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.issues).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }
}
