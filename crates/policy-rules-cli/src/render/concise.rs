//! `concise`: one line per finding, `path:line:column: severity[rule] message`.

use std::io::{self, Write};

use policy_rules_core::Checked;

use super::position;

/// Write one document's findings.
pub fn render(checked: &Checked, out: &mut dyn Write) -> io::Result<()> {
    for finding in &checked.findings {
        let at = position(checked, finding);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            checked.path,
            at.line,
            at.column,
            finding.severity,
            finding.rule,
            finding.message.replace('\n', " ")
        )?;
    }
    Ok(())
}
