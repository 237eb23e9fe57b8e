//! One pass of the plan's automaton over a document: for every literal, the blocks it occurs in,
//! and for the literals patterns start with, every place it occurs.

use aho_corasick::AhoCorasick;

use crate::document::Document;

/// For each literal of the plan, the sorted blocks of a document that contain it.
#[derive(Debug, Default)]
pub struct Scan {
    /// `blocks[starts[l]..starts[l + 1]]` are the blocks of literal `l`.
    starts: Vec<u32>,
    blocks: Vec<u32>,
    /// `places[at[l]..at[l + 1]]` are the offsets of positional literal `l`.
    at: Vec<u32>,
    places: Vec<usize>,
}

/// Bits of a packed (literal, offset) pair that hold the offset.
const OFFSET_BITS: u32 = 40;

impl Scan {
    /// Scan `doc` with the plan's automaton for its `literals` literals.
    /// Every offset of the literals marked in `positional` is kept too.
    pub fn new(automaton: Option<&AhoCorasick>, literals: usize, positional: &[bool], doc: &Document) -> Scan {
        let Some(automaton) = automaton else {
            return Scan {
                starts: vec![0; literals + 1],
                blocks: Vec::new(),
                at: vec![0; literals + 1],
                places: Vec::new(),
            };
        };
        // (literal, block) and (literal, offset) pairs, packed so that one sort groups them by literal.
        let mut pairs: Vec<u64> = Vec::new();
        let mut offsets: Vec<u64> = Vec::new();
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
            if positional[literal] {
                offsets.push(((literal as u64) << OFFSET_BITS) | at as u64);
            }
            if last_block[literal] == block as u32 {
                continue;
            }
            last_block[literal] = block as u32;
            pairs.push(((literal as u64) << 32) | block as u64);
        }
        let (starts, blocks) = group(pairs, literals, 32);
        let (at, places) = group(offsets, literals, OFFSET_BITS);
        Scan { starts, blocks: blocks.into_iter().map(|b| b as u32).collect(), at, places }
    }

    /// The offsets where positional literal `literal` occurs, in order.
    pub fn places_of(&self, literal: u32) -> &[usize] {
        let literal = literal as usize;
        &self.places[self.at[literal] as usize..self.at[literal + 1] as usize]
    }

    /// The offsets where any of `literals` (positional) occurs, in order, without repeats.
    pub fn places_of_any(&self, literals: &[u32]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for &literal in literals {
            out.extend_from_slice(self.places_of(literal));
        }
        if literals.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        out
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

/// Sort packed (key, value) pairs, the value in the low `bits`, into per-key offsets and values.
fn group(mut pairs: Vec<u64>, keys: usize, bits: u32) -> (Vec<u32>, Vec<usize>) {
    pairs.sort_unstable();
    pairs.dedup();
    let mut starts = vec![0u32; keys + 1];
    let mut values = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        starts[(pair >> bits) as usize + 1] += 1;
        values.push((pair & ((1u64 << bits) - 1)) as usize);
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    (starts, values)
}
