//! Reading inputs into documents: decoding, and reporting files that cannot be checked.

use std::path::PathBuf;

use crate::document::{Document, Format};
use crate::finding::{Finding, Severity};

/// Documents larger than this are reported and skipped.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Something to check.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file, its format from its extension.
    Path(PathBuf),
    /// Text already in memory (stdin, a JSON Lines record).
    Text {
        /// Id or path shown in findings.
        id: String,
        /// Its format.
        format: Format,
        /// Its bytes.
        bytes: Vec<u8>,
    },
}

/// A loaded input: the document if it can be checked, and findings about the input itself.
#[derive(Debug)]
pub struct Loaded {
    /// Path or id.
    pub path: String,
    /// The document, unless it was skipped.
    pub document: Option<Document>,
    /// Findings about reading it (`io/…`).
    pub findings: Vec<Finding>,
}

fn io_finding(rule: &str, severity: Severity, message: String, help: &str) -> Finding {
    let mut finding = Finding::new(rule, severity, message, None);
    finding.help = Some(help.to_string());
    finding
}

/// Read an input's bytes, or say why it cannot be read.
pub fn read(input: Input) -> Result<(String, Format, Vec<u8>), Loaded> {
    let (path, format, bytes) = match input {
        Input::Path(path) => {
            let shown = path.display().to_string();
            let format = Format::from_path(&path);
            match std::fs::read(&path) {
                Ok(bytes) => (shown, format, bytes),
                Err(error) => {
                    let finding = io_finding(
                        "io/unreadable",
                        Severity::Error,
                        format!("cannot read `{shown}`: {error}"),
                        "check the path and its permissions",
                    );
                    return Err(Loaded { path: shown, document: None, findings: vec![finding] });
                }
            }
        }
        Input::Text { id, format, bytes } => (id, format, bytes),
    };
    Ok((path, format, bytes))
}

/// Decode bytes into a document, reporting binary, empty, huge or invalid UTF-8 input.
pub fn decode(path: String, format: Format, bytes: Vec<u8>) -> Loaded {
    let skipped = |rule: &str, severity: Severity, message: String, help: &str| Loaded {
        path: path.clone(),
        document: None,
        findings: vec![io_finding(rule, severity, message, help)],
    };
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return skipped(
            "io/too-large",
            Severity::Warning,
            format!(
                "skipped: {} bytes is more than the {} MiB a document may have",
                bytes.len(),
                MAX_DOCUMENT_BYTES >> 20
            ),
            "split the document, or check that this file is a policy",
        );
    }
    if bytes.contains(&0) {
        return skipped(
            "io/binary-document",
            Severity::Info,
            "skipped: the file contains NUL bytes, so it is binary, not a policy text".into(),
            "only Markdown, HTML and plain text are checked",
        );
    }
    let mut findings = Vec::new();
    let source = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            findings.push(io_finding(
                "io/invalid-utf8",
                Severity::Warning,
                format!("the file is not valid UTF-8 (first bad byte at offset {at}); it was decoded with replacement characters"),
                "save the file as UTF-8",
            ));
            String::from_utf8_lossy(error.as_bytes()).into_owned()
        }
    };
    if source.trim().is_empty() {
        findings.push(io_finding(
            "io/empty-document",
            Severity::Warning,
            "the document is empty".into(),
            "check that the file holds the policy text",
        ));
        return Loaded { path, document: None, findings };
    }
    let document = Document::parse(path.clone(), format, source);
    Loaded { path, document: Some(document), findings }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(loaded: &Loaded) -> Vec<&str> {
        loaded.findings.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn huge_binary_empty_and_latin1_documents_are_reported() {
        let huge = decode("huge.txt".into(), Format::Text, vec![b'a'; MAX_DOCUMENT_BYTES + 1]);
        assert_eq!(rules(&huge), vec!["io/too-large"]);
        assert!(huge.document.is_none());
        let binary = decode("x.txt".into(), Format::Text, b"ab\0cd".to_vec());
        assert_eq!(rules(&binary), vec!["io/binary-document"]);
        let empty = decode("x.md".into(), Format::Markdown, b"\n \n".to_vec());
        assert_eq!(rules(&empty), vec!["io/empty-document"]);
        let latin1 = decode("x.txt".into(), Format::Text, b"Caf\xe9 policy".to_vec());
        assert_eq!(rules(&latin1), vec!["io/invalid-utf8"]);
        assert_eq!(latin1.document.map(|d| d.text), Some("Caf\u{fffd} policy\n".to_string()));
    }
}
