//! The engine: packs compiled once, documents checked in parallel, results handed on in input order.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::document::Document;
use crate::finding::{sort_findings, Finding, Severity};
use crate::input::{self, Input, Loaded};
use crate::kinds::{self, Build, Rule, RuleInfo};
use crate::pack::{Pack, PackError};
use crate::script::{ScriptHost, ScriptLimits};
use crate::search::{Context, Plan, PlanBuilder};

/// Which rules to run: ids or pack names to keep, and to drop.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Keep only these (rule ids or pack names); empty keeps all.
    pub select: Vec<String>,
    /// Drop these (rule ids or pack names).
    pub ignore: Vec<String>,
    /// Per-rule overrides: a new severity, or `None` to turn the rule off.
    pub overrides: Vec<(String, Option<crate::finding::Severity>)>,
}

impl Selection {
    /// Whether rule `id` is selected.
    pub fn allows(&self, id: &str) -> bool {
        let pack = id.split('/').next().unwrap_or(id);
        let named = |list: &[String]| list.iter().any(|s| s == id || s == pack);
        let off = self.overrides.iter().any(|(rule, level)| rule == id && level.is_none());
        (self.select.is_empty() || named(&self.select)) && !named(&self.ignore) && !off
    }
}

/// One document's outcome.
#[derive(Debug)]
pub struct Checked {
    /// Path or id of the document.
    pub path: String,
    /// The parsed document (absent when it could not be read).
    pub document: Option<Arc<Document>>,
    /// Findings, in output order.
    pub findings: Vec<Finding>,
    /// Findings silenced by suppression comments in the document, in output order.
    pub suppressed: Vec<Finding>,
}

/// The names a run knows (every loaded rule and pack, and the internal ones) and those it runs.
#[derive(Debug, Default)]
struct Names {
    known: Vec<String>,
    ran: HashSet<String>,
}

impl crate::suppress::Names for Names {
    fn known(&self, name: &str) -> bool {
        crate::finding::is_internal(name) || self.known.iter().any(|k| k == name)
    }

    fn ran(&self, name: &str) -> bool {
        self.ran.contains(name)
    }

    fn closest(&self, name: &str) -> Option<String> {
        let known: Vec<&str> = self.known.iter().map(String::as_str).collect();
        crate::pack::raw::suggest(name, &known).map(str::to_string)
    }
}

/// Where the time of a run goes, summed over documents and threads.
#[derive(Debug, Default)]
struct Phases {
    read: AtomicU64,
    parse: AtomicU64,
    scan: AtomicU64,
    rules: AtomicU64,
    suppress: AtomicU64,
}

fn add(counter: &AtomicU64, since: Instant) {
    counter.fetch_add(since.elapsed().as_nanos() as u64, Ordering::Relaxed);
}

/// The compiled rules of a run.
pub struct Engine {
    rules: Vec<Box<dyn Rule>>,
    plan: Arc<Plan>,
    selection: Selection,
    /// Time spent in each rule, in nanoseconds, summed over all documents and threads.
    spent: Vec<AtomicU64>,
    phases: Phases,
    names: Names,
}

impl Engine {
    /// Compile the selected rules of `packs`, with the default script limits.
    pub fn new(packs: &[Pack], selection: Selection) -> Result<Engine, PackError> {
        Engine::with_limits(packs, selection, ScriptLimits::default(), Some(crate::document::Date::today()))
    }

    /// Compile the selected rules of `packs`; scripts run under `limits`, and see `today` as the
    /// reference date of documents without an archive date.
    pub fn with_limits(
        packs: &[Pack],
        selection: Selection,
        limits: ScriptLimits,
        today: Option<crate::document::Date>,
    ) -> Result<Engine, PackError> {
        let mut plan = PlanBuilder::default();
        let host = Arc::new(ScriptHost::new(limits, today));
        let mut build = Build { plan: &mut plan, host: &host };
        let mut rules = Vec::new();
        let mut names = Names::default();
        for pack in packs {
            names.known.push(pack.name().to_string());
            for raw in &pack.raw.rules {
                let id = format!("{}/{}", pack.name(), raw.id);
                names.known.push(id.clone());
                if selection.allows(&id) {
                    names.ran.insert(pack.name().to_string());
                    names.ran.insert(id.clone());
                    let severity =
                        selection.overrides.iter().find(|(rule, _)| *rule == id).and_then(|(_, level)| *level);
                    rules.push(kinds::compile(pack, raw, severity, &mut build)?);
                }
            }
        }
        let spent = rules.iter().map(|_| AtomicU64::new(0)).collect();
        for internal in crate::finding::INTERNAL_RULES {
            if selection.allows(internal.id) {
                names.ran.insert(internal.id.to_string());
                names.ran.insert(internal.id.split('/').next().unwrap_or_default().to_string());
            }
        }
        Ok(Engine { rules, plan: Arc::new(plan.build()), selection, spent, phases: Phases::default(), names })
    }

    /// Time spent in each rule so far, summed over documents and threads, slowest first.
    pub fn timings(&self) -> Vec<(String, Duration)> {
        let mut timings: Vec<(String, Duration)> = self
            .rules
            .iter()
            .zip(&self.spent)
            .map(|(rule, spent)| (rule.info().id.clone(), Duration::from_nanos(spent.load(Ordering::Relaxed))))
            .collect();
        timings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        timings
    }

    /// Time spent in each phase so far (read, parse, scan, rules, suppress), summed over documents
    /// and threads.
    pub fn phase_timings(&self) -> Vec<(&'static str, Duration)> {
        let p = &self.phases;
        [("read", &p.read), ("parse", &p.parse), ("scan", &p.scan), ("rules", &p.rules), ("suppress", &p.suppress)]
            .into_iter()
            .map(|(name, spent)| (name, Duration::from_nanos(spent.load(Ordering::Relaxed))))
            .collect()
    }

    /// The compiled rules.
    pub fn rules(&self) -> impl Iterator<Item = &RuleInfo> {
        self.rules.iter().map(|r| r.info())
    }

    /// Check one parsed document; findings in output order.
    pub fn check(&self, doc: &Arc<Document>) -> Vec<Finding> {
        self.check_document(doc).reported
    }

    /// Check one parsed document: the findings reported and those its suppression comments
    /// silenced, each in output order.
    pub fn check_document(&self, doc: &Arc<Document>) -> crate::suppress::Applied {
        let started = Instant::now();
        let ctx = Context::new(doc, &self.plan);
        add(&self.phases.scan, started);
        let rules_started = Instant::now();
        let mut findings = Vec::new();
        for (rule, spent) in self.rules.iter().zip(&self.spent) {
            let mut found = Vec::new();
            let started = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| rule.check(&ctx, &mut found)));
            spent.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
            match outcome {
                Ok(()) => findings.append(&mut found),
                Err(_) => findings.push(Finding::new(
                    rule.info().id.clone(),
                    Severity::Error,
                    "internal error: this rule failed on this document; other rules and documents were checked",
                    None,
                )),
            }
        }
        add(&self.phases.rules, rules_started);
        let suppress_started = Instant::now();
        let suppressions = crate::suppress::Suppressions::of(&doc.source);
        let mut applied = suppressions.apply(findings, &self.names);
        // Findings about suppression comments obey the selection; a selected rule's own findings
        // (script failures included) always stand.
        applied.reported.retain(|f| f.pack() != "suppression" || self.selection.allows(&f.rule));
        sort_findings(&mut applied.reported);
        sort_findings(&mut applied.suppressed);
        add(&self.phases.suppress, suppress_started);
        applied
    }

    /// Load and check one input.
    pub fn check_input(&self, input: Input) -> Checked {
        let started = Instant::now();
        let read = input::read(input);
        add(&self.phases.read, started);
        let started = Instant::now();
        let Loaded { path, document, mut findings } = match read {
            Ok((path, format, bytes)) => input::decode(path, format, bytes),
            Err(unreadable) => unreadable,
        };
        add(&self.phases.parse, started);
        let document = document.map(Arc::new);
        // A path that cannot be read is always reported, whatever the selection.
        findings.retain(|f| f.rule == "io/unreadable" || self.selection.allows(&f.rule));
        let mut suppressed = Vec::new();
        if let Some(doc) = &document {
            let applied = self.check_document(doc);
            findings.extend(applied.reported);
            suppressed = applied.suppressed;
            sort_findings(&mut findings);
        }
        Checked { path, document, findings, suppressed }
    }

    /// Every rule id and pack name of the loaded packs, selected or not, in pack order.
    pub fn known_names(&self) -> &[String] {
        &self.names.known
    }

    /// Check every input in parallel on `pool`, handing results to `sink` (on the calling thread)
    /// in input order, until the sink returns `false`. Inputs are taken in batches, so memory
    /// stays flat however many there are.
    pub fn check_all<I, S>(&self, pool: &rayon::ThreadPool, inputs: I, sink: S)
    where
        I: IntoIterator<Item = Input>,
        S: FnMut(Checked) -> bool,
    {
        check_each(pool, inputs.into_iter().map(|input| (self, input)), sink);
    }
}

/// Check each input with its own engine (documents of different projects use different
/// configurations) in parallel on `pool`, handing results to `sink` in input order, until the
/// sink returns `false` (the output was closed).
pub fn check_each<'a, I, S>(pool: &rayon::ThreadPool, inputs: I, mut sink: S)
where
    I: IntoIterator<Item = (&'a Engine, Input)>,
    S: FnMut(Checked) -> bool,
{
    let batch_size = 32 * pool.current_num_threads().max(1);
    let mut inputs = inputs.into_iter();
    loop {
        let batch: Vec<(&Engine, Input)> = inputs.by_ref().take(batch_size).collect();
        if batch.is_empty() {
            break;
        }
        let results: Vec<Checked> =
            pool.install(|| batch.into_par_iter().map(|(engine, input)| engine.check_input(input)).collect());
        for checked in results {
            if !sink(checked) {
                return;
            }
        }
    }
}
