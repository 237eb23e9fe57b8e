//! What scripts see: a read-only document handle, matching helpers and `report(...)`.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rhai::{Array, Dynamic, EvalAltResult, ImmutableString, Map, NativeCallContext, INT};

use super::{RegexCache, ReportSink, ScriptReport};
use crate::document::{BlockKind, Date, Document};
use crate::finding::Severity;
use crate::readability::Readability;
use crate::search::scan::Scan;
use crate::search::{Blocks, Pattern, Plan, Planned};
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
    sentences: OnceLock<Arc<Vec<Range<usize>>>>,
    paragraphs: OnceLock<Arc<Vec<Range<usize>>>>,
    meta: OnceLock<Map>,
    /// The scan of a document checked without a plan: no literal found anywhere.
    no_scan: Scan,
}

/// The document as scripts see it (`doc`): read-only, structure built lazily.
#[derive(Clone)]
pub struct DocHandle {
    doc: Arc<Document>,
    cache: Arc<RegexCache>,
    lazy: Arc<Lazy>,
    today: Option<Date>,
    max_items: usize,
    search: Option<(Arc<Plan>, Arc<Scan>)>,
}

/// A sentence, paragraph or match as scripts see it: `text` and `span`, made when asked.
#[derive(Clone)]
pub struct Item {
    doc: Arc<Document>,
    range: Range<usize>,
}

impl Item {
    fn span(&self) -> ScriptSpan {
        ScriptSpan { source: self.doc.span(self.range.clone()), text: self.range.clone() }
    }
}

/// A list of sentences or paragraphs: iterated, indexed (negative from the end) and counted
/// without copying the list.
#[derive(Clone)]
pub struct Items {
    doc: Arc<Document>,
    ranges: Arc<Vec<Range<usize>>>,
}

impl IntoIterator for Items {
    type Item = Item;
    type IntoIter = std::vec::IntoIter<Item>;

    fn into_iter(self) -> Self::IntoIter {
        let doc = self.doc;
        self.ranges.iter().map(|r| Item { doc: Arc::clone(&doc), range: r.clone() }).collect::<Vec<_>>().into_iter()
    }
}

/// A section as scripts see it.
#[derive(Clone)]
pub struct SectionItem {
    doc: Arc<Document>,
    index: usize,
}

/// The sections of a document.
#[derive(Clone)]
pub struct Sections {
    doc: Arc<Document>,
}

impl IntoIterator for Sections {
    type Item = SectionItem;
    type IntoIter = std::vec::IntoIter<SectionItem>;

    fn into_iter(self) -> Self::IntoIter {
        (0..self.doc.sections.len())
            .map(|index| SectionItem { doc: Arc::clone(&self.doc), index })
            .collect::<Vec<_>>()
            .into_iter()
    }
}

/// The body sentences inside `range`.
fn sentences_in(doc: &Document, range: &Range<usize>) -> Vec<Range<usize>> {
    let first = doc.sentences().partition_point(|s| s.range.start < range.start);
    doc.sentences()[first..]
        .iter()
        .take_while(|s| s.range.start < range.end)
        .filter(|s| s.range.end <= range.end)
        .filter(|s| doc.blocks[s.block].kind == BlockKind::Body)
        .map(|s| s.range.clone())
        .collect()
}

impl SectionItem {
    fn section(&self) -> &crate::document::Section {
        &self.doc.sections[self.index]
    }

    fn span(&self, range: Range<usize>) -> ScriptSpan {
        ScriptSpan { source: self.doc.span(range.clone()), text: range }
    }

    /// Up to its first subsection.
    fn own(&self) -> Range<usize> {
        let section = self.section();
        let end = self
            .doc
            .sections
            .get(self.index + 1)
            .map(|next| next.range.start)
            .filter(|&next| next < section.range.end)
            .unwrap_or(section.range.end);
        section.range.start..end
    }
}

/// An index into a list of `len`, negative from the end.
fn index(i: INT, len: usize) -> Fallible<usize> {
    let resolved = if i < 0 { len as INT + i } else { i };
    if resolved < 0 || resolved >= len as INT {
        return Err(format!("index {i} is out of bounds for a list of {len}").into());
    }
    Ok(resolved as usize)
}

impl DocHandle {
    /// A handle on `doc` using the run's regex cache; `today` is the reference date when the
    /// document has no archive date; host functions return at most `max_items` items.
    pub fn new(
        doc: Arc<Document>,
        cache: Arc<RegexCache>,
        today: Option<Date>,
        max_items: usize,
        search: Option<(Arc<Plan>, Arc<Scan>)>,
    ) -> DocHandle {
        DocHandle { doc, cache, lazy: Arc::new(Lazy::default()), today, max_items, search }
    }

    /// A pattern with the literals it needs, as the plan knows them (none outside the plan).
    fn planned(&self, source: &str) -> Fallible<Planned> {
        if let Some((plan, _)) = &self.search {
            if let Some(id) = plan.find_pattern(source) {
                return Ok(plan.pattern(id).clone());
            }
        }
        Ok(Planned::alone(self.regex(source)?))
    }

    /// Whether the pattern matches in a block of the document (as YAML patterns do).
    fn contains(&self, source: &str) -> Fallible<bool> {
        let planned = self.planned(source)?;
        super::charge(cost_of(self.doc.text.len()))?;
        let blocks = self.blocks();
        Ok(blocks.exists(&planned, blocks.places(&planned).as_deref()))
    }

    /// The document's blocks as the plan's scan saw them (none of its literals without a plan).
    fn blocks(&self) -> Blocks<'_> {
        let scan = self.search.as_ref().map_or(&self.lazy.no_scan, |(_, scan)| scan);
        Blocks::new(&self.doc, scan)
    }

    /// Where the matches of `planned` may start in the whole text, when that is known.
    fn places(&self, planned: &Planned) -> Option<Vec<usize>> {
        self.blocks().places(planned)
    }

    fn item(&self, range: Range<usize>) -> Item {
        Item { doc: Arc::clone(&self.doc), range }
    }

    fn items(&self, ranges: &Arc<Vec<Range<usize>>>) -> Items {
        Items { doc: Arc::clone(&self.doc), ranges: Arc::clone(ranges) }
    }

    fn sentences(&self) -> Items {
        let ranges = self.lazy.sentences.get_or_init(|| Arc::new(sentences_in(&self.doc, &(0..self.doc.text.len()))));
        self.items(ranges)
    }

    fn paragraphs(&self) -> Items {
        let ranges =
            self.lazy.paragraphs.get_or_init(|| Arc::new(self.doc.paragraphs().map(|b| b.range.clone()).collect()));
        self.items(ranges)
    }

    fn meta(&self) -> Map {
        let meta = &self.doc.meta;
        let mut map = Map::new();
        let text = |value: Option<String>| value.map_or(Dynamic::UNIT, Dynamic::from);
        map.insert("title".into(), text(meta.title.clone()));
        let updated = self.doc.updated();
        map.insert("updated".into(), text(updated.map(|m| m.date.iso())));
        map.insert(
            "updated_span".into(),
            updated.map_or(Dynamic::UNIT, |m| Dynamic::from(self.item(m.range.clone()).span())),
        );
        map.insert("archived".into(), text(meta.archived.map(|d| d.iso())));
        map.insert("today".into(), text(self.today.map(|d| d.iso())));
        map
    }

    fn regex(&self, pattern: &str) -> Fallible<Pattern> {
        self.cache.get(pattern).map_err(|e| format!("invalid regex `{pattern}`: {e}").into())
    }
}

/// A result that would exceed the script's array limit, as the limit error Rhai itself raises.
fn too_many(count: usize) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorDataTooLarge(format!("Size of array ({count}+)"), rhai::Position::NONE))
}

/// The operations one match of `doc.find` costs: it becomes a map holding strings.
const FIND_ITEM_COST: u64 = 256;

/// The operations a host call that reads `bytes` of text costs: one per 64 bytes.
fn cost_of(bytes: usize) -> u64 {
    (bytes / 64) as u64 + 1
}

/// Whether the script's time budget has run out, checked inside long host calls too.
fn out_of_time() -> Fallible<()> {
    if super::past_deadline() {
        return Err(Box::new(EvalAltResult::ErrorTerminated(Dynamic::from("time budget"), rhai::Position::NONE)));
    }
    Ok(())
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

    engine.register_type_with_name::<Item>("Item");
    engine.register_get("text", |item: &mut Item| -> Fallible<ImmutableString> {
        super::charge(cost_of(item.range.len()))?;
        Ok(ImmutableString::from(item.doc.slice(&item.range)))
    });
    engine.register_get("span", |item: &mut Item| item.span());
    engine.register_get("in_list", |item: &mut Item| {
        let blocks = &item.doc.blocks;
        let at = blocks.partition_point(|b| b.range.end <= item.range.start);
        blocks.get(at).is_some_and(|b| b.item)
    });
    engine.register_type_with_name::<Items>("Items");
    engine.register_iterator::<Items>();
    engine.register_fn("len", |items: &mut Items| items.ranges.len() as INT);
    engine.register_fn("is_empty", |items: &mut Items| items.ranges.is_empty());
    engine.register_indexer_get(|items: &mut Items, i: INT| -> Fallible<Item> {
        let at = index(i, items.ranges.len())?;
        Ok(Item { doc: Arc::clone(&items.doc), range: items.ranges[at].clone() })
    });
    engine.register_type_with_name::<SectionItem>("Section");
    engine.register_get("heading", |s: &mut SectionItem| s.doc.slice(&s.section().heading).to_string());
    engine.register_get("level", |s: &mut SectionItem| INT::from(s.section().level));
    engine.register_get("text", |s: &mut SectionItem| -> Fallible<ImmutableString> {
        super::charge(cost_of(s.section().range.len()))?;
        Ok(ImmutableString::from(s.doc.slice(&s.section().range)))
    });
    engine.register_get("span", |s: &mut SectionItem| s.span(s.section().range.clone()));
    engine.register_get("heading_span", |s: &mut SectionItem| {
        let section = s.section();
        let range =
            if section.heading.is_empty() { section.range.start..section.range.start } else { section.heading.clone() };
        s.span(range)
    });
    engine.register_get("own_span", |s: &mut SectionItem| s.span(s.own()));
    engine.register_get("sentences", |s: &mut SectionItem| Items {
        doc: Arc::clone(&s.doc),
        ranges: Arc::new(sentences_in(&s.doc, &s.section().range)),
    });
    engine.register_type_with_name::<Sections>("Sections");
    engine.register_iterator::<Sections>();
    engine.register_fn("len", |sections: &mut Sections| sections.doc.sections.len() as INT);
    engine.register_indexer_get(|sections: &mut Sections, i: INT| -> Fallible<SectionItem> {
        let at = index(i, sections.doc.sections.len())?;
        Ok(SectionItem { doc: Arc::clone(&sections.doc), index: at })
    });

    engine.register_get("text", |doc: &mut DocHandle| -> Fallible<ImmutableString> {
        super::charge(cost_of(doc.doc.text.len()))?;
        Ok(doc.lazy.text.get_or_init(|| ImmutableString::from(doc.doc.text.as_str())).clone())
    });
    engine.register_get("title", |doc: &mut DocHandle| doc.doc.meta.title.clone().map_or(Dynamic::UNIT, Dynamic::from));
    engine.register_get("path", |doc: &mut DocHandle| doc.doc.path.clone());
    engine.register_get("format", |doc: &mut DocHandle| doc.doc.format.as_str().to_string());
    engine.register_get("words", |doc: &mut DocHandle| doc.doc.words() as INT);
    engine.register_get("meta", |doc: &mut DocHandle| doc.lazy.meta.get_or_init(|| doc.meta()).clone());
    engine.register_get("sentences", |doc: &mut DocHandle| -> Fallible<Items> {
        let items = doc.sentences();
        super::charge(items.ranges.len() as u64 + 1)?;
        Ok(items)
    });
    engine.register_get("paragraphs", |doc: &mut DocHandle| -> Fallible<Items> {
        let items = doc.paragraphs();
        super::charge(items.ranges.len() as u64 + 1)?;
        Ok(items)
    });
    engine.register_get("sections", |doc: &mut DocHandle| Sections { doc: Arc::clone(&doc.doc) });

    engine.register_fn("find", |doc: &mut DocHandle, pattern: &str| -> Fallible<Array> {
        let planned = doc.planned(pattern)?;
        let text = &doc.doc.text;
        super::charge(cost_of(text.len()))?;
        let mut out = Array::new();
        // Only where a match may start, when that is known.
        let places = doc.places(&planned);
        let matches: Box<dyn Iterator<Item = _>> = match &places {
            Some(places) => Box::new(planned.pattern.captures_at(text, places)),
            None => Box::new(planned.pattern.captures_iter(text)),
        };
        // Limits hold while the result is built, not only after.
        for (n, (whole, named)) in matches.enumerate() {
            if n >= doc.max_items {
                return Err(too_many(n));
            }
            if n % 1024 == 0 {
                out_of_time()?;
                // Each match becomes a map of strings: a few hundred operations' worth of memory.
                super::charge(FIND_ITEM_COST * 1024)?;
            }
            let item = doc.item(whole);
            let mut map = Map::new();
            map.insert("text".into(), Dynamic::from(text[item.range.clone()].to_string()));
            map.insert("span".into(), Dynamic::from(item.span()));
            let captures: Map = named
                .into_iter()
                .map(|(name, range)| (name.as_str().into(), Dynamic::from(text[range].to_string())))
                .collect();
            map.insert("captures".into(), Dynamic::from_map(captures));
            out.push(Dynamic::from_map(map));
        }
        Ok(out)
    });
    engine.register_fn("contains", |doc: &mut DocHandle, pattern: &str| -> Fallible<bool> { doc.contains(pattern) });
    engine.register_fn("section", |doc: &mut DocHandle, pattern: &str| -> Fallible<Dynamic> {
        let regex = doc.regex(pattern)?;
        for (index, section) in doc.doc.sections.iter().enumerate() {
            if !section.heading.is_empty() && regex.is_match(doc.doc.slice(&section.heading)) {
                return Ok(Dynamic::from(SectionItem { doc: Arc::clone(&doc.doc), index }));
            }
        }
        Ok(Dynamic::UNIT)
    });
    engine.register_fn("sentence_at", |doc: &mut DocHandle, span: ScriptSpan| {
        match doc.doc.sentence_at(span.text.start) {
            Some(range) => Dynamic::from(doc.item(range)),
            None => Dynamic::UNIT,
        }
    });
    engine.register_fn("readability", |doc: &mut DocHandle| -> Fallible<Map> {
        super::charge(cost_of(doc.doc.text.len()))?;
        Ok(readability_map(Readability::of(&doc.doc, 0..doc.doc.text.len())))
    });
    engine.register_fn("readability", |doc: &mut DocHandle, span: ScriptSpan| -> Fallible<Map> {
        super::charge(cost_of(span.text.len()))?;
        Ok(readability_map(Readability::of(&doc.doc, span.text)))
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
