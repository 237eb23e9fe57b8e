//! Positions as the client counts them: lines and UTF-16 (or, when offered, UTF-8) code units.

use lsp_types::{Position, PositionEncodingKind, Range};
use policy_rules_core::{LineIndex, Span};

/// The code units of a line's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units, the protocol's default.
    Utf16,
    /// Bytes, when the client offers `utf-8`.
    Utf8,
}

impl Encoding {
    /// The encoding to use given what the client offers: UTF-8 when it can, else UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The kind announced to the client.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf8 => PositionEncodingKind::UTF8,
        }
    }
}

/// A text with its line index, for conversions both ways.
pub struct Text<'a> {
    text: &'a str,
    index: &'a LineIndex,
    encoding: Encoding,
}

impl<'a> Text<'a> {
    /// Conversions for `text` indexed by `index`.
    pub fn new(text: &'a str, index: &'a LineIndex, encoding: Encoding) -> Text<'a> {
        Text { text, index, encoding }
    }

    /// The position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = policy_rules_core::span::floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.index.line_of(offset);
        let start = self.index.line_start(line);
        let before = &self.text[start..offset];
        let character = match self.encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position { line: line as u32, character: character as u32 }
    }

    /// The range of a span.
    pub fn range(&self, span: Span) -> Range {
        Range { start: self.position(span.start), end: self.position(span.end) }
    }

    /// The byte offset of a position (clamped to its line).
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.index.line_count() {
            return self.text.len();
        }
        let start = self.index.line_start(line);
        let end = self.index.line_end(self.text, line);
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= wanted {
                return start + i;
            }
            units += match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        let text = "a\n“é” 😀 x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let utf16 = Text::new(text, &index, Encoding::Utf16);
        assert_eq!(utf16.position(x), Position { line: 1, character: 7 });
        assert_eq!(utf16.offset(Position { line: 1, character: 7 }), x);
        let utf8 = Text::new(text, &index, Encoding::Utf8);
        assert_eq!(utf8.position(x), Position { line: 1, character: (x - 2) as u32 });
        assert_eq!(utf8.offset(utf8.position(x)), x);
    }
}
