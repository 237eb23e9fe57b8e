//! `github`: GitHub Actions workflow commands, which GitHub shows as annotations on the pull
//! request: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::io::{self, Write};

use policy_rules_core::{Checked, Severity};

use super::{record, Emitter, Format, Style};

/// The format.
pub const FORMAT: Format = Format {
    name: "github",
    about: "GitHub Actions annotations (workflow commands)",
    make: |_: Style| Box::new(Github),
};

struct Github;

/// A command's message: `%`, CR and LF escaped as GitHub's runner expects.
fn escape_data(text: &str) -> String {
    let escaped = text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    // Any other control character (an escape sequence in a file name) is shown, not obeyed.
    super::escape_controls(&escaped).into_owned()
}

/// A property value: as a message, and `:` and `,` too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Emitter for Github {
    fn document(&mut self, checked: &Checked, out: &mut dyn Write) -> io::Result<()> {
        for record in record::records(checked, &checked.findings) {
            let command = match record.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let mut message = record.message.clone();
            if let Some(help) = &record.help {
                message.push_str("\n\n");
                message.push_str(help.trim());
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&record.path),
                record.start.line,
                record.start.column,
                record.end.line,
                record.end.column,
                escape_property(&format!("policy-rules {}", record.rule)),
                escape_data(&message)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_are_escaped() {
        assert_eq!(escape_data("50% off\r\nnext"), "50%25 off%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
