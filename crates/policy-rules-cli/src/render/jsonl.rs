//! `jsonl`: one JSON object per finding and line, written as each document finishes, so that a
//! corpus run streams.

use std::io::{self, Write};

use policy_rules_core::Checked;

use super::{record, Emitter, Format, Style};

/// The format.
pub const FORMAT: Format = Format {
    name: "jsonl",
    about: "JSON Lines: one finding per line, streamed document by document",
    make: |_: Style| Box::new(JsonLines),
};

struct JsonLines;

impl Emitter for JsonLines {
    fn document(&mut self, checked: &Checked, out: &mut dyn Write) -> io::Result<()> {
        for record in record::records(checked, &checked.findings) {
            serde_json::to_writer(&mut *out, &record).map_err(io::Error::other)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}
