//! What rules see of one document: the document, where the plan's literals are, and the matches
//! of each pattern and phrase list, found once and shared by every rule that uses them.
//!
//! A pattern matches inside one block (heading, paragraph, list item, cell): it is searched only
//! in the blocks that hold one of its literals, so whether a match is found never depends on the
//! size of the document.

use std::any::Any;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use unicode_segmentation::UnicodeSegmentation;

use super::pattern::with_line_starts;
use super::plan::{PatternId, PhrasesId, Plan, Planned};
use super::scan::Scan;
use super::Hit;
use crate::document::Document;

/// Where to look in a document for a pattern or phrase list: the blocks holding its literals.
pub struct Blocks<'a> {
    doc: &'a Document,
    scan: &'a Scan,
}

impl<'a> Blocks<'a> {
    /// The blocks of `doc` as `scan` found them.
    pub fn new(doc: &'a Document, scan: &'a Scan) -> Blocks<'a> {
        Blocks { doc, scan }
    }

    /// The range a pattern is searched in for a block: the block with the line breaks around it,
    /// so that a pattern may open with "start of text or a separator" and close on white space.
    fn search_range(&self, block: usize) -> Range<usize> {
        let range = &self.doc.blocks[block].range;
        range.start.saturating_sub(1)..(range.end + 1).min(self.doc.text.len())
    }

    /// The blocks, outside navigation, that may hold a match of something needing one of
    /// `literals` (all blocks when it needs none).
    pub fn candidates(&self, literals: Option<&[u32]>) -> Vec<usize> {
        match literals {
            Some(literals) => self
                .scan
                .blocks_of_any(literals)
                .into_iter()
                .map(|b| b as usize)
                .filter(|&b| !self.doc.blocks[b].navigation)
                .collect(),
            None => self.doc.blocks.iter().enumerate().filter(|(_, b)| !b.navigation).map(|(i, _)| i).collect(),
        }
    }

    /// The search ranges of `blocks`, grouped into runs of blocks that touch.
    pub fn runs(&self, blocks: &[usize]) -> Vec<Vec<Range<usize>>> {
        let mut runs: Vec<Vec<Range<usize>>> = Vec::new();
        for &block in blocks {
            let range = self.search_range(block);
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(|last| last.end >= range.start) => run.push(range),
                _ => runs.push(vec![range]),
            }
        }
        runs
    }

    /// Where the matches of `planned` may start, when that is known: every offset of the
    /// literals it starts with, as the plan's scan found them or (outside the plan) its own.
    pub fn places(&self, planned: &Planned) -> Option<Vec<usize>> {
        match &planned.starts {
            Some(starts) => Some(with_line_starts(self.scan.places_of_any(starts), &self.doc.text, planned.lines)),
            None => planned.pattern.places(&self.doc.text),
        }
    }

    /// Whether `planned` matches in a block, `places` being its [`Blocks::places`].
    pub fn exists(&self, planned: &Planned, places: Option<&[usize]>) -> bool {
        let text = &self.doc.text;
        let candidates = self.candidates(planned.literals.as_deref());
        match places {
            Some(places) => candidates.into_iter().any(|block| {
                let range = self.search_range(block);
                planned.pattern.exists_at(text, range.clone(), within(places, &range))
            }),
            None => candidates.into_iter().any(|block| planned.pattern.exists_in(text, self.search_range(block))),
        }
    }

    /// Append the matches of `planned` in `blocks` (sorted, outside navigation) to `hits`,
    /// `places` being its [`Blocks::places`].
    fn find(&self, planned: &Planned, places: Option<&[usize]>, blocks: &[usize], hits: &mut Vec<Hit>) {
        let text = &self.doc.text;
        match places {
            Some(places) => {
                for &block in blocks {
                    let range = self.search_range(block);
                    planned.pattern.find_at(text, range.clone(), within(places, &range), hits);
                }
            }
            None => {
                for run in self.runs(blocks) {
                    planned.pattern.find_in_blocks(text, &run, hits);
                }
            }
        }
    }
}

/// A rule's view of one document.
pub struct Context<'a> {
    /// The document being checked.
    pub doc: &'a Document,
    shared: &'a Arc<Document>,
    plan: &'a Arc<Plan>,
    scan: Arc<Scan>,
    pattern_hits: Vec<OnceCell<Vec<Hit>>>,
    pattern_places: Vec<OnceCell<Option<Vec<usize>>>>,
    phrase_hits: Vec<OnceCell<Vec<Hit>>>,
    word_starts: OnceCell<Vec<usize>>,
    extension: OnceCell<Box<dyn Any>>,
}

impl<'a> Context<'a> {
    /// Scan `shared` with `plan`'s automaton.
    pub fn new(shared: &'a Arc<Document>, plan: &'a Arc<Plan>) -> Context<'a> {
        let doc: &Document = shared;
        Context {
            doc,
            shared,
            plan,
            scan: Arc::new(plan.scan(doc)),
            pattern_hits: (0..plan.pattern_count()).map(|_| OnceCell::new()).collect(),
            pattern_places: (0..plan.pattern_count()).map(|_| OnceCell::new()).collect(),
            phrase_hits: (0..plan.phrases_count()).map(|_| OnceCell::new()).collect(),
            word_starts: OnceCell::new(),
            extension: OnceCell::new(),
        }
    }

    /// The document, shared.
    pub fn shared(&self) -> &Arc<Document> {
        self.shared
    }

    /// The plan of the run.
    pub fn plan(&self) -> &Arc<Plan> {
        self.plan
    }

    /// Where the plan's literals are in this document.
    pub fn scan(&self) -> &Arc<Scan> {
        &self.scan
    }

    fn blocks(&self) -> Blocks<'_> {
        Blocks::new(self.doc, &self.scan)
    }

    /// Where the matches of pattern `id` may start, found once per document.
    fn places(&self, id: PatternId) -> Option<&[usize]> {
        self.pattern_places[id].get_or_init(|| self.blocks().places(self.plan.pattern(id))).as_deref()
    }

    /// Every match of pattern `id`, in order, found once per document.
    pub fn pattern_hits(&self, id: PatternId) -> &[Hit] {
        self.pattern_hits[id].get_or_init(|| {
            let planned = self.plan.pattern(id);
            let blocks = self.blocks();
            let mut hits = Vec::new();
            blocks.find(planned, self.places(id), &blocks.candidates(planned.literals.as_deref()), &mut hits);
            hits
        })
    }

    /// Whether pattern `id` matches anywhere, stopping at the first match.
    pub fn pattern_exists(&self, id: PatternId) -> bool {
        if let Some(hits) = self.pattern_hits[id].get() {
            return !hits.is_empty();
        }
        self.blocks().exists(self.plan.pattern(id), self.places(id))
    }

    /// The matches of pattern `id` that overlap `regions` (sorted, disjoint), searching only the
    /// blocks under them.
    pub fn pattern_hits_within(&self, id: PatternId, regions: &[Range<usize>]) -> Vec<Hit> {
        if let Some(hits) = self.pattern_hits[id].get() {
            return overlapping(hits, regions);
        }
        let planned = self.plan.pattern(id);
        let blocks = self.blocks();
        let mut hits = Vec::new();
        let candidates = self.within(blocks.candidates(planned.literals.as_deref()), regions);
        blocks.find(planned, self.places(id), &candidates, &mut hits);
        overlapping(&hits, regions)
    }

    /// Every match of phrase list `id`, in order.
    pub fn phrase_hits(&self, id: PhrasesId) -> &[Hit] {
        self.phrase_hits[id].get_or_init(|| {
            let (phrases, literals) = self.plan.phrases(id);
            let blocks = self.blocks();
            let mut hits = Vec::new();
            for block in blocks.candidates(Some(literals)) {
                hits.extend(phrases.find_in(&self.doc.text, blocks.search_range(block)).map(Hit::new));
            }
            hits
        })
    }

    /// The matches of phrase list `id` that overlap `regions`.
    pub fn phrase_hits_within(&self, id: PhrasesId, regions: &[Range<usize>]) -> Vec<Hit> {
        overlapping(self.phrase_hits(id), regions)
    }

    /// The blocks of `candidates` that overlap `regions` (both sorted).
    fn within(&self, candidates: Vec<usize>, regions: &[Range<usize>]) -> Vec<usize> {
        candidates
            .into_iter()
            .filter(|&block| {
                let range = &self.doc.blocks[block].range;
                let end = range.end.max(range.start + 1);
                let first = regions.partition_point(|r| r.end <= range.start);
                regions.get(first).is_some_and(|r| r.start < end)
            })
            .collect()
    }

    /// Number of words that start between normalized offsets `from` and `to`.
    pub fn words_between(&self, from: usize, to: usize) -> usize {
        let starts = self.word_starts.get_or_init(|| self.doc.text.unicode_word_indices().map(|(i, _)| i).collect());
        starts.partition_point(|&s| s < to) - starts.partition_point(|&s| s < from)
    }

    /// Per-document state of another layer (the scripts' view of the document), made once.
    pub fn extension<T: Any>(&self, make: impl FnOnce() -> T) -> Option<&T> {
        self.extension.get_or_init(|| Box::new(make())).downcast_ref::<T>()
    }
}

/// The offsets of `places` (sorted) inside `range`.
fn within<'p>(places: &'p [usize], range: &Range<usize>) -> &'p [usize] {
    let first = places.partition_point(|&at| at < range.start);
    let last = places.partition_point(|&at| at < range.end);
    &places[first..last]
}

/// The hits (sorted by start) that overlap any of `regions` (sorted, disjoint).
fn overlapping(hits: &[Hit], regions: &[Range<usize>]) -> Vec<Hit> {
    hits.iter()
        .filter(|hit| {
            let first = regions.partition_point(|r| r.end <= hit.range.start);
            regions.get(first).is_some_and(|r| r.start < hit.range.end.max(hit.range.start + 1))
        })
        .cloned()
        .collect()
}
