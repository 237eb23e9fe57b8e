//! policy-rules core: documents, rule packs and the parallel engine that checks one against the other.

pub mod document;
pub mod finding;
pub mod pack;
pub mod pattern;
pub mod span;

pub use document::{Document, Format};
pub use finding::{Finding, Label, Severity};
pub use span::{LineColumn, LineIndex, Span};
