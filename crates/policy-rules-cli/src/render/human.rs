//! `human`: each finding as a miette diagnostic with the source snippet and the span labelled.

use std::fmt;
use std::io::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use policy_rules_core::{Checked, Finding, Severity};

use super::source::IndexedSource;

/// Renders findings with miette's graphical handler.
pub struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    /// A renderer, with colour or without.
    pub fn new(color: bool) -> Human {
        let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false).with_urls(true);
        Human { handler }
    }

    /// Write one document's findings.
    pub fn render(&self, checked: &Checked, out: &mut dyn Write) -> io::Result<()> {
        for finding in &checked.findings {
            let source =
                checked.document.as_ref().map(|doc| IndexedSource::new(&checked.path, &doc.source, doc.line_index()));
            let primary = checked.document.as_ref().map(|doc| match finding.span {
                Some(span) => (span, "here".to_string()),
                None => (doc.title_span(), "this document".to_string()),
            });
            let report = FindingReport { path: &checked.path, finding, source, primary };
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
    source: Option<IndexedSource<'a>>,
    primary: Option<(policy_rules_core::Span, String)>,
}

impl fmt::Debug for FindingReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingReport").field("finding", self.finding).finish()
    }
}

impl fmt::Display for FindingReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_none() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.finding.message)
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
        let help = self.finding.help.as_deref().map(str::trim);
        let reference = self.finding.reference.as_deref().map(|r| format!("reference: {r}"));
        match (help, reference) {
            (Some(help), Some(reference)) => Some(Box::new(format!("{help}\n{reference}"))),
            (Some(help), None) => Some(Box::new(help.to_string())),
            (None, Some(reference)) => Some(Box::new(reference)),
            (None, None) => None,
        }
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding.url.as_ref().map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (span, label) = self.primary.as_ref()?;
        let primary = LabeledSpan::new_primary_with_span(Some(label.clone()), (span.start, span.len()));
        let extra = self
            .finding
            .labels
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.text.clone()), (l.span.start, l.span.len())));
        Some(Box::new(std::iter::once(primary).chain(extra)))
    }
}
