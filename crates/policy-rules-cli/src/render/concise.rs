//! `concise`: one line per finding, `path:line:column: severity[rule] message`, columns in characters.

use std::io::{self, Write};

use policy_rules_core::Checked;

use super::{escape_controls, position, Emitter, Format, Style};

/// The format.
pub const FORMAT: Format = Format {
    name: "concise",
    about: "one line per finding: path:line:column: severity[rule] message (columns in characters)",
    make: |_: Style| Box::new(Concise),
};

struct Concise;

impl Emitter for Concise {
    fn document(&mut self, checked: &Checked, out: &mut dyn Write) -> io::Result<()> {
        for finding in &checked.findings {
            let at = position(checked, finding);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                escape_controls(&checked.path),
                at.line,
                at.column,
                finding.severity,
                finding.rule,
                escape_controls(&finding.message)
            )?;
        }
        Ok(())
    }
}
