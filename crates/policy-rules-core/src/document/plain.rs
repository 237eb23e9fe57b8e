//! Plain text to normalized text: blank lines end paragraphs, heading-like lines stand alone.

use super::builder::{BuiltText, TextBuilder};
use super::headings;

/// Extract the text of a plain-text source, block by block.
pub fn extract(source: &str) -> BuiltText {
    let mut builder = TextBuilder::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() {
            builder.end_block();
        } else if headings::numbered_depth(trimmed).is_some() || headings::is_all_caps(trimmed) {
            builder.end_block();
            builder.push_source(content, offset);
            builder.end_block();
        } else {
            builder.push_source(content, offset);
            builder.push_break(offset + content.len());
        }
        offset += line.len();
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_join_and_heading_lines_stand_alone() {
        let built = extract("1. Information We Collect\nWe collect your\nname.\n\nSecond paragraph.\n");
        assert_eq!(built.text, "1. Information We Collect\nWe collect your name.\nSecond paragraph.\n");
        assert_eq!(built.blocks.len(), 3);
    }
}
