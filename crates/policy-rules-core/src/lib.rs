//! policy-rules core: documents, rule packs and the parallel engine that checks one against the other.

pub mod builtin;
pub mod config;
pub mod document;
pub mod engine;
pub mod finding;
pub mod input;
pub mod kinds;
pub mod pack;
pub mod project;
pub mod readability;
pub mod script;
pub mod search;
pub mod span;
pub mod suppress;
pub mod testing;

pub use document::{Document, Format};
pub use engine::{check_each, Checked, Engine, Selection};
pub use finding::{Finding, Label, Severity};
pub use input::Input;
pub use pack::{Pack, PackError};
pub use project::{LoadOptions, Project, Projects};
pub use span::{LineColumn, LineIndex, Span};
