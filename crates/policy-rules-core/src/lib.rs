//! policy-rules core: documents, rule packs and the parallel engine that checks one against the other.
//!
//! The layers, from the bottom: `document` (parsing), `search` (patterns, the plan, per-document
//! context), `script` (the Rhai host), `kinds` (one file per rule kind: what a pack writes for it
//! and the rule it compiles to), `pack` (reading `pack.yaml` into those kinds), `engine` (compiled
//! rules, documents in parallel), then `project` and `testing`. No layer imports one above it.

pub mod builtin;
pub mod config;
pub mod corpus;
pub mod document;
mod engine;
mod error;
pub mod finding;
mod input;
mod kinds;
pub mod pack;
pub mod project;
mod readability;
mod repeats;
mod script;
mod search;
pub mod span;
mod suppress;
pub mod testing;

pub use document::{Document, Format};
pub use engine::{check_each, Checked, Engine, Outcome, PackOutcome, Selection};
pub use finding::{Finding, Label, Severity};
pub use input::{Input, MAX_DOCUMENT_BYTES};
pub use kinds::RuleInfo;
pub use pack::{Pack, PackError};
pub use project::{LoadOptions, Project, Projects};
pub use script::ScriptLimits;
pub use span::{LineColumn, LineIndex, Span};
