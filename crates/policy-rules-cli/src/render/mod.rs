//! Renderers: one file per output format, each an [`Emitter`]. A new format is one new file and
//! its name in the `formats!` line below.

pub mod record;
pub mod snippet;

use std::borrow::Cow;
use std::io::{self, Write};

use policy_rules_core::RuleInfo;
use policy_rules_core::{Checked, Finding, LineColumn};

/// Writes the findings of a run in one format: `begin`, then each document in input order, then
/// `finish`.
pub trait Emitter {
    /// Before the first document.
    fn begin(&mut self, _run: &RunInfo, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// One document's findings (its suppressed findings are in `checked.suppressed`).
    fn document(&mut self, checked: &Checked, out: &mut dyn Write) -> io::Result<()>;

    /// After the last document.
    fn finish(&mut self, _run: &RunInfo, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// What emitters know of the run as a whole.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    /// Every rule that ran (pack rules, then the tool's own), each once.
    pub rules: Vec<RuleInfo>,
}

/// How the human format looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Colour the output.
    pub color: bool,
    /// Width of the terminal, in columns.
    pub width: usize,
    /// Also one record per document (`jsonl`, `--document-records`).
    pub documents: bool,
}

/// An output format: its name, what it is, and how to make its emitter.
pub struct Format {
    /// The `--format` value.
    pub name: &'static str,
    /// One line for the help.
    pub about: &'static str,
    /// A fresh emitter.
    pub make: fn(Style) -> Box<dyn Emitter>,
}

macro_rules! formats {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*
        /// Every output format, in the order `--help` lists them.
        pub const FORMATS: &[Format] = &[$($module::FORMAT),*];
    };
}

formats!(human, concise, vimgrep, json, jsonl, spreadsheet, sarif, github, gitlab, junit);

pub use spreadsheet::io_error as csv_error;

/// The names of the formats.
pub fn names() -> Vec<&'static str> {
    FORMATS.iter().map(|f| f.name).collect()
}

/// The format called `name`.
pub fn format(name: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|f| f.name == name)
}

/// Where a finding is reported: its span's start, the title line for a document-level finding,
/// or 1:1 when the document could not be read.
pub fn position(checked: &Checked, finding: &Finding) -> LineColumn {
    match &checked.document {
        Some(doc) => doc.line_column(finding.span.unwrap_or_else(|| doc.title_span()).start),
        None => LineColumn { line: 1, column: 1 },
    }
}

/// Text for a one-line format: control characters (a newline in a file name, an escape in a
/// script's message) shown as escapes, so that no text can forge a line or a terminal command.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_one_the_configuration_accepts() {
        assert_eq!(names(), policy_rules_core::pack::raw::OUTPUT_FORMATS);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("a\nb\u{1b}[31mc"), "a\\nb\\u{1b}[31mc");
        assert!(matches!(escape_controls("plain “text”"), Cow::Borrowed(_)));
    }
}
