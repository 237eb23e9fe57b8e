//! A rule's regular expression: checked when its pack loads, analysed for the literals every match
//! needs when a run selects it, and compiled on first use — so a run pays only for the patterns
//! its documents call for.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use regex_automata::Input;
use regex_syntax::ast::{self, Ast};
use regex_syntax::hir::Hir;

use super::anchored::AnchoredRegex;
use super::literals::Starts;
use super::Hit;

/// Bytes of lazy-DFA cache a pattern may use per thread before it starts over.
const CACHE_CAPACITY: usize = 2 * 1024 * 1024;

/// Fold typography in a pattern the same way document text is folded (quotes, dashes, spaces).
pub fn fold_typography(pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
            '\u{a0}' | '\u{2007}' | '\u{202f}' => ' ',
            c => c,
        })
        .collect()
}

/// Rewrite Unicode word boundaries `\b`/`\B` to ASCII ones, which are far faster on real text.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some('B') => out.push_str("(?-u:\\B)"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What a pattern needs, found from its syntax tree when a run selects it.
#[derive(Debug)]
struct Analysis {
    hir: Hir,
    literals: Option<Vec<String>>,
    starts: Option<Starts>,
}

#[derive(Debug)]
struct Inner {
    prepared: String,
    case_sensitive: bool,
    /// Pure ASCII: matched byte by byte, with ASCII classes and case folding (far faster).
    ascii: bool,
    names: Vec<String>,
    analysis: OnceLock<Result<Analysis, String>>,
    regex: OnceLock<Result<meta::Regex, String>>,
    /// Compiled for anchored searches only, when its starts are known.
    anchored: OnceLock<Result<AnchoredRegex, String>>,
    /// Finds the literals its matches start with, for a pattern searched outside a plan.
    finder: OnceLock<Option<AhoCorasick>>,
}

/// A rule regex: case-insensitive unless asked, typography folded, ASCII word boundaries.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as written.
    pub source: String,
    /// Whether it matches case-sensitively.
    pub case_sensitive: bool,
    inner: Arc<Inner>,
}

/// Written back as its source, as a pack holds it.
impl serde::Serialize for Pattern {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

impl schemars::JsonSchema for Pattern {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Pattern".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "regex",
            "description": "A regular expression: case-insensitive unless `case_sensitive`, `\\b` at ASCII word boundaries."
        })
    }
}

/// The last line of a syntax error says what is wrong; the lines above draw a caret under the
/// pattern as rewritten for matching, not as the user wrote it.
fn last_line(message: &str) -> String {
    message.lines().last().unwrap_or_default().trim_start_matches("error: ").to_string()
}

impl Pattern {
    /// Check the syntax of `source` (cheaply: nothing is compiled yet).
    pub fn new(source: &str, case_sensitive: bool) -> Result<Pattern, String> {
        let prepared = ascii_word_boundaries(&fold_typography(source));
        let parsed =
            ast::parse::ParserBuilder::new().build().parse(&prepared).map_err(|e| last_line(&e.to_string()))?;
        let mut names = Vec::new();
        capture_names(&parsed, &mut names);
        let pattern = Pattern {
            source: source.to_string(),
            case_sensitive,
            inner: Arc::new(Inner {
                ascii: prepared.is_ascii(),
                prepared,
                case_sensitive,
                names,
                analysis: OnceLock::new(),
                regex: OnceLock::new(),
                anchored: OnceLock::new(),
                finder: OnceLock::new(),
            }),
        };
        // Unicode class names are only known when translated: check those patterns now.
        if source.contains("\\p") || source.contains("\\P") {
            pattern.analysis()?;
        }
        Ok(pattern)
    }

    /// The names of its capture groups, for `{name}` placeholders.
    pub fn capture_names(&self) -> &[String] {
        &self.inner.names
    }

    fn analysis(&self) -> Result<&Analysis, String> {
        let inner = &self.inner;
        inner
            .analysis
            .get_or_init(|| {
                let hir = regex_syntax::ParserBuilder::new()
                    .case_insensitive(!inner.case_sensitive)
                    .unicode(!inner.ascii)
                    .utf8(!inner.ascii)
                    .build()
                    .parse(&inner.prepared)
                    .map_err(|e| last_line(&e.to_string()))?;
                let literals = super::literals::required(&hir);
                // Byte-wise patterns only: their case folding is the automaton's ASCII folding.
                let starts = if inner.ascii { super::literals::starts(&hir) } else { None };
                Ok(Analysis { hir, literals, starts })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Lowercase literals one of which every match contains, when there is a short list of them.
    pub fn literals(&self) -> Option<&[String]> {
        self.analysis().ok().and_then(|a| a.literals.as_deref())
    }

    /// Where every match starts (lowercase literals, line starts), when that is known.
    pub fn starts(&self) -> Option<&Starts> {
        self.analysis().ok().and_then(|a| a.starts.as_ref())
    }

    /// Every place in `text` where one of its matches may start, found with an automaton of
    /// its own (for a pattern outside the plan, as a script may build), when it has [`starts`].
    ///
    /// [`starts`]: Pattern::starts
    pub fn places(&self, text: &str) -> Option<Vec<usize>> {
        let starts = self.starts()?;
        let finder = self.inner.finder.get_or_init(|| {
            (!starts.literals.is_empty())
                .then(|| {
                    AhoCorasickBuilder::new()
                        .ascii_case_insensitive(true)
                        .match_kind(MatchKind::Standard)
                        // At most a few hundred short literals: a small DFA, the fastest scan.
                        .kind(Some(AhoCorasickKind::DFA))
                        .build(&starts.literals)
                        .ok()
                })
                .flatten()
        });
        let mut places: Vec<usize> = match finder {
            Some(finder) => finder.find_overlapping_iter(text).map(|m| m.start()).collect(),
            None if starts.literals.is_empty() => Vec::new(),
            // The automaton could not be built: a match may start anywhere.
            None => return None,
        };
        places.sort_unstable();
        places.dedup();
        Some(with_line_starts(places, text, starts.lines))
    }

    /// The compiled regex, built on first use.
    fn regex(&self) -> &meta::Regex {
        let inner = &self.inner;
        let built = inner.regex.get_or_init(|| {
            let analysis = self.analysis()?;
            let captures = if inner.names.is_empty() { WhichCaptures::Implicit } else { WhichCaptures::All };
            meta::Regex::builder()
                .syntax(
                    syntax::Config::new()
                        .case_insensitive(!inner.case_sensitive)
                        .unicode(!inner.ascii)
                        .utf8(!inner.ascii),
                )
                .configure(
                    meta::Config::new()
                        .utf8_empty(!inner.ascii)
                        .which_captures(captures)
                        .nfa_size_limit(Some(1 << 24))
                        .dfa_size_limit(Some(8 << 20))
                        .hybrid_cache_capacity(CACHE_CAPACITY)
                        // A pattern whose starts are known is searched where they are, anchored:
                        // a prefilter of its own would never run, and costs a third of compiling.
                        .auto_prefilter(analysis.starts.is_none()),
                )
                .build_from_hir(&analysis.hir)
                .map_err(|e| e.to_string())
        });
        match built {
            Ok(regex) => regex,
            // A pattern too large to compile: the rule fails on this document, and says so.
            Err(error) => panic!("pattern `{}` cannot be compiled: {error}", self.source),
        }
    }

    /// Whether it matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_match(text)
    }

    /// Append its matches inside `range` of `text` (with named captures), in order.
    pub fn find_in(&self, text: &str, range: Range<usize>, out: &mut Vec<Hit>) {
        let regex = self.regex();
        let input = Input::new(text).range(range);
        if self.inner.names.is_empty() {
            out.extend(regex.find_iter(input).filter(|m| !m.is_empty()).map(|m| Hit::new(chars(text, m.range()))));
            return;
        }
        for caps in regex.captures_iter(input) {
            let Some(whole) = caps.get_match() else { continue };
            if whole.is_empty() {
                continue;
            }
            let mut hit = Hit::new(chars(text, whole.range()));
            for name in &self.inner.names {
                if let Some(span) = caps.get_group_by_name(name) {
                    hit.captures.push((Arc::from(name.as_str()), chars(text, span.range())));
                }
            }
            out.push(hit);
        }
    }

    /// Append its matches inside each of `blocks` (sorted ranges of `text`, each touching or
    /// overlapping the next by the line break between them), exactly as if each block were
    /// searched alone, but with one search for the run: a match that would cross from one block
    /// into the next is searched again inside its block.
    pub fn find_in_blocks(&self, text: &str, blocks: &[Range<usize>], out: &mut Vec<Hit>) {
        let (Some(first), Some(last)) = (blocks.first(), blocks.last()) else { return };
        if !self.inner.names.is_empty() || blocks.len() == 1 {
            blocks.iter().for_each(|block| self.find_in(text, block.clone(), out));
            return;
        }
        let regex = self.regex();
        let end = last.end;
        let mut block = 0;
        let mut at = first.start;
        while at < end {
            let Some(found) = regex.search(&Input::new(text).range(at..end)) else { return };
            while blocks[block].end <= found.start() {
                block += 1;
            }
            if found.end() <= blocks[block].end {
                if found.is_empty() {
                    at = found.end() + 1;
                    continue;
                }
                out.push(Hit::new(chars(text, found.range())));
                at = found.end();
                continue;
            }
            // It runs into the next block: the block alone decides from here.
            self.find_in(text, found.start()..blocks[block].end, out);
            block += 1;
            match blocks.get(block) {
                Some(next) => at = next.start,
                None => return,
            }
        }
    }

    /// The match starting exactly at `at`, searching no further than `end`.
    fn match_at(&self, text: &str, at: usize, end: usize) -> Option<Range<usize>> {
        self.anchored().end_at(text, at, end).filter(|&end| end > at).map(|end| at..end)
    }

    /// The pattern compiled for anchored searches, built on first use.
    fn anchored(&self) -> &AnchoredRegex {
        let inner = &self.inner;
        let built = inner
            .anchored
            .get_or_init(|| AnchoredRegex::new(&self.analysis()?.hir, !inner.names.is_empty(), CACHE_CAPACITY));
        match built {
            Ok(regex) => regex,
            Err(error) => panic!("pattern `{}` cannot be compiled: {error}", self.source),
        }
    }

    /// Append its matches inside `range` of `text`, given every place a match may start there
    /// (`starts`, sorted): the same matches as [`Pattern::find_in`], found by trying only those
    /// places.
    pub fn find_at(&self, text: &str, range: Range<usize>, starts: &[usize], out: &mut Vec<Hit>) {
        if !self.inner.names.is_empty() {
            return self.hits_with_captures_at(text, range, starts, out);
        }
        let mut from = range.start;
        for &at in starts {
            if at < from || at >= range.end {
                continue;
            }
            if let Some(found) = self.match_at(text, at, range.end) {
                out.push(Hit::new(chars(text, found.clone())));
                from = found.end;
            }
        }
    }

    fn hits_with_captures_at(&self, text: &str, range: Range<usize>, starts: &[usize], out: &mut Vec<Hit>) {
        let mut from = range.start;
        for &at in starts {
            if at < from || at >= range.end {
                continue;
            }
            let Some(found) = self.match_at(text, at, range.end) else { continue };
            let caps = self.anchored().captures(text, found.start, found.end);
            let Some(whole) = caps.get_match() else { continue };
            let mut hit = Hit::new(chars(text, whole.range()));
            for name in &self.inner.names {
                if let Some(span) = caps.get_group_by_name(name) {
                    hit.captures.push((Arc::from(name.as_str()), chars(text, span.range())));
                }
            }
            out.push(hit);
            from = whole.end();
        }
    }

    /// Whether it has a non-empty match inside `range` of `text` starting at one of `starts`.
    pub fn exists_at(&self, text: &str, range: Range<usize>, starts: &[usize]) -> bool {
        starts
            .iter()
            .filter(|&&at| at >= range.start && at < range.end)
            .any(|&at| self.match_at(text, at, range.end).is_some())
    }

    /// Whether it has a non-empty match inside `range` of `text`.
    pub fn exists_in(&self, text: &str, range: Range<usize>) -> bool {
        self.regex().find_iter(Input::new(text).range(range)).any(|m| !m.is_empty())
    }

    /// Its matches in the whole of `text` as [`Pattern::captures_iter`] finds them, given every
    /// place one may start (`starts`, sorted), trying only those.
    pub fn captures_at<'t>(
        &'t self,
        text: &'t str,
        starts: &'t [usize],
    ) -> impl Iterator<Item = (Range<usize>, Vec<(String, Range<usize>)>)> + 't {
        let mut from = 0;
        starts.iter().filter_map(move |&at| {
            if at < from {
                return None;
            }
            let found = self.match_at(text, at, text.len())?;
            let caps = self.anchored().captures(text, found.start, found.end);
            let whole = caps.get_match()?;
            from = whole.end();
            let named = self.named(text, &caps);
            Some((chars(text, whole.range()), named))
        })
    }

    /// The named groups that took part in a match, with what they matched.
    fn named(&self, text: &str, caps: &Captures) -> Vec<(String, Range<usize>)> {
        self.inner
            .names
            .iter()
            .filter_map(|name| caps.get_group_by_name(name).map(|span| (name.clone(), chars(text, span.range()))))
            .collect()
    }

    /// Its matches in the whole of `text`, one at a time, each with its captures by name.
    pub fn captures_iter<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (Range<usize>, Vec<(String, Range<usize>)>)> + 't {
        self.regex().captures_iter(text).filter_map(move |caps| {
            let whole = caps.get_match()?;
            let named = self.named(text, &caps);
            Some((chars(text, whole.range()), named))
        })
    }
}

/// `places` (sorted) and, when `lines`, every start of a line of `text`, in order.
pub fn with_line_starts(places: Vec<usize>, text: &str, lines: bool) -> Vec<usize> {
    if !lines {
        return places;
    }
    let line_starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
    let mut out = Vec::with_capacity(places.len() + text.len() / 64);
    let mut places = places.into_iter().peekable();
    for start in line_starts.filter(|&at| at < text.len()) {
        while let Some(place) = places.next_if(|&place| place < start) {
            out.push(place);
        }
        places.next_if_eq(&start);
        out.push(start);
    }
    out.extend(places);
    out
}

/// A byte range widened to whole characters (an ASCII pattern matches bytes, and may stop inside
/// a character the text spells with several).
fn chars(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end;
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

fn capture_names(node: &Ast, out: &mut Vec<String>) {
    match node {
        Ast::Group(group) => {
            if let ast::GroupKind::CaptureName { name, .. } = &group.kind {
                out.push(name.name.clone());
            }
            capture_names(&group.ast, out);
        }
        Ast::Repetition(repetition) => capture_names(&repetition.ast, out),
        Ast::Alternation(alternation) => alternation.asts.iter().for_each(|a| capture_names(a, out)),
        Ast::Concat(concat) => concat.asts.iter().for_each(|a| capture_names(a, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_apostrophes_in_patterns_match_straight_text() {
        assert!(Pattern::new("don\u{2019}t", false).unwrap().is_match("We DON'T sell"));
        assert!(Pattern::new("don\u{2019}t\\b", false).unwrap().is_match("we don't"));
    }

    #[test]
    fn literals_are_found_when_a_run_asks() {
        let pattern = Pattern::new(r"do[- ]not[- ]track|\bDNT\b", false).unwrap();
        let literals = pattern.literals().unwrap();
        assert!(literals.contains(&"dnt".to_string()));
        assert!(literals.contains(&"do not track".to_string()));
        assert_eq!(Pattern::new(r"(\w+)? days", false).unwrap().literals(), Some(&[" days".to_string()][..]));
    }

    #[test]
    fn matches_inside_a_range_see_the_text_around_it() {
        let pattern = Pattern::new(r"\bsell\b", false).unwrap();
        let text = "resell. We sell.";
        let mut hits = Vec::new();
        // The range starts inside "resell": the word boundary is judged on the whole text.
        pattern.find_in(text, 2..text.len(), &mut hits);
        assert_eq!(hits.iter().map(|h| h.range.clone()).collect::<Vec<_>>(), vec![11..15]);
    }

    #[test]
    fn trying_only_where_matches_start_finds_what_a_full_search_finds() {
        let text = "You may submit a request to access your data. Contact us: we send requests. \
                    Submitting requests, making requests; send us an e-mail to exercise your rights!\n\
                    submitsubmit request. Email us to request it. Call us or e-mail us.";
        let patterns = [
            r"\b(submit|make|send|exercis)\w*\b[^.]{0,80}\b(requests?|rights?)\b|\bcontact us\b",
            r"\b(e-?mail|call) us\b",
            r"(?P<verb>submit|send)\w* (?P<what>\w+)",
            r"requests?",
            r"(\b(you|we)\b[^.]{0,20}|(?m:^)\W*)\b(submit|send|request|call)\w*",
        ];
        for source in patterns {
            let pattern = Pattern::new(source, false).unwrap();
            let places = pattern.places(text).expect(source);
            let (mut full, mut tried) = (Vec::new(), Vec::new());
            pattern.find_in(text, 0..text.len(), &mut full);
            pattern.find_at(text, 0..text.len(), &places, &mut tried);
            assert!(!full.is_empty(), "{source}");
            assert_eq!(full, tried, "{source}");
            let all: Vec<_> = pattern.captures_iter(text).collect();
            assert_eq!(all, pattern.captures_at(text, &places).collect::<Vec<_>>(), "{source}");
            let inner = 10..text.len() - 10;
            assert_eq!(pattern.exists_in(text, inner.clone()), pattern.exists_at(text, inner, &places), "{source}");
        }
        // A pattern whose matches may begin anywhere has no places.
        assert_eq!(Pattern::new(r"\w+ days", false).unwrap().places(text), None);
    }

    #[test]
    fn invalid_regex_reports_the_engine_message_and_named_groups_are_known() {
        let error = Pattern::new("retain(", false).unwrap_err();
        assert!(error.contains("unclosed group"), "{error}");
        assert_eq!(Pattern::new("(?P<verb>sell|rent)", false).unwrap().capture_names(), ["verb"]);
        assert!(Pattern::new(r"\p{Nonsense}", false).is_err());
    }
}
