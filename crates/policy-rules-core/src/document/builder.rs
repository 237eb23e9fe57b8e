//! Builds a document's normalized plain text, block by block, with a map back to source bytes.

use std::ops::Range;

use super::source_map::SourceMap;

/// What kind of block a run of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading of the given level (1–6), from markup or recognised by its shape.
    Heading(u8),
    /// Body text: a paragraph, list item, table cell, line.
    Body,
}

/// A paragraph-like run of text: a heading, paragraph, list item or table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Range in the document's normalized text.
    pub range: Range<usize>,
    /// Heading or body.
    pub kind: BlockKind,
    /// Whether all of its text was bold (a bold-only line).
    pub all_bold: bool,
    /// Whether all of its text was link text.
    pub all_link: bool,
    /// Number of links in it.
    pub links: usize,
    /// Whether it is a list item or table cell.
    pub item: bool,
    /// Whether it belongs to a navigation menu or table of contents (a run of link-only blocks).
    pub navigation: bool,
}

/// How one source character appears in the normalized text.
enum Normalized {
    Skip,
    Space,
    Char(char),
    Str(&'static str),
}

/// Fold the typography that must not matter for matching: quotes, dashes, spaces.
fn normalize(c: char) -> Normalized {
    match c {
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => Normalized::Skip,
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => Normalized::Char('\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => Normalized::Char('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => {
            Normalized::Char('-')
        }
        '\u{2026}' => Normalized::Str("..."),
        // The two letters that case-fold to ASCII ones: folded here, so that searching for
        // literals without regard to ASCII case finds everything a case-insensitive regex would.
        '\u{212a}' => Normalized::Char('K'),
        '\u{17f}' => Normalized::Char('s'),
        // Full-width ASCII forms ("August 29，2023", "Ｅｍａｉｌ"): their ASCII letters and signs.
        '\u{ff01}'..='\u{ff5e}' => Normalized::Char(char::from_u32(c as u32 - 0xfee0).unwrap_or(c)),
        c if c.is_whitespace() => Normalized::Space,
        c if c.is_control() => Normalized::Space,
        c => Normalized::Char(c),
    }
}

/// Whether a paragraph opens with a bullet sign and a space ("• We collect…", "· to object…").
fn starts_with_bullet(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some('•' | '·' | '●' | '▪' | '◦' | '○' | '■' | '□' | '‣' | '⁃' | '∙'))
        && chars.next().is_some_and(char::is_whitespace)
}

/// Per byte: 0 not printable ASCII, 1 printable, 2 a letter or digit.
const PLAIN: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = if b.is_ascii_alphanumeric() {
            2
        } else if b.is_ascii_graphic() {
            1
        } else {
            0
        };
        byte += 1;
    }
    table
};

/// Accumulates normalized text and, for every byte of it, the source range it came from.
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: String,
    map: SourceMap,
    /// Source end of the last character pushed.
    last_end: usize,
    blocks: Vec<Block>,
    block_start: usize,
    pending_space: Option<(usize, usize)>,
    bold_depth: usize,
    bold_chars: usize,
    plain_chars: usize,
    link_depth: usize,
    link_chars: usize,
    unlinked_chars: usize,
    links: usize,
    item_depth: usize,
    heading: Option<u8>,
    /// Open tables, innermost last.
    tables: Vec<Table>,
}

/// A table being read: its column headers, so that each body cell is read with its header.
#[derive(Debug, Default)]
struct Table {
    /// Per column: the header's normalized text and the source range it came from.
    headers: Vec<Option<(String, Range<usize>)>>,
    /// Whether the current row is the header row.
    header_row: bool,
    /// Column of the current cell.
    column: usize,
    /// Cells started in the current row.
    cells: usize,
    /// Rows started so far.
    rows: usize,
}

/// Longest column header repeated before a cell, in bytes; longer ones are prose, not labels.
const MAX_HEADER: usize = 80;

impl TextBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    fn push_char(&mut self, c: char, start: usize, end: usize, copied: bool) {
        if let Some((space_start, space_end)) = self.pending_space.take() {
            if self.text.len() > self.block_start {
                self.push_raw(' ', space_start, space_end, space_end == space_start + 1);
            }
        }
        if self.bold_depth > 0 {
            self.bold_chars += 1;
        } else if c.is_alphanumeric() {
            self.plain_chars += 1;
        }
        if self.link_depth > 0 {
            self.link_chars += 1;
        } else if c.is_alphanumeric() {
            self.unlinked_chars += 1;
        }
        self.push_raw(c, start, end, copied);
    }

    /// Append `c`, which stands for source `start..end`: `copied` when the source holds exactly
    /// that character there.
    fn push_raw(&mut self, c: char, start: usize, end: usize, copied: bool) {
        let len = c.len_utf8();
        self.text.push(c);
        self.map.push(len, start, end, copied && end - start == len);
        self.last_end = end;
    }

    fn push_space(&mut self, start: usize, end: usize) {
        if self.pending_space.is_none() {
            self.pending_space = Some((start, end));
        }
    }

    /// Append `source` text found at byte `offset` of the source, normalizing as it goes.
    pub fn push_source(&mut self, source: &str, offset: usize) {
        let bytes = source.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Plain ASCII words with single spaces between them are copied as they are, in one go,
            // their letters and digits counted on the way.
            let start = i;
            let mut alphanumeric = 0;
            while let Some(&byte) = bytes.get(i) {
                if PLAIN[usize::from(byte)] == 0 {
                    // A single space between two printable characters stays in the run.
                    if byte != b' ' || i == start || !bytes.get(i + 1).is_some_and(u8::is_ascii_graphic) {
                        break;
                    }
                } else {
                    alphanumeric += usize::from(PLAIN[usize::from(byte)] == 2);
                }
                i += 1;
            }
            if i > start {
                self.push_plain(&source[start..i], offset + start, alphanumeric);
                continue;
            }
            let c = source[i..].chars().next().unwrap_or(' ');
            let at = offset + i;
            self.push_normalized(c, at, at + c.len_utf8(), true);
            i += c.len_utf8();
        }
    }

    /// Append a run of printable ASCII (single spaces inside, `alphanumeric` letters and digits)
    /// copied from source byte `at`: what `push_char` does per character, done for the whole run.
    fn push_plain(&mut self, run: &str, at: usize, alphanumeric: usize) {
        if let Some((space_start, space_end)) = self.pending_space.take() {
            if self.text.len() > self.block_start {
                self.push_raw(' ', space_start, space_end, space_end == space_start + 1);
            }
        }
        if self.bold_depth > 0 {
            self.bold_chars += run.len();
        } else {
            self.plain_chars += alphanumeric;
        }
        if self.link_depth > 0 {
            self.link_chars += run.len();
        } else {
            self.unlinked_chars += alphanumeric;
        }
        self.text.push_str(run);
        self.map.push(run.len(), at, at + run.len(), true);
        self.last_end = at + run.len();
    }

    fn push_normalized(&mut self, c: char, start: usize, end: usize, verbatim: bool) {
        match normalize(c) {
            Normalized::Skip => {}
            Normalized::Space => self.push_space(start, end),
            Normalized::Char(n) => self.push_char(n, start, end, verbatim && n == c),
            Normalized::Str(s) => {
                for n in s.chars() {
                    self.push_char(n, start, end, false);
                }
            }
        }
    }

    /// Append text that stands for the whole source range `start..end` (a decoded entity or escape).
    pub fn push_decoded(&mut self, decoded: &str, start: usize, end: usize) {
        for c in decoded.chars() {
            self.push_normalized(c, start, end, false);
        }
    }

    /// Append a soft break (a wrapped line) at source byte `at`.
    pub fn push_break(&mut self, at: usize) {
        self.push_space(at, at);
    }

    /// Enter or leave bold text.
    pub fn set_bold(&mut self, bold: bool) {
        if bold {
            self.bold_depth += 1;
        } else {
            self.bold_depth = self.bold_depth.saturating_sub(1);
        }
    }

    /// Enter or leave link text.
    pub fn set_link(&mut self, link: bool) {
        if link {
            self.links += 1;
            self.link_depth += 1;
        } else {
            self.link_depth = self.link_depth.saturating_sub(1);
        }
    }

    /// Enter or leave a list item or table cell.
    pub fn set_item(&mut self, item: bool) {
        if item {
            self.item_depth += 1;
        } else {
            self.item_depth = self.item_depth.saturating_sub(1);
        }
    }

    /// Mark the current block as a heading of `level` (applied when the block ends).
    pub fn set_heading(&mut self, level: Option<u8>) {
        self.heading = level;
    }

    /// Whether the block being ended continues the sentence of the previous block: a paragraph
    /// that starts in lower case after one that stopped mid-sentence (a blank line left in the middle
    /// of a sentence by the scraping of a page).
    fn continues_previous(&self, kind: BlockKind, item: bool) -> bool {
        let Some(previous) = self.blocks.last() else { return false };
        let starts_lower = self.text[self.block_start..].chars().next().is_some_and(char::is_lowercase);
        let open = self.text[previous.range.clone()]
            .trim_end()
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == ',');
        starts_lower
            && open
            && kind == BlockKind::Body
            && !item
            && previous.kind == BlockKind::Body
            && !previous.item
            && previous.range.end + 1 == self.block_start
    }

    /// End the current block, if it holds any text.
    pub fn end_block(&mut self) {
        self.pending_space = None;
        if self.text.len() > self.block_start {
            let all_bold = self.bold_chars > 0 && self.plain_chars == 0;
            let all_link = self.link_chars > 0 && self.unlinked_chars == 0;
            let kind = self.heading.map_or(BlockKind::Body, BlockKind::Heading);
            let (links, item) = (self.links, self.item_depth > 0);
            if self.continues_previous(kind, item) {
                // One sentence across the gap: the separator becomes a space.
                let previous = self.blocks.last_mut().expect("a previous block");
                self.text.replace_range(previous.range.end..previous.range.end + 1, " ");
                previous.range.end = self.text.len();
                previous.links += links;
                previous.all_bold &= all_bold;
                previous.all_link &= all_link;
                let at = self.last_end;
                self.push_raw('\n', at, at, false);
                self.block_start = self.text.len();
                self.reset_counts();
                return;
            }
            let range = self.block_start..self.text.len();
            // A paragraph opening with a bullet sign is a list item written without list markup.
            let item = item || starts_with_bullet(&self.text[range.clone()]);
            self.blocks.push(Block { range, kind, all_bold, all_link, links, item, navigation: false });
            let at = self.last_end;
            self.push_raw('\n', at, at, false);
            self.block_start = self.text.len();
        }
        self.reset_counts();
    }

    fn reset_counts(&mut self) {
        self.bold_chars = 0;
        self.plain_chars = 0;
        self.link_chars = 0;
        self.unlinked_chars = 0;
        self.links = 0;
    }

    /// Enter a table.
    pub fn start_table(&mut self) {
        self.end_block();
        self.tables.push(Table::default());
    }

    /// Leave the innermost table.
    pub fn end_table(&mut self) {
        self.end_block();
        self.tables.pop();
    }

    /// Start a row; `header` when it holds the column headers.
    pub fn start_row(&mut self, header: bool) {
        self.end_block();
        if let Some(table) = self.tables.last_mut() {
            table.header_row = header;
            table.cells = 0;
            table.rows += 1;
        }
    }

    /// Whether the current row is the first of its table (where HTML puts headers without `thead`).
    pub fn first_row(&self) -> bool {
        self.tables.last().is_some_and(|t| t.rows == 1)
    }

    /// Start a cell (`header` for a column header): a body cell is read after its column's
    /// header, "Purposes: To run the service", the header's text standing for the header's source.
    pub fn start_cell(&mut self, header: bool) {
        self.end_block();
        self.set_item(true);
        let Some(table) = self.tables.last_mut() else { return };
        table.column = table.cells;
        table.cells += 1;
        if header || table.header_row {
            table.header_row = true;
            return;
        }
        if let Some(Some((label, source))) = table.headers.get(table.column) {
            let (label, source) = (format!("{label}: "), source.clone());
            self.text.push_str(&label);
            self.map.push(label.len(), source.start, source.end, false);
            self.last_end = source.end;
        }
    }

    /// End a cell; a header cell's text becomes its column's header.
    pub fn end_cell(&mut self) {
        let before = self.blocks.len();
        let start = self.block_start;
        self.end_block();
        self.set_item(false);
        let ended = (self.blocks.len() > before).then(|| self.blocks[before].range.clone());
        let Some(table) = self.tables.last_mut() else { return };
        if table.header_row {
            let header = ended.filter(|r| r.start == start && r.len() <= MAX_HEADER).map(|range| {
                let text = self.text[range.clone()].trim_end_matches([':', ' ']).to_string();
                let source = self.map.start(range.start)..self.map.end(range.end - 1);
                (text, source)
            });
            if table.headers.len() <= table.column {
                table.headers.resize(table.column + 1, None);
            }
            table.headers[table.column] = header.filter(|(text, _)| !text.is_empty());
        }
    }

    /// Finish: the text, its blocks and the source map.
    pub fn finish(mut self) -> BuiltText {
        self.end_block();
        BuiltText { text: self.text, map: self.map, blocks: self.blocks }
    }
}

/// Normalized text with its blocks and the map to source bytes.
#[derive(Debug, Default)]
pub struct BuiltText {
    /// The normalized text: blocks separated by `\n`.
    pub text: String,
    /// Where each byte of `text` came from in the source.
    pub map: SourceMap,
    /// Blocks in order.
    pub blocks: Vec<Block>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_opening_with_a_bullet_sign_is_a_list_item() {
        let mut builder = TextBuilder::new();
        for text in ["\u{b7} to object to the processing of your data.", "We collect data.", "\u{2022} to access it."] {
            builder.push_source(text, 0);
            builder.end_block();
        }
        let items: Vec<bool> = builder.finish().blocks.iter().map(|b| b.item).collect();
        assert_eq!(items, [true, false, true]);
    }

    #[test]
    fn typography_and_wrapping_are_folded_but_offsets_kept() {
        let source = "We don\u{2019}t  sell\n  your data \u{2014} ever.";
        let mut builder = TextBuilder::new();
        builder.push_source(source, 0);
        let built = builder.finish();
        assert_eq!(built.text, "We don't sell your data - ever.\n");
        let apostrophe = built.text.find('\'').unwrap();
        assert_eq!(built.map.start(apostrophe), source.find('\u{2019}').unwrap());
        let ever = built.text.find("ever").unwrap();
        assert_eq!(&source[built.map.start(ever)..], "ever.");
    }
}
