//! One pass of the plan's automaton over a document: for every literal, the blocks it occurs in.

use aho_corasick::AhoCorasick;

use crate::document::Document;

/// For each literal of the plan, the sorted blocks of a document that contain it.
#[derive(Debug, Default)]
pub struct Scan {
    /// `blocks[starts[l]..starts[l + 1]]` are the blocks of literal `l`.
    starts: Vec<u32>,
    blocks: Vec<u32>,
}

impl Scan {
    /// Scan `doc` with the plan's automaton for its `literals` literals.
    pub fn new(automaton: Option<&AhoCorasick>, literals: usize, doc: &Document) -> Scan {
        let Some(automaton) = automaton else {
            return Scan { starts: vec![0; literals + 1], blocks: Vec::new() };
        };
        // (literal, block) pairs, packed so that one sort groups them by literal.
        let mut pairs: Vec<u64> = Vec::new();
        let block_starts: Vec<usize> = doc.blocks.iter().map(|b| b.range.start).collect();
        // Matches come in text order, so the block is found by moving a cursor forward, and a
        // literal seen again in the block it was last seen in is not recorded twice.
        let mut last_block = vec![u32::MAX; literals];
        let mut block = 0usize;
        for found in automaton.find_overlapping_iter(&doc.text) {
            let at = found.start();
            if block_starts.get(block).is_some_and(|&start| start <= at) {
                while block_starts.get(block + 1).is_some_and(|&next| next <= at) {
                    block += 1;
                }
            } else {
                block = block_starts.partition_point(|&s| s <= at).saturating_sub(1);
            }
            let literal = found.pattern().as_usize();
            if last_block[literal] == block as u32 {
                continue;
            }
            last_block[literal] = block as u32;
            pairs.push(((literal as u64) << 32) | block as u64);
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut starts = vec![0u32; literals + 1];
        let mut blocks = Vec::with_capacity(pairs.len());
        for pair in &pairs {
            starts[(pair >> 32) as usize + 1] += 1;
            blocks.push(*pair as u32);
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        Scan { starts, blocks }
    }

    /// The blocks that contain literal `literal`, in order.
    pub fn blocks_of(&self, literal: u32) -> &[u32] {
        let literal = literal as usize;
        &self.blocks[self.starts[literal] as usize..self.starts[literal + 1] as usize]
    }

    /// The blocks that contain any of `literals`, in order, without repeats.
    pub fn blocks_of_any(&self, literals: &[u32]) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for &literal in literals {
            out.extend_from_slice(self.blocks_of(literal));
        }
        if literals.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        out
    }
}
