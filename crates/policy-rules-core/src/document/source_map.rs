//! Where each byte of a document's normalized text came from in its source, stored as runs: a
//! stretch copied byte for byte is one run, and so is each character that was replaced (a folded
//! quote, a decoded entity, a run of white space), instead of two integers per byte.

/// One run of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// First text byte of the run.
    text: u32,
    /// Source offset of its first byte.
    source_start: u32,
    /// For a replaced character: the end of the source it stands for. For a copied stretch: 0.
    source_end: u32,
}

impl Run {
    fn copied(&self) -> bool {
        self.source_end == 0 && self.source_start != u32::MAX
    }
}

/// Maps normalized-text bytes to source byte ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    runs: Vec<Run>,
    /// Text length covered.
    len: u32,
}

impl SourceMap {
    /// Map `len` text bytes, starting at the end of what is mapped, to the source: copied byte for
    /// byte from `source_start` when `copied`, else as a whole to `source_start..source_end`.
    pub fn push(&mut self, len: usize, source_start: usize, source_end: usize, copied: bool) {
        let (start, end) = (source_start as u32, source_end as u32);
        if copied {
            if let Some(last) = self.runs.last() {
                // Extends the last copied run when the source continues where it left off.
                if last.copied() && last.source_start + (self.len - last.text) == start {
                    self.len += len as u32;
                    return;
                }
            }
            self.runs.push(Run { text: self.len, source_start: start, source_end: 0 });
        } else {
            // A replaced character keeps a run of its own; an empty source range is marked so
            // that it is not taken for a copied run.
            let end = if end == 0 { u32::MAX } else { end };
            let start = if start == 0 && end == u32::MAX { u32::MAX } else { start };
            self.runs.push(Run { text: self.len, source_start: start, source_end: end });
        }
        self.len += len as u32;
    }

    fn run_of(&self, at: usize) -> Option<&Run> {
        let index = self.runs.partition_point(|r| r.text as usize <= at).checked_sub(1)?;
        self.runs.get(index)
    }

    /// Source start of the character behind text byte `at`.
    pub fn start(&self, at: usize) -> usize {
        match self.run_of(at) {
            Some(run) if run.copied() => (run.source_start + (at as u32 - run.text)) as usize,
            Some(run) if run.source_start == u32::MAX => 0,
            Some(run) => run.source_start as usize,
            None => 0,
        }
    }

    /// Source end of the character behind text byte `at`.
    pub fn end(&self, at: usize) -> usize {
        match self.run_of(at) {
            Some(run) if run.copied() => (run.source_start + (at as u32 - run.text) + 1) as usize,
            Some(run) if run.source_end == u32::MAX => 0,
            Some(run) => run.source_end as usize,
            None => 0,
        }
    }

    /// Number of runs (for tests and memory accounting).
    pub fn runs(&self) -> usize {
        self.runs.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_stretches_are_one_run_and_replaced_characters_their_own() {
        let mut map = SourceMap::default();
        map.push(3, 10, 13, true); // "abc" from 10..13
        map.push(2, 13, 15, true); // "de" continues
        map.push(1, 15, 18, false); // '"' for a 3-byte curly quote at 15..18
        map.push(2, 18, 20, true);
        assert_eq!(map.runs(), 3);
        assert_eq!((map.start(0), map.end(0)), (10, 11));
        assert_eq!((map.start(4), map.end(4)), (14, 15));
        assert_eq!((map.start(5), map.end(5)), (15, 18));
        assert_eq!((map.start(6), map.end(7)), (18, 20));
    }
}
