//! The same statement repeated in one document (a notice embedded in several places of a page) is
//! one finding with the other places as related locations, not one finding per copy.

use std::collections::HashMap;

use crate::finding::{Finding, Label};
use crate::span::Span;

/// The label of a related location that says the same again.
pub const REPEATED: &str = "the same statement, repeated";

/// The label of a further place a `report: once` rule found.
pub const ALSO: &str = "also here";

/// Longest stretch of context read on each side of a finding, in bytes.
const CONTEXT: usize = 300;

/// The statement around `span`: from the end of the previous sentence to the end of the next,
/// with white space collapsed and case folded.
fn statement(source: &str, span: Span) -> String {
    let mut from = span.start.saturating_sub(CONTEXT);
    while !source.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (span.end + CONTEXT).min(source.len());
    while !source.is_char_boundary(to) {
        to -= 1;
    }
    let stop = |c: char| matches!(c, '.' | '!' | '?' | '\n' | '>' | '<');
    let start = source[from..span.start].rfind(stop).map_or(from, |i| from + i + 1);
    let end = source[span.end..to].find(stop).map_or(to, |i| span.end + i);
    source[start..end].split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// Merge the findings of one rule that flag the same text in the same statement: the first keeps
/// the others as related locations.
pub fn merge(source: &str, findings: &mut Vec<Finding>) {
    if findings.len() < 2 {
        return;
    }
    let mut first: HashMap<(String, String, String), usize> = HashMap::new();
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings.drain(..) {
        let Some(span) = finding.span else {
            kept.push(finding);
            continue;
        };
        let flagged = source.get(span.start..span.end).unwrap_or_default().to_lowercase();
        let key = (finding.message.clone(), flagged, statement(source, span));
        match first.get(&key) {
            Some(&index) => kept[index].labels.push(Label { span, text: REPEATED.into() }),
            None => {
                first.insert(key, kept.len());
                kept.push(finding);
            }
        }
    }
    *findings = kept;
}

/// Merge every finding of one rule that has a span into the first: the rule reports once per
/// document (`report: once`), the other places as related locations.
pub fn merge_all(findings: &mut Vec<Finding>) {
    let Some(first) = findings.iter().position(|f| f.span.is_some()) else { return };
    let mut kept = Vec::with_capacity(findings.len());
    let mut related = Vec::new();
    for (index, finding) in findings.drain(..).enumerate() {
        match finding.span {
            Some(span) if index > first => related.push(Label { span, text: ALSO.into() }),
            _ => kept.push(finding),
        }
    }
    if let Some(finding) = kept.iter_mut().find(|f| f.span.is_some()) {
        finding.labels.extend(related);
    }
    *findings = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn at(source: &str, nth: usize, text: &str) -> Finding {
        let start = source.match_indices(text).nth(nth).unwrap().0;
        Finding::new("r/x", Severity::Warning, "m", Some(Span::new(start, start + text.len())))
    }

    #[test]
    fn a_notice_repeated_in_a_page_is_one_finding_with_related_locations() {
        let notice = "We do not respond to Do Not Track signals.";
        let source = format!("{notice}\n\nOther text.\n\n{notice}\n\nMore.\n\n{notice}\n");
        let mut findings = (0..3).map(|n| at(&source, n, notice)).collect();
        merge(&source, &mut findings);
        assert_eq!(findings.len(), 1);
        let related: Vec<usize> = findings[0].labels.iter().map(|l| l.span.start).collect();
        assert_eq!(
            related,
            vec![source.match_indices(notice).nth(1).unwrap().0, source.match_indices(notice).nth(2).unwrap().0]
        );
    }

    #[test]
    fn a_rule_that_reports_once_keeps_the_other_places_as_related_locations() {
        let source = "We rely on the Privacy Shield. We comply with the Privacy Shield Principles.";
        let mut findings = vec![at(source, 0, "Privacy Shield"), at(source, 1, "Privacy Shield")];
        findings.push(Finding::new("r/x", Severity::Warning, "m", None));
        merge_all(&mut findings);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].labels.len(), 1);
        assert_eq!(findings[0].labels[0].text, "also here");
        assert_eq!(findings[0].labels[0].span.start, source.rfind("Privacy Shield").unwrap());
    }

    #[test]
    fn the_same_words_in_different_statements_stay_apart() {
        let source = "We may share data from time to time. You may opt out from time to time.";
        let mut findings = (0..2).map(|n| at(source, n, "from time to time")).collect();
        merge(source, &mut findings);
        assert_eq!(findings.len(), 2);
    }
}
