//! `--shard I/N`: a deterministic share of a corpus, by a hash of each document's id, so that N
//! machines split a corpus with no coordination.

use std::str::FromStr;

/// The `index`-th of `count` shares (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which share, 1 to `count`.
    pub index: u64,
    /// How many shares.
    pub count: u64,
}

impl Shard {
    /// Whether the document with this id is in the share: FNV-1a of the id, modulo `count`, so the
    /// same id falls in the same share on every machine and version.
    pub fn keeps(&self, id: &str) -> bool {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in id.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash % self.count == self.index - 1
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}` is not a shard of the form I/N with 1 ≤ I ≤ N, e.g. 2/8");
        let (index, count) = text.split_once('/').ok_or_else(bad)?;
        let index: u64 = index.trim().parse().map_err(|_| bad())?;
        let count: u64 = count.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_falls_in_exactly_one_share() {
        let shards: Vec<Shard> = (1..=3).map(|i| format!("{i}/3").parse().unwrap()).collect();
        let mut sizes = [0; 3];
        for n in 0..3000 {
            let id = format!("policy-{n}.md");
            let owners: Vec<usize> = (0..3).filter(|&s| shards[s].keeps(&id)).collect();
            assert_eq!(owners.len(), 1, "{id}");
            sizes[owners[0]] += 1;
        }
        assert!(sizes.iter().all(|&n| (900..1100).contains(&n)), "{sizes:?}");
        assert!(Shard::from_str("1/1").unwrap().keeps("anything"));
    }

    #[test]
    fn malformed_shards_are_refused() {
        for text in ["0/3", "4/3", "1/0", "3", "a/b", "-1/2"] {
            assert!(text.parse::<Shard>().is_err(), "{text}");
        }
    }
}
