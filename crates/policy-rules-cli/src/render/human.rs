//! `human`: each finding as a miette diagnostic: the source lines around it, the flagged text
//! labelled, the rule id, the help, the reference and the link.

use std::fmt;
use std::io::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use policy_rules_core::{Checked, Finding, Severity};

use super::snippet::Snippet;
use super::{escape_controls, Emitter, Format, Style};

/// The format.
pub const FORMAT: Format = Format {
    name: "human",
    about: "diagnostics with the source lines around each finding (the default)",
    make: |style: Style| Box::new(Human::new(style)),
};

/// Renders findings with miette's graphical handler.
pub struct Human {
    handler: GraphicalReportHandler,
    width: usize,
}

impl Human {
    /// A renderer in the given style.
    pub fn new(style: Style) -> Human {
        let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(style.width)
            .with_links(false)
            .with_urls(true)
            .with_context_lines(1);
        Human { handler, width: style.width }
    }
}

impl Emitter for Human {
    fn document(&mut self, checked: &Checked, out: &mut dyn Write) -> io::Result<()> {
        let path = escape_controls(&checked.path);
        for finding in &checked.findings {
            let snippet = checked.document.as_ref().map(|doc| {
                let primary = match finding.span {
                    Some(span) => (span, "here".to_string()),
                    None => (doc.title_span(), "this document".to_string()),
                };
                let mut labels = vec![primary];
                labels.extend(finding.labels.iter().map(|l| (l.span, l.text.clone())));
                Snippet::new(&path, &doc.source, doc.line_index(), &labels, self.width.saturating_sub(10))
            });
            let report = FindingReport { path: &path, finding, snippet };
            let mut text = String::new();
            self.handler.render_report(&mut text, &report).map_err(io::Error::other)?;
            out.write_all(text.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

struct FindingReport<'a> {
    path: &'a str,
    finding: &'a Finding,
    snippet: Option<Snippet>,
}

impl fmt::Debug for FindingReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingReport").field("finding", self.finding).finish()
    }
}

impl fmt::Display for FindingReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.snippet.is_none() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&escape_controls(&self.finding.message))
    }
}

impl std::error::Error for FindingReport<'_> {}

impl Diagnostic for FindingReport<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info | Severity::Hint => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.finding.help.as_deref().map(|h| escape_controls(h.trim()).into_owned());
        let reference = self.finding.reference.as_deref().map(|r| format!("reference: {r}"));
        match (help, reference) {
            (Some(help), Some(reference)) => Some(Box::new(format!("{help}\n{reference}"))),
            (Some(help), None) => Some(Box::new(help)),
            (None, Some(reference)) => Some(Box::new(reference)),
            (None, None) => None,
        }
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding.url.as_ref().map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let snippet = self.snippet.as_ref()?;
        Some(Box::new(snippet.labels.iter().map(|placed| {
            let span = (placed.range.start, placed.range.len());
            if placed.primary {
                LabeledSpan::new_primary_with_span(Some(placed.label.clone()), span)
            } else {
                LabeledSpan::new_with_span(Some(placed.label.clone()), span)
            }
        })))
    }
}
