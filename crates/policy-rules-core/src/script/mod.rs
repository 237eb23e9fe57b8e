//! The Rhai host: one sandboxed engine per run, scripts compiled once, regexes cached by pattern.

mod api;
mod duration;

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use rhai::module_resolvers::DummyModuleResolver;
use rhai::{Dynamic, EvalAltResult, ParseError, Position, AST};

pub use api::DocHandle;
pub use duration::parse_duration_days;

use crate::finding::Severity;
use crate::search::Pattern;
use crate::span::{LineIndex, Span};

/// Limits every script runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScriptLimits {
    /// Wall-clock budget per rule per document: a guard against a hang, set well above what the
    /// operations limit allows, so that it does not decide findings on a loaded machine.
    pub budget: Duration,
    /// Most operations per rule per document: Rhai's own, plus the work of host calls (one per 64
    /// bytes a search reads, one per item a list holds), so that the same document always stops
    /// at the same point.
    pub max_operations: u64,
    /// Deepest function call nesting.
    pub max_call_depth: usize,
    /// Deepest expression nesting (statements, functions).
    pub max_expression_depth: usize,
    /// Longest string, in bytes.
    pub max_string_bytes: usize,
    /// Largest array.
    pub max_array_items: usize,
    /// Largest map.
    pub max_map_items: usize,
}

impl Default for ScriptLimits {
    fn default() -> Self {
        ScriptLimits {
            budget: Duration::from_secs(10),
            max_operations: 50_000_000,
            max_call_depth: 64,
            max_expression_depth: 64,
            max_string_bytes: crate::input::MAX_DOCUMENT_BYTES,
            max_array_items: 1_000_000,
            max_map_items: 1_000_000,
        }
    }
}

thread_local! {
    /// When the script running on this thread must stop.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// The script's operations so far: Rhai's, as last reported, and its host calls' work.
    static SPENT: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
    /// The operations limit of the script running on this thread.
    static LIMIT: Cell<u64> = const { Cell::new(u64::MAX) };
}

/// The value a script is stopped with when its operations (its own and its host calls') run out.
const OUT_OF_OPERATIONS: &str = "operations limit";

/// Count `units` of host-call work against the running script's operations limit; an error once
/// the limit is passed. Deterministic: the same document costs the same on any machine.
pub(crate) fn charge(units: u64) -> Result<(), Box<rhai::EvalAltResult>> {
    let (rhai_ops, host) = SPENT.with(Cell::get);
    let host = host.saturating_add(units);
    SPENT.with(|s| s.set((rhai_ops, host)));
    if rhai_ops.saturating_add(host) > LIMIT.with(Cell::get) {
        return Err(Box::new(rhai::EvalAltResult::ErrorTerminated(
            Dynamic::from(OUT_OF_OPERATIONS),
            rhai::Position::NONE,
        )));
    }
    Ok(())
}

/// The double-quoted string constants of a script's source, unescaped.
pub fn string_constants(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = source.char_indices().peekable();
    let mut in_comment = false;
    while let Some((_, c)) = chars.next() {
        match c {
            '\n' => in_comment = false,
            '/' if !in_comment && chars.peek().is_some_and(|(_, n)| *n == '/') => in_comment = true,
            '"' if !in_comment => {
                let mut text = String::new();
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next().map(|(_, e)| e) {
                            Some('n') => text.push('\n'),
                            Some('t') => text.push('\t'),
                            Some('r') => text.push('\r'),
                            Some('0') => text.push('\0'),
                            Some(other) => text.push(other),
                            None => break,
                        },
                        c => text.push(c),
                    }
                }
                out.push(text);
            }
            _ => {}
        }
    }
    out
}

/// Whether the script running on this thread is past its time budget.
pub(crate) fn past_deadline() -> bool {
    DEADLINE.with(|d| d.get()).is_some_and(|deadline| Instant::now() >= deadline)
}

/// Regexes used from scripts, compiled once per run and shared by all threads.
#[derive(Debug, Default)]
pub struct RegexCache {
    compiled: RwLock<HashMap<String, Result<Pattern, String>>>,
}

impl RegexCache {
    /// The pattern for `pattern` (with the same folding as YAML patterns), or its error.
    pub fn get(&self, pattern: &str) -> Result<Pattern, String> {
        if let Some(found) = self.compiled.read().ok().and_then(|map| map.get(pattern).cloned()) {
            return found;
        }
        let compiled = Pattern::new(pattern, false);
        if let Ok(mut map) = self.compiled.write() {
            map.insert(pattern.to_string(), compiled.clone());
        }
        compiled
    }
}

/// What a script reported through `report(...)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptReport {
    /// Where, or `None` for the whole document.
    pub span: Option<Span>,
    /// The message (empty: the rule's message).
    pub message: String,
    /// A severity overriding the rule's.
    pub severity: Option<Severity>,
    /// Help overriding the rule's.
    pub help: Option<String>,
}

/// Collects reports of one script call; passed to host functions as the call's tag.
#[derive(Debug, Clone, Default)]
pub struct ReportSink(pub Arc<Mutex<Vec<ScriptReport>>>);

/// Why a script call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptFailure {
    /// A sandbox limit was reached; names the limit.
    Limit(String, Position),
    /// A runtime error: type error, unknown function, index out of bounds, invalid regex.
    Error(String, Position),
}

/// The sandboxed Rhai engine shared by all script rules of a run.
pub struct ScriptHost {
    engine: rhai::Engine,
    cache: Arc<RegexCache>,
    limits: ScriptLimits,
    today: Option<crate::document::Date>,
}

impl ScriptHost {
    /// A host with the given limits: no file, network, process or environment access, no `eval`,
    /// no `import`, `print` and `debug` silenced.
    pub fn new(limits: ScriptLimits, today: Option<crate::document::Date>) -> ScriptHost {
        let mut engine = rhai::Engine::new();
        // With the `sync` feature, the string interner serialises threads.
        engine.set_max_strings_interned(0);
        engine.set_module_resolver(DummyModuleResolver::new());
        engine.disable_symbol("eval");
        engine.on_print(|_| {});
        engine.on_debug(|_, _, _| {});
        engine.set_max_operations(limits.max_operations);
        engine.set_max_call_levels(limits.max_call_depth);
        engine.set_max_expr_depths(limits.max_expression_depth, limits.max_expression_depth);
        engine.set_max_string_size(limits.max_string_bytes);
        engine.set_max_array_size(limits.max_array_items);
        engine.set_max_map_size(limits.max_map_items);
        engine.set_max_modules(0);
        engine.on_progress(|operations| {
            if operations % 256 != 0 {
                return None;
            }
            let (_, host) = SPENT.with(Cell::get);
            SPENT.with(|s| s.set((operations, host)));
            if operations.saturating_add(host) > LIMIT.with(Cell::get) {
                return Some(Dynamic::from(OUT_OF_OPERATIONS));
            }
            let late = DEADLINE.with(|d| d.get()).is_some_and(|deadline| Instant::now() >= deadline);
            late.then(|| Dynamic::from("time budget"))
        });
        api::register(&mut engine);
        ScriptHost { engine, cache: Arc::new(RegexCache::default()), limits, today }
    }

    /// A script handle on a document, sharing the run's regex cache and, when given, the run's
    /// search plan and where its literals are in this document.
    pub fn handle(
        &self,
        doc: Arc<crate::document::Document>,
        search: Option<(Arc<crate::search::Plan>, Arc<crate::search::scan::Scan>)>,
    ) -> DocHandle {
        DocHandle::new(doc, Arc::clone(&self.cache), self.today, self.limits.max_array_items, search)
    }

    /// Compile a script; it must define `fn check(doc)`.
    pub fn compile(&self, source: &str) -> Result<AST, (String, Position)> {
        let ast = self.engine.compile(source).map_err(|ParseError(kind, position)| (kind.to_string(), position))?;
        if !ast.iter_functions().any(|f| f.name == "check" && f.params.len() == 1) {
            return Err(("the script does not define `fn check(doc)`".to_string(), Position::new(1, 1)));
        }
        Ok(ast)
    }

    /// Run `check(doc)` of a compiled script on one document, within the limits.
    pub fn run(&self, ast: &AST, doc: DocHandle) -> Result<Vec<ScriptReport>, ScriptFailure> {
        let sink = ReportSink::default();
        let options = rhai::CallFnOptions::new().eval_ast(false).rewind_scope(true).with_tag(sink.clone());
        DEADLINE.with(|d| d.set(Some(Instant::now() + self.limits.budget)));
        SPENT.with(|s| s.set((0, 0)));
        LIMIT.with(|l| l.set(self.limits.max_operations));
        let result =
            self.engine.call_fn_with_options::<Dynamic>(options, &mut rhai::Scope::new(), ast, "check", (doc,));
        DEADLINE.with(|d| d.set(None));
        match result {
            Ok(_) => Ok(sink.0.lock().map(|reports| reports.clone()).unwrap_or_default()),
            Err(error) => Err(self.classify(&error)),
        }
    }

    fn classify(&self, error: &EvalAltResult) -> ScriptFailure {
        let inner = innermost(error);
        let position = inner.position();
        let limits = &self.limits;
        match inner {
            EvalAltResult::ErrorTooManyOperations(_) => {
                ScriptFailure::Limit(format!("the operations limit ({})", limits.max_operations), position)
            }
            EvalAltResult::ErrorStackOverflow(_) => {
                ScriptFailure::Limit(format!("the call depth limit ({})", limits.max_call_depth), position)
            }
            EvalAltResult::ErrorDataTooLarge(what, _) => {
                let limit = match what.to_ascii_lowercase() {
                    w if w.contains("string") => format!("the string size limit ({} bytes)", limits.max_string_bytes),
                    w if w.contains("array") => format!("the array size limit ({} items)", limits.max_array_items),
                    w if w.contains("map") => format!("the map size limit ({} items)", limits.max_map_items),
                    w => format!("the size limit for {w}"),
                };
                ScriptFailure::Limit(limit, position)
            }
            EvalAltResult::ErrorTerminated(value, _) if value.to_string() == OUT_OF_OPERATIONS => {
                ScriptFailure::Limit(format!("the operations limit ({})", limits.max_operations), position)
            }
            EvalAltResult::ErrorTerminated(..) => {
                ScriptFailure::Limit(format!("the time budget ({} ms)", limits.budget.as_millis()), position)
            }
            EvalAltResult::ErrorTooManyVariables(_) => ScriptFailure::Limit("the variables limit".into(), position),
            EvalAltResult::ErrorTooManyModules(_) => {
                ScriptFailure::Error("imports are disabled: scripts cannot load modules or files".into(), position)
            }
            EvalAltResult::ErrorModuleNotFound(name, _) => ScriptFailure::Error(
                format!("`import \"{name}\"`: imports are disabled: scripts cannot load modules or files"),
                position,
            ),
            EvalAltResult::ErrorRuntime(value, _) => ScriptFailure::Error(value.to_string(), position),
            other => ScriptFailure::Error(message_of(other), position),
        }
    }
}

/// The error inside nested function-call errors, where the script actually failed.
fn innermost(error: &EvalAltResult) -> &EvalAltResult {
    match error {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, _) | EvalAltResult::ErrorInModule(_, inner, _) => {
            innermost(inner)
        }
        other => other,
    }
}

/// An error's message without Rhai's own position suffix.
fn message_of(error: &EvalAltResult) -> String {
    let text = error.to_string();
    match text.rfind(" (line ") {
        Some(cut) if text.ends_with(')') => text[..cut].to_string(),
        _ => text,
    }
}

/// Byte offset of a Rhai position (1-based line, 1-based character column) in `source`.
pub fn offset_of(source: &str, position: Position) -> usize {
    let index = LineIndex::new(source);
    match (position.line(), position.position()) {
        (Some(line), Some(column)) => index.offset_of(source, line, column),
        (Some(line), None) => index.offset_of(source, line, 1),
        _ => 0,
    }
}

/// "line:column" of a Rhai position, for messages.
pub fn describe(position: Position) -> String {
    match (position.line(), position.position()) {
        (Some(line), Some(column)) => format!("{line}:{column}"),
        (Some(line), None) => format!("{line}"),
        _ => "?".to_string(),
    }
}
