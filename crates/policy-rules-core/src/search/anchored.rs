//! A pattern compiled for searches anchored where its matches may start: a forward lazy DFA finds
//! where a match ends and a PikeVM reads its groups, without the reverse automaton and prefilter
//! an unanchored search needs (which cost as much again to build).

use std::fmt;
use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::hybrid::dfa::{self as lazy, DFA};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::Hir;

type Caches = (lazy::Cache, pikevm::Cache);
type MakeCaches = Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A byte-wise pattern compiled for anchored searches.
pub struct AnchoredRegex {
    dfa: DFA,
    pikevm: PikeVM,
    caches: Pool<Caches, MakeCaches>,
}

impl fmt::Debug for AnchoredRegex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnchoredRegex").finish_non_exhaustive()
    }
}

impl AnchoredRegex {
    /// Compile `hir` (matched byte by byte), with its named groups when `groups`, its lazy DFA
    /// using at most `cache_capacity` bytes per thread.
    pub fn new(hir: &Hir, groups: bool, cache_capacity: usize) -> Result<AnchoredRegex, String> {
        let captures = if groups { WhichCaptures::All } else { WhichCaptures::Implicit };
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().utf8(false).which_captures(captures).nfa_size_limit(Some(1 << 24)))
            .build_from_hir(hir)
            .map_err(|e| e.to_string())?;
        // As the regex crate configures it: a DFA whose cache keeps being cleared for little gain
        // gives up, and the PikeVM answers instead.
        let config = DFA::config()
            .cache_capacity(cache_capacity)
            .minimum_cache_clear_count(Some(3))
            .minimum_bytes_per_state(Some(10));
        let dfa = DFA::builder().configure(config).build_from_nfa(nfa.clone()).map_err(|e| e.to_string())?;
        let pikevm = PikeVM::new_from_nfa(nfa).map_err(|e| e.to_string())?;
        let (for_dfa, for_pikevm) = (dfa.clone(), pikevm.clone());
        let make: MakeCaches = Box::new(move || (for_dfa.create_cache(), for_pikevm.create_cache()));
        Ok(AnchoredRegex { dfa, pikevm, caches: Pool::new(make) })
    }

    /// Where the match starting exactly at `at` ends (leftmost-first), searching no further
    /// than `end`.
    pub fn end_at(&self, text: &str, at: usize, end: usize) -> Option<usize> {
        let input = Input::new(text).range(at..end).anchored(Anchored::Yes);
        let mut caches = self.caches.get();
        let (dfa_cache, pikevm_cache) = &mut *caches;
        match self.dfa.try_search_fwd(dfa_cache, &input) {
            Ok(found) => found.map(|m| m.offset()),
            Err(_) => self.pikevm.find(pikevm_cache, input).map(|m| m.end()),
        }
    }

    /// The groups of the match from `at` to `end` (as [`AnchoredRegex::end_at`] found it).
    pub fn captures(&self, text: &str, at: usize, end: usize) -> Captures {
        let input = Input::new(text).range(at..end).anchored(Anchored::Yes);
        let mut caps = self.pikevm.create_captures();
        let mut caches = self.caches.get();
        self.pikevm.captures(&mut caches.1, input, &mut caps);
        caps
    }
}
