//! `vimgrep`: one line per finding, `path:line:column: severity[rule] message`, with the column
//! in bytes, as Vim's quickfix `%c` and ripgrep's `--vimgrep` count it.

use std::io::{self, Write};

use policy_rules_core::Checked;

use super::{escape_controls, record, Emitter, Format, Style};

/// The format.
pub const FORMAT: Format = Format {
    name: "vimgrep",
    about: "one line per finding with byte columns, for Vim's quickfix (errorformat %f:%l:%c: %m)",
    make: |_: Style| Box::new(Vimgrep),
};

struct Vimgrep;

impl Emitter for Vimgrep {
    fn document(&mut self, checked: &Checked, out: &mut dyn Write) -> io::Result<()> {
        for finding in &checked.findings {
            let (line, column) = match (&checked.document, record::shown_span(checked, finding)) {
                (Some(doc), Some(span)) => {
                    let line = doc.line_index().line_of(span.start);
                    (line + 1, span.start - doc.line_index().line_start(line) + 1)
                }
                _ => (1, 1),
            };
            writeln!(
                out,
                "{}:{line}:{column}: {}[{}] {}",
                escape_controls(&checked.path),
                finding.severity,
                finding.rule,
                escape_controls(&finding.message)
            )?;
        }
        Ok(())
    }
}
