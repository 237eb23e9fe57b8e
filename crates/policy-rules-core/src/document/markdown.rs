//! Markdown to normalized text, keeping source offsets (pulldown-cmark).

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

/// Extract the text of a Markdown source, block by block.
pub fn extract(source: &str) -> BuiltText {
    let mut builder = TextBuilder::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
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
            Event::Start(Tag::Item | Tag::TableCell) => {
                builder.end_block();
                builder.set_item(true);
            }
            Event::End(TagEnd::Item | TagEnd::TableCell) => {
                builder.end_block();
                builder.set_item(false);
            }
            Event::End(TagEnd::Link) => builder.set_link(false),
            Event::Start(
                Tag::Paragraph
                | Tag::TableRow
                | Tag::TableHead
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::FootnoteDefinition(_),
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
    fn markup_is_dropped_and_offsets_point_into_source() {
        let source = "# Privacy\n\nWe **do not** sell\nyour [data](https://x.test) &amp; more.\n";
        let built = extract(source);
        assert_eq!(built.text, "Privacy\nWe do not sell your data & more.\n");
        assert_eq!(built.blocks[0].kind, BlockKind::Heading(1));
        let amp = built.text.find('&').unwrap();
        let start = built.source_start[amp] as usize;
        let end = built.source_end[amp] as usize;
        assert_eq!(&source[start..end], "&amp;");
        let data = built.text.find("data").unwrap();
        assert_eq!(&source[built.source_start[data] as usize..][..4], "data");
    }
}
