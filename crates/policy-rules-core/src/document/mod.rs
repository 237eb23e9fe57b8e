//! The document model: source text, normalized text, and the structure derived from it once.

pub mod builder;
mod headings;
mod html;
pub mod kind;
mod markdown;
pub mod meta;
mod plain;
pub mod sentences;
mod source_map;
mod stated_date;

use std::ops::Range;
use std::path::Path;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

pub use builder::{Block, BlockKind};
pub use meta::{Date, DateMention};

use crate::span::{LineColumn, LineIndex, Span};

/// The markup a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CommonMark with tables.
    Markdown,
    /// HTML (whole pages or fragments).
    Html,
    /// Plain text.
    Text,
}

impl Format {
    /// The format a file name implies: `.md`/`.markdown`, `.html`/`.htm`, anything else is text.
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("md" | "markdown") => Format::Markdown,
            Some("html" | "htm" | "xhtml") => Format::Html,
            _ => Format::Text,
        }
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Text => "text",
        }
    }
}

/// A section: a heading and everything up to the next heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's range in the normalized text (empty for the text before the first heading).
    pub heading: Range<usize>,
    /// Heading level, 1–6 (0 for the text before the first heading).
    pub level: u8,
    /// The whole section, heading included, in the normalized text.
    pub range: Range<usize>,
}

/// A sentence (or a heading) in the normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Range in the normalized text.
    pub range: Range<usize>,
    /// Index of the block it belongs to.
    pub block: usize,
}

/// What the document says about itself.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The title: the first heading, else the first line of text.
    pub title: Option<String>,
    /// Where the title stands in the normalized text.
    pub title_range: Option<Range<usize>>,
    /// The stated "Last updated"/"Effective" date, found on first use.
    updated: std::sync::OnceLock<Option<DateMention>>,
    /// The archive date from a corpus header line.
    pub archived: Option<Date>,
    /// The site a corpus header line says the policy is from (`cloudinary.com`).
    pub site: Option<String>,
}

/// A parsed policy document.
#[derive(Debug)]
pub struct Document {
    /// Path or id, as given.
    pub path: String,
    /// Markup format.
    pub format: Format,
    /// The original source text.
    pub source: String,
    /// The normalized plain text rules match against: blocks separated by `\n`.
    pub text: String,
    map: source_map::SourceMap,
    /// Lines of the source, indexed on first use.
    line_index: std::sync::OnceLock<LineIndex>,
    /// Headings, paragraphs, list items and cells, in order.
    pub blocks: Vec<Block>,
    /// Sections, in order of their headings.
    pub sections: Vec<Section>,
    /// Each block's sentences, split on first use.
    block_sentences: Vec<std::sync::OnceLock<Vec<Range<usize>>>>,
    /// Every sentence (and heading), in order, gathered on first use.
    sentences: std::sync::OnceLock<Vec<Sentence>>,
    words: std::sync::OnceLock<usize>,
    /// Title and dates.
    pub meta: Meta,
    has_navigation: bool,
}

impl Document {
    /// Parse `source` in the given format.
    pub fn parse(path: impl Into<String>, format: Format, source: String) -> Document {
        // A byte order mark is read as three spaces, so that "# Title" after it is still a heading
        // and every offset stays that of the source.
        let unmarked = match source.strip_prefix('\u{feff}') {
            Some(rest) => std::borrow::Cow::Owned(format!("   {rest}")),
            None => std::borrow::Cow::Borrowed(source.as_str()),
        };
        let built = match format {
            Format::Markdown => markdown::extract(&unmarked),
            Format::Html => html::extract(&unmarked),
            Format::Text => plain::extract(&unmarked),
        };
        drop(unmarked);
        let mut blocks = built.blocks;
        let text = built.text;
        promote_pseudo_headings(&text, &mut blocks);
        mark_navigation(&mut blocks);
        let sections = sections(&text, &blocks);
        let block_sentences = blocks.iter().map(|_| std::sync::OnceLock::new()).collect();
        let meta = meta_of(&text, &blocks);
        let has_navigation = blocks.iter().any(|b| b.navigation);
        Document {
            has_navigation,
            path: path.into(),
            format,
            source,
            text,
            map: built.map,
            line_index: std::sync::OnceLock::new(),
            blocks,
            sections,
            block_sentences,
            sentences: std::sync::OnceLock::new(),
            words: std::sync::OnceLock::new(),
            meta,
        }
    }

    /// The source span behind a range of the normalized text.
    pub fn span(&self, range: Range<usize>) -> Span {
        if self.text.is_empty() {
            return Span::new(0, 0);
        }
        let start = range.start.min(self.text.len() - 1);
        let first = self.map.start(start);
        if range.end <= range.start {
            return Span::new(first, first);
        }
        let last = self.map.end((range.end - 1).min(self.text.len() - 1));
        Span::new(first, last)
    }

    /// The stated "Last updated"/"Effective" date, if any (found on first use).
    pub fn updated(&self) -> Option<&DateMention> {
        self.meta.updated.get_or_init(|| stated_date::stated_date(&self.text, &self.blocks)).as_ref()
    }

    /// Number of words (counted on first use).
    pub fn words(&self) -> usize {
        *self.words.get_or_init(|| self.text.unicode_words().count())
    }

    /// The line index of the source.
    pub fn line_index(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.source))
    }

    /// 1-based line and column of a source byte offset.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        self.line_index().line_column(&self.source, offset)
    }

    /// The body blocks (paragraphs, list items, cells).
    pub fn paragraphs(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.kind == BlockKind::Body)
    }

    /// The sentences of block `index` (a heading is one sentence), split on first use.
    pub fn block_sentences(&self, index: usize) -> &[Range<usize>] {
        self.block_sentences[index].get_or_init(|| {
            let block = &self.blocks[index];
            let offset = block.range.start;
            let ranges = match block.kind {
                BlockKind::Heading(_) => std::iter::once(0..block.range.len()).collect(),
                BlockKind::Body => sentences::split(&self.text[block.range.clone()]),
            };
            ranges.into_iter().map(|r| offset + r.start..offset + r.end).collect()
        })
    }

    /// Every sentence (and heading), in order.
    pub fn sentences(&self) -> &[Sentence] {
        self.sentences.get_or_init(|| {
            (0..self.blocks.len())
                .flat_map(|block| self.block_sentences(block).iter().map(move |r| Sentence { range: r.clone(), block }))
                .collect()
        })
    }

    /// The sentence containing normalized offset `at`.
    pub fn sentence_at(&self, at: usize) -> Option<Range<usize>> {
        let block = self.block_at(at)?;
        let sentences = self.block_sentences(block);
        let index = sentences.partition_point(|s| s.start <= at).checked_sub(1)?;
        (at <= sentences[index].end).then(|| sentences[index].clone())
    }

    /// Index of the block containing normalized offset `at`.
    pub fn block_at(&self, at: usize) -> Option<usize> {
        let index = self.blocks.partition_point(|b| b.range.start <= at).checked_sub(1)?;
        (at <= self.blocks[index].range.end).then_some(index)
    }

    /// Index of the innermost section containing normalized offset `at`.
    pub fn section_at(&self, at: usize) -> Option<usize> {
        self.sections.iter().rposition(|s| s.range.start <= at && at < s.range.end.max(s.range.start + 1))
    }

    /// The range of the sentence(s) covering `range`.
    pub fn sentence_range(&self, range: &Range<usize>) -> Range<usize> {
        let first = self.sentence_at(range.start).map(|s| s.start);
        let last = self.sentence_at(range.end.saturating_sub(1).max(range.start)).map(|s| s.end);
        first.unwrap_or(range.start)..last.unwrap_or(range.end).max(range.end)
    }

    /// The range of the block(s) covering `range`.
    pub fn block_range(&self, range: &Range<usize>) -> Range<usize> {
        let first = self.block_at(range.start).map(|i| self.blocks[i].range.start);
        let last = self.block_at(range.end.saturating_sub(1).max(range.start)).map(|i| self.blocks[i].range.end);
        first.unwrap_or(range.start)..last.unwrap_or(range.end).max(range.end)
    }

    /// The range of the innermost section containing `range.start`.
    pub fn section_range(&self, range: &Range<usize>) -> Range<usize> {
        self.section_at(range.start).map_or(0..self.text.len(), |i| self.sections[i].range.clone())
    }

    /// The text of a range of the normalized text.
    pub fn slice(&self, range: &Range<usize>) -> &str {
        &self.text[range.clone()]
    }

    /// Where a document-level finding is anchored: the title, or the start of the document.
    pub fn title_span(&self) -> Span {
        match &self.meta.title_range {
            Some(range) => self.span(range.clone()),
            None => Span::new(0, self.source.find('\n').unwrap_or(self.source.len()).min(self.source.len())),
        }
    }
}

/// Link-only blocks that form a menu or a table of contents: three or more link-only list items or
/// cells in a row, a line of three or more links, or five or more link-only blocks in a row. What
/// they say is not a disclosure. A single link ("Do Not Sell or Share My Personal Information") is not
/// navigation.
fn mark_navigation(blocks: &mut [Block]) {
    for block in blocks.iter_mut() {
        block.navigation = block.all_link && block.links >= 3;
    }
    let mut start = 0;
    while start < blocks.len() {
        if !blocks[start].all_link {
            start += 1;
            continue;
        }
        let end = (start..blocks.len()).find(|&i| !blocks[i].all_link).unwrap_or(blocks.len());
        let run = &mut blocks[start..end];
        let items = run.iter().filter(|b| b.item).count();
        for block in run.iter_mut() {
            if (block.item && items >= 3) || end - start >= 5 {
                block.navigation = true;
            }
        }
        start = end;
    }
}

impl Document {
    /// Whether normalized offset `at` lies in a navigation menu or table of contents.
    pub fn in_navigation(&self, at: usize) -> bool {
        self.has_navigation && self.block_at(at).is_some_and(|i| self.blocks[i].navigation)
    }
}

/// Promote body blocks that real policies use as headings: numbered, bold-only and all-caps lines.
fn promote_pseudo_headings(text: &str, blocks: &mut [Block]) {
    let mut base = 1;
    for block in blocks.iter_mut() {
        let content = &text[block.range.clone()];
        match block.kind {
            BlockKind::Heading(level) => base = level,
            BlockKind::Body => {
                let depth = headings::numbered_depth(content).or_else(|| {
                    let bold_title = block.all_bold && headings::title_like(content.trim_end_matches(':'));
                    (bold_title || headings::is_all_caps(content)).then_some(1)
                });
                if let Some(depth) = depth {
                    block.kind = BlockKind::Heading((base + depth).min(6));
                }
            }
        }
    }
}

fn sections(text: &str, blocks: &[Block]) -> Vec<Section> {
    let mut sections = Vec::new();
    let headings: Vec<(usize, u8)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b.kind {
            BlockKind::Heading(level) => Some((i, level)),
            BlockKind::Body => None,
        })
        .collect();
    let first_heading_start = headings.first().map_or(text.len(), |&(i, _)| blocks[i].range.start);
    if first_heading_start > 0 {
        sections.push(Section { heading: 0..0, level: 0, range: 0..first_heading_start });
    }
    for (n, &(index, level)) in headings.iter().enumerate() {
        let end = headings[n + 1..]
            .iter()
            .find(|&&(_, next_level)| next_level <= level)
            .map_or(text.len(), |&(next, _)| blocks[next].range.start);
        let block = &blocks[index];
        sections.push(Section { heading: block.range.clone(), level, range: block.range.start..end });
    }
    sections
}

fn meta_of(text: &str, blocks: &[Block]) -> Meta {
    let header = blocks.first().map(|b| &text[b.range.clone()]);
    let archived = header.and_then(meta::archive_date);
    let site = archived.and(header).and_then(meta::archive_site);
    let content_blocks = || blocks.iter().skip(usize::from(archived.is_some()));
    let title_block =
        content_blocks().take(20).find(|b| matches!(b.kind, BlockKind::Heading(_))).or_else(|| content_blocks().next());
    let title_range = title_block.map(|b| {
        let content = &text[b.range.clone()];
        let cut = content.char_indices().nth(100).map_or(content.len(), |(i, _)| i);
        b.range.start..b.range.start + cut
    });
    Meta {
        title: title_range.clone().map(|r| text[r].trim().to_string()),
        title_range,
        updated: std::sync::OnceLock::new(),
        archived,
        site,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_nest_by_level_and_pseudo_headings_count() {
        let source = "# Policy\n\nIntro.\n\n## Data\n\nWe collect data.\n\n**Cookies**\n\nWe use cookies.\n\n## Rights\n\nYou may ask.\n";
        let doc = Document::parse("p.md", Format::Markdown, source.to_string());
        let headings: Vec<(&str, u8)> = doc.sections.iter().map(|s| (doc.slice(&s.heading), s.level)).collect();
        assert_eq!(headings, vec![("Policy", 1), ("Data", 2), ("Cookies", 3), ("Rights", 2)]);
        let data = &doc.sections[1];
        assert_eq!(doc.slice(&data.range), "Data\nWe collect data.\nCookies\nWe use cookies.\n");
        assert_eq!(doc.meta.title.as_deref(), Some("Policy"));
    }

    #[test]
    fn menus_and_tables_of_contents_are_navigation_but_a_single_link_is_not() {
        let source = "# P\n\n- [Data](#data)\n- [How we respond to Do Not Track](#dnt)\n- [Rights](#rights)\n\n[Do Not Sell or Share My Personal Information](https://x.test/opt-out)\n\nSee [our cookie page](https://x.test/c) for more.\n";
        let doc = Document::parse("p.md", Format::Markdown, source.to_string());
        let navigation: Vec<(&str, bool)> = doc.blocks.iter().map(|b| (doc.slice(&b.range), b.navigation)).collect();
        assert_eq!(
            navigation,
            vec![
                ("P", false),
                ("Data", true),
                ("How we respond to Do Not Track", true),
                ("Rights", true),
                ("Do Not Sell or Share My Personal Information", false),
                ("See our cookie page for more.", false),
            ]
        );
    }

    #[test]
    fn archive_header_is_not_the_title() {
        let source = "> *The following text is extracted from the x.com privacy policy that was archived on 2014-12-17. Please check.*\n\n# X Privacy\n\nLast updated: March 3, 2013\n";
        let doc = Document::parse("p.md", Format::Markdown, source.to_string());
        assert_eq!(doc.meta.title.as_deref(), Some("X Privacy"));
        assert_eq!(doc.meta.archived, Date::new(2014, 12, 17));
        assert_eq!(doc.updated().map(|m| m.date.iso()), Some("2013-03-03".into()));
        let span = doc.title_span();
        assert_eq!(&doc.source[span.start..span.end], "X Privacy");
        assert_eq!(doc.line_column(span.start), LineColumn { line: 3, column: 3 });
    }
}
