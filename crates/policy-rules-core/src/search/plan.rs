//! The search plan of a run: every pattern and phrase list of the selected rules (each once), the
//! literals they need, and one Aho-Corasick automaton that finds all of those literals in a single
//! pass over a document.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::pattern::Pattern;
use super::phrases::Phrases;
use super::scan::Scan;
use crate::document::Document;

/// Most literals the plan's automaton is built as a DFA for.
const DFA_LITERALS: usize = 1000;

/// A pattern of the plan.
pub type PatternId = usize;
/// A phrase list of the plan.
pub type PhrasesId = usize;

/// A pattern of the plan with the literals of the plan it needs.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The pattern.
    pub pattern: Pattern,
    /// Literals one of which its matches contain (`None`: it needs none).
    pub literals: Option<Vec<u32>>,
    /// Literals one of which its matches start with (`None`: they may start anywhere).
    pub starts: Option<Vec<u32>>,
    /// Whether, with `starts`, some of its matches start at the start of a line instead.
    pub lines: bool,
}

impl Planned {
    /// A pattern outside any plan: searched everywhere.
    pub fn alone(pattern: Pattern) -> Planned {
        Planned { pattern, literals: None, starts: None, lines: false }
    }
}

/// Collects the patterns and phrase lists of the rules being compiled.
#[derive(Debug, Default)]
pub struct PlanBuilder {
    patterns: Vec<Planned>,
    pattern_ids: HashMap<(String, bool), PatternId>,
    phrases: Vec<(Phrases, Vec<u32>)>,
    literals: Vec<String>,
    literal_ids: HashMap<String, u32>,
    /// Literals whose every position is recorded, not only their blocks.
    positional: HashSet<u32>,
}

impl PlanBuilder {
    fn literal(&mut self, literal: &str) -> u32 {
        if let Some(&id) = self.literal_ids.get(literal) {
            return id;
        }
        let id = self.literals.len() as u32;
        self.literals.push(literal.to_string());
        self.literal_ids.insert(literal.to_string(), id);
        id
    }

    /// The id of `pattern`, the same for every rule that uses it.
    pub fn pattern(&mut self, pattern: &Pattern) -> PatternId {
        let key = (pattern.source.clone(), pattern.case_sensitive);
        if let Some(&id) = self.pattern_ids.get(&key) {
            return id;
        }
        let literals = pattern.literals().map(|ls| ls.iter().map(|l| self.literal(l)).collect());
        let starts: Option<Vec<u32>> =
            pattern.starts().map(|starts| starts.literals.iter().map(|l| self.literal(l)).collect());
        for &literal in starts.iter().flatten() {
            self.positional.insert(literal);
        }
        let lines = pattern.starts().is_some_and(|starts| starts.lines);
        self.patterns.push(Planned { pattern: pattern.clone(), literals, starts, lines });
        self.pattern_ids.insert(key, self.patterns.len() - 1);
        self.patterns.len() - 1
    }

    /// The id of a phrase list.
    pub fn phrases(&mut self, phrases: &Phrases) -> PhrasesId {
        let literals = phrases.phrases.iter().map(|p| self.literal(&p.to_ascii_lowercase())).collect();
        self.phrases.push((phrases.clone(), literals));
        self.phrases.len() - 1
    }

    /// The plan: the automaton is built once here.
    pub fn build(self) -> Plan {
        let automaton = (!self.literals.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    // A few hundred literals make a small DFA, the fastest scan; thousands make
                    // one too big for the caches, where the automaton's own choice is faster.
                    .kind((self.literals.len() <= DFA_LITERALS).then_some(AhoCorasickKind::DFA))
                    .build(&self.literals)
                    .ok()
            })
            .flatten();
        let by_source =
            self.pattern_ids.iter().filter(|((_, cs), _)| !cs).map(|((s, _), id)| (s.clone(), *id)).collect();
        let positional = (0..self.literals.len() as u32).map(|l| self.positional.contains(&l)).collect();
        Plan {
            literals: self.literals.len(),
            positional,
            patterns: self.patterns,
            phrases: self.phrases,
            automaton,
            by_source,
        }
    }
}

/// The compiled search of a run.
#[derive(Debug)]
pub struct Plan {
    literals: usize,
    positional: Vec<bool>,
    patterns: Vec<Planned>,
    phrases: Vec<(Phrases, Vec<u32>)>,
    automaton: Option<AhoCorasick>,
    by_source: HashMap<String, PatternId>,
}

impl Plan {
    /// Where the literals of the plan occur in `doc`: one pass over its text.
    pub fn scan(&self, doc: &Document) -> Scan {
        Scan::new(self.automaton.as_ref(), self.literals, &self.positional, doc)
    }

    /// A pattern and the literals it needs.
    pub fn pattern(&self, id: PatternId) -> &Planned {
        &self.patterns[id]
    }

    /// A phrase list and the literals of its phrases.
    pub fn phrases(&self, id: PhrasesId) -> (&Phrases, &[u32]) {
        let (phrases, literals) = &self.phrases[id];
        (phrases, literals)
    }

    /// Number of patterns.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Number of phrase lists.
    pub fn phrases_count(&self) -> usize {
        self.phrases.len()
    }

    /// The id of a case-insensitive pattern written as `source`, if the plan has it (scripts' patterns).
    pub fn find_pattern(&self, source: &str) -> Option<PatternId> {
        self.by_source.get(source).copied()
    }
}
