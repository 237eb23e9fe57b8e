//! What scripts see: a read-only document handle, matching helpers and `report(...)`.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rhai::{Array, Dynamic, EvalAltResult, ImmutableString, Map, NativeCallContext, INT};

use super::{RegexCache, ReportSink, ScriptReport};
use crate::document::{BlockKind, Date, Document};
use crate::finding::Severity;
use crate::readability::Readability;
use crate::span::Span;

type Fallible<T> = Result<T, Box<EvalAltResult>>;

/// A span handed to scripts: exact bytes in the source, and the range in the normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptSpan {
    /// Source bytes.
    pub source: Span,
    /// Normalized-text range (for `readability(span)`).
    pub text: Range<usize>,
}

/// Structure built on first use, shared by every script rule checking the same document.
#[derive(Default)]
struct Lazy {
    text: OnceLock<ImmutableString>,
    sentences: OnceLock<Array>,
    paragraphs: OnceLock<Array>,
    sections: OnceLock<Array>,
    meta: OnceLock<Map>,
}

/// The document as scripts see it (`doc`): read-only, structure built lazily.
#[derive(Clone)]
pub struct DocHandle {
    doc: Arc<Document>,
    cache: Arc<RegexCache>,
    lazy: Arc<Lazy>,
    today: Option<Date>,
}

impl DocHandle {
    /// A handle on `doc` using the run's regex cache; `today` is the reference date when the
    /// document has no archive date.
    pub fn new(doc: Arc<Document>, cache: Arc<RegexCache>, today: Option<Date>) -> DocHandle {
        DocHandle { doc, cache, lazy: Arc::new(Lazy::default()), today }
    }

    fn span(&self, range: Range<usize>) -> ScriptSpan {
        ScriptSpan { source: self.doc.span(range.clone()), text: range }
    }

    fn item(&self, range: Range<usize>) -> Map {
        let mut map = Map::new();
        map.insert("text".into(), Dynamic::from(self.doc.slice(&range).to_string()));
        map.insert("span".into(), Dynamic::from(self.span(range)));
        map
    }

    fn sentences_in(&self, range: &Range<usize>) -> Array {
        let first = self.doc.sentences.partition_point(|s| s.range.start < range.start);
        self.doc.sentences[first..]
            .iter()
            .take_while(|s| s.range.start < range.end)
            .filter(|s| s.range.end <= range.end)
            .filter(|s| self.doc.blocks[s.block].kind == BlockKind::Body)
            .map(|s| Dynamic::from_map(self.item(s.range.clone())))
            .collect()
    }

    fn sections(&self) -> Array {
        let doc = &self.doc;
        doc.sections
            .iter()
            .enumerate()
            .map(|(i, section)| {
                let own_end = doc
                    .sections
                    .get(i + 1)
                    .map(|next| next.range.start)
                    .filter(|&next| next < section.range.end)
                    .unwrap_or(section.range.end);
                let own = section.range.start..own_end;
                let mut map = self.item(section.range.clone());
                map.insert("heading".into(), Dynamic::from(doc.slice(&section.heading).to_string()));
                let heading_span =
                    if section.heading.is_empty() { own.start..own.start } else { section.heading.clone() };
                map.insert("heading_span".into(), Dynamic::from(self.span(heading_span)));
                map.insert("level".into(), Dynamic::from(INT::from(section.level)));
                map.insert("own_span".into(), Dynamic::from(self.span(own.clone())));
                map.insert("sentences".into(), Dynamic::from_array(self.sentences_in(&section.range)));
                Dynamic::from_map(map)
            })
            .collect()
    }

    fn meta(&self) -> Map {
        let meta = &self.doc.meta;
        let mut map = Map::new();
        let text = |value: Option<String>| value.map_or(Dynamic::UNIT, Dynamic::from);
        map.insert("title".into(), text(meta.title.clone()));
        map.insert("updated".into(), text(meta.updated.as_ref().map(|m| m.date.iso())));
        map.insert(
            "updated_span".into(),
            meta.updated.as_ref().map_or(Dynamic::UNIT, |m| Dynamic::from(self.span(m.range.clone()))),
        );
        map.insert("archived".into(), text(meta.archived.map(|d| d.iso())));
        map.insert("today".into(), text(self.today.map(|d| d.iso())));
        map
    }

    fn regex(&self, pattern: &str) -> Fallible<regex::Regex> {
        self.cache.get(pattern).map_err(|e| format!("invalid regex `{pattern}`: {e}").into())
    }
}

fn readability_map(stats: Readability) -> Map {
    let mut map = Map::new();
    map.insert("reading_ease".into(), Dynamic::from_float(round1(stats.reading_ease)));
    map.insert("grade".into(), Dynamic::from_float(round1(stats.grade)));
    map.insert("words".into(), Dynamic::from(stats.words as INT));
    map.insert("sentences".into(), Dynamic::from(stats.sentences as INT));
    map.insert("syllables".into(), Dynamic::from(stats.syllables as INT));
    map
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

fn sink(context: &NativeCallContext) -> Fallible<ReportSink> {
    context
        .tag()
        .and_then(|tag| tag.clone().try_cast::<ReportSink>())
        .ok_or_else(|| "report() can only be called while a rule checks a document".into())
}

fn push(context: &NativeCallContext, report: ScriptReport) -> Fallible<()> {
    let sink = sink(context)?;
    let mut reports = sink.0.lock().map_err(|_| "report sink poisoned")?;
    reports.push(report);
    Ok(())
}

fn options(map: &Map) -> Fallible<(Option<Severity>, Option<String>)> {
    let mut severity = None;
    let mut help = None;
    for (key, value) in map {
        match key.as_str() {
            "severity" => {
                let name = value.clone().into_string().map_err(|_| "`severity` must be a string")?;
                severity = Some(name.parse::<Severity>()?);
            }
            "help" => help = Some(value.to_string()),
            other => return Err(format!("unknown report option `{other}`; expected `severity` or `help`").into()),
        }
    }
    Ok((severity, help))
}

/// Register the host API on `engine`.
pub fn register(engine: &mut rhai::Engine) {
    engine.register_type_with_name::<DocHandle>("Document");
    engine.register_type_with_name::<ScriptSpan>("Span");
    engine.register_get("start", |span: &mut ScriptSpan| span.source.start as INT);
    engine.register_get("end", |span: &mut ScriptSpan| span.source.end as INT);

    engine.register_get("text", |doc: &mut DocHandle| {
        doc.lazy.text.get_or_init(|| ImmutableString::from(doc.doc.text.as_str())).clone()
    });
    engine.register_get("title", |doc: &mut DocHandle| doc.doc.meta.title.clone().map_or(Dynamic::UNIT, Dynamic::from));
    engine.register_get("path", |doc: &mut DocHandle| doc.doc.path.clone());
    engine.register_get("format", |doc: &mut DocHandle| doc.doc.format.as_str().to_string());
    engine.register_get("words", |doc: &mut DocHandle| doc.doc.words as INT);
    engine.register_get("meta", |doc: &mut DocHandle| doc.lazy.meta.get_or_init(|| doc.meta()).clone());
    engine.register_get("sentences", |doc: &mut DocHandle| {
        doc.lazy.sentences.get_or_init(|| doc.sentences_in(&(0..doc.doc.text.len()))).clone()
    });
    engine.register_get("paragraphs", |doc: &mut DocHandle| {
        doc.lazy
            .paragraphs
            .get_or_init(|| doc.doc.paragraphs().map(|b| Dynamic::from_map(doc.item(b.range.clone()))).collect())
            .clone()
    });
    engine.register_get("sections", |doc: &mut DocHandle| doc.lazy.sections.get_or_init(|| doc.sections()).clone());

    engine.register_fn("find", |doc: &mut DocHandle, pattern: &str| -> Fallible<Array> {
        let regex = doc.regex(pattern)?;
        let names: Vec<(usize, String)> =
            regex.capture_names().enumerate().filter_map(|(i, n)| n.map(|n| (i, n.to_string()))).collect();
        Ok(regex
            .captures_iter(&doc.doc.text)
            .filter_map(|caps| {
                let whole = caps.get(0)?;
                let mut map = doc.item(whole.range());
                let captures: Map = names
                    .iter()
                    .filter_map(|(i, name)| {
                        caps.get(*i).map(|m| (name.as_str().into(), Dynamic::from(m.as_str().to_string())))
                    })
                    .collect();
                map.insert("captures".into(), Dynamic::from_map(captures));
                Some(Dynamic::from_map(map))
            })
            .collect())
    });
    engine.register_fn("contains", |doc: &mut DocHandle, pattern: &str| -> Fallible<bool> {
        Ok(doc.regex(pattern)?.is_match(&doc.doc.text))
    });
    engine.register_fn("section", |doc: &mut DocHandle, pattern: &str| -> Fallible<Dynamic> {
        let regex = doc.regex(pattern)?;
        let sections = doc.lazy.sections.get_or_init(|| doc.sections()).clone();
        for (section, item) in doc.doc.sections.iter().zip(sections) {
            if !section.heading.is_empty() && regex.is_match(doc.doc.slice(&section.heading)) {
                return Ok(item);
            }
        }
        Ok(Dynamic::UNIT)
    });
    engine.register_fn("sentence_at", |doc: &mut DocHandle, span: ScriptSpan| {
        match doc.doc.sentence_at(span.text.start) {
            Some(index) => Dynamic::from_map(doc.item(doc.doc.sentences[index].range.clone())),
            None => Dynamic::UNIT,
        }
    });
    engine.register_fn("readability", |doc: &mut DocHandle| {
        readability_map(Readability::of(&doc.doc, 0..doc.doc.text.len()))
    });
    engine.register_fn("readability", |doc: &mut DocHandle, span: ScriptSpan| {
        readability_map(Readability::of(&doc.doc, span.text))
    });

    engine.register_fn("parse_duration", |text: &str| {
        super::parse_duration_days(text).map_or(Dynamic::UNIT, |days| Dynamic::from(days as INT))
    });
    engine.register_fn("date_diff_days", |from: &str, to: &str| -> Fallible<INT> {
        let parse =
            |text: &str| Date::parse_iso(text).ok_or_else(|| format!("`{text}` is not a date in YYYY-MM-DD form"));
        Ok((parse(to)?.days_since_epoch() - parse(from)?.days_since_epoch()) as INT)
    });

    engine.register_fn("report", |context: NativeCallContext, message: &str| {
        push(&context, ScriptReport { span: None, message: message.to_string(), severity: None, help: None })
    });
    engine.register_fn("report", |context: NativeCallContext, span: ScriptSpan, message: &str| {
        push(
            &context,
            ScriptReport { span: Some(span.source), message: message.to_string(), severity: None, help: None },
        )
    });
    engine.register_fn("report", |context: NativeCallContext, span: ScriptSpan, message: &str, extra: Map| {
        let (severity, help) = options(&extra)?;
        push(&context, ScriptReport { span: Some(span.source), message: message.to_string(), severity, help })
    });
}
