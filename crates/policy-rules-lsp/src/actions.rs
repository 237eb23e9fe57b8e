//! Quick fixes: silence a finding on its line or in the file with a suppression comment, or insert
//! a rule's compliant clause where it belongs. Every fix is a workspace edit the client applies;
//! the server never writes a file.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, Range, TextEdit, Uri, WorkspaceEdit};
use policy_rules_core::{Document, Engine, Finding, Format, Span};

use crate::diagnostics::{finding_range, from_finding};
use crate::position::{Encoding, Text};

fn overlaps(a: &Range, b: &Range) -> bool {
    let (a0, a1) = ((a.start.line, a.start.character), (a.end.line, a.end.character));
    let (b0, b1) = ((b.start.line, b.start.character), (b.end.line, b.end.character));
    a0 <= b1 && b0 <= a1
}

/// The quick fixes for the findings in `range`.
pub fn actions(
    uri: &Uri,
    doc: &Document,
    findings: &[Finding],
    engine: &Engine,
    range: Range,
    encoding: Encoding,
) -> Vec<CodeActionOrCommand> {
    let text = Text::new(&doc.source, doc.line_index(), encoding);
    let mut out = Vec::new();
    for finding in findings.iter().filter(|f| overlaps(&finding_range(doc, f, encoding), &range)) {
        let diagnostic = from_finding(uri, doc, finding, encoding);
        let rule = &finding.rule;
        if let Some(span) = finding.span {
            let (at, insert) = next_line_comment(doc, span, rule);
            out.push(action(
                format!("Disable {rule} on this line"),
                uri,
                &diagnostic,
                text.range(Span::new(at, at)),
                insert,
            ));
        }
        let at = file_comment_offset(doc);
        let insert = format!("<!-- policy-rules-disable-file {rule} -->\n");
        out.push(action(
            format!("Disable {rule} in this file"),
            uri,
            &diagnostic,
            text.range(Span::new(at, at)),
            insert,
        ));
        if finding.is_document_level() {
            let example = engine.rules().find(|r| &r.id == rule).and_then(|r| r.example.as_deref());
            if let Some(example) = example {
                let (at, insert) = clause(doc, example, &finding.message);
                let mut fix = action(
                    "Insert a compliant clause".to_string(),
                    uri,
                    &diagnostic,
                    text.range(Span::new(at, at)),
                    insert,
                );
                if let CodeActionOrCommand::CodeAction(fix) = &mut fix {
                    fix.is_preferred = Some(true);
                }
                out.push(fix);
            }
        }
    }
    out
}

// `WorkspaceEdit::changes` is keyed by `Uri`, whose parsed form caches its parts.
#[allow(clippy::mutable_key_type)]
fn action(title: String, uri: &Uri, diagnostic: &Diagnostic, range: Range, new_text: String) -> CodeActionOrCommand {
    let changes = HashMap::from([(uri.clone(), vec![TextEdit { range, new_text }])]);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }),
        ..CodeAction::default()
    })
}

/// Where and what to insert so that `disable-next-line` covers the line of `span`: a line of its
/// own before a paragraph's first line, else at the end of the line above, so that a wrapped
/// paragraph is not split.
fn next_line_comment(doc: &Document, span: Span, rule: &str) -> (usize, String) {
    let index = doc.line_index();
    let line = index.line_of(span.start);
    let comment = format!("<!-- policy-rules-disable-next-line {rule} -->");
    let line_start = index.line_start(line);
    let indent: String = doc.source[line_start..].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    if line == 0 || doc.source[index.line_start(line - 1)..index.line_end(&doc.source, line - 1)].trim().is_empty() {
        return (line_start, format!("{indent}{comment}\n"));
    }
    (index.line_end(&doc.source, line - 1), format!(" {comment}"))
}

/// Where a file-wide comment goes: after Markdown front matter or an HTML doctype, else first.
fn file_comment_offset(doc: &Document) -> usize {
    let source = &doc.source;
    match doc.format {
        Format::Markdown if source.starts_with("---\n") => {
            source[4..].find("\n---\n").map_or(0, |end| 4 + end + "\n---\n".len())
        }
        Format::Html if source.trim_start().to_ascii_lowercase().starts_with("<!doctype") => {
            source.find('>').map_or(0, |end| source[end..].find('\n').map_or(source.len(), |nl| end + nl + 1))
        }
        _ => 0,
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() > 3).map(str::to_lowercase).collect()
}

/// Where and what to insert for a compliant clause: at the end of the section whose heading and
/// text share the most telling words with the clause and the finding, else of the document.
fn clause(doc: &Document, example: &str, message: &str) -> (usize, String) {
    let wanted = words(&format!("{example} {message}"));
    let sections: Vec<(Vec<String>, Vec<String>)> =
        doc.sections.iter().map(|s| (words(doc.slice(&s.heading)), words(doc.slice(&s.range)))).collect();
    // A word found in many sections tells little: weigh each by how rare it is.
    let weight = |word: &String| {
        let found = sections.iter().filter(|(_, body)| body.contains(word)).count();
        if found == 0 {
            0.0
        } else {
            1.0 / found as f64
        }
    };
    let best = sections
        .iter()
        .enumerate()
        .filter(|(i, _)| doc.sections[*i].level > 0)
        .map(|(i, (heading, body))| {
            let score: f64 = wanted
                .iter()
                .map(|w| {
                    weight(w) * (3.0 * f64::from(u8::from(heading.contains(w))) + f64::from(u8::from(body.contains(w))))
                })
                .sum();
            (i, score)
        })
        .filter(|(_, score)| *score > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    let end = match best {
        Some((i, _)) => doc.span(doc.sections[i].range.clone()).end,
        None => doc.source.trim_end().len(),
    };
    let source = &doc.source;
    match doc.format {
        Format::Html => {
            // After the element that closes the section's last block.
            let at = source[end..]
                .find("</")
                .and_then(|open| source[end + open..].find('>').map(|close| end + open + close + 1))
                .unwrap_or(source.len());
            (at, format!("\n<p>{}</p>", html_escape(example)))
        }
        Format::Markdown | Format::Text => {
            let at = source[end..].find('\n').map_or(source.len(), |nl| end + nl);
            (at, format!("\n\n{example}"))
        }
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clause_goes_at_the_end_of_the_section_it_belongs_to() {
        let source = "# Privacy\n\n## Cookies\n\nWe use cookies.\n\n## Changes to this policy\n\nWe may change it.\n\n## Contact\n\nWrite to us.\n";
        let doc = Document::parse("p.md", Format::Markdown, source.to_string());
        let example = "We will post any changes on this page and e-mail you before material changes take effect.";
        let (at, text) = clause(&doc, example, "The policy never says how users are told of changes to it");
        assert_eq!(
            &source[..at],
            "# Privacy\n\n## Cookies\n\nWe use cookies.\n\n## Changes to this policy\n\nWe may change it."
        );
        assert_eq!(text, format!("\n\n{example}"));
    }

    #[test]
    fn a_line_comment_does_not_split_a_wrapped_paragraph() {
        let source = "# P\n\nFirst line of a paragraph\nwe do not respond to DNT.\n";
        let doc = Document::parse("p.md", Format::Markdown, source.to_string());
        let start = source.find("we do not").unwrap();
        let (at, text) = next_line_comment(&doc, Span::new(start, start + 5), "caloppa/dnt-not-honored");
        assert_eq!(&source[..at], "# P\n\nFirst line of a paragraph");
        assert_eq!(text, " <!-- policy-rules-disable-next-line caloppa/dnt-not-honored -->");
    }
}
