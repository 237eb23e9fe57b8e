//! Search: the patterns and phrase lists of a run, the plan that finds where their literals occur
//! in one pass over a document, and the per-document context that rules match in.

mod anchored;
mod context;
mod literals;
pub mod pattern;
pub mod phrases;
mod plan;
pub mod scan;

use std::ops::Range;
use std::sync::Arc;

pub use context::{Blocks, Context};
pub use pattern::Pattern;
pub use phrases::Phrases;
pub use plan::{PatternId, PhrasesId, Plan, PlanBuilder, Planned};

/// One place a matcher matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The range reported (the match, or the unit it was widened to), in the normalized text.
    pub range: Range<usize>,
    /// The text actually matched, for `{match}`.
    pub matched: Range<usize>,
    /// Named captures.
    pub captures: Vec<(Arc<str>, Range<usize>)>,
}

impl Hit {
    /// A hit of exactly `range`.
    pub fn new(range: Range<usize>) -> Hit {
        Hit { matched: range.clone(), range, captures: Vec::new() }
    }
}
