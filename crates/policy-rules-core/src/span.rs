//! Byte spans into a document's source and the line index that turns them into lines and columns.

use serde::Serialize;

/// A half-open byte range `start..end` into a document's source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end: end.max(start) }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineColumn {
    /// Line number, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// Bytes between two character-count checkpoints.
const CHECKPOINT: usize = 1024;

/// Lines longer than this count their columns from checkpoints rather than from their start.
const LONG_LINE: usize = 4 * CHECKPOINT;

/// Where every line of a text starts, built once (one vectorised search for line breaks), and,
/// first asked for by a column on a long line, character counts every [`CHECKPOINT`] bytes: a line
/// and column cost the same on a line of 10 MB as on a line of 80 characters.
/// Lines end at `\n`, `\r\n` or a lone `\r`; a byte order mark at the start is not a column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Characters before each multiple of [`CHECKPOINT`], counted on first need.
    chars: std::sync::OnceLock<Vec<usize>>,
    /// Byte length of a leading byte order mark (0 or 3).
    bom: usize,
}

/// Characters in `bytes` (bytes that are not UTF-8 continuation bytes).
fn count_chars(bytes: &[u8]) -> usize {
    // A continuation byte is 0b10xx_xxxx, i.e. below -64 as a signed byte; this form vectorises.
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl LineIndex {
    /// Index the lines of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 64 + 1);
        starts.push(0);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        LineIndex { starts, chars: std::sync::OnceLock::new(), bom }
    }

    /// Characters before each multiple of [`CHECKPOINT`] bytes of `text`.
    fn checkpoints(&self, text: &str) -> &[usize] {
        self.chars.get_or_init(|| {
            let bytes = text.as_bytes();
            let mut chars = Vec::with_capacity(bytes.len() / CHECKPOINT + 2);
            let mut count = 0;
            for chunk in bytes.chunks(CHECKPOINT) {
                chars.push(count);
                count += count_chars(chunk);
            }
            chars.push(count);
            chars
        })
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        let from = block * CHECKPOINT;
        self.checkpoints(text)[block] + count_chars(&text.as_bytes()[from..offset])
    }

    /// Characters in `text[start..offset]`: counted directly on an ordinary line, from checkpoints
    /// on a long one.
    fn chars_between(&self, text: &str, start: usize, offset: usize) -> usize {
        if offset - start <= LONG_LINE {
            count_chars(&text.as_bytes()[start..offset])
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        }
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Zero-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where zero-based `line` starts (after a byte order mark on the first line).
    pub fn line_start(&self, line: usize) -> usize {
        let line = line.min(self.starts.len() - 1);
        if line == 0 {
            self.bom
        } else {
            self.starts[line]
        }
    }

    /// Byte offset where zero-based `line` ends (before its line break).
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let Some(&next) = self.starts.get(line + 1) else { return text.len() };
        let bytes = text.as_bytes();
        let mut end = next - 1;
        if bytes[end] == b'\n' && end > 0 && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        end.max(self.line_start(line))
    }

    /// 1-based line and character column of byte `offset` in `text`.
    pub fn line_column(&self, text: &str, offset: usize) -> LineColumn {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        let column = self.chars_between(text, start, offset) + 1;
        LineColumn { line: line + 1, column }
    }

    /// Byte offset of a 1-based line and character column, clamped to the text.
    pub fn offset_of(&self, text: &str, line: usize, column: usize) -> usize {
        if line == 0 || line > self.starts.len() {
            return text.len();
        }
        let start = self.line_start(line - 1);
        let end = self.line_end(text, line - 1);
        text[start..end].char_indices().nth(column.saturating_sub(1)).map_or(end, |(i, _)| start + i)
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\n“quoted” x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.line_column(text, x), LineColumn { line: 2, column: 10 });
        assert_eq!(index.offset_of(text, 2, 10), x);
        assert_eq!(index.line_column(text, 0), LineColumn { line: 1, column: 1 });
    }

    #[test]
    fn lone_cr_and_crlf_end_lines() {
        let text = "one\rtwo\r\nthree\nfour";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_column(text, text.find("two").unwrap()), LineColumn { line: 2, column: 1 });
        assert_eq!(index.line_column(text, text.find("hree").unwrap()), LineColumn { line: 3, column: 2 });
        assert_eq!(&text[index.line_start(1)..index.line_end(text, 1)], "two");
        assert_eq!(&text[index.line_start(0)..index.line_end(text, 0)], "one");
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{feff}# Title\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 3), LineColumn { line: 1, column: 1 });
        assert_eq!(index.line_column(text, text.find("Title").unwrap()), LineColumn { line: 1, column: 3 });
        assert_eq!(index.offset_of(text, 1, 1), 3);
    }

    #[test]
    fn columns_on_a_long_line_are_counted_across_checkpoints() {
        let text = format!("{}é{}x", "a".repeat(3000), "b".repeat(5000));
        let index = LineIndex::new(&text);
        let x = text.find('x').unwrap();
        assert_eq!(index.line_column(&text, x), LineColumn { line: 1, column: 8002 });
        assert_eq!(index.offset_of(&text, 1, 8002), x);
    }
}
