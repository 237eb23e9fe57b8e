//! Reading inputs into documents: decoding, and reporting files that cannot be checked.

use std::path::PathBuf;

use crate::document::{Date, Document, Format};
use crate::finding::{Finding, Severity};

/// Documents larger than this are reported and skipped.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Something to check.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file, its format from its extension.
    Path(PathBuf),
    /// A path that could not be listed or opened while the inputs were gathered, and why.
    Unreadable {
        /// The path as shown.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// Text already in memory (standard input).
    Text {
        /// Id or path shown in findings.
        id: String,
        /// Its format.
        format: Format,
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// A record of a JSON Lines corpus.
    Record {
        /// The record's id, shown as its path in findings.
        id: String,
        /// Its format.
        format: Format,
        /// The document's text.
        text: String,
        /// The snapshot's date, which a policy's age is measured against.
        date: Option<Date>,
    },
    /// A line of a corpus that is not a record (not JSON, no text, a field of the wrong type).
    BadRecord {
        /// The corpus as shown.
        path: String,
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

impl Input {
    /// The id a document is shown and sharded by: its path, its record id, or for a bad record
    /// `corpus:line`.
    pub fn id(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Input::Path(path) => path.to_string_lossy(),
            Input::Unreadable { path, .. } => path.into(),
            Input::Text { id, .. } | Input::Record { id, .. } => id.into(),
            Input::BadRecord { path, line, .. } => format!("{path}:{line}").into(),
        }
    }
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

/// Why a path cannot be checked, as an `io/unreadable` or `io/not-a-file` result.
fn unreadable(shown: String, rule: &str, message: String, help: &str) -> Loaded {
    let severity = if rule == "io/unreadable" { Severity::Error } else { Severity::Warning };
    Loaded { path: shown, document: None, findings: vec![io_finding(rule, severity, message, help)] }
}

/// What kind of file-system object a non-regular file is, for messages.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        return "a folder";
    }
    "not a regular file"
}

/// Read a file: its metadata first (following a symlink), so that pipes, sockets and devices are
/// never opened for a blocking read and oversized files are never read; then at most
/// [`MAX_DOCUMENT_BYTES`] + 1 bytes, in case the file grew.
fn read_file(path: &std::path::Path, shown: &str) -> Result<Vec<u8>, Loaded> {
    use std::io::Read;
    let cannot = |error: std::io::Error| {
        unreadable(
            shown.to_string(),
            "io/unreadable",
            format!("cannot read `{shown}`: {error}"),
            "check the path and its permissions",
        )
    };
    let metadata = std::fs::metadata(path).map_err(cannot)?;
    if !metadata.is_file() {
        let what = kind_of(metadata.file_type());
        return Err(unreadable(
            shown.to_string(),
            "io/not-a-file",
            format!("skipped: `{shown}` is {what}, not a file"),
            "name a policy file or a folder of policies",
        ));
    }
    if metadata.len() > MAX_DOCUMENT_BYTES as u64 {
        return Err(too_large(shown.to_string(), metadata.len()));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_DOCUMENT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(cannot)?;
    Ok(bytes)
}

fn too_large(path: String, len: u64) -> Loaded {
    let message = format!("skipped: {len} bytes is more than the {} MiB a document may have", MAX_DOCUMENT_BYTES >> 20);
    unreadable(path, "io/too-large", message, "split the document, or check that this file is a policy")
}

/// How to mend a bad corpus record.
const BAD_RECORD_HELP: &str = "each line must be a JSON object with a string id and text (other names via --id-field and --text-field), and optionally format (markdown, html or text) and date (YYYY-MM-DD)";

/// Read an input's bytes, or say why it cannot be read.
pub(crate) fn read(input: Input) -> Result<(String, Format, Vec<u8>), Loaded> {
    match input {
        Input::Path(path) => {
            let shown = path.display().to_string();
            let format = Format::from_path(&path);
            let bytes = read_file(&path, &shown)?;
            Ok((shown, format, bytes))
        }
        Input::Unreadable { path, reason } => Err(unreadable(
            path.clone(),
            "io/unreadable",
            format!("cannot read `{path}`: {reason}"),
            "check the path and its permissions",
        )),
        Input::Text { id, format, bytes } => Ok((id, format, bytes)),
        Input::Record { id, format, text, .. } => Ok((id, format, text.into_bytes())),
        Input::BadRecord { path, line, reason } => {
            let finding =
                io_finding("io/bad-record", Severity::Error, format!("line {line} skipped: {reason}"), BAD_RECORD_HELP);
            Err(Loaded { path, document: None, findings: vec![finding] })
        }
    }
}

/// The text of a UTF-16 file with a byte order mark (little- or big-endian), the mark kept as
/// U+FEFF; `None` when the bytes do not start with one.
fn utf16_to_utf8(bytes: &[u8]) -> Option<String> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    Some(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
}

/// Decode bytes into a document, reporting binary, empty, huge or invalid UTF-8 input.
pub fn decode(path: String, format: Format, bytes: Vec<u8>) -> Loaded {
    let skipped = |rule: &str, severity: Severity, message: String, help: &str| Loaded {
        path: path.clone(),
        document: None,
        findings: vec![io_finding(rule, severity, message, help)],
    };
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return too_large(path, bytes.len() as u64);
    }
    let (bytes, utf16) = match utf16_to_utf8(&bytes) {
        Some(decoded) => (decoded.into_bytes(), true),
        None => (bytes, false),
    };
    if bytes.contains(&0) {
        return skipped(
            "io/binary-document",
            Severity::Info,
            "skipped: the file contains NUL bytes, so it is binary, not a policy text".into(),
            "only Markdown, HTML and plain text are checked",
        );
    }
    let mut findings = Vec::new();
    if utf16 {
        findings.push(io_finding(
            "io/utf16-document",
            Severity::Info,
            "the file is UTF-16; it was decoded and checked (byte offsets in the output count its UTF-8 form)".into(),
            "save the file as UTF-8 so that editors and tools agree on offsets",
        ));
    }
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
