//! A miette `SourceCode` over a document that uses the document's line index instead of rescanning.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use policy_rules_core::span::floor_char_boundary;
use policy_rules_core::LineIndex;

/// Lines longer than this are shown as a window around the span.
const WINDOW: usize = 160;

/// A named source with a precomputed line index.
pub struct IndexedSource<'a> {
    name: &'a str,
    text: &'a str,
    index: &'a LineIndex,
}

impl<'a> IndexedSource<'a> {
    /// Wrap a document's source.
    pub fn new(name: &'a str, text: &'a str, index: &'a LineIndex) -> Self {
        IndexedSource { name, text, index }
    }

    fn ceil_boundary(&self, mut offset: usize) -> usize {
        while offset < self.text.len() && !self.text.is_char_boundary(offset) {
            offset += 1;
        }
        offset.min(self.text.len())
    }
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = self.index.line_of(start);
        let last_line = self.index.line_of(end.saturating_sub(1).max(start));
        let column = self.index.line_column(self.text, start).column - 1;
        if before == 0 && after == 0 {
            let data = &self.text[start..end];
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.to_string(),
                data.as_bytes(),
                *span,
                first_line,
                column,
                last_line - first_line + 1,
            )));
        }
        let mut from_line = first_line.saturating_sub(before);
        let to_line = (last_line + after).min(self.index.line_count() - 1);
        let mut from = self.index.line_start(from_line);
        let mut to = self.index.line_end(self.text, to_line);
        // One-line dumps of whole policies: show a window, not a 100 kB line.
        if to - from > 4 * WINDOW {
            from_line = first_line;
            let line_start = self.index.line_start(first_line);
            let line_end = self.index.line_end(self.text, last_line);
            from = floor_char_boundary(self.text, start.saturating_sub(WINDOW).max(line_start));
            to = self.ceil_boundary((end + WINDOW).min(line_end));
        }
        let data = &self.text[from..to];
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            data.as_bytes(),
            SourceSpan::new(from.into(), to - from),
            from_line,
            0,
            to_line - from_line + 1,
        )))
    }
}
