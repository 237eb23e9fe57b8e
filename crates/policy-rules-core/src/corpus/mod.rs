//! Corpora as JSON Lines: one record per line (`id`, `text`, optional `format` and `date`), plain
//! or compressed (gzip, zstd), read as a stream of [`Input`]s so that memory does not grow with the
//! corpus.

mod shard;

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use serde_json::{Map, Value};

pub use shard::Shard;

use crate::document::{Date, Format};
use crate::input::{Input, MAX_DOCUMENT_BYTES};

/// The longest line a record may have: a document at the size cap, with room for JSON escapes.
/// A longer line is reported as a bad record and skipped without being held in memory.
pub const MAX_RECORD_BYTES: usize = 2 * MAX_DOCUMENT_BYTES;

/// Whether a path names a JSON Lines corpus: `.jsonl` or `.ndjson`, plain or with `.gz` / `.zst`.
pub fn is_corpus(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".zst")).unwrap_or(&name);
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

/// The names of the fields a record's id and text are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// The field holding the record's id (shown as its path in findings).
    pub id: String,
    /// The field holding the document's text.
    pub text: String,
}

impl Default for Fields {
    fn default() -> Self {
        Fields { id: "id".into(), text: "text".into() }
    }
}

/// A byte stream, decompressed when it starts with the gzip or zstd magic number (whatever its
/// name says); gzip members are read one after another, as `cat a.gz b.gz` makes them.
pub fn decompress<'a>(raw: impl Read + Send + 'a) -> io::Result<Box<dyn BufRead + Send + 'a>> {
    let mut raw = BufReader::with_capacity(256 * 1024, raw);
    let head = raw.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::bufread::MultiGzDecoder::new(raw);
        return Ok(Box::new(BufReader::with_capacity(256 * 1024, gz)));
    }
    if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        let zst = zstd::stream::read::Decoder::with_buffer(raw)?;
        return Ok(Box::new(BufReader::with_capacity(256 * 1024, zst)));
    }
    Ok(Box::new(raw))
}

/// The records of a JSON Lines stream, in order, each an [`Input`]: a document to check, or a bad
/// record (with its line number) to report. Blank lines are skipped. A read error (a truncated
/// archive) ends the stream with an unreadable input naming the line.
pub struct Records<R> {
    reader: R,
    /// The corpus as shown in findings.
    name: String,
    fields: Fields,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Records<R> {
    /// The records of `reader`, a corpus shown as `name`.
    pub fn new(reader: R, name: impl Into<String>, fields: Fields) -> Self {
        Records { reader, name: name.into(), fields, line: 0, buf: Vec::new(), done: false }
    }

    /// Read one line into `buf`, at most [`MAX_RECORD_BYTES`]; `Ok(false)` at the end.
    fn read_line(&mut self) -> io::Result<bool> {
        self.buf.clear();
        let read = (&mut self.reader).take(MAX_RECORD_BYTES as u64 + 1).read_until(b'\n', &mut self.buf)?;
        Ok(read > 0)
    }

    /// Skip the rest of an overlong line without keeping it.
    fn skip_rest_of_line(&mut self) -> io::Result<()> {
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(());
            }
            if let Some(at) = available.iter().position(|&b| b == b'\n') {
                self.reader.consume(at + 1);
                return Ok(());
            }
            let all = available.len();
            self.reader.consume(all);
        }
    }

    fn bad(&self, reason: String) -> Input {
        Input::BadRecord { path: self.name.clone(), line: self.line, reason }
    }

    /// The input one line holds.
    fn record(&self, line: &[u8]) -> Input {
        let value: Value = match serde_json::from_slice(line) {
            Ok(value) => value,
            Err(error) => return self.bad(format!("not JSON: {error}")),
        };
        let Value::Object(mut map) = value else {
            return self.bad(format!(
                "a JSON {}, not an object with `{}` and `{}`",
                kind(&value),
                self.fields.id,
                self.fields.text
            ));
        };
        let id = match map.remove(&self.fields.id) {
            Some(Value::String(id)) => id,
            Some(Value::Number(number)) => number.to_string(),
            Some(other) => return self.bad(format!("`{}` is a {}, not a string", self.fields.id, kind(&other))),
            None => return self.bad(format!("no `{}` field (name another with --id-field)", self.fields.id)),
        };
        let text = match map.remove(&self.fields.text) {
            Some(Value::String(text)) => text,
            Some(other) => {
                return self.bad(format!("`{id}`: `{}` is a {}, not a string", self.fields.text, kind(&other)))
            }
            None => {
                return self.bad(format!("`{id}`: no `{}` field (name another with --text-field)", self.fields.text))
            }
        };
        let format = match optional_string(&mut map, "format") {
            Ok(None) => Format::from_path(Path::new(&id)),
            Ok(Some(name)) => match parse_format(&name) {
                Some(format) => format,
                None => return self.bad(format!("`{id}`: format `{name}` is not markdown, html or text")),
            },
            Err(other) => return self.bad(format!("`{id}`: `format` is a {other}, not a string")),
        };
        let date = match optional_string(&mut map, "date") {
            Ok(None) => None,
            Ok(Some(text)) => match Date::parse_iso(&text) {
                Some(date) => Some(date),
                None => return self.bad(format!("`{id}`: date `{text}` is not of the form YYYY-MM-DD")),
            },
            Err(other) => return self.bad(format!("`{id}`: `date` is a {other}, not a string")),
        };
        Input::Record { id, format, text, date }
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        while !self.done {
            self.line += 1;
            match self.read_line() {
                Ok(true) => {}
                Ok(false) => self.done = true,
                Err(error) => {
                    self.done = true;
                    let reason = format!("reading stopped at line {}: {error}", self.line);
                    return Some(Input::Unreadable { path: self.name.clone(), reason });
                }
            }
            if self.done {
                break;
            }
            if self.buf.len() > MAX_RECORD_BYTES && !self.buf.ends_with(b"\n") {
                self.buf = Vec::new();
                if let Err(error) = self.skip_rest_of_line() {
                    self.done = true;
                    let reason = format!("reading stopped at line {}: {error}", self.line);
                    return Some(Input::Unreadable { path: self.name.clone(), reason });
                }
                let mib = MAX_RECORD_BYTES >> 20;
                return Some(self.bad(format!("the line is longer than {mib} MiB; skipped")));
            }
            let line = self.buf.trim_ascii();
            if line.is_empty() {
                continue;
            }
            return Some(self.record(line));
        }
        None
    }
}

/// A string field that may be absent or null; `Err` names the JSON type it has instead.
fn optional_string(map: &mut Map<String, Value>, field: &str) -> Result<Option<String>, &'static str> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(kind(&other)),
    }
}

/// A record's `format` value.
fn parse_format(name: &str) -> Option<Format> {
    match name.to_ascii_lowercase().as_str() {
        "markdown" | "md" => Some(Format::Markdown),
        "html" | "htm" => Some(Format::Html),
        "text" | "txt" | "plain" => Some(Format::Text),
        _ => None,
    }
}

/// The JSON type of a value, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8]) -> Vec<Input> {
        let reader = decompress(text).unwrap();
        Records::new(reader, "c.jsonl", Fields::default()).collect()
    }

    fn describe(input: &Input) -> String {
        match input {
            Input::Record { id, format, text, date } => {
                format!("{id} {} {} {}", format.as_str(), text.len(), date.map(|d| d.iso()).unwrap_or_default())
            }
            Input::BadRecord { line, reason, .. } => format!("bad {line}: {reason}"),
            Input::Unreadable { reason, .. } => format!("unreadable: {reason}"),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn records_and_bad_records_keep_their_order_and_line_numbers() {
        let corpus = b"{\"id\":\"a.md\",\"text\":\"# A\",\"date\":\"2014-12-17T09:27:17Z\"}\n\n\
            not json\n\
            {\"id\":7,\"text\":\"x\",\"format\":\"html\"}\r\n\
            {\"id\":\"b\"}\n\
            [1]\n\
            {\"id\":\"c\",\"text\":3}\n\
            {\"id\":\"d\",\"text\":\"x\",\"date\":\"May 2014\"}\n\
            {\"id\":\"e\",\"text\":\"x\",\"format\":\"pdf\"}\n\
            {\"id\":\"f\",\"text\":\"x\",\"date\":null}";
        let got: Vec<String> = read(corpus).iter().map(describe).collect();
        assert_eq!(
            got,
            [
                "a.md markdown 3 2014-12-17",
                "bad 3: not JSON: expected ident at line 1 column 2",
                "7 html 1 ",
                "bad 5: `b`: no `text` field (name another with --text-field)",
                "bad 6: a JSON array, not an object with `id` and `text`",
                "bad 7: `c`: `text` is a number, not a string",
                "bad 8: `d`: date `May 2014` is not of the form YYYY-MM-DD",
                "bad 9: `e`: format `pdf` is not markdown, html or text",
                "f text 1 ",
            ]
        );
    }

    #[test]
    fn gzip_members_and_zstd_frames_are_read_as_they_stream() {
        use std::io::Write;
        let one = b"{\"id\":\"a\",\"text\":\"one\"}\n";
        let two = b"{\"id\":\"b\",\"text\":\"two\"}\n";
        let mut gz = Vec::new();
        for part in [&one[..], &two[..]] {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(part).unwrap();
            gz.extend(encoder.finish().unwrap());
        }
        let zst = zstd::encode_all(&[&one[..], &two[..]].concat()[..], 1).unwrap();
        for compressed in [gz, zst] {
            let got: Vec<String> = read(&compressed).iter().map(describe).collect();
            assert_eq!(got, ["a text 3 ", "b text 3 "]);
        }
        let mut truncated = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        truncated.write_all(&one.repeat(1000)).unwrap();
        let truncated = truncated.finish().unwrap();
        let got = read(&truncated[..truncated.len() / 2]);
        assert!(
            matches!(got.last(), Some(Input::Unreadable { reason, .. }) if reason.starts_with("reading stopped at line"))
        );
    }

    #[test]
    fn corpus_names() {
        for name in ["a.jsonl", "dir/A.JSONL.gz", "b.ndjson.zst", "c.jsonl.zst"] {
            assert!(is_corpus(Path::new(name)), "{name}");
        }
        for name in ["a.json", "a.md", "a.jsonl.bz2", "jsonl"] {
            assert!(!is_corpus(Path::new(name)), "{name}");
        }
    }
}
