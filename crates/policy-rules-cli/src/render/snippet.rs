//! The source lines a human diagnostic shows: a few lines around each label, each line cut to the
//! terminal's width around the flagged text with an ellipsis, so that a policy written as one
//! long paragraph per line still reads as a short snippet.

use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use policy_rules_core::{LineIndex, Span};
use unicode_width::UnicodeWidthChar;

/// Lines of context above and below a label.
const CONTEXT_LINES: usize = 1;
/// Most lines of one label shown; a longer span is shown from its start.
const MAX_LABEL_LINES: usize = 4;
/// Columns a tab takes.
const TAB_WIDTH: usize = 4;

/// A label placed in the snippet.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Where it is in the snippet text.
    pub range: Range<usize>,
    /// Its text.
    pub label: String,
    /// Whether it is the primary label.
    pub primary: bool,
    /// Its real 0-based line and character column in the file.
    pub at: (usize, usize),
}

/// One window: consecutive lines of the file, as shown.
#[derive(Debug)]
struct Window {
    /// Offset of the window in the snippet text.
    offset: usize,
    /// Length in the snippet text.
    len: usize,
    /// First line shown, 0-based.
    first_line: usize,
    /// Number of lines.
    lines: usize,
}

/// A synthetic source holding only what is shown, with labels mapped into it.
#[derive(Debug)]
pub struct Snippet {
    name: String,
    text: String,
    windows: Vec<Window>,
    /// The labels, primary first.
    pub labels: Vec<Placed>,
}

fn char_width(c: char) -> usize {
    if c == '\t' {
        TAB_WIDTH
    } else {
        c.width().unwrap_or(0)
    }
}

impl Snippet {
    /// The snippet of `labels` (source spans with their text; the first is primary) in `source`,
    /// with lines at most `width` columns wide.
    pub fn new(name: &str, source: &str, index: &LineIndex, labels: &[(Span, String)], width: usize) -> Snippet {
        let width = width.max(24);
        // Line ranges to show, one per label, merged where they touch.
        let mut ranges: Vec<Range<usize>> = labels
            .iter()
            .map(|(span, _)| {
                let first = index.line_of(span.start);
                let last = index.line_of(span.end.saturating_sub(1).max(span.start)).min(first + MAX_LABEL_LINES - 1);
                first.saturating_sub(CONTEXT_LINES)..(last + CONTEXT_LINES).min(index.line_count() - 1) + 1
            })
            .collect();
        ranges.sort_by_key(|r| r.start);
        ranges.dedup_by(|later, earlier| {
            if later.start <= earlier.end {
                earlier.end = earlier.end.max(later.end);
                true
            } else {
                false
            }
        });
        let mut snippet =
            Snippet { name: name.to_string(), text: String::new(), windows: Vec::new(), labels: Vec::new() };
        // For each label: the snippet offsets of its start and end, once placed.
        let mut placed: Vec<(Option<usize>, Option<usize>)> = vec![(None, None); labels.len()];
        for lines in ranges {
            if !snippet.text.is_empty() {
                snippet.text.push('\n');
            }
            let offset = snippet.text.len();
            for line in lines.clone() {
                if line > lines.start {
                    snippet.text.push('\n');
                }
                let start = index.line_start(line);
                let end = index.line_end(source, line).max(start);
                let content = &source[start..end];
                let focus = labels
                    .iter()
                    .filter(|(span, _)| span.start < end.max(start + 1) && span.end.max(span.start + 1) > start)
                    .map(|(span, _)| span.start.max(start) - start..span.end.min(end).max(span.start) - start)
                    .min_by_key(|range| range.start);
                let (shown, cut_start) = cut(content, focus, width);
                let line_offset = snippet.text.len();
                snippet.text.push_str(&shown.text);
                for (i, (span, _)) in labels.iter().enumerate() {
                    let map = |byte: usize| -> Option<usize> {
                        if byte < start || byte > end {
                            return None;
                        }
                        let relative = byte - start;
                        Some(line_offset + shown.prefix + relative.clamp(cut_start, cut_start + shown.body) - cut_start)
                    };
                    if placed[i].0.is_none() {
                        placed[i].0 = map(span.start);
                    }
                    if let Some(mapped) = map(span.end) {
                        placed[i].1 = Some(mapped);
                    } else if placed[i].0.is_some() && span.end > end {
                        // The span goes on: it ends, for the eye, at the end of the last line shown.
                        placed[i].1 = Some(line_offset + shown.text.len());
                    }
                }
            }
            snippet.windows.push(Window {
                offset,
                len: snippet.text.len() - offset,
                first_line: lines.start,
                lines: lines.len(),
            });
        }
        for (i, ((span, label), (start, end))) in labels.iter().zip(placed).enumerate() {
            let Some(start) = start else { continue };
            let end = end.unwrap_or(start).max(start);
            let at = index.line_column(source, span.start);
            snippet.labels.push(Placed {
                range: start..end,
                label: label.clone(),
                primary: i == 0,
                at: (at.line - 1, at.column - 1),
            });
        }
        snippet
    }
}

/// A line as shown: its text, the bytes of ellipsis before the body, and the body's length.
struct Shown {
    text: String,
    prefix: usize,
    body: usize,
}

/// Cut `line` to `width` columns, keeping the bytes of `focus` (if any) in view, or at least its
/// start; returns the shown line and the byte of `line` where the shown body starts.
fn cut(line: &str, focus: Option<Range<usize>>, width: usize) -> (Shown, usize) {
    // Widths are summed only as far as they matter, so that a line of megabytes costs no more than
    // one of the screen's width.
    let bounded = |text: &str| {
        let mut sum = 0;
        for c in text.chars() {
            sum += char_width(c);
            if sum > width {
                break;
            }
        }
        sum
    };
    if bounded(line) <= width {
        return (Shown { text: line.to_string(), prefix: 0, body: line.len() }, 0);
    }
    let focus = focus.unwrap_or(0..0);
    let (focus_start, focus_end) = (focus.start.min(line.len()), focus.end.min(line.len()));
    let focus_width = bounded(&line[focus_start..focus_end]);
    // Context before the focus: a third of the width, less when that would push its end out.
    let context = (width / 3).min(width.saturating_sub(focus_width + 2) / 2);
    let mut start = focus_start;
    let mut before = 0;
    for (i, c) in line[..focus_start].char_indices().rev() {
        before += char_width(c);
        if before > context {
            break;
        }
        start = i;
    }
    let ellipsis_before = start > 0;
    let mut room = width - usize::from(ellipsis_before) - 1;
    let mut end = start;
    for (i, c) in line[start..].char_indices() {
        let w = char_width(c);
        if w > room {
            break;
        }
        room -= w;
        end = start + i + c.len_utf8();
    }
    let ellipsis_after = end < line.len();
    let mut text = String::new();
    if ellipsis_before {
        text.push('…');
    }
    let prefix = text.len();
    text.push_str(&line[start..end]);
    if ellipsis_after {
        text.push('…');
    }
    (Shown { text, prefix, body: end - start }, start)
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let offset = span.offset();
        let window = self
            .windows
            .iter()
            .find(|w| offset >= w.offset && offset <= w.offset + w.len)
            .ok_or(MietteError::OutOfBounds)?;
        if context_lines_before == 0 && context_lines_after == 0 {
            // The primary label's own text: its real line and column, for the header.
            let (line, column) =
                self.labels.iter().find(|l| l.range.start == offset).map_or((window.first_line, 0), |l| l.at);
            let end = (offset + span.len()).min(self.text.len());
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                &self.text.as_bytes()[offset..end],
                *span,
                line,
                column,
                1,
            )));
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[window.offset..window.offset + window.len],
            SourceSpan::new(window.offset.into(), window.len),
            window.first_line,
            0,
            window.lines,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_label_with_ellipses() {
        let source =
            format!("# Title\n\n{} We do not respond to Do Not Track signals. {}\n", "x".repeat(300), "y".repeat(300));
        let index = LineIndex::new(&source);
        let start = source.find("We do not").unwrap();
        let span = Span::new(start, start + "We do not respond to Do Not Track signals.".len());
        let snippet = Snippet::new("p.md", &source, &index, &[(span, "here".into())], 80);
        let lines: Vec<&str> = snippet.text.lines().collect();
        assert_eq!(lines[0], "");
        let shown = lines[1];
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() <= 80, "{}", shown.chars().count());
        let label = &snippet.labels[0];
        assert_eq!(&snippet.text[label.range.clone()], "We do not respond to Do Not Track signals.");
        assert_eq!(label.at, (2, 301));
    }

    #[test]
    fn wide_characters_count_twice() {
        let (shown, _) = cut(&"漢".repeat(50), Some(0..3), 20);
        assert_eq!(shown.text.chars().count(), 10);
        assert!(shown.text.ends_with('…'));
    }
}
