//! HTML to normalized text, keeping source offsets (lol_html); script, style and navigation dropped.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::TextType;
use lol_html::{doc_text, element, EndTagHandler, HtmlRewriter, Settings};

use super::builder::{BuiltText, TextBuilder};

/// Elements whose text is never part of the policy.
const SKIPPED: &[&str] =
    &["script", "style", "nav", "noscript", "template", "head", "svg", "iframe", "select", "button", "form"];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "main",
    "blockquote",
    "pre",
    "br",
    "hr",
    "address",
    "figure",
    "figcaption",
    "caption",
    "details",
    "summary",
    "body",
];

#[derive(Default)]
struct State {
    builder: TextBuilder,
    skip_depth: usize,
    /// Inside `thead`.
    in_head: bool,
}

type Shared = Rc<RefCell<State>>;

fn heading_level(tag: &str) -> Option<u8> {
    match tag {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// An end-tag handler that runs `action`.
fn on_end(action: impl FnOnce() + 'static) -> EndTagHandler<'static> {
    Box::new(move |_end| {
        action();
        Ok(())
    })
}

/// Extract the text of an HTML source, block by block.
pub fn extract(source: &str) -> BuiltText {
    let state: Shared = Rc::new(RefCell::new(State::default()));
    let elements = Rc::clone(&state);
    let texts = Rc::clone(&state);
    let settings = Settings {
        element_content_handlers: vec![element!("*", move |el| {
            let tag = el.tag_name().to_ascii_lowercase();
            let state = Rc::clone(&elements);
            if SKIPPED.contains(&tag.as_str()) {
                if el.can_have_content() {
                    state.borrow_mut().skip_depth += 1;
                    el.on_end_tag(on_end(move || {
                        let mut state = state.borrow_mut();
                        state.skip_depth = state.skip_depth.saturating_sub(1);
                    }))?;
                }
            } else if let Some(level) = heading_level(&tag) {
                {
                    let mut state = state.borrow_mut();
                    state.builder.end_block();
                    state.builder.set_heading(Some(level));
                }
                el.on_end_tag(on_end(move || {
                    let mut state = state.borrow_mut();
                    state.builder.end_block();
                    state.builder.set_heading(None);
                }))?;
            } else if tag == "a" && el.get_attribute("href").is_some() {
                state.borrow_mut().builder.set_link(true);
                el.on_end_tag(on_end(move || {
                    state.borrow_mut().builder.set_link(false);
                }))?;
            } else if tag == "strong" || tag == "b" {
                state.borrow_mut().builder.set_bold(true);
                el.on_end_tag(on_end(move || {
                    state.borrow_mut().builder.set_bold(false);
                }))?;
            } else if tag == "table" {
                state.borrow_mut().builder.start_table();
                el.on_end_tag(on_end(move || state.borrow_mut().builder.end_table()))?;
            } else if tag == "thead" || tag == "tbody" || tag == "tfoot" {
                state.borrow_mut().in_head = tag == "thead";
                el.on_end_tag(on_end(move || state.borrow_mut().in_head = false))?;
            } else if tag == "tr" {
                {
                    let mut state = state.borrow_mut();
                    let head = state.in_head;
                    state.builder.start_row(head);
                }
                el.on_end_tag(on_end(move || state.borrow_mut().builder.end_block()))?;
            } else if tag == "td" || tag == "th" {
                {
                    let mut state = state.borrow_mut();
                    // Column headers: `th` in `thead`, or in the first row of a table without one.
                    let header = tag == "th" && (state.in_head || state.builder.first_row());
                    state.builder.start_cell(header);
                }
                el.on_end_tag(on_end(move || state.borrow_mut().builder.end_cell()))?;
            } else if matches!(tag.as_str(), "li" | "dt" | "dd") {
                {
                    let mut state = state.borrow_mut();
                    state.builder.end_block();
                    state.builder.set_item(true);
                }
                el.on_end_tag(on_end(move || {
                    let mut state = state.borrow_mut();
                    state.builder.end_block();
                    state.builder.set_item(false);
                }))?;
            } else if BLOCKS.contains(&tag.as_str()) {
                state.borrow_mut().builder.end_block();
                if el.can_have_content() {
                    el.on_end_tag(on_end(move || {
                        state.borrow_mut().builder.end_block();
                    }))?;
                }
            }
            Ok(())
        })],
        document_content_handlers: vec![doc_text!(move |chunk| {
            let mut state = texts.borrow_mut();
            if state.skip_depth > 0 || !matches!(chunk.text_type(), TextType::Data) {
                return Ok(());
            }
            let start = chunk.source_location().bytes().start;
            push_with_entities(&mut state.builder, chunk.as_str(), start);
            Ok(())
        })],
        ..Settings::new()
    };
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    // Our handlers never fail and output is discarded, so a rewriter error can only come from
    // memory limits on absurd input; what was extracted so far is still returned.
    let _ = rewriter.write(source.as_bytes()).and_then(|()| rewriter.end());
    let state = Rc::try_unwrap(state).map(RefCell::into_inner).unwrap_or_default();
    state.builder.finish()
}

/// Push raw HTML text, decoding character references while keeping each one's source range.
fn push_with_entities(builder: &mut TextBuilder, text: &str, offset: usize) {
    let mut rest_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'&' {
            if let Some(len) = entity_length(&text[i..]) {
                builder.push_source(&text[rest_start..i], offset + rest_start);
                let entity = &text[i..i + len];
                let decoded = html_escape::decode_html_entities(entity);
                builder.push_decoded(&decoded, offset + i, offset + i + len);
                i += len;
                rest_start = i;
                continue;
            }
        }
        i += 1;
    }
    builder.push_source(&text[rest_start..], offset + rest_start);
}

/// Length of a character reference at the start of `text` (`&amp;`, `&#8217;`, `&#x2019;`).
fn entity_length(text: &str) -> Option<usize> {
    let body = text.as_bytes().get(1..)?;
    let numeric = body.first() == Some(&b'#');
    let len = body.iter().take(32).position(|&b| b == b';').filter(|&end| end > usize::from(numeric))?;
    let name = &body[..len];
    let valid = if numeric {
        name[1..].iter().all(u8::is_ascii_hexdigit) || (name[1] | 0x20 == b'x' && name.len() > 2)
    } else {
        name.iter().all(u8::is_ascii_alphanumeric)
    };
    valid.then_some(len + 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::builder::BlockKind;

    #[test]
    fn script_style_and_nav_are_dropped_and_entities_decoded() {
        let source = "<html><head><title>T</title><style>p{}</style></head><body>\
            <nav><a href=/>Home</a></nav><h2>Do&nbsp;Not Track</h2>\
            <p>We don&rsquo;t respond.<script>var x = 1;</script></p></body></html>";
        let built = extract(source);
        assert_eq!(built.text, "Do Not Track\nWe don't respond.\n");
        assert_eq!(built.blocks[0].kind, BlockKind::Heading(2));
        let apostrophe = built.text.find('\'').unwrap();
        let (start, end) = (built.map.start(apostrophe), built.map.end(apostrophe));
        assert_eq!(&source[start..end], "&rsquo;");
    }

    #[test]
    fn table_cells_are_read_with_their_column_header() {
        let source = "<table><tr><th>Where we get the information</th><th>Purpose</th></tr>\
            <tr><td>From you</td><td>To run the service</td></tr></table>";
        let built = extract(source);
        assert_eq!(
            built.text,
            "Where we get the information\nPurpose\nWhere we get the information: From you\nPurpose: To run the service\n"
        );
        // Without headers, cells are read as they are.
        let plain = extract("<table><tr><td>A</td><td>B</td></tr><tr><td>C</td></tr></table>");
        assert_eq!(plain.text, "A\nB\nC\n");
    }
}
