//! `metric`: report units whose readability or size is out of range.

use serde::Serialize;

use super::matcher::units;
use super::{Build, KindKey, Measure, RawMetric, Rule, RuleInfo, RuleKind, Scope, Shape, Values};
use crate::error::PackError;
use crate::finding::Finding;
use crate::readability::Readability;
use crate::search::Context;

/// `metric:` as a pack writes it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MetricKind {
    /// Readability and size thresholds.
    pub metric: RawMetric,
}

impl RuleKind for MetricKind {
    fn keys() -> &'static [KindKey] {
        const KEYS: &[KindKey] = &[KindKey::naming("metric", Shape::Metric)];
        KEYS
    }

    fn from_values(values: &mut Values) -> Option<Self> {
        Some(MetricKind { metric: values.metric("metric")? })
    }

    fn name(&self) -> &'static str {
        "metric"
    }

    fn description(&self) -> &'static str {
        "a finding per unit out of range"
    }

    fn placeholders(&self, out: &mut Vec<String>) {
        out.extend(["value".to_string(), "limit".to_string()]);
    }

    fn compile(&self, info: RuleInfo, _: &mut Build<'_>) -> Result<Box<dyn Rule>, PackError> {
        Ok(Box::new(Metric::new(info, self.metric.clone())))
    }
}

/// Reports sentences, paragraphs, sections or documents whose measure is above `max` or below `min`.
pub struct Metric {
    info: RuleInfo,
    metric: RawMetric,
}

impl Metric {
    /// A metric rule.
    pub fn new(info: RuleInfo, metric: RawMetric) -> Self {
        Metric { info, metric }
    }
}

fn format_value(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

impl Rule for Metric {
    fn info(&self) -> &RuleInfo {
        &self.info
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        let unit_ranges = match self.metric.scope {
            // A section's own text, up to its first subsection, is what its heading introduces.
            Scope::Section => doc
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let next = doc.sections.get(i + 1).map(|n| n.range.start).filter(|&n| n < s.range.end);
                    s.range.start..next.unwrap_or(s.range.end)
                })
                .collect(),
            scope => units(doc, scope),
        };
        for (index, range) in unit_ranges.into_iter().enumerate() {
            let stats = Readability::of(doc, range.clone());
            if stats.words == 0 {
                continue;
            }
            let value = match self.metric.measure {
                Measure::Grade => stats.grade,
                Measure::ReadingEase => stats.reading_ease,
                Measure::SentenceWords => stats.words as f64 / stats.sentences.max(1) as f64,
                Measure::Words => stats.words as f64,
                Measure::Sentences => stats.sentences as f64,
            };
            let above = self.metric.max.is_some_and(|max| value > max);
            let below = self.metric.min.is_some_and(|min| value < min);
            if !(above || below) {
                continue;
            }
            let span = match self.metric.scope {
                Scope::Document => None,
                Scope::Section if !doc.sections[index].heading.is_empty() => {
                    Some(doc.span(doc.sections[index].heading.clone()))
                }
                _ => Some(doc.span(range)),
            };
            let limit = if above { self.metric.max } else { self.metric.min };
            let message = self
                .info
                .message
                .replace("{value}", &format_value(value))
                .replace("{limit}", &limit.map(format_value).unwrap_or_default());
            out.push(self.info.finding(message, span));
        }
    }
}
