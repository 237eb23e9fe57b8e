//! Markdown to normalized text, keeping source offsets (pulldown-cmark).

use std::borrow::Cow;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::builder::{BuiltText, TextBuilder};

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Tags that open a CommonMark HTML block running until their closing tag.
const RAW_BLOCKS: &[&str] = &["script", "pre", "style", "textarea"];

/// Blank out (with spaces, keeping every byte offset) lines that open a raw HTML block never
/// closed in the document: CommonMark would otherwise swallow the rest of the page into it.
fn blank_unclosed_raw_blocks(source: &str) -> Cow<'_, str> {
    let bytes = source.as_bytes();
    // Where each tag is last closed, looked for only once a line opens it: an opener after that
    // point is never closed. Openers are found from the `<` signs, so a page without any costs one
    // vectorised search and a page of 400,000 opener lines one pass.
    let mut last_close: [Option<Option<usize>>; RAW_BLOCKS.len()] = [None; RAW_BLOCKS.len()];
    let mut blanked: Option<Vec<u8>> = None;
    for lt in memchr::memchr_iter(b'<', bytes) {
        // At most three spaces between the start of the line and the sign.
        let mut line_start = lt;
        while line_start > 0 && bytes[line_start - 1] == b' ' && lt - line_start < 4 {
            line_start -= 1;
        }
        if lt - line_start > 3 || (line_start > 0 && bytes[line_start - 1] != b'\n') {
            continue;
        }
        let head = &bytes[lt..];
        let Some(index) = RAW_BLOCKS.iter().position(|tag| {
            head.len() > tag.len() + 1
                && head[1..=tag.len()].eq_ignore_ascii_case(tag.as_bytes())
                && matches!(head[tag.len() + 1], b' ' | b'>' | b'\t' | b'\n' | b'\r')
        }) else {
            continue;
        };
        let close = *last_close[index].get_or_insert_with(|| last_closing(bytes, RAW_BLOCKS[index]));
        if close.is_none_or(|close| close < line_start) {
            let line_end = memchr::memchr(b'\n', &bytes[lt..]).map_or(bytes.len(), |at| lt + at);
            let content_end = if line_end > lt && bytes[line_end - 1] == b'\r' { line_end - 1 } else { line_end };
            let out = blanked.get_or_insert_with(|| bytes.to_vec());
            out[line_start..content_end].fill(b' ');
        }
    }
    match blanked {
        // Only whole lines of characters were replaced by ASCII spaces, so the text is still UTF-8.
        Some(bytes) => Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| source.to_string())),
        None => Cow::Borrowed(source),
    }
}

/// Where `</tag>` last occurs in `bytes`, in any case.
fn last_closing(bytes: &[u8], tag: &str) -> Option<usize> {
    memchr::memrchr_iter(b'<', bytes).find(|&at| {
        let rest = &bytes[at..];
        rest.len() >= tag.len() + 3
            && rest[1] == b'/'
            && rest[2..2 + tag.len()].eq_ignore_ascii_case(tag.as_bytes())
            && rest[2 + tag.len()] == b'>'
    })
}

/// Extract the text of a Markdown source, block by block.
pub fn extract(source: &str) -> BuiltText {
    let mut builder = TextBuilder::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let prepared = blank_unclosed_raw_blocks(source);
    for (event, range) in Parser::new_ext(&prepared, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                builder.end_block();
                builder.set_heading(Some(level_number(level)));
            }
            Event::End(TagEnd::Heading(_)) => {
                builder.end_block();
                builder.set_heading(None);
            }
            Event::Start(Tag::Strong) => builder.set_bold(true),
            Event::End(TagEnd::Strong) => builder.set_bold(false),
            Event::Start(Tag::Link { .. }) => builder.set_link(true),
            Event::Start(Tag::Item) => {
                builder.end_block();
                builder.set_item(true);
            }
            Event::End(TagEnd::Item) => {
                builder.end_block();
                builder.set_item(false);
            }
            Event::Start(Tag::Table(_)) => builder.start_table(),
            Event::End(TagEnd::Table) => builder.end_table(),
            Event::Start(Tag::TableHead) => builder.start_row(true),
            Event::Start(Tag::TableRow) => builder.start_row(false),
            Event::Start(Tag::TableCell) => builder.start_cell(false),
            Event::End(TagEnd::TableCell) => builder.end_cell(),
            Event::End(TagEnd::Link) => builder.set_link(false),
            Event::Start(
                Tag::Paragraph | Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::List(_) | Tag::FootnoteDefinition(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition,
            )
            | Event::Rule => builder.end_block(),
            Event::Text(text) | Event::Code(text) => {
                let raw = &source[range.clone()];
                if raw == text.as_ref() {
                    builder.push_source(raw, range.start);
                } else {
                    builder.push_decoded(&text, range.start, range.end);
                }
            }
            Event::SoftBreak | Event::HardBreak => builder.push_break(range.start),
            Event::InlineHtml(html) if html.trim_start().to_ascii_lowercase().starts_with("<br") => {
                builder.push_break(range.start)
            }
            Event::Html(_) => builder.end_block(),
            _ => {}
        }
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::builder::BlockKind;

    #[test]
    fn an_unclosed_script_line_does_not_hide_the_rest_of_the_page() {
        let source = "# P\n\n <script type=\"text/javascript\"> menu();\n\nWe keep logs for 30 days.\n";
        let built = extract(source);
        assert_eq!(built.text, "P\nWe keep logs for 30 days.\n");
        let keep = built.text.find("keep").unwrap();
        assert_eq!(&source[built.map.start(keep)..][..4], "keep");
        let closed = extract("<script>\nvar x = 1;\n</script>\n\nText.\n");
        assert_eq!(closed.text, "Text.\n");
    }

    #[test]
    fn only_openers_at_a_line_start_that_are_never_closed_are_blanked() {
        // Up to three spaces of indent, any case, CRLF endings: blanked, offsets kept.
        let source = "a\r\n   <SCRIPT>x\r\n<style>\nb <script> c\n    <script>\n<pre>\n</pre>\n";
        let blanked = blank_unclosed_raw_blocks(source);
        assert_eq!(blanked, "a\r\n            \r\n       \nb <script> c\n    <script>\n<pre>\n</pre>\n");
        assert_eq!(blanked.len(), source.len());
        // An opener before the last close of its tag stays: CommonMark closes it.
        assert!(matches!(blank_unclosed_raw_blocks("<pre>\nx\n</PRE>\n"), Cow::Borrowed(_)));
        // Only the openers after the last close are blanked.
        assert_eq!(blank_unclosed_raw_blocks("<pre>\n</pre>\n<pre>\n"), "<pre>\n</pre>\n     \n");
        assert!(matches!(blank_unclosed_raw_blocks("no tags < here"), Cow::Borrowed(_)));
    }

    #[test]
    fn markup_is_dropped_and_offsets_point_into_source() {
        let source = "# Privacy\n\nWe **do not** sell\nyour [data](https://x.test) &amp; more.\n";
        let built = extract(source);
        assert_eq!(built.text, "Privacy\nWe do not sell your data & more.\n");
        assert_eq!(built.blocks[0].kind, BlockKind::Heading(1));
        let amp = built.text.find('&').unwrap();
        let start = built.map.start(amp);
        let end = built.map.end(amp);
        assert_eq!(&source[start..end], "&amp;");
        let data = built.text.find("data").unwrap();
        assert_eq!(&source[built.map.start(data)..][..4], "data");
    }

    #[test]
    fn table_cells_are_read_with_their_column_header() {
        let source =
            "| Categories of personal information | Recipients |\n|---|---|\n| Identifiers | Service providers |\n";
        let built = extract(source);
        assert_eq!(
            built.text,
            "Categories of personal information\nRecipients\nCategories of personal information: Identifiers\nRecipients: Service providers\n"
        );
        // The header text stands for the header cell in the source; the cell's own text is copied.
        let label = built.text.find("Recipients: ").unwrap();
        assert_eq!(&source[built.map.start(label)..built.map.end(label)], "Recipients");
        let cell = built.text.find("Service").unwrap();
        assert_eq!(&source[built.map.start(cell)..][..7], "Service");
    }

    #[test]
    fn a_blank_line_in_the_middle_of_a_sentence_is_joined() {
        let built = extract("We keep your data\n\nfor as long as your account is active.\n\nNext paragraph.\n");
        assert_eq!(built.text, "We keep your data for as long as your account is active.\nNext paragraph.\n");
        assert_eq!(built.blocks.len(), 2);
        // A heading, a list item or a finished sentence is not joined.
        let kept = extract("# Title\n\nlower case body.\n\n- item\n\nDone.\n\nmore.\n");
        assert_eq!(kept.blocks.len(), 5);
    }

    #[test]
    fn full_width_punctuation_reads_as_ascii() {
        let built = extract("Last updated: August 29\u{ff0c}2023\n");
        assert_eq!(built.text, "Last updated: August 29,2023\n");
    }
}
