//! Why a pack could not be loaded or a rule compiled: located at the file, line and column.

use std::sync::LazyLock;

use miette::{Diagnostic, NamedSource, SourceSpan};
use regex::Regex;
use thiserror::Error;

use crate::span::LineIndex;

/// Why a pack could not be loaded.
#[derive(Debug, Error, Diagnostic)]
pub enum PackError {
    /// The YAML is malformed or a rule is invalid.
    #[error("{message}")]
    #[diagnostic(code(pack::invalid))]
    Invalid {
        /// What is wrong.
        message: String,
        /// The pack file.
        #[source_code]
        source_code: NamedSource<String>,
        /// Where.
        #[label("{label}")]
        span: SourceSpan,
        /// Short label under the offending text.
        label: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },
    /// The pack could not be found or read.
    #[error("{message}")]
    #[diagnostic(code(pack::io))]
    Io {
        /// What went wrong.
        message: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },
}

static LOCATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" at line (\d+) column (\d+)").expect("location regex is valid"));

impl PackError {
    /// A located error for `file` from serde_yaml's error.
    pub fn from_yaml(error: serde_yaml::Error, file: &str, yaml: &str) -> PackError {
        let full = error.to_string();
        let text = LOCATION.replace_all(&full, "").into_owned();
        let index = LineIndex::new(yaml);
        let (mut line, mut column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
        let mut start = index.offset_of(yaml, line, column);
        // A syntax error found only at the end of the file ("unexpected end of stream, while
        // scanning a quoted scalar at …") is better shown where the unfinished construct starts.
        if yaml[start..].trim().is_empty() {
            let context = LOCATION.captures_iter(&full).last().and_then(|caps| {
                Some((caps.get(1)?.as_str().parse::<usize>().ok()?, caps.get(2)?.as_str().parse::<usize>().ok()?))
            });
            if let Some((context_line, context_column)) = context {
                (line, column) = (context_line, context_column);
                start = index.offset_of(yaml, line, column);
            }
        }
        let len = token_length(&yaml[start..]);
        let (message, help) = split_help(&text);
        PackError::Invalid {
            message: format!("{file}:{line}:{column}: {message}"),
            source_code: NamedSource::new(file, yaml.to_string()),
            span: SourceSpan::new(start.into(), len),
            label: "here".to_string(),
            line,
            column,
            help,
        }
    }

    /// A located error at a byte range of the pack file (for checks made after parsing).
    pub fn at(file: &str, yaml: &str, start: usize, len: usize, message: String, help: Option<String>) -> PackError {
        let index = LineIndex::new(yaml);
        let at = index.line_column(yaml, start);
        PackError::Invalid {
            message: format!("{file}:{}:{}: {message}", at.line, at.column),
            source_code: NamedSource::new(file, yaml.to_string()),
            span: SourceSpan::new(start.into(), len),
            label: "here".to_string(),
            line: at.line,
            column: at.column,
            help,
        }
    }
}

/// Split "problem; hint" messages into the problem and a help line.
fn split_help(text: &str) -> (String, Option<String>) {
    if let Some((message, help)) = text.split_once("; help: ") {
        return (message.to_string(), Some(help.to_string()));
    }
    match text.split_once("; ") {
        Some((message, hint)) if hint.starts_with("did you mean") => (message.to_string(), Some(hint.to_string())),
        _ => (text.to_string(), None),
    }
}

/// Length of the YAML token starting at `rest`: a quoted scalar, a key, or the rest of the line.
fn token_length(rest: &str) -> usize {
    let line = rest.split('\n').next().unwrap_or("").trim_end_matches('\r');
    if let Some(quote) = line.chars().next().filter(|c| *c == '\'' || *c == '"') {
        if let Some(end) = line[1..].find(quote) {
            return end + 2;
        }
    }
    let key_end = line.find(": ").or_else(|| line.strip_suffix(':').map(str::len));
    let len = key_end.unwrap_or(line.trim_end().len());
    len.max(1).min(rest.len())
}
