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
        // (literal, block) and (literal, offset) pairs, in the order the automaton reports them.
        let mut pairs: Vec<(u32, usize)> = Vec::new();
        let mut offsets: Vec<(u32, usize)> = Vec::new();
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
                offsets.push((literal as u32, at));
            }
            if last_block[literal] == block as u32 {
                continue;
            }
            last_block[literal] = block as u32;
            pairs.push((literal as u32, block));
        }
        let (starts, blocks) = group(&pairs, literals);
        let (at, places) = group(&offsets, literals);
        Scan { starts, blocks: blocks.into_iter().map(|b| b as u32).collect(), at, places }
    }

    /// The offsets where positional literal `literal` occurs, in order.
    pub fn places_of(&self, literal: u32) -> &[usize] {
        slice(&self.at, &self.places, literal)
    }

    /// The offsets where any of `literals` (positional) occurs, in order, without repeats.
    pub fn places_of_any(&self, literals: &[u32]) -> Vec<usize> {
        union(literals, |literal| self.places_of(literal))
    }

    /// The blocks that contain literal `literal`, in order.
    pub fn blocks_of(&self, literal: u32) -> &[u32] {
        slice(&self.starts, &self.blocks, literal)
    }

    /// The blocks that contain any of `literals`, in order, without repeats.
    pub fn blocks_of_any(&self, literals: &[u32]) -> Vec<u32> {
        union(literals, |literal| self.blocks_of(literal))
    }
}

/// Key `key`'s values, `values[starts[key]..starts[key + 1]]`.
fn slice<'v, T>(starts: &[u32], values: &'v [T], key: u32) -> &'v [T] {
    let key = key as usize;
    &values[starts[key] as usize..starts[key + 1] as usize]
}

/// The values of all of `keys` (each key's sorted), in order, without repeats.
fn union<'v, T: Ord + Copy + 'v>(keys: &[u32], of: impl Fn(u32) -> &'v [T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for &key in keys {
        out.extend_from_slice(of(key));
    }
    if keys.len() > 1 {
        out.sort_unstable();
        out.dedup();
    }
    out
}

/// (key, value) pairs grouped by key: per-key offsets into the values, each key's values in the
/// order given. The automaton reports matches by where they end, so one literal's offsets (and
/// blocks) come in increasing order and a counting sort keeps them sorted.
fn group(pairs: &[(u32, usize)], keys: usize) -> (Vec<u32>, Vec<usize>) {
    let mut starts = vec![0u32; keys + 1];
    for &(key, _) in pairs {
        starts[key as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut values = vec![0usize; pairs.len()];
    for &(key, value) in pairs {
        let slot = &mut next[key as usize];
        values[*slot as usize] = value;
        *slot += 1;
    }
    debug_assert!(starts.windows(2).all(|w| values[w[0] as usize..w[1] as usize].windows(2).all(|v| v[0] < v[1])));
    (starts, values)
}
